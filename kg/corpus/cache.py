"""The per-report cache of corpus builds: results kept by content, so a rebuild redoes only what changed.

Takes: a cache folder (``Settings.cache_dir``, ``.cache/kg``; None: no cache) and report
tasks. Gives: ``ResultCache`` (pickled entries under ``root/<kind>/<key[:2]>/<key>``) and the
two cached steps of a worker: a report's ``Extraction`` (``cached_extraction``, keyed by
``task_key``) and its ``ReportRDF`` (``cached_report_rdf``, keyed by ``rdf_key``), each
computed by ``kg.corpus.report`` on a miss and stored for the next build.
"""
from __future__ import annotations

import logging
import os
import pickle
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .report import RDFContext, ReportRDF, ReportTask, extract_report, rdf_key, report_rdf, task_key

if TYPE_CHECKING:
    from ..model import Extraction

__all__ = ["ResultCache", "cached_extraction", "cached_report_rdf"]

log = logging.getLogger(__name__)


class ResultCache:
    """Pickled per-report results under ``root/<kind>/<key[:2]>/<key>``, written atomically
    (an interrupted build leaves whole entries only); an unreadable entry is a miss."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else None

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any:
        if self.root is None:
            return None
        p = self._path(kind, key)
        try:
            return pickle.loads(zlib.decompress(p.read_bytes()))
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a truncated or foreign entry is just a miss
            log.debug("unreadable cache entry %s", p)
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        p = self._path(kind, key)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1))
            os.replace(tmp, p)
        except OSError as e:   # a read-only or full cache disk slows builds down, it does not fail them
            log.warning("cannot write the cache under %s: %s", self.root, e)


def cached_extraction(task: ReportTask, cache: ResultCache) -> tuple["Extraction", str, bool]:
    """The task's extraction, its cache key, and whether the extractor ran (False: from the cache)."""
    key = task_key(task)
    ex = cache.get("extraction", key)
    if ex is not None:
        # the key is the content, not the place: the same report (or curation file) copied
        # elsewhere is a hit, and the result names the files of this task
        return replace(ex, document=replace(ex.document, source=Path(task.path)), curated=_curated(task)), key, False
    ex = extract_report(task)
    cache.put("extraction", key, ex)
    return ex, key, True


def cached_report_rdf(task: ReportTask, ctx: RDFContext, cache: ResultCache, *, validate: bool = False,
                      extraction: "Extraction | None" = None) -> tuple[ReportRDF, bool]:
    """The task's ``ReportRDF`` (validated when asked, even if the cached one was not), and
    whether the extractor ran. ``extraction``: the task's extraction, when the caller has it
    already (it is not extracted twice)."""
    rkey = rdf_key(task, ctx, validate=validate)
    r = cache.get("rdf", rkey)
    ran = False
    if r is None or (validate and r.violations is None):
        if extraction is not None:
            ex = extraction
        else:
            ex, _, ran = cached_extraction(task, cache)
        r = report_rdf(ex, ctx, validate=validate)
        cache.put("rdf", rkey, r)
    return replace(r, source=str(task.path), curated=_curated(task)), ran


def _curated(task: ReportTask) -> tuple[str, ...]:
    return () if task.curation is None else (str(task.curation),)
