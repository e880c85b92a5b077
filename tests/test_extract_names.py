"""Entity mentions that generalize: word boundaries, gazetteers, ambiguous short forms, formulas.

Inline two-sentence texts in the style of the genre; no report of the corpus is named here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import EXTRACTORS, extract
from kg.extract.lexicon import load_lexicon
from kg.extract.names import Candidate, find_candidates
from kg.extract.segment import tokenizer
from kg.model import Document, ReportMeta, Span

META = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))


def _mentions(text: str, meta: ReportMeta = META) -> list[tuple[str, str, str]]:
    ex = extract(Document("d", Path("x.txt"), text, meta))
    for m in ex.mentions:
        assert text[m.span.start:m.span.end] == m.text
    return [(m.text, m.cls, m.canonical) for m in ex.mentions if m.source not in ("metadata", "derived")]


@pytest.mark.parametrize("text, name", [
    ("全年成功签约甲乙大学，共建联合实验室。", "甲乙大学"),
    ("引进甲乙丙研究院落户园区。", "甲乙丙研究院"),
    ("一)甲乙丙研究院获批省级平台。", "甲乙丙研究院"),
    ("推动甲乙丙丁研究院建设。", "甲乙丙丁研究院"),
    ("聘请甲乙丙学院教授授课。", "甲乙丙学院"),
    ("邀请甲乙丙研究院专家授课。", "甲乙丙研究院"),
    ("成功助力甲乙丙研究院攻克难题。", "甲乙丙研究院"),
    ("召开政企圆桌会,解决甲乙材料等企业融资难题。", "甲乙材料"),
    ("获批创建甲乙食品加工国际合作产业园。", "甲乙食品加工国际合作产业园"),
    ("全年甲乙政务服务便民热线受理咨询906条。", "甲乙政务服务便民热线"),
    ("走访甲乙丙公司,了解企业需求。", "甲乙丙公司"),
    ("深入甲乙丙公司调研。", "甲乙丙公司"),
    ("带队前往甲乙丙研究院考察。", "甲乙丙研究院"),
    ("约谈甲乙丙公司负责人。", "甲乙丙公司"),
    ("公开规范性文件5件,内容涵盖商品房预售资金监管等。", "商品房预售资金"),
    ("事项全部纳入甲乙投资项目在线审批监管平台办理。", "甲乙投资项目在线审批监管平台"),
    ("结合甲乙文化嘉年华等契机,开展宣传。", "甲乙文化嘉年华"),
    ("在甲乙镇开展土地承包到期后再延长30年整镇试点。", "土地承包到期后再延长30年整镇试点"),
], ids=["signed", "introduced", "list-marker", "promote", "engaged", "invited", "helped", "solved-for", "founding",
        "inside-word", "visited", "went-into", "went-to", "summoned", "covering", "boundary-at-a-words-start",
        "combined-with", "a-word-across-a-boundary"])
def test_a_name_does_not_start_with_a_verb_or_a_list_marker(text, name):
    assert name in [t for t, _, _ in _mentions(text)]


@pytest.mark.parametrize("text, no", [
    ("出台新政策支持大学生就业创业。", "University"),
    ("开展市政基础设施工程建设。", "Project"),
    ("对清单实行动态管理。", "Program"),
], ids=["students", "works-being-built", "dynamic"])
def test_a_head_that_ends_inside_a_word_ends_no_name(text, no):
    assert not [m for m in _mentions(text) if m[1] == no]


@pytest.mark.parametrize("text", [
    "明确由专人专岗负责平台日常维护。",
    "不断拓展公开平台,丰富公开形式。",
    "我乡高度重视政务公开平台建设。",
    "为充分发挥公开平台作用,我镇加强领导。",
    "及时发布信息,规范平台的发布流程。",
], ids=["in-charge-of", "extended", "valued", "make-use-of", "regulate"])
def test_a_verb_before_a_bare_platform_word_leaves_no_platform(text):
    """负责, 拓展, 重视, 发挥 and 规范 end the scan to the left: 平台 alone is a generic noun, no name."""
    assert not [m for m in _mentions(text) if m[1] == "DigitalPlatform"]


def test_funds_named_only_by_whom_they_benefit_are_no_names():
    """generic.tsv: 惠企资金 (funds for enterprises) is a kind of fund, and no list of its members either."""
    got = _mentions("常态化公开产业扶持政策、重大项目进展、惠企资金发放等关键信息,兑现1.5亿元惠企资金。")
    assert not [m for m in got if m[1] == "Fund"]


def test_a_series_of_days_or_events_is_no_name():
    """generic.tsv: 一系列 and 系列 say how many, not which: 一系列纪念日 is no event; a named day is one
    (boundaries.tsv: 借助, "by means of", ends it to the left)."""
    got = _mentions("借助甲乙宣传日等一系列纪念日,举办系列活动。")
    assert [t for t, c, _ in got if c == "Event"] == ["甲乙宣传日"]


def test_a_list_member_that_ends_as_its_class_does_keeps_its_own_name():
    """``X、Y、Z禁毒日`` shares the last head only with members that lack one: 甲乙水日 and 丙丁水周 end
    as events do (日, 周) and are whole names; 戊己 is a modifier and takes 生态圈."""
    got = _mentions("利用甲乙水日、丙丁水周、国际禁毒日等节点开展宣传,依托戊己、庚辛生态圈建设平台。")
    assert [(t, c) for t, c, c2 in got if c == "Event"] == [("甲乙水日", "Event"), ("丙丁水周", "Event"), ("国际禁毒日", "Event")]
    assert {t: c2 for t, _, c2 in got}["甲乙水日"] == "甲乙水日" and {t: c2 for t, _, c2 in got}["丙丁水周"] == "丙丁水周"
    assert ("戊己", "InnovationEcosystemCircle", "戊己生态圈") in got


def test_a_clause_that_goes_on_after_deng_names_no_category():
    """``X等均由司法所审核``: 等 closes a list of contracts, and 司法所 is who checks them, not their
    category; ``X等重点企业`` is a list of enterprises."""
    assert _mentions("凡重大行政决策和政府合同等均由司法所审核把关。") == []
    got = _mentions("走访甲乙丙公司、丁戊己公司等重点企业。")
    assert [(t, c) for t, c, _ in got] == [("甲乙丙公司", "Enterprise"), ("丁戊己公司", "Enterprise")]


def test_media_every_body_has_are_no_platform_names():
    """generic.tsv: 电视台, 报刊 in a list of platforms are kinds of channel, not names; a named account is one."""
    got = _mentions("在甲乙新闻网、电视台、报刊等其他平台公开信息。")
    assert [t for t, c, _ in got if c == "DigitalPlatform"] == ["甲乙新闻网"]


@pytest.mark.parametrize("text, project", [
    ("动态发布重点水利工程项目简介。", None),
    ("及时发布年度重点审计项目计划。", None),
    ("推进乙丁光伏电站项目建设。", "乙丁光伏电站"),
    ("开展政府网站服务能力提升行动。", None),
    ("承担企业清单试点工作。", None),
], ids=["kind-of-works", "kind-of-audit", "named", "kind-of-campaign", "kind-of-pilot"])
def test_a_project_named_only_by_ordinary_words_is_no_name(text, project):
    got = [m[0] for m in _mentions(text) if m[1] in ("Project", "Program")]
    assert got == ([project] if project else [])


def test_planned_projects_counted_are_no_project():
    """累计策划项目14个: an adverb and a verb before 项目 name no project."""
    assert not [t for t, c, _ in _mentions("通过楼宇攻坚，累计策划项目14个、签约项目19个。") if c == "Project"]


@pytest.mark.parametrize("text, written, canonical", [
    ("与浙江开展合作。", "浙江", "浙江省"),
    ("赴宁波考察学习。", "宁波", "宁波市"),
    ("长沙市出台政策。", "长沙市", "长沙市"),
    ("在天府新区召开会议。", "天府新区", "天府新区"),
], ids=["province-short", "city-short", "city-full", "new-area"])
def test_places_named_bare_are_places(text, written, canonical):
    assert (written, "Place", canonical) in _mentions(text)


def test_a_short_place_form_after_an_amount_is_no_place():
    """千亿元大关 (a milestone) holds the short form of a county (大关县): after an amount it is a word."""
    assert not [t for t, c, _ in _mentions("林业总产值首次突破千亿元大关。") if c == "Place"]
    # nor the given name of a person after a post (局长朱余江); after a preposition it is a place
    assert not [t for t, c, _ in _mentions("局长朱余江作为第一责任人。") if c == "Place"]
    assert ("安徽", "Place", "安徽省") in _mentions("学习习近平总书记在安徽考察时的重要讲话。")
    # nor before a road's word: a street named after a place, in an address
    assert not [t for t, c, _ in _mentions("地址:某区杭州路18号、温州街9号、宁波大道1号、苏州西路2号。")
                if c == "Place" and t != "某区"]


def test_the_reports_own_autonomous_region_named_by_its_level_word_is_a_place():
    meta = ReportMeta(title="t", issuer="某市某局", year=2024, source="x.txt", place=("宁夏回族自治区", "某市"))
    got = _mentions("按照自治区、市里要求,在自治区党委领导下,宁夏回族自治区各级部门推进工作。", meta)
    assert [m for m in got if m[0] == "自治区"] == [("自治区", "Place", "宁夏回族自治区")]
    assert not [m for m in _mentions("按照自治区要求推进工作。") if m[1] == "Place"]     # not its place: nothing
    # the place between a verb and its object only modifies the object
    ex = extract(Document("d", Path("x.txt"), "全面落实自治区法治政府建设“1234”工作机制。", meta))
    label = {e.key: e.label for e in ex.entities}
    assert ("某市某局", "implemented", "1234") in {(label[r.subject], r.predicate, label[r.object]) for r in ex.relations}


def test_quoted_platforms_online_academies_and_known_apps_are_channels():
    got = _mentions("组织参加“甲乙省国家工作人员学法考试平台”考试和甲乙干部网络学院学习,与“川大”合作。")
    assert ("甲乙省国家工作人员学法考试平台", "DigitalPlatform", "甲乙省国家工作人员学法考试平台") in got
    assert [c for t, c, _ in got if t.endswith("网络学院")] == ["DigitalPlatform"]
    assert ("川大", "University", "四川大学") in got       # a quoted alias of aliases.tsv takes its class


def test_a_newspaper_and_a_hotline_are_channels():
    got = _mentions("在甲乙日报刊发稿件,通过12345市民服务热线受理诉求。")
    assert ("甲乙日报", "DigitalPlatform", "甲乙日报") in got
    assert ("12345市民服务热线", "DigitalPlatform", "12345市民服务热线") in got


def test_a_science_and_innovation_bureau_and_a_legal_service_office_are_named_bodies():
    """科技创新局 (a department kind, 区科技创新局) is the place's body; a 法律服务所 is an enterprise, as a 律师事务所."""
    got = _mentions("区科技创新局会同甲乙法律服务所开展普法。")
    assert ("区科技创新局", "GovernmentBody", "某市某区科技创新局") in got
    assert ("甲乙法律服务所", "Enterprise", "甲乙法律服务所") in got


def test_a_short_form_that_reports_use_as_an_ordinary_word_is_no_place():
    """place_words.tsv: 惠民 (a county's short form) is 'benefiting the people' in 惠民政策; the full
    name stays a place."""
    assert not [t for t, c, _ in _mentions("加大各类惠民政策的宣传力度,推进强农惠农。") if c == "Place"]
    assert ("惠民县", "Place", "惠民县") in _mentions("赴惠民县开展调研。")


@pytest.mark.parametrize("text, written, canonical", [
    ("贯彻落实总书记视察新疆重要讲话精神。", "新疆", "新疆维吾尔自治区"),
    ("围绕河北审计工作大局开展普法。", "河北", "河北省"),
    ("学习河南经验做法。", "河南", "河南省"),
], ids=["people-without-zu", "province-over-a-district", "province-over-a-county"])
def test_a_province_short_form_names_the_province(text, written, canonical):
    """places.tsv: 新疆维吾尔自治区's peoples are written without 族; a province's short form names it
    though a district (天津's 河北区) or an autonomous county (河南蒙古族自治县) shares it."""
    assert (written, "Place", canonical) in _mentions(text)



@pytest.mark.parametrize("text, written, canonical", [
    ("获得工业和信息化部认定。", "工业和信息化部", "中华人民共和国工业和信息化部"),
    ("国家发展改革委批复项目。", "国家发展改革委", "国家发展和改革委员会"),
    ("最高法发布典型案例。", "最高法", "最高人民法院"),
], ids=["ministry", "commission-short", "supreme-court-short"])
def test_central_bodies_and_their_short_forms(text, written, canonical):
    assert (written, "GovernmentBody", canonical) in _mentions(text)


@pytest.mark.parametrize("text, written, canonical", [
    ("联合市纪委整治突出问题。", "市纪委", "中共某市纪律检查委员会"),
    ("与区委统战部合并后调整了领导小组。", "区委统战部", "中共某市某区委统一战线工作部"),
    ("受市委组织部委托举办培训班。", "市委组织部", "中共某市委组织部"),
    ("主要领导向区依法治区办专题述法。", "区依法治区办", "中共某市某区委全面依法治区委员会办公室"),
    ("该项工作获中央编办肯定。", "中央编办", "中央机构编制委员会办公室"),
], ids=["discipline", "united-front", "organisation", "rule-of-law-office", "central-staffing"])
def test_a_places_party_organs(text, written, canonical):
    assert (written, "PartyBody", canonical) in _mentions(text)


