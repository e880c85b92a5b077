"""HTTP SPARQL endpoint: the Oxigraph server behind a small guarding proxy.

Takes: a built graph file (TriG/Turtle/... loaded into a temporary store) or a store
directory (``kg store load``). Gives: a SPARQL 1.1 Protocol endpoint at
``http://HOST:PORT/sparql`` (also ``/query``), GET and POST, with content negotiation
for JSON, XML, CSV, TSV (SELECT/ASK) and Turtle, N-Triples, RDF/XML, JSON-LD
(CONSTRUCT/DESCRIBE), plus a query page at ``/`` that works without internet.

Why a proxy: the protocol, negotiation and query engine are Oxigraph's own server
(the ``oxigraph`` binary from PyPI), run on a private loopback port. It lacks three
things this project promises, so a small proxy in front adds them:

* a result-size limit: the proxy reads the whole answer, counts solutions or triples
  (parsing it with pyoxigraph/csv/json) and answers ``413`` with a one-line message if
  there are more than ``max_results``;
* a hard time limit: Oxigraph's ``--timeout-s`` is passed through, but it does not stop
  every query (a big ``ORDER BY`` runs on), so when an answer has not arrived
  ``timeout`` seconds after the request, the proxy kills that Oxigraph process (it
  started it, it knows its pid) and starts a fresh one on the same store, and answers
  ``503``. Other queries running at that moment fail too (also with ``503``);
* an offline page: Oxigraph's YASGUI page fetches prefix.cc and LOV at run time, so
  ``/`` serves our own form (no scripts from elsewhere).

Read-only unless ``allow_updates``: Oxigraph runs ``serve-read-only`` and the proxy
refuses ``/update`` and writes to ``/store`` with ``403`` without forwarding them. With
``allow_updates`` Oxigraph runs ``serve`` and both are forwarded (a ``--graph`` file is
then served from a temporary copy, so updates last until the server stops; a
``--store`` directory is changed on disk).

The default graph is the merge of all named graphs, as ``kg.store`` writes it (not
Oxigraph's ``--union-default-graph``, which counts a triple once per graph holding it).
Binds to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import csv
import html
import http.client
import io
import json
import logging
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import KGError

__all__ = ["ServeError", "ServerConfig", "Endpoint", "oxigraph_binary", "free_port", "serve_forever"]

log = logging.getLogger(__name__)

_QUERY_PATHS = {"/sparql", "/query"}
_GRAPH_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
                "application/n-quads", "application/trig", "text/n3"}
_MAX_BYTES = 256 * 1024 * 1024
_GRACE = 0.5  # seconds Oxigraph gets past its own timeout before the proxy kills it


class ServeError(KGError):
    """The endpoint could not start (no oxigraph binary, port taken, bad graph or store)."""


@dataclass(frozen=True)
class ServerConfig:
    """What to serve and how. Exactly one of ``graph`` (a file) and ``store`` (a directory)."""

    graph: Path | None = None
    store: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    allow_updates: bool = False
    timeout: float = 30.0
    max_results: int = 10000
    max_body: int = 1_000_000      # bytes; larger request bodies get 413


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary (installed by the ``oxigraph`` PyPI package)."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServeError("the 'oxigraph' server binary is not installed; run: pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class _Oxigraph:
    """One supervised Oxigraph server process on a private loopback port."""

    def __init__(self, store_dir: Path, *, writable: bool, timeout: float):
        self.store_dir, self.writable, self.timeout = store_dir, writable, timeout
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.generation = 0

    def start(self) -> None:
        self.port = free_port()
        mode = "serve" if self.writable else "serve-read-only"
        cmd = [oxigraph_binary(), mode, "--location", str(self.store_dir), "--bind", f"127.0.0.1:{self.port}",
               "--timeout-s", str(max(1, int(self.timeout)))]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode("utf-8", "replace").strip() if self.proc.stderr else ""
                raise ServeError(f"oxigraph stopped at start: {err.splitlines()[-1] if err else self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServeError("oxigraph did not start within 20 s")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stderr:
            proc.stderr.close()

    def restart(self, generation: int) -> None:
        """Kill and restart the server, unless another thread already did since ``generation``."""
        with self.lock:
            if generation != self.generation:
                return
            self.generation += 1
            log.warning("restarting oxigraph (a query ran past the time limit or the server stopped)")
            self.stop()
            self.start()

    def ensure_alive(self) -> None:
        with self.lock:
            if not self.alive():
                self.generation += 1
                log.warning("oxigraph had stopped; starting it again")
                self.stop()
                self.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class Endpoint:
    """The running endpoint: ``with Endpoint(config) as ep: ep.url``.

    Example:
        >>> ServerConfig(graph=Path("build/graph.trig")).host
        '127.0.0.1'
    """

    def __init__(self, config: ServerConfig):
        if (config.graph is None) == (config.store is None):
            raise ServeError("serve either a graph file (--graph) or a store directory (--store), not both")
        self.config = config
        self._tmp: Path | None = None
        self._ox: _Oxigraph | None = None
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2] if self._httpd else (self.config.host, self.config.port)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    def start(self) -> "Endpoint":
        cfg = self.config
        if cfg.graph is not None:
            from .store import load_store

            self._tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
            try:
                load_store(cfg.graph, self._tmp / "store")
            except KGError:
                self.stop()
                raise
            store_dir = self._tmp / "store"
        else:
            store_dir = Path(cfg.store)
            if not (store_dir / "CURRENT").exists():
                raise ServeError(f"{store_dir}: no store here; create it with: kg store load --store {store_dir}")
        self._ox = _Oxigraph(store_dir, writable=cfg.allow_updates, timeout=cfg.timeout)
        try:
            self._ox.start()
            family = socket.AF_INET6 if ":" in cfg.host else socket.AF_INET
            # a listen backlog of 128, not socketserver's 5: with more concurrent clients than that the
            # kernel drops connections, which then wait a second for a retry or are reset
            server_cls = type("_Server", (ThreadingHTTPServer,), {"address_family": family, "daemon_threads": True,
                                                                  "request_queue_size": 128})
            self._httpd = server_cls((cfg.host, cfg.port), _handler(self))
        except OSError as e:
            self.stop()
            raise ServeError(f"cannot listen on {cfg.host}:{cfg.port}: {e.strerror or e}") from e
        except BaseException:
            self.stop()
            raise
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._ox is not None:
            self._ox.stop()
            self._ox = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> "Endpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- request handling (called from the handler threads) --

    def forward(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes,
                *, is_query: bool, _retried: bool = False) -> tuple[int, dict[str, str], bytes]:
        ox = self._ox
        ox.ensure_alive()
        generation = ox.generation
        deadline = time.monotonic() + self.config.timeout + _GRACE
        conn = http.client.HTTPConnection("127.0.0.1", ox.port, timeout=self.config.timeout + _GRACE)
        try:
            conn.request(method, path + (f"?{query}" if query else ""), body=body or None, headers=headers)
            resp = conn.getresponse()
            chunks, size = [], 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                conn.sock.settimeout(remaining)
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > _MAX_BYTES:
                    return _text(413, f"result too large: more than {_MAX_BYTES // (1024 * 1024)} MiB; "
                                      f"add a LIMIT or narrow the query")
                chunks.append(chunk)
            data = b"".join(chunks)
            out_headers = {k: v for k, v in resp.getheaders()
                           if k.lower() in ("content-type", "content-disposition", "vary", "location")}
            status = resp.status
        except (TimeoutError, socket.timeout):
            ox.restart(generation)
            return _text(503, f"query stopped: it ran longer than the time limit of {self.config.timeout:g} s")
        except (ConnectionError, http.client.HTTPException, OSError):
            if is_query and not _retried and ox.generation != generation:
                # another request's runaway query got Oxigraph restarted under this one: a read is
                # safe to repeat, so this client gets its answer instead of paying for the other
                return self.forward(method, path, query, headers, body, is_query=is_query, _retried=True)
            if time.monotonic() >= deadline - _GRACE:
                ox.restart(generation)
                return _text(503, f"query stopped: it ran longer than the time limit of "
                                  f"{self.config.timeout:g} s")
            ox.restart(generation)
            return _text(503, "the SPARQL engine stopped while answering; it has been restarted, try again")
        finally:
            conn.close()
        if is_query and status == 200:
            ctype = out_headers.get("content-type", out_headers.get("Content-Type", ""))
            try:
                n = _count_results(ctype, data)
            except Exception:
                if b"cancelled" in data[-200:] or b"timeout" in data[-200:].lower():
                    return _text(503, f"query stopped: it ran longer than the time limit of "
                                      f"{self.config.timeout:g} s")
                return _text(502, "the SPARQL engine sent an incomplete answer")
            if n > self.config.max_results:
                return _text(413, f"result too large: {n} results, the limit is {self.config.max_results}; "
                                  f"add LIMIT {self.config.max_results} or narrow the query")
        return status, out_headers, data


def _count_results(content_type: str, data: bytes) -> int:
    """Number of solutions or triples in an answer; raises if the answer is incomplete."""
    import pyoxigraph as ox

    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/sparql-results+json":
        doc = json.loads(data)
        return 1 if "boolean" in doc else len(doc["results"]["bindings"])
    if ctype == "application/sparql-results+xml":
        r = ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
        return 1 if isinstance(r, ox.QueryBoolean) else sum(1 for _ in r)
    if ctype == "text/tab-separated-values":
        r = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
        return 1 if isinstance(r, ox.QueryBoolean) else sum(1 for _ in r)
    if ctype == "text/csv":
        text = data.decode("utf-8")
        if "cancelled" in text[-200:]:
            raise ValueError("cancelled")
        return max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)
    if ctype in _GRAPH_TYPES:
        fmt = ox.RdfFormat.from_media_type(ctype)
        return sum(1 for _ in ox.parse(data, format=fmt))
    return 0  # pages and plain-text messages are not results


def _text(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "text/plain; charset=utf-8"}, (message + "\n").encode("utf-8")


def _handler(endpoint: Endpoint):
    cfg = endpoint.config

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-serve"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # route the access log to logging, not stderr
            log.info("%s %s", self.address_string(), fmt % args)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _body(self) -> bytes:
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def _dispatch(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > cfg.max_body:
                self.close_connection = True      # the unread body must not be parsed as a request
                return self._send(*_text(413, f"request body over the limit of {cfg.max_body} bytes"))
            body = self._body() if self.command in ("POST", "PUT") else b""
            if url.path in ("/", "/index.html") and self.command in ("GET", "HEAD"):
                return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, _page(cfg).encode("utf-8"))
            if url.path == "/queries.json" and self.command in ("GET", "HEAD"):
                return self._send(200, {"Content-Type": "application/json; charset=utf-8"}, _examples())
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            is_update = url.path == "/update" or ctype == "application/sparql-update" or (
                self.command == "POST" and ctype == "application/x-www-form-urlencoded"
                and "update" in urllib.parse.parse_qs(body.decode("utf-8", "replace")))
            if url.path in _QUERY_PATHS and not is_update:
                if self.command not in ("GET", "POST", "HEAD"):
                    return self._send(*_text(405, f"{self.command} is not allowed on {url.path}; use GET or POST"))
                return self._send(*self._forward("/query", url.query, body, is_query=True))
            if is_update or url.path == "/store":
                writes = is_update or self.command not in ("GET", "HEAD")
                if writes and not cfg.allow_updates:
                    return self._send(*_text(403, "this endpoint is read-only; updates are refused "
                                                  "(start it with --allow-updates to accept them)"))
                target = "/update" if is_update else "/store"
                return self._send(*self._forward(target, url.query, body, is_query=not writes))
            return self._send(*_text(404, f"no such resource: {url.path}; the SPARQL endpoint is /sparql"))

        def _forward(self, path: str, query: str, body: bytes, *, is_query: bool):
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in ("accept", "content-type", "accept-language")}
            return endpoint.forward(self.command, path, query, headers, body, is_query=is_query)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _dispatch

    return Handler


def _examples() -> bytes:
    from .query import saved_queries

    qs = [{"name": q.name, "zh": q.zh, "en": q.en, "sparql": q.text} for q in saved_queries().values()]
    return json.dumps(qs, ensure_ascii=False).encode("utf-8")


def _page(cfg: ServerConfig) -> str:
    return _PAGE.replace("{{limits}}", html.escape(
        f"Time limit {cfg.timeout:g} s · at most {cfg.max_results} results · "
        f"{'updates allowed' if cfg.allow_updates else 'read-only'}"))


def serve_forever(config: ServerConfig, *, ready=None) -> None:
    """Run the endpoint until SIGINT or SIGTERM; ``ready(url)`` is called once it listens."""
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with Endpoint(config) as ep:
            if ready is not None:
                ready(ep.url)
            while not stop.wait(0.5):
                pass
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>kg SPARQL</title>
<style>
 body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #222; }
 textarea { width: 100%; height: 16em; font-family: ui-monospace, monospace; font-size: 13px; }
 table { border-collapse: collapse; margin-top: 1em; font-size: 14px; }
 th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
 th { background: #f3f3f3; } td.num { text-align: right; }
 #status { margin-top: .8em; color: #555; } #status.error { color: #b00020; white-space: pre-wrap; }
 .bar { display: flex; gap: .6em; align-items: center; margin: .5em 0; flex-wrap: wrap; }
 select { max-width: 40em; }
</style>
</head>
<body>
<h1>kg SPARQL</h1>
<p>SPARQL 1.1 endpoint: <code>/sparql</code> (GET or POST). {{limits}}.</p>
<form id="form" method="get" action="/sparql">
 <div class="bar">
  <label>示例问题 / saved questions: <select id="examples"><option value="">—</option></select></label>
 </div>
 <textarea id="query" name="query" spellcheck="false">PREFIX kg: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 20</textarea>
 <div class="bar">
  <button type="submit">Run 运行</button>
  <label>download as: <select id="format">
   <option value="">table (here)</option>
   <option value="application/sparql-results+json">JSON</option>
   <option value="text/csv">CSV</option>
   <option value="text/tab-separated-values">TSV</option>
   <option value="application/sparql-results+xml">XML</option>
   <option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
  </select></label>
 </div>
</form>
<div id="status"></div>
<div id="result"></div>
<script>
const form = document.getElementById("form"), query = document.getElementById("query");
const statusEl = document.getElementById("status"), result = document.getElementById("result");
const examples = document.getElementById("examples");
fetch("/queries.json").then(r => r.json()).then(list => {
  for (const q of list) {
    const o = document.createElement("option");
    o.value = q.sparql; o.textContent = q.name + " — " + q.zh;
    examples.appendChild(o);
  }
}).catch(() => {});
examples.addEventListener("change", () => { if (examples.value) query.value = examples.value; });
function cell(tag, text, cls) {
  const c = document.createElement(tag); c.textContent = text; if (cls) c.className = cls; return c;
}
form.addEventListener("submit", async (ev) => {
  const fmt = document.getElementById("format").value;
  if (fmt) {  // let the browser download the negotiated answer
    ev.preventDefault();
    const r = await fetch("/sparql", {method: "POST", headers: {"Accept": fmt,
      "Content-Type": "application/x-www-form-urlencoded"}, body: new URLSearchParams({query: query.value})});
    const blob = await r.blob();
    const a = document.createElement("a"); a.href = URL.createObjectURL(blob);
    a.download = "result." + ({"application/sparql-results+json": "json", "text/csv": "csv",
      "text/tab-separated-values": "tsv", "application/sparql-results+xml": "xml", "text/turtle": "ttl"})[fmt];
    a.click(); return;
  }
  ev.preventDefault();
  statusEl.className = ""; statusEl.textContent = "running…"; result.textContent = "";
  const t0 = performance.now();
  try {
    const r = await fetch("/sparql", {method: "POST", headers: {
      "Accept": "application/sparql-results+json, text/turtle;q=0.9",
      "Content-Type": "application/x-www-form-urlencoded"}, body: new URLSearchParams({query: query.value})});
    const text = await r.text();
    const ms = Math.round(performance.now() - t0);
    if (!r.ok) { statusEl.className = "error"; statusEl.textContent = "HTTP " + r.status + ": " + text; return; }
    if ((r.headers.get("Content-Type") || "").includes("json")) {
      const doc = JSON.parse(text);
      if ("boolean" in doc) { statusEl.textContent = "ASK → " + doc.boolean + " (" + ms + " ms)"; return; }
      const vars = doc.head.vars, rows = doc.results.bindings;
      const table = document.createElement("table"), head = table.insertRow();
      for (const v of vars) head.appendChild(cell("th", v));
      for (const b of rows) {
        const tr = table.insertRow();
        for (const v of vars) {
          const t = b[v];
          const num = t && t.datatype && /#(integer|decimal|double|float|int|long|nonNegativeInteger)$/.test(t.datatype);
          tr.appendChild(cell("td", t ? t.value : "", num ? "num" : ""));
        }
      }
      result.appendChild(table);
      statusEl.textContent = rows.length + " rows (" + ms + " ms)";
    } else {
      const pre = document.createElement("pre"); pre.textContent = text; result.appendChild(pre);
      statusEl.textContent = "graph (" + ms + " ms)";
    }
  } catch (e) { statusEl.className = "error"; statusEl.textContent = String(e); }
});
</script>
</body>
</html>
"""
