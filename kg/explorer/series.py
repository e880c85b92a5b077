"""Explorer series: a store's named graph ``id:graph/series`` -> ``SeriesData`` for the series view.

Takes: an open Oxigraph store whose ``id:graph/series`` was written by ``kg.series.link_series``
(every ``kg build`` writes it). Gives: each report series (``kg:ReportSeries``) with its
editions and reporting years, and its figure trends: one ``Trend`` per RDF Data Cube slice
(series, canonical indicator, unit and scope, as ``kg.series`` lined them up), its
observations as (year, value, label, report, figure) points. Figures are only ever put on one line
when ``kg.series`` put them in one slice, so a trend never mixes units or scopes. Also gives
which entities each trend is about (the figure ``kg:measures`` it, or the measure the figure
is a result of has it as object, or it issues the series), for a node's panel.

A store without that graph gives empty data: the explorer then shows no series control.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib.namespace import RDFS

from ..vocab import KG, PROV, QB, object_path

__all__ = ["Trend", "SeriesInfo", "SeriesData", "read_series", "trend_json"]


@dataclass(frozen=True, slots=True)
class Trend:
    """One slice: a canonical indicator of one series in one unit and scope, over the years."""

    iri: str
    label: str
    indicator: str
    unit: str                      # the unit's local name (NUM, PERCENT, CCY_CNY, ...)
    scope: str
    points: tuple[tuple[int, float, str, str, str], ...]  # (year, value, label, report, figure), by year


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    """One report series: its editions (report IRI, reporting year) by year and its trends."""

    iri: str
    label: str
    issuer: str
    editions: tuple[tuple[str, int], ...]
    trends: tuple[Trend, ...]


@dataclass(frozen=True, slots=True)
class SeriesData:
    """All series of a store, and the trends each entity IRI is about."""

    series: tuple[SeriesInfo, ...] = ()
    about: dict[str, tuple[str, ...]] = field(default_factory=dict)   # entity iri -> trend iris

    def find(self, iri: str) -> SeriesInfo | None:
        return next((s for s in self.series if s.iri == iri), None)

    def trends(self) -> dict[str, Trend]:
        return {t.iri: t for s in self.series for t in s.trends}


def trend_json(t: Trend) -> dict:
    """A trend as the API gives it (the page draws its sparkline from these numbers)."""
    return {"id": t.iri, "label": t.label, "indicator": t.indicator, "unit": t.unit, "scope": t.scope,
            "points": [{"year": y, "value": v, "label": lab, "report": r, "figure": o} for y, v, lab, r, o in t.points]}


def read_series(store) -> SeriesData:
    """The series, editions and trends in ``store`` (read as the union of its graphs).

    Example:
        >>> import pyoxigraph as ox
        >>> read_series(ox.Store()).series
        ()
    """
    heads: dict[str, list[str]] = {}
    for s, label, issuer in _rows(store, f"SELECT DISTINCT ?s ?l ?i WHERE {{ ?s a <{KG.ReportSeries}> "
                                         f"OPTIONAL {{ ?s <{RDFS.label}> ?l }} OPTIONAL {{ ?s <{KG.seriesIssuer}> ?i }} }}"):
        h = heads.setdefault(s, [label or s.rsplit("/", 1)[-1], issuer or ""])
        h[0] = min(h[0], label or h[0])
    if not heads:
        return SeriesData()
    editions: dict[str, dict[str, int]] = {}
    for r, s, y in _rows(store, f"SELECT DISTINCT ?r ?s ?y WHERE {{ ?r <{KG.inSeries}> ?s ; <{KG.reportingYear}> ?y }}"):
        if s in heads and y and y.lstrip("-").isdigit():
            editions.setdefault(s, {})[r] = int(y)
    slices: dict[str, list] = {}
    for sl, s, label, ind, unit, scope in _rows(store, (
            f"SELECT DISTINCT ?sl ?s ?l ?il ?u ?sc WHERE {{ ?sl a <{QB.Slice}> ; <{KG.sliceOf}> ?s . "
            f"OPTIONAL {{ ?sl <{RDFS.label}> ?l }} OPTIONAL {{ ?sl <{KG.sliceIndicator}> ?i . ?i <{RDFS.label}> ?il }} "
            f"OPTIONAL {{ ?sl <{KG.sliceUnit}> ?u }} OPTIONAL {{ ?sl <{KG.scope}> ?sc }} }}")):
        if s in heads and sl not in slices:
            slices[sl] = [s, label or "", ind or "", (unit or "").rsplit("/", 1)[-1], scope or "", []]
    for sl, o, v, label, r in _rows(store, (
            f"SELECT DISTINCT ?sl ?o ?v ?l ?r WHERE {{ ?sl a <{QB.Slice}> ; <{QB.observation}> ?o . "
            f"?o <{KG.value}> ?v ; <{QB.dataSet}>/<{PROV.wasDerivedFrom}> ?r OPTIONAL {{ ?o <{RDFS.label}> ?l }} }}")):
        if sl in slices:
            slices[sl][5].append((o, _number(v), label or "", r))
    trends: dict[str, list[Trend]] = {}
    for sl, (s, label, ind, unit, scope, obs) in slices.items():
        years = editions.get(s, {})
        points, values = {}, {}
        for o, v, lab, r in sorted(obs, key=lambda x: (x[0], x[2], x[3])):
            if v is not None and r in years:
                points.setdefault(years[r], (years[r], v, lab, r, o))
                values.setdefault(years[r], set()).add(v)
        # an edition stating one indicator twice with different values is left out, as kg compare does
        points = {y: pt for y, pt in points.items() if len(values[y]) == 1}
        if points:
            trends.setdefault(s, []).append(Trend(sl, label, ind, unit, scope, tuple(points[y] for y in sorted(points))))
    series = []
    for s, (label, issuer) in sorted(heads.items(), key=lambda kv: (kv[1][0], kv[0])):
        eds = tuple(sorted(editions.get(s, {}).items(), key=lambda kv: (kv[1], kv[0])))
        ts = sorted(trends.get(s, []), key=lambda t: (-len(t.points), t.indicator, t.scope, t.unit, t.iri))
        series.append(SeriesInfo(s, label, issuer, eds, tuple(ts)))
    return SeriesData(tuple(series), _about(store, series))


def _about(store, series: list[SeriesInfo]) -> dict[str, tuple[str, ...]]:
    known = {t.iri for s in series for t in s.trends}
    about: dict[str, set[str]] = {}
    for s in series:
        if s.issuer:
            about.setdefault(s.issuer, set()).update(t.iri for t in s.trends if len(t.points) > 1)
    query = (f"SELECT DISTINCT ?sl ?e WHERE {{ ?sl a <{QB.Slice}> ; <{QB.observation}> ?o . "
             f"{{ ?o <{KG.measures}> ?e }} UNION {{ ?m <{KG.hasResult}> ?o ; {object_path()} ?e }} }}")
    for sl, e in _rows(store, query):
        if sl in known and e:
            about.setdefault(e, set()).add(sl)
    return {e: tuple(sorted(ts)) for e, ts in about.items()}


def _number(text: str | None) -> float | None:
    try:
        return float(Decimal(text)) if text is not None else None
    except (InvalidOperation, ValueError):
        return None


def _rows(store, query: str) -> Iterator[tuple[str | None, ...]]:
    for row in store.query(query, use_default_graph_as_union=True):
        yield tuple(None if t is None else t.value for t in row)
