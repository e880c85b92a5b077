"""The endpoint under load and attack (marker ``slow``; runs in ``.ci/run``).

``kg serve`` on a free loopback port serves the seed graph. 32 client threads send the
competency questions (GET and POST, JSON, CSV and XML results) for 30 seconds, then stop by
themselves. Meanwhile an attacker thread sends, in turn: a query that never ends (cross
product of the graph with itself, 10^11 rows), SPARQL updates and Graph Store writes,
request bodies over the size limit, and paths that try to leave the served routes.

Holds: every client request succeeds with the right answer; every client keeps being served
(no one starves while the expensive query runs and is stopped); the expensive query is
stopped at the time limit (503); updates are refused (403) and change nothing; oversized
bodies are refused (413); no path reads a file (404). The p50/p99 latency is printed (run
with ``-s``) and written to ``build/load_test.json``.
"""
from __future__ import annotations

import http.client
import json
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict

import pytest

from kg.query import PREFIXES, run_query, saved_queries
from kg.serve import free_port
from tests.conftest import ROOT, wait_until_serving

pytestmark = pytest.mark.slow

CLIENTS = 32
DURATION = 30.0
TIMEOUT = 2.0            # kg serve --timeout
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TRAVERSAL = ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
             "//etc/passwd", "/static/../../../../etc/passwd", "/sparql/../../../etc/passwd",
             "/queries.json/../../../../etc/passwd", "/store/../../../../etc/passwd", "/%c0%ae%c0%ae/etc/passwd",
             "/..\\..\\..\\etc\\passwd", "/CURRENT", "/store/CURRENT", "/OPTIONS-000001"]


