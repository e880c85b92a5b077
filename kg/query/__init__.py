"""Query stage: SPARQL over a built graph, the embedded store or a remote endpoint.

Takes: a query (SPARQL text, a ``.rq`` file, or the name of a saved competency question
in ``ontology/queries/``) and a source: an rdflib ``Graph`` or ``Dataset``, a pyoxigraph
``Store``, a file (Turtle, TriG, N-Quads, N-Triples, JSON-LD or RDF/XML, chosen by
extension), a store directory made by ``kg store load``, or an ``http(s)://`` SPARQL
endpoint URL.

Gives: a ``QueryResult`` (rows of rdflib terms for SELECT, a boolean for ASK, a graph for
CONSTRUCT/DESCRIBE) and its renderings: SPARQL 1.1 Query Results JSON, CSV and TSV,
Turtle/N-Triples/JSON-LD for graphs, a readable table that lines up Chinese text (wide
characters take two columns), and a pandas DataFrame with numeric columns for
``xsd:decimal``/``xsd:integer`` values (``query_as_df``).

The modules, from the bottom up: ``terms`` (RDF terms in and out), ``result``
(``QueryResult``), ``saved`` (saved questions), ``params`` (``VALUES`` parameters and filter
slots), ``filters`` (what ``report=``, ``issuer=``, ``entity=``, ``indicator=`` name),
``paging`` (the first rows and how many more: ``Page``), ``backends`` (rdflib, Oxigraph
store, remote endpoint), ``timeouts`` (a forked worker stopped at the limit), ``formatting``
(the renderings) and ``run`` (``run_query``, ``run_page`` and ``query_as_df``, which tie
them together).
"""
from __future__ import annotations

from ..vocab import PREFIXES
from .backends import DEFAULT_GRAPH, Source, load_graph
from .formatting import FORMATS, format_page, format_result, render_table
from .filters import FILTER_PARAMS
from .paging import Page
from .params import bind_params, query_params
from .result import QueryResult
from .run import query_as_df, run_page, run_query
from .saved import QUERIES_DIR, SavedQuery, resolve_query, saved_queries

__all__ = ["QUERIES_DIR", "DEFAULT_GRAPH", "FORMATS", "FILTER_PARAMS", "PREFIXES", "Source", "SavedQuery",
           "QueryResult", "Page", "saved_queries", "resolve_query", "bind_params", "query_params", "load_graph",
           "run_query", "run_page", "format_result", "format_page", "render_table", "query_as_df"]
