"""Projection stage: materialised RDF graph -> ``networkx.MultiDiGraph`` of entities.

One node per entity (IRI string as key; attributes ``label``, ``type`` (most specific
class local name), ``type_label``, ``aliases``, ``figures``, ``evidence``), one edge per
direct relation between entities, keyed by the property's local name with its Chinese
label. Where an edge and a more specific one join the same pair (built / coBuilt), only
the specific one is kept; symmetric edges appear once. Literals stay node attributes.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .vocab import KG, OA, ORG, sentence_span

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph

__all__ = ["default_ontology", "evidence_of", "term_label", "to_networkx", "ENTITY_CLASSES", "EDGE_PROPERTIES", "entity_types", "most_specific_type"]

EVIDENCE_LIMIT = 5  # quoted sentences shown per node
ENTITY_CLASSES = ("Organization", "InnovationPlatform", "NormativeDocument", "Project", "ResearchOutput", "Event",
                  "FinancialResource", "Program", "Place")
EDGE_PROPERTIES = ("cooperatesWith", "built", "coBuilt", "upgraded", "incubated", "implemented", "organized",
                   "coOrganized", "signed", "coSigned", "promoted", "funded", "received", "selected", "acceptedBy",
                   "branchOf", "centeredOn", "locatedIn", "jurisdiction", "appliedIn")
_EXTRA = {ORG.subOrganizationOf: "subOrganizationOf"}


def entity_types(source: "Graph | pyoxigraph.Store") -> dict[URIRef, set[URIRef]]:
    """Entity IRI -> its kg: classes (asserted and inferred), for the projection and the views alike.

    An entity is an IRI one of whose classes is in ``ENTITY_CLASSES``. ``source`` is an rdflib
    ``Graph`` or an Oxigraph store (anything with pyoxigraph's ``query``), read as the union
    of its graphs.

    Example:
        >>> g = Graph()
        >>> for t in [(URIRef("urn:a"), RDF.type, KG.University), (URIRef("urn:a"), RDF.type, KG.Organization),
        ...           (URIRef("urn:m"), RDF.type, KG.Measure)]:
        ...     _ = g.add(t)
        >>> {str(e): sorted(c.rsplit("#", 1)[-1] for c in cs) for e, cs in entity_types(g).items()}
        {'urn:a': ['Organization', 'University']}
    """
    pairs = source.subject_objects(RDF.type) if isinstance(source, Graph) else _store_types(source)
    roots = {KG[c] for c in ENTITY_CLASSES}
    out: dict[URIRef, set[URIRef]] = {}
    for s, c in pairs:
        if isinstance(s, URIRef) and isinstance(c, URIRef) and str(c).startswith(str(KG._NS)):
            out.setdefault(s, set()).add(c)
    return {s: cs for s, cs in out.items() if cs & roots}


def _store_types(store) -> Iterator[tuple[URIRef, URIRef]]:
    """(node, kg: class) of the nodes of an Oxigraph store that have an entity class."""
    ns = str(KG._NS)
    # types are materialised, so every entity has a root class: start from those instead of
    # scanning every typed node (mentions, sentences, measures outnumber entities 30 to 1)
    values = " ".join(f"<{r}>" for r in sorted(str(KG[c]) for c in ENTITY_CLASSES))
    query = (f"SELECT DISTINCT ?s ?c WHERE {{ VALUES ?root {{ {values} }} ?s a ?root . ?s a ?c "
             f"FILTER(isIRI(?s) && STRSTARTS(STR(?c), '{ns}')) }}")
    for s, c in store.query(query, use_default_graph_as_union=True):
        yield URIRef(s.value), URIRef(c.value)


def most_specific_type(classes: set[URIRef], ontology: Graph | None = None, graph: Graph | None = None) -> URIRef:
    """The class of ``classes`` that no other class of the set is a subclass of."""
    src = ontology if ontology is not None else graph
    if src is None or len(classes) == 1:
        return sorted(classes)[0]
    best = None
    for c in sorted(classes):
        supers = set(src.transitive_objects(c, RDFS.subClassOf))
        if best is None or len(supers) > best[0]:
            best = (len(supers), c)
    return best[1]


def to_networkx(graph: Graph, *, ontology: Graph | None = None) -> "nx.MultiDiGraph":
    """Entities and their direct relations as a networkx multigraph.

    Example:
        >>> from rdflib import Graph, URIRef, Literal
        >>> from kg.vocab import KG
        >>> g = Graph()
        >>> a, b = URIRef("urn:a"), URIRef("urn:b")
        >>> for t in [(a, RDF.type, KG.GovernmentBody), (a, RDF.type, KG.Organization), (b, RDF.type, KG.University),
        ...           (b, RDF.type, KG.Organization), (a, KG.cooperatesWith, b), (b, KG.cooperatesWith, a)]:
        ...     _ = g.add(t)
        >>> nxg = to_networkx(g)
        >>> nxg.number_of_nodes(), nxg.number_of_edges()
        (2, 1)
    """
    import networkx as nx

    if ontology is None:
        ontology = default_ontology()     # labels and sub-properties come from the ontology
    onto = ontology
    types = entity_types(graph)
    g = nx.MultiDiGraph()
    for ent in sorted(types):
        t = most_specific_type(types[ent], onto, graph)
        g.add_node(str(ent), label=str(graph.value(ent, RDFS.label) or ent.rsplit("/", 1)[-1]),
                   type=t.rsplit("#", 1)[-1], type_label=_label(onto, t, "zh"),
                   aliases=sorted(str(a) for a in graph.objects(ent, SKOS.altLabel)),
                   figures=_figures(graph, ent), evidence=_evidence(graph, ent))
    props = {KG[p]: p for p in EDGE_PROPERTIES} | _EXTRA
    sub_of = {p: {q for q in graph.transitive_objects(p, RDFS.subPropertyOf) if q != p} for p in props}
    if ontology is not None:
        sub_of = {p: {q for q in ontology.transitive_objects(p, RDFS.subPropertyOf) if q != p} for p in props}
    pairs: dict[tuple[URIRef, URIRef], set[URIRef]] = {}
    for p in props:
        for s, o in graph.subject_objects(p):
            if s in types and o in types and s != o:
                pairs.setdefault((s, o), set()).add(p)
    for (s, o), ps in sorted(pairs.items()):
        implied = set().union(*(sub_of[p] for p in ps))
        for p in sorted(ps - implied):
            name = props[p]
            if name == "cooperatesWith" and str(s) > str(o) and (o, s) in pairs:
                continue
            g.add_edge(str(s), str(o), key=name, label=_label(onto, p, "zh") or name, predicate=str(p))
    return g


def default_ontology() -> Graph:
    """The project's ontology (``ontology/kg.ttl``), parsed once."""
    global _ONTOLOGY
    if _ONTOLOGY is None:
        from .resources import ONTOLOGY_DIR

        _ONTOLOGY = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    return _ONTOLOGY


_ONTOLOGY: Graph | None = None


def term_label(g: Graph, node: URIRef, lang: str) -> str:
    """The ``rdfs:label`` of ``node`` in ``lang``, or its local name."""
    return _label(g, node, lang)


def evidence_of(graph: Graph, ent: URIRef, limit: int = EVIDENCE_LIMIT) -> list[dict]:
    """Sentences that mention ``ent``: text, offsets and report title."""
    return _evidence(graph, ent, limit)


def _label(g: Graph, node: URIRef, lang: str) -> str:
    for lab in g.objects(node, RDFS.label):
        if getattr(lab, "language", None) == lang:
            return str(lab)
    return node.rsplit("#", 1)[-1]


def _figures(graph: Graph, ent: URIRef) -> list[str]:
    return sorted(str(graph.value(o, RDFS.label)) for o in graph.subjects(KG.measures, ent))


def _evidence(graph: Graph, ent: URIRef, limit: int = EVIDENCE_LIMIT) -> list[dict]:
    """Sentences that mention the entity, with their offsets in the report."""
    out = []
    seen = set()
    for m in graph.subjects(OA.hasBody, ent):
        s = graph.value(m, KG.inSentence)
        if s is None or s in seen:
            continue
        seen.add(s)
        rep = graph.value(s, KG.sentenceOf)
        # offsets stored (a graph built before ontology 2.5.0), else those its IRI names
        start, end = graph.value(s, KG.start), graph.value(s, KG.end)
        start, end = (int(start), int(end)) if start is not None and end is not None else sentence_span(str(s)) or (0, 0)
        out.append({"sentence": str(graph.value(s, KG.text) or ""), "start": start, "end": end,
                    "report": str(graph.value(rep, RDFS.label) or rep or "")})
    out.sort(key=lambda d: (d["report"], d["start"]))
    return out[:limit]