def test_a_public_security_bureau_calls_its_party_committee_bare():
    meta = ReportMeta(title="t", issuer="某市公安局", year=2024, source="x.txt", place=("某市",))
    assert ("党委", "PartyBody", "中共某市公安局委员会") in _mentions("在党委的坚强领导下推进执法规范化建设。", meta)
    assert not [m for m in _mentions("在党委的坚强领导下推进工作。") if m[0] == "党委"]      # a bureau's: 党组


def test_an_autonomous_regions_party_committee():
    meta = ReportMeta(title="t", issuer="甲乙自治区科学技术厅", year=2024, source="x.txt", place=("甲乙自治区",))
    assert ("自治区党委", "PartyBody", "中共甲乙自治区委员会") in _mentions("在自治区党委、自治区人民政府的领导下推进工作。", meta)


def test_the_issuers_department_one_place_over_keeps_its_name():
    # a county-level city's bureau names its prefecture's bureau 某市局 after the prefecture's name
    meta = ReportMeta(title="t", issuer="某市市场监督管理局", year=2024, source="x.txt", place=("某市",))
    got = _mentions("在沧州市局的指导下，全面推进法治建设。", meta)
    assert ("沧州市局", "GovernmentBody", "沧州市市场监督管理局") in got


def test_a_line_of_works_departments_are_no_ministry():
    got = _mentions("作为各级应急管理部门主要负责同志述法的内容，市、区两级人社部门联动。应急管理部部署检查。")
    assert [(t, c) for t, c, _ in got if c == "GovernmentBody"] == [("应急管理部", "GovernmentBody")]


def test_provincial_short_forms_resolve_against_the_report_place():
    meta = ReportMeta(title="t", issuer="浙江省市场监督管理局", year=2024, source="x.txt", place=("浙江省",))
    got = _mentions("按照省政府部署，会同省科技厅开展检查。", meta)
    assert ("省政府", "GovernmentBody", "浙江省人民政府") in got
    assert ("省科技厅", "GovernmentBody", "浙江省科学技术厅") in got


def test_a_place_inside_a_longer_name_is_not_a_mention_of_its_own():
    got = _mentions("与浙江大学合作，5项成果获四川省科学技术进步奖。")
    assert ("浙江大学", "University", "浙江大学") in got
    assert not [m for m in got if m[1] == "Place"]


@pytest.mark.parametrize("text", [
    "实施重大项目12个。", "严格执行重大行政决策程序。", "办理重大、复杂案件。",
], ids=["project", "decision", "cases"])
def test_the_common_word_is_not_the_university(text):
    assert not [m for m in _mentions(text) if m[2] == "重庆大学"]


def test_the_ambiguous_short_form_in_a_supporting_context_records_why():
    ex = extract(Document("d", Path("x.txt"), "联合重大、川大共建平台。", META))
    short = [m for m in ex.mentions if m.text == "重大"]
    assert [(m.canonical, m.source) for m in short] == [("重庆大学", "alias:list=University")]
    ex = extract(Document("d", Path("x.txt"), "打造环重大创新生态圈。", META))
    assert "重庆大学" in {e.label for e in ex.entities}


@pytest.mark.parametrize("text, expected", [
    ("坚定拥护“两个确立”，做到“两个维护”。", []),
    ("构建“1+N”政策体系。", [("1+N", "Program", "1+N")]),
    ("打造“315”科技创新体系。", [("315", "Program", "315")]),
    ("推进“八五”普法。", [("八五", "Program", "八五普法")]),
    ("深化“揭榜挂帅”机制。", [("揭榜挂帅", "Program", "揭榜挂帅")]),
    ("主要负责同志充分发挥“头雁效应”。", []),
    ("把握“发挥领导干部示范带头作用”的要求。", []),
    ("发挥“揭榜挂帅”机制作用。", [("揭榜挂帅", "Program", "揭榜挂帅")]),
    ("2024年某某市“工人先锋号”，某某省“青年文明号”。", []),
    ("获评市“某某先锋·四强党支部”，服务群众。", []),
    ("综合成绩实现历史性“四连冠”。", []),
    ("用实际行动诠释忠诚。", []),
    ("出台“稳外贸12条”“助企纾困20条措施”。", [("稳外贸12条", "LocalPolicy", "稳外贸12条"),
                                               ("助企纾困20条措施", "LocalPolicy", "助企纾困20条措施")]),
    ("在“东海政府网”发布信息。", [("东海政府网", "DigitalPlatform", "东海政府网")]),
    ("通过“甲乙普法教育网”“甲乙农业微信号”发布。", [("甲乙普法教育网", "DigitalPlatform", "甲乙普法教育网"),
                                                  ("甲乙农业微信号", "DigitalPlatform", "甲乙农业微信号")]),
    ("坚持“上网不涉密、涉密不上网”原则。", []),
    ("组织“三类人员”参加培训，评查“四类案卷”。", []),
], ids=["doctrine", "coded", "number", "plan", "mechanism", "effect", "role", "role-of-a-mechanism",
        "honour-shapes", "honour-after-award-verb-and-level", "honour-streak", "in-earnest", "measures-by-count",
        "government-site", "sites-and-accounts", "online-is-no-site", "categories-by-kind"])
def test_slogans_and_formulas(text, expected):
    assert [m for m in _mentions(text) if m[1] in ("Program", "LocalPolicy", "DigitalPlatform")
            or m[0] in ("两个确立", "两个维护")] == expected


def test_the_default_extractor_is_the_rule_extractor_without_the_statistical_model(monkeypatch):
    """``rules+lac`` lowered real-set F1 (README, *Extraction quality*): the default stays ``rules``."""
    import inspect

    import kg.extract.statistical as statistical

    assert inspect.signature(extract).parameters["extractor"].default == "rules" == EXTRACTORS[0]

    def boom(*a, **k):
        raise AssertionError("the default extractor must not run the statistical model")

    monkeypatch.setattr(statistical, "lac_candidates", boom)
    ex = extract(Document("d", Path("x.txt"), "区科技局联合甲乙大学举办培训班。", META))
    assert ex.extractor.startswith("rules@")
    assert ("甲乙大学", "University", "甲乙大学") in [(m.text, m.cls, m.canonical) for m in ex.mentions]


def test_statistical_candidates_get_the_rules_left_edge_and_generic_filter():
    text = "全年签约甲乙大学，建设省级各类研发平台。"
    lex = load_lexicon()
    extra = [Candidate(Span(2, 8), text[2:8], "University", text[2:8], "stat"),
             Candidate(Span(11, 19), text[11:19], "DigitalPlatform", text[11:19], "stat")]
    got = [(c.text, c.source) for c in find_candidates(text, lex, META, protect=[], extra=extra)]
    assert ("甲乙大学", "stat") in got or ("甲乙大学", "head") in got
    assert not [t for t, _ in got if "研发平台" in t]


def test_the_segmenter_is_private_and_caches_outside_site_packages(tmp_path, monkeypatch):
    import jieba

    from kg.extract import segment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(segment, "_WORDS", {})
    monkeypatch.setattr(segment, "_TOKENIZERS", {})
    tk = tokenizer(load_lexicon())
    assert tk is not jieba.dt
    assert "签约" not in jieba.dt.user_word_tag_tab
    assert [p.name.startswith("kg-jieba2-") for p in (tmp_path / "kg").iterdir()] == [True]
    # a second process reads the cached file and gets the same dictionary
    monkeypatch.setattr(segment, "_WORDS", {})
    again = segment._words(load_lexicon())
    assert again.freq == tk.FREQ and again.total == tk.total
    # the tags share the prefix dictionary's strings, so the file holds each word once
    keys = {k: k for k in again.freq}
    assert again.tags and all(keys[w] is w for w in again.tags)


def test_a_new_dictionary_file_removes_the_ones_no_run_reads(tmp_path, monkeypatch):
    """The first layout's files go, and of this layout's only the last used stay (one is
    loaded, so it is kept although written first)."""
    import os

    from kg.extract import segment

    folder = tmp_path / "kg"
    folder.mkdir()
    old = folder / "kg-jieba-1-2-abc.marshal"
    ours = [folder / f"kg-jieba2-1-2-{i:016d}.marshal" for i in range(6)]
    other = folder / "notes.txt"
    for i, p in enumerate([old, *ours, other]):
        p.write_bytes(b"x")
        os.utime(p, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))
    os.utime(ours[0], ns=(2 * 10**18, 2 * 10**18))        # the one a run loaded last
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(segment, "_WORDS", {})
    segment._words(load_lexicon())
    left = sorted(p.name for p in folder.iterdir())
    written = [n for n in left if n.startswith("kg-jieba2-") and n not in {p.name for p in ours}]
    assert len(written) == 1 and old.name not in left and other.name in left
    assert {ours[0].name, ours[5].name, ours[4].name} <= set(left)
    assert len([n for n in left if n.startswith("kg-jieba2-")]) == segment.KEEP_CACHED


def test_the_cached_dictionary_is_what_jieba_builds_with_the_lexicons_as_user_words():
    """The prefix dictionary is built without jieba's own cache: it must equal jieba's own
    tokenizer with every lexicon word added by ``add_word``, and ``word_info`` must still give
    the dictionary's frequency of a word the lexicons raised."""
    import logging

    import jieba

    from kg.extract import segment

    lex = load_lexicon()
    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.initialize()
    raised = []
    for w in sorted(segment._user_words(lex)):
        old = ref.FREQ.get(w, 0)
        if 0 < old < 2000:
            raised.append((w, old))
        ref.add_word(w, freq=max(old, 2000))
    ours = tokenizer(lex)
    assert ours.FREQ == ref.FREQ and ours.total == ref.total
    assert raised and all(segment.word_info(w)[0] == old for w, old in raised)
    text = "区科技局与重庆大学签约共建概念验证中心，全年新增高新技术企业12家。"
    assert list(ours.cut(text, HMM=False)) == list(ref.cut(text, HMM=False))


@pytest.mark.parametrize("text, written", [
    ("在东海省政府采购网公开采购信息20件。", "东海省政府采购网"),
    ("所有案件均在危险化学品行政执法系统上运行。", "危险化学品行政执法系统"),
    ("在中国矿产市场网上发布信息。", "中国矿产市场网"),
    ("组织干部观看中国某某公开网直播的庭审。", "中国某某公开网"),
    ("向东海省政策文件库汇聚文件。", "东海省政策文件库"),
    ("按照要求对中国政府网公开发布的文件进行转载。", "中国政府网"),
], ids=["procurement-site", "case-system", "market-site", "after-a-verb-of-watching", "document-library",
        "government-site"])
def test_sites_systems_and_libraries_named_by_their_kind_are_platforms(text, written):
    assert (written, "DigitalPlatform") in [(t, c) for t, c, _ in _mentions(text)]


@pytest.mark.parametrize("text, written, cls", [
    ("在宁波市政府信息公开平台公开信息。", "宁波市政府信息公开平台", "DigitalPlatform"),
    ("宁波县人民政府印发通知。", "宁波县人民政府", "GovernmentBody"),
    ("浙江省委部署开展检查。", "浙江省委", "PartyBody"),
], ids=["platform-named-after-a-body", "place-then-body", "shared-level-character"])
def test_a_body_written_after_its_place_is_one_mention(text, written, cls):
    got = _mentions(text)
    assert written in [t for t, c, _ in got if c == cls]
    assert not [m for m in got if m[1] == "Place"]


def test_a_two_character_place_name_gives_no_report_place():
    # 南区 is a district's name in the gazetteer, and a part of many towns in a sentence
    meta = ReportMeta(title="t", issuer="未具名发布机构", year=2024, source="x.txt", place=())
    ex = extract(Document("d", Path("x.txt"), "坚决落实市委、市政府部署，建成南区邮政营业厅。", meta))
    assert {e.label for e in ex.entities if e.cls != "Place"} == {"未具名发布机构", "市委", "市政府"}


def test_the_place_chain_comes_from_the_issuer_when_the_metadata_has_none():
    meta = ReportMeta(title="t", issuer="宁波市镇海区科学技术局", year=2024, source="x.txt", place=())
    assert ("区委", "PartyBody", "中共宁波市镇海区委员会") in _mentions("在区委的领导下开展工作。", meta)


def test_an_autonomous_division_written_without_its_peoples_resolves_to_its_full_name():
    """丰宁县 is 丰宁满族自治县, 黔东南州 黔东南苗族侗族自治州 (places.tsv, from peoples.tsv); the bodies
    named from them take the full name; the issuer keeps its metadata's name, and so does its party group."""
    meta = ReportMeta(title="t", issuer="丰宁县科学技术局", year=2024, source="x.txt", place=())
    got = _mentions("赴丰宁县调研,在中共丰宁县委员会和黔东南州人民政府指导下,丰宁县科学技术局党组研究部署。", meta)
    assert ("丰宁县", "Place", "丰宁满族自治县") in got
    assert ("中共丰宁县委员会", "PartyBody", "中共丰宁满族自治县委员会") in got
    assert ("黔东南州人民政府", "GovernmentBody", "黔东南苗族侗族自治州人民政府") in got
    assert [c for t, _, c in got if t.startswith("丰宁县科学技术局")] in (["丰宁县科学技术局"], ["中共丰宁县科学技术局党组"],
                                                                ["丰宁县科学技术局党组"])


