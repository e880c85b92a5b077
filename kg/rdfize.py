"""RDFize stage: ``Extraction`` -> rdflib ``Graph`` of the ontology's terms.

Each report gives: the report node; its sentences (their IRIs give their offsets); one Web Annotation (``kg:Mention``)
per text span that is evidence for entities, measures or figures, carrying its words
(``kg:exact``), its IRI naming the span (``…/mention/120-126``: its offsets, and its target,
the RFC 5147 fragment ``…/text#char=120,126``, derived and not stored since 2.10.0); entities; measures (n-ary ``kg:Measure``
with role properties); figures (``kg:Observation``, RDF Data Cube, ``xsd:decimal`` values in base units); and
for every relation no measure states (located in, jurisdiction, part of, accepted by, a curated
one) an ``owl:Axiom`` annotation whose ``kg:evidence`` is the mention that states it. Direct
edges a measure states (built, cooperatesWith...) are *not* written here: ``reason`` derives
them from the measures with the ontology's property chains, and the measure's mention is their
evidence.
IRIs are ASCII and deterministic (hashes of labels, offsets of spans).
"""
from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .extract.resolve import entity_key      # the key scheme lives with resolution
from .model import Extraction, Span
from .vocab import DATA, KG, OA, PROV, QB, SCHEMA, UNIT, bind_prefixes

__all__ = ["to_rdf", "report_iri", "entity_iri", "UNITS", "add_build_activity", "report_triples", "nt_term",
           "ntriples_lines", "main_text_name", "META_PROPS"]

UNITS = {"CNY": UNIT.CCY_CNY, "percent": UNIT.PERCENT, "count": UNIT.NUM, "year": UNIT.YR,
         "percentage_point": UNIT.PERCENT}
ACTIONS = {"builds": KG.actionBuild, "upgrades": KG.actionUpgrade, "incubates": KG.actionIncubate,
           "implements": KG.actionImplement, "hosts": KG.actionHost, "signs": KG.actionSign,
           "promotes": KG.actionPromote, "funds": KG.actionFund, "receives": KG.actionReceive,
           "selects": KG.actionSelect, "other": KG.actionOther}
# relations the extractor emits -> ontology property (direct edges)
EDGE_PROPS = {"cooperatesWith": KG.cooperatesWith, "built": KG.built, "upgraded": KG.upgraded,
              "incubated": KG.incubated, "implemented": KG.implemented, "organized": KG.organized,
              "signed": KG.signed, "promoted": KG.promoted, "funded": KG.funded, "received": KG.received,
              "selected": KG.selected, "acceptedBy": KG.acceptedBy, "branchOf": KG.branchOf,
              "centeredOn": KG.centeredOn, "locatedIn": KG.locatedIn, "jurisdiction": KG.jurisdiction,
              "subOrganizationOf": URIRef("http://www.w3.org/ns/org#subOrganizationOf")}


def _h(s: str, n: int = 16) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:n]


# report fields whose source (kg.docmeta) is recorded, and the property that states each
META_PROPS = {"title": DCTERMS.title, "issuer": KG.issuedBy, "year": DCTERMS.issued, "genre": KG.genre,
              "date": SCHEMA.datePublished}


def main_text_name(doc) -> str:
    """Where the build writes a report's main text, relative to the graph files.

    Example:
        >>> from pathlib import Path
        >>> from kg.model import Document, ReportMeta
        >>> main_text_name(Document("d1", Path("in/r7.html"), "…", ReportMeta("t", "i", 2024, "r7.html")))
        'texts/r7.txt'
    """
    return f"texts/{doc.source.stem}.txt"


def report_iri(doc_id: str) -> URIRef:
    return DATA[f"report/{doc_id}"]


def entity_iri(key: str) -> URIRef:
    return DATA[f"entity/{key}"]


def indicator_iri(label: str) -> URIRef:
    return DATA[f"indicator/{_h(label)}"]


def to_rdf(extractions: Iterable[Extraction]) -> Graph:
    """The data graph of one or more extractions (no inferred triples).

    Example:
        >>> from kg.model import Document, ReportMeta
        >>> from kg.extract import extract
        >>> from pathlib import Path
        >>> meta = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
        >>> g = to_rdf([extract(Document("d1", Path("x.txt"), "区科技局建成甲乙工程研究中心，投入资金200万元。", meta))])
        >>> from kg.vocab import KG
        >>> sorted(str(v) for v in g.objects(None, KG.value))
        ['2000000']
    """
    g = bind_prefixes(Graph())
    for ex in extractions:
        _report(g, ex)
    return g


