"""Renderings of a query's answer.

Takes: a ``QueryResult``. Gives: text in SPARQL 1.1 Query Results JSON, CSV or TSV for
SELECT and ASK answers, Turtle, N-Triples or JSON-LD for CONSTRUCT/DESCRIBE graphs
(``format_result``), and a readable table that lines up Chinese text, wide characters
taking two columns (``render_table``); a ``Page`` of an answer the same way, saying how
many rows were left out (``format_page``).
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..vocab import PREFIXES
from .paging import Page
from .result import QueryResult
from .terms import NUMERIC_TYPES, nt, to_json

__all__ = ["FORMATS", "format_result", "format_page", "render_table"]

FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")


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
        bindings = [{v: to_json(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
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
        lines += ["\t".join("" if t is None else nt(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return render_table(result)


def format_page(page: Page, fmt: str = "table") -> str:
    """Render a page of an answer as ``format_result`` does; when rows were left out, a table
    ends with a line saying how many (``Page.note``) and JSON gets ``more`` (the count: at
    least that many when ``more_exact`` is false, and then ``unread_reports``) before its
    ``results``. CSV and TSV stay plain data: the caller says what was left out elsewhere.

    Example:
        >>> p = Page(QueryResult("SELECT", ("n",), ((Literal(1),),)), more=2)
        >>> print(format_page(p))
        n
        -
        1
        (1 row)
        … 2 more (use --limit/--all)
        >>> format_page(p, "json")[:60]
        '{"head": {"vars": ["n"]}, "more": 2, "more_exact": true, "re'
    """
    text = format_result(page.result, fmt)
    if page.result.kind != "SELECT" or fmt not in ("table", "json") or not page.note():
        return text
    if fmt == "json":
        # before "results": strict readers (Oxigraph's) accept members there, not after the bindings
        extra = {"more": page.more, "more_exact": page.exact}
        if not page.exact:
            extra["unread_reports"] = page.unread
        head, results = text.split(', "results": ', 1)
        return f'{head}, {json.dumps(extra)[1:-1]}, "results": {results}'
    return text + "\n" + page.note()


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
    numeric = [all(isinstance(row[i], Literal) and row[i].datatype in NUMERIC_TYPES
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
