#!/usr/bin/env python3
"""Measure what ``kg inspect`` reads in real report pages against the manifest's gold.

Takes ``data/real/manifest.jsonl`` (the first 42 pages, with gold annotations) and/or
``data/real/pages.jsonl`` (60 more pages, metadata only), one JSON object per report (id, title,
issuer, issuer_from, year, split…), and the page texts ``data/real/texts/<id>.txt`` (git-ignored;
entries without a text are skipped); gives, for the chosen set and split, a table and a JSON
summary:

* title, issuer, year accuracy. Title and issuer match exactly once spaces are removed (NFKC);
  the lenient issuer match also accepts a prediction the gold name ends with, or the same
  name once a province prefix is dropped from either.
* the same, separately for pages that show their title line and pages saved without it
  (``title_on_page``: false, the gold title is a reconstruction), and the issuer accuracy
  separately for pages whose gold issuer can be read in the text and pages where it was taken
  from the address alone (``issuer_from``: ``url``; no reader of the text can give it); and all
  three on the pages whose text holds both the title line and the issuer's place
  (``text_holds_all``: what a user who saves or pastes the whole page has).
* furniture left: characters kept before the report's title line (or, when the main text
  does not hold the title, before the manifest's ``head``, the start of the body), and lines
  of known furniture (``kg.furniture.classify``) left anywhere in the main text.

Usage:
    .venv/bin/python scripts/measure_inspect.py --set all --split dev [--json build/measure_inspect.json] [--errors]
    .venv/bin/python scripts/measure_inspect.py --set pages --split aside --summary   # unseen pages: no per-page rows
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from kg.errors import KGError
from kg.furniture import classify, squeeze
from kg.ingest import read_parts
from kg.inspect import inspect

ROOT = Path(__file__).resolve().parents[1]
_PROVINCE = re.compile(r"^.{2,8}?(?:省|自治区)")


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(s)).split())


def issuer_match(gold: str, pred: str) -> tuple[bool, bool]:
    """(exact, lenient) match of a predicted issuer against the gold one."""
    g, p = _norm(gold), _norm(pred)
    exact = g == p
    lenient = exact or (bool(p) and g.endswith(p)) or _PROVINCE.sub("", g) == _PROVINCE.sub("", p)
    return exact, lenient


def furniture_left(text: str, gold_title: str, head: str) -> tuple[int, int]:
    """(characters before the title line or body start, lines of known furniture in the text)."""
    lines = text.split("\n")
    title, hd = squeeze(gold_title), squeeze(head)[:12]
    before, pos = None, 0
    for ln in lines:
        s = squeeze(ln)
        if s and title and (s == title or (len(s) >= 6 and title.startswith(s))):
            before = pos
            break
        pos += len(ln) + 1
    if before is None and hd:
        pos = 0
        for ln in lines:
            if squeeze(ln).startswith(hd):
                before = pos
                break
            pos += len(ln) + 1
    left = sum(1 for ln in lines if ln.strip() and classify(ln) is not None)
    return (before if before is not None else -1), left


SETS = {"manifest": ("manifest.jsonl",), "pages": ("pages.jsonl",), "all": ("manifest.jsonl", "pages.jsonl")}


def _golds(real: Path, which: str):
    for name in SETS[which]:
        path = real / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield path.stem, json.loads(line)


def measure(real: Path, texts: Path, split: str, which: str = "manifest", batch: str | None = None) -> dict:
    rows = []
    for set_name, gold in _golds(real, which):
        if split != "all" and gold.get("split") != split:
            continue
        if batch is not None and gold.get("batch") != batch:
            continue
        path = texts / f"{gold['id']}.txt"
        if not path.exists():
            continue
        try:
            r = inspect(path)
        except KGError as e:
            rows.append({"id": gold["id"], "error": str(e)})
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        main = read_parts(path).main.text
        exact, lenient = issuer_match(gold["issuer"], r["issuer"]["value"])
        before, left = furniture_left(main, gold["title"], gold.get("head", ""))
        rows.append({
            "id": gold["id"], "set": set_name, "kind": gold.get("kind", ""),
            "title_on_page": gold.get("title_on_page", True), "issuer_from": gold.get("issuer_from", "page"),
            "title_ok": _norm(gold["title"]) == _norm(r["title"]["value"]),
            "issuer_ok": exact, "issuer_lenient": lenient,
            "year_ok": int(gold["year"]) == int(r["year"]["value"]),
            "date_ok": (not gold.get("date")) or gold["date"] == r["date"]["value"],
            "gold": {"title": gold["title"], "issuer": gold["issuer"], "year": gold["year"], "date": gold.get("date", "")},
            "got": {k: r[k] for k in ("title", "issuer", "year", "date")},
            "chars_before_title": before, "furniture_lines_left": left,
            "removed_chars": r["removed"]["chars"], "text_chars": len(text), "main_chars": len(main),
        })
    ok = [x for x in rows if "error" not in x]
    n = len(ok)

    def rate(key: str) -> float:
        return round(sum(x[key] for x in ok) / n, 3) if n else 0.0

    summary = {"set": which, "split": split, "reports": len(rows), "errors": len(rows) - n,
               "title": rate("title_ok"), "issuer": rate("issuer_ok"), "issuer_lenient": rate("issuer_lenient"),
               "year": rate("year_ok"), "date": rate("date_ok"),
               "all_three": round(sum(x["title_ok"] and x["issuer_ok"] and x["year_ok"] for x in ok) / n, 3) if n else 0.0,
               "chars_before_title_total": sum(max(0, x["chars_before_title"]) for x in ok),
               "title_or_head_not_found": sum(1 for x in ok if x["chars_before_title"] < 0),
               "furniture_lines_left": sum(x["furniture_lines_left"] for x in ok)}
    # pages that show their title line, and pages saved without it (their gold title is reconstructed)
    for shown in (True, False):
        part = [x for x in ok if x["title_on_page"] is shown]
        key = "with_title_line" if shown else "without_title_line"
        summary[key] = {"reports": len(part), **{f: round(sum(x[f"{f}_ok"] for x in part) / len(part), 3)
                                                 if part else 0.0 for f in ("title", "issuer", "year")}}
    # gold issuers read on the page, and those taken from the address alone
    for frm in ("page", "url"):
        part = [x for x in ok if x["issuer_from"] == frm]
        summary[f"issuer_from_{frm}"] = {"reports": len(part), "issuer": round(sum(x["issuer_ok"] for x in part)
                                                                             / len(part), 3) if part else 0.0}
    # pages whose text holds what a reader needs: the title line and the issuer's own place
    part = [x for x in ok if x["title_on_page"] and x["issuer_from"] == "page"]
    summary["text_holds_all"] = {"reports": len(part), **{f: round(sum(x[f"{f}_ok"] for x in part) / len(part), 3)
                                                          if part else 0.0 for f in ("title", "issuer", "year")},
                                 "all_three": round(sum(x["title_ok"] and x["issuer_ok"] and x["year_ok"]
                                                        for x in part) / len(part), 3) if part else 0.0}
    if which == "all":
        summary["by_set"] = {}
        for name in ("manifest", "pages"):
            part = [x for x in ok if x["set"] == name]
            summary["by_set"][name] = {"reports": len(part), **{f: round(sum(x[f"{f}_ok"] for x in part) / len(part), 3)
                                                                if part else 0.0 for f in ("title", "issuer", "year")}}
    return {"summary": summary, "reports": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", type=Path, default=ROOT / "data" / "real", help="Folder of manifest.jsonl, pages.jsonl.")
    ap.add_argument("--texts", type=Path, default=ROOT / "data" / "real" / "texts")
    ap.add_argument("--set", dest="which", choices=sorted(SETS), default="manifest",
                    help="manifest.jsonl (42 annotated pages), pages.jsonl (60 more) or both.")
    ap.add_argument("--split", choices=["dev", "aside", "all"], default="dev")
    ap.add_argument("--summary", action="store_true", help="Only the summary: no per-page rows (for unseen pages).")
    ap.add_argument("--json", type=Path, default=None, help="Also write the full result here.")
    ap.add_argument("--errors", action="store_true", help="List every wrong title, issuer or year.")
    ap.add_argument("--batch", default=None, help="Only the pages of this batch (their `batch` field).")
    args = ap.parse_args(argv)
    res = measure(args.real, args.texts, args.split, args.which, args.batch)
    s = res["summary"]
    if args.summary:
        print(json.dumps(s, ensure_ascii=False))
        return 0
    print(f"{'id':<34}{'title':>6}{'issuer':>7}{'lenient':>8}{'year':>5}{'before':>7}{'left':>5}")
    for x in res["reports"]:
        if "error" in x:
            print(f"{x['id']:<34} ERROR {x['error']}")
            continue
        mark = {True: "ok", False: "--"}
        print(f"{x['id']:<34}{mark[x['title_ok']]:>6}{mark[x['issuer_ok']]:>7}{mark[x['issuer_lenient']]:>8}"
              f"{mark[x['year_ok']]:>5}{x['chars_before_title']:>7}{x['furniture_lines_left']:>5}")
    print(f"\n{s['set']} {s['split']}: {s['reports']} reports ({s['errors']} unreadable); title {s['title']:.1%}, "
          f"issuer {s['issuer']:.1%} (lenient {s['issuer_lenient']:.1%}), year {s['year']:.1%}, "
          f"all three {s['all_three']:.1%}, date {s['date']:.1%}; furniture left: "
          f"{s['chars_before_title_total']} chars before the title/body, {s['furniture_lines_left']} furniture lines, "
          f"{s['title_or_head_not_found']} texts where neither title nor head was found")
    if args.errors:
        for x in res["reports"]:
            if "error" in x:
                continue
            for k, key in (("title", "title_ok"), ("issuer", "issuer_ok"), ("year", "year_ok")):
                if not x[key]:
                    print(f"{x['id']}\t{k}\tgold={x['gold'][k]}\tgot={x['got'][k]['value']}\t[{x['got'][k]['source']}]")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(s, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
