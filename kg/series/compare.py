"""Editions -> a comparison: what ``kg compare`` reports, and its table, JSON and Markdown.

Takes two editions of one series, or a whole ``Series`` (``kg.series.editions``). Gives a
``Comparison`` per pair of consecutive editions: entities new, continued and dropped
(programmes, platforms, partners, policies; named in result sentences, compared by label),
figures side by side with absolute and percent change where canonical indicator, unit and
scope agree (``kg.series.indicators.comparable``), figures of one indicator that do not
agree listed with the reason instead, and plan follow-through with rates
(``kg.series.plans``). ``render`` writes any of them as ``table``, ``json`` or ``markdown``.

Rules for bad input, each with a warning in ``Comparison.warnings``:

* an indicator stated twice with the same unit and scope in one edition is not compared
  (which of the two is the year's figure cannot be told);
* the same indicator in different units or scopes is listed as not comparable, never compared;
* plans are checked only from year N to N+1; a gap year or an edition without a plans
  section leaves them unchecked.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .editions import Series, require_comparable
from .indicators import Aligned, align, clean, comparable
from .plans import STATUSES, FollowUp, check_plans
from .record import CATEGORIES, Edition

__all__ = ["FigureRow", "Comparison", "compare_editions", "compare_series", "render", "to_dict", "FORMATS", "KINDS"]

FORMATS = ("table", "json", "markdown")
KINDS = (*CATEGORIES, "partners")
_KIND_ZH = {"programmes": "项目与工作机制", "platforms": "平台", "policies": "政策文件", "partners": "合作方"}
_STATUS_ZH = {"done": "已完成", "partly": "部分完成", "not_mentioned": "未提及"}


@dataclass(frozen=True)
class FigureRow:
    """One indicator in both editions."""

    indicator: str
    unit: str
    scope: str
    old: Decimal | None
    new: Decimal | None
    note: str = ""              # why not compared, when old/new is None

    @property
    def change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        """Percent change; none for rates (their change is in percentage points)."""
        if self.change is None or not self.old or self.unit in ("PERCENT", "PP"):
            return None
        return (self.change * 100 / self.old).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Comparison:
    """Two editions of one series, older first."""

    old: Edition
    new: Edition
    entities: dict[str, dict[str, tuple[str, ...]]]     # kind -> new|continued|dropped -> labels
    figures: tuple[FigureRow, ...]
    plans: tuple[FollowUp, ...] = ()
    plans_checked: bool = False
    warnings: tuple[str, ...] = field(default=())

    @property
    def rates(self) -> dict[str, float]:
        n = len(self.plans)
        counts = Counter(f.status for f in self.plans)
        return {s: round(counts[s] / n, 3) if n else 0.0 for s in STATUSES}


def _labels(e: Edition) -> dict[str, set[str]]:
    """kind -> labels of the entities named in the edition's result sentences."""
    out: dict[str, set[str]] = {k: set() for k in KINDS}
    for c in e.clauses:
        if c.planned:
            continue
        for _, label, kind in c.entities:
            if kind in CATEGORIES:
                out[kind].add(label)
            elif kind == "organisations" and label != e.issuer:
                out["partners"].add(label)
    return out


def _result_text(e: Edition) -> str:
    return "".join(clean(c.text) for c in e.clauses if not c.planned)


def _changes(old: Edition, new: Edition) -> dict[str, dict[str, tuple[str, ...]]]:
    """New, continued and dropped entities. The extractor may miss a name in one edition, so a
    label still written in the other edition's result text counts as named there too."""
    la, lb = _labels(old), _labels(new)
    ta, tb = _result_text(old), _result_text(new)
    out = {}
    for k in KINDS:
        in_a = la[k] | {x for x in lb[k] if x in ta}
        in_b = lb[k] | {x for x in la[k] if x in tb}
        out[k] = {"new": tuple(sorted(in_b - in_a)), "continued": tuple(sorted(in_a & in_b)),
                  "dropped": tuple(sorted(in_a - in_b))}
    return out


def _results(e: Edition, warnings: list[str]) -> dict[tuple, Aligned]:
    """Result figures by (canonical, unit, scope); an indicator stated twice is left out."""
    seen: dict[tuple, list[Aligned]] = {}
    for a in align(e):
        if not a.planned and a.named:
            seen.setdefault(a.key, []).append(a)
    out = {}
    for key, figs in seen.items():
        values = {f.figure.value for f in figs}
        if len(values) > 1:
            if figs[0].surface:
                warnings.append(f"{e.year}: {key[0]} ({key[2]}) is stated {len(figs)} times with different values "
                                f"({', '.join(_num(v, key[1]) for v in sorted(values))}); not compared")
            continue
        out[key] = figs[0]
    return out


