"""kg.serialize writes a build's N-Quads as Turtle and TriG (Oxigraph): the same statements,
the same bytes for the same input, IRIs never escaped, only the prefixes it uses."""
from __future__ import annotations

import re

from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.serialize import canonical_trig, to_turtle

EDGE_CASES = "".join(line + "\n" for line in [
    '<https://w3id.org/govkg/id/report/r/mention/1-2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    '<http://www.w3.org/ns/oa#Annotation> <https://w3id.org/govkg/id/report/r> .',
    '<https://w3id.org/govkg/id/report/r/mention/1-2> <http://example.org/vocab/p> <http://example.org/vocab/o(1)> '
    '<https://w3id.org/govkg/id/report/r> .',
    '<https://w3id.org/govkg/id/report/r/mention/1-2> <http://www.w3.org/ns/oa#hasTarget> '
    '<https://w3id.org/govkg/id/report/r/text#char=1,2> <https://w3id.org/govkg/id/report/r> .',
    '<https://w3id.org/govkg/id/report/r/mention/1-2> <https://w3id.org/govkg/ontology#exact> '
    '"行\\n\\"引号\\" \\\\ <script>"@zh <https://w3id.org/govkg/id/report/r> .',
    '<https://w3id.org/govkg/id/report/r/mention/1-2> <https://w3id.org/govkg/ontology#value> '
    '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> <https://w3id.org/govkg/id/report/r> .',
    '_:ax1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Axiom> '
    '<https://w3id.org/govkg/id/graph/inferred> .',
    '_:ax1 <http://www.w3.org/2002/07/owl#annotatedSource> <https://w3id.org/govkg/id/report/r/mention/1-2> '
    '<https://w3id.org/govkg/id/graph/inferred> .',
    '<urn:isbn:123> <http://www.w3.org/2000/01/rdf-schema#label> "x" <https://w3id.org/govkg/id/graph/entities> .',
    # the same triple in two graphs: once in the Turtle, twice in the TriG
    '<urn:isbn:123> <http://www.w3.org/2000/01/rdf-schema#label> "x" <https://w3id.org/govkg/id/report/r> .',
])


def _dataset(nquads: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    return ds


def _union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def test_the_seed_turtle_is_the_union_of_its_quads(seed_build):
    back = Graph().parse(data=to_turtle(seed_build.nquads), format="turtle")
    assert len(back) == len(seed_build.graph) > 2000
    assert isomorphic(back, seed_build.graph)


def test_the_seed_trig_holds_every_quad_in_its_graph(seed_build):
    back = Dataset()
    back.parse(data=canonical_trig(seed_build.nquads), format="trig")
    want = _dataset(seed_build.nquads)
    assert sorted(str(g.identifier) for g in back.graphs() if len(g)) == \
        sorted(str(g.identifier) for g in want.graphs() if len(g))
    for g in want.graphs():
        if len(g):
            assert isomorphic(back.graph(g.identifier), g), g.identifier


def test_edge_cases_round_trip():
    ttl, trig = to_turtle(EDGE_CASES), canonical_trig(EDGE_CASES)
    want = _dataset(EDGE_CASES)
    assert isomorphic(Graph().parse(data=ttl, format="turtle"), _union(want))
    assert len(Graph().parse(data=ttl, format="turtle")) == 8
    back = Dataset()
    back.parse(data=trig, format="trig")
    assert len(list(back.quads())) == 9


def test_the_same_quads_in_any_order_give_the_same_bytes():
    lines = EDGE_CASES.splitlines(keepends=True)
    shuffled = "".join(lines[::-1])
    assert to_turtle(shuffled) == to_turtle(EDGE_CASES)
    assert canonical_trig(shuffled) == canonical_trig(EDGE_CASES)


def test_only_used_prefixes_and_no_escaped_iris(seed_build):
    for text in (to_turtle(seed_build.nquads), canonical_trig(seed_build.nquads)):
        head = [ln for ln in text.splitlines() if ln.startswith("@prefix ")]
        assert head == sorted(head)
        body = text[text.index("\n", text.rindex("@prefix ")):]
        for line in head:
            prefix = line.split()[1]
            assert re.search(rf"(?<![\w:]){re.escape(prefix)}[A-Za-z_]", body), f"{prefix} declared, never used"
        assert "\\/" not in text and "id:" not in [ln.split()[1] for ln in head]
    ttl = to_turtle(EDGE_CASES)
    assert "<http://example.org/vocab/o(1)>" in ttl and "<urn:isbn:123>" in ttl
    assert "@prefix rdf:" not in ttl                       # every type is written "a"


def test_a_subject_s_types_come_first():
    ttl = to_turtle(EDGE_CASES)
    block = ttl[ttl.index("<https://w3id.org/govkg/id/report/r/mention/1-2>"):]
    assert block.split("\n")[0].split()[1] == "a"
