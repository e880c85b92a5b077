"""The seed report as a complete, valid, provenance-linked graph (issue 2).

``seed_graph`` is the curated build (data/curation/000_f755293a707b958a.toml applied): tests
named ``curated_graph``/``curation`` pass only with the curation file (环重师生态圈 is its rename,
the two indicators of 100% are its words); the raw extractor is scored by ``kg eval``
(tests/test_gold.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.validate import validate
from kg.vocab import KG, OA, QB, UNIT, char_span, mention_span, mention_target, sentence_span
from tests.conftest import SEED
from tests.seed_expected import EDGES, ENTITIES, FIGURES

UNITS = {"CNY": UNIT.CCY_CNY, "percent": UNIT.PERCENT, "count": UNIT.NUM, "year": UNIT.YR}
TEXT = SEED.read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[1]


def _by_label(g, label):
    nodes = [s for s in g.subjects(RDFS.label, Literal(label, lang="zh")) if "/entity/" in str(s)]
    assert len(nodes) == 1, f"{label}: {nodes}"
    return nodes[0]


@pytest.mark.parametrize("label,cls", sorted(ENTITIES.items()), ids=sorted(ENTITIES))
def test_curated_graph_has_every_named_thing_as_an_entity_of_the_right_class(seed_graph, label, cls):
    node = _by_label(seed_graph, label)
    assert (node, RDF.type, KG[cls]) in seed_graph


def test_curated_graph_has_no_entity_beyond_the_expected_ones(seed_graph):
    from kg.networks import entity_types

    labels = {str(seed_graph.value(e, RDFS.label)) for e in entity_types(seed_graph)}
    assert labels == set(ENTITIES)


@pytest.mark.parametrize("surface", sorted(FIGURES), ids=sorted(FIGURES))
def test_every_figure_is_an_observation_in_base_units(seed_graph, surface):
    value, unit = FIGURES[surface]
    q = """SELECT ?o ?v ?u ?ind ?m WHERE {
        ?o kg:value ?v ; kg:unit ?u ; kg:indicator/skos:prefLabel ?ind ; ^oa:hasBody ?m .
        ?m kg:exact ?exact . FILTER(?exact = ?surface) }"""
    rows = list(seed_graph.query(q, initBindings={"surface": Literal(surface)}, initNs=_ns()))
    assert rows, surface
    for r in rows:
        assert r.v == Literal(value, datatype=XSD.decimal) and r.v.datatype == XSD.decimal
        assert r.u == UNITS[unit]
        assert str(r.ind)                                   # attached to what it measures
        start, end = mention_span(str(r.m))
        assert TEXT[start:end] == surface


def test_figure_count_and_the_curation_files_two_indicators_of_one_percentage(seed_graph):
    obs = set(seed_graph.subjects(KG.value))
    assert len(obs) == len(FIGURES) + 1          # 100% states both 参考率 and 合格率
    inds = {str(seed_graph.value(seed_graph.value(o, KG.indicator), RDFS.label)) for o in obs}
    assert {"机关干部法治理论考试参考率", "机关干部法治理论考试合格率", "技术合同成交额"} <= inds


def test_more_than_qualifiers(seed_graph):
    q = ("SELECT ?ex ?qual WHERE { ?o kg:value [] ; ^oa:hasBody/kg:exact ?ex "
         "OPTIONAL { ?o kg:qualifier ?q } BIND(COALESCE(?q, \"exact\") AS ?qual) }")
    quals = {str(r.ex): str(r.qual) for r in seed_graph.query(q, initNs=_ns())}
    assert quals["49亿元"] == quals["70余项"] == quals["10余次"] == "more_than"
    assert quals["697万元"] == "exact"
    # 2.5.0: an exact figure states no qualifier
    assert (None, KG.qualifier, Literal("exact")) not in seed_graph
    assert sum(q != "exact" for q in quals.values()) == len(set(seed_graph.subjects(KG.qualifier, None))) >= 3


def test_sentence_offsets_are_in_its_iri(seed_graph):
    """2.5.0: a sentence stores its text, report and section; its offsets are those its IRI
    names, and they cut its text out of the report."""
    text = SEED.read_text(encoding="utf-8")
    sentences = set(seed_graph.subjects(KG.sentenceOf, None))
    assert len(sentences) > 30
    assert not any((s, KG.start, None) in seed_graph or (s, KG.end, None) in seed_graph for s in sentences)
    for s in sentences:
        start, end = sentence_span(str(s))
        assert text[start:end] == str(seed_graph.value(s, KG.text))


def test_a_measure_section_is_its_sentence_s(seed_graph):
    """2.5.0: a measure in a sentence states no kg:section; its sentence's is the one it had."""
    measures = set(seed_graph.subjects(KG.describedIn, None))
    assert len(measures) > 20
    assert not any((m, KG.section, None) in seed_graph for m in measures)
    q = "SELECT ?m ?sec WHERE { ?m kg:describedIn ?r . ?x oa:hasBody ?m ; kg:inSentence/kg:section ?sec }"
    sections = {str(r.sec) for r in seed_graph.query(q, initNs=_ns())}
    assert len(sections) >= 2 and all(sec for sec in sections)