def report_triples(ex: Extraction) -> set[tuple]:
    """The triples ``to_rdf([ex])`` would give, as a plain set (no rdflib ``Graph``: about
    three times faster, for corpus builds that stream N-Quads into a store).

    Example:
        >>> from kg.model import Document, ReportMeta
        >>> from kg.extract import extract
        >>> from pathlib import Path
        >>> meta = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
        >>> ex = extract(Document("d1", Path("x.txt"), "区科技局建成甲乙工程研究中心，投入资金200万元。", meta))
        >>> report_triples(ex) == set(to_rdf([ex]))
        True
    """
    out: set[tuple] = set()
    _report(out, ex)   # _report only adds and tests membership, which a set does too
    return out


def _nt_escape(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def nt_term(t) -> str:
    """One rdflib term in N-Triples / N-Quads syntax.

    Example:
        >>> nt_term(Literal("甲\\n乙", lang="zh")), nt_term(Literal(2024, datatype=XSD.integer))
        ('"甲\\\\n乙"@zh', '"2024"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    lex = _nt_escape(str(t))
    if t.language:
        return f'"{lex}"@{t.language}'
    if t.datatype is not None and t.datatype != XSD.string:
        return f'"{lex}"^^<{t.datatype}>'
    return f'"{lex}"'


def ntriples_lines(triples: Iterable[tuple], graph: URIRef | None = None, *, sort: bool = True) -> list[str]:
    """N-Triples lines (N-Quads lines in ``graph``), each ending with a newline; sorted
    unless ``sort`` is False (then in the order of ``triples``).

    Example:
        >>> ntriples_lines([(URIRef("urn:a"), RDFS.label, Literal("甲"))], URIRef("urn:g"))
        ['<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "甲" <urn:g> .\\n']
    """
    cache: dict = {}

    def term(x) -> str:
        r = cache.get(x)
        if r is None:
            r = cache[x] = nt_term(x)
        return r

    end = f" <{graph}> .\n" if graph is not None else " .\n"
    lines = [f"{term(s)} {term(p)} {term(o)}{end}" for s, p, o in triples]
    return sorted(lines) if sort else lines


def _report(g: Graph, ex: Extraction) -> None:
    doc = ex.document
    text = doc.text
    rep = report_iri(doc.id)
    meta = doc.meta
    issuer = entity_iri(entity_key(meta.issuer))
    g.add((rep, RDF.type, KG.Report))
    g.add((rep, RDFS.label, Literal(meta.title, lang="zh")))
    g.add((rep, DCTERMS.title, Literal(meta.title, lang="zh")))
    g.add((rep, KG.issuedBy, issuer))
    g.add((rep, DCTERMS.issued, Literal(meta.year, datatype=XSD.integer)))
    g.add((rep, DCTERMS.source, Literal(meta.source)))
    if meta.genre:
        g.add((rep, KG.genre, Literal(meta.genre)))
    _report_meta(g, rep, doc, issuer)
    dataset = URIRef(f"{rep}/figures")
    g.add((dataset, RDF.type, QB.DataSet))
    g.add((dataset, QB.structure, KG.FiguresStructure))
    g.add((dataset, RDFS.label, Literal(f"{meta.title}：数据", lang="zh")))
    g.add((dataset, PROV.wasDerivedFrom, rep))
    # the year every figure of the report refers to, attached to the set (Data Cube
    # qb:componentAttachment qb:DataSet), not repeated on each figure (2.5.0)
    g.add((dataset, KG.refYear, Literal(meta.year, datatype=XSD.integer)))

    sent_iri: dict[Span, URIRef] = {}
    section_of: dict[URIRef | None, str] = {}
    starts = []
    for s in ex.sentences:
        si = URIRef(f"{rep}/sentence/{s.span.start}-{s.span.end}")
        sent_iri[s.span] = si
        starts.append(s.span)
        # its offsets are those its IRI names (kg.vocab.sentence_span; 2.5.0: no kg:start/kg:end)
        g.add((si, KG.text, Literal(s.text)))
        g.add((si, KG.sentenceOf, rep))
        section_of[si] = s.section
        if s.section:
            g.add((si, KG.section, Literal(s.section)))

    sentence_starts = [s.start for s in starts]

    def sentence_of(span: Span) -> URIRef | None:
        i = bisect.bisect_right(sentence_starts, span.start) - 1
        if i >= 0 and starts[i].start <= span.start < max(starts[i].end, starts[i].start + 1):
            return sent_iri[starts[i]]
        return None

    # the terms of a mention, looked up once (a namespace attribute costs more than a local)
    t_body = OA.hasBody
    t_report, t_sentence, t_exact = KG.inReport, KG.inSentence, KG.exact
    seen: set[URIRef] = set()

    def mention(span: Span, body: URIRef | None) -> URIRef:
        # one node per span of text, however many facts its words state (one oa:hasBody each;
        # none for a relation's evidence, which its owl:Axiom names: 2.6.0):
        # its words on the node itself, the span in its IRI (2.4.0: no kg:start/kg:end of a
        # mention; 2.10.0: no oa:hasTarget either, the RFC 5147 fragment IRI it restated is
        # kg.vocab.mention_target of the IRI); no selectors (ontology/README.md says why). Its
        # type (the domain of kg:exact) and its report (kg:inSentence/kg:sentenceOf) are the
        # ontology's to derive, not stored; kg:inReport only for a span outside every sentence
        m = URIRef(f"{rep}/mention/{span.start}-{span.end}")
        if body is not None:
            g.add((m, t_body, body))
        if m in seen:
            return m
        seen.add(m)
        si = sentence_of(span)
        if si is not None:
            g.add((m, t_sentence, si))
        else:
            g.add((m, t_report, rep))
        g.add((m, t_exact, Literal(text[span.start:span.end])))
        return m

    label_of = {}
    for e in ex.entities:
        ei = entity_iri(e.key)
        label_of[e.key] = e.label
        g.add((ei, RDF.type, KG[e.cls]))
        g.add((ei, RDFS.label, Literal(e.label, lang="zh")))
        for alias in sorted({m.text.replace("\n", "") for m in e.mentions} | set(e.aliases)):
            if alias and alias != e.label:
                g.add((ei, SKOS.altLabel, Literal(alias, lang="zh")))
        if e.note:
            g.add((ei, KG.curation, Literal(e.note)))
        for m in e.mentions:
            if len(m.span):
                mention(m.span, ei)
        if not e.mentions:
            g.add((ei, PROV.wasDerivedFrom, rep))

    obs_of: dict[int, list[URIRef]] = {}
    for i, q in enumerate(ex.quantities):
        indicators = q.indicators or (q.counter,)
        obs_of[i] = []
        for j, ind in enumerate(indicators):
            oi = URIRef(f"{rep}/figure/{q.span.start}-{q.span.end}" + (f"-{j}" if j else ""))
            obs_of[i].append(oi)
            ii = indicator_iri(ind)
            g.add((ii, RDF.type, KG.Indicator))
            g.add((ii, SKOS.prefLabel, Literal(ind, lang="zh")))
            g.add((ii, RDFS.label, Literal(ind, lang="zh")))
            # 2.9.0: no rdf:type: kg:value's domain makes it a kg:Observation (not stored)
            g.add((oi, QB.dataSet, dataset))
            g.add((oi, KG.indicator, ii))
            g.add((oi, KG.value, Literal(q.value, datatype=XSD.decimal)))
            g.add((oi, KG.unit, UNITS.get(q.unit, UNIT.NUM)))
            g.add((oi, KG.counter, Literal(q.counter)))
            if q.qualifier != "exact":   # 2.5.0: no qualifier is an exact figure
                g.add((oi, KG.qualifier, Literal(q.qualifier)))
            g.add((oi, RDFS.label, Literal(f"{ind}：{q.text}", lang="zh")))
            if q.subject:
                g.add((oi, KG.measures, entity_iri(q.subject)))
            mention(q.span, oi)

    for m in ex.measures:
        mi = URIRef(f"{rep}/measure/{m.id}")
        # 2.11.0: a measure's kg:Measure type is its kg:describedIn's domain, not stored; a plan's
        # kg:PlannedMeasure is (2.8.0: its kg:Measure type follows from that sub-class)
        if m.planned:
            g.add((mi, RDF.type, KG.PlannedMeasure))
        objs = [label_of.get(k, "") for _, k in m.objects][:2]
        g.add((mi, RDFS.label, Literal((m.verb or "成效") + ("、".join(objs) if objs else _snippet(text, m.span)), lang="zh")))
        if m.verb:   # a measure found by its figures alone has no verb
            g.add((mi, KG.actionVerb, Literal(m.verb)))
        g.add((mi, KG.actionType, ACTIONS.get(m.action, KG.actionOther)))
        g.add((mi, KG.describedIn, rep))
        # 2.8.0: a measure of its report's own year states none (a plan's year is stated):
        # COALESCE(?year, ?report's dcterms:issued), as queries/platforms_built.rq reads it
        if m.year is not None and m.year != meta.year:
            g.add((mi, KG.year, Literal(m.year, datatype=XSD.integer)))
        # 2.5.0: no kg:section of its own; it is its sentence's (^oa:hasBody/kg:inSentence/kg:section)
        if m.section and section_of.get(sentence_of(m.span)) != m.section:
            g.add((mi, KG.section, Literal(m.section)))
        for a in m.actors:
            g.add((mi, KG.hasActor, entity_iri(a)))
        for p in m.partners:
            g.add((mi, KG.hasPartner, entity_iri(p)))
        for role, o in m.objects:
            g.add((mi, KG[role] if role != "hasObject" else KG.hasObject, entity_iri(o)))
        for p in m.policies:
            g.add((mi, KG.underPolicy, entity_iri(p)))
        for r in m.results:
            for oi in obs_of.get(r, []):
                g.add((mi, KG.hasResult, oi))
        mention(m.span, mi)

    for r in ex.relations:
        prop = EDGE_PROPS.get(r.predicate)
        if prop is None:
            continue
        if not r.asserted:
            # 2.7.0: a relation a measure states (its kg:hasActor or kg:hasPartner and a role) is
            # derived from that measure by the ontology's property chains, and the measure's
            # mention is its evidence already: no edge and no owl:Axiom restate it here
            # (relation_provenance reads its words off the measure's mention)
            continue
        s, o = entity_iri(r.subject), entity_iri(r.object)
        g.add((s, prop, o))
        if len(r.evidence):
            ax = BNode(f"ax{_h(f'{s} {prop} {o} {rep}')}")
            g.add((ax, RDF.type, OWL.Axiom))
            g.add((ax, OWL.annotatedSource, s))
            g.add((ax, OWL.annotatedProperty, prop))
            g.add((ax, OWL.annotatedTarget, o))
            # 2.6.0: the axiom names its evidence; the mention no longer has a body of its own
            # for the statement (a …/statement/<hash> IRI that nothing else named)
            g.add((ax, KG.evidence, mention(r.evidence, None)))


def _report_meta(g: Graph, rep: URIRef, doc, issuer: URIRef) -> None:
    """What a report's own page says about it: publication date, identifiers (索引号, 文号),
    where each field was read (an ``owl:Axiom`` per statement with ``kg:metadataSource``) and
    the main text kept by the build. Nothing is added for a report whose ``.meta.json`` says
    everything and whose text is its file as it is, so such graphs stay as they were."""
    meta = doc.meta
    if meta.date:
        # YYYY-MM-DD as a plain string: xsd:date is not in the OWL 2 datatype map (HermiT rejects it)
        g.add((rep, SCHEMA.datePublished, Literal(meta.date)))
    for scheme, value in meta.identifiers:
        node = URIRef(f"{rep}/identifier/{_h(scheme + chr(0) + value, 10)}")
        g.add((rep, DCTERMS.identifier, Literal(value)))
        g.add((rep, SCHEMA.identifier, node))
        g.add((node, RDF.type, SCHEMA.PropertyValue))
        g.add((node, SCHEMA.propertyID, Literal(scheme, lang="zh")))
        g.add((node, SCHEMA.value, Literal(value)))
    if meta.removed or meta.format not in ("", "txt"):
        g.add((rep, KG.mainText, Literal(main_text_name(doc), datatype=XSD.anyURI)))
    if all(src == "meta.json" for _, src in meta.sources):
        return
    values = {"title": Literal(meta.title, lang="zh"), "issuer": issuer,
              "year": Literal(meta.year, datatype=XSD.integer), "genre": Literal(meta.genre),
              "date": Literal(meta.date)}
    ids = {f"identifier:{s}": Literal(v) for s, v in meta.identifiers}
    for name, src in meta.sources:
        if name in META_PROPS and (name != "genre" or meta.genre) and (name != "date" or meta.date):
            prop, target = META_PROPS[name], values[name]
        elif name in ids:
            prop, target = DCTERMS.identifier, ids[name]
        else:
            continue
        ax = BNode(f"md{_h(f'{rep} {prop} {target}')}")
        g.add((ax, RDF.type, OWL.Axiom))
        g.add((ax, OWL.annotatedSource, rep))
        g.add((ax, OWL.annotatedProperty, prop))
        g.add((ax, OWL.annotatedTarget, target))
        g.add((ax, KG.metadataSource, Literal(src)))


def _snippet(text: str, span: Span, n: int = 14) -> str:
    s = text[span.start:span.end].strip("，。；、 \n")
    return s if len(s) <= n else s[:n] + "…"


def add_build_activity(g: Graph, *, reports: list[str], version: str, time: str, inputs_digest: str) -> URIRef:
    """PROV-O record of this build: tool version, time, reports used."""
    act = DATA[f"build/{inputs_digest}"]
    agent = DATA[f"agent/kg-{version}"]
    g.add((act, RDF.type, KG.BuildActivity))
    g.add((act, RDFS.label, Literal(f"kg build {version}", lang="en")))
    g.add((act, PROV.wasAssociatedWith, agent))
    g.add((act, PROV.startedAtTime, Literal(time, datatype=XSD.dateTime)))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"kg {version}", lang="en")))
    for r in reports:
        g.add((act, PROV.used, report_iri(r)))
        g.add((URIRef(f"{report_iri(r)}/figures"), PROV.wasGeneratedBy, act))
    return act
