"""Store or triples -> ``Edition`` records: what the series code needs to know about each built report.

Takes a pyoxigraph ``Store`` holding a built dataset (``read_editions``; ``kg compare`` on a
store, the notebooks), or one report's own triples closed under the ontology's rules
(``edition_of``: what a build's worker has in hand, so the build never asks its store). Gives one
frozen ``Edition`` per ``kg:Report``: its issuer, year and kind, its sentences (with the section
each stands in and whether that section announces plans), its figures (indicator, value, unit,
counter, offsets) and the entities each sentence mentions, sorted into the four kinds ``kg
compare`` follows (programmes, platforms, partners, policies). Both read the same tables
(``_Tables``) and assemble them the same way. Store queries run over the union of the named
graphs with DISTINCT. ``EditionShelf`` keeps a build's editions compressed until its series step.
"""
from __future__ import annotations

import pickle
import re
import zlib
from collections.abc import Iterable
from typing import NamedTuple
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..errors import KGError
from ..resources import LEXICON_DIR, ONTOLOGY_DIR
from ..vocab import KG, OA, SCHEMA, char_span, mention_span, sentence_span

__all__ = ["SeriesError", "Figure", "Clause", "Edition", "read_editions", "edition_of", "EditionShelf", "PackedEdition", "pack_edition", "select", "CATEGORIES", "OTHER_KINDS", "PREFIXES"]

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
# a measure's section is its sentence's (2.5.0), or its own when stored (before, or outside every sentence)
Q_PLANNED = PREFIXES + """SELECT DISTINCT ?r ?section WHERE {
  {only} ?m kg:describedIn ?r ; a kg:PlannedMeasure .
  { ?m kg:section ?section } UNION { ?mention oa:hasBody ?m ; kg:inSentence/kg:section ?section }
}"""
Q_BODIES = PREFIXES + """SELECT DISTINCT ?s ?m ?b WHERE {
  {only} ?s kg:sentenceOf ?r . ?m kg:inSentence ?s ; oa:hasBody ?b .
}"""
Q_TYPES = PREFIXES + """SELECT DISTINCT ?x ?t WHERE { {values} ?x a ?t . }"""
# the measures of the reports: the bodies of their mentions that are neither entities nor measures
# are figures or relation statements, told apart by Q_FIGURES (asking every body for its types
# read each measure's and figure's supertypes too: 170,000 rows for 1,000 reports instead of 30,000)
Q_MEASURES = PREFIXES + """SELECT DISTINCT ?m WHERE { {only} ?m kg:describedIn ?r . }"""
Q_LABELS = PREFIXES + """SELECT DISTINCT ?x ?l WHERE { {values} ?x rdfs:label ?l . }"""
# one UNION branch per property: Oxigraph plans "?x ?p ?v . VALUES ?p {…}" as a scan (40x slower)
Q_FIGURES = PREFIXES + """SELECT DISTINCT ?x ?p ?v WHERE {
  {values}
  { ?x kg:indicator ?v BIND(kg:indicator AS ?p) } UNION { ?x kg:value ?v BIND(kg:value AS ?p) }
  UNION { ?x kg:unit ?v BIND(kg:unit AS ?p) } UNION { ?x kg:counter ?v BIND(kg:counter AS ?p) }
  UNION { ?x kg:qualifier ?v BIND(kg:qualifier AS ?p) }
}"""
# where a figure is written, for a mention whose IRI does not name it (2.10.0 reads the IRI): the
# RFC 5147 fragment of its target (2.4-2.9), else offsets on the mention (ontology 2.0-2.3) or on
# its position selector (stores built before)
Q_OFFSETS = PREFIXES + """SELECT DISTINCT ?x ?start ?end ?target WHERE {
  {values}
  { ?x oa:hasTarget ?target FILTER(isIRI(?target)) }
  UNION { ?x kg:start ?start ; kg:end ?end }
  UNION { ?x oa:hasTarget/oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }
}"""


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
    onto = Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    out: dict[str, str] = {}
    for cat, tops in {**CATEGORIES, **OTHER_KINDS}.items():
        for top in tops:
            for c in onto.transitive_subjects(RDFS.subClassOf, KG[top]):
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


