"""Validate stage: materialised graph + SHACL shapes -> ``ValidationReport``.

pySHACL does the work; its outcome maps to the CLI exit code as in pySHACL itself:
0 conforms, 1 does not conform, 2 could not validate.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, SH

__all__ = ["Violation", "ValidationReport", "validate"]


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    conforms: bool
    results: tuple[Violation, ...]
    graph: Graph
    text: str
    checked: int | None = None      # focus nodes checked when the graph was sampled, else None
    total: int | None = None        # focus nodes of the whole graph when sampled


def validate(data: Graph, *, shapes: Graph, max_focus: int | None = None, ontology: Graph | None = None,
             entail: bool = False) -> ValidationReport:
    """Check ``data`` against ``shapes``.

    The shapes speak of the closed graph (an action type is a ``kg:ActionType`` by the
    ontology's own assertion); mentions and sentences are found by their stored edges as well. With ``ontology`` given,
    its axioms and individuals are mixed into a copy of the data before the check (``data`` is
    left as it is); with ``entail`` as well, the copy is closed under OWL 2 RL first: the check of a
    graph built without a reasoner (``--reasoner none``) or read back from a file.

    pySHACL validates about 5,000 triples a second here. With ``max_focus`` set and more
    focus nodes than that, a deterministic sample of them is checked (every k-th node of each
    target class, by IRI), so validation stays bounded on very large graphs; the report says
    how many were checked.

    Example:
        >>> from rdflib import Graph
        >>> validate(Graph(), shapes=Graph().parse("ontology/shapes.ttl")).conforms
        True
    """
    import pyshacl

    focus = None
    checked = total = None
    if max_focus is not None:
        targets = set(shapes.objects(None, SH.targetClass))
        nodes = {n for c in targets for n in data.subjects(RDF.type, c)}
        nodes |= {n for p in shapes.objects(None, SH.targetSubjectsOf) for n in data.subjects(p, None)}
        nodes |= {n for p in shapes.objects(None, SH.targetObjectsOf) for n in data.objects(None, p)}
        nodes = sorted(nodes, key=str)
        if len(nodes) > max_focus:
            step = -(-len(nodes) // max_focus)
            focus = nodes[::step]
            checked, total = len(focus), len(nodes)
    conforms, rgraph, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                             inference="owlrl" if entail else "none", advanced=True,
                                             allow_warnings=True, inplace=ontology is None, focus_nodes=focus)
    results = []
    for r in rgraph.subjects(RDF.type, SH.ValidationResult):
        results.append(Violation(focus=str(rgraph.value(r, SH.focusNode)), path=str(rgraph.value(r, SH.resultPath)),
                                 message=str(rgraph.value(r, SH.resultMessage)),
                                 severity=str(rgraph.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    results.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), results=tuple(results), graph=rgraph, text=str(text),
                            checked=checked, total=total)


def undeclared_terms(data: Graph, *, ontology: Graph) -> list[str]:
    """Classes and properties used in ``data`` that ``ontology`` does not declare (a typo'd term).

    Example:
        >>> from rdflib import URIRef
        >>> onto = Graph().parse("ontology/kg.ttl")
        >>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("https://w3id.org/govkg/ontology#hasActorr"), URIRef("urn:y")))
        >>> undeclared_terms(g, ontology=onto)
        ['https://w3id.org/govkg/ontology#hasActorr']
    """
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDFS

    declared = set(ontology.subjects(RDF.type, None))
    builtin = {RDF.type, RDFS.label, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget, OWL.Axiom}
    used = {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef)} | set(data.predicates())
    return sorted(str(t) for t in used - declared - builtin)
