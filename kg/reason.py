"""Reason stage: data graph + ontology -> materialised graph (data + inferred triples).

Two engines give the same inferences on what matters (types, inverses, symmetric and
transitive properties, property chains, sub-properties, domains and ranges):

* ``rules`` (default): the OWL 2 RL rules this ontology uses — cax-sco, cax-eqc,
  prp-spo1, prp-spo2, prp-inv, prp-symp, prp-trp, prp-dom, prp-rng — read from the
  ontology's axioms and run to a fixpoint, semi-naively, over Python sets. Linear in the
  data for this ontology; a large corpus closes in seconds.
* ``owlrl``: the reference OWL 2 RL implementation (slow: minutes for 100k triples).
  ``tests/test_reason.py`` checks that both agree on the seed.

The input graph is never mutated; ``closure - data`` is the set of inferred triples. Of
those a build stores what ``Rules.stored`` keeps: not the triples derived with a property or
of a class the ontology marks ``kg:materialized false`` (inverses of stored edges,
super-classes and super-properties in the vocabularies it aligns with, a mention's type that
the domain of ``kg:exact`` gives and its ``kg:inReport`` that the chain ``kg:inSentence`` ∘
``kg:sentenceOf`` gives), which restate stored triples, nor the ``kg:mentionedIn`` of a
report's own nodes (measures and figures: minted below the report's IRI, in its
graph, and tied to it by ``kg:describedIn`` or their figure set); the rules still use them on the way
(the property chains join through ``kg:actorIn`` and ``kg:inReport``).
``reasonable`` (a Rust OWL 2 RL reasoner) was measured and rejected: it skips
``owl:propertyChainAxiom``, which derives every direct edge of this ontology.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .errors import ConfigError
from .vocab import KG, bind_prefixes

__all__ = ["materialize", "REASONERS", "Rules", "compile_rules", "run_rules"]

REASONERS = ("rules", "owlrl", "none")
_RDF_TYPE = RDF.type   # a namespace attribute lookup costs more than the comparison
_MENTIONED_IN = KG.mentionedIn


class Rules:
    """The ontology's axioms in the form the rule engine needs."""

    def __init__(self) -> None:
        self.superclasses: dict[URIRef, set[URIRef]] = defaultdict(set)     # reflexive-transitive closure
        self.superprops: dict[URIRef, set[URIRef]] = defaultdict(set)
        self.inverse: dict[URIRef, set[URIRef]] = defaultdict(set)
        self.symmetric: set[URIRef] = set()
        self.transitive: set[URIRef] = set()
        self.chains: list[tuple[tuple[URIRef, ...], URIRef]] = []
        self.domain: dict[URIRef, set[URIRef]] = defaultdict(set)
        self.range: dict[URIRef, set[URIRef]] = defaultdict(set)
        self.unstored: frozenset[URIRef] = frozenset()        # properties: derived triples not stored
        self.unstored_types: frozenset[URIRef] = frozenset()  # classes: derived rdf:type triples not stored

    def stored(self, t: tuple) -> bool:
        """Does a build store this *derived* triple? (Asserted triples are always stored.)

        Example:
            >>> from rdflib import Graph, URIRef
            >>> r = compile_rules(Graph().parse("ontology/kg.ttl"))
            >>> m, a = URIRef("urn:m"), URIRef("urn:a")
            >>> r.stored((a, KG.actorIn, m)), r.stored((a, KG.built, m)), r.stored((m, RDF.type, KG.Organization))
            (False, True, True)
            >>> rep = URIRef("urn:report/r1")
            >>> r.stored((URIRef("urn:report/r1/figure/3-5"), KG.mentionedIn, rep)), r.stored((a, KG.mentionedIn, rep))
            (False, True)
        """
        p = t[1]
        if p == _RDF_TYPE:
            return t[2] not in self.unstored_types
        if p == _MENTIONED_IN and isinstance(t[2], URIRef) and t[0].startswith(f"{t[2]}/"):
            return False    # a report's own node (measure, figure): its IRI is below the report's
        return p not in self.unstored


