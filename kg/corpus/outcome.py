"""What a worker gives back for one report, whichever engine ran it.

Takes: nothing but the job items of ``kg.corpus.pool`` (a ``ReportTask``, a work order
holding one as ``.task``, or a tuple whose first element is one). Gives: ``Outcome`` (a
report's value, or the problem that made a build skip it), ``item_path`` (the report an item
stands for, to name it when its worker is lost) and ``progress_bar`` (the tqdm bar the process
pool and the Dask cluster both show on a terminal while outcomes come in).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Outcome", "item_path", "progress_bar"]


@dataclass(frozen=True)
class Outcome:
    """What a job gave for one report: its value, or the problem that made it skip the report."""

    path: Path
    value: Any = None
    error: str | None = None
    extracted: bool = False    # the extractor ran (not from the cache)


def item_path(item: Any) -> Path:
    """The report a job's item stands for: ``item.path``, ``item.task.path`` or ``item[0].path``.

    Example:
        >>> from kg.corpus.report import ReportTask
        >>> item_path((ReportTask(Path("a/甲市乙区.txt")), None))
        PosixPath('a/甲市乙区.txt')
    """
    for candidate in (item, getattr(item, "task", None), item[0] if isinstance(item, tuple) and item else None):
        path = getattr(candidate, "path", None)
        if path is not None:
            return Path(path)
    return Path(str(item))


def progress_bar(total: int, *, progress: bool, desc: str):
    """A tqdm bar of ``total`` reports on stderr, shown only when ``progress`` and stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="report", desc=desc, disable=not (progress and sys.stderr.isatty()),
                file=sys.stderr, leave=False)
