"""Plans of year N -> what the report of year N+1 says became of them.

Takes two consecutive ``Edition``s of one series (``kg.series.editions``), their aligned
figures (``kg.series.indicators``) and ``data/lexicon/series/words.tsv``. Gives one
``FollowUp`` per plan clause of the older edition: ``done``, ``partly`` or ``not_mentioned``,
a score, the result clauses that prove it and the reasons (which words, entities or
indicators matched), so every answer can be checked against both texts.

How a plan is matched, for each result clause of the newer edition:

* **indicator**: the plan sets a figure (力争新增…50家) and the result clause reports the same
  canonical indicator, unit and scope (named by a listed surface or a label of 4+ characters):
  +0.6, and the figures decide the status (target met: done; missed: partly);
* **entities**: entities named by both (not bodies or places): +0.35 each, at most +0.7;
* **words**: the share of the plan's character pairs (bigrams, without boilerplate words)
  that the result clause repeats, each pair weighted by how rare it is in the newer report
  (a pair in every clause, such as 企业, counts for little): +0 to +1.

The best clause scoring at least ``MENTION`` is the outcome; with no indicator decision, a
clause that says the work is under way (正在, 一期, 方案…) makes it ``partly``, else ``done``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .indicators import SERIES_LEXICON_DIR, Aligned, align, clean, comparable
from .record import Clause, Edition

__all__ = ["FollowUp", "check_plans", "plan_clauses", "MENTION", "STATUSES", "load_words"]

MENTION = 0.5           # below this the plan is not mentioned
STATUSES = ("done", "partly", "not_mentioned")
_IGNORED_KINDS = {"bodies", "places"}
_ORDINAL = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]")


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What became of one plan."""

    plan: Clause
    plan_report: str        # edition IRIs
    plan_year: int
    checked_in: str
    status: str             # done | partly | not_mentioned
    score: float
    evidence: tuple[Clause, ...] = ()
    matched_on: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()   # the plan's kg:PlannedMeasure IRIs
    outcome_measures: tuple[str, ...] = ()

    @property
    def explanation(self) -> str:
        return "; ".join(self.matched_on)


@lru_cache(maxsize=4)
def load_words(directory: Path = SERIES_LEXICON_DIR) -> dict[str, tuple[str, ...]]:
    """kind (stop, done, partly) -> words, from ``words.tsv``."""
    out: dict[str, list[str]] = {}
    for line in (Path(directory) / "words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) >= 2:
                out.setdefault(parts[1], []).append(parts[0])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _heading(c: Clause) -> bool:
    return clean(c.text) == clean(c.section) or clean(c.text).rstrip("。") == clean(c.section).rstrip("。")


def plan_clauses(edition: Edition) -> tuple[Clause, ...]:
    """The clauses of ``edition`` that state a plan (its plan sections, headings left out)."""
    return tuple(c for c in edition.clauses if c.planned and not _heading(c) and len(clean(c.text)) > 4)


def _bigrams(text: str, stop: tuple[str, ...]) -> set[str]:
    t = _ORDINAL.sub("", clean(text))
    for w in stop:
        t = t.replace(w, "|")
    t = re.sub(r"[\d.．%％]+", "|", t)
    out = set()
    for run in re.split(r"[^\u4e00-\u9fffA-Za-z]+", t):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def _target_met(target: Aligned, got: Aligned) -> bool:
    return got.figure.value >= target.figure.value


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f")


def check_plans(prev: Edition, cur: Edition) -> tuple[FollowUp, ...]:
    """Every plan of ``prev`` checked against ``cur`` (the next year's edition of its series).

    Returns:
        one ``FollowUp`` per plan clause of ``prev``, in text order (none when ``prev`` has
        no plans section).
    """
    words = load_words()
    stop, done_w, partly_w = words.get("stop", ()), words.get("done", ()), words.get("partly", ())
    plans = plan_clauses(prev)
    results = [c for c in cur.clauses if not c.planned and not _heading(c)]
    figs_prev: dict[str, list[Aligned]] = {}
    for a in align(prev):
        figs_prev.setdefault(a.figure.sentence, []).append(a)
    figs_cur: dict[str, list[Aligned]] = {}
    for a in align(cur):
        figs_cur.setdefault(a.figure.sentence, []).append(a)
    grams = {c.iri: _bigrams(c.text, stop) for c in results}
    df = Counter(g for gs in grams.values() for g in gs)
    n = len(results)

    def weight(g: str) -> float:
        return math.log((n + 1) / (df.get(g, 0) + 0.5))

    out = []
    for plan in plans:
        pg = _bigrams(plan.text, stop)
        total = sum(weight(g) for g in pg) or 1.0
        p_ents = {e for e, _, kind in plan.entities if kind not in _IGNORED_KINDS}
        best: tuple[float, Clause, list[str], tuple[Aligned, Aligned] | None] | None = None
        for c in results:
            reasons: list[str] = []
            shared = sorted(pg & grams[c.iri], key=lambda g: (-weight(g), g))
            text = sum(weight(g) for g in shared) / total
            score = text
            if shared:
                reasons.append(f"words {text:.2f}: " + " ".join(shared[:6]))
            ents = [(e, label) for e, label, kind in c.entities if e in p_ents]
            if ents:
                score += min(0.7, 0.35 * len(ents))
                reasons.append("entities: " + "、".join(label for _, label in ents))
            pair = None
            for t in figs_prev.get(plan.iri, []):
                for g in figs_cur.get(c.iri, []):
                    if comparable(t, g)[0] and t.named:
                        pair = (t, g)
                        break
                if pair:
                    break
            if pair:
                score += 0.6
                reasons.append(f"indicator {pair[0].canonical} ({pair[0].scope}): planned "
                               f"{_fmt(pair[0].figure.value)}, reported {_fmt(pair[1].figure.value)}")
            if best is None or score > best[0]:
                best = (score, c, reasons, pair)
        if best is None or best[0] < MENTION:
            out.append(FollowUp(plan, prev.iri, prev.year, cur.iri, "not_mentioned", round(best[0] if best else 0.0, 2),
                                matched_on=("no clause of the next report matches",), measures=plan.measures))
            continue
        score, c, reasons, pair = best
        text = clean(c.text)
        if pair is not None:
            status = "done" if _target_met(*pair) else "partly"
            reasons.append("target met" if status == "done" else "target missed")
        else:
            cue = next((w for w in partly_w if w in text), None)
            if cue:
                status = "partly"
                reasons.append(f"under way: {cue}")
            else:
                status = "done"
                cue = next((w for w in done_w if w in text), None)
                reasons.append(f"done: {cue}" if cue else "reported, no sign it is unfinished")
        out.append(FollowUp(plan, prev.iri, prev.year, cur.iri, status, round(score, 2), (c,), tuple(reasons),
                            plan.measures, c.measures))
    return tuple(out)
