"""Figures -> aligned figures: one canonical indicator, a unit and a scope per figure.

Takes an ``Edition``'s figures and clauses (``kg.series.record``) and the data files
``data/lexicon/series/indicators.tsv`` (surface -> canonical, with the reason) and
``scopes.tsv`` (全年, 一季度, 累计...). Gives ``Aligned`` figures and ``comparable``, the one
rule that decides whether two figures may be set side by side: same canonical indicator, same
unit, same scope. Nothing else compares figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..resources import LEXICON_DIR
from .record import Edition, Figure

__all__ = ["Aligned", "IndicatorLexicon", "load_indicator_lexicon", "align", "comparable", "DEFAULT_SCOPE",
           "SERIES_LEXICON_DIR", "EXTRACTOR_LABEL"]

SERIES_LEXICON_DIR = LEXICON_DIR / "series"
DEFAULT_SCOPE = "全年"
#: why a figure with no listed surface got its canonical indicator; the series graph leaves it
#: unsaid (ontology 2.5.0: a figure with no kg:alignmentNote took the extractor's label)
EXTRACTOR_LABEL = "no listed surface: the extractor's label"
_STOP = "，。；：、（）()"
_CHANGE = ("同比增长", "同比下降", "增长", "增幅", "下降")


@dataclass(frozen=True, slots=True)
class Aligned:
    """A figure with what it is comparable on."""

    figure: Figure
    canonical: str      # canonical indicator
    unit: str
    scope: str
    surface: str        # the words that named it ("" = the extractor's label was kept)
    reason: str         # why this canonical (from indicators.tsv), or how it was found
    planned: bool = False   # stated in a plan (a target), not a result

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.canonical, self.unit, self.scope)

    @property
    def named(self) -> bool:
        """Sure enough to compare: a listed surface, or a label of 4+ characters (the
        extractor's 2-character labels, 上线 or 企业, name nothing in particular)."""
        return bool(self.surface) or len(self.canonical) >= 4


@dataclass(frozen=True)
class IndicatorLexicon:
    surfaces: tuple[tuple[str, str, str], ...]    # (surface, canonical, why), longest first
    scopes: tuple[tuple[str, str, str], ...]      # (word, scope, reach)


def _rows(path: Path, n: int) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) >= n:
                out.append(parts)
    return out


@lru_cache(maxsize=4)
def load_indicator_lexicon(directory: Path = SERIES_LEXICON_DIR) -> IndicatorLexicon:
    """The indicator and scope tables of ``directory``."""
    d = Path(directory)
    surfaces = sorted(((r[0], r[1], r[2] if len(r) > 2 else "") for r in _rows(d / "indicators.tsv", 2)),
                      key=lambda r: (-len(r[0]), r[0]))
    scopes = tuple((r[0], r[1], r[2] if len(r) > 2 else "window") for r in _rows(d / "scopes.tsv", 2))
    return IndicatorLexicon(tuple(surfaces), scopes)


def _last(text: str, words) -> tuple[int, str, str, str] | None:
    """The word of ``words`` (tuples starting with the word) ending last in ``text``."""
    best = None
    for row in words:
        i = text.rfind(row[0])
        if i >= 0 and (best is None or i + len(row[0]) > best[0]):
            best = (i + len(row[0]), *row)
    return best


def align(edition: Edition, *, lexicon: IndicatorLexicon | None = None) -> tuple[Aligned, ...]:
    """Every figure of ``edition`` with its canonical indicator, unit and scope.

    The words before the number, back to the previous figure or punctuation mark of its
    clause, name it; if they hold no listed surface, the words after it up to the next mark
    do; else the extractor's label stays. A percentage after a change word (同比增长) with no
    surface of its own is the growth rate of the figure before it. The scope is the nearest
    scope word before the number (``clause`` words reach the whole clause, ``window`` words only
    their own figure), else 全年.
    """
    lex = lexicon or load_indicator_lexicon()
    out: list[Aligned] = []
    by_clause: dict[str, list[Figure]] = {}
    for f in edition.figures:
        by_clause.setdefault(f.sentence, []).append(f)
    for sid, figs in by_clause.items():
        try:
            clause = edition.clause(sid)
        except KeyError:
            continue
        prev: Aligned | None = None
        prev_end = 0
        seen_starts: set[int] = set()
        for f in sorted(figs, key=lambda f: (f.start, f.iri)):
            a, b = f.start - clause.start, f.end - clause.start
            text = clause.text
            window = text[prev_end:a]
            window = window[max((window.rfind(c) for c in _STOP), default=-1) + 1:]
            after = text[b:]
            cut = min([i for i in (after.find(c) for c in _STOP) if i >= 0] or [len(after)])
            after = after[:cut]
            hit = _last(window, lex.surfaces)
            if hit is None:
                found = [(after.find(s), s, c, why) for s, c, why in lex.surfaces if s in after]
                hit = min(found) if found else None
            if hit is not None:
                _, surface, canonical, why = hit
            elif prev is not None and f.unit == "PERCENT" and any(w in window for w in _CHANGE):
                surface, canonical = "", prev.canonical + "增速"
                why = f"growth of the figure before it ({prev.canonical})"
            else:
                surface, canonical, why = "", f.indicator, EXTRACTOR_LABEL
            period = _last(text[:a], [s for s in lex.scopes if s[2] == "clause"])
            stock = _last(window, [s for s in lex.scopes if s[2] != "clause"])
            scope = DEFAULT_SCOPE
            picks = [p for p in (period, stock) if p is not None]
            if stock is not None and period is not None:
                # both present: the nearer word wins, a stock word in the figure's own window is nearer
                scope = stock[2]
            elif picks:
                scope = picks[0][2]
            al = Aligned(f, canonical, f.unit, scope, surface, why, clause.planned)
            if f.start not in seen_starts:   # one number standing for two indicators is one figure
                out.append(al)
                seen_starts.add(f.start)
            prev, prev_end = al, b
    return tuple(sorted(out, key=lambda x: (x.figure.start, x.figure.iri)))


def comparable(a: Aligned, b: Aligned) -> tuple[bool, str]:
    """Whether two figures may be compared, and if not, why.

    Example:
        >>> from decimal import Decimal
        >>> f = Figure("f", "x", Decimal(1), "CCY_CNY", "亿元", "exact", "s", 0, 4)
        >>> comparable(Aligned(f, "甲指标", "CCY_CNY", "全年", "", ""), Aligned(f, "甲指标", "PERCENT", "全年", "", ""))
        (False, 'units differ: CCY_CNY vs PERCENT')
    """
    if a.canonical != b.canonical:
        return False, f"indicators differ: {a.canonical} vs {b.canonical}"
    if a.unit != b.unit:
        return False, f"units differ: {a.unit} vs {b.unit}"
    if a.scope != b.scope:
        return False, f"scopes differ: {a.scope} vs {b.scope}"
    return True, ""


def clean(text: str) -> str:
    """A clause without whitespace (reports wrap lines anywhere)."""
    return re.sub(r"\s+", "", text)
