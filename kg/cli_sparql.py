"""The SPARQL side of the command line: ``kg query``, ``kg store``, ``kg serve`` and ``kg push``.

Takes the options a user gives and calls ``kg.query``, ``kg.store``, ``kg.serve`` and ``kg.push``;
gives click commands that ``kg.cli`` adds to its group, whose ``KGGroup`` turns domain errors into
one ``Error:`` line.
"""
from __future__ import annotations

from pathlib import Path

import click

__all__ = ["query", "store", "serve", "push"]


def _echo_graphs(info) -> None:
    """Print a store's size and its named graphs, one a line."""
    click.echo(f"{info.path}: {info.triples} triples in {len(info.graphs)} named graphs")
    for g, n in info.graphs.items():
        click.echo(f"  {n:>8}  {g}")


@click.command()
@click.argument("query_or_file", required=False)
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=Path("build/graph.ttl"),
              show_default=True, help="Graph file (.ttl .trig .nq .nt .jsonld .rdf) or a store directory.")
@click.option("--endpoint", default=None, help="Query a remote SPARQL endpoint URL instead of --graph.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld"]),
              default="table", show_default=True, help="SPARQL results JSON/CSV/TSV, or RDF for CONSTRUCT/DESCRIBE.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Filter a saved question (report=, issuer=, entity=, indicator=) or set the query's "
                   "VALUES ?NAME block (repeatable).")
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="Show at most this many rows, and how many more there are.")
@click.option("--all", "all_rows", is_flag=True, help="Show every row (no --limit).")
@click.option("--timeout", type=click.FloatRange(min=0), default=120, show_default=True,
              help="Stop the query (loading included) after this many seconds; 0 for no limit.")
@click.option("--list", "list_saved", is_flag=True, help="List the saved competency questions.")
def query(query_or_file, graph_path, endpoint, fmt, params, limit, all_rows, timeout, list_saved):
    """Run a SPARQL query (text, .rq file or saved question NAME) on the built graph.

    \b
    Example:
        kg query --list
        kg query money_figures
        kg query entity_neighbourhood --param name=甲乙大学
        kg query 'SELECT ?l WHERE { ?u a kg:University ; rdfs:label ?l }' --format csv
        kg query figures_by_report --graph build/store
        kg query money_figures --graph build/store --param issuer=某区科技局 --all
    """
    from .query import format_page, run_page, saved_queries

    if list_saved:
        for q in saved_queries().values():
            click.echo(f"{q.name}\n    {q.zh}\n    {q.en}")
        return
    if not query_or_file:
        raise click.UsageError("give a query, a .rq file or a saved query name (see kg query --list)")
    bad = [p for p in params if "=" not in p]
    if bad:
        raise click.UsageError(f"--param needs NAME=VALUE, got '{bad[0]}'")
    page = run_page(endpoint or graph_path, query_or_file, params=dict(p.split("=", 1) for p in params),
                    timeout=timeout or None, limit=None if all_rows else limit)
    click.echo(format_page(page, fmt).rstrip("\n"))
    if page.note() and fmt in ("csv", "tsv"):
        click.echo(page.note(), err=True)


@click.group()
def store():
    """Keep the built graph in an embedded on-disk store (pyoxigraph), one named graph per report.

    \b
    Example:
        kg store load
        kg store info
        kg query money_figures --graph build/store
    """


@store.command("load")
@click.option("--source", type=click.Path(path_type=Path), default=Path("build/graph.trig"), show_default=True,
              help="RDF file to load (TriG keeps each report in its own named graph).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("build/store"),
              show_default=True, help="Store directory (replaced atomically).")
def store_load(source, store_dir):
    """Load SOURCE into the store, replacing what the store held.

    \b
    Example:
        kg store load --source build/graph.trig --store build/store
    """
    from .store import load_store

    info = load_store(source, store_dir)
    _echo_graphs(info)


@store.command("info")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("build/store"),
              show_default=True, help="Store directory.")
def store_info_cmd(store_dir):
    """Show how many triples and which named graphs the store holds.

    \b
    Example:
        kg store info --store build/store
    """
    from .store import store_info

    info = store_info(store_dir)
    _echo_graphs(info)


@click.command()
@click.option("--graph", "graph_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Graph file to serve (default: build/graph.trig unless --store is given).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Store directory to serve (kg store load).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--allow-updates", is_flag=True, help="Accept SPARQL updates and Graph Store writes (default: read-only).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Per-query time limit in seconds.")
@click.option("--max-results", type=click.IntRange(min=1), default=10000, show_default=True,
              help="Refuse answers with more solutions or triples than this (HTTP 413).")
def serve(graph_path, store_dir, host, port, allow_updates, timeout, max_results):
    """Serve the graph over the SPARQL 1.1 Protocol (Oxigraph server), with the corpus explorer
    at / (search, open, expand, filter; the trail is in the URL) and a query page at /sparql.

    \b
    Example:
        kg serve
        kg serve --store build/store --port 8080 --timeout 10
    """
    from .serve import ServerConfig, serve_forever

    if graph_path is None and store_dir is None:
        graph_path = Path("build/graph.trig")
    cfg = ServerConfig(graph=graph_path, store=store_dir, host=host, port=port, allow_updates=allow_updates,
                       timeout=timeout, max_results=max_results)

    def ready(url):
        mode = "read-write" if allow_updates else "read-only"
        click.echo(f"SPARQL endpoint {url}/sparql ({mode}, {timeout:g} s, {max_results} results); "
                   f"explorer {url}/, query page {url}/sparql — Ctrl-C stops", err=False)

    serve_forever(cfg, ready=ready)


@click.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph", "graph_iri", default=None,
              help="Push only this named graph; for a single-graph file, the target graph (default: the default graph).")
@click.option("--source", type=click.Path(path_type=Path), default=Path("build/graph.trig"), show_default=True,
              help="RDF file to upload.")
@click.option("--no-default-graph", is_flag=True,
              help="Do not replace the remote default graph by the merge of the named graphs.")
def push(endpoint, graph_iri, source, no_default_graph):
    """Upload the built graph to a SPARQL Graph Store (HTTP PUT per named graph, atomic per graph).

    \b
    Example:
        kg push --endpoint http://127.0.0.1:7878/store
        kg push --endpoint http://localhost:3030/kg/data --source build/graph.ttl --graph https://example.org/g
    """
    from .push import push as run_push

    report = run_push(source, endpoint, graph=graph_iri, default_graph=not no_default_graph)
    for g, n in report.graphs.items():
        click.echo(f"PUT {'default graph' if g is None else '<' + g + '>'}: {n} triples")
    click.echo(f"pushed {len(report.graphs)} graph(s) to {report.endpoint}")
