"""Evaluation: extractor output vs hand-checked gold -> precision, recall, F1.

Takes an ``Extraction`` and a gold file (``data/gold/<stem>.gold.json``, format in
``data/gold/GUIDELINES.md``); gives ``Scores`` for four levels:

* ``mentions``: entity mentions, exact span and class;
* ``entities``: entities after resolution, (canonical label, class);
* ``figures``: value and unit, span overlapping the gold span;
* ``relations``: (subject label, predicate, object label); ``cooperatesWith`` unordered.

Each level has per-class counts and micro-averaged totals.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import InputError
from .model import Extraction

__all__ = ["PRF", "Scores", "score", "load_gold", "gold_path", "combine"]

LEVELS = ("mentions", "entities", "figures", "relations")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Scores:
    report: str
    levels: dict[str, dict[str, PRF]] = field(default_factory=lambda: {lv: defaultdict(PRF) for lv in LEVELS})
    errors: dict[str, dict[str, list]] = field(default_factory=lambda: {lv: {"fp": [], "fn": []} for lv in LEVELS})

    def total(self, level: str) -> PRF:
        t = PRF()
        for v in self.levels[level].values():
            t.add(v)
        return t

    def as_dict(self, *, errors: bool = False) -> dict:
        d = {"report": self.report}
        for lv in LEVELS:
            d[lv] = {"overall": self.total(lv).as_dict(),
                     "per_class": {k: v.as_dict() for k, v in sorted(self.levels[lv].items())}}
            if errors:
                d[lv]["errors"] = self.errors[lv]
        return d


def gold_path(gold_dir: Path, report: Path) -> Path:
    return Path(gold_dir) / f"{Path(report).stem}.gold.json"


def load_gold(path: Path) -> dict:
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{path}: no gold annotation for this report") from e
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON: {e}") from e
    for key in ("entities", "quantities", "relations"):
        if not isinstance(gold.get(key), list):
            raise InputError(f"{path}: missing list '{key}'")
    return gold


def _count(level: dict, errs: dict, gold: set, pred: set, cls_of) -> None:
    for x in gold & pred:
        level[cls_of(x)].tp += 1
    for x in pred - gold:
        level[cls_of(x)].fp += 1
        errs["fp"].append(list(x))
    for x in gold - pred:
        level[cls_of(x)].fn += 1
        errs["fn"].append(list(x))
    errs["fp"].sort()
    errs["fn"].sort()


def score(ex: Extraction, gold: dict) -> Scores:
    """Compare one extraction with its gold annotation."""
    s = Scores(report=ex.document.source.name)
    # mentions: exact span + class (metadata/derived helper mentions are not extractor claims)
    gm = {(e["start"], e["end"], e["class"], e["text"]) for e in gold["entities"]}
    pm = {(m.span.start, m.span.end, m.cls, m.text) for m in ex.mentions if m.source not in ("metadata", "derived")}
    _count(s.levels["mentions"], s.errors["mentions"], gm, pm, lambda x: x[2])
    # entities after resolution
    issuer = ex.document.meta.issuer
    ge = {(e["entity"], e["class"]) for e in gold["entities"]}
    pe = {(e.label, e.cls) for e in ex.entities
          if any(m.source not in ("metadata",) for m in e.mentions) and not (e.label == issuer and e.derived and
                                                                             not any(m.source not in ("metadata",) for m in e.mentions))}
    gold_labels = {lab for lab, _ in ge} | {r["subject"] for r in gold["relations"]} | {r["object"] for r in gold["relations"]}
    # derived entities (a bank split from its branch) count only if gold names them somewhere
    pe = {x for x in pe if not _derived_only(ex, x[0]) or x[0] in gold_labels}
    ge |= {(lab, cls) for lab, cls in pe if lab in gold_labels and lab not in {g for g, _ in ge}}
    _count(s.levels["entities"], s.errors["entities"], ge, pe, lambda x: x[1])
    # figures: value + unit, spans overlap
    gq = [(e["start"], e["end"], Decimal(str(e["value"])), e["unit"]) for e in gold["quantities"]]
    pq = [(q.span.start, q.span.end, q.value, q.unit) for q in ex.quantities]
    matched_p: set[int] = set()
    lv, errs = s.levels["figures"], s.errors["figures"]
    for g in gq:
        hit = next((i for i, p in enumerate(pq) if i not in matched_p and p[2] == g[2] and p[3] == g[3]
                    and p[0] < g[1] and g[0] < p[1]), None)
        if hit is None:
            lv[g[3]].fn += 1
            errs["fn"].append([g[0], g[1], str(g[2]), g[3]])
        else:
            matched_p.add(hit)
            lv[g[3]].tp += 1
    for i, p in enumerate(pq):
        if i not in matched_p:
            lv[p[3]].fp += 1
            errs["fp"].append([p[0], p[1], str(p[2]), p[3]])
    # relations
    label = {e.key: e.label for e in ex.entities}

    def norm(sj: str, p: str, o: str) -> tuple:
        return (min(sj, o), p, max(sj, o)) if p == "cooperatesWith" else (sj, p, o)

    gr = {norm(r["subject"], r["predicate"], r["object"]) for r in gold["relations"]}
    structural = {"locatedIn", "jurisdiction"}
    derived = {e.key for e in ex.entities if e.label not in gold_labels and _derived_only(ex, e.label)}
    pr = {norm(label[r.subject], r.predicate, label[r.object]) for r in ex.relations
          if r.subject in label and r.object in label and r.predicate not in structural
          and r.subject not in derived and r.object not in derived}
    _count(s.levels["relations"], s.errors["relations"], gr, pr, lambda x: x[1])
    return s


def _derived_only(ex: Extraction, label: str) -> bool:
    for e in ex.entities:
        if e.label == label:
            return all(m.source in ("derived", "metadata") for m in e.mentions)
    return False


def combine(all_scores: list[Scores]) -> Scores:
    """Micro-averaged totals over several reports."""
    out = Scores(report="overall")
    for sc in all_scores:
        for lv in LEVELS:
            for k, v in sc.levels[lv].items():
                out.levels[lv][k].add(v)
    return out


