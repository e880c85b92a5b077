"""Explorer index: a store (pyoxigraph, read as the union of its graphs) -> ``CorpusIndex``.

Takes: an open Oxigraph store made by ``kg build --store`` or ``kg store load`` (or any
store whose graphs hold the same terms) and the ontology. Gives: an in-memory index of
every entity (label, aliases, most specific class, reports that mention it, distinct
neighbours), every direct relation between entities, every report (title, issuer,
year) and the report series with their figure trends (``kg.explorer.series``), so that suggestions, expansions and report graphs answer without a query.
Quoted sentences and figures are not indexed: ``kg.explorer.api`` asks the store.

Names are searched in lower case: exact name first, then names that start with the
text, then names that contain it (two characters at least), best-connected first.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ..networks import EDGE_PROPERTIES, ENTITY_CLASSES, most_specific_type, term_label
from ..vocab import KG, ORG
from .series import SeriesData, read_series

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["CorpusIndex", "Filters", "Match", "build_index", "RELATIONS", "SCAN_CAP"]

# relation local name -> property IRI: the direct edges drawn between entities
RELATIONS = {p: str(KG[p]) for p in EDGE_PROPERTIES} | {"subOrganizationOf": str(ORG.subOrganizationOf)}
SCAN_CAP = 5000  # substring matches counted at most; beyond, the total reads "5000+"


@dataclass(frozen=True, slots=True)
class Filters:
    """What the page narrows to: classes (local names), a report (IRI or part of its title), issuer, year."""

    classes: tuple[str, ...] = ()
    report: str = ""
    issuer: str = ""
    year: int | None = None

    def reports_only(self) -> bool:
        return bool(self.report or self.issuer or self.year is not None)


@dataclass(frozen=True, slots=True)
class Match:
    """One suggestion: the entity's number, the name that matched (label or alias) and how."""

    entity: int
    name: str
    rank: int      # 0 exact, 1 starts with, 2 contains


