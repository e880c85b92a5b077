"""The real-report evaluation set: manifest + texts + gold -> scores.

Takes ``data/real/manifest*.jsonl`` (one report per line: address, issuer, year, kind,
split), the texts in ``data/real/texts/`` (public pages, never committed: present only on
machines that gathered them) and the gold in ``data/real/gold/<id>.gold.json`` (names,
classes, figures, counts; format in ``data/real/README.md``); gives ``RealScores``: P/R/F1
for entity mentions (surface and class, as many times as the gold counts them), entities
after resolution (canonical label and class), figures (value and unit), relations, and the
accuracy of figure indicators.

Gold for real pages has no offsets (the saved page text is not ours to commit, and offsets
would tie the gold to one copy of it): mentions and figures are compared as multisets.

Indicator rule (``indicator_right``): a predicted indicator is right when, spaces removed,
it contains the gold indicator and is at most four characters longer (it names what is
counted or measured without swallowing the clause around it), or it is a shorter part of the
gold indicator (at least two characters) that ends where the gold's head noun ends (the gold
without a trailing 数/次数/量): ``合格率`` for ``参考率、合格率``, ``企业`` for ``高新技术企业``, but
not ``提前`` for ``提前完成任务年数``.

Example:
    >>> indicator_right("技术合同成交额", "技术合同成交额")
    True
    >>> indicator_right("实现技术合同成交额", "技术合同成交额")
    True
    >>> indicator_right("提前", "技术合同成交额")
    False
    >>> indicator_right("提前", "提前完成任务年数")
    False
    >>> indicator_right("企业", "高新技术企业数")
    True
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError
from .evaluate import PRF
from .extract import extract
from .ingest import read_document
from .model import Extraction

__all__ = ["RealEntry", "RealScores", "load_manifest", "load_real_gold", "score_real", "indicator_right",
           "combine_real", "check_gold_against_text", "DEFAULT_REAL_DIR"]

DEFAULT_REAL_DIR = Path(__file__).resolve().parent.parent / "data" / "real"
LEVELS = ("mentions", "entities", "figures", "relations")
SPLITS = ("dev", "aside")


@dataclass(frozen=True, slots=True)
class RealEntry:
    """One line of the manifest."""

    id: str
    url: str
    title: str
    issuer: str
    year: int
    kind: str
    split: str
    raw: dict = field(default_factory=dict, compare=False, hash=False)

    def text_path(self, real_dir: Path) -> Path:
        return Path(real_dir) / "texts" / f"{self.id}.txt"

    def gold_path(self, real_dir: Path) -> Path:
        return Path(real_dir) / "gold" / f"{self.id}.gold.json"


@dataclass
class RealScores:
    report: str
    levels: dict[str, dict[str, PRF]] = field(default_factory=lambda: {lv: {} for lv in LEVELS})
    errors: dict[str, dict[str, list]] = field(default_factory=lambda: {lv: {"fp": [], "fn": []} for lv in LEVELS})
    indicators_right: int = 0
    indicators_scored: int = 0
    indicator_errors: list = field(default_factory=list)

    def prf(self, level: str, cls: str) -> PRF:
        return self.levels[level].setdefault(cls, PRF())

    def total(self, level: str) -> PRF:
        t = PRF()
        for v in self.levels[level].values():
            t.add(v)
        return t

    @property
    def indicator_accuracy(self) -> float:
        return self.indicators_right / self.indicators_scored if self.indicators_scored else 1.0

    def as_dict(self, *, errors: bool = False) -> dict:
        d: dict = {"report": self.report}
        for lv in LEVELS:
            d[lv] = {"overall": self.total(lv).as_dict(),
                     "per_class": {k: v.as_dict() for k, v in sorted(self.levels[lv].items())}}
            if errors:
                d[lv]["errors"] = self.errors[lv]
        d["indicators"] = {"right": self.indicators_right, "scored": self.indicators_scored,
                           "accuracy": round(self.indicator_accuracy, 4)}
        if errors:
            d["indicators"]["errors"] = self.indicator_errors
        return d


def load_manifest(real_dir: Path = DEFAULT_REAL_DIR) -> list[RealEntry]:
    """Every entry of ``manifest.jsonl`` and ``manifest_*.jsonl`` in ``real_dir``, and every entry
    of ``pages.jsonl`` (the pages gathered for metadata) that has a gold file, by id; ``raw["set"]``
    says which file (``manifest`` or ``pages``)."""
    real_dir = Path(real_dir)
    entries: dict[str, RealEntry] = {}
    files = [(p, "manifest") for p in sorted(real_dir.glob("manifest*.jsonl"))]
    if (real_dir / "pages.jsonl").is_file():
        files.append((real_dir / "pages.jsonl", "pages"))
    for path, which in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                if which == "pages" and not (real_dir / "gold" / f"{raw['id']}.gold.json").is_file():
                    continue
                raw = {**raw, "set": which}
                e = RealEntry(id=raw["id"], url=raw.get("url", ""), title=raw.get("title", ""),
                              issuer=raw.get("issuer", ""), year=int(raw.get("year") or 0),
                              kind=raw.get("kind", ""), split=raw.get("split", "dev"), raw=raw)
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}: not a manifest entry: {exc}") from exc
            if e.split not in SPLITS:
                raise InputError(f"{path}:{n}: split must be one of {', '.join(SPLITS)}, got {e.split!r}")
            entries[e.id] = e
    return sorted(entries.values(), key=lambda e: e.id)


def load_real_gold(path: Path) -> dict:
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{path}: no gold annotation for this report") from e
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON: {e}") from e
    for key in ("entities", "figures"):
        if not isinstance(gold.get(key), list):
            raise InputError(f"{path}: missing list '{key}'")
    gold.setdefault("relations", [])
    return gold


def check_gold_against_text(gold: dict, text: str) -> list[str]:
    """Problems of a gold file against its text: surfaces that occur fewer times than counted."""
    problems = []
    for kind in ("entities", "figures"):
        for row in gold[kind]:
            need = int(row.get("count", 1))
            have = text.count(row["text"])
            if have < need:
                problems.append(f"{kind[:-1]} {row['text']!r}: counted {need}, occurs {have} time(s)")
    return problems


def _dec(v: object) -> Decimal | None:
    try:
        return Decimal(str(v)).normalize()
    except (InvalidOperation, ValueError):
        return None


def _norm(s: str) -> str:
    return "".join(str(s).split())


def indicator_right(pred: str, gold: str) -> bool:
    """The documented rule for a right indicator (see the module docstring)."""
    p, g = _norm(pred), _norm(gold)
    if not p or not g:
        return False
    if g in p:
        return len(p) <= len(g) + 4
    head = g
    for tail in ("次数", "数", "量"):
        if head.endswith(tail) and len(head) > len(tail) + 1:
            head = head[: -len(tail)]
            break
    return len(p) >= 2 and (head.endswith(p) or g.endswith(p))


def _multiset_count(s: RealScores, level: str, gold: Counter, pred: Counter, cls_of) -> None:
    for x in set(gold) | set(pred):
        tp = min(gold[x], pred[x])
        prf = s.prf(level, cls_of(x))
        prf.tp += tp
        prf.fp += pred[x] - tp
        prf.fn += gold[x] - tp
        if pred[x] > tp:
            s.errors[level]["fp"].append([*x, pred[x] - tp])
        if gold[x] > tp:
            s.errors[level]["fn"].append([*x, gold[x] - tp])
    for kind in ("fp", "fn"):
        s.errors[level][kind].sort(key=str)


def score_real(ex: Extraction, gold: dict, *, report: str | None = None) -> RealScores:
    """Compare one extraction of a real report with its gold (multisets, no offsets)."""
    s = RealScores(report=report or ex.document.source.name)
    claims = [m for m in ex.mentions if m.source not in ("metadata", "derived")]
    gm = Counter()
    for e in gold["entities"]:
        gm[(e["text"], e["class"])] += int(e.get("count", 1))
    pm = Counter((m.text, m.cls) for m in claims)
    _multiset_count(s, "mentions", gm, pm, lambda x: x[1])

    ge = Counter({(e["entity"], e["class"]): 1 for e in gold["entities"]})
    pe = Counter({(e.label, e.cls): 1 for e in ex.entities
                  if any(m.source not in ("metadata", "derived") for m in e.mentions)})
    _multiset_count(s, "entities", ge, pe, lambda x: x[1])

    # figures: pair gold and predicted figures of equal value and unit, same surface first
    golds = []
    for f in gold["figures"]:
        for _ in range(int(f.get("count", 1))):
            golds.append(f)
    preds = list(ex.quantities)
    used: set[int] = set()
    pairs = []
    for want_same_text in (True, False):
        for gi, f in enumerate(golds):
            if any(gi == p[0] for p in pairs):
                continue
            gv = _dec(f["value"])
            for pi, q in enumerate(preds):
                if pi in used or q.unit != f["unit"] or _dec(q.value) != gv:
                    continue
                if want_same_text and f["text"] not in q.text and q.text not in f["text"]:
                    continue
                used.add(pi)
                pairs.append((gi, pi))
                break
    matched_g = {gi for gi, _ in pairs}
    for gi, f in enumerate(golds):
        prf = s.prf("figures", f["unit"])
        if gi in matched_g:
            prf.tp += 1
        else:
            prf.fn += 1
            s.errors["figures"]["fn"].append([f["text"], str(f["value"]), f["unit"]])
    for pi, q in enumerate(preds):
        if pi not in used:
            s.prf("figures", q.unit).fp += 1
            s.errors["figures"]["fp"].append([q.text, str(q.value), q.unit])
    for gi, pi in sorted(pairs):
        want = golds[gi].get("indicator", "")
        if not want:
            continue
        s.indicators_scored += 1
        got = preds[pi].indicators[:2]
        if any(indicator_right(g, want) for g in got):
            s.indicators_right += 1
        else:
            s.indicator_errors.append([golds[gi]["text"], want, list(got)])

    if gold.get("relations"):
        label = {e.key: e.label for e in ex.entities}

        def norm(sj: str, p: str, o: str) -> tuple:
            return (min(sj, o), p, max(sj, o)) if p == "cooperatesWith" else (sj, p, o)

        gr = Counter({norm(r["subject"], r["predicate"], r["object"]): 1 for r in gold["relations"]})
        pr = Counter({norm(label[r.subject], r.predicate, label[r.object]): 1 for r in ex.relations
                      if r.subject in label and r.object in label and r.predicate not in ("locatedIn", "jurisdiction")})
        _multiset_count(s, "relations", gr, pr, lambda x: x[1])
    return s


def combine_real(scores: Iterable[RealScores], name: str = "overall") -> RealScores:
    out = RealScores(report=name)
    for sc in scores:
        for lv in LEVELS:
            for k, v in sc.levels[lv].items():
                out.prf(lv, k).add(v)
        out.indicators_right += sc.indicators_right
        out.indicators_scored += sc.indicators_scored
    return out


def present(entries: Iterable[RealEntry], real_dir: Path, split: str | None) -> Iterator[RealEntry]:
    """Entries of ``split`` (``None``: all) whose text and gold are both on this machine."""
    for e in entries:
        if split and e.split != split:
            continue
        if e.text_path(real_dir).is_file() and e.gold_path(real_dir).is_file():
            yield e


def format_table(rows: list[RealScores]) -> str:
    head = (f"{'report':<36}{'mentions P/R/F1':>20}{'entities F1':>12}{'figures F1':>11}"
            f"{'indicators':>11}{'relations F1':>13}")
    lines = [head]
    for s in rows:
        m = s.total("mentions")
        lines.append(f"{s.report:<36}{m.precision:>8.3f}{m.recall:>6.3f}{m.f1:>6.3f}"
                     f"{s.total('entities').f1:>12.3f}{s.total('figures').f1:>11.3f}"
                     f"{s.indicator_accuracy:>11.3f}{s.total('relations').f1:>13.3f}")
    return "\n".join(lines)


def evaluate_split(split: str = "dev", *, real_dir: Path = DEFAULT_REAL_DIR, extractor: str = "rules",
                   lexicon_dir: Path | None = None, which: str = "all", batch: str | None = None) -> list[RealScores]:
    """Score every present report of ``split`` (``dev``, ``aside`` or ``all``) of the ``which`` set
    (``manifest``, ``pages`` or ``all``), or only those of one ``batch`` (a group of pages gathered
    and annotated together, e.g. a blind one); the last row is the total.

    Raises ``InputError`` when no text of the split is on this machine (they are not committed).
    """
    entries = [e for e in load_manifest(real_dir) if (which == "all" or e.raw.get("set") == which)
               and (batch is None or e.raw.get("batch") == batch)]
    chosen = list(present(entries, real_dir, None if split == "all" else split))
    if not chosen:
        raise InputError(f"{Path(real_dir) / 'texts'}: no texts of the real-report set here ({len(entries)} reports "
                         "in the manifest; their text is not committed: see data/real/README.md to gather them)")
    rows = []
    kwargs = {"lexicon_dir": lexicon_dir} if lexicon_dir else {}
    for e in chosen:
        ex = extract(read_document(e.text_path(real_dir)), extractor=extractor, **kwargs)
        rows.append(score_real(ex, load_real_gold(e.gold_path(real_dir)), report=e.id))
    label = "".join(f", {x}" for x in (which if which != "all" else "", batch or "") if x)
    rows.append(combine_real(rows, f"overall ({len(chosen)} {split}{label})"))
    return rows


def error_lines(rows: list[RealScores]) -> Iterator[str]:
    """Tab-separated false positives, false negatives and wrong indicators, report by report."""
    for r in rows:
        for lv in LEVELS:
            for kind in ("fp", "fn"):
                for item in r.errors[lv][kind]:
                    yield f"{r.report}\t{lv}\t{kind}\t{item}"
        for item in r.indicator_errors:
            yield f"{r.report}\tindicator\t{item}"


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.realset [--split dev|aside|all] [--set manifest|pages|all] [--errors] [--json]``."""
    ap = argparse.ArgumentParser(prog="python -m kg.realset", description=main.__doc__)
    ap.add_argument("--split", choices=[*SPLITS, "all"], default="dev")
    ap.add_argument("--set", dest="which", choices=["manifest", "pages", "all"], default="all",
                    help="manifest.jsonl, the annotated pages of pages.jsonl, or both")
    ap.add_argument("--batch", default=None, help="only the pages of this batch (their `batch` field)")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--extractor", default="rules")
    ap.add_argument("--real-dir", type=Path, default=DEFAULT_REAL_DIR)
    args = ap.parse_args(argv)
    try:
        rows = evaluate_split(args.split, real_dir=args.real_dir, extractor=args.extractor, which=args.which,
                              batch=args.batch)
    except InputError as e:
        print(f"Error: {e}")
        return 1
    if args.json:
        print(json.dumps([r.as_dict(errors=args.errors) for r in rows], ensure_ascii=False, indent=1))
    else:
        print(format_table(rows))
        if args.errors:
            print("\n".join(error_lines(rows[:-1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