@pytest.mark.parametrize("place", [(), ("宁波市",)])
def test_a_branch_named_after_a_district_serves_that_district(place):
    """某市公安局某区分局: the district's 区委 and 区政府, whether or not the metadata names the city."""
    meta = ReportMeta(title="t", issuer="宁波市公安局镇海区分局", year=2024, source="x.txt", place=place)
    got = _mentions("在区委、区政府的领导下,市委统一部署。", meta)
    assert ("区委", "PartyBody", "中共宁波市镇海区委员会") in got
    assert ("区政府", "GovernmentBody", "宁波市镇海区人民政府") in got
    assert ("市委", "PartyBody", "中共宁波市委员会") in got


def test_a_short_title_defined_in_the_text_resolves_to_the_full_title():
    text = "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制本报告。按照《条例》要求公开。"
    got = [m for m in _mentions(text) if m[0] == "条例"]
    assert got == [("条例", "Regulation", "中华人民共和国政府信息公开条例")] * 2


def test_a_verb_before_a_place_is_not_part_of_the_body_name():
    assert ("宁波市发展和改革委员会", "GovernmentBody", "宁波市发展和改革委员会") in _mentions("及时上传宁波市发展和改革委员会文件。")
    # (and its website is one mention of the site: GUIDELINES.md)
    assert ("宁波市发展和改革委员会网站", "DigitalPlatform", "宁波市发展和改革委员会网站") in _mentions("及时上传宁波市发展和改革委员会网站。")


def test_a_body_written_after_a_place_of_another_report_resolves_with_that_place():
    assert ("浙江省委", "PartyBody", "中共浙江省委员会") in _mentions("浙江省委部署开展检查。")


@pytest.mark.parametrize("text, expected", [
    ("坚持“谁发布、谁负责”“先审查后公开”的原则。", []),
    ("立足“整体市监”，统筹推进。", []),
    ("牢固树立“一体化协同创新”理念。", []),
    ("获评“全国法院先进集体”“全国模范集体”等荣誉称号。", []),
    ("在“某某科技”专栏公布。", []),
    ("全面落实“首违不罚”制度。", [("首违不罚", "Program", "首违不罚")]),
    ("立足“一企一策”服务，精准帮扶。", [("一企一策", "Program", "一企一策")]),
    ("严格执行三审三校制度。", [("三审三校", "Program", "三审三校")]),
    ("维护网站“政务公开”“网上办事” “要闻动态” 等专栏信息。", []),
    ("开设“机关党建”等专题，新增“保密审核”一栏。", []),
    ("打造“某某气象”党建品牌矩阵，提炼了“某某清心”的某县气象清廉品牌。", []),
    ("开展“某某政策通”品牌活动。", [("某某政策通", "Program", "某某政策通")]),
    ("紧紧围绕精心建设“四谷”的功能定位，构建“三位一体”的政务公开新格局。", []),
    ("机关一支部被表彰为“红旗党支部”，中心获评省司法厅“某某质量评估优秀单位”。", []),
    ("人才入选某省“双创计划”。", [("双创计划", "Program", "双创计划")]),
    ("严格执行信息公开“三审”制度。", [("三审", "Program", "三审")]),
], ids=["principle-chain", "stance", "idea", "honour-chain", "column", "system", "stance-but-run", "bare",
        "spaced-columns", "topic-and-field", "brands", "brand-activity", "positioning-and-pattern", "titles-given",
        "selected-into-a-programme", "ordinary-word-run-as-a-system"])
def test_a_quote_is_judged_by_the_words_around_it(text, expected):
    assert [m for m in _mentions(text) if m[1] in ("Program", "DigitalPlatform", "Place")] == expected


def test_a_congress_session_and_a_report_title_are_no_entity_and_hide_their_places():
    got = _mentions("在宁波市第十五届人民代表大会第五次会议上审议《宁波市2024年度法治政府建设情况报告》。")
    assert got == []


@pytest.mark.parametrize("title, cls", [
    ("宁波市电动自行车管理规定", "Regulation"),
    ("宁波市科技创新券管理办法", "LocalPolicy"),
    ("宁波市镇海区科技项目管理办法", "LocalPolicy"),
    ("重庆市三峡库区危岩地灾应急救援办法", "Regulation"),      # 三峡 is a district elsewhere, not of 重庆
], ids=["city-rule", "voucher-scheme", "district", "another-citys-district-name"])
def test_a_city_s_own_rule_is_a_regulation_unless_a_department_s_scheme(title, cls):
    assert [m[1] for m in _mentions(f"参与《{title}》立法。") if m[0] == title] == [cls]
    if cls == "Regulation":
        assert [m[1] for m in _mentions(f"制定《{title}》。") if m[0] == title] == ["LocalPolicy"]


def test_relative_forms_of_the_issuer_s_department():
    meta = ReportMeta(title="t", issuer="宁波市镇海区市场监督管理局", year=2024, source="x.txt", place=())
    got = _mentions("区局获评先进，省局部署检查，总局现场推进。", meta)
    assert ("区局", "GovernmentBody", "宁波市镇海区市场监督管理局") in got
    assert ("省局", "GovernmentBody", "浙江省市场监督管理局") in got
    assert ("总局", "GovernmentBody", "国家市场监督管理总局") in got


# --- shapes met on real pages (measured on the real development set)

def test_a_document_number_holds_no_body():
    text = "根据《某某工作年度报告格式》(国办公开办函〔2021〕30号)要求编制本报告。"
    assert not [m for m in _mentions(text) if m[1] == "GovernmentBody"]


def test_a_national_document_in_title_marks_is_a_regulation():
    ms = _mentions("认真落实《国务院办公厅关于印发某某工作方案的通知》要求。")
    assert ("国务院办公厅关于印发某某工作方案的通知", "Regulation") in [(t, c) for t, c, _ in ms]


def test_a_bodys_party_group_is_one_mention_and_a_party_organisation_is_none():
    ms = _mentions("区科技局党组把法治建设列入年度计划，组织各级党组织书记讲党课。")
    assert [(t, c, k) for t, c, k in ms if c == "PartyBody"] == [("区科技局党组", "PartyBody", "中共某市某区科学技术局党组")]
    assert ("区科技局", "GovernmentBody", "某市某区科学技术局") not in ms


@pytest.mark.parametrize("verb", ["利用", "加强", "确保", "更新"])
def test_a_platform_name_does_not_start_with_a_verb(verb):
    assert not [t for t, c, _ in _mentions(f"{verb}政府信息公开平台发布信息。") if t.startswith(verb)]


def test_the_issuers_own_street_is_a_place_and_it_names_itself_in_several_ways():
    meta = ReportMeta(title="t", issuer="某市某区甲乙路街道办事处", year=2024, source="x.txt", place=("某市", "某区"))
    ms = _mentions("2024年，甲乙路街道坚持依法行政，甲乙路街道办事处全年办理事项120件。", meta)
    assert ("甲乙路街道", "Place", "甲乙路街道") in ms
    assert [t for t, c, _ in ms].count("甲乙路街道") == 1        # the body's name holds no second mention
    office = ReportMeta(title="t", issuer="某省应急管理厅", year=2024, source="x.txt", place=("某省",))
    assert ("我厅", "GovernmentBody", "某省应急管理厅") in _mentions("2024年，我厅坚持依法行政。", office)
    assert ("本机关", "GovernmentBody", "某省应急管理厅") in _mentions("本机关全年主动公开信息50条。", office)


def test_a_platform_named_only_by_channels_every_body_has_is_no_name_and_no_name_starts_with_a_bracket():
    ms = _mentions("通过门户网站平台、微信公众号平台和政府信息公开平台发布信息，召开党组理论学习中心组(扩大)会议。")
    assert not [t for t, c, _ in ms if c == "DigitalPlatform"]
    assert not [t for t, _, _ in ms if not t[:1].isalnum()]


def test_the_reports_own_place_before_a_common_noun_modifies_it():
    ms = _mentions("全年某区科技型企业新增8家，某区坚持创新驱动。")
    assert [(t, c) for t, c, _ in ms if c == "Place"] == [("某区", "Place")]


def test_a_party_secretary_and_a_plenary_session_hold_no_mention_of_the_committee():
    ms = _mentions("市委书记主持召开会议，传达市委十二届七次全会和区委十五届六次、七次全会精神，市委常委会研究部署。")
    # (市委常委会 that studies and deploys is the standing committee at its meeting: a session too, GUIDELINES.md)
    assert [t for t, c, _ in ms if c == "PartyBody"] == []


@pytest.mark.parametrize("text, program", [
    ("紧紧围绕“对党忠诚、服务人民、执法公正”总要求推进工作。", None),
    ("推行“一窗受理、集成服务”改革，提升效率。", "一窗受理、集成服务"),
    ("全面落实“双随机、一公开”监管要求。", "双随机、一公开"),
])
def test_a_quoted_list_of_phrases_is_a_motto_unless_something_runs_it(text, program):
    got = [t for t, c, _ in _mentions(text) if c == "Program"]
    assert got == ([program] if program else [])


@pytest.mark.parametrize("text, event", [
    ("举办“深入学习贯彻法治思想全面提升行政执法能力”专题培训班，组织干部参加。", "深入学习贯彻法治思想全面提升行政执法能力"),
    ("举办“学习贯彻法治思想暨强化执法能力建设专题培训班”培训。", "学习贯彻法治思想暨强化执法能力建设专题培训班"),
])
def test_a_quoted_meeting_name_is_an_event_and_its_kind_alone_is_none(text, event):
    ms = _mentions(text)
    assert [(t, c) for t, c, _ in ms] == [(event, "Event")]


def test_a_bureaus_internal_office_is_a_unit_of_the_bureau():
    meta = ReportMeta(title="t", issuer="甲市乙区科学技术局", year=2024, source="x.txt", place=("甲市", "乙区"))
    # the office of a leading group the bureau hosts stands for the bureau
    assert [(t, c) for t, c, _ in _mentions("如有疑问，请联系甲市乙区科学技术局政务公开工作领导小组办公室。", meta)
            if c == "GovernmentBody"] == [("甲市乙区科学技术局", "GovernmentBody")]
    # its own office or section is a body of its own, named after the bureau, wherever it is written
    text = "请联系甲市乙区科学技术局办公室。由局综合股牵头，综合股具体负责，办公室主任审核。"
    assert [(t, k) for t, c, k in _mentions(text, meta) if c == "GovernmentBody"] == [
        ("甲市乙区科学技术局办公室", "甲市乙区科学技术局办公室"), ("局综合股", "甲市乙区科学技术局综合股"),
        ("综合股", "甲市乙区科学技术局综合股")]
    ex = extract(Document("d", Path("x.txt"), text, meta))
    label = {e.key: e.label for e in ex.entities}
    assert sorted((label[r.subject], label[r.object]) for r in ex.relations if r.predicate == "subOrganizationOf") == [
        ("甲市乙区科学技术局办公室", "甲市乙区科学技术局"), ("甲市乙区科学技术局综合股", "甲市乙区科学技术局")]
    # an archive's office too (the office of a government is a body of its own, named so)
    meta = ReportMeta(title="t", issuer="甲市乙区档案馆", year=2024, source="x.txt", place=("甲市", "乙区"))
    assert [(t, c) for t, c, _ in _mentions("请与甲市乙区档案馆办公室联系。", meta) if c == "GovernmentBody"] == \
        [("甲市乙区档案馆办公室", "GovernmentBody")]


def test_a_bureaus_named_sections_and_a_committees_party_and_government_office_are_its_units():
    meta = ReportMeta(title="t", issuer="甲市乙区科学技术局", year=2024, source="x.txt", place=("甲市", "乙区"))
    text = "由局政策法规股审核,乙区科学技术局综合管理科负责公开。局团委组织青年干部学习。推进股份制改革。"
    assert [(t, c, k) for t, c, k in _mentions(text, meta)] == [
        ("局政策法规股", "GovernmentBody", "甲市乙区科学技术局政策法规股"),
        ("乙区科学技术局综合管理科", "GovernmentBody", "甲市乙区科学技术局综合管理科"),
        ("局团委", "PartyBody", "共青团甲市乙区科学技术局委员会")]
    ex = extract(Document("d", Path("x.txt"), text, meta))
    label = {e.key: e.label for e in ex.entities}
    assert sorted(label[r.subject] for r in ex.relations if r.predicate == "subOrganizationOf") == [
        "共青团甲市乙区科学技术局委员会", "甲市乙区科学技术局政策法规股", "甲市乙区科学技术局综合管理科"]
    # a zone committee's 党政办 is its 党政办公室
    assert ("甲乙高新区管委会党政办", "GovernmentBody", "甲乙高新技术产业开发区管理委员会党政办公室") in \
        _mentions("甲乙高新区管委会党政办负责。")


def test_a_township_names_itself_and_its_party_committee():
    meta = ReportMeta(title="t", issuer="某县甲乙乡人民政府", year=2024, source="x.txt", place=("某县",))
    ms = _mentions("2024年，我乡在乡党委的领导下推进法治建设。", meta)
    assert ("我乡", "GovernmentBody", "某县甲乙乡人民政府") in ms
    assert ("乡党委", "PartyBody", "中共某县甲乙乡委员会") in ms
    street = ReportMeta(title="t", issuer="某市某区丙丁街道办事处", year=2024, source="x.txt", place=("某市", "某区"))
    assert ("党工委", "PartyBody", "中共某市某区丙丁街道工作委员会") in _mentions("街道党工委书记带头，党工委定期研究法治工作。", street)


