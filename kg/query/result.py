"""What a query gives, whichever backend ran it.

Takes: the rows, boolean or triples a backend produced. Gives: a ``QueryResult`` (rows of
rdflib terms for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE) and
``result_graph``, the triples as an rdflib ``Graph`` with the project's prefixes bound.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from ..vocab import PREFIXES
from .terms import python_value

__all__ = ["QueryResult", "result_graph"]


@dataclass(frozen=True)
class QueryResult:
    """What a query gave: ``kind`` is SELECT, ASK, CONSTRUCT or DESCRIBE."""

    kind: str
    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, compare=False)

    def __len__(self) -> int:
        if self.kind == "ASK":
            return 1
        return len(self.graph) if self.graph is not None else len(self.rows)

    def bindings(self) -> list[dict[str, Node]]:
        """The SELECT rows as dicts of bound variables."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]

    def values(self) -> list[tuple[Any, ...]]:
        """The SELECT rows as Python values: ``Decimal``/``int``/``float``/``bool``, else ``str``.

        Example:
            >>> from rdflib import Literal
            >>> from rdflib.namespace import XSD
            >>> QueryResult("SELECT", ("v",), ((Literal("1.50", datatype=XSD.decimal),),)).values()
            [(Decimal('1.50'),)]
        """
        return [tuple(python_value(t) for t in row) for row in self.rows]


def result_graph(triples: Iterable[tuple]) -> Graph:
    """The triples of a CONSTRUCT or DESCRIBE answer as a Graph with the project's prefixes bound.

    Example:
        >>> from rdflib import Literal, URIRef
        >>> len(result_graph([(URIRef("urn:a"), URIRef("urn:p"), Literal("甲"))]))
        1
    """
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for t in triples:
        out.add(t)
    return out