@pytest.mark.parametrize("s,p,o", EDGES, ids=[f"{s}-{p}-{o}" for s, p, o in EDGES])
def test_curated_graph_has_the_direct_edges(seed_graph, s, p, o):
    from kg.vocab import ORG

    prop = ORG.subOrganizationOf if p == "subOrganizationOf" else KG[p]
    assert (_by_label(seed_graph, s), prop, _by_label(seed_graph, o)) in seed_graph


def test_measure_is_n_ary(seed_graph):
    """与重庆电子科技职业大学共建数智重电科技园: actor, partner, object, year, evidence."""
    q = """SELECT ?m ?exact WHERE {
        ?m kg:hasActor ?a ; kg:hasPartner ?p ; kg:builds ?o ; kg:describedIn ?r ;
           ^oa:hasBody/kg:exact ?exact .
        ?r dcterms:issued 2024 . FILTER NOT EXISTS { ?m kg:year [] }   # the report's year (2.8.0)
        ?a rdfs:label "重庆市沙坪坝区科学技术局"@zh . ?p rdfs:label "重庆电子科技职业大学"@zh .
        ?o rdfs:label "数智重电科技园"@zh . }"""
    rows = list(seed_graph.query(q, initNs=_ns()))
    assert len(rows) == 1 and "共建数智重电科技园" in str(rows[0].exact)


def test_a_measure_found_by_its_figures_alone_has_no_verb(seed_graph, shapes):
    """A measure the extractor finds from its results only (label 成效…) states no verb: it has no
    ``kg:actionVerb`` rather than an empty one, and the shapes reject an empty verb."""
    verbs = list(seed_graph.objects(None, KG.actionVerb))
    assert verbs and all(str(v) for v in verbs)
    measures = set(seed_graph.subjects(KG.describedIn))
    verbless = sorted(m for m in measures if (m, KG.actionVerb, None) not in seed_graph)
    assert verbless and all(str(seed_graph.value(m, RDFS.label)).startswith("成效") for m in verbless)
    part = Graph()
    for t in seed_graph.triples((verbless[0], None, None)):
        part.add(t)
    focus = {v.focus for v in validate(part, shapes=shapes).results if "actionVerb" in (v.path or "")}
    assert str(verbless[0]) not in focus
    part.add((verbless[0], KG.actionVerb, Literal("")))
    focus = {v.focus for v in validate(part, shapes=shapes).results if "actionVerb" in (v.path or "")}
    assert str(verbless[0]) in focus


def test_policy_led_to_results(seed_graph):
    q = """SELECT ?v WHERE { ?pol rdfs:label "沙坪坝区支持科技企业发展壮大十条举措"@zh ; kg:ledTo ?o . ?o kg:value ?v }"""
    assert {int(r.v) for r in seed_graph.query(q, initNs=_ns())} == {427, 52, 3}