def _closure(direct: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    out: dict[URIRef, set[URIRef]] = {}
    for start in list(direct):
        seen, todo = {start}, [start]
        while todo:
            x = todo.pop()
            for y in direct.get(x, ()):
                if y not in seen:
                    seen.add(y)
                    todo.append(y)
        out[start] = seen
    return out


def compile_rules(ontology: Graph) -> Rules:
    """Read the axioms the rules use out of the ontology graph."""
    r = Rules()
    sub: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            sub[s].add(o)
    for s, o in ontology.subject_objects(OWL.equivalentClass):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            sub[s].add(o)
            sub[o].add(s)
    r.superclasses = defaultdict(set, _closure(sub))
    sp: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in ontology.subject_objects(RDFS.subPropertyOf):
        sp[s].add(o)
    for s, o in ontology.subject_objects(OWL.equivalentProperty):
        sp[s].add(o)
        sp[o].add(s)
    r.superprops = defaultdict(set, _closure(sp))
    for s, o in ontology.subject_objects(OWL.inverseOf):
        r.inverse[s].add(o)
        r.inverse[o].add(s)
    r.symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    r.transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    for p, lst in ontology.subject_objects(OWL.propertyChainAxiom):
        chain = tuple(Collection(ontology, lst))
        if all(isinstance(c, URIRef) for c in chain):
            r.chains.append((chain, p))
    for p, c in ontology.subject_objects(RDFS.domain):
        r.domain[p].add(c)
    for p, c in ontology.subject_objects(RDFS.range):
        r.range[p].add(c)
    off = {x for x, v in ontology.subject_objects(KG.materialized) if isinstance(x, URIRef) and v.toPython() is False}
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    r.unstored_types = frozenset(off & classes)
    r.unstored = frozenset(off - classes)
    return r


def run_rules(data: Graph, rules: Rules) -> set[tuple]:
    """Fixpoint of the rules over the data triples (semi-naive)."""
    facts: set[tuple] = set(data)
    rdf_type = RDF.type   # a local: namespace attribute lookups cost more than the rules themselves
    by_p: dict[URIRef, dict] = defaultdict(lambda: defaultdict(set))      # p -> s -> {o}
    # p -> o -> {s} for the transitive properties: who reaches a node, without a scan of every
    # subject for each new triple (quadratic: 40 s for the kg:locatedIn of 10,000 reports)
    into: dict[URIRef, dict] = {p: defaultdict(set) for p in rules.transitive}
    for s, p, o in facts:
        by_p[p][s].add(o)
        if p in into:
            into[p][o].add(s)
    delta = set(facts)
    while delta:
        new: set[tuple] = set()

        def emit(t: tuple) -> None:
            if t not in facts and t not in new:
                new.add(t)

        for s, p, o in delta:
            if p == rdf_type:
                for c in rules.superclasses.get(o, ()):
                    emit((s, rdf_type, c))
                continue
            for q in rules.superprops.get(p, ()):
                if q != p:
                    emit((s, q, o))
            if isinstance(o, Literal):
                for c in rules.domain.get(p, ()):
                    emit((s, rdf_type, c))
                continue
            for q in rules.inverse.get(p, ()):
                emit((o, q, s))
            if p in rules.symmetric:
                emit((o, p, s))
            for c in rules.domain.get(p, ()):
                emit((s, rdf_type, c))
            for c in rules.range.get(p, ()):
                emit((o, rdf_type, c))
            if p in rules.transitive:
                for o2 in list(by_p[p].get(o, ())):
                    emit((s, p, o2))
                for s0 in list(into[p].get(s, ())):
                    emit((s0, p, o))
        # property chains: joins over the full fact base, restricted to paths touching delta
        delta_p = {p for _, p, _ in delta}
        for chain, target in rules.chains:
            if not delta_p.intersection(chain):
                continue
            starts = by_p[chain[0]]
            for s0, mids in list(starts.items()):
                frontier = set(mids)
                for link in chain[1:]:
                    nxt: set = set()
                    table = by_p[link]
                    for x in frontier:
                        nxt |= table.get(x, set())
                    frontier = nxt
                    if not frontier:
                        break
                for o in frontier:
                    emit((s0, target, o))
        for s, p, o in new:
            by_p[p][s].add(o)
            if p in into:
                into[p][o].add(s)
        facts |= new
        delta = new
    return facts


def materialize(data: Graph, *, ontology: Graph, reasoner: str = "rules") -> Graph:
    """Data plus what the ontology's axioms entail about it.

    Example:
        >>> from rdflib import Graph, URIRef
        >>> from kg.vocab import KG
        >>> onto = Graph().parse("ontology/kg.ttl")
        >>> d = Graph()
        >>> m, a, p = URIRef("urn:m"), URIRef("urn:a"), URIRef("urn:p")
        >>> _ = d.add((m, KG.hasActor, a)); _ = d.add((m, KG.builds, p))
        >>> (a, KG.built, p) in materialize(d, ontology=onto)
        True
    """
    if reasoner not in REASONERS:
        raise ConfigError(f"unknown reasoner '{reasoner}'; choose one of: {', '.join(REASONERS)}")
    out = bind_prefixes(Graph())
    if reasoner == "none":
        for t in data:
            out.add(t)
        return out
    if reasoner == "owlrl":
        import owlrl

        work = Graph()
        for t in data:
            work.add(t)
        for t in ontology:
            work.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
        onto = set(ontology)
        for t in work:
            if t not in onto and not _noise(t):
                out.add(t)
        return out
    for t in run_rules(data, compile_rules(ontology)):
        out.add(t)
    return out


def _noise(t: tuple) -> bool:
    """owlrl's generic entailments that carry no information about the data."""
    s, p, o = t
    if p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual):
        return True
    if p == OWL.sameAs and s == o:
        return True
    return isinstance(s, Literal) or isinstance(s, BNode) and p == RDF.type and o == RDFS.Resource