class CorpusIndex:
    """Entities, relations and reports of a store, numbered (built by ``build_index``)."""

    def __init__(self) -> None:
        # a symmetric relation (cooperatesWith) is outgoing from both ends
        self.iris: list[str] = []
        self.number: dict[str, int] = {}
        self.labels: list[str] = []
        self.classes: list[str] = []          # most specific class local name per entity
        self.aliases: dict[int, tuple[str, ...]] = {}
        self.mentioned: list[tuple[int, ...]] = []     # report numbers per entity
        self.adjacency: list[list[tuple[int, int, bool]]] = []  # (neighbour, relation number, outgoing)
        self.degree: list[int] = []
        self.relations: list[str] = list(RELATIONS)
        self.relation_labels: dict[str, str] = {}
        self.class_labels: dict[str, str] = {}
        self.reports: list[str] = []
        self.report_number: dict[str, int] = {}
        self.titles: list[str] = []
        self.issuers: list[str] = []
        self.years: list[int | None] = []
        self.report_entities: list[list[int]] = []
        self.series = SeriesData()             # report series and figure trends (kg.explorer.series)
        self._keys: list[str] = []            # sorted lower-case names (for prefixes)
        self._key_entity: list[tuple[str, int]] = []
        self._blob = ""                       # "\n".join of the names, for substring search
        self._offsets: list[int] = []
        self._blob_entity: list[tuple[str, int]] = []
        self._sorted_nbrs: dict[int, list[tuple[int, int, bool]]] = {}

    # -- filters --------------------------------------------------------------------

    def allowed_reports(self, f: Filters) -> set[int] | None:
        """Report numbers that pass ``f`` (None: no report filter)."""
        if not f.reports_only():
            return None
        want = f.report.strip().lower()
        out = set()
        for i, (iri, title) in enumerate(zip(self.reports, self.titles)):
            if want and want != iri.lower() and want not in title.lower():
                continue
            if f.issuer and self.issuers[i] != f.issuer:
                continue
            if f.year is not None and self.years[i] != f.year:
                continue
            out.add(i)
        return out

    def passes(self, e: int, f: Filters, reports: set[int] | None) -> bool:
        """Whether entity ``e`` passes the class filter and is mentioned in an allowed report."""
        if f.classes and self.classes[e] not in f.classes:
            return False
        return reports is None or any(r in reports for r in self.mentioned[e])

    # -- search ---------------------------------------------------------------------

    def search(self, text: str, f: Filters = Filters(), *, limit: int = 12) -> tuple[list[Match], int, bool]:
        """Suggestions for ``text``: the best ``limit`` matches, how many there are, and
        whether counting stopped at ``SCAN_CAP``. One character: exact and prefix only.

        Example:
            >>> ix = CorpusIndex.from_rows([("urn:a", "甲乙大学", "University", ("甲大",)),
            ...                            ("urn:b", "丙甲研究院", "ResearchInstitute", ())])
            >>> [(ix.labels[m.entity], m.name, m.rank) for m in ix.search("甲")[0]]
            [('甲乙大学', '甲乙大学', 1)]
            >>> [(ix.labels[m.entity], m.rank) for m in ix.search("甲乙大学")[0]], ix.search("研究")[1]
            ([('甲乙大学', 0)], 1)
        """
        q = " ".join(text.split()).lower()
        if not q:
            return [], 0, False
        reports = self.allowed_reports(f)
        best: dict[int, Match] = {}
        capped = False

        def offer(e: int, name: str, rank: int) -> None:
            old = best.get(e)
            if (old is None or rank < old.rank) and self.passes(e, f, reports):
                best[e] = Match(e, name, rank)

        i = bisect.bisect_left(self._keys, q)
        while i < len(self._keys) and self._keys[i].startswith(q):
            name, e = self._key_entity[i]
            offer(e, name, 0 if self._keys[i] == q else 1)
            i += 1
            if len(best) >= SCAN_CAP:
                capped = True
                break
        if len(q) >= 2 and not capped:
            pos = self._blob.find(q)
            while pos >= 0:
                j = bisect.bisect_right(self._offsets, pos) - 1
                name, e = self._blob_entity[j]
                if e not in best:
                    offer(e, name, 2)
                if len(best) >= SCAN_CAP:
                    capped = True
                    break
                pos = self._blob.find(q, self._offsets[j + 1] if j + 1 < len(self._offsets) else len(self._blob))
        ranked = sorted(best.values(), key=lambda m: (m.rank, -self.degree[m.entity], len(m.name), m.name))
        return ranked[:limit], len(best), capped

    # -- neighbours -----------------------------------------------------------------

    def neighbours(self, e: int) -> list[tuple[int, int, bool]]:
        """Relations of ``e`` as (neighbour, relation number, outgoing), best-connected neighbours first."""
        out = self._sorted_nbrs.get(e)
        if out is None:
            out = sorted(self.adjacency[e], key=lambda t: (-self.degree[t[0]], self.labels[t[0]], t[1]))
            if len(out) > 200:   # hubs are asked again (paging, "N more"): sort them once
                self._sorted_nbrs[e] = out
        return out

    # -- construction ---------------------------------------------------------------

    @classmethod
    def from_rows(cls, entities: Iterable[tuple[str, str, str, tuple[str, ...]]],
                  edges: Iterable[tuple[str, str, str]] = (), reports: Iterable[tuple[str, str, str, int | None]] = (),
                  mentions: Iterable[tuple[str, str]] = ()) -> "CorpusIndex":
        """An index of plain rows: (iri, label, class, aliases), (subject, relation, object),
        (report iri, title, issuer name, year) and (entity iri, report iri)."""
        ix = cls()
        for iri, label, klass, aliases in entities:
            ix.number[iri] = len(ix.iris)
            ix.iris.append(iri)
            ix.labels.append(label)
            ix.classes.append(klass)
            if aliases:
                ix.aliases[ix.number[iri]] = tuple(a for a in aliases if a != label)
        for iri, title, issuer, year in reports:
            ix.report_number[iri] = len(ix.reports)
            ix.reports.append(iri)
            ix.titles.append(title)
            ix.issuers.append(issuer)
            ix.years.append(year)
        ix.report_entities = [[] for _ in ix.reports]
        found: dict[int, list[int]] = {}     # lists, not sets: a million pairs on 10,000 reports
        for e_iri, r_iri in mentions:
            e, r = ix.number.get(e_iri), ix.report_number.get(r_iri)
            if e is not None and r is not None:
                found.setdefault(e, []).append(r)
        ix.mentioned = [tuple(sorted(set(found.get(e, ())))) for e in range(len(ix.iris))]
        for e, rs in enumerate(ix.mentioned):
            for r in rs:
                ix.report_entities[r].append(e)
        rel = {name: i for i, name in enumerate(ix.relations)}
        pairs: set[tuple[int, int, int]] = set()
        for s, p, o in edges:
            a, b = ix.number.get(s), ix.number.get(o)
            if a is not None and b is not None and a != b and p in rel:
                pairs.add((a, rel[p], b))
        ix.adjacency = [[] for _ in ix.iris]
        symmetric = rel["cooperatesWith"]
        for a, p, b in sorted(pairs):
            if p == symmetric:     # once per pair, outgoing from both ends
                if a > b and (b, p, a) in pairs:
                    continue
                ix.adjacency[a].append((b, p, True))
                ix.adjacency[b].append((a, p, True))
                continue
            ix.adjacency[a].append((b, p, True))
            ix.adjacency[b].append((a, p, False))
        ix.degree = [len({n for n, _, _ in adj}) for adj in ix.adjacency]
        ix._build_names()
        return ix

    def _build_names(self) -> None:
        names = []
        for e, label in enumerate(self.labels):
            for name in (label, *self.aliases.get(e, ())):
                names.append((name.lower(), name, e))
        names.sort()
        self._keys = [k for k, _, _ in names]
        self._key_entity = [(n, e) for _, n, e in names]
        offsets, pos = [], 0
        for k, _, _ in names:
            offsets.append(pos)
            pos += len(k) + 1
        self._offsets = offsets
        self._blob = "\n".join(k for k, _, _ in names)
        self._blob_entity = self._key_entity