@dataclass
class _Tables:
    """What the editions are assembled from, read off a store (``_tables_of_store``) or off one
    report's closed triples (``_tables_of_triples``): IRIs and lexical forms as strings."""

    planned: dict[str, set[str]] = field(default_factory=dict)           # report -> sections of its planned measures
    sentences: dict[str, dict[str, str]] = field(default_factory=dict)   # sentence -> {text, start, section}
    report_of: dict[str, str] = field(default_factory=dict)              # sentence -> report
    bodies: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # body -> {(sentence, mention)}
    kinds: dict[str, set[str]] = field(default_factory=dict)             # entity -> its classes
    labels: dict[str, str] = field(default_factory=dict)                 # entity -> label
    measures: set[str] = field(default_factory=set)
    figures: dict[str, dict[str, str]] = field(default_factory=dict)     # body -> {indicator, value, unit, ...}
    names: dict[str, str] = field(default_factory=dict)                  # indicator -> label
    offsets: dict[str, tuple[int, int]] = field(default_factory=dict)    # mention -> (start, end)


def _tables_of_store(store, reports: dict, only: set[str] | None) -> _Tables:
    t = _Tables()
    for r, sec in _rows(store, Q_PLANNED, only):
        t.planned.setdefault(r, set()).add(sec)
    for r, s, p, v in _rows(store, Q_SENTENCES, only):
        if r in reports:
            t.report_of[s] = r
            t.sentences.setdefault(s, {})[p.rsplit("#", 1)[-1]] = v
    for s, m, b in _rows(store, Q_BODIES, only):
        t.bodies.setdefault(b, set()).add((s, m))
    entities = sorted(b for b in t.bodies if b.startswith(ENTITY_NS))
    for x, c in _rows(store, Q_TYPES, values=entities):
        t.kinds.setdefault(x, set()).add(c)
    t.labels = {x: label for x, label in _rows(store, Q_LABELS, values=entities)}
    t.measures = {m for (m,) in _rows(store, Q_MEASURES, only)}
    others = sorted(b for b in t.bodies if b not in t.labels and b not in t.measures)
    for x, p, v in _rows(store, Q_FIGURES, values=others):
        t.figures.setdefault(x, {})[p.rsplit("#", 1)[-1]] = v
    t.names = {x: label for x, label in _rows(store, Q_LABELS, values=sorted({f["indicator"] for f in t.figures.values()
                                                                               if "indicator" in f}))}
    mentions = sorted({m for x in t.figures for _, m in t.bodies[x]})
    # the span a mention's IRI names (2.10.0); stores built before may also state it otherwise
    t.offsets = {m: span for m in mentions if (span := mention_span(m)) is not None}
    for x, a, b, target in _rows(store, Q_OFFSETS, values=[m for m in mentions if m not in t.offsets]):
        span = char_span(target) if target else (int(a), int(b)) if a is not None else None
        if span is not None and (x not in t.offsets or target):
            t.offsets[x] = span
    return t


# what edition_of reads of a report's closed triples: predicate -> the short name it is filed under
_READ = {RDF.type: "type", RDFS.label: "label", OA.hasBody: "hasBody", DCTERMS.title: "title",
         DCTERMS.issued: "issued", KG.issuedBy: "issuedBy", KG.genre: "genre", SCHEMA.datePublished: "date",
         KG.sentenceOf: "sentenceOf", KG.text: "text", KG.start: "start", KG.end: "end", KG.section: "section",
         KG.inSentence: "inSentence", OA.hasTarget: "target", KG.describedIn: "describedIn", KG.indicator: "indicator",
         KG.value: "value", KG.unit: "unit", KG.counter: "counter", KG.qualifier: "qualifier"}
_SENTENCE_PROPS = ("text", "start", "section")
_FIGURE_PROPS = ("indicator", "value", "unit", "counter", "qualifier")


