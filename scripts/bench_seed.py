#!/usr/bin/env python3
"""Benchmark of the seed build as a user runs it: ``kg build`` of data/reports, whole process.

    .venv/bin/python scripts/bench_seed.py [--runs 7] [--work DIR]

Times the real command (``kg build data/reports -o OUT``, a new process each run, wall time
from start to exit, imports included) three ways, each the median of ``--runs`` runs after one
warm-up run: with the extraction cache filled (what a second ``kg build`` does), with
``--no-cache`` (nothing read from or written to the cache: every run extracts), and with
``--no-cache --no-html``. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")


def median_wall(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, check=True, capture_output=True)       # warm-up (and fills the cache)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-seed-"))
    work.mkdir(parents=True, exist_ok=True)
    base = [str(KG), "build", str(ROOT / "data" / "reports"), "-o", str(work / "out")]
    out = {"runs": args.runs, "cores": os.cpu_count(), "load_average_at_start": os.getloadavg()[0],
           "cached_s": median_wall([*base, "--cache-dir", str(work / "cache")], args.runs),
           "no_cache_s": median_wall([*base, "--no-cache"], args.runs),
           "no_cache_no_html_s": median_wall([*base, "--no-cache", "--no-html"], args.runs)}
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