def test_a_measure_states_a_year_only_when_it_is_not_its_reports(seed_graph, shapes):
    """Ontology 2.8.0: the measures of the report's year state no kg:year (their report's
    dcterms:issued is it); the plans state theirs, and the shapes require it of a plan."""
    plans = set(seed_graph.subjects(RDF.type, KG.PlannedMeasure))
    measures = set(seed_graph.subjects(KG.describedIn)) - plans
    assert measures and plans
    assert not any((m, KG.year, None) in seed_graph for m in measures)
    assert {int(seed_graph.value(p, KG.year)) for p in plans} == {2025}
    broken = Graph()
    for t in seed_graph:
        broken.add(t)
    plan = sorted(plans)[0]
    assert validate(broken, shapes=shapes).conforms
    broken.remove((plan, KG.year, None))
    assert {(v.focus, v.path) for v in validate(broken, shapes=shapes).results} == {(str(plan), str(KG.year))}


def test_a_figure_is_checked_by_its_edges_not_its_type(seed_graph, shapes):
    """Ontology 2.9.0: no figure's kg:Observation type is stored (its kg:value gives it); the
    shapes still check every figure of the stored graph, and whatever a measure names as its
    result."""
    assert not set(seed_graph.subjects(RDF.type, KG.Observation))
    broken = Graph()
    for t in seed_graph:
        broken.add(t)
    figure = sorted(broken.subjects(KG.value))[0]
    measure = sorted(broken.subjects(KG.hasResult))[0]
    actor = broken.value(measure, KG.hasActor)
    broken.remove((figure, KG.unit, None))
    broken.add((measure, KG.hasResult, actor))
    got = {(v.focus, v.path) for v in validate(broken, shapes=shapes).results}
    assert (str(figure), str(KG.unit)) in got and (str(actor), str(KG.value)) in got


def test_a_measure_is_checked_by_its_report_not_its_type(seed_graph, shapes):
    """Ontology 2.11.0: no measure's kg:Measure type is stored (its kg:describedIn gives it, a
    plan keeps kg:PlannedMeasure); the shapes still check every measure of the stored graph."""
    measures = set(seed_graph.subjects(KG.describedIn))
    plans = set(seed_graph.subjects(RDF.type, KG.PlannedMeasure))
    assert len(measures) > 50 and plans < measures and not set(seed_graph.subjects(RDF.type, KG.Measure))
    broken = Graph()
    for t in seed_graph:
        broken.add(t)
    done = sorted(measures - plans)[0]
    broken.remove((done, KG.hasActor, None))
    got = {(v.focus, v.path) for v in validate(broken, shapes=shapes).results}
    assert (str(done), str(KG.hasActor)) in got


def test_plans_for_2025_are_planned_measures(seed_graph):
    q = """SELECT ?o WHERE { ?m a kg:PlannedMeasure ; kg:year 2025 ; kg:builds ?x . ?x rdfs:label ?o }"""
    assert {str(r.o) for r in seed_graph.query(q, initNs=_ns())} == {"环大学创新生态圈"}


