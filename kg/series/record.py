"""Store -> ``Edition`` records: what the series code needs to know about each built report.

Takes a pyoxigraph ``Store`` holding a built dataset (``kg build --store``, or
``kg.pipeline.dataset_store`` in memory). Gives one frozen ``Edition`` per ``kg:Report``: its
issuer, year and kind, its sentences (with the section each stands in and whether that section
announces plans), its figures (indicator, value, unit, counter, offsets) and the entities each
sentence mentions, sorted into the four kinds ``kg compare`` follows (programmes, platforms,
partners, policies). Every query runs over the union of the named graphs with DISTINCT.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..errors import KGError
from ..resources import LEXICON_DIR, ONTOLOGY_DIR

__all__ = ["SeriesError", "Figure", "Clause", "Edition", "read_editions", "CATEGORIES", "OTHER_KINDS", "PREFIXES"]

PREFIXES = """PREFIX kg: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
"""
KG_NS = "https://w3id.org/govkg/ontology#"
ENTITY_NS = "https://w3id.org/govkg/id/entity/"
# what kg compare follows, and the ontology class whose subclasses each kind takes in
CATEGORIES = {"programmes": ("Program", "Project"), "platforms": ("InnovationPlatform",),
              "policies": ("NormativeDocument",)}
# the other kinds entities are sorted into (first match wins): bodies and places say little about
# what a plan was about; other organisations are the partners of kg compare
OTHER_KINDS = {"bodies": ("PublicBody",), "places": ("Place",), "organisations": ("Organization",)}
_RANK = {k: i for i, k in enumerate([*CATEGORIES, *OTHER_KINDS])}


class SeriesError(KGError):
    """Two reports cannot be compared, or a series cannot be found."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One observation of an edition, with where it stands in its sentence."""

    iri: str
    indicator: str          # the extractor's label
    value: Decimal
    unit: str               # unit local name (CCY_CNY, NUM, PERCENT), "PP" for 个百分点
    counter: str
    qualifier: str
    sentence: str           # sentence IRI
    start: int              # offsets in the report text
    end: int


@dataclass(frozen=True, slots=True)
class Clause:
    """One sentence of an edition (the extractor ends sentences at 。；！？)."""

    iri: str
    text: str
    start: int
    section: str
    planned: bool
    entities: tuple[tuple[str, str, str], ...] = ()   # (IRI, label, category or "")
    measures: tuple[str, ...] = ()                     # measure IRIs stated here


@dataclass(frozen=True, slots=True)
class Edition:
    """A report as a member of a series."""

    iri: str
    title: str
    issuer: str             # the issuer's name as the report gives it
    issuer_iri: str
    year: int
    kind: str               # genre, or the title without issuer and years
    date: str
    clauses: tuple[Clause, ...]
    figures: tuple[Figure, ...]

    def clause(self, iri: str) -> Clause:
        for c in self.clauses:
            if c.iri == iri:
                return c
        raise KeyError(iri)

    @property
    def has_plans(self) -> bool:
        return any(c.planned for c in self.clauses)


