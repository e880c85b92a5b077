"""kg.serialize writes exactly rdflib's Turtle and our canonical TriG, without rdflib's quadratic
prefix lookups (the timing is in the README's guarantees; here only the bytes)."""
from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from kg.serialize import canonical_trig, to_turtle
from kg.vocab import bind_prefixes


def test_seed_graph_bytes_equal_rdflib(seed_graph):
    assert to_turtle(seed_graph) == seed_graph.serialize(format="turtle")


def test_seed_trig_equals_the_trig_made_with_rdflib_s_turtle(seed_build):
    ds = seed_build.dataset
    assert canonical_trig(ds) == canonical_trig(ds, turtle=lambda g: g.serialize(format="turtle"))


def _edge_cases() -> Graph:
    g = bind_prefixes(Graph())
    ex = Namespace("http://example.org/vocab/")
    g.bind("foo", "http://example.org/foo")                        # no separator at the end
    s = URIRef("https://w3id.org/govkg/id/report/r/span/1-2/m/abc")
    g.add((s, RDF.type, URIRef("http://www.w3.org/ns/oa#Annotation")))
    g.add((s, ex.p, ex.o))                                          # predicate namespace gets ns1:
    g.add((s, URIRef("http://example.org/vocab/q"), URIRef("http://example.org/vocab/")))
    g.add((s, URIRef("http://example.org/foobar"), URIRef("http://example.org/foobaz")))
    g.add((s, URIRef("http://example.org/vocab/r"), Literal("x", datatype=URIRef("http://example.org/dt#t"))))
    g.add((s, URIRef("http://example.org/vocab/r"), Literal("1.50", datatype=XSD.decimal)))
    g.add((s, URIRef("http://example.org/vocab/r"), Literal("行\n\"引号\" \\ <script>", lang="zh")))
    b = BNode("ax1")
    g.add((b, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Axiom")))
    g.add((b, URIRef("http://www.w3.org/2002/07/owl#annotatedSource"), s))
    g.add((URIRef("urn:isbn:123"), URIRef("http://example.org/vocab/p"), URIRef("http://example.org/vocab/o(1)")))
    return g


def test_edge_cases_bytes_equal_rdflib():
    assert to_turtle(_edge_cases()) == _edge_cases().serialize(format="turtle")


@pytest.mark.parametrize("n", [1, 50])
def test_many_span_namespaces(n):
    """The case that was quadratic: one namespace per span."""
    def graph():
        g = bind_prefixes(Graph())
        for i in range(n):
            m = URIRef(f"https://w3id.org/govkg/id/report/r/span/{i}-{i + 3}/m/{i:04x}")
            g.add((m, URIRef("http://www.w3.org/ns/oa#hasTarget"), URIRef(f"https://w3id.org/govkg/id/report/r/span/{i}-{i + 3}")))
            g.add((m, URIRef("https://w3id.org/govkg/ontology#inReport"), URIRef("https://w3id.org/govkg/id/report/r")))
        return g

    assert to_turtle(graph()) == graph().serialize(format="turtle")


def test_trig_of_a_small_dataset_round_trips():
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/govkg/id/report/r"))
    for t in _edge_cases():
        g.add(t)
    text = canonical_trig(ds)
    back = Dataset()
    back.parse(data=text, format="trig")
    assert len(back.graph(URIRef("https://w3id.org/govkg/id/report/r"))) == len(g)
