"""Pages of a SELECT answer: the first rows, and how many more there are.

Takes: SELECT text (parameters bound), a row limit, and a function that runs SPARQL on the
source being asked. Gives: a ``Page`` (the first ``limit`` rows and the count of the rest),
made in one of two ways:

- in the engine (``page_in_engine``): the query gets ``LIMIT limit+1``; only when that
  extra row comes back is the rest counted, by ``COUNT(*)`` over the query without its
  ``ORDER BY`` (``count_query``), so a selective question stays cheap. A grouping
  (aggregate) question is run whole and cut, as the engine must make every group anyway.
- report by report (``page_by_report``), for a listing question with a ``#report`` slot
  asked of a whole corpus: the reports are taken in IRI order and the question is asked of
  one report at a time until ``limit+1`` rows have come, so the first page costs a few
  selective queries however large the corpus. The rest is not counted (that would mean
  reading every report): the page says how many more rows the reports read so far hold
  (each report is read whole) and how many reports are still unread. Rows come report by report, each report's in the
  question's own order; ``--all`` gives the question's global order.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice

from ..errors import QueryError
from .params import fill_slot
from .result import QueryResult

__all__ = ["Page", "with_limit", "count_query", "is_select", "is_listing", "page_in_engine", "page_by_report"]

Runner = Callable[[str], QueryResult]
# in IRI order, sorted here: Oxigraph's ORDER BY costs some 60 µs a row (0.6 s on 10,000 reports, 0.06 s unsorted)
REPORTS = "SELECT ?report WHERE { ?report a kg:Report }"


@dataclass(frozen=True)
class Page:
    """The first rows of an answer; ``more`` further rows (exactly, or at least when
    ``exact`` is False); ``unread`` reports not read yet (a page read report by report)."""

    result: QueryResult
    more: int = 0
    exact: bool = True
    unread: int = 0

    def note(self) -> str:
        """The line a table ends with when rows were left out ('' when none were).

        Example:
            >>> Page(QueryResult("SELECT"), more=1234).note()
            '… 1,234 more (use --limit/--all)'
            >>> Page(QueryResult("SELECT"), more=3, exact=False, unread=96).note()
            '… 3 more, and the 96 reports not read yet (use --limit/--all, or --param report=… or issuer=…)'
        """
        if self.exact:
            return f"… {self.more:,} more (use --limit/--all)" if self.more else ""
        return (f"… {self.more:,} more, and the {self.unread:,} reports not read yet "
                f"(use --limit/--all, or --param report=… or issuer=…)")


def _scan(sparql: str) -> list[tuple[int, str]]:
    """The positions of top-level-relevant characters: braces outside strings, IRIs and comments."""
    out, i, n = [], 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and sparql[j] != c:
                j += 2 if sparql[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<" and re.match(r"<[^<>\s\"{}|^`\\]*>", sparql[i:]):
            i = sparql.index(">", i) + 1
            continue
        if c in "{}":
            out.append((i, c))
        i += 1
    return out


_TRAILING_VALUES = re.compile(r"\bVALUES\s*(\?\w+|\(\s*(\?\w+\s*)*\))\s*$", re.I)


def _split(sparql: str) -> tuple[str, str, str]:
    """The query up to the ``}`` that closes its WHERE clause, the solution modifiers after it
    (``GROUP BY`` … ``LIMIT``), and a trailing ``VALUES`` block, which SPARQL puts after them
    (``""`` when there is none).

    Example:
        >>> _split("SELECT * { ?s ?p ?c } ORDER BY ?s VALUES ?c { <urn:a> }")
        ('SELECT * { ?s ?p ?c }', ' ORDER BY ?s ', 'VALUES ?c { <urn:a> }')
    """
    braces = _scan(sparql)
    if not braces:
        return sparql, "", ""
    groups, depth, start = [], 0, 0
    for i, c in braces:
        if c == "{":
            start = i if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    end = groups[-1][1] if groups else braces[-1][0] + 1
    if len(groups) > 1 and sparql[end:].strip() == "":
        m = _TRAILING_VALUES.search(sparql, groups[-2][1], groups[-1][0])
        if m:
            return sparql[:groups[-2][1]], sparql[groups[-2][1]:m.start()], sparql[m.start():]
    return sparql[:end], sparql[end:], ""


def is_select(sparql: str) -> bool:
    """Is the query a SELECT (after its prologue and comments)?

    Example:
        >>> is_select("PREFIX kg: <urn:x#>\\n# note\\nSELECT * { ?s ?p ?o }"), is_select("ASK { ?s ?p ?o }")
        (True, False)
    """
    s = re.sub(r"(?m)^\s*#.*$", "", sparql)
    s = re.sub(r"^\s*((PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", s, flags=re.I)
    return re.match(r"SELECT\b", s, re.I) is not None


def is_listing(sparql: str) -> bool:
    """Does the query list rows one by one (no grouping, aggregate, LIMIT or OFFSET of its own)?

    Example:
        >>> is_listing("SELECT ?s { ?s ?p ?o } ORDER BY ?s"), is_listing("SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p")
        (True, False)
    """
    head, tail, _ = _split(sparql)
    where = head.find("{")
    projection = re.sub(r"(?m)#.*$", "", head[:where])
    return (not re.search(r"\b(GROUP\s+BY|HAVING|LIMIT|OFFSET)\b", tail, re.I)
            and not re.search(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", projection, re.I))


def with_limit(sparql: str, n: int) -> str:
    """The query giving at most ``n`` rows (a LIMIT of its own is kept when smaller).

    Example:
        >>> with_limit("SELECT * { ?s ?p ?o } ORDER BY ?s", 101)
        'SELECT * { ?s ?p ?o } ORDER BY ?s\\nLIMIT 101'
        >>> with_limit("SELECT * { ?s ?p ?o } LIMIT 5", 101)
        'SELECT * { ?s ?p ?o } LIMIT 5'
        >>> with_limit("SELECT * { ?s ?p ?c } VALUES ?c { <urn:a> }", 101)   # before the trailing VALUES
        'SELECT * { ?s ?p ?c }\\nLIMIT 101\\nVALUES ?c { <urn:a> }'
    """
    head, tail, values = _split(sparql)
    m = re.search(r"\bLIMIT\s+(\d+)", tail, re.I)
    if m:
        return head + tail[:m.start()] + f"LIMIT {min(int(m.group(1)), n)}" + tail[m.end():] + values
    return f"{head}{tail.rstrip()}\nLIMIT {n}" + (f"\n{values}" if values else "")


def count_query(sparql: str) -> str:
    """A query counting the rows of ``sparql``: ``COUNT(*)`` over it as a sub-query, its ORDER BY
    dropped (when it has no LIMIT or OFFSET, order changes nothing to the count).

    Example:
        >>> print(count_query("PREFIX kg: <urn:x#>\\nSELECT ?s { ?s ?p ?o } ORDER BY ?s"))
        PREFIX kg: <urn:x#>
        SELECT (COUNT(*) AS ?kg_rows) WHERE {
        SELECT ?s { ?s ?p ?o }
        }
    """
    head, tail, values = _split(sparql)
    if not re.search(r"\b(LIMIT|OFFSET)\b", tail, re.I):
        tail = re.sub(r"\bORDER\s+BY\b.*$", "", tail, flags=re.I | re.S)
    body = head + tail.rstrip() + (f"\n{values}" if values else "")
    m = re.match(r"(\s*(?:(?:#[^\n]*|PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*)", body, re.I)
    prologue, select = body[:m.end()], body[m.end():]
    return f"{prologue}SELECT (COUNT(*) AS ?kg_rows) WHERE {{\n{select}\n}}"


def page_in_engine(sparql: str, limit: int, run: Runner) -> Page:
    """The first ``limit`` rows by ``LIMIT limit+1``, and the rest counted only when there is a rest.

    A grouping question is run whole and cut here: the engine computes every group before
    it can sort or limit them, so a second query to count them would double the cost.
    """
    def cut(r: QueryResult) -> Page:
        return Page(QueryResult(r.kind, r.vars, r.rows[:limit]), more=max(0, len(r.rows) - limit))

    if not is_listing(sparql):
        return cut(run(sparql))
    try:
        r = run(with_limit(sparql, limit + 1))
    except QueryError as e:
        if not str(e).startswith("SPARQL syntax error"):
            raise
        # the text as given fails to parse first, so its error names the user's own line and
        # column, not the LIMIT added here; should it parse, it is cut here instead
        return cut(run(sparql))
    if len(r.rows) <= limit:
        return Page(r)
    total = run(count_query(sparql)).values()[0][0]
    return Page(QueryResult(r.kind, r.vars, r.rows[:limit]), more=int(total) - limit)


def page_by_report(sparql: str, limit: int, run: Runner, *, workers: int = 1) -> Page:
    """The first ``limit`` rows of a listing question asked of one report at a time (reports in IRI order).

    One report per query: a ``VALUES`` block of several reports makes Oxigraph's planner
    join whole patterns instead of starting from the reports (measured: three to six times
    slower on 1,000 reports). With ``workers`` > 1 the reports' queries run that many at a
    time in threads (for a runner that can: Oxigraph releases the GIL while it answers, a
    remote endpoint waits on the network), a few at most read beyond the page; the rows
    come in report order all the same.
    """
    reports = sorted((row[0] for row in run(REPORTS).rows), key=str)
    distinct = re.search(r"\bSELECT\s+DISTINCT\b", sparql, re.I) is not None
    rows: list[tuple] = []
    seen: set[tuple] = set()
    names: tuple[str, ...] | None = None
    read = 0
    queries = (fill_slot(sparql, "report", [f"<{report}>"]) for report in reports)  # a report's rows are few
    for r in _answers(queries, run, workers):
        names = r.vars
        read += 1
        for row in r.rows:
            if distinct and row in seen:
                continue
            seen.add(row)
            rows.append(row)
        if len(rows) > limit:
            break
    if names is None:
        names = run(with_limit(sparql, 0)).vars
    unread = len(reports) - read
    return Page(QueryResult("SELECT", names, tuple(rows[:limit])), more=max(0, len(rows) - limit),
                exact=unread == 0, unread=unread)


def _answers(queries: Iterator[str], run: Runner, workers: int) -> Iterator[QueryResult]:
    """``run`` of each query, in order; with ``workers`` > 1, a chunk of queries at a time in threads."""
    if workers <= 1:
        yield from map(run, queries)
        return
    with ThreadPoolExecutor(workers) as pool:
        while chunk := list(islice(queries, 4 * workers)):
            yield from pool.map(run, chunk)