def test_a_year_or_a_verb_before_a_body_is_no_part_of_its_name():
    ms = _mentions("现公布2024年某市某区科学技术局政府信息公开工作年度报告如下。")
    assert [t for t, c, _ in ms if c == "GovernmentBody"] == ["某市某区科学技术局"]


def test_a_list_shares_a_head_only_with_the_name_that_closes_it():
    ms = _mentions("公开国库管理、会计管理、政策性融资担保基金管理等政策文件。")
    assert not [t for t, c, _ in ms if t in ("国库管理", "会计管理")]


@pytest.mark.parametrize("title, cls", [
    ("某市某区科学技术局政府信息公开指南", "InternalRule"),
    ("2024年度某区科学技术局学法计划", "InternalRule"),
    ("主要负责人法治建设职责清单", "InternalRule"),
    ("某市某区科学技术局关于推进科技创新的若干意见", "LocalPolicy"),
    ("某市2024年法治政府建设工作要点", "LocalPolicy"),
])
def test_the_issuers_own_documents_are_internal_rules(title, cls):
    assert (title, cls) in _titled(title)


def _titled(title: str, meta: ReportMeta = META) -> list[tuple[str, str]]:
    """(surface, class) of the mentions of a sentence that issues 《title》."""
    return [(t, c) for t, c, _ in _mentions(f"印发《{title}》。", meta)]


@pytest.mark.parametrize("title, cls", [
    ("领导干部应知应会党内法规和国家法律学习参考资料汇编", "InternalRule"),
    ("全省教育系统领导干部应知应会党内法规清单", "InternalRule"),
    ("全市科技创新券管理办法", "LocalPolicy"),
    ("2025年全市卫生健康法治建设工作要点", "LocalPolicy"),
])
def test_a_whole_jurisdictions_document_is_a_policy_unless_a_list_for_its_officials(title, cls):
    assert (title, cls) in _titled(title)


@pytest.mark.parametrize("title, cls", [
    ("2024年度某某县应急管理局学法计划", "InternalRule"),
    ("2024年某某县应急管理局普法责任清单", "InternalRule"),
    ("某某市市场监督管理局2024年法治政府建设工作要点", "LocalPolicy"),
])
def test_without_a_named_issuer_a_departments_own_work_plan_is_an_internal_rule(title, cls):
    meta = ReportMeta(title="t", issuer="未具名发布机构", year=2024, source="x.txt",
                      sources=(("issuer", "default"),))
    assert (title, cls) in _titled(title, meta)


@pytest.mark.parametrize("text, surface, cls, canonical", [
    ("印发《甲省突发事件应对条例(修订)》。", "甲省突发事件应对条例(修订)", "Regulation", "甲省突发事件应对条例"),
    ("相关报道刊登于《甲乙日报》。", "甲乙日报", "DigitalPlatform", "甲乙日报"),
    ("学习《中国共产党廉洁自律准则》和党章。", "党章", "Regulation", "中国共产党章程"),
    ("学习《中国共产党廉洁自律准则》和党章。", "中国共产党廉洁自律准则", "Regulation", "中国共产党廉洁自律准则"),
])
def test_titles_with_notes_newspapers_and_party_regulations(text, surface, cls, canonical):
    assert (surface, cls, canonical) in _mentions(text)


@pytest.mark.parametrize("text, place", [
    ("办公地址：厦门市思明区湖滨北路。", "厦门市思明区"),
    ("位于福州市仓山区盖山镇。", "福州市仓山区盖山镇"),
    ("联系地址：永嘉县东城街道某路。", "永嘉县东城街道"),
])
def test_places_written_one_after_another_are_one_place(text, place):
    assert [(t, c) for t, c, _ in _mentions(text)] == [(place, "Place")]


def test_a_place_chain_before_a_body_stays_the_bodys():
    assert [c for _, c, _ in _mentions("甲县乙镇人民政府召开会议。")] == ["GovernmentBody"]


@pytest.mark.parametrize("written, full", [("省应急管理厅", "浙江省应急管理厅"), ("省退役军人事务厅", "浙江省退役军人事务厅"),
                                           ("省体育局", "浙江省体育局")])
def test_a_ministrys_local_counterpart_resolves_without_a_row_of_its_own(written, full):
    """departments.tsv lists neither: kg.departments derives them from central.tsv's ministries."""
    meta = ReportMeta(title="t", issuer="浙江省市场监督管理局", year=2024, source="x.txt", place=("浙江省",))
    assert (written, "GovernmentBody", full) in _mentions(f"会同{written}开展联合检查。", meta)


def _relations(text: str) -> set[tuple[str, str, str]]:
    ex = extract(Document("d", Path("x.txt"), text, META))
    label = {e.key: e.label for e in ex.entities}
    return {(label[r.subject], r.predicate, label[r.object]) for r in ex.relations if r.predicate != "locatedIn"}


@pytest.mark.parametrize("text, rel", [
    ("严格执行网站信息公开“三审三校”制度，及时发布信息。", ("某市某区科学技术局", "implemented", "三审三校")),
    ("推进决策、执行、管理、服务、结果“五公开”，保障知情权。", ("某市某区科学技术局", "promoted", "五公开")),
    ("推进决策、执行、管理、服务、结果“五公开”及预公开制度，保障知情权。", ("某市某区科学技术局", "promoted", "五公开")),
    ("制定并下发了《2024年某区科学技术局学法计划》，明确分工。", ("某市某区科学技术局", "promoted", "2024年某区科学技术局学法计划")),
    ("认真落实法治建设“甲乙丙丁”，推进工作。", ("某市某区科学技术局", "implemented", "甲乙丙丁")),
    ("认真落实法治建设“一清单两机制”工作机制，推进工作。", ("某市某区科学技术局", "implemented", "一清单两机制")),
], ids=["modifier-then-head", "noun-list", "coordinated", "coordinated-verbs", "topic-before-quote",
        "short-phrase-ending-in-a-head"])
def test_words_that_only_modify_the_object_stand_between_verb_and_object(text, rel):
    assert rel in _relations(text)


@pytest.mark.parametrize("text, rel", [
    ("对拟公开信息实行“三级核验”，确保准确。", ("某市某区科学技术局", "implemented", "三级核验")),
    ("制发《某区2024年度科技工作安排》，明确任务。", ("某市某区科学技术局", "promoted", "某区2024年度科技工作安排")),
], ids=["put-in-force", "drawn-up-and-issued"])
def test_verbs_of_putting_in_force_and_issuing(text, rel):
    assert rel in _relations(text)


@pytest.mark.parametrize("text, second", [
    ("全面落实省委“2468”具体部署和市委“3579”思路举措，推动发展。", "3579"),
    ("紧紧围绕省委“2468”具体部署和市委“甲乙丙”工作安排，推动发展。", "甲乙丙"),
], ids=["implements", "follows"])
def test_a_second_object_with_its_own_head_after_and_shares_the_verb(text, second):
    rels = _relations(text)
    assert ("某市某区科学技术局", "implemented", "2468") in rels
    assert ("某市某区科学技术局", "implemented", second) in rels


@pytest.mark.parametrize("text, name", [
    ("推荐4家企业申报“某某特派员”试点，服务企业。", "某某特派员"),     # a counted noun in between: its own object
    ("为建设中国式现代化“某某城”样板提供保障。", "某某城"),             # the name modifies 样板, not the object
    ("与党中央“某某计划”精神结合。", "某某计划"),                        # partners stay strict
])
def test_a_name_after_other_words_is_no_object_when_something_else_is(text, name):
    assert not [r for r in _relations(text) if r[2] == name]


def test_a_deputys_or_members_seat_is_no_mention_of_the_body():
    got = _mentions("认真办理人大代表建议12件、政协委员提案8件。主动接受人大依法监督、政协民主监督。")
    assert [(t, c) for t, c, _ in got] == [("人大", "LegislativeBody"), ("政协", "ConsultativeBody")]


def test_titles_listed_as_media_are_channels_and_a_rank_given_in_quotes_is_no_name():
    got = _mentions("相关做法被《甲乙林业》《丙丁时报》等权威媒体报道。将森林防火作为“头等大事”,印发方案。")
    assert [(t, c) for t, c, _ in got] == [("甲乙林业", "DigitalPlatform"), ("丙丁时报", "DigitalPlatform")]


def test_an_events_name_runs_from_the_verb_that_holds_it():
    """举办X培训班: the whole X, verbs of its own (学习宣传贯彻) included; 参加 brings in another's event."""
    got = _mentions("举办全区甲乙部门学习宣传贯彻党的二十届三中全会精神培训班。组织干部参加全市甲乙业务培训班。")
    assert [t for t, c, _ in got if c == "Event"] == ["全区甲乙部门学习宣传贯彻党的二十届三中全会精神培训班",
                                                     "全市甲乙业务培训班"]


def test_a_bare_kind_of_document_is_a_name_only_when_it_refers_back():
    """落实《指南》要求 names no document; 《条例》 after 《某某条例》 (or defined) is that regulation."""
    assert not _mentions("认真落实《指南》要求,严格信息公开。")
    got = _mentions("按照《中华人民共和国政府信息公开条例》要求。认真贯彻落实《条例》。")
    assert ("条例", "Regulation", "中华人民共和国政府信息公开条例") in got


def test_parts_of_a_report_and_verbs_of_paying_and_collecting_make_no_names():
    assert not _mentions("本报告包括“总体情况”“其他需要报告的事项”六个部分。汇总政务信息公开平台数据编制本报告。")
    assert [t for t, _, _ in _mentions("支付大病基金3812.9万元。")] == ["大病基金"]


def test_a_regional_party_committees_plenum_is_no_mention():
    assert not _mentions("坚持与自治区党委十届六次全会精神同部署,落实地委四届九次全会精神。")


def test_a_vertical_systems_local_office_named_without_its_national_body_is_the_issuer():
    meta = ReportMeta(title="t", issuer="国家税务总局某市某区税务局", year=2024, source="x.txt", place=("某市", "某区"))
    assert ("某区税务局", "GovernmentBody", "国家税务总局某市某区税务局") in _mentions("某区税务局全年主动公开信息120条。", meta)


@pytest.mark.parametrize("text, names", [
    ("甲乙科学城项目荣获2024全球智慧城市大会奖项。", ["甲乙科学城", "2024全球智慧城市大会"]),
    ("甲乙孵化器第六次获评国家级科技企业孵化器。", ["甲乙孵化器", "国家级科技企业孵化器"]),
    ("揭牌运营甲乙未来城市研究院。", ["甲乙未来城市研究院"]),
    ("推动科研成果落地甲乙大学。", ["甲乙大学"]),
    ("甲乙区亮相第三届全球数字贸易博览会。", ["第三届全球数字贸易博览会"]),
    ("成功招引甲乙科技公司。", ["甲乙科技公司"]),
], ids=["won", "rated", "opened", "landed", "appeared", "attracted"])
def test_verbs_of_winning_opening_and_landing_end_a_name(text, names):
    assert [t for t, _, _ in _mentions(text)] == names


def test_a_category_after_deng_is_read_only_within_the_clause():
    """甲乙孵化器通过评价并获评优秀等次，丙丁众创空间…: 等次 ends the clause; 优秀 is no 众创空间."""
    got = _mentions("甲乙孵化器通过市科技局绩效评价并获评优秀等次，丙丁众创空间全年新孵化企业47家。")
    assert not [t for t, _, _ in got if t == "优秀"]


def test_a_places_disclosure_group_office_stands_for_its_government_and_a_room_is_no_body():
    got = _mentions("由甲乙旗政务公开领导小组办公室编制。地址:甲乙数据管理局四楼407办公室。")
    assert ("甲乙旗政务公开领导小组办公室", "GovernmentBody", "甲乙旗人民政府") in got
    assert not [t for t, _, _ in got if "407" in t]


def test_a_committee_for_ruling_by_law_is_a_party_body():
    assert ("全面依法治区委员会", "PartyBody", "全面依法治区委员会") in _mentions("全面依法治区委员会办公室负责督察。")


@pytest.mark.parametrize("text", [
    "入选某市行政执法“十大案例”和“提名案例”。",
    "严格履行“推进法治建设第一责任人”的根本职责。",
    "紧紧围绕“民生为本”的工作主线。",
    "以建设“法治某某”为目标。",
], ids=["cases", "duty", "main-line", "goal"])
def test_quotes_the_text_calls_cases_duties_lines_or_goals_are_no_programmes(text):
    assert not _mentions(text)
    assert ("双随机、一公开", "Program", "双随机、一公开") in _mentions("推行“双随机、一公开”监管。")


@pytest.mark.parametrize("text, names", [
    ("成功入围全国第一批某某试点。", ["全国第一批某某试点"]),
    ("全方面建强甲乙信息平台。", ["甲乙信息平台"]),
    ("我区甲乙科技孵化器获批。", ["甲乙科技孵化器"]),
    ("受理甲乙热线来电。", ["甲乙热线"]),
], ids=["shortlisted", "strengthened", "our-district", "handled"])
def test_more_verbs_and_self_words_end_a_name(text, names):
    assert [t for t, _, _ in _mentions(text)] == names


def test_a_leaders_discourses_a_grade_and_a_news_programme():
    """《…的重要论述》 is a book studied (no entity); “A等” a grade; 《某某新闻》 a channel."""
    assert not _mentions("学习《习近平关于某某工作的重要论述》。评分进入全市“A等”行列。")
    assert [(t, c) for t, c, _ in _mentions("甲乙电视台《甲乙新闻》报道了这一做法。")] == [("甲乙新闻", "DigitalPlatform")]


