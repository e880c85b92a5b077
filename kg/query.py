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

Queries over a dataset (TriG, N-Quads, the store) see the merge of all named graphs as
their default graph, so they give the same answers as over ``graph.ttl``; ``GRAPH ?g``
asks which report (named graph) says what. The project's prefixes (``kg:``, ``rdfs:``,
``oa:``...) may be used without declaring them.
"""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QueryError
from .resources import QUERIES_DIR  # the saved queries shipped with kg
from .vocab import PREFIXES

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph

__all__ = ["QUERIES_DIR", "DEFAULT_GRAPH", "FORMATS", "SavedQuery", "QueryResult", "saved_queries",
           "resolve_query", "bind_params", "load_graph", "run_query", "format_result", "render_table",
           "query_as_df"]

DEFAULT_GRAPH = Path("build") / "graph.ttl"
FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")

# file extension -> (rdflib parser, is a dataset)
_EXTENSIONS = {".ttl": ("turtle", False), ".turtle": ("turtle", False), ".nt": ("nt", False),
               ".trig": ("trig", True), ".nq": ("nquads", True), ".jsonld": ("json-ld", True),
               ".json": ("json-ld", True), ".rdf": ("xml", False), ".owl": ("xml", False),
               ".xml": ("xml", False)}
_INTEGER_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
                  XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt,
                  XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
_NUMERIC_TYPES = _INTEGER_TYPES | {XSD.decimal, XSD.double, XSD.float}
_NAME = re.compile(r"[A-Za-z0-9_\-]+")

Source = Union[Graph, "pyoxigraph.Store", str, Path, None]


# ---------------------------------------------------------------------------------------
# Saved queries
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SavedQuery:
    """A competency question: ``# name:``, ``# zh:`` and ``# en:`` header lines, then SPARQL."""

    name: str
    zh: str
    en: str
    path: Path
    text: str


