"""Metadata read off a document (kg.docmeta) and what the build makes of it: the order of the
sources, issuer expansion, identifiers, dates, the report node, the kept main text and the
same report saved twice. Pages are written for this test; places and bodies are made up."""
from __future__ import annotations

import json
import logging
from dataclasses import replace

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from kg.departments import form_rows
from kg.docmeta import describe, expand_issuer, parse_title
from kg.issuers import places_of
from kg.furniture import split_main
from kg.gazetteer import Gazetteer, load_gazetteer, load_towns
from kg.resources import LEXICON_DIR
from kg.vocab import KG, SCHEMA, mention_span
from tests.test_furniture import BODY, BRACKET_PAGE, BULLET_PAGE, COLON_PAGE, NO_BLOCK_PAGE, TITLE
from tests.test_interop import owl_check  # noqa: F401  (fixture)

FULL = "丙市丁区科学技术局"
TAGS = {"ArticleTitle": "丙市丁区科学技术局2024年度法治政府建设工作报告", "PubDate": "2025-03-12 10:00",
        "ContentSource": "丙市丁区科学技术局办公室", "SiteName": "丙市丁区人民政府"}
META_JSON = {"title": "元数据文件给的标题2024年工作总结", "issuer": "元数据文件给的机构", "year": 2023,
             "source": "x.txt"}


def _d(page, **kw):
    return describe(split_main(page), **kw)


# --- one test per step of the order: meta.json > meta tags > info block > title line > first sentence

def test_meta_json_beats_meta_tags():
    d = _d(COLON_PAGE, tags=TAGS, meta_json=META_JSON)
    assert (d.title, d.issuer, d.year) == (META_JSON["title"], META_JSON["issuer"], 2023)
    assert {d.source_of(f) for f in ("title", "issuer", "year")} == {"meta.json"}


def test_meta_tags_beat_the_info_block():
    d = _d(COLON_PAGE, tags=TAGS)
    assert d.title == TAGS["ArticleTitle"] and d.source_of("title") == "meta:ArticleTitle"
    assert d.date == "2025-03-12" and d.source_of("date") == "meta:PubDate"
    assert d.source_of("issuer").startswith("meta:ContentSource")


def test_the_info_block_beats_the_title_line():
    page = COLON_PAGE.replace(f"名称: {TITLE}", "名称: 丙市丁区科学技术局2024年度依法行政工作报告")
    d = _d(page)
    assert d.title == "丙市丁区科学技术局2024年度依法行政工作报告" and d.source_of("title") == "info:名称"
    assert d.issuer == FULL and d.source_of("issuer") == "info:发布机构+expanded"
    assert d.date == "2025-03-10" and d.source_of("date") == "info:发布日期"


def test_a_title_naming_its_issuer_in_full_beats_the_portals_publisher():
    # a county portal lists its own office as 发布机构 of a bureau's report
    page = COLON_PAGE.replace("发布机构: 丁区科技局", "发布机构: 丙市丁区人民政府办公室")
    d = _d(page)
    assert d.issuer == FULL and d.source_of("issuer") == "info:名称"
    # a publisher that names the title's body more fully (a street office with its city's government) stays
    page = COLON_PAGE.replace("发布机构: 丁区科技局", "发布机构: 丙市人民政府丁区街道办事处")
    assert _d(page.replace(f"名称: {TITLE}", "名称: 丁区街道2024年工作总结")).issuer == "丙市人民政府丁区街道办事处"
    page = COLON_PAGE.replace("发布机构: 丁区科技局", "发布机构: 丙市丁区戊镇").replace(FULL, "丙市丁区戊镇人民政府")
    assert _d(page.replace(f"名称: {TITLE}", "名称: 戊镇2024年政务公开工作总结")).issuer == "丙市丁区戊镇人民政府"


def test_the_title_line_beats_the_first_sentence():
    d = _d(NO_BLOCK_PAGE)
    assert (d.title, d.issuer, d.year) == (TITLE, FULL, 2024)
    assert d.source_of("title") == d.source_of("issuer") == d.source_of("year") == "title-line"
    assert d.genre == "法治政府建设情况报告"


def test_the_first_sentence_when_nothing_else_says():
    body = ("2023年以来,在区委、区政府的正确领导下,丙市丁区市场监督管理局坚持依法行政,全面推进法治政府建设。"
            "现将2023年度法治政府建设情况报告如下:\n一、主要举措\n")
    d = _d(body)
    assert d.issuer == "丙市丁区市场监督管理局" and d.source_of("issuer") == "first-sentence"
    assert d.year == 2023 and d.title == "丙市丁区市场监督管理局2023年度法治政府建设情况报告"
    assert d.source_of("title") == "first-sentence"


# --- issuer expansion, titles, identifiers, dates

@pytest.mark.parametrize("short,title_issuer,chains,full", [
    ("丁区科技局", FULL, (), FULL),
    ("区科技局", FULL, (), FULL),
    ("科学技术局", "", (("丙市", "丁区"),), FULL),
    ("科技局", "", (("丙市", "丁区"),), FULL),
    ("区市场监管局", "", (("丙市", "丁区"),), "丙市丁区市场监督管理局"),
    ("县发改委", "", (("甲乙省", "丙市", "戊县"),), "甲乙省丙市戊县发展和改革委员会"),
    ("丁区司法局", "", (("丙市", "丁区"),), "丙市丁区司法局"),
    ("丁区市场监管局", "", (("丙市", "丁区"),), "丙市丁区市场监督管理局"),
    ("丙市卫生健康委", "丙市卫生健康委", (), "丙市卫生健康委员会"),
    ("戊乡人民政府", "", (("戊县",),), "戊县戊乡人民政府"),
    ("庚街道", "", (("丙市", "丁区"),), "丙市丁区庚街道办事处"),
    ("丙市丁区戊镇", "", (), "丙市丁区戊镇人民政府"),
    ("丙市丁区庚街道", "", (), "丙市丁区庚街道办事处"),
], ids=["district-short", "level-short", "bare-full", "bare-short", "monitoring", "county", "parents",
        "market-is-no-place", "committee-short", "township", "street", "township-after-places",
        "street-after-places"])
