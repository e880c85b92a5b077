"""rdflib terms -> pyoxigraph terms: how ``kg.series`` writes its triples into a store.

Takes an rdflib term; gives the same term for pyoxigraph (``to_oxigraph``). Report files are
read into a store by the one build path (``kg.pipeline.dataset_store``), not here.
"""
from __future__ import annotations

__all__ = ["to_oxigraph"]


def to_oxigraph(t):
    """One rdflib term as a pyoxigraph term.

    Example:
        >>> from rdflib import Literal
        >>> str(to_oxigraph(Literal("甲", lang="zh")))
        '"甲"@zh'
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"not an RDF term: {t!r}")