def build_index(store: "pyoxigraph.Store", *, ontology: Graph) -> CorpusIndex:
    """Index the entities, direct relations and reports of ``store``.

    Args:
        store: an Oxigraph store, read as the union of its graphs (with or without a merged
            default graph: every query is DISTINCT).
        ontology: the parsed ontology, for class and relation labels and the class tree.

    Returns:
        The ``CorpusIndex``; a relation implied by a more specific one between the same
        pair (built by coBuilt) is kept once, as the specific one.
    """
    types: dict[str, set[str]] = {}
    for s, c in _rows(store, _types_query(ontology)):
        types.setdefault(s, set()).add(c)
    roots = {str(KG[c]) for c in ENTITY_CLASSES}
    types = {s: cs for s, cs in types.items() if cs & roots}
    specific: dict[frozenset[str], str] = {}
    labels: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    for e, p, lab in _rows(store, f"SELECT DISTINCT ?e ?p ?l WHERE {{ VALUES ?p {{ <{RDFS.label}> <{SKOS.altLabel}> }} "
                                  f"?e ?p ?l FILTER(isLiteral(?l)) }}"):
        if e in types:
            if p == str(RDFS.label) and (e not in labels or lab < labels[e]):
                labels[e] = lab
            else:
                aliases.setdefault(e, set()).add(lab)
    rows = []
    for e in sorted(types):
        key = frozenset(types[e])
        if key not in specific:
            specific[key] = most_specific_type({URIRef(c) for c in key}, ontology).rsplit("#", 1)[-1]
        label = labels.get(e) or e.rsplit("/", 1)[-1]
        rows.append((e, label, specific[key], tuple(sorted(aliases.get(e, set()) - {label}))))
    by_iri = {iri: name for name, iri in RELATIONS.items()}
    values = " ".join(f"<{p}>" for p in RELATIONS.values())
    found: dict[tuple[str, str], set[str]] = {}
    for s, p, o in _rows(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}"):
        found.setdefault((s, o), set()).add(by_iri[p])
    sub_of = {name: {by_iri[str(q)] for q in ontology.transitive_objects(URIRef(iri), RDFS.subPropertyOf)
                     if str(q) in by_iri and str(q) != iri} for name, iri in RELATIONS.items()}
    edges = [(s, p, o) for (s, o), ps in found.items() for p in ps - set().union(*(sub_of[x] for x in ps))]
    reports = _reports(store)
    mentions = _rows(store, f"SELECT DISTINCT ?e ?r WHERE {{ ?e <{KG.mentionedIn}> ?r }}")
    ix = CorpusIndex.from_rows(rows, edges, reports, mentions)
    ix.relation_labels = {name: term_label(ontology, URIRef(iri), "zh") for name, iri in RELATIONS.items()}
    for name, iri in RELATIONS.items():
        if ix.relation_labels[name] == iri.rsplit("#", 1)[-1]:
            ix.relation_labels[name] = name
    ix.class_labels = {c: term_label(ontology, KG[c], "zh") for c in set(ix.classes)}
    ix.series = read_series(store)
    return ix


def _types_query(ontology: Graph) -> str:
    # one lookup per entity class (the roots and their subclasses): a join from the roots to
    # every class of each node is four times slower on a store of many report graphs
    classes = set()
    for c in ENTITY_CLASSES:
        classes |= {str(x) for x in ontology.transitive_subjects(RDFS.subClassOf, KG[c])}
    values = " ".join(f"<{c}>" for c in sorted(classes))
    return f"SELECT DISTINCT ?s ?c WHERE {{ VALUES ?c {{ {values} }} ?s a ?c FILTER(isIRI(?s)) }}"


def _reports(store) -> list[tuple[str, str, str, int | None]]:
    meta: dict[str, list] = {}
    query = (f"SELECT DISTINCT ?r ?t ?il ?y WHERE {{ ?r a <{KG.Report}> OPTIONAL {{ ?r <{RDFS.label}> ?t }} "
             f"OPTIONAL {{ ?r <{KG.issuedBy}> ?i OPTIONAL {{ ?i <{RDFS.label}> ?il }} }} "
             f"OPTIONAL {{ ?r <{DCTERMS.issued}> ?y }} }}")
    for r, t, issuer, y in _rows(store, query):
        m = meta.setdefault(r, [r, "", "", None])
        m[1] = m[1] or t or ""
        m[2] = m[2] or issuer or ""
        if y is not None and y.isdigit():
            m[3] = int(y)
    return sorted((tuple(m) for m in meta.values()), key=lambda m: (m[1], m[0]))


def _rows(store, query: str) -> Iterator[tuple[str | None, ...]]:
    for row in store.query(query, use_default_graph_as_union=True):
        yield tuple(None if t is None else t.value for t in row)
