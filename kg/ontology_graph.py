"""The ontology as a drawing: ``kg.ttl`` (an rdflib ``Graph``) -> a ``networkx.MultiDiGraph``.

Nodes are the classes (this ontology's and the external ones it declares) and this ontology's
properties other than inverses, each with the attributes ``kg.visualize`` draws (Chinese label,
English and local names as aliases, definition, flags, chains and inverses in the details);
edges are subClassOf, domain, range and subPropertyOf. ``kg.views.ontology_view`` selects on it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .networks import term_label as _label
from .vocab import KG

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ontology_graph", "has_zh"]


def ontology_graph(ontology: Graph) -> "nx.MultiDiGraph":
    """Classes and (non-inverse) kg properties as nodes; subClassOf, domain, range, subPropertyOf as edges.

    Example:
        >>> from pathlib import Path
        >>> g = ontology_graph(Graph().parse(Path(__file__).parents[1] / "ontology" / "kg.ttl"))
        >>> g.nodes[str(KG.Organization)]["type"], g.nodes[str(KG.built)]["type_label"]
        ('Class', '对象属性')
    """
    import networkx as nx     # a drawing only: loaded when one is asked for


    kg_ns = str(KG._NS)
    g = nx.MultiDiGraph()
    inverses = {str(s) for s in ontology.subjects(OWL.inverseOf, None)}
    for c in sorted(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(c, URIRef):
            g.add_node(str(c), **_term_node(ontology, c, "Class" if str(c).startswith(kg_ns) else "ExternalClass"))
    for kind, t in (("ObjectProperty", OWL.ObjectProperty), ("DatatypeProperty", OWL.DatatypeProperty)):
        for p in sorted(ontology.subjects(RDF.type, t)):
            if isinstance(p, URIRef) and str(p).startswith(kg_ns) and str(p) not in inverses:
                g.add_node(str(p), **_term_node(ontology, p, kind))
    for c in sorted(ontology.subjects(RDF.type, OWL.Class)):
        for sup in sorted(ontology.objects(c, RDFS.subClassOf)):
            if str(c) in g and str(sup) in g:
                g.add_edge(str(c), str(sup), key="subClassOf", label="子类 subClassOf", predicate=str(RDFS.subClassOf))
    for p in sorted(n for n, a in g.nodes(data=True) if a["type"].endswith("Property")):
        pi = URIRef(p)
        for rel, name in ((RDFS.domain, "定义域 domain"), (RDFS.range, "值域 range")):
            for c in sorted(ontology.objects(pi, rel)):
                if str(c) in g:
                    g.add_edge(p, str(c), key=rel.rsplit("#", 1)[-1], label=name, predicate=str(rel))
        for sup in sorted(ontology.objects(pi, RDFS.subPropertyOf)):
            if isinstance(sup, URIRef):
                if str(sup) not in g:  # an external super-property (org:unitOf, prov:wasDerivedFrom...)
                    kind = "ObjectProperty" if (sup, RDF.type, OWL.ObjectProperty) in ontology else "DatatypeProperty"
                    g.add_node(str(sup), **_term_node(ontology, sup, kind))
                g.add_edge(p, str(sup), key="subPropertyOf", label="子属性 subPropertyOf",
                           predicate=str(RDFS.subPropertyOf))
    return g


def _term_node(ontology: Graph, node: URIRef, kind: str) -> dict:
    """Node attributes of a class or property: Chinese label, English and local name as aliases, details."""
    nm = ontology.namespace_manager
    local = str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    en = next((str(x) for x in ontology.objects(node, RDFS.label) if getattr(x, "language", None) == "en"), "")
    details = [f"IRI: {nm.normalizeUri(node)}"]
    details += [f"定义 definition: {d}" for d in ontology.objects(node, SKOS.definition)]
    if kind.endswith("Property"):
        for flag, name in ((OWL.SymmetricProperty, "对称 symmetric"), (OWL.TransitiveProperty, "传递 transitive")):
            if (node, RDF.type, flag) in ontology:
                details.append(name)
        if kind == "DatatypeProperty":
            details += [f"值域 range: {nm.normalizeUri(r)}" for r in ontology.objects(node, RDFS.range)]
        for chain in ontology.objects(node, OWL.propertyChainAxiom):
            steps = [_label(ontology, URIRef(p), "zh") for p in Collection(ontology, chain)]
            details.append("属性链 chain: " + " ∘ ".join(steps))
        for inv in ontology.subjects(OWL.inverseOf, node):
            details.append(f"逆属性 inverse: {_label(ontology, inv, 'zh')} ({inv.rsplit('#', 1)[-1]})")
    return {"label": _label(ontology, node, "zh") if has_zh(ontology, node) else local, "type": kind,
            "type_label": _KIND_LABELS[kind], "aliases": sorted({local, en} - {""}), "figures": [], "evidence": [],
            "details": details}


_KIND_LABELS = {"Class": "类", "ExternalClass": "外部类", "ObjectProperty": "对象属性", "DatatypeProperty": "数据属性"}


def has_zh(g: Graph, node: URIRef) -> bool:
    return any(getattr(x, "language", None) == "zh" for x in g.objects(node, RDFS.label))
