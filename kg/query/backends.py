"""Query backends: where SPARQL runs and how its errors read.

Takes: SPARQL text (already resolved and with its parameters bound) and a source: an rdflib
``Graph`` or ``Dataset``, a pyoxigraph ``Store``, a file (Turtle, TriG, N-Quads, N-Triples,
JSON-LD or RDF/XML, chosen by extension), a store directory made by ``kg store load``, or an
``http(s)://`` SPARQL endpoint URL. Gives: a ``QueryResult``, or a ``QueryError`` whose
message names the line and column of a syntax error.

Three backends: rdflib's evaluator for graphs and files (``load_graph``), Oxigraph for
stores, and the SPARQL 1.1 Protocol for endpoints (``run_remote``). Queries over a dataset
(TriG, N-Quads, the store) see the merge of all named graphs as their default graph, so they
give the same answers as over ``graph.ttl``; ``GRAPH ?g`` asks which report (named graph)
says what. The project's prefixes (``kg:``, ``rdfs:``, ``oa:``...) may be used without
declaring them.
"""
from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

from rdflib import Dataset, Graph

from ..errors import QueryError
from ..vocab import PREFIXES
from .result import QueryResult, result_graph
from .terms import from_json, from_ox

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["DEFAULT_GRAPH", "Source", "load_graph", "run_local", "run_remote", "first_line"]

DEFAULT_GRAPH = Path("build") / "graph.ttl"

# file extension -> (rdflib parser, is a dataset)
_EXTENSIONS = {".ttl": ("turtle", False), ".turtle": ("turtle", False), ".nt": ("nt", False),
               ".trig": ("trig", True), ".nq": ("nquads", True), ".jsonld": ("json-ld", True),
               ".json": ("json-ld", True), ".rdf": ("xml", False), ".owl": ("xml", False),
               ".xml": ("xml", False)}

Source = Union[Graph, "pyoxigraph.Store", str, Path, None]


