"""Explorer API: a ``CorpusIndex`` + a SPARQL runner -> JSON answers for the live page.

Takes: the index (``kg.explorer.index``), a ``sparql(query) -> rows`` callable (through
``kg serve``'s guarded endpoint, or straight on a store for scripts) and the request's
name and parameters. Gives: ``(status, dict)`` for

* ``meta``: classes with colours and counts, relation kinds, years, issuers, sizes;
* ``suggest?q=``: names and aliases as you type (one character: names starting with it);
* ``node?id=``: class, aliases, figures, relations grouped by kind, reports, and the
  quoted sentences with report and offsets;
* ``expand?id=[&kind=][&cls=][&offset=]``: neighbours, best-connected first, at most
  ``limit`` (≤ ``MAX_LIMIT``) at a time, with how many more there are;
* ``report?id=``: the entities of one report and the relations between them;
* ``series``: the report series (``kg.explorer.series``); ``series?id=``: one series'
  editions with their years, its entities (best-connected first, at most ``SERIES_SHOWN``)
  with the years of the editions that mention them (first, last, every one), the
  relations among them, and its figure trends (one per canonical indicator, unit and
  scope: only comparable figures are on one line).

Every answer except ``meta`` also takes the filters ``cls`` (repeatable), ``report``,
``issuer`` and ``year``. Bad parameters give ``400`` with a one-line message naming the
parameter and the valid values; an unknown id gives ``404``; a query the endpoint's
guard stops gives its status (``503``, ``413``) and message. Only IRIs from the index
ever go into a query: nothing typed by the user is pasted into SPARQL.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rdflib.namespace import RDFS

from ..errors import KGError
from ..visualize import class_style
from ..vocab import KG, OA, sentence_offsets_sparql
from .index import CorpusIndex, Filters, Match
from .series import trend_json

__all__ = ["Explorer", "ExplorerError", "Sparql", "store_sparql", "evidence",
           "DEFAULT_LIMIT", "MAX_LIMIT", "EVIDENCE_SHOWN", "SERIES_SHOWN"]

Sparql = Callable[[str], list[dict[str, str]]]
DEFAULT_LIMIT = 40     # neighbours per expansion
MAX_LIMIT = 200
EVIDENCE_SHOWN = 8     # quoted sentences per opened node
SAMPLE = 6             # neighbour names listed under each relation kind
MAX_QUERY = 100        # characters of a search
SERIES_SHOWN = 600     # entities of one series drawn at most
TRENDS_SHOWN = 8       # trends in a node's panel


class ExplorerError(KGError):
    """A request the explorer cannot answer: ``status`` says why (400, 404, or the guard's)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def store_sparql(store) -> Sparql:
    """A runner on an open pyoxigraph store, read as the union of its graphs (no guard: scripts only)."""
    def run(query: str) -> list[dict[str, str]]:
        result = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: t.value for n, t in zip(names, row) if t is not None} for row in result]
    return run


def evidence(sparql: Sparql, iri: str, *, reports: Sequence[str] = (), limit: int = EVIDENCE_SHOWN) -> list[dict]:
    """The first ``limit`` sentences that mention ``iri`` (by report, then offset): sentence
    text, its start and end offsets in the report, and the report's IRI.

    The one place that knows how mentions point at sentences (``kg.rdfize``): a mention
    ``oa:hasBody`` the entity and sits ``kg:inSentence`` a sentence with ``kg:text`` and
    ``kg:sentenceOf`` its report, all in the report's graph, whose IRI names its offsets.
    Given ``reports`` (IRIs of reports that mention the entity), only those graphs are
    read: a law cited by every report of a corpus has thousands of mentions, and ordering
    them all takes seconds. Without them, or when those graphs hold nothing (a store of
    one merged graph), the whole store is read.
    """
    pattern = (f"?m <{OA.hasBody}> <{iri}> ; <{KG.inSentence}> ?s . ?s <{KG.text}> ?t ; <{KG.sentenceOf}> ?r . "
               f"{sentence_offsets_sparql('s', 'a', 'b')}")
    rows = []
    if reports:
        blocks = " UNION ".join(f"{{ GRAPH <{r}> {{ {pattern} }} }}" for r in reports[:limit])
        rows = sparql(f"SELECT DISTINCT ?s ?t ?a ?b ?r WHERE {{ {blocks} }} ORDER BY ?r ?a LIMIT {int(limit)}")
    if not rows:
        rows = sparql(f"SELECT DISTINCT ?s ?t ?a ?b ?r WHERE {{ {pattern} }} ORDER BY ?r ?a LIMIT {int(limit)}")
    return [{"sentence": r.get("t", ""), "start": int(r.get("a", 0)), "end": int(r.get("b", 0)),
             "report": r.get("r", "")} for r in rows]


