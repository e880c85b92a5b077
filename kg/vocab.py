"""Closed vocabulary of ``ontology/kg.ttl``: ``KG.hasActorr`` fails at once.

Mirrors the ontology; ``tests/test_vocab.py`` checks the two agree. Also binds the
prefixes every graph of the project uses, and reads the offsets a mention's IRI names
(``mention_span``; its RFC 5147 target, ``mention_target``, which ``char_span`` reads) and those
a sentence's IRI names (``sentence_span``), and lists the
stored edges that stand for an unstored super-property (``OBJECT_ROLES``).
"""
from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["KG", "ORG", "PROV", "SCHEMA", "QB", "OA", "UNIT", "DATA", "ONTOLOGY_IRI", "PREFIXES", "bind_prefixes", "char_span",
           "mention_span", "mention_target", "sentence_span", "sentence_offsets_sparql", "OBJECT_ROLES", "object_path"]


class KG(DefinedNamespace):
    """Terms of the kg ontology."""

    _fail = True
    _NS = Namespace("https://w3id.org/govkg/ontology#")

    ActionType: URIRef
    ActionTypes: URIRef
    Bank: URIRef
    BankBranch: URIRef
    BuildActivity: URIRef
    ConsultativeBody: URIRef
    DigitalPlatform: URIRef
    Enterprise: URIRef
    Event: URIRef
    FiguresStructure: URIRef
    FinancialInstitution: URIRef
    FinancialProduct: URIRef
    FinancialResource: URIRef
    Fund: URIRef
    GovernmentBody: URIRef
    GuidanceFund: URIRef
    Incubator: URIRef
    Indicator: URIRef
    InnovationEcosystemCircle: URIRef
    InnovationPlatform: URIRef
    InternalRule: URIRef
    Law: URIRef
    LawOrRegulation: URIRef
    LegislativeBody: URIRef
    LoanProduct: URIRef
    LocalPolicy: URIRef
    Measure: URIRef
    Mention: URIRef
    NormativeDocument: URIRef
    Observation: URIRef
    Organization: URIRef
    Park: URIRef
    PartyBody: URIRef
    Place: URIRef
    PlanFollowUp: URIRef
    PlannedMeasure: URIRef
    PolicyDocument: URIRef
    Program: URIRef
    Project: URIRef
    ProofOfConceptCenter: URIRef
    PublicBody: URIRef
    Regulation: URIRef
    Report: URIRef
    ReportSeries: URIRef
    ResearchCenter: URIRef
    ResearchInstitute: URIRef
    ResearchOutput: URIRef
    SciencePark: URIRef
    Sentence: URIRef
    Unit: URIRef
    University: URIRef
    aboutPlan: URIRef
    acceptedBy: URIRef
    actedOn: URIRef
    actionBuild: URIRef
    actionFund: URIRef
    actionHost: URIRef
    actionImplement: URIRef
    actionIncubate: URIRef
    actionOther: URIRef
    actionPromote: URIRef
    actionReceive: URIRef
    actionSelect: URIRef
    actionSign: URIRef
    actionType: URIRef
    actionUpgrade: URIRef
    actionVerb: URIRef
    actorIn: URIRef
    alignmentNote: URIRef
    appliedIn: URIRef
    branchOf: URIRef
    builds: URIRef
    built: URIRef
    builtBy: URIRef
    canonicalIndicator: URIRef
    centeredOn: URIRef
    checkedIn: URIRef
    coBuilt: URIRef
    coOrganized: URIRef
    coSigned: URIRef
    componentIndicator: URIRef
    componentUnit: URIRef
    componentValue: URIRef
    componentYear: URIRef
    cooperatesWith: URIRef
    counter: URIRef
    curation: URIRef
    describedIn: URIRef
    end: URIRef
    evidence: URIRef
    exact: URIRef
    followUpStatus: URIRef
    followsUp: URIRef
    fulfilledBy: URIRef
    funded: URIRef
    funds: URIRef
    genre: URIRef
    guides: URIRef
    hasActor: URIRef
    hasBranch: URIRef
    hasMention: URIRef
    hasObject: URIRef
    hasPartner: URIRef
    hasResult: URIRef
    hosts: URIRef
    implemented: URIRef
    implementedBy: URIRef
    implements: URIRef
    inReport: URIRef
    inSentence: URIRef
    inSeries: URIRef
    incubated: URIRef
    incubates: URIRef
    indicator: URIRef
    issued: URIRef
    issuedBy: URIRef
    jurisdiction: URIRef
    ledTo: URIRef
    locatedIn: URIRef
    mainText: URIRef
    matchScore: URIRef
    matchedOn: URIRef
    materialized: URIRef
    measuredBy: URIRef
    measures: URIRef
    mentionedIn: URIRef
    mentions: URIRef
    metadataSource: URIRef
    objectOf: URIRef
    organized: URIRef
    outcomeEvidence: URIRef
    partnerIn: URIRef
    plannedIn: URIRef
    previousEdition: URIRef
    promoted: URIRef
    promotes: URIRef
    qualifier: URIRef
    received: URIRef
    receives: URIRef
    refYear: URIRef
    reportingYear: URIRef
    resultOf: URIRef
    scope: URIRef
    section: URIRef
    selected: URIRef
    selects: URIRef
    sentenceOf: URIRef
    seriesIssuer: URIRef
    seriesKind: URIRef
    signed: URIRef
    signs: URIRef
    sliceIndicator: URIRef
    sliceOf: URIRef
    sliceUnit: URIRef
    start: URIRef
    text: URIRef
    underPolicy: URIRef
    unit: URIRef
    upgraded: URIRef
    upgrades: URIRef
    value: URIRef
    year: URIRef