def _tables_of_triples(report: str, by_s: dict[str, dict[str, list[str]]]) -> _Tables:
    """The tables of one report from its own closed triples (subject -> ``_READ`` name ->
    objects, as strings), as the store gives them for that report."""
    t = _Tables()
    for s, props in by_s.items():
        if report in props.get("sentenceOf", ()):
            t.report_of[s] = report
            t.sentences[s] = {p: props[p][-1] for p in _SENTENCE_PROPS if p in props}
    for m, props in by_s.items():
        for sent in props.get("inSentence", ()):
            if sent in t.report_of:
                for b in props.get("hasBody", ()):
                    t.bodies.setdefault(b, set()).add((sent, m))
    planned = str(KG.PlannedMeasure)
    for x, props in by_s.items():
        if report in props.get("describedIn", ()):
            t.measures.add(x)
            if planned in props.get("type", ()):
                # its own section, or (2.5.0) its sentence's
                sections = set(props.get("section", ()))
                sections |= {t.sentences[sent]["section"] for sent, _ in t.bodies.get(x, ())
                             if "section" in t.sentences.get(sent, {})}
                for sec in sections:
                    t.planned.setdefault(report, set()).add(sec)
    for b in t.bodies:
        props = by_s.get(b, {})
        if b.startswith(ENTITY_NS):
            t.kinds[b] = set(props.get("type", ()))
            if props.get("label"):
                t.labels[b] = props["label"][-1]
        elif b not in t.measures:
            fig = {p: props[p][-1] for p in _FIGURE_PROPS if p in props}
            if fig:
                t.figures[b] = fig
    for f in t.figures.values():
        if "indicator" in f and by_s.get(f["indicator"], {}).get("label"):
            t.names[f["indicator"]] = by_s[f["indicator"]]["label"][-1]
    for x in t.figures:
        for _, m in t.bodies[x]:
            span = mention_span(m) or next(filter(None, map(char_span, by_s.get(m, {}).get("target", ()))), None)
            if span is not None:
                t.offsets[m] = span
    return t


def _start_of(sentence: str, props: dict[str, str]) -> int:
    """Where a sentence starts: the offset its IRI names (2.5.0), else a stored ``kg:start``."""
    if "start" in props:
        return int(props["start"])
    span = sentence_span(sentence)
    return span[0] if span else 0


def _assemble(reports: dict, t: _Tables, sentences: dict, figures: dict) -> None:
    """The clauses and figures of the tables' reports, into ``sentences`` and ``figures``."""
    cats = _category_of_class()
    ents: dict[str, dict[str, tuple[str, str, str]]] = {}
    meas: dict[str, set[str]] = {}
    for b, places in t.bodies.items():
        if b in t.labels:
            # a reasoned store types an entity with all its superclasses: the most specific kind wins
            cat = min((cats.get(c, "") for c in t.kinds.get(b, ())), key=lambda c: _RANK.get(c, 99), default="")
            for s, _ in places:
                ents.setdefault(s, {})[b] = (b, t.labels[b], cat)
        elif b in t.measures:
            for s, _ in places:
                meas.setdefault(s, set()).add(b)
    for s, pr in t.sentences.items():
        r = t.report_of[s]
        section = pr.get("section", "")
        sentences.setdefault(r, []).append(Clause(
            s, pr.get("text", ""), _start_of(s, pr), section,
            _plan_section(section, reports[r][1], t.planned.get(r, set())),
            tuple(sorted(ents.get(s, {}).values())), tuple(sorted(meas.get(s, ())))))
    for o, f in t.figures.items():
        if not {"indicator", "value", "unit"} <= f.keys():
            continue
        for s, m in sorted(t.bodies[o]):
            if s not in t.report_of or m not in t.offsets:
                continue
            u = f["unit"].rsplit("/", 1)[-1]
            if f.get("counter") == "个百分点":
                u = "PP"   # rdfize writes percentage points as PERCENT; they are not comparable with percents
            figures.setdefault(t.report_of[s], []).append(Figure(
                o, t.names.get(f["indicator"], ""), Decimal(f["value"]), u, f.get("counter", ""),
                f.get("qualifier", "exact"), s, *t.offsets[m]))
            break


def _editions(reports: dict, sentences: dict, figures: dict) -> list[Edition]:
    out = []
    for r, (title, year, issuer, issuer_iri, genre, date) in reports.items():
        out.append(Edition(r, title, issuer, issuer_iri, year, _kind(title, issuer, genre), date,
                           tuple(sorted(sentences.get(r, []), key=lambda c: c.start)),
                           tuple(sorted(figures.get(r, []), key=lambda f: (f.start, f.iri)))))
    return select(out)


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
        _assemble(reports, _tables_of_store(store, reports, only), sentences, figures)
    return _editions(reports, sentences, figures)


