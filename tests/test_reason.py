"""The rule engine infers what owlrl (the reference OWL 2 RL implementation) infers on the
triples that matter: types of data nodes, inverses, symmetric edges, property chains."""
from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.reason import materialize
from kg.vocab import DATA, KG


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
