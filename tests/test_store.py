"""The embedded pyoxigraph store: named graph per report, atomic reload, same answers as rdflib."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.query import run_query, saved_queries
from kg.store import load_store, open_store, store_info


@pytest.fixture(scope="module")
def store_dir(built_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store"
    load_store(built_dir / "graph.trig", path)
    return path


def test_each_report_is_its_own_named_graph(store_dir, seed_build, seed_graph):
    info = store_info(store_dir)
    report = f"https://w3id.org/govkg/id/report/{seed_build.extractions[0].document.id}"
    assert sorted(info.graphs) == sorted([report, "https://w3id.org/govkg/id/graph/entities",
                                          "https://w3id.org/govkg/id/graph/inferred",
                                          "https://w3id.org/govkg/id/graph/provenance",
                                          "https://w3id.org/govkg/id/graph/series"])
    # each triple in one graph, no default graph: the union of the graphs is graph.ttl
    assert info.triples == len(seed_graph) == sum(info.graphs.values())
    n = run_query(store_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values()
    assert n == [(len(seed_graph),)]
    said = run_query(store_dir, "SELECT ?g WHERE { GRAPH ?g { ?r a kg:Report } }").values()
    assert said == [(report,)]


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_store_answers_like_rdflib(name, store_dir, seed_graph, built_dir):
    reference = built_dir / "graph.trig" if name == "figures_by_report" else seed_graph
    expected = run_query(reference, name).values()
    assert run_query(store_dir, name).values() == expected
    if name != "figures_by_report":  # the TriG dataset in rdflib agrees too (union default graph)
        assert run_query(built_dir / "graph.trig", name).values() == expected


def test_describe_and_construct_on_both_backends(store_dir, seed_graph):
    q = 'DESCRIBE ?u WHERE { ?u rdfs:label "重庆大学"@zh }'
    for source in (seed_graph, store_dir):
        r = run_query(source, q)
        assert r.kind == "DESCRIBE"
        assert {str(o) for o in r.graph.objects(None, None)} >= {"重庆大学"}
    c = "CONSTRUCT { ?u a kg:University } WHERE { ?u a kg:University }"
    assert {t for t in run_query(store_dir, c).graph} == {t for t in run_query(seed_graph, c).graph}
    assert len(run_query(store_dir, c).graph) == 3


def test_reload_replaces_and_a_failed_load_keeps_the_old_store(tmp_path, built_dir):
    path = tmp_path / "store"
    (tmp_path / "one.trig").write_text("<urn:g> { <urn:a> <urn:p> 1 . }", encoding="utf-8")
    assert load_store(tmp_path / "one.trig", path).triples == 1
    load_store(built_dir / "graph.trig", path)
    big = store_info(path).triples
    assert big > 1000
    (tmp_path / "bad.trig").write_text("<urn:g> { <urn:a> <urn:p> ", encoding="utf-8")
    with pytest.raises(InputError, match="bad.trig: does not parse"):
        load_store(tmp_path / "bad.trig", path)
    assert store_info(path).triples == big
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.")]  # no staging left behind
    assert len(open_store(path, read_only=True)) == big  # the named graphs, no second copy


def test_cli_store_load_and_query(tmp_path, built_dir):
    runner = CliRunner()
    r = runner.invoke(cli, ["store", "load", "--source", str(built_dir / "graph.trig"), "--store", str(tmp_path / "s")])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].endswith("triples in 5 named graphs")
    r = runner.invoke(cli, ["query", "rates", "--graph", str(tmp_path / "s"), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["indicator,value,written", "签约任务完成率,131,131%",
                                     "中央引导资金同比增长率,112,112%", "机关干部法治理论考试参考率,100,100%",
                                     "机关干部法治理论考试合格率,100,100%"]
    r = runner.invoke(cli, ["store", "info", "--store", str(tmp_path / "nothing")])
    assert r.exit_code == 1
    assert r.output.strip() == (f"Error: {tmp_path / 'nothing'}: no store here; create it with: "
                                f"kg store load --store {tmp_path / 'nothing'}")


def test_trig_holds_the_same_triples_as_turtle(built_dir):
    """graph.trig (what the store, the endpoint and kg push read) must not alter any triple of graph.ttl,
    e.g. by indenting the continuation lines of multi-line literals such as a report's title sentence."""
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    ds = Dataset(default_union=True)
    ds.parse(built_dir / "graph.trig", format="trig")
    merged = Graph()
    for t in ds.triples((None, None, None)):
        merged.add(t)
    ttl = Graph().parse(built_dir / "graph.ttl", format="turtle")
    changed = sorted({str(o) for o in set(merged.objects()) - set(ttl.objects()) if "\n" in str(o)})[:1]
    assert not changed, f"a multi-line literal differs in graph.trig: {changed[0]!r}"
    assert isomorphic(merged, ttl)
