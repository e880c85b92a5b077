"""Saved competency questions and how a query argument becomes SPARQL text.

Takes: a folder of ``*.rq`` files (``ontology/queries/`` by default), each with ``# name:``,
``# zh:`` and ``# en:`` header lines, and a query argument: a saved question's name, a file
path or SPARQL text. Gives: the ``SavedQuery`` records by name (``saved_queries``) and the
SPARQL text to run (``resolve_query``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError
from ..resources import QUERIES_DIR  # the saved queries shipped with kg

__all__ = ["QUERIES_DIR", "SavedQuery", "saved_queries", "resolve_query"]

_NAME = re.compile(r"[A-Za-z0-9_\-]+")


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
