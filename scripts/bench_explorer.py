#!/usr/bin/env python3
"""Benchmark of the live explorer (`kg serve`'s /api) on a synthetic corpus, server side.

Generates N synthetic reports (`kg-bench generate`) and builds a store of them
(`kg build --store --no-html`), unless --store names one already built; then starts the
real endpoint (Oxigraph behind the guards, as `kg serve` does), which indexes the store,
and times the explorer's answers in the server process, each on its own, over many
samples: suggestions (one character, two characters, a whole name), opening a node
(its figures and quoted sentences go through the guarded endpoint) and a first
expansion. Prints the start-up (index) time and median / 90th percentile / max per
answer, with the issue's targets (on 10,000 reports: suggest <= 50 ms, open <= 200 ms,
expand <= 300 ms, medians).

    .venv/bin/python scripts/bench_explorer.py --reports 1000 [--work build/bench-explorer]
    .venv/bin/python scripts/bench_explorer.py --store build/bench-explorer/store-1000
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kg.serve import Endpoint, ServerConfig

TARGETS_MS = {"suggest": 50, "open": 200, "expand": 300}


def build(reports: int, work: Path) -> Path:
    """A store of ``reports`` synthetic reports under ``work`` (made once, then reused)."""
    corpus, store = work / f"corpus-{reports}", work / f"store-{reports}"
    if (store / "CURRENT").exists():
        return store
    bindir = Path(sys.executable).parent
    t0 = time.perf_counter()
    if not corpus.exists():
        subprocess.run([str(bindir / "kg-bench"), "generate", str(reports), str(corpus)], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run([str(bindir / "kg"), "build", str(corpus), "-o", str(work / f"out-{reports}"), "--store", str(store),
                    "--no-html", "--no-cache"], check=True, stdout=subprocess.DEVNULL)
    print(f"built {reports} reports into {store} in {time.perf_counter() - t0:.0f} s (not timed below)")
    return store


def timed(fn, samples) -> list[float]:
    out = []
    for s in samples:
        t0 = time.perf_counter()
        status, _ = fn(s)
        out.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise SystemExit(f"answer {status} for {s!r}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=Path("build/bench-explorer"))
    ap.add_argument("--store", type=Path, help="a store already built (skips generating and building)")
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    store = args.store or build(args.reports, args.work)
    t0 = time.perf_counter()
    with Endpoint(ServerConfig(store=store, port=0)) as ep:
        started = time.perf_counter() - t0
        ex = ep.explorer
        ix = ex.index
        rng = random.Random(7)
        ents = rng.sample(range(len(ix.iris)), min(args.samples, len(ix.iris)))
        hubs = sorted(range(len(ix.iris)), key=lambda e: -ix.degree[e])[:20]
        names = [ix.labels[e] for e in ents]
        queries = ([n[:1] for n in names[:50]] + [n[:2] for n in names[:50]] + [n[2:5] for n in names[:50]] + names)
        ask = lambda name, **p: ex.handle(name, {k: [str(v)] for k, v in p.items()})  # noqa: E731
        figures = {
            "suggest": timed(lambda q: ask("suggest", q=q), queries),
            "open": timed(lambda e: ask("node", id=ix.iris[e]), ents + hubs),
            "expand": timed(lambda e: ask("expand", id=ix.iris[e]), ents + hubs),
            "expand hub": timed(lambda e: ask("expand", id=ix.iris[e]), hubs),
        }
        result = {"reports": len(ix.reports), "entities": len(ix.iris),
                  "relations": sum(len(a) for a in ix.adjacency) // 2, "max_degree": ix.degree[hubs[0]],
                  "start_s": round(started, 2)}
        for name, ms in figures.items():
            result[name] = {"median_ms": round(statistics.median(ms), 1),
                            "p90_ms": round(statistics.quantiles(ms, n=10)[-1], 1), "max_ms": round(max(ms), 1),
                            "n": len(ms)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"{result['reports']} reports, {result['entities']} entities, {result['relations']} relations "
          f"(largest hub: {result['max_degree']} neighbours); kg serve started and indexed in {result['start_s']} s")
    for name in figures:
        r = result[name]
        target = TARGETS_MS.get(name)
        print(f"  {name:<11} median {r['median_ms']:7.1f} ms   p90 {r['p90_ms']:7.1f} ms   max {r['max_ms']:7.1f} ms"
              f"   ({r['n']} answers{f'; target on 10,000 reports: median <= {target} ms' if target else ''})")


if __name__ == "__main__":
    main()