def compare_editions(a: Edition, b: Edition) -> Comparison:
    """Compare two editions of one series (older and newer, in either order).

    Raises:
        SeriesError: different issuers or kinds, or the same year.
    """
    old, new = require_comparable(a, b)
    warnings: list[str] = []
    entities = _changes(old, new)
    fa, fb = _results(old, warnings), _results(new, warnings)
    rows = []
    for key in sorted(fa.keys() & fb.keys()):
        rows.append(FigureRow(key[0], key[1], key[2], fa[key].figure.value, fb[key].figure.value))
    only_b = fb.keys() - fa.keys()
    for key in sorted(fa.keys() - fb.keys()):
        for other in sorted(k for k in only_b if k[0] == key[0]):
            why = comparable(fa[key], fb[other])[1]
            rows.append(FigureRow(key[0], f"{key[1]} / {other[1]}", f"{key[2]} / {other[2]}", None, None,
                                  f"not compared: {why}"))
            warnings.append(f"{key[0]}: {old.year} and {new.year} figures not compared ({why})")
    plans: tuple[FollowUp, ...] = ()
    checked = False
    if new.year != old.year + 1:
        warnings.append(f"{old.year} -> {new.year}: not consecutive years; the {old.year} plans are not checked")
    elif not old.has_plans:
        warnings.append(f"{old.title}: no plans section; no plans to check in {new.year}")
    else:
        plans, checked = check_plans(old, new), True
    return Comparison(old, new, entities, tuple(rows), plans, checked, tuple(warnings))


def compare_series(series: Series) -> list[Comparison]:
    """One comparison per pair of consecutive editions of ``series``, oldest first."""
    return [compare_editions(a, b) for a, b in zip(series.editions, series.editions[1:])]


# --- rendering ---------------------------------------------------------------------------

def _num(v: Decimal | None, unit: str = "") -> str:
    if v is None:
        return ""
    if unit == "CCY_CNY":
        for size, name in ((Decimal(100000000), "亿元"), (Decimal(10000), "万元")):
            if abs(v) >= size:
                return format((v / size).normalize(), "f") + name
        return format(v.normalize(), "f") + "元"
    s = format(v.normalize(), "f")
    return s + ("%" if unit == "PERCENT" else "个百分点" if unit == "PP" else "")


def _signed(v: Decimal | None, unit: str = "") -> str:
    """A change: a rate's change is in percentage points."""
    if v is None:
        return ""
    s = _num(abs(v), "PP" if unit == "PERCENT" else unit)
    return ("+" if v >= 0 else "-") + s


def to_dict(c: Comparison) -> dict:
    """A comparison as plain JSON-ready data."""
    return {
        "issuer": c.new.issuer, "kind": c.new.kind,
        "old": {"report": c.old.iri, "title": c.old.title, "year": c.old.year, "issuer": c.old.issuer},
        "new": {"report": c.new.iri, "title": c.new.title, "year": c.new.year, "issuer": c.new.issuer},
        "entities": {k: {s: list(v) for s, v in d.items()} for k, d in c.entities.items()},
        "figures": [{"indicator": r.indicator, "unit": r.unit, "scope": r.scope,
                     "old": None if r.old is None else str(r.old), "new": None if r.new is None else str(r.new),
                     "change": None if r.change is None else str(r.change),
                     "percent": None if r.percent is None else str(r.percent), "note": r.note} for r in c.figures],
        "plans": {"checked": c.plans_checked, "rates": c.rates,
                  "items": [{"plan": clean(f.plan.text), "status": f.status, "score": f.score,
                             "evidence": [clean(e.text) for e in f.evidence], "matched_on": list(f.matched_on)}
                            for f in c.plans]},
        "warnings": list(c.warnings),
    }


def _w(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([_w(h)] + [_w(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c + " " * (w - _w(c)) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _sections(c: Comparison) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of each part of a comparison."""
    ent = [[_KIND_ZH[k], s, "、".join(c.entities[k][s])] for k in KINDS for s in ("new", "continued", "dropped")
           if c.entities[k][s]]
    figs = [[r.indicator, r.scope, _num(r.old, r.unit), _num(r.new, r.unit), _signed(r.change, r.unit),
             "" if r.percent is None else f"{r.percent:+}%", r.note] for r in c.figures]
    plans = [[clean(f.plan.text)[:40], _STATUS_ZH[f.status], f"{f.score:.2f}",
              clean(f.evidence[0].text)[:40] if f.evidence else "", f.explanation[:60]] for f in c.plans]
    out = [("entities", ["kind", "status", "labels"], ent),
           ("figures", ["indicator", "scope", str(c.old.year), str(c.new.year), "change", "%", "note"], figs)]
    if c.plans_checked:
        r = c.rates
        title = (f"plans of {c.old.year} in {c.new.year}: done {r['done']:.0%}, partly {r['partly']:.0%}, "
                 f"not mentioned {r['not_mentioned']:.0%} of {len(c.plans)}")
        out.append((title, ["plan", "status", "score", "evidence", "matched on"], plans))
    return out


def render(comparisons: list[Comparison], fmt: str = "table") -> str:
    """``comparisons`` as ``table`` (plain text, wide characters aligned), ``json`` or ``markdown``."""
    if fmt == "json":
        return json.dumps([to_dict(c) for c in comparisons], ensure_ascii=False, indent=2)
    parts = []
    for c in comparisons:
        head = f"{c.old.title} ({c.old.year}) -> {c.new.title} ({c.new.year})"
        if fmt == "markdown":
            parts.append(f"## {head}")
            for title, header, rows in _sections(c):
                parts.append(f"\n### {title}\n")
                cells = [[x.replace("|", "\\|") for x in r] for r in rows]
                parts.append("\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                                       + ["| " + " | ".join(r) + " |" for r in cells]))
            parts.extend(f"> warning: {w}" for w in c.warnings)
        else:
            parts.append(head)
            for title, header, rows in _sections(c):
                parts.append(f"\n{title}\n" + _table(header, rows))
            parts.extend(f"warning: {w}" for w in c.warnings)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