def test_a_list_after_jiehe_does_not_start_with_it():
    """结合X、Y等契机: 结合 (taking the chance of) is a verb, no part of the first member's name."""
    got = _mentions("结合甲乙下乡、丙丁嘉年华等契机,开展宣传。")
    assert got and not [t for t, _, _ in got if t.startswith("结合")]


def test_a_zone_named_with_and_without_its_citys_short_form_is_one_entity():
    text = "北京甲乙高新区2024年法治建设成效明显。甲乙高新区管委会推进依法行政,甲乙高新区营商环境持续优化。"
    ex = extract(Document("d", Path("x.txt"), text, META))
    assert sorted((e.label, e.cls, len(e.mentions)) for e in ex.entities if e.cls in ("Park", "GovernmentBody")
                  and "甲乙" in e.label) == [("北京甲乙高新技术产业开发区", "Park", 2),
                                           ("北京甲乙高新技术产业开发区管理委员会", "GovernmentBody", 1)]


@pytest.mark.parametrize("short, full", [("文旅体局", "文化旅游体育局"), ("工信商务局", "工业信息化和商务局"),
                                         ("文体旅局", "文化体育和旅游局")])
def test_a_merged_departments_short_form_is_its_full_name(short, full):
    meta = ReportMeta(title="t", issuer=f"某市某区{full}", year=2024, source="x.txt", place=("某市", "某区"))
    assert (f"区{short}", "GovernmentBody", f"某市某区{full}") in _mentions(f"区{short}开展普法宣传。", meta)


def test_a_verb_after_guanyu_belongs_to_a_documents_title():
    """某办公室关于印发《X》: 印发 is part of a notice's title, not the issuer's act; 贯彻落实 is."""
    rels = _relations("贯彻落实《某某条例》及某某办公室关于印发《某某报告格式》文件要求,编制本报告。")
    assert ("某市某区科学技术局", "implemented", "某某条例") in rels
    assert not [r for r in rels if r[1] == "promoted"]


@pytest.mark.parametrize("text", [
    "根据国办公开办《关于政府信息公开工作年度报告有关事项的通知》要求编制。",
    "根据《关于政府信息公开工作年度报告有关事项的通知》(国办公开办函〔2019〕60号)要求编制。",
], ids=["issuer-before", "document-number-after"])
def test_a_central_bodys_notice_is_national_and_named_with_its_issuer(text):
    full = "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知"
    assert ("关于政府信息公开工作年度报告有关事项的通知", "Regulation", full) in _mentions(text)


def test_a_local_notice_keeps_its_title():
    assert ("关于做好年度报告工作的通知", "LocalPolicy", "关于做好年度报告工作的通知") in \
        _mentions("根据《关于做好年度报告工作的通知》(某科发〔2024〕3号)要求。")


def test_passing_a_bodys_check_is_acceptance_and_going_through_its_website_is_not():
    assert ("甲乙众创空间", "acceptedBy", "某市科学技术局") in _relations("甲乙众创空间通过市科技局年度绩效评价。")
    assert not [r for r in _relations("通过区政府门户网站发布信息120条。通过局党组会议研究决定。")
                if r[1] == "acceptedBy"]


@pytest.mark.parametrize("text, rel", [
    ("结合《某某建设实施纲要》，制定年度计划。", ("某市某区科学技术局", "implemented", "某某建设实施纲要")),
    ("坚持“第一议题”制度，深入学习。", ("某市某区科学技术局", "implemented", "第一议题")),
    ("认真对照《某某政府信息公开工作规范》做好公开。", ("某市某区科学技术局", "implemented", "某某政府信息公开工作规范")),
    ("对标对表《某某工作要点》各项要求，明确任务。", ("某市某区科学技术局", "implemented", "某某工作要点")),
])
def test_working_to_a_document_or_holding_to_a_practice_implements_it(text, rel):
    assert rel in _relations(text)


def test_a_governments_bare_department_is_its_own_and_a_prefectures_bureau_names_itself():
    gov = ReportMeta(title="t", issuer="甲市乙区人民政府", year=2024, source="x.txt", place=("甲市", "乙区"))
    assert ("司法局", "GovernmentBody", "甲市乙区司法局") in _mentions("深入区法院、司法局等部门调研。", gov)
    pref = ReportMeta(title="t", issuer="自治州科学技术局", year=2024, source="x.txt")
    assert ("自治州科技局", "GovernmentBody", "自治州科学技术局") in _mentions("本报告由自治州科技局编制。", pref)
    assert "州科技局" not in [m[0] for m in _mentions("杭州科技局开展检查。", pref)]    # 杭州 is no prefecture


def test_in_a_list_of_activities_only_named_ones_are_events():
    got = _mentions("组织党组会会前学法、理论学习中心组学法等活动5次。举办某市科技活动周、首届甲乙论坛等活动10余次。")
    assert [(t, c) for t, c, _ in got if c == "Event"] == [("某市科技活动周", "Event"), ("首届甲乙论坛", "Event")]


@pytest.mark.parametrize("text, expected", [
    ("坚持“高站位”“抓关键”，做好“后半篇”文章。", []),
    ("深化“放管服”改革。", [("放管服", "Program")]),
    ("回复“市长留言板”来信12件。", [("市长留言板", "DigitalPlatform")]),
    ("办理“12345”转办件8件。", [("12345", "DigitalPlatform")]),
    ("通过微信公众号“甲乙科技”发布信息。", [("甲乙科技", "DigitalPlatform")]),
    ("利用“3.12植树节”开展宣传。", [("3.12植树节", "Event")]),
    ("组织参加“某某执法与刑事司法培训”。", [("某某执法与刑事司法培训", "Event")]),
    ("推进区“营商环境7.0行动方案”涉及的任务。", [("营商环境7.0行动方案", "LocalPolicy")]),
    ("落实“周学习、月培训”制度。", [("周学习、月培训", "Program")]),
    ("锚定“在甲乙看见创新”的战略目标。", []),
    ("社会治安呈现“两降两升”良好态势。", []),
    ("履行“第一责任人”职责。", []),
    ("开设“甲乙指南”、“丙丁制度”等栏目。", []),
    ("报告可在“中国·甲乙”政府门户网站查阅。", [("中国·甲乙", "DigitalPlatform")]),
    ("更新“政府信息公开指南”，完善“指南”内容。", [("政府信息公开指南", "InternalRule"), ("指南", "InternalRule")]),
    ("集成“甲乙办”“丙丁通”等办事小程序。", [("甲乙办", "DigitalPlatform"), ("丙丁通", "DigitalPlatform")]),
], ids=["motto-phrases", "three-verbs", "message-board", "hotline", "account", "festival", "training", "plan", "listed",
        "goal", "state", "duty", "columns", "portal", "guide", "apps"])
def test_a_quote_is_classed_by_its_shape_its_end_and_the_account_before_it(text, expected):
    assert [(t, c) for t, c, _ in _mentions(text) if c not in ("Place", "GovernmentBody", "PartyBody")] == expected


def test_a_places_government_information_the_departments_own_forms_and_a_central_document():
    meta = ReportMeta(title="t", issuer="某市某区林业局", year=2024, source="x.txt", place=("某市", "某区"))
    got = _mentions("按照沙坪坝区政府信息公开工作要求，本部门参加省林草局培训，配合依法治区办检查。"
                    "根据中共中央办公厅、国务院办公厅印发《甲乙督察工作规定》有关要求。", meta)
    assert ("沙坪坝区", "Place", "沙坪坝区") in got and not [g for g in got if g[0].endswith("政府")]
    assert ("本部门", "GovernmentBody", "某市某区林业局") in got
    prov = ReportMeta(title="t", issuer="甲省林业局", year=2024, source="x.txt", place=("甲省",))
    assert ("省林草局", "GovernmentBody", "甲省林业和草原局") in _mentions("参加省林草局培训。", prov)
    assert ("依法治区办", "PartyBody", "中共某市某区委全面依法治区委员会办公室") in got
    assert ("甲乙督察工作规定", "Regulation", "甲乙督察工作规定") in got


def test_tiers_of_growing_firms_are_no_names_and_putting_a_mechanism_in_place_implements_it():
    assert [m for m in _mentions("培育雏鹰、瞪羚、种子独角兽等高成长企业305户。") if m[1] == "Enterprise"] == []
    assert ("某市某区科学技术局", "implemented", "双随机、一公开") in _relations("全面推行“双随机、一公开”监管。")


def test_following_a_campaign_implements_it_but_not_a_law_a_drive_is_about():
    assert ("某市某区科学技术局", "implemented", "1310") in _relations("紧密围绕省委“1310”具体部署，扎实推进工作。")
    assert not [r for r in _relations("围绕《中华人民共和国中小企业促进法》等法律法规，深入企业开展宣传。")
                if r[1] == "implemented"]


@pytest.mark.parametrize("title, cls", [
    ("关于新形势下党内政治生活的若干准则", "Regulation"),
    ("2024年党组中心组学习计划", "InternalRule"),
    ("2024年度某区科技局普法责任清单", "InternalRule"),
])
def test_party_codes_study_plans_and_lists_under_the_issuers_short_name(title, cls):
    assert (title, cls) in _titled(title)


@pytest.mark.parametrize("text", ["学习习近平总书记关于“三农”工作的重要论述。", "成功创建“平安农机”示范市。"])
def test_a_standing_policy_term_and_a_model_title_are_no_entities(text):
    assert [m for m in _mentions(text) if m[1] == "Program"] == []


def test_a_bodys_party_committees_after_its_name_are_named_as_committees():
    meta = ReportMeta(title="t", issuer="某市数据局", year=2024, source="x.txt", place=("某市",))
    found = _mentions("成立市数据局机关党委，选举产生机关纪委。市公安局党委研究部署。", meta)
    assert ("市数据局机关党委", "PartyBody", "中共某市数据局机关委员会") in found
    assert ("机关纪委", "PartyBody", "中共某市数据局机关纪律检查委员会") in found
    assert ("市公安局党委", "PartyBody", "中共某市公安局委员会") in found


def test_a_central_public_institutions_local_bureau_is_a_department():
    # 气象局 is known only as the local counterpart of a central bureau of central.tsv (中国…局)
    meta = ReportMeta(title="t", issuer="某市某县气象局", year=2024, source="x.txt", place=("某市", "某县"))
    assert ("市气象局", "GovernmentBody", "某市气象局") in _mentions("配合市气象局开展检查。", meta)


def test_a_governments_website_is_one_platform_mention():
    meta = ReportMeta(title="t", issuer="某市某县水利局", year=2024, source="x.txt", place=("某市", "某县"))
    found = _mentions("通过县人民政府门户网站、县政府网站主动公开信息，在县政府网上公示。", meta)
    assert ("县人民政府门户网站", "DigitalPlatform", "某市某县人民政府门户网站") in found
    assert ("县政府网站", "DigitalPlatform", "某市某县人民政府网站") in found
    assert ("县政府", "GovernmentBody", "某市某县人民政府") in found        # 网上: online, not a site
    assert not any(t == "县人民政府" for t, _, _ in found)
    # a 门户网 is a site too; the bureau's own site by its bare department name is named in full
    found = _mentions("在县人民政府门户网公开，在水利局门户网站公开。", meta)
    assert ("县人民政府门户网", "DigitalPlatform", "某市某县人民政府门户网") in found
    assert ("水利局门户网站", "DigitalPlatform", "某市某县水利局门户网站") in found


def test_the_issuers_full_name_written_once_is_one_mention():
    meta = ReportMeta(title="t", issuer="某市某县气象局", year=2024, source="x.txt", place=("某市", "某县"))
    ex = extract(Document("d", Path("x.txt"), "某县气象局召开会议。", meta))
    spans = [m.span for e in ex.entities if e.label == "某市某县气象局" for m in e.mentions]
    assert len(spans) == len(set(spans)) >= 1


@pytest.mark.parametrize("text", ["召开全体干部职工大会，传达会议精神。", "召开党员大会选举产生新一届支部委员会。",
                                  "召开警示教育大会。"])
def test_a_meeting_named_only_by_who_attends_or_what_for_is_no_event(text):
    assert not [t for t, cls, _ in _mentions(text) if cls == "Event"]


@pytest.mark.parametrize("text", ["依托政务公开平台、新媒体平台发布信息。", "组织干部在学习平台参加考试。",
                                  "案件全部录入行政执法平台。"])
def test_a_platform_named_only_by_what_every_body_does_is_no_name(text):
    assert not [t for t, cls, _ in _mentions(text) if cls == "DigitalPlatform"]


@pytest.mark.parametrize("text", ["编制主动公开事项目录，细化公开内容。", "完成土地征收项目19宗。",
                                  "公开收费项目及标准。"])
def test_a_list_of_matters_or_an_activitys_items_are_no_project(text):
    assert not [t for t, cls, _ in _mentions(text) if cls == "Project"]


def test_the_issuers_own_name_is_a_mention_even_where_no_lexicon_gives_it():
    meta = ReportMeta(title="t", issuer="某市某区丙丁街道办事处", year=2024, source="x.txt", place=("某市", "某区"),
                      sources=(("issuer", "title-line"),))
    assert ("丙丁街道办事处", "GovernmentBody", "某市某区丙丁街道办事处") in _mentions("2024年，丙丁街道办事处坚持依法行政。", meta)


