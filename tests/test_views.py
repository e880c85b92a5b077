"""kg.views and kg.visualize without a browser: what each view contains, selection on
large graphs, escaping in the HTML, and the `kg viz` command."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import cli
from kg.errors import ConfigError, InputError
from kg.networks import ENTITY_CLASSES, to_networkx
from kg.synthetic import synthetic_graph
from kg.views import build_view, entity_view, find_entities, load_store, measures_view, ontology_view
from kg.visualize import render_html
from kg.vocab import KG

NO_REMOTE = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", re.I)


@pytest.fixture(scope="module")
def seed_nx(seed_graph, ontology):
    return to_networkx(seed_graph, ontology=ontology)


@pytest.fixture(scope="module")
def seed_store(seed_graph):
    return load_store(seed_graph)


def test_entity_view_of_the_seed_is_the_projection(seed_store, seed_nx, ontology):
    v = entity_view(seed_store, ontology=ontology)
    assert v.total == seed_nx.number_of_nodes() == v.graph.number_of_nodes()
    assert dict(v.graph.nodes(data=True)) == {n: {**a, "focus": False} if "focus" in a else a
                                              for n, a in seed_nx.nodes(data=True)}
    assert sorted(v.graph.edges(keys=True, data=True)) == sorted(seed_nx.edges(keys=True, data=True))
    # edge labels are the ontology's Chinese property labels
    assert {a["label"] for *_, a in v.graph.edges(data=True)} >= {"建设", "合作"}
    assert "全部" in v.note


def test_cap_keeps_the_best_connected_entities(ontology):
    g = synthetic_graph(600, seed=3)
    full = to_networkx(g, ontology=ontology)
    und = nx.Graph(full)
    expected = set(sorted(full, key=lambda n: (-und.degree(n), n))[:50])
    v = entity_view(load_store(g), ontology=ontology, max_nodes=50)
    assert set(v.graph) == expected and v.total == 600
    assert v.graph.number_of_edges() == full.subgraph(expected).number_of_edges()
    assert "50 / 600" in v.note


def test_focus_is_the_neighbourhood(seed_store, seed_nx, ontology):
    hub = max(seed_nx, key=lambda n: (seed_nx.degree(n), n))
    label = seed_nx.nodes[hub]["label"]
    und = nx.Graph(seed_nx)
    for depth in (1, 2):
        v = entity_view(seed_store, ontology=ontology, focus=label, depth=depth)
        assert set(v.graph) == set(nx.ego_graph(und, hub, radius=depth))
        assert v.graph.nodes[hub]["focus"] is True
    v = entity_view(seed_store, ontology=ontology, focus=label, depth=1, max_nodes=5)
    assert hub in v.graph and v.graph.number_of_nodes() == 5


def test_focus_by_alias_and_ambiguity(seed_nx):
    labels = {n: {a["label"], *a["aliases"]} for n, a in seed_nx.nodes(data=True)}
    node, alias = next((n, a["aliases"][0]) for n, a in seed_nx.nodes(data=True) if a["aliases"]
                       and sum(a["aliases"][0] in ls for ls in labels.values()) == 1)
    assert find_entities(labels, alias) == {node}
    with pytest.raises(ConfigError, match="no entity is named 'zzz-none'"):
        find_entities(labels, "zzz-none")
    with pytest.raises(ConfigError, match=r"matches \d+ entities"):
        find_entities({"urn:a": {"甲中心"}, "urn:b": {"乙中心"}}, "中心")


def test_class_filter_includes_subclasses(seed_store, seed_nx, ontology):
    orgs = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, KG.Organization)}
    expected = {n for n, a in seed_nx.nodes(data=True) if str(KG[a["type"]]) in orgs}
    v = entity_view(seed_store, ontology=ontology, classes=["Organization"])
    assert set(v.graph) == expected and len(expected) > 5
    v2 = entity_view(seed_store, ontology=ontology, classes=["组织机构"])  # the Chinese label works too
    assert set(v2.graph) == expected
    with pytest.raises(ConfigError, match=r"unknown class 'Organisation'; choose one of: .*Organization"):
        entity_view(seed_store, ontology=ontology, classes=["Organisation"])


def test_measures_view(seed_graph, seed_store, ontology):
    v = measures_view(seed_store, ontology=ontology, max_nodes=0)
    g = v.graph
    measures = [n for n, a in g.nodes(data=True) if a["type"] in ("Measure", "PlannedMeasure")]
    in_graph = set(seed_graph.subjects(KG.describedIn))
    assert measures and {URIRef(m) for m in measures} <= in_graph
    roles = {k for *_, k in g.edges(keys=True)}
    assert {"hasActor", "builds"} <= roles
    # every edge leaves a measure; a specific object role replaces the generic one
    for s, o, k in g.edges(keys=True):
        assert s in measures
        assert not (k == "hasObject" and any(k2 != "hasObject" and k2 not in ("hasActor", "hasPartner")
                                             for k2 in g[s][o]))
    labels = {a["label"] for *_, a in g.edges(data=True)}
    assert {"实施主体", "建设对象"} <= labels
    actor_edges = [(s, o) for s, o, k in g.edges(keys=True) if k == "hasActor"]
    s, o = actor_edges[0]
    assert (URIRef(s), KG.hasActor, URIRef(o)) in seed_graph
    assert any(a.get("evidence") for n, a in g.nodes(data=True) if n in measures)
    assert any(a["type"] == "Observation" for _, a in g.nodes(data=True))


def test_ontology_view(ontology):
    v = ontology_view(ontology)
    g = v.graph
    for c in ("Organization", "GovernmentBody", "Measure", "Observation"):
        assert g.nodes[str(KG[c])]["type"] == "Class"
    assert g.has_edge(str(KG.GovernmentBody), str(KG.PublicBody), key="subClassOf")
    assert g.has_edge(str(KG.underPolicy), str(KG.NormativeDocument), key="range")
    assert g.has_edge(str(KG.hasActor), str(KG.Measure), key="domain")
    assert g.has_edge(str(KG.coBuilt), str(KG.built), key="subPropertyOf")
    assert str(KG.builtBy) not in g  # inverses are details of the property they invert
    assert any("逆属性" in d and "builtBy" in d for d in g.nodes[str(KG.built)]["details"])
    assert any(d.startswith("属性链") for d in g.nodes[str(KG.built)]["details"])
    sub = ontology_view(ontology, classes=["FinancialResource"]).graph
    assert str(KG.LoanProduct) in sub and str(KG.University) not in sub


def test_render_escapes_report_text():
    g = nx.MultiDiGraph()
    bad = "<script>window.__pwned=1</script>"
    g.add_node("urn:a", label=bad, type="University", aliases=['<img src=x onerror="window.__pwned=1">'],
               evidence=[{"sentence": bad + "</script>", "start": 0, "end": 5, "report": "<b>r</b>"}])
    html = render_html(g, title="</title><script>alert(1)</script>", note="<i>n</i>")
    assert bad not in html and "<img src=x" not in html and "<i>n</i>" not in html
    assert "</title><script>alert(1)" not in html
    block = html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block  # the JSON block cannot close itself
    data = json.loads(block)
    assert data["nodes"][0]["label"] == bad and data["nodes"][0]["evidence"][0]["report"] == "<b>r</b>"
    assert not NO_REMOTE.search(html)


def test_load_store_errors(tmp_path):
    with pytest.raises(InputError, match="no such graph file"):
        load_store(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .", encoding="utf-8")
    with pytest.raises(InputError, match="does not parse"):
        load_store(bad)
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF syntax"):
        load_store(odd)


def test_build_view_checks_the_view(ontology):
    with pytest.raises(ConfigError, match="unknown view 'tree'; choose one of: entities, measures, ontology"):
        build_view(None, ontology=ontology, view="tree")


def test_kg_viz_command(built_dir, tmp_path, monkeypatch):
    runner = CliRunner()
    for view in ("entities", "measures", "ontology"):
        out = tmp_path / f"{view}.html"
        r = runner.invoke(cli, ["viz", "--graph", str(built_dir / "graph.ttl"), "--view", view, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert re.match(rf"wrote .*{view}\.html: \d+ nodes, \d+ edges \({view} view, \d+ in all\)", r.output)
        html = out.read_text(encoding="utf-8")
        assert "vis.Network" in html and not NO_REMOTE.search(html)
    r = runner.invoke(cli, ["viz", "--graph", str(tmp_path / "none.ttl"), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and r.output.startswith("Error: ") and "no such graph file" in r.output
    r = runner.invoke(cli, ["viz", "--graph", str(built_dir / "graph.ttl"), "--class", "Nope", "-o",
                            str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "Error: --class: unknown class 'Nope'" in r.output


def test_synthetic_graph_is_deterministic_and_typed():
    a, b = synthetic_graph(200, seed=5), synthetic_graph(200, seed=5)
    assert set(a) == set(b)
    nxg = to_networkx(a)
    assert nxg.number_of_nodes() == 200
    roots = {KG[c] for c in ENTITY_CLASSES}
    for s in a.subjects(RDFS.label, None):
        if str(s).startswith("https://w3id.org/govkg/id/entity/"):
            assert set(a.objects(s, RDF.type)) & roots
    assert any(True for _ in a.objects(None, SKOS.altLabel))
    assert all(isinstance(lab, Literal) and lab.language == "zh" for lab in a.objects(None, RDFS.label)
               if isinstance(lab, Literal) and lab.language)


@pytest.mark.slow
def test_twenty_thousand_entities_are_capped(ontology):
    g = synthetic_graph(20_000)
    v = entity_view(load_store(g), ontology=ontology)
    assert v.total == 20_000 and v.graph.number_of_nodes() == 400
    m = measures_view(load_store(g), ontology=ontology)
    assert 0 < m.graph.number_of_nodes() <= 400 < m.total


def test_the_entity_view_reads_nothing_of_the_series_graph(settings, ontology):
    """A store build draws its page while the series graph is still being loaded
    (``kg.corpus.store``): the entity view of the series reports must be the same with and
    without that graph, and the graph must be there to leave out."""
    import pyoxigraph as ox

    from kg.config import PROJECT_ROOT
    from kg.pipeline import dataset_store
    from kg.series import SERIES_GRAPH

    whole = dataset_store([PROJECT_ROOT / "data" / "series"], settings)
    without = ox.Store()
    series = ox.NamedNode(str(SERIES_GRAPH))
    without.extend(q for q in whole if q.graph_name != series)
    assert len(without) < len(whole)

    def drawn(store):
        v = entity_view(store, ontology=ontology)
        return (v.title, v.note, sorted(v.graph.nodes(data=True), key=lambda n: n[0]),
                sorted(v.graph.edges(keys=True, data=True), key=str))

    assert drawn(whole) == drawn(without)
