"""Editions -> series: reports of one issuer and one kind, ordered by year.

Takes ``Edition`` records (``kg.series.record``) and ``data/lexicon/series/issuers.tsv``
(renamings: a report under an old name belongs to the series of the new name). Gives
``Series``: the editions by year, the previous edition of each, and the warnings of the rules
applied to bad input:

* two editions of one series claim the same year: the one published later (its
  ``schema:datePublished``, else the later title in sort order, else the IRI) is that year's
  edition; the other is set aside as a ``duplicate`` and compared with nothing;
* a year is missing between two editions: the later one's previous edition is the one before
  the gap (figures are still compared, with both years shown), but the plans of the edition
  before the gap are not checked: the report that would say what became of them is missing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .indicators import SERIES_LEXICON_DIR
from .record import Edition, SeriesError

__all__ = ["Series", "find_series", "canonical_issuer", "load_renamings", "series_iri", "require_comparable"]

SERIES_NS = "https://w3id.org/govkg/id/series/"


@dataclass(frozen=True)
class Series:
    """One issuer's reports of one kind."""

    iri: str
    issuer: str                          # the issuer's latest name
    kind: str
    editions: tuple[Edition, ...]        # one per year, oldest first
    duplicates: tuple[Edition, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(e.year for e in self.editions)

    def previous(self, edition: Edition) -> Edition | None:
        i = self.editions.index(edition)
        return self.editions[i - 1] if i else None

    def names(self) -> tuple[str, ...]:
        """The issuer's names over the years, oldest first."""
        out: list[str] = []
        for e in self.editions:
            if e.issuer not in out:
                out.append(e.issuer)
        return tuple(out)


@lru_cache(maxsize=4)
def load_renamings(directory: Path = SERIES_LEXICON_DIR) -> dict[str, str]:
    """old name -> new name, from ``issuers.tsv``."""
    out = {}
    path = Path(directory) / "issuers.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) >= 2:
                out[parts[0]] = parts[1]
    return out


def canonical_issuer(name: str, renamings: dict[str, str] | None = None) -> str:
    """The issuer's current name, following renamings (chains too, cycles stop).

    Example:
        >>> canonical_issuer("甲市乙区科学技术委员会", {"甲市乙区科学技术委员会": "甲市乙区科学技术局"})
        '甲市乙区科学技术局'
    """
    ren = load_renamings() if renamings is None else renamings
    seen = {name}
    while name in ren and ren[name] not in seen:
        name = ren[name]
        seen.add(name)
    return name


def series_iri(issuer: str, kind: str) -> str:
    return SERIES_NS + hashlib.sha1(f"{issuer}\0{kind}".encode("utf-8")).hexdigest()[:16]


def _order(e: Edition) -> tuple:
    return (e.date, e.title, e.iri)


def find_series(editions: list[Edition], *, renamings: dict[str, str] | None = None) -> list[Series]:
    """Group editions into series (same current issuer, same kind), one edition per year.

    Example:
        >>> from kg.series.record import Edition
        >>> a = Edition("r1", "t", "甲局", "i1", 2022, "年度工作总结", "", (), ())
        >>> b = Edition("r2", "t", "乙局", "i2", 2024, "年度工作总结", "", (), ())
        >>> [s.years for s in find_series([a, b], renamings={"甲局": "乙局"})]
        [(2022, 2024)]
        >>> find_series([a, b], renamings={"甲局": "乙局"})[0].warnings[0]
        '乙局 (年度工作总结): no edition for 2023; the 2022 plans are not checked'
    """
    groups: dict[tuple[str, str], list[Edition]] = {}
    for e in editions:
        groups.setdefault((canonical_issuer(e.issuer, renamings), e.kind), []).append(e)
    out = []
    for (issuer, kind), eds in sorted(groups.items()):
        by_year: dict[int, list[Edition]] = {}
        for e in eds:
            by_year.setdefault(e.year, []).append(e)
        chosen, dups, warnings = [], [], []
        for year in sorted(by_year):
            cands = sorted(by_year[year], key=_order)
            chosen.append(cands[-1])
            if len(cands) > 1:
                dups.extend(cands[:-1])
                warnings.append(f"{issuer} ({kind}): {len(cands)} editions claim {year}; using the one published "
                                f"last ({cands[-1].title}), setting aside "
                                + ", ".join(c.title for c in cands[:-1]))
        for a, b in zip(chosen, chosen[1:]):
            if b.year - a.year > 1:
                missing = ", ".join(str(y) for y in range(a.year + 1, b.year))
                warnings.append(f"{issuer} ({kind}): no edition for {missing}; the {a.year} plans are not checked")
        out.append(Series(series_iri(issuer, kind), issuer, kind, tuple(chosen), tuple(dups), tuple(warnings)))
    return out


def require_comparable(a: Edition, b: Edition, *, renamings: dict[str, str] | None = None) -> tuple[Edition, Edition]:
    """The two editions, older first, when they are editions of one series in different years.

    Raises:
        SeriesError: different issuers or kinds, or the same year.
    """
    ia, ib = canonical_issuer(a.issuer, renamings), canonical_issuer(b.issuer, renamings)
    if ia != ib:
        raise SeriesError(f"not comparable: different issuers ({a.issuer} / {b.issuer}); "
                          f"a renamed issuer is listed in data/lexicon/series/issuers.tsv")
    if a.kind != b.kind:
        raise SeriesError(f"not comparable: different kinds of report ({a.kind} / {b.kind})")
    if a.year == b.year:
        raise SeriesError(f"not comparable: both reports are for {a.year} ({a.title} / {b.title})")
    return (a, b) if a.year < b.year else (b, a)