def test_a_street_office_names_itself_and_its_working_committee_short():
    meta = ReportMeta(title="t", issuer="某市某区丙丁街道办事处", year=2024, source="x.txt", place=("某市", "某区"),
                      sources=(("issuer", "title-line"),))
    got = _mentions("街道工委、办事处坚持党建引领，优化营商环境。", meta)
    assert ("街道工委", "PartyBody", "中共某市某区丙丁街道工作委员会") in got
    assert ("办事处", "GovernmentBody", "某市某区丙丁街道办事处") in got
    assert not [m for m in _mentions("办事处工作人员到岗。") if m[0] == "办事处"]     # not in a bureau's report


def test_a_zones_report_names_its_working_committee_and_itself_short():
    meta = ReportMeta(title="t", issuer="某市甲乙高新技术产业开发区管理委员会", year=2024, source="x.txt", place=("某市",))
    got = _mentions("高新区管委会在高新区党工委的领导下推进工作，党工委专题研究法治建设。", meta)
    zone = "某市甲乙高新技术产业开发区"
    assert ("高新区管委会", "GovernmentBody", zone + "管理委员会") in got
    assert ("高新区党工委", "PartyBody", f"中共{zone}工作委员会") in got and ("党工委", "PartyBody", f"中共{zone}工作委员会") in got


def test_a_short_name_the_report_defines_is_that_name_wherever_it_is_written():
    meta = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
    got = _mentions("某市甲乙新区管委会办公室（以下简称管委会办公室）负责编制。管委会办公室主动公开信息。", meta)
    bodies = [(t, canon) for t, c, canon in got if c == "GovernmentBody"]
    assert [t for t, _ in bodies] == ["甲乙新区管委会办公室", "管委会办公室", "管委会办公室"]    # not 简称管委会办公室
    assert len({canon for _, canon in bodies}) == 1
    # (简称为: the 为 is no part of the short name)
    got = _mentions("某市某区科学技术和工业信息化局(以下简称为区科工信局)编制本报告。", meta)
    assert [t for t, c, _ in got if c == "GovernmentBody"][-1] == "区科工信局"


def test_no_lexicon_file_holds_a_row_twice():
    for path in sorted((Path(__file__).resolve().parents[1] / "data" / "lexicon").glob("*.tsv")):
        rows = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        twice = sorted({r for r in rows if rows.count(r) > 1})
        assert not twice, f"{path.name}: {twice}"


def test_the_issuers_name_after_its_level_word_is_one_mention():
    meta = ReportMeta(title="t", issuer="某市甲乙广电旅游局", year=2024, source="x.txt", place=("某市",),
                      sources=(("issuer", "first-sentence"),))
    assert ("市甲乙广电旅游局", "GovernmentBody", "某市甲乙广电旅游局") in _mentions("市甲乙广电旅游局在市委领导下推进工作。", meta)


@pytest.mark.parametrize("text", ["在2023年度平安浙江建设考评中获得优秀等次。", "全方位推进法治宁波建设。"])
def test_a_campaign_named_after_a_place_names_no_place(text):
    assert not [t for t, cls, _ in _mentions(text) if cls == "Place"]


def test_a_quoted_body_name_before_website_is_the_bodys_site():
    meta = ReportMeta(title="t", issuer="某市财政局", year=2024, source="x.txt", place=("某市",),
                      sources=(("issuer", "title-line"),))
    found = _mentions("我局通过“某市财政局”网站发布信息。", meta)
    assert ("某市财政局", "DigitalPlatform", "某市财政局网站") in found


def test_a_bureau_after_an_autonomous_regions_full_name_is_one_mention():
    """某某自治区 + 自治区林业和草原局 share the level word, as 某省 + 省委 share 省: one mention, the
    region's bureau; another region's bureau written in full keeps its own region."""
    meta = ReportMeta(title="t", issuer="甲市林业局", year=2024, source="x.txt", place=("内蒙古自治区", "甲市"))
    got = _mentions("在内蒙古自治区林业和草原局的指导下，宁夏回族自治区林业和草原局来调研。", meta)
    assert [(t, c, k) for t, c, k in got if c == "GovernmentBody"] == [
        ("内蒙古自治区林业和草原局", "GovernmentBody", "内蒙古自治区林业和草原局"),
        ("宁夏回族自治区林业和草原局", "GovernmentBody", "宁夏回族自治区林业和草原局")]


def test_a_governments_general_office_written_in_full_is_one_mention():
    meta = ReportMeta(title="t", issuer="甲市乙区人民政府", year=2024, source="x.txt", place=("甲市", "乙区"))
    got = _mentions("由区政府办公室具体负责，区政府办统筹。", meta)
    assert [(t, k) for t, c, k in got if c == "GovernmentBody"] == [
        ("区政府办公室", "甲市乙区人民政府办公室"), ("区政府办", "甲市乙区人民政府办公室")]


def test_the_issuer_names_itself_by_its_head_word():
    """我办 in an office's report, 我厅 in a department's, 我院 in a court's: the issuer; 我厅 in a
    bureau's report is no name (the issuer's name does not end so)."""
    for issuer, text, word in (("甲市乙区信访办公室", "我办全年受理信访事项。", "我办"), ("甲省教育厅", "我厅认真落实。", "我厅"),
                               ("甲市中级人民法院", "我院审结案件。", "我院"), ("甲市残疾人联合会", "我会认真落实。", "我会")):
        meta = ReportMeta(title="t", issuer=issuer, year=2024, source="x.txt", place=("甲市",))
        assert (word, "GovernmentBody", issuer) in _mentions(text, meta)
    meta = ReportMeta(title="t", issuer="甲市科学技术局", year=2024, source="x.txt", place=("甲市",))
    assert not [t for t, _, _ in _mentions("我厅认真落实。", meta)]


def test_the_disclosure_reports_short_title_is_the_disclosure_regulation():
    """The annual disclosure report cites 《条例》 without defining it: the disclosure regulation
    (laws.tsv, a row that needs the words 政府信息公开); elsewhere 《条例》 stays as written."""
    got = _mentions("2024年，我局认真贯彻执行《条例》要求，做好政府信息公开工作。")
    assert ("条例", "Regulation", "中华人民共和国政府信息公开条例") in got
    got = _mentions("2024年，我局认真贯彻执行《条例》要求，做好普法工作。")
    assert not [k for t, _, k in got if k == "中华人民共和国政府信息公开条例"]


def test_an_observance_days_date_code_and_count_are_no_part_of_its_name():
    """3·15消费者权益日: one mention as written, labelled without its date code; 第十个国家宪法日: the
    count is no part of the mention."""
    ex = extract(Document("d", Path("x.txt"), "开展3·15消费者权益日、第十个国家宪法日宣传活动。", META))
    events = {m.text: m.canonical for m in ex.mentions if m.cls == "Event"}
    assert events == {"3·15消费者权益日": "消费者权益日", "国家宪法日": "国家宪法日"}


@pytest.mark.parametrize("written, full", [
    ("区信访办", "甲市乙区信访办公室"), ("区国防动员办", "甲市乙区国防动员办公室"), ("区人防办", "甲市乙区人民防空办公室"),
    ("区机关事务局", "甲市乙区机关事务管理局"),
])
def test_offices_of_petitions_mobilisation_and_general_affairs_are_departments(written, full):
    meta = ReportMeta(title="t", issuer="甲市乙区人民政府", year=2024, source="x.txt", place=("甲市", "乙区"))
    assert (written, "GovernmentBody", full) in _mentions(f"会同{written}开展工作。", meta)


def test_a_governments_own_plan_names_the_government_not_just_its_place():
    """2024年度某县政府学法计划 is the government's own work (InternalRule); 某县…管理办法 is a policy
    of the county (LocalPolicy), though both start with the county's name."""
    from kg.extract.marks import classify_title
    lex = load_lexicon()
    meta = ReportMeta(title="t", issuer="甲县人民政府", year=2024, source="x.txt", place=("甲县",))
    assert classify_title("2024年度甲县政府学法计划", lex, meta)[0] == "InternalRule"
    assert classify_title("甲县行政规范性文件管理办法", lex, meta)[0] == "LocalPolicy"
    meta = ReportMeta(title="t", issuer="甲县乙镇人民政府", year=2024, source="x.txt", place=("甲县",))
    assert classify_title("乙镇人民政府行政执法“三项制度”工作方案", lex, meta)[0] == "InternalRule"


def test_a_townships_party_committee_written_with_the_townships_name_is_one_mention():
    meta = ReportMeta(title="t", issuer="甲市乙丙镇人民政府", year=2024, source="x.txt", place=("甲市",))
    got = [(t, c) for t, c, _ in _mentions("在乙丙镇党委的领导下，镇党委高度重视。", meta) if c == "PartyBody"]
    assert got == [("乙丙镇党委", "PartyBody"), ("镇党委", "PartyBody")]


def test_a_townships_own_offices_take_its_name():
    meta = ReportMeta(title="t", issuer="甲市乙区丙街道办事处", year=2024, source="x.txt", place=("甲市", "乙区"))
    got = {(t, k) for t, c, k in _mentions("街道司法所、综治中心和街道党政办联合开展普法。", meta) if c == "GovernmentBody"}
    assert got == {("街道司法所", "甲市乙区丙街道司法所"), ("综治中心", "甲市乙区丙街道综治中心"),
                   ("街道党政办", "甲市乙区丙街道党政办公室")}
    meta = ReportMeta(title="t", issuer="甲市乙区司法局", year=2024, source="x.txt", place=("甲市", "乙区"))
    assert not [t for t, c, _ in _mentions("司法所全年调解纠纷12件。", meta) if t == "司法所"]   # a district's: many


@pytest.mark.parametrize("text", ["完成“甲乙、丙丁”检查任务8项。", "开展了“甲乙、丙丁”抽查。", "深化“甲乙、丙丁”联合监管。"])
def test_a_listed_formula_that_something_inspects_by_is_a_program(text):
    assert ("甲乙、丙丁", "Program") in [(t, c) for t, c, _ in _mentions(text)]


def test_an_autonomous_regions_government_and_quoted_report_sections():
    meta = ReportMeta(title="t", issuer="甲乙自治区住房和城乡建设厅", year=2024, source="x.txt", place=("甲乙自治区",))
    got = _mentions("通过自治区人民政府门户网站发布信息，自治区政府高度重视。", meta)
    assert ("自治区政府", "GovernmentBody", "甲乙自治区人民政府") in got
    assert ("自治区人民政府门户网站", "DigitalPlatform", "甲乙自治区人民政府门户网站") in got
    # the format's sections named in quotes are parts of the report, not programs
    got = _mentions("全文包括“总体情况”“主动公开政府信息情况”“存在的主要问题及改进情况”等部分。")
    assert not [t for t, c, _ in got if c == "Program"]


def test_a_bare_department_in_a_governments_report_is_its_department():
    """对教育局等6单位 in the report of 乙区人民政府 (its place chain starting at the province): the
    district's 教育局, after a preposition too."""
    meta = ReportMeta(title="t", issuer="甲市乙区人民政府", year=2024, source="x.txt", place=("丙省", "甲市", "乙区"))
    assert ("教育局", "GovernmentBody", "甲市乙区教育局") in _mentions("依托巡察对教育局等6单位开展监督。", meta)


def test_the_common_channels_listed_are_no_platforms_of_the_body():
    got = _mentions("依托政务网站、微信微博抖音等平台发布信息，通过门户网站、微信、微博等渠道公开。")
    assert not [t for t, c, _ in got if c == "DigitalPlatform" and t in ("微信", "微博", "微信微博抖音")]


def test_a_places_public_hospitals_and_disease_control_centre():
    meta = ReportMeta(title="t", issuer="甲县卫生健康局", year=2024, source="x.txt", place=("甲县",))
    got = {(t, k) for t, c, k in _mentions("县人民医院、县中医院和县疾控中心联合开展义诊。", meta) if c == "GovernmentBody"}
    assert got == {("县人民医院", "甲县人民医院"), ("县中医院", "甲县中医院"), ("县疾控中心", "甲县疾病预防控制中心")}


def test_a_place_that_starts_inside_a_word_is_not_absorbed_into_a_body():
    """完成县政府交办: 成县 is a county, but 成 ends the verb 完成; the body is the county's own
    government, written 县政府 (a place before a body starts a word: 甲省+省委 is one mention)."""
    gov = ReportMeta(title="t", issuer="甲市丙县人民政府", year=2024, source="x.txt", place=("甲市", "丙县"))
    got = _mentions("全年共完成县政府交办的合法性审查12件。", gov)   # (县政府常务会 is a session)
    assert [m for m in got if m[1] == "GovernmentBody"] == [("县政府", "GovernmentBody", "甲市丙县人民政府")]
    assert ("云南省委", "PartyBody", "中共云南省委员会") in _mentions("深入学习云南省委全会精神。", gov)


@pytest.mark.parametrize("text, site", [
    ("本报告通过睢宁县水利局网站公开。", ("睢宁县水利局网站", "DigitalPlatform", "睢宁县水利局网站")),
    ("可从浙江省文化和旅游厅官方网站下载。", ("浙江省文化和旅游厅官方网站", "DigitalPlatform", "浙江省文化和旅游厅官方网站")),
    ("通过区科技局门户网站主动公开信息20条。", ("区科技局门户网站", "DigitalPlatform", "某市某区科学技术局门户网站")),
])
def test_a_bodys_website_is_one_platform_mention(text, site):
    """GUIDELINES.md: a body's site, like a government's, is one mention of the whole words; a body
    named by its level only is written in full."""
    got = _mentions(text)
    assert site in got
    assert not [m for m in got if m[1] == "GovernmentBody"]