@dataclass(frozen=True)
class Explorer:
    """The explorer's answers over one index and one SPARQL runner.

    Example:
        >>> from kg.explorer.index import CorpusIndex
        >>> ix = CorpusIndex.from_rows([("urn:a", "甲乙大学", "University", ())])
        >>> Explorer(ix, lambda q: []).handle("suggest", {"q": ["甲"]})[1]["items"][0]["label"]
        '甲乙大学'
    """

    index: CorpusIndex
    sparql: Sparql

    def handle(self, name: str, params: Mapping[str, Sequence[str]]) -> tuple[int, dict]:
        """Answer request ``name`` with ``params`` (as ``urllib.parse.parse_qs`` gives them)."""
        handlers = {"meta": self.meta, "suggest": self.suggest, "node": self.node, "expand": self.expand,
                    "report": self.report, "series": self.series}
        if name not in handlers:
            return 404, {"error": f"no such API: {name!r}; use one of: {', '.join(handlers)}"}
        try:
            return 200, handlers[name](params)
        except ExplorerError as e:
            return e.status, {"error": str(e)}

    # -- parameters -----------------------------------------------------------------

    def _one(self, params, key: str, default: str = "") -> str:
        values = params.get(key) or [default]
        return values[-1]

    def _int(self, params, key: str, default: int, lo: int, hi: int) -> int:
        raw = self._one(params, key, str(default)).strip()
        try:
            n = int(raw)
        except ValueError:
            raise ExplorerError(400, f"{key}={raw!r} is not a whole number") from None
        if not lo <= n <= hi:
            raise ExplorerError(400, f"{key}={n} is out of range; give {lo} to {hi}")
        return n

    def _filters(self, params) -> Filters:
        classes = tuple(c for v in params.get("cls", []) for c in v.split(",") if c)
        known = set(self.index.classes)
        bad = [c for c in classes if c not in known]
        if bad:
            raise ExplorerError(400, f"cls={bad[0]!r} is not a class of this corpus; choose from: "
                                     f"{', '.join(sorted(known))}")
        year_raw = self._one(params, "year").strip()
        year = None
        if year_raw:
            if not year_raw.isdigit():
                raise ExplorerError(400, f"year={year_raw!r} is not a year")
            year = int(year_raw)
        return Filters(classes, self._one(params, "report")[:MAX_QUERY], self._one(params, "issuer")[:MAX_QUERY],
                       year)

    def _entity(self, params) -> int:
        iri = self._one(params, "id")
        if not iri:
            raise ExplorerError(400, "id is missing: give the IRI of an entity")
        e = self.index.number.get(iri)
        if e is None:
            raise ExplorerError(404, f"no entity {iri[:200]!r} in this corpus")
        return e

    def _summary(self, e: int) -> dict:
        ix = self.index
        return {"id": ix.iris[e], "label": ix.labels[e], "cls": ix.classes[e],
                "clsLabel": ix.class_labels.get(ix.classes[e], ix.classes[e]), "degree": ix.degree[e]}

    def _report_json(self, r: int) -> dict:
        ix = self.index
        return {"id": ix.reports[r], "title": ix.titles[r], "issuer": ix.issuers[r], "year": ix.years[r]}

    # -- answers --------------------------------------------------------------------

    def meta(self, params) -> dict:
        """Classes (with colour, shape and count), relation kinds, years, issuers and sizes."""
        ix = self.index
        counts = Counter(ix.classes)
        classes = []
        for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            color, shape, glyph = class_style(c)
            zh = ix.class_labels.get(c, c)
            classes.append({"name": c, "zh": zh, "en": c if zh != c else "", "color": color, "shape": shape,
                            "glyph": glyph, "count": n})
        issuers = Counter(i for i in ix.issuers if i)
        return {"classes": classes,
                "relations": [{"name": r, "label": ix.relation_labels.get(r, r)} for r in ix.relations],
                "years": sorted({y for y in ix.years if y is not None}),
                "issuers": [i for i, _ in sorted(issuers.items(), key=lambda kv: (-kv[1], kv[0]))[:2000]],
                "entities": len(ix.iris), "reports": len(ix.reports),
                "relationCount": sum(len(a) for a in ix.adjacency) // 2,
                "limits": {"expand": DEFAULT_LIMIT, "maxExpand": MAX_LIMIT}}

    def suggest(self, params) -> dict:
        """Names and aliases matching ``q``, best first."""
        q = " ".join(self._one(params, "q").split())
        if len(q) > MAX_QUERY:
            raise ExplorerError(400, f"q is {len(q)} characters long; search with at most {MAX_QUERY}")
        limit = self._int(params, "limit", 12, 1, 50)
        matches, total, capped = self.index.search(q, self._filters(params), limit=limit)
        note = ""
        if len(q) == 1:
            note = "一个字只查名称开头；输入两个字查名称中间 · one character: names that start with it"
        elif not q:
            note = "输入名称或别名 · type a name or alias"
        return {"q": q, "items": [self._match(m) for m in matches], "total": total, "capped": capped, "note": note}

    def _match(self, m: Match) -> dict:
        return self._summary(m.entity) | {"name": m.name, "rank": m.rank}

    def node(self, params) -> dict:
        """Everything the panel shows about one entity."""
        ix = self.index
        e = self._entity(params)
        iri = ix.iris[e]
        groups: dict[tuple[int, bool], list[int]] = {}
        for n, p, out in ix.neighbours(e):
            groups.setdefault((p, out), []).append(n)
        relations = [{"kind": ix.relations[p], "label": ix.relation_labels.get(ix.relations[p], ix.relations[p]),
                      "out": out, "count": len(ns), "sample": [self._summary(n) for n in ns[:SAMPLE]]}
                     for (p, out), ns in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        near = Counter(ix.classes[n] for n in {n for n, _, _ in ix.adjacency[e]})
        figures = [r["l"] for r in self.sparql(
            f"SELECT DISTINCT ?l WHERE {{ ?o <{KG.measures}> <{iri}> ; <{RDFS.label}> ?l }} ORDER BY ?l LIMIT 20")]
        quotes = []
        reports = ix.mentioned[e]
        for q in evidence(self.sparql, iri, reports=[ix.reports[r] for r in reports[:EVIDENCE_SHOWN]]):
            r = ix.report_number.get(q["report"])
            quotes.append(q | {"title": ix.titles[r] if r is not None else q["report"]})
        return self._summary(e) | {
            "aliases": list(ix.aliases.get(e, ())), "figures": figures, "evidence": quotes,
            "relations": relations,
            "neighbourClasses": [{"cls": c, "label": ix.class_labels.get(c, c), "count": k}
                                 for c, k in sorted(near.items(), key=lambda kv: (-kv[1], kv[0]))],
            "reports": [self._report_json(r) for r in reports[:20]], "reportCount": len(reports),
            "trends": self._trends(iri)}

    def _trends(self, iri: str) -> list[dict]:
        # the figure trends this entity is about (two editions or more), longest first
        every = self.index.series.trends()
        ts = [every[t] for t in self.index.series.about.get(iri, ()) if t in every and len(every[t].points) > 1]
        ts.sort(key=lambda t: (-len(t.points), t.indicator, t.iri))
        return [trend_json(t) for t in ts[:TRENDS_SHOWN]]

    def expand(self, params) -> dict:
        """Neighbours of ``id`` (of one relation ``kind`` and/or class ``cls``), one page at a time."""
        ix = self.index
        e = self._entity(params)
        kind = self._one(params, "kind")
        if kind and kind not in ix.relations:
            raise ExplorerError(400, f"kind={kind!r} is not a relation; choose from: {', '.join(ix.relations)}")
        f = self._filters(params)
        offset = self._int(params, "offset", 0, 0, 10_000_000)
        limit = self._int(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        reports = ix.allowed_reports(f)
        chosen: dict[int, list[tuple[int, bool]]] = {}
        for n, p, out in ix.neighbours(e):
            if kind and ix.relations[p] != kind:
                continue
            if n not in chosen and not ix.passes(n, f, reports):
                continue
            chosen.setdefault(n, []).append((p, out))
        order = list(chosen)
        page = order[offset:offset + limit]
        edges = [self._edge(e, n, p, out) for n in page for p, out in chosen[n]]
        return {"id": ix.iris[e], "node": self._summary(e), "nodes": [self._summary(n) for n in page], "edges": edges,
                "total": len(order), "offset": offset, "shown": len(page),
                "more": max(0, len(order) - offset - len(page))}

    def _edge(self, a: int, b: int, p: int, out: bool) -> dict:
        ix = self.index
        s, o = (a, b) if out else (b, a)
        kind = ix.relations[p]
        return {"from": ix.iris[s], "to": ix.iris[o], "kind": kind, "label": ix.relation_labels.get(kind, kind),
                "arrows": kind != "cooperatesWith"}

    def report(self, params) -> dict:
        """The entities one report mentions (best-connected first, capped) and the relations among them."""
        ix = self.index
        iri = self._one(params, "id")
        r = ix.report_number.get(iri)
        if r is None:
            raise ExplorerError(404, f"no report {iri[:200]!r} in this corpus")
        f = self._filters(params)
        limit = self._int(params, "limit", MAX_LIMIT, 1, MAX_LIMIT)
        members = [e for e in ix.report_entities[r] if ix.passes(e, Filters(f.classes), None)]
        members.sort(key=lambda e: (-ix.degree[e], ix.labels[e]))
        page = members[:limit]
        inside = set(page)
        symmetric = ix.relations.index("cooperatesWith")
        edges = [self._edge(e, n, p, True) for e in page for n, p, out in ix.adjacency[e]
                 if out and n in inside and (p != symmetric or e < n)]
        return {"report": self._report_json(r), "nodes": [self._summary(e) for e in page], "edges": edges,
                "total": len(members), "shown": len(page), "more": len(members) - len(page)}

    def series(self, params) -> dict:
        """The series of the store, or (``id``) one series' editions, entities by year and trends."""
        ix = self.index
        iri = self._one(params, "id")
        if not iri:
            return {"series": [{"id": s.iri, "label": s.label, "years": [y for _, y in s.editions],
                                "editions": len(s.editions), "trends": len(s.trends)} for s in ix.series.series]}
        s = ix.series.find(iri)
        if s is None:
            raise ExplorerError(404, f"no series {iri[:200]!r} in this corpus")
        f = self._filters(params)
        limit = self._int(params, "limit", SERIES_SHOWN, 1, SERIES_SHOWN)
        years: dict[int, set[int]] = {}
        editions = []
        for rep_iri, year in s.editions:
            r = ix.report_number.get(rep_iri)
            members = ix.report_entities[r] if r is not None else []
            for e in members:
                if ix.passes(e, Filters(f.classes), None):
                    years.setdefault(e, set()).add(year)
            editions.append({"id": rep_iri, "year": year, "title": ix.titles[r] if r is not None else rep_iri,
                             "entities": len(members)})
        ranked = sorted(years, key=lambda e: (-ix.degree[e], ix.labels[e]))
        page = ranked[:limit]
        inside = set(page)
        symmetric = ix.relations.index("cooperatesWith")
        edges = [self._edge(e, n, p, True) for e in page for n, p, out in ix.adjacency[e]
                 if out and n in inside and (p != symmetric or e < n)]
        nodes = [self._summary(e) | {"years": sorted(years[e]), "first": min(years[e]), "last": max(years[e])}
                 for e in page]
        return {"series": {"id": s.iri, "label": s.label, "issuer": s.issuer},
                "years": [y for _, y in s.editions], "editions": editions, "nodes": nodes, "edges": edges,
                "total": len(ranked), "shown": len(page), "more": len(ranked) - len(page),
                "trends": [trend_json(t) for t in s.trends]}
