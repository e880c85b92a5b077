#!/usr/bin/env python3
"""Benchmark of `kg viz` on a synthetic graph of many entities (default 20,000).

Writes the synthetic graph as Turtle into a temporary folder (not timed), then times the
real command `kg viz --graph ... -o ...` for the entities and measures views, and, when
Chromium and Playwright are there, how long the page takes to open and settle.

    .venv/bin/python scripts/bench_viz.py [--entities 20000] [--max-nodes 400]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from kg.synthetic import synthetic_graph


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--max-nodes", type=int, default=400)
    args = ap.parse_args()
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory() as tmp:
        ttl = Path(tmp) / "synthetic.ttl"
        t0 = time.perf_counter()
        g: Graph = synthetic_graph(args.entities)
        g.serialize(ttl, format="turtle")
        print(f"synthetic graph: {args.entities} entities, {len(g)} triples, "
              f"{ttl.stat().st_size / 1e6:.1f} MB Turtle (made in {time.perf_counter() - t0:.1f} s, not timed)")
        del g
        pages = {}
        for view in ("entities", "measures"):
            out = Path(tmp) / f"{view}.html"
            t0 = time.perf_counter()
            r = subprocess.run([str(kg), "viz", "--graph", str(ttl), "--view", view, "-o", str(out),
                                "--max-nodes", str(args.max_nodes)], capture_output=True, text=True, check=True)
            took = time.perf_counter() - t0
            print(f"kg viz --view {view}: {took:.2f} s   ({r.stdout.strip()}; {out.stat().st_size / 1e6:.2f} MB)")
            pages[view] = out
        _browser(pages)


def _browser(pages: dict[str, Path]) -> None:
    """Seconds from opening each page in headless Chromium to a still layout."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("page: playwright not installed, skipped")
        return
    if not chromium.exists():
        print("page: chromium not installed, skipped")
        return
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox", "--disable-gpu"])
        for view, path in pages.items():
            page = b.new_page(viewport={"width": 1600, "height": 1000})
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-stable='1']", state="attached", timeout=120_000)
            took = time.perf_counter() - t0
            n = page.evaluate("window.kgNodes.length")
            print(f"page {view}: {n} nodes drawn, layout still after {took:.2f} s")
            page.close()
        b.close()


if __name__ == "__main__":
    main()
