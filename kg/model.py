"""Typed objects passed between pipeline stages.

ingest -> ``Document``; extract -> ``Extraction`` (mentions, entities, figures,
measures, relations, all with character spans into ``Document.text``); curate ->
``Extraction``; rdfize -> rdflib graph. Everything is frozen so a stage cannot
mutate what another stage produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

__all__ = ["Span", "ReportMeta", "Document", "Mention", "Entity", "Quantity", "Measure",
           "Relation", "Sentence", "Extraction"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What is known about a report: from its ``.meta.json``, or read off the document
    (``kg.docmeta``), each field's origin in ``sources``."""

    title: str
    issuer: str
    year: int
    source: str
    place: tuple[str, ...] = ()
    genre: str = ""
    encoding: str | None = None
    origin: str = ""
    date: str = ""                                  # publication date, YYYY-MM-DD ("" unknown)
    identifiers: tuple[tuple[str, str], ...] = ()   # (scheme, value): 索引号, 文号
    sources: tuple[tuple[str, str], ...] = ()       # (field, where it was read: meta.json, info:发布机构...)
    format: str = ""                                # txt | html | pdf | docx ("" = txt, not recorded)
    removed: int = 0                                # characters of page furniture cut from the source text


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded, NFC-normalised report. Every span of every stage indexes ``text``."""

    id: str
    source: Path
    text: str
    meta: ReportMeta
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    text: str
    section: str = ""
    planned: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A surface occurrence of a name: ``text == doc.text[span.start:span.end]``."""

    span: Span
    text: str
    cls: str                   # ontology class local name, e.g. "University"
    canonical: str             # label of the entity it resolves to
    source: str = "rule"       # which recogniser found it (book-title, quote, head, lexicon...)


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity: one node of the graph."""

    key: str                   # stable id, ASCII, used in IRIs
    label: str                 # canonical Chinese label
    cls: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    scope: str = ""            # issuer name when the entity only makes sense inside one report
    derived: bool = False      # created from another name (a bank inside a branch name)
    note: str = ""             # curation note, if a curation file touched it


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure: number with unit, normalised to its base unit."""

    span: Span
    text: str
    value: Decimal
    unit: str                  # CNY | count | percent | percentage_point | year
    counter: str = ""          # written unit or counter word (万元, 家, 个)
    qualifier: str = "exact"   # exact | more_than | about | at_least
    indicators: tuple[str, ...] = ()
    subject: str | None = None  # entity key the figure is about, if adjacent


@dataclass(frozen=True, slots=True)
class Measure:
    """One reported action (举措), an n-ary fact."""

    id: str
    span: Span                 # clause(s) that state it
    verb: str
    action: str                # builds | upgrades | ... | other
    actors: tuple[str, ...]    # entity keys
    partners: tuple[str, ...] = ()
    objects: tuple[tuple[str, str], ...] = ()   # (role, entity key)
    policies: tuple[str, ...] = ()
    results: tuple[int, ...] = ()               # indices into Extraction.quantities
    year: int | None = None
    planned: bool = False
    section: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    """A direct edge between two entities with the text that states it."""

    subject: str
    predicate: str
    object: str
    evidence: Span
    asserted: bool = False     # True: goes into RDF as is; False: derived there from a measure


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractor (and then curation) found in one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    quantities: tuple[Quantity, ...]
    measures: tuple[Measure, ...]
    relations: tuple[Relation, ...]
    extractor: str
    curated: tuple[str, ...] = field(default=())   # curation files applied

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
