#!/usr/bin/env python3
"""Benchmark of a store build on one machine against the same build on a Dask cluster.

    .venv/bin/python scripts/bench_cluster.py [--reports 100] [--workers 2] [--work DIR] [--json FILE]

Generates N synthetic reports (``kg-bench generate``; not timed), then runs the real command
``kg build CORPUS --store OUT/store --no-cache --no-html`` three times under ``/usr/bin/time -v``:
in one process (``-j 1``: the CPU time per report), in the process pool (``-j WORKERS``) and on
a ``distributed.LocalCluster`` of WORKERS single-threaded worker processes (``--scheduler``).
Then bulk-loads the build's ``graph.nq`` into a fresh Oxigraph store on its own: the one step a
cluster does not spread, which bounds a very large build. Prints (and writes with ``--json``)
wall and CPU times, peak memory of the building process, triples, and the sizes of
``graph.nq`` and the store, in total and per report; the README's "On a cluster" section
extrapolates from them.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def timed_build(corpus: Path, out: Path, extra: list[str]) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out),
           "--store", str(out / "store"), "--no-cache", "--no-html", "--json", *extra]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"build failed: {p.stderr[-2000:]}")
    field = lambda name: float(re.search(rf"{name}: ([\d.]+)", p.stderr).group(1))   # noqa: E731
    summary = json.loads(p.stdout)
    return {"wall_s": round(wall, 1), "cpu_s": round(field(r"User time \(seconds\)") + field(r"System time \(seconds\)"), 1),
            "peak_rss_mb": round(field(r"Maximum resident set size \(kbytes\)") / 1024), "reports": summary["reports"],
            "triples": summary["triples"], "nquads_bytes": (out / "graph.nq").stat().st_size,
            "store_bytes": du(out / "store")}


def bulk_load(nquads: Path, store_dir: Path) -> dict:
    import pyoxigraph as ox

    shutil.rmtree(store_dir, ignore_errors=True)
    t = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    quads = len(store)
    wall = time.perf_counter() - t
    del store
    return {"wall_s": round(wall, 1), "quads": quads, "quads_per_s": round(quads / wall), "store_bytes": du(store_dir)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench-cluster"))
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    from distributed import LocalCluster

    corpus = args.work / f"corpus{args.reports}"
    if not corpus.exists():
        subprocess.run([sys.executable, "-m", "kg.bench", "generate", str(args.reports), str(corpus)], check=True,
                       capture_output=True)
    res: dict = {"reports_given": args.reports, "workers": args.workers}
    res["one_process"] = timed_build(corpus, args.work / "one", ["-j", "1"])
    res["pool"] = timed_build(corpus, args.work / "pool", ["-j", str(args.workers)])
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        res["cluster"] = timed_build(corpus, args.work / "cluster", ["--scheduler", c.scheduler_address])
    res["bulk_load"] = bulk_load(args.work / "cluster" / "graph.nq", args.work / "bulk")
    n = res["cluster"]["reports"]
    res["per_report"] = {"cpu_s": round(res["one_process"]["cpu_s"] / n, 2),
                         "triples": round(res["cluster"]["triples"] / n),
                         "nquads_kb": round(res["cluster"]["nquads_bytes"] / n / 1024, 1),
                         "store_kb": round(res["cluster"]["store_bytes"] / n / 1024, 1)}
    text = json.dumps(res, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
