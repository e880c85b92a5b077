"""Corpus builds on a Dask cluster: the per-report map run by ``distributed`` workers.

Takes: a worker job of ``kg.corpus`` (a pure, picklable function of one item, such as
``kg.corpus.merge.build_job``), its items, and the address of a running Dask scheduler
(``Settings.scheduler``; ``kg build --scheduler tcp://HOST:PORT``). Gives: ``run_cluster``,
the job's ``Outcome`` for every item, in item order, as ``kg.corpus.pool.run_pool`` gives them
on one machine, and ``connect`` (a ``distributed.Client``, or a one-line ``ClusterError``).

How it keeps a large corpus in hand: items go in small batches (one Dask task each), and only
a window of batches (a few per worker thread) is on the cluster at once, so 10,000 reports
never make 10,000 tasks on the scheduler, and finished N-Quads do not pile up in the workers'
memory while the parent is still writing earlier ones.

What happens when a worker dies (killed, out of memory, crashed): its nanny starts a new one
and the scheduler runs its tasks elsewhere, up to ``distributed.scheduler.allowed-failures``
times (3 by default). When the scheduler gives up on a batch (``KilledWorker``), the batch's
reports are sent again one by one, each up to ``retries`` more times, so the reports that only
shared a worker with a bad one are built, and a report that kills every worker it meets
becomes an ``Outcome`` whose error names it. No report is ever dropped without a word: the
build's report count and its skipped list account for every item.

dask is imported inside the functions: ``kg query`` and the local builds never load it.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import KGError
from .outcome import Outcome, item_path, progress_bar

__all__ = ["ClusterError", "connect", "run_cluster", "run_batch"]


class ClusterError(KGError):
    """The Dask scheduler cannot be reached, or was lost during the build."""


def connect(address: str):
    """A ``distributed.Client`` of the scheduler at ``address`` (``tcp://HOST:PORT``).

    Waits at most dask's ``distributed.comm.timeouts.connect`` (30 s unless configured, e.g.
    ``DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s``) and does not become dask's default client.

    Raises:
        ClusterError: dask distributed is not installed, the address is malformed, or no
            scheduler answers there.
    """
    try:
        from distributed import Client
    except ImportError as e:
        raise ClusterError(f"--scheduler {address}: dask distributed is not installed "
                           "(pip install 'kg[cluster]')") from e
    try:
        return Client(address, set_as_default=False)
    except (ValueError, TypeError) as e:
        raise ClusterError(f"--scheduler {address!r}: not a Dask scheduler address (tcp://HOST:PORT): {e}") from e
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from e


def run_batch(fn: Callable[[Any], Outcome], batch: list) -> list[Outcome]:
    """What one Dask task runs on a worker: ``fn`` over a batch of items, in order."""
    return [fn(item) for item in batch]


def run_cluster(fn: Callable[[Any], Outcome], items: list, *, address: str, progress: bool = False,
                desc: str = "build", retries: int = 1, batch: int = 0, window: int = 0) -> Iterator[Outcome]:
    """``map(fn, items)`` on the Dask cluster at ``address``, in item order.

    Args:
        fn: a worker job (importable on the workers: the same kg install on every worker).
        items: its items (report paths in them must be readable at the same path on the workers).
        address: the scheduler, ``tcp://HOST:PORT``.
        progress: show a progress bar on a terminal.
        desc: the bar's label.
        retries: how many more times a report is sent after the scheduler gave up on it
            because its workers died; then it becomes an ``Outcome`` with the error.
        batch: items per Dask task (0: up to 8, fewer on a small corpus).
        window: batches on the cluster at once (0: four per worker thread).

    Raises:
        ClusterError: the scheduler cannot be reached, or is lost during the build.
    """
    client = connect(address)
    bar = progress_bar(len(items), progress=progress, desc=desc)
    try:
        threads = sum(client.nthreads().values()) or 1
        size = batch or max(1, min(8, len(items) // (threads * 16)))
        ahead = window or 4 * threads
        batches = [items[i:i + size] for i in range(0, len(items), size)]
        on_cluster: deque = deque()
        sent = 0
        while sent < len(batches) or on_cluster:
            while sent < len(batches) and len(on_cluster) < ahead:
                on_cluster.append((batches[sent], _submit(client, fn, batches[sent], retries)))
                sent += 1
            part, future = on_cluster.popleft()
            for out in _outcomes(client, fn, part, future, retries=retries, address=address):
                yield out
                bar.update()
    finally:
        bar.close()
        client.close()


def _submit(client, fn: Callable, part: list, retries: int):
    # pure=False: two equal items (a report given twice) are two tasks, as in the process pool
    return client.submit(run_batch, fn, part, retries=retries, pure=False)


def _outcomes(client, fn: Callable, part: list, future, *, retries: int, address: str) -> list[Outcome]:
    """The outcomes of one batch; its reports sent again one by one if its workers died."""
    from distributed import KilledWorker

    try:
        return _result(future, address)
    except KilledWorker:
        pass
    singles = [_submit(client, fn, [item], retries) for item in part]
    outs: list[Outcome] = []
    for item, single in zip(part, singles):
        for attempt in range(retries + 1):
            try:
                outs.extend(_result(single, address))
                break
            except KilledWorker:
                if attempt == retries:
                    path = item_path(item)
                    outs.append(Outcome(path, error=f"{path}: its Dask worker died on every try (sent {retries + 2} "
                                                    "times; killed, out of memory or crashed); not built"))
                else:
                    single = _submit(client, fn, [item], retries)
    return outs


def _result(future, address: str) -> list[Outcome]:
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    try:
        return future.result()
    except (FutureCancelledError, CommClosedError) as e:
        raise ClusterError(f"lost the Dask scheduler at {address} during the build: {_first_line(e)}") from e


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
