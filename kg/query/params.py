"""Query parameters: values bound into a query's ``VALUES`` blocks and filter slots.

Takes: SPARQL text and a mapping of parameter names to values (``--param name=value``).
Gives: the names a query accepts (``query_params``), a one-line ``QueryError`` naming a
parameter it does not accept and the valid ones (``check_params``), and the SPARQL text
with the values bound: ``bind_params`` sets single-variable ``VALUES ?name { ... }`` blocks;
``fill_slot`` turns on a filter slot.

A filter slot is a comment line of a saved question that starts with ``#report``,
``#entity`` or ``#indicator``, followed by SPARQL holding an empty ``VALUES ?var { }``::

    #report VALUES ?report { } ?mention kg:inReport ?report .

Without the parameter the line stays a comment, so the question's corpus form is
unchanged; with it, the comment mark goes and the block gets the chosen terms. Slots sit
at the top of their group, so the engine starts from the selective pattern. ``report=``
and ``issuer=`` both fill the ``#report`` slot (the issuer's reports); which reports,
entities or indicators a value names is decided by ``kg.query.filters``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import QueryError
from .terms import nt_literal

__all__ = ["SLOT_PARAMS", "query_params", "check_params", "bind_params", "fill_slot", "has_slot"]

# parameter -> the slot it fills
SLOT_PARAMS = {"report": "report", "issuer": "report", "entity": "entity", "indicator": "indicator"}
_SLOT_LINE = r"(?m)^([ \t]*)#{slot}[ \t]+(.*)$"


def _code(sparql: str) -> str:
    """The query without its comment lines (a slot or a header is no VALUES block of its own)."""
    return re.sub(r"(?m)^[ \t]*#.*$", "", sparql)


def has_slot(sparql: str, slot: str) -> bool:
    """Does the query have a ``#slot`` filter line?

    Example:
        >>> has_slot("SELECT * {\\n  #report VALUES ?report { } ?m kg:inReport ?report .\\n ?s ?p ?o }", "report")
        True
    """
    return re.search(_SLOT_LINE.format(slot=re.escape(slot)), sparql) is not None


def query_params(sparql: str) -> tuple[str, ...]:
    """The parameters a query accepts: its filter slots' and its single-variable ``VALUES`` blocks'.

    Example:
        >>> query_params('SELECT * {\\n  #report VALUES ?report { } ?m kg:inReport ?report .\\n'
        ...              '  VALUES ?name { "甲"@zh } ?s ?p ?name }')
        ('issuer', 'name', 'report')
    """
    names = {p for p, slot in SLOT_PARAMS.items() if has_slot(sparql, slot)}
    names |= set(re.findall(r"VALUES\s+\?(\w+)\s*\{", _code(sparql), re.I))
    return tuple(sorted(names))


def check_params(sparql: str, params: Iterable[str], *, what: str = "the query") -> None:
    """Raise ``QueryError`` naming the first parameter the query does not accept and the valid ones.

    Example:
        >>> check_params("SELECT * { ?s ?p ?o }", ["report"], what="money_figures")
        Traceback (most recent call last):
        ...
        kg.errors.QueryError: unknown parameter 'report' for money_figures; valid parameters: none
    """
    valid = query_params(sparql)
    for name in params:
        if name not in valid:
            raise QueryError(f"unknown parameter '{name}' for {what}; valid parameters: "
                             f"{', '.join(valid) or 'none'}")


def fill_slot(sparql: str, slot: str, terms: Iterable[str]) -> str:
    """Turn on the ``#slot`` lines: drop the comment mark and put ``terms`` (N-Triples) in their
    empty ``VALUES`` block.

    Example:
        >>> print(fill_slot("SELECT * {\\n  #report VALUES ?report { } ?m kg:inReport ?report .\\n}",
        ...                 "report", ["<urn:r1>", "<urn:r2>"]))
        SELECT * {
          VALUES ?report { <urn:r1> <urn:r2> } ?m kg:inReport ?report .
        }
    """
    values = " ".join(terms)

    def on(m: re.Match) -> str:
        line = re.sub(r"(VALUES\s+\?\w+\s*\{)\s*\}", lambda v: f"{v.group(1)} {values} }}", m.group(2), count=1)
        return m.group(1) + line

    return re.sub(_SLOT_LINE.format(slot=re.escape(slot)), on, sparql)


def bind_params(sparql: str, params: Mapping[str, str] | None) -> str:
    """Replace the values of single-variable ``VALUES ?name { ... }`` blocks.

    A value that looks like an RDF term (``<iri>``, ``"literal"...``, a number) is used
    as written; anything else becomes a string literal with the language tag of the
    block's default value, if it has one. This works the same on every backend, remote
    endpoints included. Filter-slot parameters (``report``, ``issuer``...) are not set
    here: they need the data to say what they name (``kg.query.filters``).

    Example:
        >>> bind_params('SELECT * { VALUES ?name { "a"@zh } ?x ?p ?name }', {"name": "甲乙大学"})
        'SELECT * { VALUES ?name { "甲乙大学"@zh } ?x ?p ?name }'
    """
    for name, value in (params or {}).items():
        block = re.compile(r'(?m)^((?:<[^>\n]*>|"[^"\n]*"|[^#\n<"])*?)VALUES\s+\?' + re.escape(name) + r"\s*\{([^{}]*)\}",
                           re.I)
        m = block.search(sparql)
        if not m:
            found = sorted(set(re.findall(r"VALUES\s+\?(\w+)\s*\{", _code(sparql), re.I)))
            raise QueryError(f"the query has no 'VALUES ?{name} {{ ... }}' block to set; "
                             f"parameters it has: {', '.join(found) or 'none'}")
        if re.fullmatch(r'\s*(<[^<>\s]*>|".*"(@[\w-]+|\^\^\S+)?|[-+]?\d+(\.\d+)?)\s*', value):
            term = value.strip()
        else:
            lang = re.match(r'\s*"(?:[^"\\]|\\.)*"(@[\w-]+)', m.group(2))
            term = nt_literal(value) + (lang.group(1) if lang else "")
        sparql = block.sub(lambda b: f"{b.group(1)}VALUES ?{name} {{ {term} }}", sparql)
    return sparql
