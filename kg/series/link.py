"""Store or edition records -> series triples: what ``kg.series`` adds to a built graph.

Takes a pyoxigraph ``Store`` of built reports, or the reports' ``Edition`` records (a build
reads them in its map step). Gives ``link_series(store)`` or ``link_editions(editions)``, a set
of rdflib triples for the named graph ``id:graph/series``: each series (``kg:ReportSeries``) with its
editions (``kg:inSeries``, ``kg:reportingYear``, ``kg:previousEdition``); every result
figure's canonical indicator, scope and the reason (``kg:canonicalIndicator``, ``kg:scope``,
``kg:alignmentNote``); one RDF Data Cube slice per series, canonical indicator, unit and
scope holding its observations over the years; and every plan's follow-up
(``kg:PlanFollowUp`` with status, score, reasons and the sentences of both editions, and
``kg:fulfilledBy`` from a planned measure to the measures that report it done).
Warnings (colliding years, gap years, editions without plans) are logged.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import partial
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..vocab import DATA, KG, QB, UNIT
from .editions import Series, find_series
from .indicators import DEFAULT_SCOPE, EXTRACTOR_LABEL, align
from .load import to_oxigraph
from .plans import FollowUp, check_plans
from .record import Edition, EditionShelf, SeriesError, read_editions, select

__all__ = ["link_series", "link_editions", "add_series_graph", "series_of_store", "series_of_editions", "canonical_iri",
           "STATUS_ZH", "SERIES_GRAPH"]

logger = logging.getLogger(__name__)
SERIES_GRAPH = DATA["graph/series"]
STATUS_ZH = {"done": "已完成", "partly": "部分完成", "not_mentioned": "未提及"}


def _h(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:16]


def canonical_iri(canonical: str) -> URIRef:
    """The node of a canonical indicator (apart from the extractor's per-label indicators)."""
    return DATA[f"indicator/canonical/{_h(canonical)}"]


def _unit(u: str) -> URIRef:
    return UNIT.PERCENT if u == "PP" else UNIT[u]


def series_of_store(store) -> list[Series]:
    """The series of the reports in ``store``, with their warnings logged. Only the editions of
    series of two or more reports are read in full: a report alone in its series has nothing
    to be compared with, and a large corpus is mostly such reports."""
    return _series_of(lambda only: read_editions(store, only=only))


def series_of_editions(editions: "EditionShelf | Iterable[Edition]") -> list[Series]:
    """``series_of_store`` for editions already in hand (a build's map step reads one per
    report off its triples, ``kg.series.record.edition_of``): the same series."""
    shelf = editions if isinstance(editions, EditionShelf) else list(editions)
    if not len(shelf):
        raise SeriesError("no report to put in a series")
    return _series_of(shelf.read if isinstance(shelf, EditionShelf) else partial(select, shelf))


def _series_of(read: Callable[[set[str] | None], list[Edition]]) -> list[Series]:
    """The series of the editions ``read`` gives: its metadata of all first, then in full
    those of series with two editions or more."""
    heads = read(set())
    many = _in_series(heads)
    return _logged(find_series(read(many)) if many else find_series(heads))


def _in_series(editions: list[Edition]) -> set[str]:
    """The IRIs of the editions whose series has two or more reports."""
    return {e.iri for s in find_series(editions) if len(s.editions) + len(s.duplicates) > 1
            for e in (*s.editions, *s.duplicates)}


def _logged(series: list[Series]) -> list[Series]:
    for s in series:
        for w in s.warnings:
            logger.warning(w)
    return series


def link_series(store) -> set[tuple]:
    """The series triples of the reports in ``store`` (see the module docstring).

    Example:
        >>> import pyoxigraph as ox
        >>> link_series(ox.Store())
        set()
    """
    try:
        return _link(series_of_store(store))
    except SeriesError:      # a store without reports has no series
        return set()


def link_editions(editions: "EditionShelf | Iterable[Edition]") -> set[tuple]:
    """``link_series`` of the store these editions would make (see ``series_of_editions``).

    Example:
        >>> link_editions([])
        set()
    """
    try:
        return _link(series_of_editions(editions))
    except SeriesError:
        return set()


def _link(series: list[Series]) -> set[tuple]:
    out: set[tuple] = set()
    for s in series:
        _series(out, s)
    return out


def add_series_graph(store) -> int:
    """Write ``link_series(store)`` into the named graph ``id:graph/series`` of ``store``
    (replacing what was there); return the number of triples. The build does this for its
    store; a test does it for a store of its own.
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(str(SERIES_GRAPH))
    triples = link_series(store)
    if any(g == graph for g in store.named_graphs()):
        store.remove_graph(graph)
    store.extend([ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in triples])
    return len(triples)


def _series(out: set[tuple], s: Series) -> None:
    node = URIRef(s.iri)
    out.add((node, RDF.type, KG.ReportSeries))
    out.add((node, RDFS.label, Literal(f"{s.issuer}·{s.kind}", lang="zh")))
    out.add((node, KG.seriesKind, Literal(s.kind)))
    out.add((node, KG.seriesIssuer, URIRef(s.editions[-1].issuer_iri)))
    prev = None
    slices: dict[tuple, list] = {}
    for e in s.editions:
        r = URIRef(e.iri)
        out.add((r, KG.inSeries, node))
        out.add((r, KG.reportingYear, Literal(e.year, datatype=XSD.integer)))
        if prev is not None:
            out.add((r, KG.previousEdition, URIRef(prev.iri)))
            if e.year == prev.year + 1:
                if not prev.has_plans:
                    logger.warning(f"{prev.title}: no plans section; nothing to check in {e.year}")
                for f in check_plans(prev, e):
                    _followup(out, f)
        prev = e
        for a in align(e):
            o = URIRef(a.figure.iri)
            c = canonical_iri(a.canonical)
            out.add((c, RDF.type, KG.Indicator))
            out.add((c, RDFS.label, Literal(a.canonical, lang="zh")))
            out.add((c, SKOS.prefLabel, Literal(a.canonical, lang="zh")))
            out.add((o, KG.canonicalIndicator, c))
            if a.scope != DEFAULT_SCOPE:   # 2.6.0: no scope is the whole year (全年), as for a report outside every series
                out.add((o, KG.scope, Literal(a.scope)))
            if a.reason != EXTRACTOR_LABEL:   # no note: the canonical indicator is the extractor's label
                out.add((o, KG.alignmentNote, Literal(a.reason)))
            if not a.planned:
                slices.setdefault(a.key, []).append(o)
    for e in s.duplicates:
        out.add((URIRef(e.iri), KG.inSeries, node))
    for (canonical, unit, scope), obs in slices.items():
        sl = URIRef(f"{s.iri}/slice/{_h(canonical + chr(0) + unit + chr(0) + scope)}")
        out.add((sl, RDF.type, QB.Slice))
        out.add((sl, RDFS.label, Literal(f"{s.issuer}：{canonical}（{scope}）", lang="zh")))
        out.add((sl, KG.sliceOf, node))
        out.add((sl, KG.sliceIndicator, canonical_iri(canonical)))
        out.add((sl, KG.sliceUnit, _unit(unit)))
        out.add((sl, KG.scope, Literal(scope)))
        for o in obs:
            out.add((sl, QB.observation, o))


def _followup(out: set[tuple], f: FollowUp) -> None:
    node = DATA[f"followup/{_h(f.plan.iri + chr(0) + f.checked_in)}"]
    out.add((node, RDF.type, KG.PlanFollowUp))
    out.add((node, RDFS.label, Literal(f"{f.plan.text.strip()}：{STATUS_ZH[f.status]}", lang="zh")))
    out.add((node, KG.followsUp, URIRef(f.plan.iri)))
    out.add((node, KG.plannedIn, URIRef(f.plan_report)))
    out.add((node, KG.checkedIn, URIRef(f.checked_in)))
    out.add((node, KG.followUpStatus, Literal(f.status)))
    out.add((node, KG.matchScore, Literal(Decimal(str(f.score)), datatype=XSD.decimal)))
    out.add((node, KG.matchedOn, Literal(f.explanation)))
    for c in f.evidence:
        out.add((node, KG.outcomeEvidence, URIRef(c.iri)))
    for m in f.measures:
        out.add((node, KG.aboutPlan, URIRef(m)))
        if f.status == "done":
            for x in f.outcome_measures:
                out.add((URIRef(m), KG.fulfilledBy, URIRef(x)))
