"""Remote push: upload the built graph to a SPARQL 1.1 Graph Store Protocol endpoint.

Takes: ``build/graph.trig`` (or any RDF file) and the URL of a Graph Store Protocol
service: Oxigraph ``http://host:7878/store``, Fuseki ``http://host:3030/DATASET/data``,
GraphDB ``http://host:7200/repositories/REPO/rdf-graphs/service``, Virtuoso
``http://host:8890/sparql-graph-crud``, Neptune ``https://host:8182/sparql/gsp/``...

Gives: each named graph of the file replaced on the remote by one ``HTTP PUT
URL?graph=IRI`` (body: the graph as N-Triples, sent as ``text/turtle``, which every
store accepts), and the remote default graph replaced by the merge of the named graphs
(``PUT URL?default``), as in ``kg.store``: so queries without ``GRAPH`` give the same
answers remotely on any store, whatever its own default-graph setting (skip it with
``default_graph=False``). The protocol makes each PUT replace its graph atomically, so
each remote graph is either the old one or the new one. A file without named graphs
goes to the graph ``--graph IRI``, or to the remote default graph. With a TriG/N-Quads
file, ``--graph IRI`` pushes only that named graph.

Failure: an unreachable endpoint or any non-2xx answer raises ``PushError`` with the
graph, the HTTP status and the server's first line. The failing graph and the ones not
yet sent keep their old content; graphs sent before it stay replaced (the protocol has
no transaction across graphs), and the message names them.

Blank nodes are scoped to one request, so a blank node shared by two named graphs would
become two; the project's graphs keep their blank nodes (relation annotations) inside
the report's own graph. Credentials may be given in the URL (``https://user:pw@host/...``)
and are sent as HTTP Basic authentication.
"""
from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, PushError

__all__ = ["PushReport", "push", "read_graphs"]


@dataclass(frozen=True)
class PushReport:
    """What was pushed: the endpoint (without credentials) and triples per graph (``None`` = default graph)."""

    endpoint: str
    graphs: dict[str | None, int]


def read_graphs(source: Path) -> dict[str | None, bytes]:
    """The graphs of an RDF file as N-Triples, by graph IRI (``None`` for the default graph).

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "g.trig"
        >>> _ = p.write_text("<urn:g> { <urn:a> <urn:p> 1 . }", encoding="utf-8")
        >>> read_graphs(p)
        {'urn:g': b'<urn:a> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'}
    """
    import pyoxigraph as ox

    source = Path(source)
    if not source.is_file():
        raise InputError(f"{source}: no such file (build it first with: kg build)")
    fmt = ox.RdfFormat.from_extension(source.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError(f"{source}: unknown RDF format '{source.suffix}'; use .trig, .nq, .ttl, .nt, .jsonld or .rdf")
    groups: dict[str | None, list] = {}
    try:
        for q in ox.parse(path=str(source), format=fmt):
            key = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            groups.setdefault(key, []).append(ox.Triple(q.subject, q.predicate, q.object))
    except SyntaxError as e:
        raise InputError(f"{source}: does not parse as {fmt.name}: {e}") from e
    return {k: ox.serialize(v, format=ox.RdfFormat.N_TRIPLES) for k, v in groups.items()}


def _merge(graphs: dict[str | None, bytes]) -> bytes:
    """The distinct triples of all graphs, as N-Triples (blank node labels are file-wide)."""
    seen: dict[bytes, None] = {}
    for body in graphs.values():
        for line in body.splitlines(keepends=True):
            seen.setdefault(line, None)
    return b"".join(seen)


def push(source: Path, endpoint: str, *, graph: str | None = None, default_graph: bool = True,
         timeout: float = 120.0) -> PushReport:
    """PUT every graph of ``source`` to the Graph Store Protocol service at ``endpoint``.

    Args:
        source: an RDF file (``build/graph.trig``: one named graph per report).
        endpoint: the service URL, e.g. ``http://127.0.0.1:7878/store``.
        graph: for a single-graph file, the target graph IRI (default: the remote default
            graph); for a dataset, push only this named graph.
        default_graph: with a dataset (and no ``graph``), also replace the remote default
            graph by the merge of the named graphs.
        timeout: seconds to wait for each request.

    Returns:
        A ``PushReport``.

    Example:
        >>> push(Path("missing.trig"), "http://127.0.0.1:9/store")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: missing.trig: no such file (build it first with: kg build)
    """
    graphs = read_graphs(source)
    named = [g for g in graphs if g is not None]
    if graph is not None:
        if named:
            if graph not in graphs:
                raise PushError(f"{source} has no named graph <{graph}>; it has: "
                                + ", ".join(f"<{g}>" for g in sorted(named)))
            graphs = {graph: graphs[graph]}
        else:
            graphs = {graph: graphs.get(None, b"")}
    elif named and default_graph:
        graphs[None] = _merge(graphs)
    url, headers = _split_credentials(endpoint)
    done: list[str] = []
    counts: dict[str | None, int] = {}
    for iri, body in sorted(graphs.items(), key=lambda kv: (kv[0] is not None, kv[0] or "")):
        target = f"{url}{'&' if '?' in url else '?'}" + ("default" if iri is None
                                                         else urllib.parse.urlencode({"graph": iri}))
        req = urllib.request.Request(target, data=body, method="PUT",
                                     headers={**headers, "Content-Type": "text/turtle; charset=utf-8"})
        name = "the default graph" if iri is None else f"graph <{iri}>"
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            raise PushError(f"{url}: PUT {name} failed: HTTP {e.code} {e.reason}"
                            + (f": {detail[0]}" if detail else "") + _sent(done)) from e
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise PushError(f"{url}: cannot reach the endpoint ({reason}) while sending {name}" + _sent(done)) from e
        done.append(name)
        counts[iri] = body.count(b"\n")
    return PushReport(url, counts)


def _sent(done: list[str]) -> str:
    if not done:
        return "; nothing was changed on the remote"
    return f"; already replaced: {', '.join(done)}; the others are unchanged"


def _split_credentials(endpoint: str) -> tuple[str, dict[str, str]]:
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https"):
        raise PushError(f"'{endpoint}' is not an http(s) URL of a Graph Store Protocol service")
    if parts.username is None:
        return endpoint, {}
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    url = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    token = base64.b64encode(f"{urllib.parse.unquote(parts.username)}:"
                             f"{urllib.parse.unquote(parts.password or '')}".encode()).decode()
    return url, {"Authorization": f"Basic {token}"}