def edition_of(report: str, triples) -> Edition | None:
    """One report as an ``Edition``, read off its own triples closed under the ontology's rules
    (rdflib terms; what a build's map step has in hand): the same record ``read_editions``
    gives for it from a store, without asking the store. None when the triples do not make it
    an edition (no ``kg:Report`` with title, year and a labelled issuer).

    Example:
        >>> from kg.config import PROJECT_ROOT as R
        >>> from kg.corpus import ReportTask, extract_report
        >>> from kg.rdfize import report_iri, report_triples
        >>> ex = extract_report(ReportTask(R / "data" / "dev" / "dev02_yuelu_jxw.txt"))
        >>> e = edition_of(str(report_iri(ex.document.id)), report_triples(ex))
        >>> e.year, len(e.clauses) > 10, len(e.figures) > 5
        (2024, True, True)
    """
    by_s: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        name = _READ.get(p)
        if name is not None:      # most of a closed report is inverses and supertypes, not read here
            by_s.setdefault(str(s), {}).setdefault(name, []).append(str(o))
    own = by_s.get(report, {})
    meta = {p: v[0] for p, v in own.items()}
    issuer = meta.get("issuedBy", "")
    label = by_s.get(issuer, {}).get("label")
    if not (str(KG.Report) in own.get("type", ()) and meta.get("title") and meta.get("issued") and label):
        return None
    reports = {report: (meta["title"], int(meta["issued"]), label[0], issuer, meta.get("genre", ""),
                        meta.get("date", ""))}
    sentences: dict[str, list[Clause]] = {}
    figures: dict[str, list[Figure]] = {}
    _assemble(reports, _tables_of_triples(report, by_s), sentences, figures)
    return _editions(reports, sentences, figures)[0]


_PICKLE = pickle.HIGHEST_PROTOCOL


class PackedEdition(NamedTuple):
    """An edition as ``EditionShelf`` keeps it (``pack_edition``): its IRI, its metadata alone
    pickled (what the series step reads of every report first) and the whole record pickled
    and compressed (read only for reports whose series has another edition)."""

    iri: str
    head: bytes
    full: bytes


def pack_edition(edition: Edition) -> PackedEdition:
    """``edition`` packed for an ``EditionShelf`` (about 4 KB a report)."""
    return PackedEdition(edition.iri, pickle.dumps(replace(edition, clauses=(), figures=()), protocol=_PICKLE),
                         zlib.compress(pickle.dumps(edition, protocol=_PICKLE), 1))



class EditionShelf:
    """The editions of a build's reports, kept packed until the series step (about 4 KB a
    report instead of 40 KB of Python objects); ``read`` gives them the way ``read_editions``
    reads a store.

    Example:
        >>> shelf = EditionShelf()
        >>> shelf.add(Edition("r1", "t", "甲局", "i1", 2024, "总结", "", (Clause("s1", "句子", 0, "", False),), ()))
        >>> len(shelf), shelf.read()[0].clauses[0].text, shelf.read(only=set())[0].clauses
        (1, '句子', ())
    """

    def __init__(self, editions: Iterable[Edition] = ()) -> None:
        self._packed: list[PackedEdition] = []
        for e in editions:
            self.add(e)

    def add(self, edition: Edition) -> None:
        self._packed.append(pack_edition(edition))

    def add_packed(self, packed: PackedEdition) -> None:
        """Keep an edition a worker has packed already: the parent of a build then neither
        unpickles nor packs it again (about 2 ms a report)."""
        self._packed.append(packed)

    def __len__(self) -> int:
        return len(self._packed)

    def clear(self) -> None:
        self._packed.clear()

    def read(self, only: set[str] | None = None) -> list[Edition]:
        """Every edition, ordered by issuer, year and IRI; with ``only``, the others with their
        metadata and nothing else (as ``read_editions(store, only=...)``)."""
        return select((pickle.loads(p.head) if only is not None and p.iri not in only
                       else pickle.loads(zlib.decompress(p.full)) for p in self._packed), only)


def select(editions: Iterable[Edition], only: set[str] | None = None) -> list[Edition]:
    """``editions`` ordered by issuer, year and IRI; with ``only``, the others with their metadata
    and nothing else (as ``read_editions(store, only=...)`` reads them)."""
    out = [e if only is None or e.iri in only else replace(e, clauses=(), figures=()) for e in editions]
    return sorted(out, key=lambda e: (e.issuer, e.year, e.iri))
