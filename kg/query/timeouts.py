"""Time limits for local queries.

Takes: a local source, SPARQL text and a limit in seconds. Gives: the ``QueryResult`` of
``backends.run_local`` computed in a forked child process, which is killed when the limit
passes (a ``QueryError`` says so), because neither rdflib's evaluator nor Oxigraph's can be
interrupted from inside. Where processes cannot be forked, ``can_fork`` says so and the
caller runs the query without a limit.
"""
from __future__ import annotations

from ..errors import QueryError
from .backends import Source, first_line, run_local
from .result import QueryResult, result_graph

__all__ = ["can_fork", "run_with_timeout"]


def can_fork() -> bool:
    """Can this platform fork a child process (Linux, macOS), so a query can be stopped?"""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def run_with_timeout(source: Source, sparql: str, timeout: float) -> QueryResult:
    """``run_local`` in a forked child; the child is killed when ``timeout`` passes.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(data='<urn:a> <urn:p> "甲"@zh .', format="turtle")
        >>> run_with_timeout(g, "ASK { ?s ?p ?o }", 5).boolean
        True
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def work() -> None:
        try:
            r = run_local(source, sparql)
            # a result graph travels as its triples: rdflib Graphs do not pickle reliably
            send.send(("ok", r.kind, r.vars, r.rows, r.boolean,
                       None if r.graph is None else tuple(r.graph)))
        except QueryError as e:
            send.send(("error", str(e)))
        except BaseException as e:  # noqa: BLE001 - reported to the parent, never lost
            send.send(("error", f"SPARQL evaluation failed: {first_line(e)}"))

    child = ctx.Process(target=work, daemon=True)
    child.start()
    send.close()
    try:
        ready = receive.poll(timeout)
        message = receive.recv() if ready else None
    except EOFError:
        message = ("error", f"the query process ended without an answer (exit status {child.exitcode})")
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if message is None:
        raise QueryError(f"query stopped: it ran longer than the time limit of {timeout:g} s "
                         f"(raise it with --timeout, 0 for none)")
    if message[0] == "error":
        raise QueryError(message[1])
    _, kind, names, rows, boolean, triples = message
    graph = None if triples is None else result_graph(triples)
    return QueryResult(kind, names, rows, boolean, graph)