def test_a_region_and_a_prefecture_name_their_party_committees_short():
    """An autonomous region's own bodies write its party committee 区党委 (a district's is 区委) and
    its departments 自治区党委组织部; a prefecture's reports write 州党委."""
    region = ReportMeta(title="t", issuer="宁夏回族自治区林业和草原局", year=2024, source="x.txt")
    got = _mentions("在区党委的坚强领导下，配合自治区党委组织部开展考核。", region)
    assert ("区党委", "PartyBody", "中共宁夏回族自治区委员会") in got
    assert ("自治区党委组织部", "PartyBody", "中共宁夏回族自治区委员会组织部") in got
    pref = ReportMeta(title="t", issuer="延边朝鲜族自治州司法局", year=2024, source="x.txt")
    assert ("州党委", "PartyBody", "中共延边朝鲜族自治州委员会") in _mentions("州党委高度重视法治建设。", pref)


def test_a_place_before_a_body_is_read_from_a_word_start():
    """经怒江州人民政府审议: the place is 怒江 (州 shared with 州人民政府), not 江州 (a district's short
    form) that starts inside the word 怒江."""
    pref = ReportMeta(title="t", issuer="怒江傈僳族自治州司法局", year=2024, source="x.txt")
    got = _mentions("方案经怒江州人民政府审议通过。", pref)
    assert ("怒江州人民政府", "GovernmentBody", "怒江傈僳族自治州人民政府") in got


def test_a_zones_bodies_are_named_with_the_zone_in_full():
    """zones.tsv: 某某经开区统计局 is 某某经济技术开发区统计局, 某某高新区管委会 is 某某高新技术产业开发区管理委员会;
    a bare 高新区 and 中共 are no zone's own name."""
    meta = ReportMeta(title="t", issuer="甲乙经济技术开发区统计局", year=2024, source="x.txt")
    got = _mentions("甲乙经开区统计局全年开展统计执法检查3次，配合丙丁高新区管委会工作。", meta)
    assert ("甲乙经开区统计局", "GovernmentBody", "甲乙经济技术开发区统计局") in got
    assert ("丙丁高新区管委会", "GovernmentBody", "丙丁高新技术产业开发区管理委员会") in got


def test_a_bare_government_after_its_party_committee_is_that_places_government():
    region = ReportMeta(title="t", issuer="宁夏回族自治区林业和草原局", year=2024, source="x.txt")
    got = _mentions("认真落实区党委、政府决策部署，按照政府信息公开要求做好工作。", region)
    assert ("政府", "GovernmentBody", "宁夏回族自治区人民政府") in got
    assert len([m for m in got if m[0] == "政府"]) == 1      # 政府信息公开 is no body


def test_a_governments_general_office_and_foreign_affairs_office_are_named_in_full():
    """departments.tsv: 政府办公厅 is the 人民政府办公厅 (not 政府办 and a stray 公厅), 政府外办 the
    人民政府外事办公室 (not the government)."""
    city = ReportMeta(title="t", issuer="宁波市人民政府外事办公室", year=2024, source="x.txt", place=("宁波市",))
    got = _mentions("按照外交部和市政府办公厅工作要求，市政府外办坚持依法行政。", city)
    assert ("市政府办公厅", "GovernmentBody", "宁波市人民政府办公厅") in got
    assert ("市政府外办", "GovernmentBody", "宁波市人民政府外事办公室") in got


def test_a_bare_department_in_another_departments_or_a_streets_report_is_its_places():
    dept = ReportMeta(title="t", issuer="甲市乙区人力资源和社会保障局", year=2024, source="x.txt", place=("甲市", "乙区"))
    got = _mentions("配合司法局开展规范性文件清理，落实自然资源厅的部署。", dept)
    assert ("司法局", "GovernmentBody", "甲市乙区司法局") in got
    assert not [m for m in got if m[2].endswith("乙区自然资源厅")]      # a 厅 is a province's
    street = ReportMeta(title="t", issuer="甲市乙区丙街道办事处", year=2024, source="x.txt", place=("甲市", "乙区"))
    assert ("商务局", "GovernmentBody", "甲市乙区商务局") in _mentions("邀请商务局等专业部门开展培训。", street)


def test_a_law_firm_is_an_enterprise():
    """heads.tsv: …律师事务所 (a legal adviser's firm, 聘请某某律师事务所律师担任法律顾问) is an Enterprise,
    and its place is no mention of its own."""
    got = _mentions("落实法律顾问制度，聘请宁波市甲乙律师事务所2名律师作为法律顾问。")
    assert ("宁波市甲乙律师事务所", "Enterprise", "宁波市甲乙律师事务所") in got
    assert not [m for m in got if m[1] == "Place"]


def test_a_standing_committees_meeting_is_a_session_with_nothing_inside():
    """GUIDELINES.md: 市委常委会会议, and 县委常委会 written for the meetings, is no entity."""
    got = _mentions("县委常委会、县政府常务会共4次听取法治建设汇报，在市委常委会会议上传达学习。")
    assert not [m for m in got if m[1] == "PartyBody"]
    # a government's executive meeting is the same kind of session (the example GUIDELINES.md gives)
    assert not [m for m in got if m[1] == "GovernmentBody"]
    got = _mentions("主持召开省人民政府常务会议、市政府常务会议审议，县政府主要负责同志参加。")
    assert [m[0] for m in got if m[1] == "GovernmentBody"] == ["县政府"]


def test_a_party_school_is_its_committees():
    dept = ReportMeta(title="t", issuer="甲市乙区司法局", year=2024, source="x.txt", place=("甲市", "乙区"))
    got = _mentions("将习近平法治思想纳入区委党校主体班次。", dept)
    assert got == [("区委党校", "PartyBody", "中共甲市乙区委员会党校")]


def test_a_self_word_names_the_issuer_the_page_did_not_name():
    """我厅 is the issuer's mention even when the page named no issuer (the default 未具名发布机构)."""
    unnamed = ReportMeta(title="t", issuer="未具名发布机构", year=2024, source="x.txt",
                         sources=(("issuer", "default"),))
    assert ("我厅", "GovernmentBody", "未具名发布机构") in _mentions("2024年，我厅认真贯彻落实政务公开要求。", unnamed)


@pytest.mark.parametrize("between", ["（国务院令第711号）、", "规定和", "(国令第711号)和", "、", "》（以下简称《条例》）和《"],
                         ids=["document-number", "requirement-word", "number-and-and", "comma", "short-name"])
def test_every_title_a_report_is_made_according_to_is_implemented(between):
    """根据《A》(document number)、《B》: the actor acts on both (GUIDELINES.md, basis)."""
    if between.startswith("》"):
        text = f"根据《中华人民共和国政府信息公开条例{between}某某工作年度报告格式》要求编制本报告。"
    else:
        text = f"根据《中华人民共和国政府信息公开条例》{between}《某某工作年度报告格式》要求编制本报告。"
    rels = _relations(text)
    assert ("某市某区科学技术局", "implemented", "中华人民共和国政府信息公开条例") in rels
    assert ("某市某区科学技术局", "implemented", "某某工作年度报告格式") in rels


@pytest.mark.parametrize("inner", ["〈某某工作年度报告格式〉", "<某某工作年度报告格式>", "＜某某工作年度报告格式＞"])
def test_a_title_inside_a_title_gives_one_name_however_it_is_marked(inner):
    got = [(t, k) for t, c, k in _mentions(f"根据《某某办公室关于印发{inner}的通知》要求编制。") if t.endswith("通知")]
    assert [k.endswith("关于印发<某某工作年度报告格式>的通知") for _, k in got] == [True]
    assert got[0][0] == f"某某办公室关于印发{inner}的通知"     # the mention keeps what the text wrote


@pytest.mark.parametrize("site", ["宁波水利网站", "宁波教育局网站", "宁波住房公积金中心官网"])
def test_a_site_named_by_its_place_and_line_of_work_is_one_platform(site):
    got = _mentions(f"全年在{site}发布信息56条。")
    assert (site, "DigitalPlatform", site) in got
    assert not [m for m in got if m[1] == "Place"]


def test_a_place_before_a_clause_that_ends_at_a_website_is_still_a_place():
    got = _mentions("宁波的企业在门户网站查询。宁波和舟山在政府网站公开。")
    assert [m[0] for m in got if m[1] == "Place"] == ["宁波", "宁波", "舟山"]


@pytest.mark.parametrize("event", ["全县依法治县推进会", "家电促消费方案解读会", "全市消防技能大比武", "税务开放日"])
def test_meetings_contests_and_open_days_named_by_their_kind_are_events(event):
    assert (event, "Event") in [(t, c) for t, c, _ in _mentions(f"今年召开{event}，效果良好。")]


@pytest.mark.parametrize("text", [
    "组织学习《某某思想概论》和《某某思想学习纲要(2025年版)》。",
    "《机关党建引领某某工作高质量发展研究》荣获课题调研成果三等奖。",
    "《打造“某某共同体”，给行政中心添彩》获评优秀案例。",
    "集中观看《违纪行为典型案例》等警示教育片。",
    "参赛节目《传承奋斗薪火》荣获三等奖。",
    "深入学习《某某谈治国理政》第五卷。",
], ids=["book-and-edition", "research", "sentence-title", "film", "programme", "talks-on-a-subject"])
def test_a_work_in_title_marks_is_no_document(text):
    assert not [m for m in _mentions(text) if m[1] in ("LocalPolicy", "Regulation", "InternalRule", "Law")]


def test_a_magazine_is_a_channel_and_a_notice_about_cases_stays_a_document():
    assert ("旗帜", "DigitalPlatform") in [(t, c) for t, c, _ in _mentions("5个案例入选《旗帜》杂志优秀品牌。")]
    got = _mentions("传达学习《关于把某地典型案例作为反面教材的通知》等典型案例。")
    assert [c for t, c, _ in got if t.endswith("通知")] == ["LocalPolicy"]


ZONE = ReportMeta(title="t", issuer="甲乙经济技术开发区管理委员会", year=2024, source="x.txt", place=())


def test_a_zone_is_a_park_and_its_short_form_in_its_own_report_is_it():
    got = _mentions("2024年，甲乙经济技术开发区认真贯彻条例。经开区高度重视监督，通过经开区网站公开信息。", ZONE)
    assert [(t, c, k) for t, c, k in got if c in ("Park", "DigitalPlatform")] == [
        ("甲乙经济技术开发区", "Park", "甲乙经济技术开发区"), ("经开区", "Park", "甲乙经济技术开发区"),
        ("经开区网站", "DigitalPlatform", "甲乙经济技术开发区网站")]


def test_a_zone_that_begins_a_longer_name_or_follows_a_date_is_read_so():
    assert not [m for m in _mentions("丙丁高新区天使投资引导基金扩大规模。") if m[1] == "Park"]
    got = _mentions("9月份开通丙丁高新区公众号，健全丙丁经开区、戊己综保区机制。")
    assert [(t, k) for t, c, k in got if c == "Park"] == [
        ("丙丁高新区", "丙丁高新技术产业开发区"), ("丙丁经开区", "丙丁经济技术开发区"), ("戊己综保区", "戊己综合保税区")]


def test_national_programmes_written_without_quotes_are_programmes():
    got = _mentions("深化放管服改革，落实第一议题制度，推进政务服务一网通办。")
    assert [(t, c) for t, c, _ in got] == [("放管服", "Program"), ("第一议题", "Program"), ("一网通办", "Program")]


@pytest.mark.parametrize("text, place", [
    ("为甲乙县水利事业高质量发展营造环境。", None),       # (a county the gazetteer lacks: nothing)
    ("为赞皇县水利事业高质量发展营造环境。", "赞皇县"),
    ("结合元氏县市场监管工作实际开展。", "元氏县"),
], ids=["unknown", "county-before-a-noun", "county-before-a-line-of-work"])
def test_a_county_written_in_full_before_a_noun_is_a_place(text, place):
    got = [t for t, c, _ in _mentions(text) if c == "Place"]
    assert got == ([place] if place else [])


def test_every_law_the_lexicon_lists_is_read_in_a_title_and_bare():
    """Each row of laws.tsv (national laws and central regulations, however the report cites them)
    gives its class and full name in 《》 and, where the text writes it bare, as a name."""
    lex = load_lexicon()
    for short, (full, cls) in lex.laws.items():
        if short in lex.laws_in_context:
            continue          # (a row that holds only with its context words: tested above)
        text = f"根据《{short}》，组织学习{short}。"
        got = [(t, c, k) for t, c, k in _mentions(text) if c in ("Law", "Regulation")]
        assert got == [(short, cls, full), (short, cls, full)], (short, got)


def test_a_leagues_or_banners_department_and_its_commissioners_office():
    meta = ReportMeta(title="t", issuer="甲乙盟科学技术局", year=2024, source="x.txt", place=("某自治区", "甲乙盟"))
    got = _mentions("甲乙盟科技局按照盟行署要求，在盟科技局门户网站公开。", meta)
    assert ("甲乙盟科技局", "GovernmentBody", "甲乙盟科学技术局") in got
    assert ("盟行署", "GovernmentBody", "甲乙盟行政公署") in got
    assert ("盟科技局门户网站", "DigitalPlatform", "甲乙盟科学技术局门户网站") in got
    banner = ReportMeta(title="t", issuer="丙丁旗人民政府", year=2024, source="x.txt", place=("甲乙盟", "丙丁旗"))
    assert ("旗财政局", "GovernmentBody", "丙丁旗财政局") in _mentions("配合旗财政局开展检查。", banner)
    # a league's bureau is no bureau in a report of a place with no league (联盟科技局)
    assert not [g for g in _mentions("加入某联盟科技局合作。") if g[0].startswith("盟")]