ONTOLOGY_IRI = URIRef("https://w3id.org/govkg/ontology")
DATA = Namespace("https://w3id.org/govkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
OA = Namespace("http://www.w3.org/ns/oa#")
UNIT = Namespace("http://qudt.org/vocab/unit/")

PREFIXES = {"kg": str(KG._NS), "id": str(DATA), "org": str(ORG), "prov": str(PROV), "schema": str(SCHEMA),
            "qb": str(QB), "oa": str(OA), "unit": str(UNIT), "skos": "http://www.w3.org/2004/02/skos/core#",
            "dcterms": "http://purl.org/dc/terms/", "owl": "http://www.w3.org/2002/07/owl#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#", "sh": "http://www.w3.org/ns/shacl#"}


# Since ontology 2.8.0 a build stores a measure's specific object role (kg:builds, ...) and not
# the kg:hasObject it implies (kg:materialized false). A question asking for every object names
# them all (tests/test_vocab.py checks the list against ontology/kg.ttl):
OBJECT_ROLES = (KG.hasObject, KG.builds, KG.upgrades, KG.incubates, KG.implements, KG.hosts, KG.signs,
                KG.promotes, KG.funds, KG.receives, KG.selects)


def object_path() -> str:
    """A SPARQL property path from a measure to each of its objects, whatever its role (full IRIs).

    Example:
        >>> object_path().count("|") == len(OBJECT_ROLES) - 1
        True
    """
    return "(" + "|".join(f"<{p}>" for p in OBJECT_ROLES) + ")"


def bind_prefixes(g: Graph) -> Graph:
    """Bind the project's prefixes on ``g`` and return it."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


_CHAR = re.compile(r"#char=(\d+),(\d+)$")


def _offsets(pattern: re.Pattern, iri: str) -> tuple[int, int] | None:
    """The two offsets ``pattern``'s last two groups read from ``iri``, or None."""
    m = pattern.search(iri)
    return (int(m.group(m.re.groups - 1)), int(m.group(m.re.groups))) if m else None


def char_span(target: str) -> tuple[int, int] | None:
    """The offsets an RFC 5147 fragment IRI names: where a mention (its ``oa:hasTarget`` in
    graphs built before ontology 2.10.0, ``mention_target`` since) sits in its report's main
    text, in code points, end exclusive; None for any other IRI. In SPARQL:
    ``BIND(xsd:integer(STRBEFORE(STRAFTER(STR(?target), "#char="), ",")) AS ?start)``.

    Example:
        >>> char_span("https://w3id.org/govkg/id/report/ab12/text#char=750,755")
        (750, 755)
        >>> char_span("https://w3id.org/govkg/id/report/ab12/text") is None
        True
    """
    return _offsets(_CHAR, target)


_MENTION = re.compile(r"^(.*)/mention/(\d+)-(\d+)$")


def mention_span(mention: str) -> tuple[int, int] | None:
    """The offsets a mention's IRI names (``…/report/R/mention/START-END``, code points, end
    exclusive): where its words sit in its report's main text. Since ontology 2.10.0 this is
    the only place they are written: the RFC 5147 fragment IRI a Web Annotation consumer
    wants as its ``oa:hasTarget`` is ``mention_target`` of it, not a stored triple. None for
    any other IRI (``mention_span(".../report/ab12/mention/750-755") == (750, 755)``). In
    SPARQL: ``BIND(STRAFTER(STR(?m), "/mention/") AS ?c)`` and the integers before and after
    its ``-``.
    """
    return _offsets(_MENTION, mention)


def mention_target(mention: str) -> str | None:
    """The RFC 5147 fragment IRI of the text a mention's IRI names: its Web Annotation target
    (``…/report/R/text#char=START,END``, which ``char_span`` reads), derived, not stored.

    Example:
        >>> mention_target("https://w3id.org/govkg/id/report/ab12/mention/750-755")
        'https://w3id.org/govkg/id/report/ab12/text#char=750,755'
    """
    m = _MENTION.search(mention)
    return f"{m.group(1)}/text#char={m.group(2)},{m.group(3)}" if m else None


_SENTENCE = re.compile(r"/sentence/(\d+)-(\d+)$")


def sentence_span(sentence: str) -> tuple[int, int] | None:
    """The offsets of a sentence in its report's main text, read from its IRI
    (``…/sentence/START-END``, code points, end exclusive: the IRI policy of
    ``ontology/README.md``; since ontology 2.5.0 they are not stored a second time as
    ``kg:start``/``kg:end``), as ``char_span`` reads a mention's; None for any other IRI:
    ``sentence_span(".../report/ab12/sentence/724-770") == (724, 770)``.
    """
    return _offsets(_SENTENCE, sentence)


def sentence_offsets_sparql(var: str, start: str, end: str) -> str:
    """SPARQL that binds ``?start`` and ``?end`` to the offsets the IRI of the sentence ``?var``
    names (what ``sentence_span`` reads in Python), with full IRIs so that it needs no prefix.

    Example:
        >>> sentence_offsets_sparql("s", "a", "b").split(" BIND(")[0]
        'BIND(STRAFTER(STR(?s), "/sentence/") AS ?_s_span)'
    """
    x = "<http://www.w3.org/2001/XMLSchema#integer>"
    return (f'BIND(STRAFTER(STR(?{var}), "/sentence/") AS ?_{var}_span) '
            f'BIND({x}(STRBEFORE(?_{var}_span, "-")) AS ?{start}) '
            f'BIND({x}(STRAFTER(?_{var}_span, "-")) AS ?{end})')