def test_one_query_answers_where_a_fact_comes_from(seed_graph):
    """Entities, measures, figures (oa:hasBody) and relations no measure states (owl:Axiom +
    kg:evidence) alike."""
    q = """SELECT ?fact ?r ?start ?end ?exact ?sentence ?m WHERE {
        { ?m oa:hasBody ?fact } UNION { ?fact a owl:Axiom ; kg:evidence ?m }
        ?m kg:inSentence ?s ; kg:exact ?exact .
        ?s kg:sentenceOf ?r ; kg:text ?sentence .
        BIND(STRAFTER(STR(?m), "/mention/") AS ?chars)
        BIND(xsd:integer(STRBEFORE(?chars, "-")) AS ?start) BIND(xsd:integer(STRAFTER(?chars, "-")) AS ?end) }"""
    rows = list(seed_graph.query(q, initNs=_ns()))
    assert len(rows) > 180
    for r in rows:
        assert TEXT[int(r.start):int(r.end)] == str(r.exact)
        assert str(r.exact) in str(r.sentence)
        assert mention_target(str(r.m)) == f"{r.r}/text#char={r.start},{r.end}"   # its RFC 5147 target
    # a relation no measure states has its owl:Axiom (通过市科技局验收: accepted by); one a measure
    # states (2.7.0: the cooperation of 签订科技金融项目合作协议) has the measure's mention
    axioms = [r for r in rows if (r.fact, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Axiom")) in seed_graph]
    assert any("通过市科技局验收" in str(r.sentence) for r in axioms)
    assert not any((r.fact, OWL.annotatedProperty, KG.cooperatesWith) in seed_graph for r in axioms)
    measures = [r for r in rows if (r.fact, KG.hasPartner, None) in seed_graph]
    assert any("签订科技金融项目合作协议" in str(r.sentence) for r in measures)


def test_every_entity_measure_and_figure_has_evidence(seed_graph):
    from kg.networks import entity_types

    for node in list(entity_types(seed_graph)) + list(seed_graph.subjects(KG.describedIn)) + \
            list(seed_graph.subjects(KG.value)):
        assert (None, OA.hasBody, node) in seed_graph, node


def test_iris_are_ascii_and_deterministic(settings, seed_build):
    from kg.pipeline import build

    again = build([SEED], settings, build_time="2025-01-01T00:00:00Z")
    nodes = {str(t) for triple in seed_build.graph for t in triple if isinstance(t, URIRef)}
    assert all(n.isascii() for n in nodes)
    assert nodes == {str(t) for triple in again.graph for t in triple if isinstance(t, URIRef)}
    assert set(again.graph) == set(seed_build.graph)


def test_graph_conforms_to_shapes(seed_build):
    assert seed_build.conforms is True and seed_build.violations == []


def test_a_mention_needs_a_body_or_an_axiom_naming_it(seed_graph, shapes):
    """kgsh:Mention (2.6.0): a mention with no oa:hasBody is valid as a relation's evidence, and
    a violation once no owl:Axiom names it."""
    bare = sorted(m for m in seed_graph.objects(None, KG.evidence) if (m, OA.hasBody, None) not in seed_graph)
    assert bare, "the seed has evidence mentions with no body"
    mention = bare[0]
    sentence = seed_graph.value(mention, KG.inSentence)
    report = seed_graph.value(sentence, KG.sentenceOf)
    part = Graph()
    for t in [*seed_graph.triples((mention, None, None)), *seed_graph.triples((sentence, None, None)),
              *seed_graph.triples((report, RDF.type, None))]:
        part.add(t)
    axiom = next(seed_graph.subjects(KG.evidence, mention))
    part.add((axiom, KG.evidence, mention))
    # (the report stands alone here: its own shape's findings are not this test's)
    assert str(mention) not in {v.focus for v in validate(part, shapes=shapes).results}
    part.remove((axiom, KG.evidence, mention))
    part.add((mention, RDF.type, KG.Mention))
    found = [v for v in validate(part, shapes=shapes).results if v.focus == str(mention)]
    assert len(found) == 1 and "hasBody" in found[0].message and "evidence" in found[0].message


def test_a_sampled_validation_finds_mentions_that_only_an_axiom_names(shapes):
    """``validate(max_focus=...)`` samples the focus nodes of every target of the shapes, those
    named as objects (``sh:targetObjectsOf kg:evidence``) too: a bodiless mention is checked."""
    g = Graph()
    for i in range(2):     # evidence with no words: a violation each
        g.add((BNode(f"ax{i}"), KG.evidence, URIRef(f"urn:r/mention/{i}-{i + 1}")))
    sampled = validate(g, shapes=shapes, max_focus=1)
    assert (sampled.checked, sampled.total) == (1, 2)
    assert {v.focus for v in sampled.results if "exact" in v.path} == {"urn:r/mention/0-1"}


def test_build_records_prov_activity(seed_graph):
    q = """SELECT ?t ?agent WHERE { ?a a kg:BuildActivity ; prov:startedAtTime ?t ; prov:used ?r ;
           prov:wasAssociatedWith/rdfs:label ?agent }"""
    rows = list(seed_graph.query(q, initNs=_ns()))
    assert len(rows) == 1 and rows[0].t.toPython().isoformat() == "2025-01-01T00:00:00+00:00" and str(rows[0].agent).startswith("kg ")


def test_no_seed_name_in_python_code():
    """General, not tuned: names from reports live in data files, never in kg/*.py."""
    from tests.conftest import ROOT

    names = [n for n in ENTITIES if len(n) >= 4] + ["沙坪坝", "重庆"]
    for py in (ROOT / "kg").rglob("*.py"):
        code = py.read_text(encoding="utf-8")
        hits = [n for n in names if n in code]
        assert not hits, f"{py}: {hits}"


def _ns():
    from kg.vocab import PREFIXES

    return {k: v for k, v in PREFIXES.items()}


def test_text_slices_in_turtle_are_exact(built_dir):
    ttl = (built_dir / "graph.ttl").read_text(encoding="utf-8")
    assert re.search(r'kg:exact "中信银行重庆分行"', ttl)


def test_a_mention_is_one_node(seed_graph):
    """Lean provenance (issue 14): one node per span, no target node, no selectors. About a
    mention: its target (whose RFC 5147 fragment gives its offsets), sentence and words, and one
    oa:hasBody per entity, measure or figure its words name (2.6.0: none for the statement of a
    relation, whose owl:Axiom names the mention as its kg:evidence; 2.7.0: a relation a measure
    states has the measure's mention and no axiom). Its type
    (kg:Mention, from the domain of kg:exact; oa:Annotation above it) and its report (through
    its sentence) are the ontology's to derive, not stored."""
    mentions = set(seed_graph.subjects(KG.exact, None))
    about = [t for t in seed_graph if t[0] in mentions]
    preds = {p for _, p, _ in about}
    bodies = [t for t in about if t[1] == OA.hasBody]
    evidence = set(seed_graph.objects(None, KG.evidence))
    assert len(mentions) > 150 and len(bodies) > 150 and len(evidence) >= 5   # 2.7.0: relations no measure states
    assert {m for m, _, _ in bodies} | evidence == mentions       # a body, or a relation's evidence
    assert not any("/statement/" in str(b) for _, _, b in bodies)
    assert len(about) == 2 * len(mentions) + len(bodies)    # sentence, words; a body per fact
    assert RDF.type not in preds and KG.inReport not in preds and KG.start not in preds and KG.end not in preds
    # 2.10.0: the IRI names the span, and so the target, which is not stored
    assert OA.hasTarget not in preds and not any(str(p).startswith(str(OA)) and p != OA.hasBody for p in preds)
    spans = [mention_span(str(m)) for m in mentions]
    assert None not in spans and len(set(spans)) == len(mentions)       # one node per span
    assert all(char_span(mention_target(str(m))) == span for m, span in zip(mentions, spans))


def test_the_web_annotation_construct_states_every_mention_s_target(seed_graph):
    """2.10.0: a mention's target is not stored; the CONSTRUCT of ontology/README.md states it,
    one RFC 5147 fragment a mention, naming the offsets of the mention's words."""
    text = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    (construct,) = [b for b in re.findall(r"```sparql\n(.*?)```", text, re.S) if "oa:hasTarget" in b]
    stated = seed_graph.query(construct).graph
    mentions = {m: str(x) for m, x in seed_graph.subject_objects(KG.exact)}
    targets = {m: list(stated.objects(m, OA.hasTarget)) for m in mentions}
    assert len(mentions) > 150 and all(len(t) == 1 for t in targets.values())
    assert set(stated.subjects(RDF.type, OA.Annotation)) == set(mentions)
    for m, (t,) in targets.items():
        start, end = char_span(str(t))
        assert str(t) == mention_target(str(m)) and TEXT[start:end] == mentions[m]


def test_a_figure_s_year_is_its_set_s(seed_graph):
    """2.5.0: the reference year is attached to the report's figure set (Data Cube
    qb:componentAttachment qb:DataSet), not repeated on each figure."""
    figures = set(seed_graph.subjects(KG.value))
    assert len(figures) >= 30 and not any((f, KG.refYear, None) in seed_graph for f in figures)
    sets = {seed_graph.value(f, QB.dataSet) for f in figures}
    assert len(sets) == 1 and seed_graph.value(sets.pop(), KG.refYear) == Literal(2024, datatype=XSD.integer)