def test_a_quoted_body_name_before_its_account_is_the_account():
    meta = ReportMeta(title="t", issuer="某县甲乙乡人民政府", year=2024, source="x.txt", place=("某县",))
    got = _mentions("运用“某县甲乙乡人民政府”微信公众号发布信息71条。", meta)
    assert ("某县甲乙乡人民政府", "DigitalPlatform", "某县甲乙乡人民政府微信公众号") in got


def test_the_issuers_bare_department_name_after_a_year_or_a_verb_and_no_self_word_inside_a_word():
    meta = ReportMeta(title="t", issuer="甲市乙区科学技术局", year=2024, source="x.txt", place=("甲市", "乙区"))
    got = _mentions("2024年科技局严格按照要求，全方位展示科技局的工作。以党支部为基本单位，本单位负责。", meta)
    assert [(t, k) for t, c, k in got if c == "GovernmentBody"] == [
        ("科技局", "甲市乙区科学技术局"), ("科技局", "甲市乙区科学技术局"), ("本单位", "甲市乙区科学技术局")]


def test_a_street_address_before_a_name_is_no_part_of_it():
    meta = ReportMeta(title="t", issuer="甲乙县科学技术局", year=2024, source="x.txt", place=("甲乙县",))
    got = _mentions("通信地址:甲乙县丙丁街道戊己东路568号县科创中心。推进庚辛作业区4号泊位扩建工程。", meta)
    assert not [t for t, _, _ in got if "568号" in t]
    assert ("庚辛作业区4号泊位扩建工程", "Project") in [(t, c) for t, c, _ in got]     # a berth's number is no address


def test_outlets_listed_before_media_and_the_central_ones_by_name_are_platforms():
    got = [(t, c) for t, c, _ in _mentions("在丙丁日报、戊己通等省级以上媒体发稿15篇，用好微信群、抖音政务号等新媒体。")]
    assert [g for g in got if g[1] == "DigitalPlatform"] == [("丙丁日报", "DigitalPlatform"), ("戊己通", "DigitalPlatform")]
    # every platform aliases.tsv names (central news sites, national apps) is read by its name
    lex = load_lexicon()
    platforms = {a: canon for a, (canon, cls) in lex.aliases.items() if cls == "DigitalPlatform"}
    assert platforms
    for alias, canon in platforms.items():
        assert (alias, "DigitalPlatform", canon) in _mentions(f"信息在{alias}、报刊发布。"), alias
        assert (alias, "DigitalPlatform", canon) in _mentions(f"推动“{alias}”服务功能优化。"), alias   # quoted too


def test_a_bureau_named_with_or_without_its_he_and_its_party_group_by_the_bare_name():
    meta = ReportMeta(title="t", issuer="甲乙县教育体育局", year=2024, source="x.txt", place=("甲乙县",))
    got = _mentions("把学法作为教体局党组理论学习的内容，县教体局牵头。", meta)
    assert ("教体局党组", "PartyBody", "中共甲乙县教育体育局党组") in got
    assert ("县教体局", "GovernmentBody", "甲乙县教育体育局") in got
    # in another department's report, the party group of the government's department
    other = ReportMeta(title="t", issuer="甲乙县科学技术局", year=2024, source="x.txt", place=("甲乙县",))
    assert ("教体局党组", "PartyBody", "中共甲乙县教育和体育局党组") in _mentions("配合教体局党组开展学习。", other)


def test_a_governments_gazette_and_official_site_are_platforms_and_no_name_runs_over_zanwu():
    meta = ReportMeta(title="t", issuer="甲乙市人民政府", year=2024, source="x.txt", place=("甲乙市",))
    got = _mentions("全年编印《甲乙市人民政府公报》6期，在甲乙市人民政府官方网站公开。", meta)
    assert ("甲乙市人民政府公报", "DigitalPlatform") in [(t, c) for t, c, _ in got]
    assert ("甲乙市人民政府官方网站", "DigitalPlatform") in [(t, c) for t, c, _ in got]
    meta = ReportMeta(title="t", issuer="甲市乙区发展和改革局", year=2024, source="x.txt", place=("甲市", "乙区"))
    got = _mentions("乙区发改局暂无相关政府信息公开平台。", meta)
    assert [(t, c) for t, c, _ in got] == [("乙区发改局", "GovernmentBody")]


def test_the_issuing_governments_office_is_its_unit():
    meta = ReportMeta(title="t", issuer="甲市乙区人民政府", year=2024, source="x.txt", place=("甲市", "乙区"))
    ex = extract(Document("d", Path("x.txt"), "如有疑问，请与乙区人民政府办公室联系。", meta))
    label = {e.key: e.label for e in ex.entities}
    assert [(label[r.subject], label[r.object]) for r in ex.relations if r.predicate == "subOrganizationOf"] == [
        ("甲市乙区人民政府办公室", "甲市乙区人民政府")]


def test_a_committees_session_is_no_mention_of_the_committee():
    """GUIDELINES.md ("Meetings"): a body's session names nothing inside it; the committee that
    guides or acts is a mention."""
    got = _mentions("学习中央全面依法治国委员会系列会议精神，召开区委全面依法治区委员会第四次会议和依法治区委员会全体扩大会议。")
    assert not [m for m in got if m[1] in ("PartyBody", "GovernmentBody")], got
    got = _mentions("落实中央全面依法治国委员会及省委依法治省委员会会议精神，贯彻某委员会和市委、区委相关会议精神。")
    assert not [m for m in got if m[0].endswith("委员会")], got
    got = _mentions("在区委全面依法治区委员会的指导下，全面推进法治建设。")
    assert [m[0] for m in got if m[1] == "PartyBody"] == ["区委全面依法治区委员会"]


def test_a_law_cited_short_gets_the_states_title():
    """Only the national congress makes a 法, and every one is titled 中华人民共和国…法 (GUIDELINES.md,
    "Regulations and local policies"): a law that laws.tsv does not list gets the prefix too, while a
    short title that names a practice (《八五普法》) is no law."""
    got = _mentions("宣传《兵役法》《军人地位和权益保障法》和《中华人民共和国国防法》，编印《以案说法》。")
    assert [(m[0], m[2]) for m in got if m[1] == "Law"] == [
        ("兵役法", "中华人民共和国兵役法"), ("军人地位和权益保障法", "中华人民共和国军人地位和权益保障法"),
        ("中华人民共和国国防法", "中华人民共和国国防法")]
    assert [m[1] for m in got if m[0] == "以案说法"] == ["InternalRule"]


def test_a_government_before_its_verb_is_the_actor():
    """A body's name ending in 政府 right before 印发《X》 is the actor, not the topic that a bare 法治政府
    before a quote is (落实法治政府建设“X”: no verb there)."""
    assert ("某市某区人民政府", "promoted", "某区行政执法监督办法") in _relations("区政府印发《某区行政执法监督办法》，规范执法。")


def test_a_leading_groups_office_without_a_name_is_no_body():
    """领导小组办公室 with no group's name is no mention (GUIDELINES.md, offices); a named one stands for its body."""
    got = _mentions("成立政务公开工作领导小组，领导小组办公室设在局办公室，负责日常工作。")
    assert not [m for m in got if m[0].endswith("领导小组办公室")], got


def test_a_body_calls_itself_by_its_kind():
    """本机构 is the issuer whatever it is; 我场 only a farm's or forest farm's (bodies.tsv, fifth column)."""
    farm = ReportMeta(title="t", issuer="甲县乙丙垦殖场", year=2024, source="x.txt", place=("某市", "甲县"))
    assert ("我场", "GovernmentBody", "甲县乙丙垦殖场") in _mentions("2024年，我场主动公开政府信息12条。", farm)
    assert ("本机构", "GovernmentBody", "某市某区科学技术局") in _mentions("本机构未收到行政复议申请。")
    assert not [m for m in _mentions("我场主动公开政府信息12条。") if m[0] == "我场"]


@pytest.mark.parametrize("text, name", [
    ("“甲乙农水”微信发布信息164条。", "甲乙农水"),                       # the account's kind after it: 微信
    ("政府网站发布160余条、“甲乙发布”等新媒体40余条。", "甲乙发布"),         # …等新媒体
    ("在局微信公众号平台“甲乙审计”公开审计项目计划。", "甲乙审计"),           # its kind before it: 公众号平台
])
def test_a_quoted_account_named_by_its_kind_is_a_platform(text, name):
    assert (name, "DigitalPlatform", name) in _mentions(text)


@pytest.mark.parametrize("text, name", [
    ("在“食品安全周”期间开展宣传活动。", "食品安全周"),
    ("结合安全生产月开展执法检查。", "安全生产月"),
    ("组织干部参加烈士纪念日公祭活动。", "烈士纪念日"),
    ("围绕世界计量日和消费者权益保护日开展宣传。", "世界计量日"),
])
def test_observances_are_events(text, name):
    assert (name, "Event", name) in _mentions(text)


def test_an_observance_head_inside_a_word_is_none():
    assert not [m for m in _mentions("落实政府信息公开日常工作责任。") if m[1] == "Event"]


@pytest.mark.parametrize("text, name", [
    ("开展医疗器械备案、“双随机、一公开”等市场监管工作。", "双随机、一公开"),     # list-shaped, yet run
    ("紧紧围绕“一规划两纲要”工作目标，推进法治建设。", "一规划两纲要"),           # a 目标 after it, yet run
    ("紧紧围绕法治建设“一规划、两纲要”，聚焦重点任务。", "一规划两纲要"),         # written with a list comma
])
def test_programmes_that_look_like_mottos(text, name):
    """formulas.tsv "program" rows win over the motto shapes (a list of phrases, …”目标)."""
    assert [m[2] for m in _mentions(text) if m[1] == "Program"] == [name]


def test_a_league_or_banner_written_short_joins_the_body_after_it():
    """places.tsv: a league's and a wing banner's abbreviation (scripts/refresh_gazetteers.py:
    abbreviated) is a full form of its name, and a body short form after it that repeats its level
    character (盟 + 盟科技局) is one mention with it, as 某县 + 县政府 is."""
    lex = load_lexicon()
    league = next(w for w, (full, kind) in lex.places.items() if w.endswith("盟") and w != full and kind == "full")
    banner = next(w for w, (full, kind) in lex.places.items() if w.endswith("中旗") and w != full and kind == "full")
    meta = ReportMeta(title="t", issuer=lex.places[league][0] + "科学技术局", year=2024, source="x.txt",
                      place=(lex.places[league][0],))
    got = _mentions(f"{league}科技局全年主动公开信息20条,{banner}发布信息12条。", meta)
    assert (f"{league}科技局", "GovernmentBody", lex.places[league][0] + "科学技术局") in got
    assert (banner, "Place", lex.places[banner][0]) in got


def test_merged_departments_named_without_their_place():
    """departments.tsv: departments merged in the local reforms (教育体育局, 政务服务局) are read when a
    report writes them with only a level word or bare (then the report's own place's)."""
    got = _mentions("区教育体育局、区政务服务局联合开展宣传,文化广电旅游局参加。")
    assert ("区教育体育局", "GovernmentBody", "某市某区教育体育局") in got
    assert ("区政务服务局", "GovernmentBody", "某市某区政务服务局") in got
    assert ("文化广电旅游局", "GovernmentBody", "某市某区文化广电旅游局") in got     # the report's place's


def test_a_provinces_government_service_platform_is_a_platform():
    """aliases.tsv: the provinces' service platforms (their names have no head noun) are platforms,
    quoted or not, not programmes."""
    lex = load_lexicon()
    services = [a for a, (_, cls) in lex.aliases.items() if cls == "DigitalPlatform" and a.endswith("办")]
    assert len(services) >= 10
    for name in services:
        assert [(t, c) for t, c, _ in _mentions(f"推动“{name}”服务功能集成优化。")] == [(name, "DigitalPlatform")]


@pytest.mark.parametrize("text, written, canonical", [
    ("甲乙经开区统计局负责统计。", "甲乙经开区统计局", "甲乙经济技术开发区统计局"),
    ("甲乙高新区科技局负责申报。", "甲乙高新区科技局", "甲乙高新技术产业开发区科学技术局"),
    ("甲乙经济技术开发区统计局负责统计。", "甲乙经济技术开发区统计局", "甲乙经济技术开发区统计局"),
    ("现将甲乙新技术开发区发展改革局2024年度报告如下。", "甲乙新技术开发区发展改革局", "甲乙新技术开发区发展和改革局"),
], ids=["zone-short", "high-tech-zone-short", "zone-full", "new-technology-zone"])
def test_a_zones_department_is_the_zones_not_the_districts(text, written, canonical):
    """A department's short form whose 区 ends a development zone's name (某某经开区|区统计局) is the
    zone's department, one mention with the zone; 区统计局 alone is the report's district's."""
    got = _mentions(text)
    assert (written, "GovernmentBody", canonical) in got
    assert not [m for m in got if m[2].startswith("某市某区")]
    assert ("区统计局", "GovernmentBody", "某市某区统计局") in _mentions("区统计局负责统计。")
