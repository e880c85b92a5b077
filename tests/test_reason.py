"""The rule engine infers what owlrl (the reference OWL 2 RL implementation) infers on the
triples that matter: types of data nodes, inverses, symmetric edges, property chains."""
from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.reason import materialize
from kg.vocab import DATA, KG, PROV


def _matter(graph):
    out = set()
    for s, p, o in graph:
        if isinstance(o, Literal) or isinstance(s, BNode) or not str(s).startswith(str(DATA)):
            continue
        if p == RDF.type and (o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual) or not isinstance(o, URIRef)):
            continue
        out.add((s, p, o))
    return out


def test_rules_match_owlrl_on_the_seed(seed_build, ontology):
    fast = materialize(seed_build.data, ontology=ontology, reasoner="rules")
    ref = materialize(seed_build.data, ontology=ontology, reasoner="owlrl")
    a, b = _matter(fast), _matter(ref)
    assert a == b, (sorted(a - b)[:5], sorted(b - a)[:5])
    inferred = a - set(seed_build.data)
    preds = {p for _, p, _ in inferred}
    # chains, inverses, symmetric closure and subclass typing all contribute
    assert {KG.built, KG.cooperatesWith, KG.actorIn, KG.hasMention, KG.mentionedIn, KG.ledTo, RDF.type} <= preds


def test_input_graph_is_not_mutated(seed_build, ontology):
    before = len(seed_build.data)
    materialize(seed_build.data, ontology=ontology)
    assert len(seed_build.data) == before


def test_unknown_reasoner(seed_build, ontology):
    import pytest

    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown reasoner 'hermit'; choose one of: rules, owlrl, none"):
        materialize(seed_build.data, ontology=ontology, reasoner="hermit")



def test_what_the_build_leaves_out_restates_what_it_stores(seed_build, ontology):
    """The built graph holds every asserted triple and every derived one except those the
    ontology marks kg:materialized false; each left-out triple follows from stored ones (the
    inverse of a stored edge, a super-type or super-property, a type given by the domain of a
    stored edge, an edge given by a property chain over stored edges: ontology/README.md), so
    the rules run over the stored graph alone derive every one of them again."""
    from rdflib import Graph

    from kg.reason import compile_rules, run_rules

    rules = compile_rules(ontology)
    graph = seed_build.graph
    assert all(t in graph for t in seed_build.data)                    # every asserted triple
    left_out = {t for t in run_rules(seed_build.data, rules) if t not in graph}
    assert left_out and not any(rules.stored(t) for t in left_out)
    assert {p for _, p, _ in left_out} >= {KG.hasMention, KG.actorIn, KG.resultOf, KG.inReport, PROV.wasDerivedFrom,
                                           RDF.type, KG.hasObject}          # 2.8.0: the last one
    assert {o for _, p, o in left_out if p == RDF.type} >= {KG.Mention, KG.Sentence, KG.Measure,
                                                         KG.Observation}   # 2.9.0: the last one
    # 2.9.0: a figure's type comes from its kg:value alone, for every figure
    figures = set(graph.subjects(KG.value))
    assert len(figures) >= 30 and not set(graph.subjects(RDF.type, KG.Observation))
    assert figures == {s for s, p, o in left_out if p == RDF.type and o == KG.Observation}
    stored = Graph()
    for t in graph.triples((None, None, None)):
        stored.add(t)
    again = run_rules(stored, rules)
    assert not left_out - again, sorted(left_out - again)[:5]


def test_a_mention_outside_every_sentence_keeps_its_report(ontology):
    """A mention's report is derived from its sentence (kg:inSentence/kg:sentenceOf); one whose
    span lies in no sentence states kg:inReport itself, so the closure still gives its type,
    its report and the kg:mentionedIn of what it names."""
    import dataclasses
    from pathlib import Path

    from kg.extract import extract
    from kg.model import Document, ReportMeta
    from kg.rdfize import report_iri, to_rdf
    from kg.reason import compile_rules, run_rules

    meta = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
    ex = extract(Document("d1", Path("x.txt"), "区科技局建成甲乙工程研究中心，投入资金200万元。", meta))
    rep = report_iri("d1")
    with_sentences, without = to_rdf([ex]), to_rdf([dataclasses.replace(ex, sentences=())])
    assert not set(with_sentences.subject_objects(KG.inReport))                   # derived, not stated
    assert {o for _, o in without.subject_objects(KG.inReport)} == {rep}          # stated: no sentence
    rules = compile_rules(ontology)
    for g in (with_sentences, without):
        closed = run_rules(g, rules)
        mentions = set(g.subjects(KG.exact, None))
        assert mentions and all((m, KG.inReport, rep) in closed and (m, RDF.type, KG.Mention) in closed
                                for m in mentions)
        assert any(p == KG.mentionedIn and o == rep for _, p, o in closed)


def test_a_transitive_property_is_closed_whatever_the_order_of_its_edges(ontology):
    """kg:locatedIn (transitive): the rules give exactly the pairs joined by a path, on random
    edge sets with chains, diamonds and cycles (the join finds who reaches a node by index)."""
    import random

    import networkx as nx

    from kg.reason import compile_rules, run_rules

    rules = compile_rules(ontology)
    assert KG.locatedIn in rules.transitive
    for seed in range(5):
        rng = random.Random(seed)
        nodes = [URIRef(f"urn:place/{i}") for i in range(40)]
        edges = {(rng.choice(nodes), rng.choice(nodes)) for _ in range(60)}
        got = {(s, o) for s, p, o in run_rules({(s, KG.locatedIn, o) for s, o in edges}, rules) if p == KG.locatedIn}
        g = nx.DiGraph(list(edges))
        reach = {(s, o) for s in g for o in nx.descendants(g, s)}
        on_cycles = {(s, s) for cycle in nx.simple_cycles(g) for s in cycle}   # a node on a cycle reaches itself
        assert got == reach | on_cycles | edges


def test_the_summary_counts_inferred_triples_as_the_graphs_do(seed_build):
    """The build summary counts the triples only the inferred graph holds on the N-Quads lines;
    the count is the union's size less the asserted graph's, and the seed has some."""
    assert seed_build.inferred_count == len(seed_build.graph) - len(seed_build.data) > 0
