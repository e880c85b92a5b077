"""Store -> ``Edition`` records: what the series code needs to know about each built report.

Takes a pyoxigraph ``Store`` holding one named graph per report (a built store, or
``kg.series.load.store_of_reports``). Gives one frozen ``Edition`` per ``kg:Report``: its
issuer, year and kind, its sentences (with the section each stands in and whether that section
announces plans), its figures (indicator, value, unit, counter, offsets) and the entities each
sentence mentions, sorted into the four kinds ``kg compare`` follows (programmes, platforms,
partners, policies). Every query runs over the union of the named graphs with DISTINCT, so it
gives the same answer whether or not the store also has a merged default graph.
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


Q_REPORTS = PREFIXES + """SELECT DISTINCT ?r ?title ?year ?i ?issuer ?genre ?date WHERE {
  ?r a kg:Report ; dcterms:title ?title ; dcterms:issued ?year ; kg:issuedBy ?i .
  ?i rdfs:label ?issuer .
  OPTIONAL { ?r kg:genre ?genre } OPTIONAL { ?r schema:datePublished ?date }
}"""
Q_SENTENCES = PREFIXES + """SELECT DISTINCT ?r ?s ?text ?start ?section WHERE {
  {only}
  ?s kg:sentenceOf ?r ; kg:text ?text ; kg:start ?start . OPTIONAL { ?s kg:section ?section }
}"""
Q_PLANNED = PREFIXES + """SELECT DISTINCT ?r ?section WHERE {
  {only}
  ?m a kg:PlannedMeasure ; kg:describedIn ?r ; kg:section ?section .
}"""
Q_MENTIONS = PREFIXES + """SELECT DISTINCT ?s ?e ?label ?cls WHERE {
  {only} ?s kg:sentenceOf ?r .
  ?m a kg:Mention ; oa:hasBody ?e ; kg:inSentence ?s .
  ?e a ?cls ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/govkg/id/entity/"))
}"""
Q_MEASURES = PREFIXES + """SELECT DISTINCT ?s ?x WHERE {
  {only}
  ?x kg:describedIn ?r . ?m oa:hasBody ?x ; kg:inSentence ?s .
}"""
Q_FIGURES = PREFIXES + """SELECT DISTINCT ?o ?ind ?value ?unit ?counter ?qual ?s ?start ?end WHERE {
  {only} ?s kg:sentenceOf ?r .
  ?o a kg:Observation ; kg:indicator ?i ; kg:value ?value ; kg:unit ?unit ; kg:counter ?counter ;
     kg:qualifier ?qual .
  ?i rdfs:label ?ind .
  # where the figure is written: offsets on its mention (current layout), on the mention's
  # position selector (stores built before), or on the figure itself
  { ?m oa:hasBody ?o ; kg:inSentence ?s ; kg:start ?start ; kg:end ?end }
  UNION { ?m oa:hasBody ?o ; kg:inSentence ?s ; oa:hasTarget/oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
  UNION { ?o kg:inSentence ?s ; kg:start ?start ; kg:end ?end }
}"""


def _rows(store, query: str, only: set[str] | None = None):
    """The rows of ``query``, its ``{only}`` slot restricting ``?r`` to the reports ``only``."""
    values = "" if only is None else "VALUES ?r { " + " ".join(f"<{r}>" for r in sorted(only)) + " }"
    for sol in store.query(query.replace("{only}", values), use_default_graph_as_union=True):
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
    detail = only is None or bool(only)
    planned_sections: dict[str, set[str]] = {}
    for r, sec in (_rows(store, Q_PLANNED, only) if detail else ()):
        planned_sections.setdefault(r, set()).add(sec)
    cats = _category_of_class()
    ents: dict[str, dict[str, tuple[str, str, str]]] = {}
    for s, e, label, cls in (_rows(store, Q_MENTIONS, only) if detail else ()):
        cur = ents.setdefault(s, {}).get(e)
        cat = cats.get(cls, "")
        # a reasoned store types an entity with all its superclasses: the most specific kind wins
        if cur is None or _RANK.get(cat, 99) < _RANK.get(cur[2], 99):
            ents[s][e] = (e, label, cat)
    meas: dict[str, set[str]] = {}
    for s, x in (_rows(store, Q_MEASURES, only) if detail else ()):
        meas.setdefault(s, set()).add(x)
    sentences: dict[str, list[Clause]] = {}
    report_of_sentence = {}
    for r, s, text, start, section in (_rows(store, Q_SENTENCES, only) if detail else ()):
        if r not in reports:
            continue
        year = reports[r][1]
        report_of_sentence[s] = r
        sentences.setdefault(r, []).append(Clause(
            s, text, int(start), section or "", _plan_section(section or "", year, planned_sections.get(r, set())),
            tuple(sorted(ents.get(s, {}).values())), tuple(sorted(meas.get(s, ())))))
    figures: dict[str, list[Figure]] = {}
    for o, ind, value, unit, counter, qual, s, start, end in (_rows(store, Q_FIGURES, only) if detail else ()):
        r = report_of_sentence.get(s)
        if r is None:
            continue
        u = unit.rsplit("/", 1)[-1]
        if counter == "个百分点":
            u = "PP"   # rdfize writes percentage points as PERCENT; they are not comparable with percents
        figures.setdefault(r, []).append(Figure(o, ind, Decimal(value), u, counter, qual, s, int(start), int(end)))
    out = []
    for r, (title, year, issuer, issuer_iri, genre, date) in reports.items():
        out.append(Edition(r, title, issuer, issuer_iri, year, _kind(title, issuer, genre), date,
                           tuple(sorted(sentences.get(r, []), key=lambda c: c.start)),
                           tuple(sorted(figures.get(r, []), key=lambda f: (f.start, f.iri)))))
    return sorted(out, key=lambda e: (e.issuer, e.year, e.iri))