def _request(port: int, method: str, path: str, *, body: bytes | None = None,
             headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers.get_content_type(), resp.read()
    finally:
        conn.close()


def _rows(ctype: str, data: bytes) -> int:
    import csv
    import io

    import pyoxigraph as ox

    if ctype == "application/sparql-results+json":
        doc = json.loads(data)
        return len(doc["results"]["bindings"])
    if ctype == "text/csv":
        return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1
    if ctype == "application/sparql-results+xml":
        return sum(1 for _ in ox.parse_query_results(data, format=ox.QueryResultsFormat.XML))
    raise AssertionError(f"unexpected content type {ctype}")


@pytest.fixture(scope="module")
def server(built_dir):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(built_dir / "graph.trig"),
                             "--port", str(port), "--timeout", str(TIMEOUT), "--max-results", "10000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_until_serving(proc, f"http://127.0.0.1:{port}/", seconds=60, what="kg serve")
    yield port
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()


@pytest.fixture(scope="module")
def workload(built_dir, seed_graph):
    """(name, SPARQL, expected number of rows) for every SELECT competency question."""
    out = []
    for name, q in saved_queries().items():
        local = run_query(built_dir / "graph.trig" if name == "figures_by_report" else seed_graph, name)
        if local.kind == "SELECT":
            out.append((name, PROLOGUE + q.text, len(local.rows)))
    out.append(("count_all", COUNT_ALL, 1))
    assert len(out) >= 10
    return out


def test_32_clients_for_30_seconds_under_attack(server, workload, built_dir):
    port = server
    stop = threading.Event()
    lock = threading.Lock()
    results: list[tuple[int, str, int, float, str]] = []          # client, query, status, seconds, problem
    attacks: dict[str, list[int]] = defaultdict(list)
    accepts = ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"]

    def client(i: int) -> None:
        k = i
        while not stop.is_set():
            name, sparql, expected = workload[k % len(workload)]
            accept = accepts[k % len(accepts)]
            k += 1
            t0 = time.perf_counter()
            problem = ""
            try:
                if k % 2:
                    status, ctype, data = _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": sparql}),
                                                   headers={"Accept": accept})
                else:
                    status, ctype, data = _request(port, "POST", "/sparql", body=sparql.encode("utf-8"),
                                                   headers={"Content-Type": "application/sparql-query",
                                                            "Accept": accept})
                if status == 200 and _rows(ctype, data) != expected:
                    problem = f"{_rows(ctype, data)} rows, expected {expected}"
                elif status != 200:
                    problem = data[:200].decode("utf-8", "replace")
            except Exception as e:  # noqa: BLE001 - a failed request is a result here
                status, problem = 0, f"{type(e).__name__}: {e}"
            with lock:
                results.append((i, name, status, time.perf_counter() - t0, problem))

    def attacker() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            kind = ("slow", "update", "store-write", "too-big", "traversal")[n % 5]
            if kind == "slow":
                status, _, body = _request(port, "POST", "/sparql", body=SLOW.encode(),
                                           headers={"Content-Type": "application/sparql-query",
                                                    "Accept": "application/sparql-results+json"})
                attacks[kind].append(status if status != 503 or b"time limit" in body else 599)
            elif kind == "update":
                for body, ctype in ((b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
                                    (urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                                     "application/x-www-form-urlencoded")):
                    attacks[kind].append(_request(port, "POST", "/sparql", body=body,
                                                  headers={"Content-Type": ctype})[0])
                attacks[kind].append(_request(port, "POST", "/update", body=b"CLEAR ALL",
                                              headers={"Content-Type": "application/sparql-update"})[0])
            elif kind == "store-write":
                attacks[kind].append(_request(port, "PUT", "/store?default", body=b"<urn:a> <urn:b> <urn:c> .",
                                              headers={"Content-Type": "application/n-triples"})[0])
                attacks[kind].append(_request(port, "DELETE", "/store?default")[0])
                attacks[kind].append(_request(port, "POST", "/store?default", body=b"<urn:a> <urn:b> <urn:c> .",
                                              headers={"Content-Type": "application/n-triples"})[0])
            elif kind == "too-big":
                big = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 3_000_000).encode()
                try:
                    status = _request(port, "POST", "/sparql", body=big,
                                      headers={"Content-Type": "application/sparql-query"})[0]
                except (ConnectionError, BrokenPipeError):
                    status = -1          # the server answered 413 and closed before the body was sent
                attacks[kind].append(status)
            else:
                for path in TRAVERSAL:
                    status, _, body = _request(port, "GET", path)
                    leaked = b"root:" in body or b"MANIFEST" in body       # /etc/passwd or the store's files
                    attacks[kind].append(999 if leaked else status)
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    attack = threading.Thread(target=attacker, daemon=True)
    t_start = time.monotonic()
    for t in (*threads, attack):
        t.start()
    time.sleep(DURATION)
    stop.set()
    for t in (*threads, attack):
        t.join(timeout=120)
    elapsed = time.monotonic() - t_start
    assert not any(t.is_alive() for t in (*threads, attack)), "a client did not stop"

    failed = [r for r in results if r[2] != 200 or r[4]]
    latencies = sorted(r[3] for r in results)
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    per_client = Counter(r[0] for r in results)
    report = {"clients": CLIENTS, "seconds": round(elapsed, 1), "requests": len(results),
              "requests_per_second": round(len(results) / elapsed, 1), "failed": len(failed),
              "p50_ms": round(p50 * 1000, 1), "p99_ms": round(p99 * 1000, 1), "max_ms": round(latencies[-1] * 1000, 1),
              "slowest_client_requests": min(per_client.values()),
              "attacks": {k: dict(Counter(v)) for k, v in attacks.items()}}
    print("\nload test:", json.dumps(report))
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "load_test.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")

    assert failed == [], failed[:10]
    assert len(per_client) == CLIENTS and min(per_client.values()) >= 5      # nobody starved
    assert attacks["slow"] and set(attacks["slow"]) == {503}
    assert attacks["update"] and set(attacks["update"]) == {403}
    assert attacks["store-write"] and set(attacks["store-write"]) == {403}
    assert attacks["too-big"] and set(attacks["too-big"]) <= {413, -1} and 413 in attacks["too-big"]
    assert attacks["traversal"] and set(attacks["traversal"]) == {404}
    # and the data is unchanged
    status, ctype, data = _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT_ALL}),
                                   headers={"Accept": "application/sparql-results+json"})
    n = int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(built_dir / "graph.trig", format="trig")
    assert n == len({t for g in ds.graphs() for t in g})
