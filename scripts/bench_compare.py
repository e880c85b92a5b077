#!/usr/bin/env python3
"""Benchmark of ``kg compare`` on a 3-edition series (timing only; quality is tested in tests/test_series.py).

    .venv/bin/python scripts/bench_compare.py [--runs 5] [--json FILE]

Times, as the real command in a fresh process each run (median of ``--runs``):

* ``store``: ``kg compare --issuer NAME --store DIR`` on the store ``kg build --store`` makes of
  the three editions of data/series/nanhu_kjj_*.txt (built once, not timed): the series read
  from a built store, figures aligned, plans checked, the table printed;
* ``files_cold``: ``kg compare --issuer NAME FILES...`` on the three report files in a fresh
  working folder each run, so the extraction cache (``.cache/kg`` there) starts empty: extraction
  included;
* ``files_cached``: the same command run again in one folder, the extraction from its cache (what
  a user sees from the second run on).

The process start (Python, click, kg's imports) is part of each figure.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")
ISSUER = "嘉兴市南湖区科学技术局"


def timed(cmd: list[str], runs: int, cwd=None) -> float:
    """Median wall time of ``runs`` runs; ``cwd`` is a folder or a callable giving a new one per run."""
    times = []
    for _ in range(runs):
        where = cwd() if callable(cwd) else cwd
        t = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=where)
        times.append(time.perf_counter() - t)
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr[-2000:]}")
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    files = [str(p) for p in sorted((ROOT / "data" / "series").glob("nanhu_kjj_*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for f in files:
            for src in (Path(f), Path(f).with_suffix(".meta.json")):
                (corpus / src.name).write_bytes(src.read_bytes())
        subprocess.run([str(KG), "build", str(corpus), "-o", str(Path(tmp) / "build"), "--store", str(Path(tmp) / "store"),
                        "--no-html", "-j", "1", "--cache-dir", str(Path(tmp) / "cache")], check=True, capture_output=True)
        out = {"editions": len(files), "runs": args.runs,
               "store_s": round(timed([str(KG), "compare", "--issuer", ISSUER, "--store", str(Path(tmp) / "store")],
                                      args.runs), 3),
               "files_cold_s": round(timed([str(KG), "compare", "--issuer", ISSUER, *files], args.runs,
                                           cwd=lambda: tempfile.mkdtemp(dir=tmp)), 3),
               "files_cached_s": round(timed([str(KG), "compare", "--issuer", ISSUER, *files], args.runs,
                                             cwd=tmp), 3)}
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