def test_issuer_expansion(short, title_issuer, chains, full):
    assert expand_issuer(short, title_issuer=title_issuer, chains=chains) == full


def test_bullet_page_expands_a_bare_body_name_with_the_site_name():
    d = _d(BULLET_PAGE)
    assert d.issuer == FULL
    assert d.identifiers == (("索引号", "3704023704020008/2025-00418"),)
    assert d.date == "2025-02-14" and d.source_of("date") == "info:成文日期"


def test_identifiers_and_dates_of_the_bracket_page():
    d = _d(BRACKET_PAGE)
    assert d.identifiers == (("索引号", "1150011300000000XM/2024-00001"),)      # an empty 发文字号 is none
    assert d.dates == {"成文日期": "2024-02-18", "发布日期": "2024-02-18"}


@pytest.mark.parametrize("title,expected", [
    (TITLE, (FULL, 2024, "法治政府建设情况报告")),
    ("丁区科学技术局2024年工作总结和2025年工作计划", ("丁区科学技术局", 2024, "工作总结和工作计划")),
    ("丙市科学技术局2024年政府信息公开工作年度报告", ("丙市科学技术局", 2024, "政府信息公开工作年度报告")),
    ("丁区2023年度法治政府建设情况报告", ("丁区人民政府", 2023, "法治政府建设情况报告")),
    ("戊县发展和改革委员会关于２０２４年度法治政府建设情况的报告", ("戊县发展和改革委员会", 2024, "法治政府建设情况报告")),
    ("中共戊县县委 戊县人民政府关于2024年法治政府建设情况的报告", ("戊县人民政府", 2024, "法治政府建设情况报告")),
    ("中共庚乡党委庚乡人民政府关于2024年法治政府建设工作的报告", ("庚乡人民政府", 2024, "法治政府建设情况报告")),
    ("丁区己局政府信息公开工作2024年度报告", ("丁区己局", 2024, "政府信息公开工作年度报告")),
    ("辛经济开发区2024年度法治政府建设情况报告", ("辛经济开发区管理委员会", 2024, "法治政府建设情况报告")),
], ids=["about", "summary-and-plan", "xxgk", "place-only", "full-width-digits", "joint-county", "joint-township",
        "name-before-genre-words", "zone"])
def test_parse_title(title, expected):
    assert parse_title(title) == expected


# --- shapes found on real pages (November 2026), written again here with made-up names

def test_a_cover_letter_gives_the_issuer_and_a_delivery_date_is_no_reported_year():
    from tests.test_furniture import COVER_PAGE

    d = _d(COVER_PAGE)
    assert (d.title, d.issuer, d.year) == ("政府工作报告", "戊县人民政府", 2025)
    assert d.source_of("issuer") == "signature" and d.source_of("year") == "text"


def test_a_site_line_under_the_title_gives_the_place():
    page = ("2025年科技局工作总结\n戊县人民政府门户网站 www.example.gov.cn 发布时间:2026-02-11 15:14\n"
            "2025年,县科技局在县委、县政府的正确领导下,全面完成年度各项工作任务。\n")
    d = _d(page)
    assert d.issuer == "戊县科学技术局" and d.source_of("issuer") == "first-sentence+expanded"


def test_a_joint_title_with_the_county_on_the_site_line():
    page = ("中共庚乡党委庚乡人民政府关于2024年法治政府建设工作的报告\n戊县人民政府门户网站 发布时间:2025-04-03 15:22\n"
            "2024年,我乡坚持依法行政,全力推进法治政府建设各项任务有效落实,取得明显成效。\n")
    assert _d(page).issuer == "戊县庚乡人民政府"


@pytest.mark.parametrize("first,issuer", [
    ("2024年,丙市人力资源和社会保障局坚持依法行政,全面推进法治政府建设。", "丙市人力资源和社会保障局"),
    ("2024年,庚街道办事处坚持以法治思维推进基层治理,全面完成年度任务。", "庚街道办事处"),
    ("一年来,庚乡在县委、县政府的正确领导下,有序推进法治政府建设工作,成效明显。", "庚乡人民政府"),
    ("2024年,庚街道在区委、区政府的坚强领导下,扎实推进依法行政,成效明显。", "庚街道办事处"),
    ("2024年,在市委、市政府的坚强领导下,丙市丁区坚持依法行政,全面推进法治政府建设。", "丙市丁区人民政府"),
    ("2024年,在市委、市政府的坚强领导下,某某湾新区(以下简称“新区”)始终坚持依法行政,推进法治建设。",
     "某某湾新区管理委员会"),
    ("2024年,在省委、省政府的坚强领导下,在国家某某委的指导支持下,丙市人力资源和社会保障局坚持依法行政。",
     "丙市人力资源和社会保障局"),
    ("今年,在市委、市政府的正确领导下,丙市人力资源和社会保障局全面贯彻依法行政要求,推进法治建设。",
     "丙市人力资源和社会保障局"),
    ("2025年,丙市政府国资委在市委、市政府的坚强领导下,扎实推进国资监管机构法治建设。",
     "丙市人民政府国有资产监督管理委员会"),
], ids=["social-is-no-body-end", "street-office", "township", "street", "place-after-its-superiors",
        "new-area-no-division", "led-and-guided", "this-year", "a-governments-commission"])
