"""HTTP SPARQL endpoint: the Oxigraph server behind a small guarding proxy.

Takes: a built graph file (TriG/Turtle/... loaded into a temporary store) or a store
directory (``kg store load``). Gives: a SPARQL 1.1 Protocol endpoint at
``http://HOST:PORT/sparql`` (also ``/query``), GET and POST, with content negotiation
for JSON, XML, CSV, TSV (SELECT/ASK) and Turtle, N-Triples, RDF/XML, JSON-LD
(CONSTRUCT/DESCRIBE), a query page at ``/sparql`` (a GET without a query) and the live
explorer at ``/`` (``kg.explorer``: its page, ``/static/*`` and the JSON ``/api/*``), all
working without internet.

Why a proxy: the protocol, negotiation and query engine are Oxigraph's own server
(the ``oxigraph`` binary from PyPI), run on a private loopback port. It lacks four
things this project promises, so a small proxy in front adds them:

* a result-size limit: the proxy reads the whole answer, counts solutions or triples
  (parsing it with pyoxigraph/csv/json) and answers ``413`` with a one-line message if
  there are more than ``max_results``;
* a hard time limit: Oxigraph's ``--timeout-s`` is passed through, but it does not stop
  every query (a big ``ORDER BY`` runs on), so when an answer has not arrived
  ``timeout`` seconds after the request, the proxy kills that Oxigraph process (it
  started it, it knows its pid) and starts a fresh one on the same store, and answers
  ``503``. Other queries running at that moment fail too (also with ``503``);
* offline pages: Oxigraph's YASGUI page fetches prefix.cc and LOV at run time, so
  ``/sparql`` serves our own form (no scripts from elsewhere);
* long queries by GET: Oxigraph reads at most 8 KB of request line and headers, so a GET
  query string longer than ``LONG_GET`` goes on as a URL-encoded POST of the same parameters.

The explorer indexes the store's names, classes, relations and reports once, at start
(a snapshot: with ``allow_updates`` later changes are not in it); what it reads from the
store afterwards (figures, quoted sentences) goes through the same guarded proxy, so a
query the guard stops reaches the page as the guard's message.

Read-only unless ``allow_updates``: Oxigraph runs ``serve-read-only`` and the proxy
refuses ``/update`` and writes to ``/store`` with ``403`` without forwarding them. With
``allow_updates`` Oxigraph runs ``serve`` and both are forwarded (a ``--graph`` file is
then served from a temporary copy, so updates last until the server stops; a
``--store`` directory is changed on disk).

A store holding a dataset (``kg build``, or ``kg store load`` of TriG/N-Quads) has an empty
default graph and is served with Oxigraph's ``--union-default-graph``: each triple is in
one graph of such a store (``kg.corpus.merge``), so the union counts it once.
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
from .explorer import CSP, Explorer, ExplorerError, asset, build_index, page
from .store import forget_build

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


def _serves_union(store_dir: Path) -> bool:
    from .store import open_store, queries_union

    if not (Path(store_dir) / "CURRENT").exists():
        return True     # a new store: what is loaded into it is a dataset
    store = open_store(store_dir, read_only=True)
    try:
        return queries_union(store)
    finally:
        del store


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
        if _serves_union(self.store_dir):
            cmd.append("--union-default-graph")
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
        self.explorer: Explorer | None = None

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
        if cfg.allow_updates:
            forget_build(store_dir)     # its updates make the build's manifest wrong: the next build loads afresh
        self._ox = _Oxigraph(store_dir, writable=cfg.allow_updates, timeout=cfg.timeout)
        try:
            self._ox.start()
            self.explorer = Explorer(_index(store_dir), self.sparql)
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

    def sparql(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT run through the guards (time and size limits), over the union of
        the graphs; a stopped or failed query raises ``ExplorerError`` with the guard's status."""
        params = urllib.parse.urlencode({"query": query, "union-default-graph": ""})
        status, headers, body = self.forward("GET", "/query", params, {"Accept": "application/sparql-results+json"},
                                             b"", is_query=True)
        if status != 200:
            raise ExplorerError(status, body.decode("utf-8", "replace").strip() or f"HTTP {status}")
        doc = json.loads(body)
        return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]

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


def _index(store_dir: Path):
    """The explorer's index of the store (opened read-only beside the Oxigraph server)."""
    from .networks import default_ontology
    from .store import open_store

    store = open_store(store_dir, read_only=True)
    try:
        return build_index(store, ontology=default_ontology())
    finally:
        del store


def _json(status: int, doc: dict) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json; charset=utf-8", "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "no-store"}, json.dumps(doc, ensure_ascii=False).encode("utf-8")


# a GET query string longer than this is forwarded to Oxigraph as a POST body (its limit on
# the request line and headers together is 8 KB)
LONG_GET = 4096


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
            if self.command in ("GET", "HEAD") and (url.path in ("/", "/index.html") or url.path.startswith(
                    ("/static/", "/api/")) or (url.path == "/sparql" and not url.query)):
                return self._send(*self._page(url))
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

        def _page(self, url) -> tuple[int, dict[str, str], bytes]:
            """The explorer (page, assets, API) and the query page: never forwarded to Oxigraph."""
            html_headers = {"Content-Type": "text/html; charset=utf-8", "X-Content-Type-Options": "nosniff"}
            if url.path in ("/", "/index.html"):
                return 200, html_headers | {"Content-Security-Policy": CSP}, page()
            if url.path == "/sparql":
                return 200, html_headers | {"Content-Security-Policy": _SPARQL_CSP}, _sparql_page(cfg).encode("utf-8")
            if url.path.startswith("/static/"):
                found = asset(url.path[len("/static/"):])
                if found is None:
                    return _text(404, f"no such file: {url.path}")
                return 200, {"Content-Type": found[0], "X-Content-Type-Options": "nosniff",
                             "Cache-Control": "max-age=300"}, found[1]
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            return _json(*endpoint.explorer.handle(url.path[len("/api/"):], params))

        def _forward(self, path: str, query: str, body: bytes, *, is_query: bool):
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in ("accept", "content-type", "accept-language")}
            method = self.command
            if method == "GET" and path == "/query" and len(query) > LONG_GET:
                # Oxigraph's server reads at most 8 KB of request headers: a longer query asked
                # by GET goes on with the same parameters as a URL-encoded POST (SPARQL 1.1
                # Protocol, 2.1.2), which is the same request to the engine
                method, body, query = "POST", query.encode("ascii", "replace"), ""
                headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            return endpoint.forward(method, path, query, headers, body, is_query=is_query)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _dispatch

    return Handler


def _examples() -> bytes:
    from .query import saved_queries

    qs = [{"name": q.name, "zh": q.zh, "en": q.en, "sparql": q.text} for q in saved_queries().values()]
    return json.dumps(qs, ensure_ascii=False).encode("utf-8")


_SPARQL_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
               "img-src data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _sparql_page(cfg: ServerConfig) -> str:
    page_text = (Path(__file__).with_name("templates") / "sparql.html").read_text(encoding="utf-8")
    return page_text.replace("{{limits}}", html.escape(
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
