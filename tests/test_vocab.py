"""``kg.vocab.KG`` mirrors ``ontology/kg.ttl``: every attribute is declared there, every kg: term
there is an attribute, a typo fails at once, and the terms the code writes outside ``KG``
(other vocabularies, the relation table) are declared too."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocab import KG, OBJECT_ROLES, sentence_offsets_sparql, sentence_span

NS = str(KG._NS)


def _declared(ontology) -> set[str]:
    return {str(s)[len(NS):] for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_every_vocab_term_is_declared_in_the_ontology(ontology):
    assert set(KG.__annotations__) - _declared(ontology) == set()


def test_every_ontology_term_is_in_the_vocab(ontology):
    assert _declared(ontology) - set(KG.__annotations__) == set()
    assert len(KG.__annotations__) > 100


def test_a_typo_fails_at_once():
    with pytest.raises(AttributeError):
        KG.hasActorr          # noqa: B018
    with pytest.raises(AttributeError):
        KG["Univeristy"]
    assert KG.hasActor == URIRef(NS + "hasActor")


def test_terms_written_by_rdfize_are_declared(ontology):
    from kg import rdfize

    written = set(rdfize.EDGE_PROPS.values()) | set(getattr(rdfize, "ACTIONS", {}).values())
    assert written
    declared = set(ontology.subjects(RDF.type, None))
    assert {str(t) for t in written} - {str(t) for t in declared} == set()


def test_every_class_and_property_has_chinese_and_english_labels(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    missing = []
    for kind in kinds:
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(NS):
                continue
            langs = {o.language for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)}
            if not {"zh", "en"} <= langs:
                missing.append(str(term)[len(NS):])
    assert missing == []


def test_a_sentence_s_offsets_are_read_from_its_iri_in_python_and_in_sparql():
    s = URIRef("https://w3id.org/govkg/id/report/ab12/sentence/724-770")
    assert sentence_span(str(s)) == (724, 770)
    assert sentence_span("https://w3id.org/govkg/id/report/ab12/mention/724-770") is None
    assert sentence_span("https://w3id.org/govkg/id/report/ab12/text#char=724,770") is None
    g = Graph()
    g.add((s, KG.text, Literal("句子")))
    rows = list(g.query(f"SELECT ?a ?b WHERE {{ ?s <{KG.text}> ?t . {sentence_offsets_sparql('s', 'a', 'b')} }}"))
    assert [(int(a), int(b)) for a, b in rows] == [(724, 770)]


def test_the_stored_stand_ins_of_an_unstored_super_property_are_all_listed(ontology):
    """Ontology 2.8.0 stores a measure's specific role and not its kg:hasObject: the list a
    question names instead must hold every sub-property the ontology declares, or a new role
    would silently drop out of answers."""
    assert (KG.hasObject, KG.materialized, Literal(False)) in ontology
    direct = set(ontology.subjects(RDFS.subPropertyOf, KG.hasObject))   # stored, so their own subs need no listing
    assert set(OBJECT_ROLES) == {KG.hasObject} | direct
    assert not any((p, KG.materialized, Literal(False)) in ontology for p in direct)


def test_saved_questions_that_read_an_unstored_super_property_name_its_stand_ins():
    from pathlib import Path

    queries = Path(__file__).resolve().parents[1] / "ontology" / "queries"
    readers = 0
    for rq in sorted(queries.glob("*.rq")):
        code = "\n".join(line.split(" # ", 1)[0] for line in rq.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("#"))
        if "kg:hasObject" in code:
            readers += 1
            missing = [p for p in OBJECT_ROLES if "kg:" + p.split("#")[1] not in code]
            assert not missing, (rq.name, missing)
    assert readers >= 1            # partner_measures