def load_graph(path: str | Path) -> Graph | "pyoxigraph.Store":
    """A file as an rdflib ``Graph``/``Dataset`` (by extension) or a store directory.

    TriG, N-Quads and JSON-LD load as a ``Dataset`` whose default graph is the union of
    its named graphs. Loaded files are cached while their size and mtime are unchanged.

    Example:
        >>> load_graph("missing.ttl")
        Traceback (most recent call last):
        ...
        kg.errors.QueryError: missing.ttl: no such file or store directory
    """
    path = Path(path)
    if path.is_dir():
        from ..store import open_store

        return open_store(path, read_only=True)
    if not path.is_file():
        raise QueryError(f"{path}: no such file or store directory")
    if path.suffix.lower() not in _EXTENSIONS:
        raise QueryError(f"{path}: unknown graph format '{path.suffix}'; use one of: "
                         f"{', '.join(sorted(_EXTENSIONS))} or a store directory")
    st = path.stat()
    return _load_file(str(path.resolve()), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _load_file(path: str, _mtime: int, _size: int) -> Graph:
    fmt, is_dataset = _EXTENSIONS[Path(path).suffix.lower()]
    g: Graph = Dataset(default_union=True) if is_dataset else Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as e:  # rdflib's parsers raise many exception types
        raise QueryError(f"{path}: does not parse as {fmt}: {first_line(e)}") from e
    return g


def run_local(source: Source, sparql: str) -> QueryResult:
    """The query on an in-process source: a Graph, a Store, or a file or store path to load
    (None: ``build/graph.ttl``).

    Example:
        >>> g = Graph().parse(data='<urn:a> <urn:p> "甲"@zh .', format="turtle")
        >>> run_local(g, "SELECT ?o WHERE { ?s ?p ?o }").values()
        [('甲',)]
    """
    src = source
    if source is None or isinstance(source, (str, Path)):
        src = load_graph(DEFAULT_GRAPH if source is None else source)
    if isinstance(src, Graph):
        return _run_rdflib(src, sparql)
    return _run_oxigraph(src, sparql)


def _run_rdflib(g: Graph, sparql: str) -> QueryResult:
    from pyparsing import ParseException

    try:
        r = g.query(sparql, initNs=PREFIXES)
        if r.type == "SELECT":
            names = tuple(str(v) for v in r.vars)
            rows = tuple(tuple(row[i] for i in range(len(names))) for row in r)
            return QueryResult("SELECT", names, rows)
        if r.type == "ASK":
            return QueryResult("ASK", boolean=bool(r.askAnswer))
        return QueryResult(r.type, graph=result_graph(r.graph or ()))
    except ParseException as e:
        raise QueryError(_syntax_message(sparql, e.lineno, e.col, _pyparsing_message(e))) from e
    except QueryError:
        raise
    except Exception as e:  # rdflib's evaluator raises bare Exceptions
        msg = str(e)
        m = re.match(r"Unknown namespace prefix\s*:\s*(\S+)", msg)
        if m:
            line, col = _position_of(sparql, re.compile(r"(?<![\w:<])" + re.escape(m.group(1)) + ":"))
            raise QueryError(_syntax_message(sparql, line, col, f"unknown prefix '{m.group(1)}:'")) from e
        if "requiring a dataset" in msg:
            raise QueryError("GRAPH patterns need named graphs: query the TriG file (build/graph.trig) "
                             "or the store (kg store load) instead of a single graph") from e
        raise QueryError(f"SPARQL evaluation failed: {first_line(e)}") from e


def _run_oxigraph(store, sparql: str) -> QueryResult:
    import pyoxigraph as ox

    from ..store import queries_union

    # a dataset (kg build, kg store load of TriG/N-Quads) is queried over the union of its graphs
    union = queries_union(store)
    try:
        r = store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES)
    except SyntaxError as e:
        # rdflib's parser names what it expected and found; Oxigraph's message is terser
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery

        try:
            parseQuery(sparql)
        except ParseException as pe:
            raise QueryError(_syntax_message(sparql, pe.lineno, pe.col, _pyparsing_message(pe))) from e
        except Exception:  # noqa: S110 - fall back to Oxigraph's own message
            pass
        m = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", str(e), re.S)
        if m:
            raise QueryError(_syntax_message(sparql, int(m.group(1)), int(m.group(2)), m.group(3))) from e
        raise QueryError(f"SPARQL syntax error: {first_line(e)}") from e
    except OSError as e:
        raise QueryError(f"store error: {e}") from e
    if isinstance(r, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(r))
    if isinstance(r, ox.QuerySolutions):
        names = tuple(v.value for v in r.variables)
        rows = tuple(tuple(from_ox(sol[i]) for i in range(len(names))) for sol in r)
        return QueryResult("SELECT", names, rows)
    out = result_graph((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in r)
    return QueryResult(_graph_kind(sparql), graph=out)


def run_remote(url: str, sparql: str, *, timeout: float = 300) -> QueryResult:
    """The query sent to a SPARQL 1.1 Protocol endpoint, with the project's prefixes declared
    where the query does not declare them; ``timeout`` is the HTTP timeout in seconds."""
    declared = {p.lower() for p in re.findall(r"PREFIX\s+([\w-]*):", sparql, re.I)}
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    body = urllib.parse.urlencode({"query": prologue + sparql}).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = resp.headers.get_content_type()
            data = resp.read()
    except urllib.error.HTTPError as e:
        detail = first_line(e.read().decode("utf-8", "replace") or e.reason)
        raise QueryError(f"{url}: HTTP {e.code}: {detail}") from e
    except (TimeoutError, socket.timeout) as e:
        raise QueryError(f"{url}: no answer within the time limit of {timeout:g} s") from e
    except (urllib.error.URLError, OSError) as e:
        raise QueryError(f"{url}: cannot reach the endpoint: {getattr(e, 'reason', e)}") from e
    if ctype == "application/sparql-results+json":
        doc = json.loads(data)
        if "boolean" in doc:
            return QueryResult("ASK", boolean=bool(doc["boolean"]))
        names = tuple(doc["head"]["vars"])
        rows = tuple(tuple(from_json(b.get(v)) for v in names) for b in doc["results"]["bindings"])
        return QueryResult("SELECT", names, rows)
    fmt = {"application/n-triples": "nt", "text/turtle": "turtle"}.get(ctype)
    if fmt is None:
        raise QueryError(f"{url}: unexpected response type '{ctype}'")
    g = Graph().parse(data=data, format=fmt)
    return QueryResult(_graph_kind(sparql), graph=g)


# --- error messages -------------------------------------------------------------------

def _graph_kind(sparql: str) -> str:
    return "DESCRIBE" if re.search(r"^\s*DESCRIBE\b", _strip_prologue(sparql), re.I) else "CONSTRUCT"


def _strip_prologue(sparql: str) -> str:
    s = re.sub(r"(?m)^\s*#.*$", "", sparql)
    return re.sub(r"^\s*((PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", s, flags=re.I)


def _pyparsing_message(e) -> str:
    return re.sub(r"\s*\(at char \d+\),\s*\(line:\d+, col:\d+\)\s*$", "", str(e))


def _position_of(text: str, pattern: re.Pattern) -> tuple[int, int]:
    m = pattern.search(text)
    if not m:
        return 1, 1
    before = text[:m.start()]
    return before.count("\n") + 1, m.start() - (before.rfind("\n") + 1) + 1


def _syntax_message(sparql: str, line: int, col: int, msg: str) -> str:
    if _looks_like_update(sparql):
        return ("this is a SPARQL update; kg query runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    return f"SPARQL syntax error at line {line}, column {col}: {' '.join(msg.split())}"


def _looks_like_update(sparql: str) -> bool:
    return bool(re.match(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                         _strip_prologue(sparql).lstrip(), re.I))


def first_line(e: object) -> str:
    """The first line of an exception's (or any object's) text, or its type's name when empty.

    Example:
        >>> first_line(ValueError("bad\\nmore")), first_line(KeyError())
        ('bad', 'KeyError')
    """
    s = str(e).strip()
    return s.splitlines()[0] if s else type(e).__name__