# Small queries joined in Python: a store whose triples sit in several graphs (a report graph,
# the inferred graph, a merged default graph) repeats each match once per graph, and a query of
# many patterns multiplies those repeats before DISTINCT removes them.
Q_REPORTS = PREFIXES + """SELECT DISTINCT ?r ?title ?year ?i ?issuer ?genre ?date WHERE {
  ?r a kg:Report ; dcterms:title ?title ; dcterms:issued ?year ; kg:issuedBy ?i .
  ?i rdfs:label ?issuer .
  OPTIONAL { ?r kg:genre ?genre } OPTIONAL { ?r schema:datePublished ?date }
}"""
Q_SENTENCES = PREFIXES + """SELECT DISTINCT ?r ?s ?p ?v WHERE {
  {only} ?s kg:sentenceOf ?r .
  { ?s kg:text ?v BIND(kg:text AS ?p) } UNION { ?s kg:start ?v BIND(kg:start AS ?p) }
  UNION { ?s kg:section ?v BIND(kg:section AS ?p) }
}"""
Q_PLANNED = PREFIXES + """SELECT DISTINCT ?r ?section WHERE {
  {only} ?m kg:describedIn ?r ; a kg:PlannedMeasure ; kg:section ?section .
}"""
Q_BODIES = PREFIXES + """SELECT DISTINCT ?s ?m ?b WHERE {
  {only} ?s kg:sentenceOf ?r . ?m kg:inSentence ?s ; oa:hasBody ?b .
}"""
Q_TYPES = PREFIXES + """SELECT DISTINCT ?x ?t WHERE { {values} ?x a ?t . }"""
Q_LABELS = PREFIXES + """SELECT DISTINCT ?x ?l WHERE { {values} ?x rdfs:label ?l . }"""
# one UNION branch per property: Oxigraph plans "?x ?p ?v . VALUES ?p {…}" as a scan (40x slower)
Q_FIGURES = PREFIXES + """SELECT DISTINCT ?x ?p ?v WHERE {
  {values}
  { ?x kg:indicator ?v BIND(kg:indicator AS ?p) } UNION { ?x kg:value ?v BIND(kg:value AS ?p) }
  UNION { ?x kg:unit ?v BIND(kg:unit AS ?p) } UNION { ?x kg:counter ?v BIND(kg:counter AS ?p) }
  UNION { ?x kg:qualifier ?v BIND(kg:qualifier AS ?p) }
}"""
# where a figure is written: offsets on its mention (current layout) or on the mention's position
# selector (stores built before)
Q_OFFSETS = PREFIXES + """SELECT DISTINCT ?x ?start ?end WHERE {
  {values}
  { ?x kg:start ?start ; kg:end ?end }
  UNION { ?x oa:hasTarget/oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
}"""
KG_TYPES = {"Observation", "Measure", "PlannedMeasure"}


def _rows(store, query: str, only: set[str] | None = None, values: list[str] | None = None):
    """The rows of ``query``: its ``{only}`` slot restricts ``?r`` to the reports ``only``, its
    ``{values}`` slot binds ``?x`` to ``values``."""
    reports = "" if only is None else "VALUES ?r { " + " ".join(f"<{r}>" for r in sorted(only)) + " }"
    q = query.replace("{only}", reports)
    if values is not None:
        if not values:
            return
        q = q.replace("{values}", "VALUES ?x { " + " ".join(f"<{x}>" for x in values) + " }")
    for sol in store.query(q, use_default_graph_as_union=True):
        yield [None if v is None else v.value for v in sol]