def test_the_subject_of_the_opening_sentence(first, issuer):
    assert _d(first + "\n一、主要举措\n").issuer == issuer


def test_a_title_naming_a_zones_body_in_full_beats_the_portals_short_publisher():
    page = ("标题: 甲乙高新技术产业开发区工业信息化和商务局2024年政府信息公开工作年度报告\n"
            "发文日期: 2025-01-20 发布机构: 高新区工业信息化和商务局\n\n"
            "本年度报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止,我局全面推进政务公开。\n一、总体情况\n")
    assert _d(page).issuer == "甲乙高新技术产业开发区工业信息化和商务局"


def test_a_places_disclosure_group_office_reports_for_its_government_and_a_forwarding_notice_is_no_title():
    d = _d("本年度报告根据《中华人民共和国政府信息公开条例》要求,由戊县政务公开领导小组办公室编制。报告内容包括总体情况。\n"
           "一、总体情况\n")
    assert d.issuer == "戊县人民政府"
    d = _d("名  称: 关于印发丙市己局2023年工作总结和2024年工作计划的通知\n发布机构: 丙市己局\n\n"
           "2023年,丙市己局全面贯彻落实上级部署,各项工作取得新成效。\n一、工作总结\n")
    assert d.title == "丙市己局2023年工作总结和2024年工作计划"


def test_a_city_management_bureaus_places_end_where_its_name_begins():
    """某市城市管理局: 城市 begins the body's name, no district 城市; 某州区城市管理局: the district 某州区, not a
    prefecture 某州 and a district 区城市 (gazetteer rows read here, no report's name)."""
    g = load_gazetteer()
    city = next(n for n in g.codes if g.level(n) == "city" and n.endswith("市"))
    assert places_of(f"{city}城市管理局") == (city,)
    district = next(n for n in g.codes if g.level(n) == "county" and n.endswith("州区") and n[:-1] not in g.codes)
    assert places_of(f"{district}城市管理局") == (district,)


def test_the_first_sentences_body_beats_a_place_opening_a_later_sentence():
    d = _d("2024年,丙丁区司法局坚持依法行政,全面推进法治建设。丙丁区在年度考评中排名第三,获评优秀等次。\n一、主要举措\n")
    assert d.issuer == "丙丁区司法局"


def test_a_quoted_title_without_its_issuer_gets_the_body_that_publishes_it():
    d = _d("根据《中华人民共和国政府信息公开条例》要求,丁区教育局现向社会公开《2023年政府信息公开工作年度报告》。"
           "本报告包括总体情况。\n一、总体情况\n")
    assert d.title == "丁区教育局2023年政府信息公开工作年度报告"


def test_a_zone_that_calls_itself_yuanqu_is_no_place_with_a_government():
    """园区坚持…: 园区 (the park) is no place, and its report is no 园区人民政府's."""
    d = _d("2023年,园区坚持依法行政,全力推进法治政府建设,取得明显成效。\n一、主要举措\n")
    assert d.issuer != "园区人民政府"


def test_the_report_named_in_its_opening_sentence():
    d = _d("根据《中华人民共和国政府信息公开条例》规定,现公布丙市己局2024年政府信息公开工作年度报告。本报告由六部分组成。\n"
           "一、总体情况\n")
    assert d.title == "丙市己局2024年政府信息公开工作年度报告" and d.source_of("title") == "first-sentence"
    d = _d("2024年,丙市己局严格落实政府信息公开条例,现发布2024年政府信息公开工作年度报告。\n一、总体情况\n")
    assert d.title == "丙市己局2024年政府信息公开工作年度报告"


def test_a_plan_quoted_in_the_opening_is_not_the_title():
    d = _d("2025年,市己委坚持依法行政,印发《2025年全市己领域法治建设工作要点》,全面推进法治政府建设。\n"
           "一、主要举措\n")
    assert "工作要点" not in d.title


def test_a_year_only_in_full_dates_still_counts():
    d = _d("本报告所列数据统计期限为2024年1月1日至2024年12月31日,由区己局依据条例编制。\n一、总体情况\n")
    assert d.year == 2024


# --- the build of a pasted page

@pytest.fixture(scope="module")
def pasted_build(tmp_path_factory):
    from kg.config import load_settings
    from kg.pipeline import build, write_outputs

    d = tmp_path_factory.mktemp("pasted")
    (d / "page.txt").write_text(COLON_PAGE, encoding="utf-8")
    settings = replace(load_settings(None), jobs=1, cache_dir=None)
    result = build([d / "page.txt"], settings, build_time="2025-01-01T00:00:00Z")
    out = d / "out"
    files = write_outputs(result, out, html=False)
    return result, out, files


