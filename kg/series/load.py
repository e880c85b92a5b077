"""Report files -> an in-memory Oxigraph store, for ``kg compare A.txt B.txt`` without a build.

Takes report paths. Gives a ``pyoxigraph.Store`` with one named graph per report (its
extracted, unreasoned triples), the layout of a built store's report graphs, so the rest of
``kg.series`` reads both the same way. This is a small chain of stages (read, extract,
rdfize) kept here rather than in ``kg.pipeline`` because it writes no files and needs no
reasoning: the series code classifies entities against the ontology itself.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..extract import extract
from ..ingest import read_document
from ..rdfize import report_iri, report_triples

__all__ = ["store_of_reports", "to_oxigraph"]


def store_of_reports(paths: Iterable[Path]):
    """An in-memory store holding one named graph per report in ``paths``.

    Raises:
        InputError: a report is missing, unreadable or has bad metadata.
    """
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        ex = extract(read_document(Path(path)))
        graph = ox.NamedNode(str(report_iri(ex.document.id)))
        store.extend([ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in report_triples(ex)])
    return store


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
