"""Query parameters: values bound into a query's ``VALUES`` blocks.

Takes: SPARQL text and a mapping of variable names to values (``--param name=value``).
Gives: the SPARQL text with each named single-variable ``VALUES ?name { ... }`` block
holding the given value instead, so the same binding works on every backend, remote
endpoints included.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import QueryError
from .terms import nt_literal

__all__ = ["bind_params"]


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
            term = nt_literal(value) + (lang.group(1) if lang else "")
        sparql = block.sub(lambda _m: f"VALUES ?{name} {{ {term} }}", sparql)
    return sparql