def test_the_report_node_of_a_pasted_page(pasted_build):
    result, _, _ = pasted_build
    g = result.graph
    (rep,) = set(g.subjects(RDF.type, KG.Report))
    assert g.value(rep, DCTERMS.title) == Literal(TITLE, lang="zh")
    assert g.value(rep, DCTERMS.issued) == Literal(2024, datatype=XSD.integer)
    assert g.value(g.value(rep, KG.issuedBy), RDFS.label) == Literal(FULL, lang="zh")
    assert g.value(rep, SCHEMA.datePublished) == Literal("2025-03-10")
    assert set(g.objects(rep, DCTERMS.identifier)) == {Literal("11500106MB0000000X/2025-00009"),
                                                       Literal("丁科发〔2025〕3号")}
    schemes = {str(g.value(n, SCHEMA.propertyID)) for n in g.objects(rep, SCHEMA.identifier)}
    assert schemes == {"索引号", "文号"}
    q = """SELECT ?p ?src WHERE { ?ax a owl:Axiom ; owl:annotatedSource ?r ; owl:annotatedProperty ?p ;
           kg:metadataSource ?src }"""
    sources = {(str(p), str(s)) for p, s in g.query(q, initNs={"owl": OWL, "kg": KG._NS})}
    assert (str(KG.issuedBy), "info:发布机构+expanded") in sources
    assert (str(DCTERMS.title), "info:名称") in sources
    assert result.conforms is True


def test_short_forms_in_the_body_resolve_to_the_issuer(pasted_build):
    result, _, _ = pasted_build
    (ex,) = result.extractions
    issuer_mentions = {m.text for e in ex.entities if e.label == FULL for m in e.mentions}
    assert {"区科技局", "我局"} <= issuer_mentions


def test_the_main_text_is_kept_and_spans_index_it(pasted_build):
    result, out, files = pasted_build
    g = result.graph
    (rep,) = set(g.subjects(RDF.type, KG.Report))
    rel = str(g.value(rep, KG.mainText))
    assert rel == "texts/page.txt" and files["texts"] == out / "texts"
    text = (out / rel).read_text(encoding="utf-8")
    assert text == f"{TITLE}\n{BODY}"
    quotes = [(mention_span(str(m)), str(x)) for m, x in g.subject_objects(KG.exact)]
    assert len(quotes) > 5
    for (s, e), x in quotes:
        assert text[s:e] == x


# --- the same report saved twice

def _write_copy(d, name, page):
    (d / name).write_text(page, encoding="utf-8")


@pytest.mark.parametrize("first,second,reason", [
    (COLON_PAGE, COLON_PAGE.replace("宣传活动12场", "宣传活动13场"), "索引号"),        # a corrected re-upload
    (COLON_PAGE, f"{TITLE}\n{BODY}".replace("\n", "\n\n"), "main text"),           # other line breaks
    (NO_BLOCK_PAGE, NO_BLOCK_PAGE.replace("区科技局坚持", "区科技局始终坚持"), "title, issuer and year"),
], ids=["same-index-number", "same-main-text", "same-title-issuer-year"])
def test_the_same_report_saved_twice_is_built_once(tmp_path, caplog, first, second, reason):
    from kg.config import load_settings
    from kg.corpus import extract_corpus

    _write_copy(tmp_path, "a.txt", first)
    _write_copy(tmp_path, "b.txt", second)
    settings = replace(load_settings(None), jobs=1, cache_dir=None)
    with caplog.at_level(logging.WARNING, logger="kg.corpus"):
        result = extract_corpus([tmp_path], settings)
    assert [ex.document.source.name for ex in result.extractions] == ["a.txt"]
    warnings = [r.getMessage() for r in caplog.records if "same report" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0] == f"{tmp_path / 'b.txt'}: the same report as {tmp_path / 'a.txt'} (same {reason}); built once"


