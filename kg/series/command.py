"""``kg compare``'s arguments -> comparisons: which reports, from files or from a built store.

Takes report files (or folders), or report IRIs or ids of a built store, or an issuer's name,
and gives the ``Comparison`` list ``kg.series.compare.render`` prints, with the series'
warnings. Report files come as the in-memory store of their build (``kg.pipeline.dataset_store``,
made by the caller), so comparing two reports needs no ``kg build``.
"""
from __future__ import annotations

from pathlib import Path

from ..store import DEFAULT_STORE, open_store
from .compare import Comparison, compare_editions, compare_series
from .editions import find_series
from .record import Edition, SeriesError, read_editions

__all__ = ["comparisons_for", "report_files"]


def report_files(reports: tuple[str, ...]) -> list[Path]:
    """The report files or folders among ``reports`` (all of them, or none: mixing files and
    report ids is an error)."""
    files = [Path(r) for r in reports if Path(r).exists()]
    if files and len(files) != len(reports):
        raise SeriesError(f"give report files or report ids of a store, not both: {', '.join(map(str, files))}")
    return files


def _pick(editions: list[Edition], ref: str) -> Edition:
    found = [e for e in editions if e.iri == ref or e.iri.rsplit("/", 1)[-1] == ref]
    if not found:
        raise SeriesError(f"no report {ref!r} in the store; give a report IRI or id (kg query reports lists them)")
    return found[0]


def comparisons_for(reports: tuple[str, ...] = (), *, issuer: str | None = None,
                    store_dir: Path | None = None, store=None) -> tuple[list[Comparison], list[str]]:
    """The comparisons ``kg compare`` prints, and the series warnings.

    Args:
        reports: two report files, two report IRIs or ids of the store, or (with ``issuer``)
            any number of report files or folders to find the series in.
        issuer: compare every edition of this issuer's series (its name or a former name,
            or a part of one that names a single series).
        store_dir: the built store (default ``build/store``) when no files are given.
        store: the store of the report files' build, when ``reports`` are files (``report_files``).

    Raises:
        SeriesError: not two reports, reports not comparable, or no (or several) series for ``issuer``.
    """
    if issuer is None and len(reports) != 2:
        raise SeriesError(f"give two reports to compare (got {len(reports)}), or --issuer NAME for a whole series")
    from_files = bool(report_files(reports))
    if from_files and store is None:
        raise SeriesError("report files need their build's store (kg.pipeline.dataset_store)")
    if store is None:
        store = open_store(store_dir or DEFAULT_STORE, read_only=True)
    editions = read_editions(store)
    if issuer is None:
        if from_files:
            if len(editions) != 2:
                raise SeriesError(f"{reports[0]} and {reports[1]} are the same report (the same text, or the same "
                                  "title, issuer and year read off both: one report saved twice)")
            a, b = editions
        else:
            a, b = _pick(editions, reports[0]), _pick(editions, reports[1])
        return [compare_editions(a, b)], []
    series = find_series(editions)
    exact = [s for s in series if issuer == s.issuer or issuer in s.names()]
    found = exact or [s for s in series if any(issuer in n for n in s.names())]
    if not found:
        names = sorted({n for s in series for n in s.names()})
        raise SeriesError(f"no series of {issuer!r}; issuers: {', '.join(names)}")
    if len(found) > 1:
        raise SeriesError(f"{issuer!r} names {len(found)} series: "
                          + "; ".join(f"{s.issuer} ({s.kind})" for s in found) + "; give a longer name")
    s = found[0]
    if len(s.editions) < 2:
        raise SeriesError(f"the series of {s.issuer} ({s.kind}) has one edition ({s.years[0]}): nothing to compare")
    return compare_series(s), list(s.warnings)