def saved_queries(directory: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    """The saved queries of ``directory`` (``*.rq``), by name.

    Example:
        >>> qs = saved_queries()
        >>> qs["money_figures"].en
        'All money figures (CNY, in yuan) with what each measures, largest first.'
    """
    out: dict[str, SavedQuery] = {}
    for path in sorted(Path(directory).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        head = dict(re.findall(r"^#\s*(name|zh|en):\s*(.*?)\s*$", text, re.M))
        name = head.get("name", path.stem)
        out[name] = SavedQuery(name, head.get("zh", ""), head.get("en", ""), path, text)
    return out


def resolve_query(query_or_file: str, *, directory: Path = QUERIES_DIR) -> str:
    """SPARQL text from a saved query's name, a file path, or the query text itself.

    A bare word (letters, digits, ``_``, ``-``) must name a saved query; an unknown one
    raises ``QueryError`` listing the valid names.

    Example:
        >>> resolve_query("SELECT * WHERE { ?s ?p ?o }")
        'SELECT * WHERE { ?s ?p ?o }'
        >>> resolve_query("money_figures").startswith("# name: money_figures")
        True
    """
    text = query_or_file.strip()
    if _NAME.fullmatch(text) and not Path(text).is_file():
        direct = Path(directory) / f"{text}.rq"  # saved queries are named after their file
        if direct.is_file():
            return direct.read_text(encoding="utf-8")
        saved = saved_queries(directory)
        if text in saved:
            return saved[text].text
        raise QueryError(f"unknown saved query '{text}'; choose one of: {', '.join(saved)}")
    if "\n" not in text and "{" not in text:
        path = Path(text)
        if path.is_file():
            return path.read_text(encoding="utf-8")
        if path.suffix in (".rq", ".sparql"):
            raise QueryError(f"{path}: no such query file")
    return query_or_file


def bind_params(sparql: str, params: Mapping[str, str] | None) -> str:
    """Replace the values of single-variable ``VALUES ?name { ... }`` blocks.

    A value that looks like an RDF term (``<iri>``, ``"literal"...``, a number) is used
    as written; anything else becomes a string literal with the language tag of the
    block's default value, if it has one. This works the same on every backend, remote
    endpoints included.

    Example:
        >>> bind_params('SELECT * { VALUES ?name { "a"@zh } ?x ?p ?name }', {"name": "甲乙大学"})
        'SELECT * { VALUES ?name { "甲乙大学"@zh } ?x ?p ?name }'
    """
    for name, value in (params or {}).items():
        block = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{([^{}]*)\}", re.I)
        m = block.search(sparql)
        if not m:
            found = sorted(set(re.findall(r"VALUES\s+\?(\w+)\s*\{", sparql, re.I)))
            raise QueryError(f"the query has no 'VALUES ?{name} {{ ... }}' block to set; "
                             f"parameters it has: {', '.join(found) or 'none'}")
        if re.fullmatch(r'\s*(<[^<>\s]*>|".*"(@[\w-]+|\^\^\S+)?|[-+]?\d+(\.\d+)?)\s*', value):
            term = value.strip()
        else:
            lang = re.match(r'\s*"(?:[^"\\]|\\.)*"(@[\w-]+)', m.group(1))
            term = _nt_literal(value) + (lang.group(1) if lang else "")
        sparql = block.sub(lambda _m: f"VALUES ?{name} {{ {term} }}", sparql)
    return sparql


# ---------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------

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
        from .store import open_store

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
        raise QueryError(f"{path}: does not parse as {fmt}: {_first_line(e)}") from e
    return g


# ---------------------------------------------------------------------------------------
# Running queries
# ---------------------------------------------------------------------------------------

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
            >>> QueryResult("SELECT", ("v",), ((Literal("1.50", datatype=XSD.decimal),),)).values()
            [(Decimal('1.50'),)]
        """
        return [tuple(_python(t) for t in row) for row in self.rows]


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
        >>> g = Graph().parse(data='<urn:a> <urn:p> "甲"@zh .', format="turtle")
        >>> run_query(g, "SELECT ?o WHERE { ?s ?p ?o }").values()
        [('甲',)]
        >>> run_query(g, "ASK { ?s ?p ?o }", timeout=5).boolean
        True
    """
    sparql = bind_params(resolve_query(query), params)
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        return _run_remote(source, sparql, timeout=timeout or 300)
    if timeout and _can_fork():
        return _in_worker(source, sparql, timeout)
    return _run_local(source, sparql)


def _run_local(source: Source, sparql: str) -> QueryResult:
    """The query on an in-process source: a Graph, a Store, or a file or store path to load."""
    src = source
    if source is None or isinstance(source, (str, Path)):
        src = load_graph(DEFAULT_GRAPH if source is None else source)
    if isinstance(src, Graph):
        return _run_rdflib(src, sparql)
    return _run_oxigraph(src, sparql)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _in_worker(source: Source, sparql: str, timeout: float) -> QueryResult:
    """``_run_local`` in a forked child; the child is killed when ``timeout`` passes."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def work() -> None:
        try:
            r = _run_local(source, sparql)
            # a result graph travels as its triples: rdflib Graphs do not pickle reliably
            send.send(("ok", r.kind, r.vars, r.rows, r.boolean,
                       None if r.graph is None else tuple(r.graph)))
        except QueryError as e:
            send.send(("error", str(e)))
        except BaseException as e:  # noqa: BLE001 - reported to the parent, never lost
            send.send(("error", f"SPARQL evaluation failed: {_first_line(e)}"))

    child = ctx.Process(target=work, daemon=True)
    child.start()
    send.close()
    try:
        ready = receive.poll(timeout)
        message = receive.recv() if ready else None
    except EOFError:
        message = ("error", f"the query process ended without an answer (exit status {child.exitcode})")
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if message is None:
        raise QueryError(f"query stopped: it ran longer than the time limit of {timeout:g} s "
                         f"(raise it with --timeout, 0 for none)")
    if message[0] == "error":
        raise QueryError(message[1])
    _, kind, names, rows, boolean, triples = message
    graph = None
    if triples is not None:
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for t in triples:
            graph.add(t)
    return QueryResult(kind, names, rows, boolean, graph)


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
        out = Graph()
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        for t in r.graph or ():
            out.add(t)
        return QueryResult(r.type, graph=out)
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
        raise QueryError(f"SPARQL evaluation failed: {_first_line(e)}") from e


def _run_oxigraph(store, sparql: str) -> QueryResult:
    import pyoxigraph as ox

    # a store made by kg.store holds the merge of its named graphs as default graph; any
    # other store with an empty default graph is queried over the union of its graphs
    union = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
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
        raise QueryError(f"SPARQL syntax error: {_first_line(e)}") from e
    except OSError as e:
        raise QueryError(f"store error: {e}") from e
    if isinstance(r, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(r))
    if isinstance(r, ox.QuerySolutions):
        names = tuple(v.value for v in r.variables)
        rows = tuple(tuple(_from_ox(sol[i]) for i in range(len(names))) for sol in r)
        return QueryResult("SELECT", names, rows)
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for t in r:
        out.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
    kind = "DESCRIBE" if re.search(r"^\s*DESCRIBE\b", _strip_prologue(sparql), re.I) else "CONSTRUCT"
    return QueryResult(kind, graph=out)


def _run_remote(url: str, sparql: str, *, timeout: float = 300) -> QueryResult:
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
        detail = _first_line(e.read().decode("utf-8", "replace") or e.reason)
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
        rows = tuple(tuple(_from_json(b.get(v)) for v in names) for b in doc["results"]["bindings"])
        return QueryResult("SELECT", names, rows)
    fmt = {"application/n-triples": "nt", "text/turtle": "turtle"}.get(ctype)
    if fmt is None:
        raise QueryError(f"{url}: unexpected response type '{ctype}'")
    g = Graph().parse(data=data, format=fmt)
    kind = "DESCRIBE" if re.search(r"^\s*DESCRIBE\b", _strip_prologue(sparql), re.I) else "CONSTRUCT"
    return QueryResult(kind, graph=g)


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------

def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render ``result`` as ``table``, ``csv``, ``tsv`` or ``json`` (SPARQL 1.1 Query Results
    formats for SELECT/ASK), or as ``turtle``/``ntriples``/``jsonld`` for CONSTRUCT/DESCRIBE.

    Example:
        >>> r = QueryResult("SELECT", ("n",), ((Literal(2),),))
        >>> format_result(r, "json")
        '{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}'
        >>> format_result(r, "tsv")
        '?n\\n2\\n'
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    if result.graph is not None:
        if fmt in ("csv", "tsv"):
            raise QueryError(f"{result.kind} gives a graph; CSV and TSV are for SELECT results: "
                             "use --format turtle, ntriples or json")
        rdf = {"table": "turtle", "turtle": "turtle", "ntriples": "nt", "json": "json-ld", "jsonld": "json-ld"}[fmt]
        return result.graph.serialize(format=rdf)
    if fmt in ("turtle", "ntriples", "jsonld"):
        raise QueryError(f"{result.kind} gives {'a boolean' if result.kind == 'ASK' else 'rows'}; "
                         f"'{fmt}' is for CONSTRUCT/DESCRIBE: use table, csv, tsv or json")
    if fmt == "json":
        if result.kind == "ASK":
            return json.dumps({"head": {}, "boolean": result.boolean})
        bindings = [{v: _to_json(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}},
                          ensure_ascii=False)
    if result.kind == "ASK":
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.vars)
        for row in result.rows:
            w.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join("" if t is None else _nt(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return render_table(result)


def render_table(result: QueryResult, *, max_width: int = 60) -> str:
    """A plain-text table; Chinese characters count two columns, so columns line up.

    IRIs are shortened with the project's prefixes; cells wider than ``max_width``
    columns are cut with ``…``. Numbers are right-aligned.

    Example:
        >>> r = QueryResult("SELECT", ("名称", "n"), ((Literal("甲乙大学"), Literal(3)),))
        >>> print(render_table(r))
        名称      n
        --------  -
        甲乙大学  3
        (1 row)
    """
    if result.kind == "ASK":
        return "true" if result.boolean else "false"
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    header = list(result.vars)
    cells = [[_cut(_display(t), max_width) for t in row] for row in result.rows]
    numeric = [all(isinstance(row[i], Literal) and row[i].datatype in _NUMERIC_TYPES
                   for row in result.rows if row[i] is not None) and any(row[i] is not None for row in result.rows)
               for i in range(len(header))]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str], right: Sequence[bool]) -> str:
        parts = [(" " * (w - _width(v)) + v) if r else (v + " " * (w - _width(v)))
                 for v, w, r in zip(values, widths, right)]
        return "  ".join(parts).rstrip()

    out = [line(header, [False] * len(header)), "  ".join("-" * w for w in widths)]
    out += [line(r, numeric) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


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


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------

def _series(col: list[Node | None]):
    import pandas as pd

    present = [t for t in col if t is not None]
    types = {t.datatype if isinstance(t, Literal) else None for t in present}
    if present and types <= _INTEGER_TYPES:
        return pd.array([None if t is None else int(t.toPython()) for t in col], dtype="Int64")
    if present and types <= _NUMERIC_TYPES:
        return pd.Series([float("nan") if t is None else float(t.toPython()) for t in col], dtype="float64")
    if present and types == {XSD.boolean}:
        return pd.array([None if t is None else bool(t.toPython()) for t in col], dtype="boolean")
    if present and types <= {XSD.date, XSD.dateTime}:
        return pd.to_datetime([None if t is None else str(t) for t in col], utc=XSD.dateTime in types,
                              format="ISO8601")
    return [None if t is None else str(t) for t in col]


def _python(t: Node | None) -> Any:
    if t is None:
        return None
    if isinstance(t, Literal) and t.datatype in _NUMERIC_TYPES | {XSD.boolean}:
        return t.toPython()
    return str(t)


def _from_ox(t) -> Node | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == str(XSD.string) else Literal(t.value, datatype=URIRef(dt))
    return Literal(str(t))  # RDF-star triple terms: shown as text


def _from_json(b: dict | None) -> Node | None:
    if b is None:
        return None
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    dt = b.get("datatype")
    if b.get("xml:lang"):
        return Literal(b["value"], lang=b["xml:lang"])
    return Literal(b["value"]) if dt in (None, str(XSD.string)) else Literal(b["value"], datatype=URIRef(dt))


def _to_json(t: Node) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype is not None and t.datatype != XSD.string:
        out["datatype"] = str(t.datatype)
    return out


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _nt_literal(s: str) -> str:
    return f'"{_escape(s)}"'


def _nt(t: Node) -> str:
    """A term in N-Triples syntax (as SPARQL TSV results want it)."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    if t.datatype in (XSD.integer, XSD.decimal) and re.fullmatch(r"[-+]?\d+(\.\d+)?", str(t)) \
            and (t.datatype == XSD.integer) == ("." not in str(t)):
        return str(t)
    if t.language:
        return f"{_nt_literal(str(t))}@{t.language}"
    if t.datatype is not None and t.datatype != XSD.string:
        return f"{_nt_literal(str(t))}^^<{t.datatype}>"
    return _nt_literal(str(t))


def _display(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, URIRef):
        best = max((ns for ns in PREFIXES.values() if str(t).startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{str(t)[len(best):]}"
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    return " ".join(str(t).split("\n"))


def _char_width(c: str) -> int:
    if unicodedata.combining(c):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def _width(s: str) -> int:
    return sum(_char_width(c) for c in s)


def _cut(s: str, max_width: int) -> str:
    if _width(s) <= max_width:
        return s
    out, w = [], 0
    for c in s:
        if w + _char_width(c) > max_width - 1:
            break
        out.append(c)
        w += _char_width(c)
    return "".join(out) + "…"


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


def _first_line(e: object) -> str:
    s = str(e).strip()
    return s.splitlines()[0] if s else type(e).__name__