@lru_cache(maxsize=1)
def _category_of_class() -> dict[str, str]:
    """Class IRI -> category, from the subclass tree of ontology/kg.ttl."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    onto = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    out: dict[str, str] = {}
    for cat, tops in {**CATEGORIES, **OTHER_KINDS}.items():
        for top in tops:
            for c in onto.transitive_subjects(RDFS.subClassOf, URIRef(KG_NS + top)):
                out.setdefault(str(c), cat)
    return out


@lru_cache(maxsize=1)
def plan_words() -> tuple[str, ...]:
    """Heading words that announce plans (data/lexicon/sections.tsv, shared with the extractor)."""
    words = []
    for line in (LEXICON_DIR / "sections.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) > 1 and parts[1].strip() == "planned":
                words.append(parts[0].strip())
    return tuple(words)


def _plan_section(section: str, year: int, planned_sections: set[str]) -> bool:
    """A section announces plans: the extractor put a planned measure there, its heading holds a
    plan word, or it names a later year."""
    if not section:
        return False
    if section in planned_sections or any(w in section for w in plan_words()):
        return True
    return any(int(y) > year for y in re.findall(r"(20\d\d)\s*年", section))


def _kind(title: str, issuer: str, genre: str) -> str:
    """The kind of report: its genre, else the title without issuer, years and 关于/的."""
    if genre:
        return genre
    t = title.replace(issuer, "")
    t = re.sub(r"(20\d\d|[〇一二三四五六七八九零]{4})\s*年度?", "", t)
    return re.sub(r"^关于|^的", "", t).strip() or title


def _details(store, reports: dict, only: set[str] | None, sentences: dict, figures: dict) -> None:
    """The clauses and figures of the reports ``only`` (None: all), into ``sentences`` and ``figures``."""
    planned_sections: dict[str, set[str]] = {}
    for r, sec in _rows(store, Q_PLANNED, only):
        planned_sections.setdefault(r, set()).add(sec)
    props: dict[str, dict[str, str]] = {}
    report_of: dict[str, str] = {}
    for r, s, p, v in _rows(store, Q_SENTENCES, only):
        if r in reports:
            report_of[s] = r
            props.setdefault(s, {})[p.rsplit("#", 1)[-1]] = v
    bodies: dict[str, set[tuple[str, str]]] = {}
    for s, m, b in _rows(store, Q_BODIES, only):
        bodies.setdefault(b, set()).add((s, m))
    kinds: dict[str, set[str]] = {}
    for x, t in _rows(store, Q_TYPES, values=sorted(bodies)):
        kinds.setdefault(x, set()).add(t)
    cats = _category_of_class()
    entities = sorted(b for b in bodies if b.startswith(ENTITY_NS))
    labels = {x: label for x, label in _rows(store, Q_LABELS, values=entities)}
    ents: dict[str, dict[str, tuple[str, str, str]]] = {}
    meas: dict[str, set[str]] = {}
    obs: dict[str, set[tuple[str, str]]] = {}
    for b, places in bodies.items():
        local = {t.rsplit("#", 1)[-1] for t in kinds.get(b, ()) if t.startswith(KG_NS)}
        if b in labels:
            # a reasoned store types an entity with all its superclasses: the most specific kind wins
            cat = min((cats.get(t, "") for t in kinds.get(b, ())), key=lambda c: _RANK.get(c, 99), default="")
            for s, _ in places:
                ents.setdefault(s, {})[b] = (b, labels[b], cat)
        elif "Observation" in local:
            obs[b] = places
        elif local & KG_TYPES:
            for s, _ in places:
                meas.setdefault(s, set()).add(b)
    for s, pr in props.items():
        r = report_of[s]
        section = pr.get("section", "")
        sentences.setdefault(r, []).append(Clause(
            s, pr.get("text", ""), int(pr.get("start", 0)), section,
            _plan_section(section, reports[r][1], planned_sections.get(r, set())),
            tuple(sorted(ents.get(s, {}).values())), tuple(sorted(meas.get(s, ())))))
    fig: dict[str, dict[str, str]] = {}
    for x, p, v in _rows(store, Q_FIGURES, values=sorted(obs)):
        fig.setdefault(x, {})[p.rsplit("#", 1)[-1]] = v
    names = {x: label for x, label in _rows(store, Q_LABELS, values=sorted({f["indicator"] for f in fig.values()
                                                                             if "indicator" in f}))}
    mentions = sorted({m for places in obs.values() for _, m in places})
    offsets = {x: (int(a), int(b)) for x, a, b in _rows(store, Q_OFFSETS, values=mentions)}
    for o, f in fig.items():
        if not {"indicator", "value", "unit"} <= f.keys():
            continue
        for s, m in sorted(obs[o]):
            if s not in report_of or m not in offsets:
                continue
            u = f["unit"].rsplit("/", 1)[-1]
            if f.get("counter") == "个百分点":
                u = "PP"   # rdfize writes percentage points as PERCENT; they are not comparable with percents
            figures.setdefault(report_of[s], []).append(Figure(
                o, names.get(f["indicator"], ""), Decimal(f["value"]), u, f.get("counter", ""),
                f.get("qualifier", "exact"), s, *offsets[m]))
            break


def read_editions(store, *, only: set[str] | None = None) -> list[Edition]:
    """Every report of ``store`` as an ``Edition``, ordered by issuer, year and IRI.

    Args:
        only: read sentences, entities and figures of these reports only (the others come
            with their metadata and nothing else); None: of every report.

    Raises:
        SeriesError: the store holds no report.
    """
    reports = {}
    for r, title, year, i, issuer, genre, date in _rows(store, Q_REPORTS):
        reports.setdefault(r, (title, int(year), issuer, i, genre or "", date or ""))
    if not reports:
        raise SeriesError("the store holds no report (kg:Report); build one first: kg build REPORTS")
    if only is not None:
        only = only & reports.keys()
    sentences: dict[str, list[Clause]] = {}
    figures: dict[str, list[Figure]] = {}
    if only is None or only:
        _details(store, reports, only, sentences, figures)
    out = []
    for r, (title, year, issuer, issuer_iri, genre, date) in reports.items():
        out.append(Edition(r, title, issuer, issuer_iri, year, _kind(title, issuer, genre), date,
                           tuple(sorted(sentences.get(r, []), key=lambda c: c.start)),
                           tuple(sorted(figures.get(r, []), key=lambda f: (f.start, f.iri)))))
    return sorted(out, key=lambda e: (e.issuer, e.year, e.iri))
