"""Running a query: the one call that ties saved questions, parameters, backends and time limits.

Takes: a query (SPARQL text, a ``.rq`` file, or the name of a saved competency question in
``ontology/queries/``), optional parameters (``VALUES`` blocks and filter slots), row limit
and time limit, and a source (see ``kg.query.backends``). Gives: a ``QueryResult`` with every
row (``run_query``), a ``Page`` with the first rows and the count of the rest
(``run_page``), or a pandas DataFrame with numeric columns for ``xsd:decimal``/
``xsd:integer`` values (``query_as_df``).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import QueryError
from .backends import DEFAULT_GRAPH, Source, load_graph, run_local, run_remote
from .filters import resolve
from .paging import Page, is_listing, is_select, page_by_report, page_in_engine
from .params import SLOT_PARAMS, bind_params, check_params, fill_slot, has_slot
from .result import QueryResult
from .saved import resolve_query
from .terms import INTEGER_TYPES, NUMERIC_TYPES
from .timeouts import can_fork, page_with_timeout

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["run_query", "run_page", "query_as_df"]


def run_query(source: Source, query: str, *, params: Mapping[str, str] | None = None,
              timeout: float | None = None) -> QueryResult:
    """Run a SPARQL query (text, file or saved name) on ``source``: every row of the answer.

    Args:
        source: an rdflib Graph/Dataset, a pyoxigraph Store, a file or store path, an
            ``http(s)://`` endpoint URL, or None for ``build/graph.ttl``.
        query: SPARQL text, a ``.rq`` file, or a saved query's name.
        params: values for ``VALUES ?name { ... }`` blocks (see ``bind_params``) and for the
            filter slots of saved questions: ``report``, ``issuer``, ``entity``,
            ``indicator`` (see ``kg.query.filters``).
        timeout: a time limit in seconds (None or 0: none). A local query then runs in a
            forked worker process that is killed when the limit passes, because neither
            rdflib's evaluator nor Oxigraph's can be interrupted from inside; loading a
            file or store given by path counts towards the limit. A remote query gets
            the limit as its HTTP timeout.

    Returns:
        The ``QueryResult``, with all its rows (``run_page`` gives the first rows only).

    Raises:
        QueryError: the query does not parse or fails, the source cannot be read, a
            parameter is not the query's or names nothing, or the time limit passed (the
            message says so).

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(data='<urn:a> <urn:p> "甲"@zh .', format="turtle")
        >>> run_query(g, "SELECT ?o WHERE { ?s ?p ?o }").values()
        [('甲',)]
        >>> run_query(g, "ASK { ?s ?p ?o }", timeout=5).boolean
        True
    """
    return run_page(source, query, params=params, timeout=timeout, limit=None).result


def run_page(source: Source, query: str, *, params: Mapping[str, str] | None = None,
             timeout: float | None = None, limit: int | None = 100) -> Page:
    """The first ``limit`` rows of a SELECT answer and how many more there are (``kg query``'s default).

    A question with a ``#report`` slot that lists rows one by one, asked of the whole
    graph (no filter parameter), is read report by report (reports in IRI order) until ``limit`` rows have come,
    so its first page is cheap on any corpus; any other SELECT gets ``LIMIT limit+1`` and
    its rest is counted only when there is one (``kg.query.paging``). ``limit=None`` gives
    every row, as ``run_query`` does; ASK, CONSTRUCT and DESCRIBE answers are never cut.
    The other arguments are ``run_query``'s; a time limit covers the whole page.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(data='<urn:a> <urn:p> 1, 2, 3 .', format="turtle")
        >>> page = run_page(g, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", limit=2)
        >>> page.result.values(), page.more, page.note()
        ([(1,), (2,)], 1, '… 1 more (use --limit/--all)')
    """
    sparql, filters = _prepare(query, params or {})
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        url = source
        return _answer(lambda q: run_remote(url, q, timeout=timeout or 300), sparql, filters, limit, workers=2)

    def work() -> Page:
        src = load_graph(DEFAULT_GRAPH if source is None else source) \
            if source is None or isinstance(source, (str, Path)) else source
        # an Oxigraph store answers from several threads at once; rdflib's SPARQL engine is not made for it
        return _answer(lambda q: run_local(src, q), sparql, filters, limit,
                       workers=1 if isinstance(src, Graph) else 2)

    if timeout and can_fork():
        return page_with_timeout(work, timeout)
    return work()


def _prepare(query: str, params: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The query's text with its plain ``VALUES`` parameters bound, and its filter parameters."""
    sparql = resolve_query(query)
    if params:
        name = query.strip()
        check_params(sparql, params, what=name if re.fullmatch(r"[\w\-]+", name) else "the query")
    filters = {k: v for k, v in params.items() if k in SLOT_PARAMS}
    return bind_params(sparql, {k: v for k, v in params.items() if k not in SLOT_PARAMS}), filters


def _answer(run: Callable[[str], QueryResult], sparql: str, filters: Mapping[str, str],
            limit: int | None, *, workers: int = 1) -> Page:
    chosen: dict[str, set[str]] = {}
    for param, value in filters.items():
        found = set(resolve(param, value, run))
        slot = SLOT_PARAMS[param]
        chosen[slot] = chosen[slot] & found if slot in chosen else found
        if not chosen[slot]:
            raise QueryError(f"{', '.join(f'{p}={v!r}' for p, v in filters.items() if SLOT_PARAMS[p] == slot)}"
                             f" name no {slot} in common")
    for slot, terms in chosen.items():
        sparql = fill_slot(sparql, slot, sorted(terms))
    if limit is None or not is_select(sparql):
        return Page(run(sparql))
    if not chosen and has_slot(sparql, "report") and is_listing(sparql):   # a whole corpus
        return page_by_report(sparql, limit, run, workers=workers)
    return page_in_engine(sparql, limit, run)


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
