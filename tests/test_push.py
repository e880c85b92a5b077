"""kg push: Graph Store Protocol upload to a real Oxigraph server started on loopback."""
from __future__ import annotations

import subprocess
from contextlib import contextmanager

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.query import run_query, saved_queries
from kg.serve import free_port, oxigraph_binary
from kg.store import load_store
from tests.conftest import wait_until_serving


@contextmanager
def oxigraph(location, *, read_only=False):
    """An Oxigraph server (the PyPI `oxigraph` binary) on a free loopback port."""
    port = free_port()
    mode = "serve-read-only" if read_only else "serve"
    proc = subprocess.Popen([oxigraph_binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, url + "/query?query=ASK%7B%7D", seconds=20, what="oxigraph")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def triples(url, graph=None):
    """Triples of one named graph, of all named graphs (``"*"``), or of the default graph (None)."""
    inner = "?s ?p ?o"
    q = {None: f"SELECT (COUNT(*) AS ?n) WHERE {{ {inner} }}",
         "*": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {inner} }} }}"}.get(
        graph, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ {inner} }} }}")
    return run_query(url + "/query", q).values()[0][0]


def test_push_then_the_questions_answer_the_same_remotely(tmp_path, built_dir, seed_graph, seed_build):
    with oxigraph(tmp_path / "remote") as url:
        r = CliRunner().invoke(cli, ["push", "--endpoint", url + "/store", "--source", str(built_dir / "graph.trig")])
        assert r.exit_code == 0, r.output
        report = f"https://w3id.org/govkg/id/report/{seed_build.extractions[0].document.id}"
        assert f"PUT <{report}>: " in r.output
        assert r.output.splitlines()[0] == f"PUT default graph: {len(seed_graph)} triples"  # the merge
        # the default graph (the merge) and the report's, entities', inferred, provenance and series graphs
        assert r.output.splitlines()[-1] == f"pushed 6 graph(s) to {url}/store"
        for name in saved_queries():
            local = run_query(built_dir / "graph.trig" if name == "figures_by_report" else seed_graph, name)
            assert run_query(url + "/query", name).values() == local.values(), name
        # every quad arrived; pushing again replaces the graphs (PUT), it does not add a second copy
        quads = sum(1 for _ in ox.parse(path=str(built_dir / "graph.trig")))
        assert (triples(url, "*"), triples(url)) == (quads, len(seed_graph))
        assert CliRunner().invoke(cli, ["push", "--endpoint", url + "/store",
                                        "--source", str(built_dir / "graph.trig")]).exit_code == 0
        assert (triples(url, "*"), triples(url)) == (quads, len(seed_graph))


def test_push_one_graph_and_a_single_graph_file(tmp_path, built_dir, seed_graph):
    with oxigraph(tmp_path / "remote") as url:
        r = CliRunner().invoke(cli, ["push", "--endpoint", url + "/store", "--source", str(built_dir / "graph.trig"),
                                     "--graph", "https://w3id.org/govkg/id/graph/provenance"])
        assert r.exit_code == 0, r.output
        assert triples(url, "*") == triples(url, "https://w3id.org/govkg/id/graph/provenance") > 0
        assert triples(url) == 0  # only that graph: the default graph is left alone
        r = CliRunner().invoke(cli, ["push", "--endpoint", url + "/store", "--source", str(built_dir / "graph.ttl"),
                                     "--graph", "https://example.org/seed"])
        assert r.exit_code == 0, r.output
        assert triples(url, "https://example.org/seed") == len(seed_graph)
        r = CliRunner().invoke(cli, ["push", "--endpoint", url + "/store", "--source", str(built_dir / "graph.trig"),
                                     "--graph", "https://example.org/none"])
        assert r.exit_code == 1
        assert r.output.startswith(f"Error: {built_dir / 'graph.trig'} has no named graph <https://example.org/none>; "
                                   "it has: <https://w3id.org/govkg/id/graph/entities>, "
                                   "<https://w3id.org/govkg/id/graph/inferred>")


def test_unreachable_endpoint_is_one_line_and_nonzero(built_dir):
    port = free_port()  # nothing listens there
    r = CliRunner().invoke(cli, ["push", "--endpoint", f"http://127.0.0.1:{port}/store",
                                 "--source", str(built_dir / "graph.trig")])
    assert r.exit_code == 1
    assert len(r.output.splitlines()) == 1
    assert r.output.startswith(f"Error: http://127.0.0.1:{port}/store: cannot reach the endpoint (")
    assert r.output.rstrip().endswith("; nothing was changed on the remote")


def test_failing_endpoint_leaves_the_remote_graph_as_it_was(tmp_path, built_dir, seed_build):
    report = f"https://w3id.org/govkg/id/report/{seed_build.extractions[0].document.id}"
    (tmp_path / "old.trig").write_text(f"<{report}> {{ <urn:old> <urn:p> 1 . }}", encoding="utf-8")
    load_store(tmp_path / "old.trig", tmp_path / "remote")
    with oxigraph(tmp_path / "remote", read_only=True) as url:  # refuses writes with 403
        r = CliRunner().invoke(cli, ["push", "--endpoint", url + "/store", "--source", str(built_dir / "graph.trig")])
        assert r.exit_code == 1
        assert len(r.output.splitlines()) == 1
        assert r.output.startswith(f"Error: {url}/store: PUT the default graph failed: HTTP 403 Forbidden")
        assert r.output.rstrip().endswith("; nothing was changed on the remote")
        assert triples(url, "*") == triples(url, report) == 1


@pytest.mark.parametrize("endpoint, message", [
    ("ftp://example.org/store", "Error: 'ftp://example.org/store' is not an http(s) URL of a Graph Store Protocol service"),
])
def test_bad_endpoint_url(built_dir, endpoint, message):
    r = CliRunner().invoke(cli, ["push", "--endpoint", endpoint, "--source", str(built_dir / "graph.trig")])
    assert r.exit_code == 1 and r.output.strip() == message
