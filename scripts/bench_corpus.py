#!/usr/bin/env python3
"""Benchmarks of corpus builds on synthetic corpora (kg-bench, kg/bench.py; never quality numbers).

    .venv/bin/python scripts/bench_corpus.py [--sizes 1,100,1000,10000] [--jobs 0] [--work DIR] [--json FILE]

For each size N: generates N synthetic reports (not timed), then runs the real command
``kg build CORPUS -o OUT --cache-dir FRESH`` under ``/usr/bin/time -v`` (wall time, peak
resident memory of the largest process), then the same build again (everything from the
cache) into a fresh output folder (*cached*: the whole store loaded again), then again into the
same folder (*rebuild*: the previous store updated, kg.corpus.update, with no report changed),
then once more with 1% of the reports edited (*1% edited*: those dropped and loaded, the rest
kept), then, on the store, each competency question (ontology/queries/*.rq) five times
(median latency; ``--query-runs``) and the entity view of ``kg viz`` (select 400 of all entities, render).
Also measures extraction throughput (characters per second on one core, no cache) on the
development reports and on the synthetic ones.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = Path(sys.executable).with_name("kg")


def timed_build(corpus: Path, out: Path, cache: Path, jobs: int, extra: list[str]) -> dict:
    cmd = ["/usr/bin/time", "-v", str(KG), "build", str(corpus), "-o", str(out), "--cache-dir", str(cache),
           "--json", "-j", str(jobs), *extra]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"build failed: {p.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    summary = json.loads(p.stdout)
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(rss / 1024), "triples": summary["triples"],
            "entities": summary["entities"], "reports": summary["reports"],
            "store_update": summary.get("store_update")}


def store_mb(store: Path) -> int:
    """The store's size on disk: its RocksDB files, not the hard link to graph.nq kept beside them."""
    from kg.corpus.update import GRAPH_COPY

    return round(sum(f.stat().st_size for f in store.resolve().rglob("*") if f.is_file() and f.name != GRAPH_COPY)
                 / 2**20)


def edited_copy(corpus: Path, dest: Path, *, share: float) -> Path:
    """``corpus`` again in ``dest`` (hard links), with every 1/``share``-th report given one more
    sentence (at least one report): what a rebuild after a few reports were corrected sees."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    files = sorted(corpus.iterdir())
    step = max(1, round(1 / share))
    reports = [f for f in files if f.suffix == ".txt"]
    edit = set(reports[::step])
    for f in files:
        if f in edit:
            text = f.read_text(encoding="utf-8") + "\n全年共召开专题会议3次。\n"
            (dest / f.name).write_text(text, encoding="utf-8")
        else:
            os.link(f, dest / f.name)
    return dest


def throughput(files: list[Path]) -> float:
    from kg.corpus import ReportTask, extract_report

    chars, t = 0, time.perf_counter()
    for f in files:
        chars += len(extract_report(ReportTask(f)).document.text)
    return chars / (time.perf_counter() - t)


def query_latency(store: Path, runs: int = 5) -> dict[str, float]:
    from kg.query import run_query, saved_queries
    from kg.store import open_store

    st = open_store(store, read_only=True)
    out = {}
    for name in sorted(saved_queries()):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            run_query(st, name)
            times.append(time.perf_counter() - t)
        out[name] = round(statistics.median(times) * 1000, 1)
    return out


def viz_time(store: Path) -> dict:
    from rdflib import Graph

    from kg.store import open_store
    from kg.views import entity_view
    from kg.visualize import render_html

    onto = Graph().parse(ROOT / "ontology" / "kg.ttl")
    t = time.perf_counter()
    v = entity_view(open_store(store, read_only=True), ontology=onto)
    render_html(v.graph, title=v.title, note=v.note)
    return {"viz_s": round(time.perf_counter() - t, 1), "drawn": v.graph.number_of_nodes(), "of": v.total}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,100,1000,10000")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--json", type=Path, default=None, help="append the results here")
    ap.add_argument("--once", action="store_true", help="skip the second (cached) build")
    ap.add_argument("--query-runs", type=int, default=5, help="runs per question (median); 0: builds only")
    args = ap.parse_args()
    from kg.bench import generate

    args.work.mkdir(parents=True, exist_ok=True)
    results: dict = {"cores": os.cpu_count(), "load_average_at_start": os.getloadavg()[0]}
    dev = sorted((ROOT / "data" / "dev").glob("*.txt")) + sorted((ROOT / "data" / "reports").glob("*.txt"))
    throughput(dev[:1])   # warm-up: lexicons, regexes
    results["extract_chars_per_s_dev"] = round(throughput(dev * 5))
    for n in [int(x) for x in args.sizes.split(",")]:
        corpus, out, cache = args.work / f"corpus{n}", args.work / f"out{n}", args.work / f"cache{n}"
        if not corpus.exists():
            generate(n, corpus, seed=n)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))
        if n == 100:
            results["extract_chars_per_s_synthetic"] = round(throughput(sorted(corpus.glob("*.txt"))))
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        r = {"chars": chars, "bytes": sum(p.stat().st_size for p in corpus.glob("*.txt"))}
        r["cold"] = timed_build(corpus, out, cache, args.jobs, [])
        if not args.once:
            shutil.rmtree(out)
            r["cached"] = timed_build(corpus, out, cache, args.jobs, [])
            if (out / "store").exists():
                r["store_mb_fresh"] = store_mb(out / "store")
            r["rebuild"] = timed_build(corpus, out, cache, args.jobs, [])
            edited = edited_copy(corpus, args.work / f"edited{n}", share=0.01)
            r["edited_1pct"] = timed_build(edited, out, cache, args.jobs, [])
        store = out / "store"
        if store.exists():
            r["store_mb"] = store_mb(store)   # after the last build (updated, when there were several)
        if store.exists() and args.query_runs > 0:
            r["query_ms"] = query_latency(store, args.query_runs)
            r["query_ms_median_of_medians"] = statistics.median(r["query_ms"].values())
            r["viz"] = viz_time(store)
        results[str(n)] = r
        print(json.dumps({n: r}, ensure_ascii=False), flush=True)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as f:
            f.write(json.dumps(results, ensure_ascii=False) + "\n")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
