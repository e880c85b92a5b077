"""Every mode the command line offers runs: the choices and flags that no other test drives
through the CLI (issue 16: a mode without a test is removed or tested)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import FIXED_TIME, SEED


def _build(tmp_path, *args):
    r = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "out"), "--json", "--no-cache", "-j", "1",
                                 "--no-html", "--build-time", FIXED_TIME, *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.output[r.output.index("{"):])


def test_build_reasoner_none_and_owlrl(tmp_path):
    rules = _build(tmp_path)
    # a graph built without inference is checked against its OWL 2 RL closure, and conforms
    none = _build(tmp_path, "--reasoner", "none")
    assert none["conforms"] is True
    # read back from the file it conforms too, closed or not: the shapes ask for nothing that only
    # an unstored inference would give (a mention is found as ^oa:hasBody, not as kg:hasMention);
    # kg validate mixes in the ontology's subclass axioms for the class checks
    graph = str(tmp_path / "out" / "graph.ttl")
    for args in (["validate", graph], ["validate", "--entail", graph]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 0 and r.output.strip().endswith("conforms"), (args, r.output)
    # the asserted triples alone: the build's counts of entities and measures rely on inferred types
    assert none["inferred_triples"] == 0 and none["triples"] == rules["triples"] - rules["inferred_triples"]
    assert none["observations"] == rules["observations"]
    # owlrl (the reference) infers more (OWL 2 RL over the whole ontology) from the same asserted triples;
    # its closure leaves out the ontology's own individuals (kg:actionBuild a kg:ActionType), which
    # the check mixes back in
    owlrl = _build(tmp_path, "--reasoner", "owlrl")
    assert owlrl["conforms"] is True
    assert owlrl["triples"] - owlrl["inferred_triples"] == none["triples"]
    assert owlrl["inferred_triples"] >= rules["inferred_triples"]
    assert (owlrl["entities"], owlrl["measures"]) == (rules["entities"], rules["measures"])


def test_build_validate_sample_on_a_store_build(tmp_path):
    s = _build(tmp_path, "--store", str(tmp_path / "out" / "store"), "--validate-sample", "0")
    assert s["validated_reports"] == 1 and s["conforms"] is True


def test_query_construct_as_jsonld(built_dir):
    r = CliRunner().invoke(cli, ["query", "CONSTRUCT { ?u a kg:University } WHERE { ?u a kg:University }",
                                 "--graph", str(built_dir / "graph.ttl"), "--format", "jsonld"])
    assert r.exit_code == 0, r.output
    nodes = json.loads(r.output)
    assert len(nodes) == 3 and all("@id" in n for n in nodes)


def test_eval_errors_lists_each_miss_as_a_tab_separated_line():
    r = CliRunner().invoke(cli, ["eval", "data/reports", "--errors"])
    assert r.exit_code == 0, r.output
    misses = [ln.split("\t") for ln in r.output.splitlines() if "\t" in ln]
    assert misses and all(len(m) == 4 and m[1] in ("mentions", "entities", "figures", "relations")
                          and m[2] in ("fp", "fn") for m in misses)


def test_push_without_the_default_graph(tmp_path, built_dir):
    from tests.test_push import oxigraph, triples

    with oxigraph(tmp_path / "remote") as url:
        r = CliRunner().invoke(cli, ["push", "--endpoint", url + "/store", "--source", str(built_dir / "graph.trig"),
                                     "--no-default-graph"])
        assert r.exit_code == 0, r.output
        assert "default graph" not in r.output and triples(url) == 0 and triples(url, "*") > 0
