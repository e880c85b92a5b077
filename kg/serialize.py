"""Canonical serialisation: a build's N-Quads -> Turtle (the union of its graphs) and TriG.

Takes the sorted N-Quads text a build writes (``graph.nq``); gives Turtle and TriG written
by Oxigraph, in linear time and a few milliseconds for the seed (rdflib's serializers took a
tenth of a second each, and grew quadratically with the number of IRI namespaces before
``kg`` worked around it). The same N-Quads always give the same bytes: statements are
written sorted (a subject's types first), and only the prefixes of the project
(``kg.vocab.PREFIXES``) that shorten an IRI without escapes are declared, so a report's
IRIs (``…/id/report/ab12/mention/3-7``) are written in full, never as ``id:report\\/ab12…``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from .vocab import PREFIXES

__all__ = ["to_turtle", "canonical_trig"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# a local name Oxigraph writes as it is (no \-escapes, no trailing dot)
_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def _quads(nquads: str | bytes) -> list[ox.Quad]:
    data = nquads.encode("utf-8") if isinstance(nquads, str) else nquads
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _iris(terms: Iterable) -> set[str]:
    """Every IRI Oxigraph may abbreviate: the named nodes and the literals' datatypes."""
    return {t.value if isinstance(t, ox.NamedNode) else t.datatype.value
            for t in terms if isinstance(t, (ox.NamedNode, ox.Literal))}


def _prefixes(iris: set[str]) -> dict[str, str]:
    """The project's prefixes that no IRI would be abbreviated by with an escaped local name
    (those the output does not use are dropped afterwards, ``_sorted_head``)."""
    used: dict[str, str] = {}
    for prefix, ns in PREFIXES.items():
        locals_ = [i[len(ns):] for i in iris if i.startswith(ns) and i != ns]
        # a longer project namespace takes the IRIs it covers (Oxigraph picks the longest)
        longer = [n for n in PREFIXES.values() if len(n) > len(ns) and n.startswith(ns)]
        locals_ = [loc for loc in locals_ if not any((ns + loc).startswith(n) for n in longer)]
        if all(_PLAIN_LOCAL.fullmatch(loc) for loc in locals_):
            used[prefix] = ns
    return dict(sorted(used.items()))


def _order(t) -> tuple:
    return (str(t.subject), t.predicate.value != _RDF_TYPE, str(t.predicate), str(t.object))


def to_turtle(nquads: str | bytes) -> str:
    """Turtle of the union of the graphs of ``nquads``: each triple once, sorted.

    Example:
        >>> nq = ('<https://w3id.org/govkg/id/entity/e1> <http://www.w3.org/2000/01/rdf-schema#label> "某某大学"@zh '
        ...       '<https://w3id.org/govkg/id/graph/entities> .\\n')
        >>> print(to_turtle(nq), end="")
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/govkg/id/entity/e1> rdfs:label "某某大学"@zh .
    """
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in _quads(nquads)}, key=_order)
    iris = _iris(x for t in triples for x in (t.subject, t.predicate, t.object))
    return _sorted_head(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(iris)).decode("utf-8"))


def canonical_trig(nquads: str | bytes) -> str:
    """TriG of ``nquads``: the named graphs in IRI order, each one's statements sorted.

    Example:
        >>> nq = ('<https://w3id.org/govkg/id/entity/e1> <http://www.w3.org/2000/01/rdf-schema#label> "某某大学"@zh '
        ...       '<https://w3id.org/govkg/id/graph/entities> .\\n')
        >>> print(canonical_trig(nq), end="")   # doctest: +NORMALIZE_WHITESPACE
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/govkg/id/graph/entities> {
        	<https://w3id.org/govkg/id/entity/e1> rdfs:label "某某大学"@zh .
        }
    """
    quads = sorted(set(_quads(nquads)), key=lambda q: (str(q.graph_name),) + _order(q))
    iris = _iris(x for q in quads for x in (q.subject, q.predicate, q.object, q.graph_name))
    return _sorted_head(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes(iris)).decode("utf-8"))


def _sorted_head(text: str) -> str:
    """The @prefix lines Oxigraph writes first, in prefix order (its own order is a hash map's),
    less those the body never uses (``rdf:`` when every type is written ``a``, ``xsd:`` when
    every decimal is written bare)."""
    lines = text.split("\n")
    k = 0
    while k < len(lines) and lines[k].startswith("@prefix "):
        k += 1
    body = "\n".join(lines[k:])
    head = [ln for ln in sorted(lines[:k]) if re.search(rf"(?<![\w:.-]){re.escape(ln.split()[1])}", body)]
    return "\n".join(head + lines[k:])
