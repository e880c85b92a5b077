"""``kg-bench``: a synthetic report corpus for benchmarks only (never for quality numbers).

Takes: a number N, an output folder and a seed. Gives: N report files with their metadata.

    kg-bench generate N OUTDIR [--seed 0] [--chars 1000]

Writes N plausible reports (``synth00000.txt`` + ``.meta.json``) by recombining the
phrasings of the development reports (``data/dev``) and the seed (``data/reports``): each
synthetic report takes the headings of one source report and fills them with body lines
drawn from all of them, cut to about ``--chars`` characters (1,000 by default: 1,000
reports are about 3 MB of UTF-8, as in issue 8's targets). Then, found by the extractor
itself: the names of organisations, platforms, projects, events and funds are replaced by
made-up names with the same head noun (甲乙丙工程研究中心) drawn from a pool that grows
with N, so entities recur across reports the way real ones do; the issuer and its places are
made up (province, city, district); laws, regulations and national programmes keep their
names, so they are shared across the corpus; every figure gets random digits. The same
seed gives the same corpus.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.extract import extract, load_lexicon
from kg.ingest import find_reports, read_document
from kg.resources import DEV_DIR, SEED_DIR

SOURCES = (SEED_DIR, DEV_DIR)   # the phrasings: the seed and development reports, shipped with kg
# made-up syllables for names: none of them is a real place or organisation on its own
SYLLABLES = list("华新东嘉川江云明德兴安宁恒泰丰和康源天海金瑞祥中宏远博睿创智达鑫星光正昌盛合信诚建航汇")
KEEP = {"Law", "Regulation", "Program", "LocalPolicy", "InternalRule", "Place", "PartyBody", "LegislativeBody",
        "ConsultativeBody"}
BUREAUS = [("科学技术局", "区科技局"), ("经济和信息化局", "区经信局"), ("发展和改革委员会", "区发改委")]
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Line:
    text: str
    heading: bool
    names: list[tuple[int, int, str, str]]   # (start, end, class, head) of names to replace


def _source_lines() -> list[list[Line]]:
    """Per source report, its lines with the spans of replaceable names."""
    lex = load_lexicon()
    reports: list[list[Line]] = []
    for path in find_reports(list(SOURCES)):
        doc = read_document(path)
        ex = extract(doc)
        spans = sorted((m.span.start, m.span.end, m.cls, m.canonical) for m in ex.mentions
                       if m.cls not in KEEP and m.source != "metadata")
        lines, pos = [], 0
        for raw in doc.text.split("\n"):
            start, end = pos, pos + len(raw)
            pos = end + 1
            if not raw.strip():
                continue
            names = []
            for s, e, cls, canon in spans:
                if start <= s and e <= end and canon != doc.meta.issuer:
                    head = lex.head_of(canon)
                    names.append((s - start, e - start, cls, head[0] if head else ""))
            lines.append(Line(raw, bool(_HEADING.match(raw)) and len(raw) < 40, names))
        reports.append(lines[1:])          # the first line is the title
    return reports


def _name(rng: random.Random, head: str, cls: str) -> str:
    n = rng.choice((2, 2, 3, 4))
    stem = "".join(rng.choice(SYLLABLES) for _ in range(n))
    if head:
        return stem + head
    return stem + {"Enterprise": "科技有限公司", "University": "大学", "Bank": "银行", "Project": "项目",
                   "Event": "活动", "Fund": "专项资金"}.get(cls, "中心")


class Generator:
    def __init__(self, n: int, seed: int = 0, chars: int = 1000) -> None:
        self.rng = random.Random(seed)
        self.n, self.chars = n, chars
        self.reports = _source_lines()
        self.body = [ln for rep in self.reports for ln in rep if not ln.heading]
        # a pool of names per (class, head) that grows with the corpus: entities recur
        self.pool_size = max(5, int(n ** 0.7))
        self.pools: dict[tuple[str, str], list[str]] = {}
        self.places = self._places()

    def _places(self) -> list[tuple[str, str, str]]:
        rng, out, seen = self.rng, [], set()
        provinces = ["".join(rng.choice(SYLLABLES) for _ in range(2)) + "省" for _ in range(12)]
        while len(out) < max(20, self.n // 3):
            p = rng.choice(provinces)
            c = "".join(rng.choice(SYLLABLES) for _ in range(2)) + "市"
            d = "".join(rng.choice(SYLLABLES) for _ in range(2)) + "区"
            if (c, d) not in seen:
                seen.add((c, d))
                out.append((p, c, d))
        return out

    def _pooled(self, cls: str, head: str) -> str:
        pool = self.pools.setdefault((cls, head), [])
        if len(pool) < self.pool_size and (not pool or self.rng.random() < 0.5):
            pool.append(_name(self.rng, head, cls))
        return self.rng.choice(pool)

    def _fill(self, line: Line) -> str:
        text, out, last = line.text, [], 0
        for s, e, cls, head in line.names:
            out.append(text[last:s])
            out.append(self._pooled(cls, head))
            last = e
        out.append(text[last:])
        return _FIGURE.sub(lambda m: _digits(self.rng, m.group(0)), "".join(out))

    def report(self, i: int) -> tuple[str, dict]:
        rng = self.rng
        province, city, district = rng.choice(self.places)
        bureau, short = rng.choice(BUREAUS)
        issuer = f"{city}{district}{bureau}"
        year = rng.choice((2022, 2023, 2024))
        title = f"{issuer}关于{year}年法治政府建设情况的报告"
        skeleton = rng.choice(self.reports)
        budget = max(200, int(rng.gauss(self.chars, self.chars / 4)))
        lines = [title, f"{year}年，{short}在区委、区政府的领导下，坚持依法行政，现将有关情况报告如下："]
        size = sum(len(x) for x in lines)
        for ln in skeleton:
            if size >= budget:
                break
            src = ln if ln.heading else rng.choice(self.body)
            text = self._fill(src)
            lines.append(text)
            size += len(text)
        meta = {"title": title, "issuer": issuer, "year": year, "source": f"synth{i:05d}.txt",
                "place": [province, city, district], "genre": "法治政府建设情况报告",
                "origin": "synthetic (kg-bench): recombined development-report phrasings with "
                          "made-up names and figures; for benchmarks only"}
        return "\n".join(lines) + "\n", meta


def _digits(rng: random.Random, number: str) -> str:
    if "." in number:
        a, b = number.split(".")
        return f"{_digits(rng, a)}.{_digits(rng, b)}"
    if len(number) == 4 and number.startswith("20"):
        return number              # a year stays a year
    first = str(rng.randint(1, 9)) if len(number) > 1 else str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(len(number) - 1))


def generate(n: int, outdir: Path, *, seed: int = 0, chars: int = 1000) -> int:
    """Write ``n`` reports into ``outdir``; returns the characters written."""
    outdir.mkdir(parents=True, exist_ok=True)
    gen = Generator(n, seed=seed, chars=chars)
    total = 0
    for i in range(n):
        text, meta = gen.report(i)
        (outdir / f"synth{i:05d}.txt").write_text(text, encoding="utf-8")
        (outdir / f"synth{i:05d}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                                         encoding="utf-8")
        total += len(text)
    return total


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write N synthetic reports into OUTDIR")
    g.add_argument("n", type=int)
    g.add_argument("outdir", type=Path)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--chars", type=int, default=1000, help="mean characters per report")
    args = ap.parse_args(argv)
    total = generate(args.n, args.outdir, seed=args.seed, chars=args.chars)
    print(f"wrote {args.n} reports ({total} characters) to {args.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