def test_reports_with_meta_json_and_the_same_title_are_not_merged(tmp_path):
    from kg.config import load_settings
    from kg.corpus import extract_corpus

    meta = {"title": TITLE, "issuer": FULL, "year": 2024, "source": "x.txt"}
    for name, extra in (("a", "全年投入资金200万元。"), ("b", "全年投入资金300万元。")):
        (tmp_path / f"{name}.txt").write_text(f"{TITLE}\n{BODY}{extra}\n", encoding="utf-8")
        (tmp_path / f"{name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    settings = replace(load_settings(None), jobs=1, cache_dir=None)
    assert len(extract_corpus([tmp_path], settings).extractions) == 2


def test_the_pasted_page_graph_with_the_ontology_is_owl2_dl_and_consistent(owl_check, ontology, pasted_build):
    """Dates, identifiers and the metadata-source axioms keep the graph in OWL 2 DL."""
    from rdflib import Graph

    g = Graph()
    for t in ontology:
        g.add(t)
    for t in pasted_build[0].graph:
        g.add(t)
    violations, consistent, unsatisfiable = owl_check(g)
    assert violations == []
    assert consistent is True and unsatisfiable == []


def test_a_store_build_keeps_the_main_text_too(tmp_path):
    from kg.config import load_settings
    from kg.corpus import build_store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(COLON_PAGE, encoding="utf-8")
    settings = replace(load_settings(None), jobs=1, cache_dir=None)
    res = build_store([tmp_path / "in"], settings, out_dir=tmp_path / "out", html=False, build_time="2025-01-01T00:00:00Z")
    assert res.outputs["texts"] == tmp_path / "out" / "texts"
    assert (tmp_path / "out" / "texts" / "page.txt").read_text(encoding="utf-8") == f"{TITLE}\n{BODY}"
    assert '"texts/page.txt"' in (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")


# --- shapes met on real pages (written here with made-up places and bodies)

@pytest.mark.parametrize("opening, issuer, title", [
    # the report says who compiled it, after the rules it follows
    ("本报告由丙市丁区科学技术局按照《中华人民共和国政府信息公开条例》(以下简称《条例》)和年度报告格式要求编制。",
     "丙市丁区科学技术局", "丙市丁区科学技术局2024年政府信息公开工作年度报告"),
    # the report publishes itself with the year before the issuer
    ("根据《条例》要求，特向社会公布2024年丙市农业农村局政府信息公开工作年度报告。",
     "丙市农业农村局", "丙市农业农村局2024年政府信息公开工作年度报告"),
    # the issuer defines its short name in the sentence that publishes the report
    ("根据《条例》等规定,现公布丙市丁区科技创新局(下称“区科技创新局”)2024年政府信息公开工作年度报告。",
     "丙市丁区科技创新局", "丙市丁区科技创新局2024年政府信息公开工作年度报告"),
])
def test_issuer_and_title_from_the_opening_of_a_page_without_title(opening, issuer, title):
    page = opening + "\n一、总体情况\n2024年，我局认真贯彻落实政务公开工作要求，主动公开政府信息120条。\n"
    d = _d(page)
    assert (d.issuer, d.title, d.year) == (issuer, title, 2024)
    assert d.source_of("issuer") == "first-sentence"


def test_a_verb_phrase_is_no_issuer():
    page = "市委、市政府:\n2025年以来，在市委的指导下，我委紧扣法治政府建设总体目标，系统推进各项工作，取得阶段性成效。\n"
    d = _d(page)
    assert d.issuer == "" and d.year == 2025


@pytest.mark.parametrize("head, title, issuer", [
    # a title with no year, set on two lines: the body, then 关于…
    ("戊乡人民政府\n关于法治政府建设的情况报告", "戊乡人民政府关于法治政府建设的情况报告", "戊乡人民政府"),
    # a year written without 年
    ("己街道2024法治政府建设年度报告", "己街道2024法治政府建设年度报告", "己街道办事处"),
    # a new area that is no division: its administrative committee
    ("某某新区2024年度法治政府建设工作情况的报告", "某某新区2024年度法治政府建设工作情况的报告", "某某新区管理委员会"),
    # 关于… broken in the middle of a phrase, both halves holding a year
    ("关于丙市丁区2024年国民经济和社会发展\n\n计划执行情况及2025年计划草案的报告",
     "关于丙市丁区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告", ""),
    # a title without 报告
    ("丙市2024年法治政府建设情况", "丙市2024年法治政府建设情况", "丙市人民政府"),
])
def test_title_lines_of_real_shapes(head, title, issuer):
    body = "2024年，己街道坚持以法治思想为指导，深入推进法治政府建设，各项工作取得新成效。\n一、主要举措\n"
    d = _d(head + "\n" + body)
    assert d.title == title and d.year == 2024 and d.source_of("title") == "title-line"
    if issuer:
        assert d.issuer == issuer


def test_short_issuer_completed_by_the_pages_source_line():
    page = ("您现在的位置 : 首页 > 政府信息公开年度报告\n市科技局2024年度政府信息公开工作年度报告\n"
            "来源:丙市科学技术局 时间:2025-01-17\n一、总体情况\n"
            "2024年，市科技局认真贯彻落实政务公开工作要求，主动公开政府信息120条，回应关切。\n")
    d = _d(page)
    assert d.issuer == "丙市科学技术局"
    assert d.source_of("issuer") == "title-line+expanded"


def test_info_issuer_completed_by_the_title_that_ends_with_it():
    page = ("索引号: | 001/2025-00001 | 发布机构: | 开发区(庚街道) |\n丙市经济开发区(庚街道)2024年工作总结和2025年工作思路\n"
            "一、2024年工作情况\n2024年，开发区坚持项目为王，全年完成固定资产投资12亿元，增长5%。\n")
    d = _d(page)
    assert d.issuer == "丙市经济开发区(庚街道)"


def test_namesake_districts_take_the_city_the_text_names():
    g = Gazetteer({"甲市": ("110100",), "乙市": ("220100",), "丙区": ("110102", "220102")},
                  {"110100": "甲市", "220100": "乙市", "110102": "丙区", "220102": "丙区"},
                  {"110100": "city", "220100": "city", "110102": "county", "220102": "county"}, {}, None)
    assert g.city_of("丙区") == ""                      # two cities have one: no guess
    assert g.city_of("丙区", near=["乙市"]) == "乙市"    # the text names one of them


def test_a_namesake_district_takes_the_city_the_text_names_by_its_short_form():
    # three cities have a 新华区: a text that speaks of one of them, 沧州, only by its short form
    body = ("2024年，新华区坚持依法行政，全面推进法治政府建设，为沧州经济发展提供法治保障。\n"
            "一、主要举措\n（一）加强学法用法。全年组织集中学法6次。\n")
    assert _d(body).issuer == "沧州市新华区人民政府"
    assert _d(body.replace("沧州", "全区")).issuer == "新华区人民政府"    # named nowhere: no guess


def test_a_township_takes_the_one_county_its_text_names():
    # 特向社会公布2024年某乡人民政府…报告: the year before the issuer; the county only in the address
    body = ("依据《中华人民共和国政府信息公开条例》规定，特向社会公布2024年庚乡人民政府政府信息公开工作情况报告。"
            "如有疑问请与庚乡人民政府联系（地址：睢宁县庚乡庚村）。\n一、总体情况\n2024年，庚乡人民政府主动公开信息30条。\n")
    d = _d(body)
    assert d.issuer == "睢宁县庚乡人民政府"
    assert d.title == "庚乡人民政府2024年政府信息公开工作情况报告"      # the issuer once, as the page says it
    assert _d(body.replace("睢宁县庚乡庚村", "睢宁县庚乡庚村，灌南县辛乡")).issuer == "庚乡人民政府"    # two counties: no guess


def _listed_towns():
    """A township the township list gives one county, and one that two counties of different
    provinces have (taken from the generated list, not written here)."""
    gaz, towns = load_gazetteer(), load_towns()
    one = next(t for t, c in towns.items() if len(c) == 1 and t.endswith("镇") and gaz.names.get(c[0], "").endswith("县"))
    two = next(t for t, c in towns.items() if len(c) == 2 and t.endswith("乡") and c[0][:2] != c[1][:2]
               and all(gaz.names.get(x, "").endswith("县") for x in c))
    return gaz, towns, one, two


def test_a_township_that_names_nothing_above_it_takes_its_county_from_the_township_list():
    gaz, towns, one, two = _listed_towns()
    county = gaz.names[towns[one][0]]
    body = f"2024年，{one}人民政府坚持依法行政，全面推进法治政府建设。\n一、主要举措\n全年组织集中学法6次。\n"
    assert _d(body).issuer == f"{county}{one}人民政府"
    # namesakes: the one whose province the text names; nothing named, no guess
    namesakes = [gaz.names[c] for c in towns[two]]
    province = gaz.names[towns[two][1][:2] + "0000"]
    text = f"2024年，{two}人民政府在{province}的部署下推进依法行政。\n一、主要举措\n全年组织集中学法6次。\n"
    assert _d(text).issuer == f"{namesakes[1]}{two}人民政府"
    assert _d(text.replace(province, "上级")).issuer == f"{two}人民政府"


def test_namesake_districts_are_told_apart_by_their_street():
    """某区某街道 where two cities have a 某区: the one whose district has that street (township list)."""
    gaz, towns = load_gazetteer(), load_towns()
    district, street, code = next(
        (d, t, own[0]) for d, codes in sorted(gaz.codes.items()) if len(codes) == 2 and d.endswith("区")
        and all(gaz.city_of(d, near=[gaz.names.get(c[:4] + "00", "")]) for c in codes)
        for t, tc in sorted(towns.items()) if t.endswith("街道") and len(own := [c for c in codes if c in tc]) == 1)
    city = gaz.names[code[:4] + "00"] if code[:4] + "00" in gaz.names else gaz.names[code[:2] + "0000"]
    d = _d(f"{district}{street}2024年度法治政府建设情况报告\n2024年，{street}坚持依法行政，全面推进法治政府建设。\n")
    assert d.issuer == f"{city}{district}{street}办事处"


def test_a_zones_body_is_read_with_the_zone_in_full():
    d = _d("甲乙经开区统计局关于2025年度法治政府建设情况的报告\n2025年，区统计局坚持依法统计，全面推进法治建设。\n")
    assert d.issuer == "甲乙经济技术开发区统计局"


def test_a_report_that_calls_itself_ours_names_no_issuer_by_it():
    page = "一、总体情况\n2024年，我局认真贯彻落实政务公开工作要求，主动公开信息120条。现公布我局2024年政府信息公开工作年度报告。\n"
    d = _d(page)
    assert "我局" not in d.issuer and "我局" not in d.title


def test_a_department_in_general_is_no_issuer():
    d = _d("2024年，丙区财政部门聚焦增收节支，健全制度机制，实施积极的财政政策，促进收入平稳增长。\n")
    assert not d.issuer.endswith("部")


def test_a_township_title_names_its_government():
    d = _d("丁县戊镇2025年法治政府建设\n年度报告\n2025年，戊镇始终坚持依法行政，全面推进法治政府建设各项工作。\n")
    assert (d.title, d.issuer) == ("丁县戊镇2025年法治政府建设年度报告", "丁县戊镇人民政府")


def test_a_provincial_departments_issuer_gets_the_province_the_text_names():
    """省应急管理厅 (a form derived from central.tsv's ministry, not a row of departments.tsv)
    takes the province the text names."""
    text = "2024年,省应急管理厅坚持依法行政,全面推进法治政府建设。\n按照《中共浙江省委关于加强法治建设的意见》要求,开展学习。"
    d = describe(split_main(text))
    assert d.issuer == "浙江省应急管理厅", d.sources


def test_a_report_that_calls_itself_our_bureau_is_issued_by_the_bureau_it_names_in_full():
    """No title, no opening that names the issuer, but 我局 and the bureau's own plan by its full
    name: the bureau is the issuer, read off the text (``text:self``)."""
    page = ("按照有关要求，现将我局法治政府建设工作开展情况总结如下：\n一、主要举措和成效\n"
            "我局坚持学法制度，制定了《2024年度库车市应急管理局学法计划》《库车市应急管理局普法责任清单》，开展专题学习6次。\n")
    d = _d(page)
    assert (d.issuer, d.source_of("issuer")) == ("库车市应急管理局", "text:self")


def test_a_superiors_bureau_named_in_full_is_not_the_issuer():
    """The county's bureau writes 我局 and names its superior's plan in full: the superior (of the
    city above the county named in 在…部署下) is no issuer; its counterpart in that county is."""
    page = ("2024年，在库车市委、市政府和地区局的决策部署下，我局扎实推动法治政府建设工作。\n"
            "结合《阿克苏地区应急管理局2024年法治政府建设工作要点》，制定我局工作方案。\n")
    d = _d(page)
    assert (d.issuer, d.source_of("issuer")) == ("库车市应急管理局", "text:self"), d.sources


def test_a_title_published_after_its_words_and_an_opening_after_a_period():
    d = _d("根据《条例》规定，现将库车市医疗保障局2024年政府信息公开工作年度报告予以公开发布。本报告所列数据的统计时间自2024年1月1日起。\n"
           "一、总体情况\n全年公开信息120条。\n")
    assert d.title == "库车市医疗保障局2024年政府信息公开工作年度报告", d.sources
    d = _d("发布时间：\n2025-01-23\n一、总体情况\n在2024年期间，库车市科学技术局依据《条例》，认真落实政务公开要求，主动公开信息151条。\n")
    assert d.issuer.endswith("库车市科学技术局"), d.sources


def test_a_place_opening_the_second_paragraph_names_the_governments_report():
    page = ("本报告依据《中华人民共和国政府信息公开条例》要求，由区人民政府办公室综合各部门编制而成，全文包括总体情况等。\n一、总体情况\n"
            "2024年，库车市坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开，主动公开信息1200条。\n")
    d = _d(page)
    assert d.issuer.endswith("库车市人民政府"), d.sources


def test_a_city_bureau_takes_the_one_city_its_text_names_by_its_short_form():
    """市某局 in a text that names its city only short (为茂名振兴发展): that city's bureau. The
    gazetteer keeps such a short form although jieba tags it an adjective (茂名) or adverb: a city's
    short form is left out only when it is a frequent common word (scripts/refresh_gazetteers.py)."""
    assert load_gazetteer().full("茂名") == "茂名市"
    body = "2024年，在市委、市政府正确领导下，市司法局全面推进法治政府建设，为茂名高质量发展提供法治保障。\n一、主要举措\n"
    assert _d(body).issuer == "茂名市司法局"
    assert _d(body.replace("为茂名", "为茂名、自贡")).issuer == "市司法局"      # two cities: no guess


def test_a_report_that_calls_its_place_ours_is_its_governments():
    body = ("2024年，在县委的坚强领导下，我县始终坚持依法行政，全面推进法治政府建设。\n一、主要举措\n"
            "县政府常务会议审议通过《睢宁县重大行政决策事项目录》。\n")
    assert _d(body).issuer == "睢宁县人民政府"
    assert _d(body.replace("始终坚持", "和我局始终坚持")).issuer != "睢宁县人民政府"     # a bureau's report


@pytest.mark.parametrize("opening, issuer", [
    ("在过去的一年里，区发改局紧紧围绕经济建设大局，扎实开展各项工作。", "区发展和改革局"),
    ("2024年是关键之年。一年来，在党中央的关心关怀下，在省委的坚强领导下，睢宁县法治政府建设工作坚持以人民为中心，取得新成效。",
     "睢宁县人民政府"),
    ("2024年，甲市生态环境局乙丙分局认真贯彻落实政务公开工作要求，着力推进各项工作落实。", "甲市生态环境局乙丙分局"),
], ids=["over-the-past-year", "place-in-a-later-sentence", "a-bureaus-branch"])
def test_openings_that_name_the_issuer(opening, issuer):
    assert _d(opening + "\n一、主要举措\n全年组织集中学法6次。\n").issuer == issuer


def test_an_opening_that_starts_with_according_to_names_no_issuer_by_it():
    """根据市政府办公厅《通知》要求…: a preposition opens the sentence; the body that reports is the
    subject of the next one (市卫生健康委以…), completed by the one city of province rank the text names."""
    g = load_gazetteer()
    city = next(n for n in sorted(g.codes) if g.level(n) == "province" and n.endswith("市"))
    area = next(n for n in sorted(g.codes) if g.level(n) == "city" and n.endswith("新区"))
    body = ("根据市政府办公厅《关于做好年终考评工作的通知》要求，我们对照年度任务逐项梳理完成情况。\n一、总体情况\n"
            f"2023年，市卫生健康委以习近平新时代中国特色社会主义思想为指导，贯彻总书记对{city[:-1]}的重要讲话精神，"
            f"支持{area}医疗卫生发展。\n")
    d = _d(body)
    assert d.issuer == city + "卫生健康委员会", d.sources
    assert not d.issuer.startswith("根据")


def test_a_districts_title_with_the_pages_date_on_its_line():
    """2024年丙区法治政府建设工作情况报告 2025-02-24: the title of the district's government, and the
    page's date (no part of the title)."""
    page = ("2024年丙区法治政府建设工作情况报告 2025-02-24\n"
            "2024年是关键之年，全区上下团结奋斗。今年以来，丙区坚持以习近平法治思想为指导，全面推进依法行政。\n"
            "一、主要举措\n区政府常务会议专题学法4次。\n")
    main = split_main(page)
    assert main.title == "2024年丙区法治政府建设工作情况报告"
    d = describe(main)
    assert (d.issuer, d.date) == ("丙区人民政府", "2025-02-24"), d.sources
    assert parse_title("2024年丙区法治政府建设情况报告")[0] == "丙区人民政府"
    assert parse_title("2024年甲乙法治政府建设情况报告")[0] == ""      # no place: no issuer


def test_a_joint_letterhead_over_a_title_that_names_its_own_issuer():
    """中共戊己镇委员会 戊己镇人民政府 / 戊己镇2024年…报告: the letterhead is no part of the title."""
    page = ("戊己党字〔2025〕2号\n中共戊己镇委员会 戊己镇人民政府\n戊己镇2024年法治政府建设工作情况报告\n中共丁县委、丁县人民政府:\n"
            "2024年，在丁县委、县政府的正确领导下，戊己镇全镇上下坚持以习近平法治思想为指导，全力推进法治建设。\n一、主要举措\n")
    main = split_main(page)
    assert main.title == "戊己镇2024年法治政府建设工作情况报告"
    assert describe(main).issuer.endswith("戊己镇人民政府")


@pytest.mark.parametrize("opening, issuer", [
    ("根据《中华人民共和国政府信息公开条例》的规定，现将丁县经济信息化和科学技术局2023年政府信息公开工作年度报告公开如下。",
     "丁县经济信息化和科学技术局"),
    ("根据《法治政府建设与责任落实督察工作规定》要求，现将省政府2024年度法治政府建设情况报告如下。", "省人民政府"),
], ids=["a-bureau-published-as-follows", "a-province-government"])
def test_the_body_named_before_the_year_of_the_report_it_sets_out(opening, issuer):
    d = _d(opening + "\n一、主要工作\n全年组织集中学法6次，政府常务会议学法4次。\n")
    assert d.issuer == issuer, d.sources
    assert d.title.startswith(issuer + "20"), d.sources


def test_the_body_a_report_sends_its_readers_to_is_its_issuer_when_nothing_else_names_one():
    page = ("根据《中华人民共和国政府信息公开条例》规定，编制本报告。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
            "一、总体情况\n2023年，我单位主动公开信息52条。\n"
            "如对本报告有疑问，请与丁县戊己垦殖场办公室联系(地址：丁县庚路8号；电话：0000-1234567)。\n")
    d = _d(page)
    assert d.issuer.endswith("丁县戊己垦殖场"), d.sources
    assert dict(d.sources)["issuer"].startswith("text:contact")


def test_a_county_committee_and_government_opening_the_report_name_the_governments():
    """2024年，县委、县政府坚持…: the county's government reports (its county the one the text names)."""
    g = load_gazetteer()
    county = next(n for n in sorted(g.codes) if g.level(n) == "county" and n.endswith("县") and len(g.codes[n]) == 1)
    page = (f"2024年，县委、县政府坚持以习近平法治思想为指导，全面推进法治政府建设。\n一、主要举措\n"
            f"制定《{county}重大行政决策程序规定》，全年组织集中学法6次。\n")
    assert _d(page).issuer == county + "人民政府", _d(page).sources


@pytest.mark.parametrize("opening, issuer", [
    ("上半年，市应急管理局深入学习总书记关于安全生产的重要论述，着力抓实各项重点工作。", "市应急管理局"),
    ("根据中共中央办公厅、国务院办公厅《法治政府建设与责任落实督察工作规定》要求，区财政局认真梳理总结2025年度法治政府建设情况，现报告如下。",
     "区财政局"),
    ("2024年，丁县人民政府办公室坚持以习近平新时代中国特色社会主义思想为指导，切实履行法定职责。", "丁县人民政府办公室"),
], ids=["half-year", "after-its-basis", "a-government-office"])
def test_more_openings_that_name_the_issuer(opening, issuer):
    assert _d(opening + "\n一、主要工作\n全年组织集中学法6次。\n").issuer == issuer


def test_a_metadata_table_with_leading_bars_and_a_bare_publisher():
    """| 标题:… | |, | 发文机关:民政局 | …: the table is the page's info block; its bare 民政局 takes
    the level the opening writes (县民政局)."""
    page = ("| 索引号:000014349/2025-20186 | |\n| 发文字号: | 发文时间:2025-08-05 |\n"
            "| 发文机关:民政局 | 主题词:上半年工作总结 |\n| 标题:民政局2025年上半年工作总结和下半年工作计划 | |\n"
            "2025年上半年，县民政局深入贯彻落实县委、县政府各项决策部署，统筹推进社会救助、养老服务等工作。\n一、主要工作\n")
    main = split_main(page)
    assert main.info["名称"] == "民政局2025年上半年工作总结和下半年工作计划"
    assert main.info["索引号"] == "000014349/2025-20186" and main.info["发布日期"] == "2025-08-05"
    d = describe(main)
    assert (d.title, d.issuer, d.date) == (main.info["名称"], "县民政局", "2025-08-05"), d.sources


def test_the_body_after_what_the_year_is_and_a_body_with_its_second_name():
    d = _d("2025年是贯彻实施《法治政府建设实施纲要(2021-2025年)》的收官之年，区司法局坚持以习近平法治思想为指导，认真落实各项部署。\n"
           "一、主要工作\n全年组织集中学法6次。\n")
    assert d.issuer == "区司法局", d.sources
    assert parse_title("丁县藏语委办(编译局)2024年法治政府建设年度报告")[0] == "丁县藏语委办(编译局)"


def test_a_national_body_named_by_its_short_form_is_the_issuer_by_its_official_name():
    """central.tsv: a page whose title names a national body by the short form it goes by has that
    body's official name as its issuer (as its mentions in the text have)."""
    short, official = next((r[0], r[1]) for r in form_rows(LEXICON_DIR / "central.tsv")
                           if len(r) > 2 and r[2] == "GovernmentBody" and r[0] != r[1] and r[1].startswith("国家"))
    page = (f"{short}2024年政府信息公开工作年度报告\n"
            f"2024年,{short}坚持依法公开,全年主动公开政府信息120条,办理依申请公开36件。\n")
    d = _d(page)
    assert (d.issuer, d.year) == (official, 2024)


def test_a_body_the_opening_names_in_full_before_its_short_name_is_the_issuer():
    """现将X(以下简称Y)…报告如下, then 2024年，Y…: the issuer is X, not the short name Y it defines."""
    page = ("根据《中华人民共和国政府信息公开条例》编制本报告。现将丙市丁区发展改革局(以下简称发改局)2024年度"
            "信息公开工作报告如下:\n一、总体情况\n2024年,发改局认真落实政府信息公开各项要求,全年主动公开信息120条。\n")
    d = _d(page)
    assert d.issuer == "丙市丁区发展和改革局" and d.year == 2024
