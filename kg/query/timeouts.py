"""Time limits for local queries.

Takes: a local source, SPARQL text and a limit in seconds, or any function giving a
``Page`` (several queries, as a page read report by report). Gives: the ``QueryResult`` of
``backends.run_local`` (``run_with_timeout``) or the ``Page`` (``page_with_timeout``)
computed in a forked child process, which is killed when the limit passes (a
``QueryError`` says so), because neither rdflib's evaluator nor Oxigraph's can be
interrupted from inside. Where processes cannot be forked, ``can_fork`` says so and the
caller runs the query without a limit.
"""
from __future__ import annotations

from collections.abc import Callable

from ..errors import QueryError
from .backends import Source, first_line, run_local
from .paging import Page
from .result import QueryResult, result_graph

__all__ = ["can_fork", "run_with_timeout", "page_with_timeout"]


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
    return page_with_timeout(lambda: Page(run_local(source, sparql)), timeout).result


def page_with_timeout(work: Callable[[], Page], timeout: float) -> Page:
    """``work()`` (which may run several queries) in a forked child, killed when ``timeout`` passes.

    Example:
        >>> page_with_timeout(lambda: Page(QueryResult("ASK", boolean=True), more=0), 5).result.boolean
        True
    """
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child_work() -> None:
        try:
            p = work()
            r = p.result
            # a result graph travels as its triples: rdflib Graphs do not pickle reliably
            send.send(("ok", r.kind, r.vars, r.rows, r.boolean,
                       None if r.graph is None else tuple(r.graph), p.more, p.exact, p.unread))
        except QueryError as e:
            send.send(("error", str(e)))
        except BaseException as e:  # noqa: BLE001 - reported to the parent, never lost
            send.send(("error", f"SPARQL evaluation failed: {first_line(e)}"))

    child = ctx.Process(target=child_work, daemon=True)
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
    _, kind, names, rows, boolean, triples, more, exact, unread = message
    graph = None if triples is None else result_graph(triples)
    return Page(QueryResult(kind, names, rows, boolean, graph), more, exact, unread)
