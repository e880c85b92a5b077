"""Running a query: the one call that ties saved questions, parameters, backends and time limits.

Takes: a query (SPARQL text, a ``.rq`` file, or the name of a saved competency question in
``ontology/queries/``), optional ``VALUES`` parameters and time limit, and a source (see
``kg.query.backends``). Gives: a ``QueryResult`` (``run_query``) or a pandas DataFrame with
numeric columns for ``xsd:decimal``/``xsd:integer`` values (``query_as_df``).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError
from .backends import Source, run_local, run_remote
from .params import bind_params
from .result import QueryResult
from .saved import resolve_query
from .terms import INTEGER_TYPES, NUMERIC_TYPES
from .timeouts import can_fork, run_with_timeout

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["run_query", "query_as_df"]


def run_query(source: Source, query: str, *, params: Mapping[str, str] | None = None,
              timeout: float | None = None) -> QueryResult:
    """Run a SPARQL query (text, file or saved name) on ``source``.

    Args:
        source: an rdflib Graph/Dataset, a pyoxigraph Store, a file or store path, an
            ``http(s)://`` endpoint URL, or None for ``build/graph.ttl``.
        query: SPARQL text, a ``.rq`` file, or a saved query's name.
        params: values for ``VALUES ?name { ... }`` blocks (see ``bind_params``).
        timeout: a time limit in seconds (None or 0: none). A local query then runs in a
            forked worker process that is killed when the limit passes, because neither
            rdflib's evaluator nor Oxigraph's can be interrupted from inside; loading a
            file or store given by path counts towards the limit. A remote query gets
            the limit as its HTTP timeout.

    Returns:
        The ``QueryResult``.

    Raises:
        QueryError: the query does not parse or fails, the source cannot be read, or the
            time limit passed (the message says so).

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(data='<urn:a> <urn:p> "甲"@zh .', format="turtle")
        >>> run_query(g, "SELECT ?o WHERE { ?s ?p ?o }").values()
        [('甲',)]
        >>> run_query(g, "ASK { ?s ?p ?o }", timeout=5).boolean
        True
    """
    sparql = bind_params(resolve_query(query), params)
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        return run_remote(source, sparql, timeout=timeout or 300)
    if timeout and can_fork():
        return run_with_timeout(source, sparql, timeout)
    return run_local(source, sparql)


def query_as_df(sparql_or_name: str, *, graph: Source = None,
                params: Mapping[str, str] | None = None) -> "pd.DataFrame":
    """Run a SELECT query and return a pandas DataFrame, one column per variable.

    Columns whose values are all ``xsd:integer`` (and its subtypes) become ``Int64``; all
    numeric with a ``xsd:decimal``/``xsd:double`` become ``float64``; ``xsd:boolean``
    becomes ``boolean``; ``xsd:date``/``xsd:dateTime`` become datetimes; IRIs and other
    literals are strings; unbound values are missing (``<NA>``/``NaN``/``None``).

    Args:
        sparql_or_name: SPARQL text, a ``.rq`` file or a saved query's name.
        graph: anything ``run_query`` accepts; default ``build/graph.ttl``.
        params: values for the query's ``VALUES`` parameters.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(data='<urn:a> <urn:v> 4.6 , 12 .', format="turtle")
        >>> df = query_as_df("SELECT ?v WHERE { ?s ?p ?v } ORDER BY ?v", graph=g)
        >>> df["v"].dtype.name, df["v"].tolist()
        ('float64', [4.6, 12.0])
    """
    import pandas as pd

    result = run_query(graph, sparql_or_name, params=params)
    if result.kind != "SELECT":
        raise QueryError(f"query_as_df needs a SELECT query, not {result.kind}")
    data = {v: _series([row[i] for row in result.rows]) for i, v in enumerate(result.vars)}
    return pd.DataFrame(data, columns=list(result.vars))


def _series(col: list[Node | None]):
    import pandas as pd

    present = [t for t in col if t is not None]
    types = {t.datatype if isinstance(t, Literal) else None for t in present}
    if present and types <= INTEGER_TYPES:
        return pd.array([None if t is None else int(t.toPython()) for t in col], dtype="Int64")
    if present and types <= NUMERIC_TYPES:
        return pd.Series([float("nan") if t is None else float(t.toPython()) for t in col], dtype="float64")
    if present and types == {XSD.boolean}:
        return pd.array([None if t is None else bool(t.toPython()) for t in col], dtype="boolean")
    if present and types <= {XSD.date, XSD.dateTime}:
        return pd.to_datetime([None if t is None else str(t) for t in col], utc=XSD.dateTime in types,
                              format="ISO8601")
    return [None if t is None else str(t) for t in col]
