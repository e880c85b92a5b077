#!/usr/bin/env python3
"""Benchmark of the competency questions: rdflib in memory vs the embedded Oxigraph store.

The synthetic graphs have the ontology's exact shape because they are copies of the
built seed report (entities, measures, figures, mentions, sentences, relation axioms,
inferred triples): copy ``k`` gets its own report, sentence, mention, measure and figure
IRIs; entities are shared by about five copies (as bodies, laws and universities recur
across reports), with their labels suffixed (``重庆大学·3``) except for the first pool, so
``entity_neighbourhood`` still starts from one entity. Sizes are rounded to whole copies.

Each saved question of ``ontology/queries/`` runs through ``kg.query.run_query`` on
(a) an rdflib ``Graph`` in memory (``Dataset`` for the named-graph question) and (b) a
pyoxigraph store on disk (one named graph per copy, union default graph). Times are
medians of ``--runs`` runs after one warm-up run; an rdflib question whose first run
takes longer than ``--cap`` seconds is stopped and shown as ``>cap`` (it runs in a
forked child so it can be stopped), and one slower than 2 s is run once.

    .venv/bin/python scripts/bench_query.py [--sizes 10000 100000 1000000] [--runs 5] [--cap 60] [--readme]

``--readme`` writes the table into README.md between the ``bench_query`` markers.

With ``--store DIR`` (a store built by ``kg build CORPUS --store DIR``) it times instead each
saved question's corpus form on that store, as ``kg query NAME --graph DIR`` asks it: the
first page (``kg.query.run_page``, default ``--limit 100``: a listing question read report by
report, any other with ``LIMIT`` and its rest counted), its selective forms (one report:
``report=ID``; that report's issuer: ``issuer=NAME``; one indicator or entity of that report
where the question takes one), and with ``--full`` every row (``--all``). A form whose first
run passes ``--cap`` seconds is stopped and shown as ``>cap``.

    .venv/bin/python scripts/bench_query.py --store /tmp/b1k_out/store [--runs 5] [--full] [--readme]

``--readme`` then writes that table between the ``bench_query_corpus`` markers.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "reports" / "000_f755293a707b958a.txt"
SELECTIVE = {"entity_neighbourhood"}  # answer about one named entity, whatever the corpus size
# Selective look-ups an analyst runs on a large corpus, beyond the saved questions (one
# report, one body, one figure); {report} is the IRI of the 8th copy's report.
EXTRA = {
    "one report's money figures": """SELECT ?indicator ?value WHERE {
        GRAPH <{report}> { ?f kg:unit unit:CCY_CNY ; kg:value ?value ; kg:indicator ?i }
        ?i rdfs:label ?indicator } ORDER BY DESC(?value)""",
    "partners of one body": """SELECT ?partner ?verb WHERE {
        ?u rdfs:label "重庆大学"@zh . ?m kg:hasPartner ?u ; kg:actionVerb ?verb ; kg:hasActor/rdfs:label ?partner }""",
    "where one figure is stated": """SELECT ?start ?end ?sentence WHERE {
        GRAPH <{report}> { ?m kg:exact "697万元" ; kg:inSentence/kg:text ?sentence }
        BIND(STRAFTER(STR(?m), "/mention/") AS ?c)
        BIND(xsd:integer(STRBEFORE(?c, "-")) AS ?start) BIND(xsd:integer(STRAFTER(?c, "-")) AS ?end) }""",
}
MARK_START, MARK_END = "<!-- bench_query:start -->", "<!-- bench_query:end -->"
CORPUS_START, CORPUS_END = "<!-- bench_query_corpus:start -->", "<!-- bench_query_corpus:end -->"


def seed_ntriples() -> tuple[str, str]:
    """The built seed graph (data + inferred) as N-Triples, and its report IRI."""
    from kg.config import load_settings
    from kg.pipeline import build
    from kg.rdfize import report_iri

    result = build([SEED], load_settings(None), build_time="2025-01-01T00:00:00Z")
    return result.graph.serialize(format="nt"), str(report_iri(result.extractions[0].document.id))


def replicate(nt: str, report: str, copies: int, out_nq: Path, out_nt: Path) -> int:
    """Write ``copies`` renamed copies as N-Quads (graph per copy) and N-Triples; return the triple count."""
    pools = max(1, copies // 5)
    entity = re.compile(r"<https://w3id\.org/govkg/id/entity/([0-9a-f]+)>")
    label = re.compile(r'^(<https://w3id\.org/govkg/id/entity/[0-9a-f]+(?:-\d+)?> '
                       r'<http://www\.w3\.org/(?:2000/01/rdf-schema#label|2004/02/skos/core#altLabel)> ")(.*?)(")',
                       re.M)
    lines = nt.splitlines()
    n = 0
    with out_nq.open("w", encoding="utf-8") as nq, out_nt.open("w", encoding="utf-8") as flat:
        for k in range(copies):
            pool = k % pools
            text = nt.replace(report, f"{report}-{k}")
            text = text.replace("https://w3id.org/govkg/id/build/", f"https://w3id.org/govkg/id/build/{k}-")
            text = entity.sub(lambda m: f"<https://w3id.org/govkg/id/entity/{m.group(1)}-{pool}>", text)
            if pool:
                text = label.sub(lambda m: f"{m.group(1)}{m.group(2)}·{pool}{m.group(3)}", text)
            text = re.sub(r"_:(\w+)", lambda m: f"_:c{k}{m.group(1)}", text)
            graph = f"<{report}-{k}>"
            for line in text.splitlines():
                if line.strip():
                    nq.write(f"{line[:-1].rstrip()} {graph} .\n")
                    flat.write(line + "\n")
                    n += 1
    del lines
    return n


def _rdflib_child(conn, graph, name: str, runs: int) -> None:
    from kg.query import run_query

    times = []
    for i in range(runs + 1):
        t = time.perf_counter()
        rows = len(run_query(graph, name))
        times.append(time.perf_counter() - t)
        if i == 0:
            conn.send(("first", times[0], rows))
            if times[0] > 2.0:  # slow: report the one run
                break
    conn.send(("done", times[1:] or times, rows))


def time_rdflib(graph, name: str, runs: int, cap: float) -> tuple[float | None, int]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_rdflib_child, args=(child, graph, name, runs))
    proc.start()
    if not parent.poll(cap):
        proc.kill()
        proc.join()
        return None, -1
    _, first, rows = parent.recv()
    parent.poll(None)
    _, times, rows = parent.recv()
    proc.join()
    return statistics.median(times), rows


def time_store(store, name: str, runs: int) -> tuple[float, int]:
    from kg.query import run_query

    rows = len(run_query(store, name))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        run_query(store, name)
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def fmt(seconds: float | None, cap: float) -> str:
    if seconds is None:
        return f">{cap:g} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cap", type=float, default=60.0)
    ap.add_argument("--readme", action="store_true", help="write the table into README.md")
    ap.add_argument("--store", type=Path, default=None, help="time the corpus forms on this built store")
    ap.add_argument("--limit", type=int, default=100, help="--store: rows of the first page")
    ap.add_argument("--full", action="store_true", help="--store: time every row (--all) too")
    ap.add_argument("--questions", nargs="+", default=None, help="--store: only these saved questions")
    args = ap.parse_args()
    if args.store is not None:
        table = corpus_table(args)
        print("\n" + table)
        if args.readme:
            write_readme(table, CORPUS_START, CORPUS_END)
        return

    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from kg.query import saved_queries
    from kg.store import load_store

    names = list(saved_queries())
    nt, report = seed_ntriples()
    per_copy = nt.count("\n")
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            copies = max(1, round(size / per_copy))
            nq, flat = Path(tmp) / f"g{size}.nq", Path(tmp) / f"g{size}.nt"
            n = replicate(nt, report, copies, nq, flat)
            t = time.perf_counter()
            load_store(nq, Path(tmp) / f"store{size}")  # named graph per copy + their merge as default graph
            store = ox.Store.read_only(str(Path(tmp) / f"store{size}"))
            load_store_s = time.perf_counter() - t
            t = time.perf_counter()
            g = Graph().parse(str(flat), format="nt")
            load_rdflib = time.perf_counter() - t
            ds = None
            print(f"\n{n} triples ({copies} copies): rdflib load {load_rdflib:.1f} s, store load {load_store_s:.1f} s",
                  flush=True)
            rows = {}
            extra = {k: q.replace("{report}", f"{report}-{min(7, copies - 1)}") for k, q in EXTRA.items()}
            for name in names + list(extra):
                query = extra.get(name, name)
                if name == "figures_by_report" or "GRAPH" in query:
                    if ds is None:
                        ds = Dataset(default_union=True)
                        ds.parse(str(nq), format="nquads")
                    source = ds
                else:
                    source = g
                st, n_rows = time_store(store, query, args.runs)
                rd, _ = time_rdflib(source, query, args.runs, args.cap)
                rows[name] = (rd, st, n_rows)
                speed = f"{rd / st:.0f}x" if rd is not None and st > 0 else "—"
                print(f"  {name:<22} rows {n_rows:>6}  rdflib {fmt(rd, args.cap):>10}  store {fmt(st, args.cap):>10}"
                      f"  {speed}", flush=True)
            results[size] = {"triples": n, "copies": copies, "rows": rows,
                             "load": (load_rdflib, load_store_s)}
            del g, ds, store
            os.remove(flat)
            os.remove(nq)
    table = render(results, names, args)
    print("\n" + table)
    if args.readme:
        write_readme(table, MARK_START, MARK_END)


def write_readme(table: str, start: str, end: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if start not in text:
        sys.exit(f"README.md has no {start} marker")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(f"{before}{start}\n{table}\n{end}{after}", encoding="utf-8")
    print("wrote README.md")


# --- corpus forms on a built store ------------------------------------------------------

def _median_ms(store, name: str, params: dict, args) -> tuple[float | None, object]:
    """Median ms of ``run_page`` after a warm-up run; None when the warm-up passes ``--cap`` seconds."""
    from kg.errors import QueryError
    from kg.query import run_page

    try:
        out = run_page(store, name, params=params, limit=args.limit, timeout=args.cap)   # warm-up, in a child
    except QueryError:
        return None, None
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        run_page(store, name, params=params, limit=args.limit)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def _full_ms(store_dir: Path, name: str, cap: float) -> float | None:
    """Every row of a question, in a forked child stopped after ``cap`` seconds (one run)."""
    from kg.query import run_query

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()

    def work(conn) -> None:
        from kg.store import open_store

        store = open_store(store_dir, read_only=True)
        t = time.perf_counter()
        run_query(store, name)
        conn.send(time.perf_counter() - t)

    proc = ctx.Process(target=work, args=(child,))
    proc.start()
    seconds = parent.recv() if parent.poll(cap) else None
    proc.kill()
    proc.join()
    return None if seconds is None else seconds * 1000


def _probe(store) -> dict[str, str]:
    """One report of the corpus (of the first 16 in IRI order, the one with most mentions), its issuer,
    an indicator, a partner and a body it names."""
    from kg.query import run_query

    reports = " ".join(f"<{r}>" for (r,) in run_query(
        store, "SELECT ?r WHERE { ?r a kg:Report } ORDER BY ?r LIMIT 16").values())
    report = run_query(store, f"""SELECT ?r (COUNT(?m) AS ?n) WHERE {{ VALUES ?r {{ {reports} }} ?m kg:inSentence/kg:sentenceOf ?r }}
                                  GROUP BY ?r ORDER BY DESC(?n) ?r LIMIT 1""").values()[0][0]
    one = run_query(store, f"""SELECT ?issuer ?indicator ?partner WHERE {{
        <{report}> kg:issuedBy/rdfs:label ?issuer .
        OPTIONAL {{ SELECT ?indicator WHERE {{ ?m kg:inSentence/kg:sentenceOf <{report}> ; oa:hasBody/kg:indicator/rdfs:label ?indicator }}
                   ORDER BY ?indicator LIMIT 1 }}
        OPTIONAL {{ SELECT ?partner WHERE {{ ?x kg:describedIn <{report}> ; kg:hasPartner/rdfs:label ?partner }}
                   ORDER BY ?partner LIMIT 1 }} }} LIMIT 1""").values()[0]
    return {"report": report.rsplit("/", 1)[1], "issuer": one[0], "indicator": one[1] or "", "entity": one[2] or "",
            "name": one[0]}


def corpus_table(args) -> str:
    from kg.query import query_params, run_page, saved_queries
    from kg.store import open_store

    store = open_store(args.store, read_only=True)
    n_reports = len(run_page(store, "SELECT ?r WHERE { ?r a kg:Report }", limit=None).result.rows)
    probe = _probe(store)
    print(f"{args.store}: {n_reports:,} reports; selective forms with {probe}", flush=True)
    lines = [f"| question | first {args.limit} rows | rows left out | one report | its issuer | "
             f"one indicator or entity |" + (" every row |" if args.full else ""),
             "|---|---|---|---|---|---|" + ("---|" if args.full else "")]
    firsts, selective = [], []
    for name, q in saved_queries().items():
        if args.questions and name not in args.questions:
            continue
        accepted = set(query_params(q.text))
        ms, page = _median_ms(store, name, {}, args)
        firsts.append(args.cap * 1000 if ms is None else ms)
        if page is None:
            cells = [f">{args.cap:g} s", "?"]
        else:
            left = "" if not page.more and page.exact else (
                f"{page.more:,}" if page.exact else f"≥{page.more:,}, {page.unread:,} reports unread")
            cells = [f"{ms:.1f} ms", left or "0"]
        for keys in (("report",), ("issuer",), ("indicator", "entity", "name")):
            key = next((k for k in keys if k in accepted and probe.get(k)), None)
            if key is None:
                cells.append("—")
                continue
            sel, page = _median_ms(store, name, {key: probe[key]}, args)
            if key != "issuer":
                selective.append(args.cap * 1000 if sel is None else sel)
            cells.append(f">{args.cap:g} s ({key}=)" if page is None else
                         f"{sel:.1f} ms ({len(page.result.rows)}{'+' if page.more else ''} rows, {key}=)")
        if args.full:
            full = _full_ms(args.store, name, args.cap)
            cells.append(fmt(None if full is None else full / 1000, args.cap))
        print(f"  {name:<28} " + "  ".join(cells), flush=True)
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return ("\n".join(lines) + f"\n\n{n_reports:,} reports. Median of {args.runs} runs after a warm-up, through "
            f"`kg.query.run_page` on the open store: first page median {statistics.median(firsts):.1f} ms, "
            f"selective forms (one report, indicator or entity) median {statistics.median(selective):.1f} ms, "
            f"slowest {max(selective):.1f} ms. {machine()} Made by `scripts/bench_query.py --store DIR`.")


def machine() -> str:
    return (f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}.")


def render(results: dict, names: list[str], args) -> str:
    sizes = list(results)
    head = "| question | " + " | ".join(
        f"{results[s]['triples']:,} triples: rdflib / store" for s in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    for name in names + list(EXTRA):
        cells = []
        for s in sizes:
            rd, st, n = results[s]["rows"][name]
            speed = f" ({rd / st:,.0f}x)" if rd is not None and st > 0 else ""
            cells.append(f"{fmt(rd, args.cap)} / {fmt(st, args.cap)}{speed}")
        label = f"`{name}`" if name in names else name
        star = " *" if name in SELECTIVE or name in EXTRA else ""
        lines.append(f"| {label}{star} | " + " | ".join(cells) + " |")
    loads = " · ".join(f"{results[s]['triples']:,}: rdflib {results[s]['load'][0]:.1f} s, "
                       f"store {results[s]['load'][1]:.1f} s" for s in sizes)
    return ("\n".join(lines) + f"\n\nMedian of {args.runs} runs after a warm-up (rdflib questions slower than 2 s: "
            f"one run; over {args.cap:g} s: stopped). `*` = selective (about one entity, report or figure; the "
            f"last three are ad-hoc look-ups, not saved questions). Load times — {loads}. "
            f"{machine()} Made by `scripts/bench_query.py --readme`.")


if __name__ == "__main__":
    main()
