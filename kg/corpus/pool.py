"""The worker pool of corpus builds, and the in-memory corpus build that runs on it.

Takes: report tasks and a number of workers (``Settings.jobs``; 0: all cores). Gives:
``run_pool`` (a job mapped over items in order, in a ``concurrent.futures`` process pool,
or on a Dask cluster (``kg.corpus.cluster``) with ``Settings.scheduler``, with a progress bar
on a terminal), the two jobs a worker runs on one report
(``extract_job`` here, ``kg.corpus.merge.build_job`` for builds), each giving an ``Outcome`` that carries a broken report's
problem instead of raising it, ``settle`` (the skipped reports, or the first problem raised
with ``Settings.strict`` or when every report is broken), and ``extract_corpus``: the curated
``Extraction`` of every report, computed in the pool and cached by content (see
``kg.corpus.cache``).
"""
from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..duplicates import Duplicates, duplicate_keys
from ..errors import ConfigError, ExtractionError, InputError, KGError, OntologyError
from .cache import ResultCache, cached_extraction
from .cluster import run_cluster
from .outcome import Outcome, progress_bar
from .report import ReportTask, make_tasks

if TYPE_CHECKING:
    from rdflib import Graph

    from ..config import Settings
    from ..model import Extraction

__all__ = ["Outcome", "CorpusExtraction", "failure", "run_pool", "extract_job", "settle", "extract_corpus"]

log = logging.getLogger(__name__)


def failure(path: Path, e: BaseException) -> str:
    if isinstance(e, KGError):
        return str(e) if str(path) in str(e) else f"{path}: {e}"
    log.debug("extractor failed on %s", path, exc_info=True)
    return f"{path}: extractor failed: {type(e).__name__}: {e}"


def extract_job(args: tuple[ReportTask, Path | None]) -> Outcome:
    """A worker's extraction of one report (task, cache folder), from the cache when unchanged."""
    task, root = args
    try:
        ex, _, ran = cached_extraction(task, ResultCache(root))
        return Outcome(task.path, ex, extracted=ran)
    except (ConfigError, OntologyError):
        raise                         # the lexicons or the ontology: every report would fail
    except Exception as e:  # noqa: BLE001 - one broken report must not stop a corpus
        return Outcome(task.path, error=failure(task.path, e))


def _jobs(n: int) -> int:
    return n if n and n > 0 else (os.cpu_count() or 1)


def run_pool(fn: Callable, items: list, *, jobs: int, progress: bool, desc: str,
             scheduler: str | None = None) -> Iterator[Outcome]:
    """``map(fn, items)`` in order, in a process pool when ``jobs`` > 1, with a progress bar
    on a terminal; on the Dask cluster of ``scheduler`` (``kg.corpus.cluster``) when given."""
    if scheduler:
        yield from run_cluster(fn, items, address=scheduler, progress=progress, desc=desc)
        return
    jobs = min(_jobs(jobs), max(1, len(items)))
    bar = progress_bar(len(items), progress=progress, desc=desc)
    try:
        if jobs == 1:
            for item in items:
                yield fn(item)
                bar.update()
            return
        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            chunk = max(1, min(8, len(items) // (jobs * 16)))
            # a window of chunks in flight, not all of them: pool.map submits every item at once,
            # and the finished results of a fast pool (a cached build) piled up in the parent
            # faster than it wrote them out (2.7 GB on 10,000 reports)
            todo = deque(items[i:i + chunk] for i in range(0, len(items), chunk))
            window: deque = deque()
            while todo or window:
                while todo and len(window) < _AHEAD * jobs:
                    window.append(pool.submit(_run_chunk, fn, todo.popleft()))
                for out in window.popleft().result():
                    yield out
                    bar.update()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    finally:
        bar.close()


_AHEAD = 4   # chunks in flight per worker process


def _run_chunk(fn: Callable, chunk: list) -> list:
    """One pool task: ``fn`` over a few items (fewer round trips than one item a task)."""
    return [fn(item) for item in chunk]


def settle(outcomes: list[Outcome], strict: bool) -> list[tuple[Path, str]]:
    """The skipped reports; raises the first problem with ``strict`` or when nothing is left."""
    bad = [(o.path, o.error) for o in outcomes if o.error is not None]
    if bad and (strict or len(bad) == len(outcomes)):
        first = bad[0][1]
        if len(outcomes) > 1:
            more = f" (and {len(bad) - 1} more broken report(s))" if len(bad) > 1 else ""
            first = f"{first}{more}" if not strict else f"{first} (--strict: a broken report fails the build)"
        raise ExtractionError(first) if "extractor failed" in first else InputError(first)
    return bad


# --- corpus extraction (the in-memory build) ------------------------------------------------

@dataclass
class CorpusExtraction:
    """Extractions in report order, the reports skipped with their problem, and how many
    reports the extractor actually ran on (the rest came from the cache)."""

    extractions: list["Extraction"]
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    extracted: int = 0


def extract_corpus(paths: Iterable[Path], settings: "Settings", *, curate: bool | None = None,
                   ontology: "Graph | None" = None, progress: bool = False) -> CorpusExtraction:
    """Extract (and curate) every report under ``paths``, in parallel, from the cache when
    nothing changed. Broken reports are skipped (see ``kg.corpus``)."""
    tasks = make_tasks(paths, settings, curate=curate, ontology=ontology)
    root = settings.cache_dir
    outcomes = list(run_pool(extract_job, [(t, root) for t in tasks], jobs=settings.jobs, progress=progress,
                             desc="extract", scheduler=settings.scheduler))
    skipped = settle(outcomes, settings.strict)
    dups = Duplicates()
    kept = [o.value for o in outcomes if o.error is None and not dups.seen(o.path, duplicate_keys(o.value.document))]
    return CorpusExtraction(kept, skipped, sum(o.extracted for o in outcomes))
