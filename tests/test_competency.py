"""Competency questions (ontology/queries/*.rq) on the built seed graph.

Every expected answer below was read off the report text
(data/reports/000_f755293a707b958a.txt, 重庆市沙坪坝区科学技术局关于2024年法治政府建设情况的报告),
not copied from the extractor: the figures with their offsets, the partners, platforms,
policies, laws and 2025 plans. Offsets are re-checked against the text in the tests.
Labels of indicators are the report's own words for what a figure counts (the seed's
curation file, data/curation/000_f755293a707b958a.toml, sets them).
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.extract.measures import ROLE_EDGE
from kg.query import run_query, saved_queries
from kg.vocab import KG
from tests.conftest import ONTOLOGY, SEED

TEXT = SEED.read_text(encoding="utf-8")
ISSUER = "重庆市沙坪坝区科学技术局"
TITLE = "重庆市沙坪坝区科学技术局关于2024年法治政府建设情况的报告"
D = Decimal

# Every figure of the report: (start, as written, indicator, value in base unit, unit, qualifier, counter).
# "参考率、合格率均为100%" is one number standing for two rates, hence two figures at 463.
FIGURES = [
    (463, "100%", "机关干部法治理论考试参考率", D(100), "PERCENT", "exact", "%"),
    (463, "100%", "机关干部法治理论考试合格率", D(100), "PERCENT", "exact", "%"),
    (616, "16所", "校地合作对接高校数", D(16), "NUM", "exact", "所"),
    (719, "110家", "孵化企业数", D(110), "NUM", "exact", "家"),
    (750, "697万元", "获得中央引导资金", D(6970000), "CCY_CNY", "exact", "万元"),
    (760, "112%", "中央引导资金同比增长率", D(112), "PERCENT", "exact", "%"),
    (826, "427家", "新入库科技型企业数", D(427), "NUM", "exact", "家"),
    (839, "52家", "新增高新技术企业数", D(52), "NUM", "exact", "家"),
    (845, "三年", "提前完成“双倍增”任务年数", D(3), "YR", "exact", "年"),
    (889, "7个", "签约项目数", D(7), "NUM", "exact", "个"),
    (896, "4.6亿元", "签约金额", D(460000000), "CCY_CNY", "exact", "亿元"),
    (907, "131%", "签约任务完成率", D(131), "PERCENT", "exact", "%"),
    (920, "17家", "“一企一策”服务规上企业数", D(17), "NUM", "exact", "家"),
    (936, "70余项", "协调解决企业问题数", D(70), "NUM", "more_than", "项"),
    (1033, "9个", "遴选“揭榜挂帅”项目数", D(9), "NUM", "exact", "个"),
    (1044, "10余项", "在区转化成果数", D(10), "NUM", "more_than", "项"),
    (1065, "49亿元", "技术合同成交额", D(4900000000), "CCY_CNY", "more_than", "亿元"),  # 超49亿元
    (1113, "200万元", "投入概念验证资金", D(2000000), "CCY_CNY", "exact", "万元"),
    (1135, "6个", "投资硬科技项目数", D(6), "NUM", "exact", "个"),
    (1177, "4家", "推荐申报企业科技特派员团试点企业数", D(4), "NUM", "exact", "家"),
    (1211, "182个", "服务科技人才立项区级科技项目数", D(182), "NUM", "exact", "个"),
    (1251, "48家", "获得知识价值信用贷款企业数", D(48), "NUM", "exact", "家"),
    (1266, "6529万元", "发放知识价值信用贷款", D(65290000), "CCY_CNY", "exact", "万元"),
    (1303, "10余次", "举办科技活动次数", D(10), "NUM", "more_than", "次"),
    (1371, "5项", "修订内部制度数", D(5), "NUM", "exact", "项"),
    (1474, "2个", "修订行政规范性文件数", D(2), "NUM", "exact", "个"),
    (1733, "201条", "门户网站公开发布信息数", D(201), "NUM", "exact", "条"),
    (1761, "163条", "发布科技创新工作动态和科技资讯数", D(163), "NUM", "exact", "条"),
    (1774, "2条", "发布政策问答数", D(2), "NUM", "exact", "条"),
    (1808, "25件", "办理人大建议、政协提案数", D(25), "NUM", "exact", "件"),
]

# Every named thing of the report with its most specific class (重师 = 重庆师范大学 in 环重师生态圈;
# 中信银行 is the bank of 中信银行重庆分行; the two places come from the issuer's name).
ENTITIES = {
    "重庆市沙坪坝区科学技术局": "GovernmentBody", "重庆市科学技术局": "GovernmentBody",
    "中共重庆市委员会": "PartyBody", "中共重庆市沙坪坝区委员会": "PartyBody",
    "中共重庆市沙坪坝区科学技术局党组": "PartyBody",
    "重庆市沙坪坝区人大常委会": "LegislativeBody", "政协重庆市沙坪坝区委员会": "ConsultativeBody",
    "重庆大学": "University", "重庆师范大学": "University", "重庆电子科技职业大学": "University",
    "工投公司": "Enterprise", "中信银行": "Bank", "中信银行重庆分行": "BankBranch",
    "器官智能生物制造工程研究中心": "ResearchCenter", "数智科技概念验证中心": "ProofOfConceptCenter",
    "信息技术概念验证中心": "ProofOfConceptCenter", "创新生物制品概念验证中心": "ProofOfConceptCenter",
    "未来科技创新园区": "Park", "生命科技创新园区": "Park", "数智重电科技园": "SciencePark",
    "AIGC创新基地": "Incubator", "大学城科技创新孵化基地": "Incubator",
    "环重大生态圈": "InnovationEcosystemCircle", "环重师生态圈": "InnovationEcosystemCircle",
    "环大学创新生态圈": "InnovationEcosystemCircle", "高能级企业梯度培育智慧平台": "DigitalPlatform",
    "沙坪坝区支持科技企业发展壮大十条举措": "LocalPolicy", "沙坪坝区科研项目管理办法": "LocalPolicy",
    "沙坪坝区科技攻关重大（重点）专项管理实施细则": "LocalPolicy",
    "党组会议事规则": "InternalRule", "采购管理暂行办法": "InternalRule",
    "中华人民共和国宪法": "Law", "中华人民共和国民法典": "Law", "中华人民共和国科学技术进步法": "Law",
    "中华人民共和国促进科技成果转化法": "Law", "中华人民共和国政府信息公开条例": "Regulation",
    "重庆联仁健康医疗大数据": "Project", "增程新能源动力系统关键技术": "Project", "高性能电驱系统": "Project",
    "声景大数据": "ResearchOutput", "技术经理人高级研修培训班": "Event", "重庆市科技活动周": "Event",
    "首届器官智能生物制造转化医学大会": "Event", "中央引导资金": "GuidanceFund", "概念验证资金": "Fund",
    "创新积分贷": "LoanProduct", "知识价值信用贷款": "LoanProduct",
    "一企一专班": "Program", "一企一策": "Program", "一岗双责": "Program", "一高校一专班": "Program",
    "三会一课": "Program", "三重一大": "Program", "双倍增": "Program",
    "揭榜挂帅": "Program", "重庆市企业科技特派员团试点": "Program",
    "重庆市": "Place", "沙坪坝区": "Place",
}


def ask(graph, question: str, **params) -> list[tuple]:
    return run_query(graph, question, params=params or None).values()


def sentence_at(offset: int) -> str:
    """The sentence of the report around ``offset``: from the previous 。 or line break to the next 。."""
    start = max(TEXT.rfind("。", 0, offset), TEXT.rfind("\n", 0, offset)) + 1
    return TEXT[start:TEXT.index("。", offset) + 1]


def test_figure_table_matches_the_report_text():
    for start, written, *_ in FIGURES:
        assert TEXT[start:start + len(written)] == written


def test_at_least_fifteen_questions_each_stated_in_chinese_and_english():
    qs = saved_queries()
    assert len(qs) >= 15
    for q in qs.values():
        assert q.path.stem == q.name
        assert re.search(r"[\u4e00-\u9fff]", q.zh) and q.zh.endswith(("？", "）")), q.name
        assert re.match(r"[A-Z][a-z]+ [a-z]+", q.en) and q.en.endswith((".", "?", ")")), q.name


def test_reports(seed_graph):
    assert ask(seed_graph, "reports") == [(TITLE, ISSUER, 2024, "法治政府建设情况报告", len(FIGURES))]


def test_cooperation_partners(seed_graph):
    # 与重庆电子科技职业大学共建…，会同工投公司打造…，联合重庆大学举办…，与中信银行重庆分行签订…
    assert ask(seed_graph, "cooperation_partners") == [
        (ISSUER, "工投公司", "企业"),
        (ISSUER, "中信银行重庆分行", "金融机构"),
        (ISSUER, "重庆大学", "高校"),
        (ISSUER, "重庆电子科技职业大学", "高校"),
    ]


def test_partner_measures_say_what_was_done_together(seed_graph):
    rows = ask(seed_graph, "partner_measures")
    assert rows == [
        ("工投公司", "企业", "打造", "大学城科技创新孵化基地", "会同工投公司打造大学城科技创新孵化基地，"),
        # the object, 科技金融项目合作协议, is an agreement, not a named thing of the ontology
        ("中信银行重庆分行", "金融机构", "签订", None, "与中信银行重庆分行签订科技金融项目合作协议，"),
        ("重庆大学", "高校", "举办", "技术经理人高级研修培训班", "联合重庆大学举办技术经理人高级研修培训班，"),
        ("重庆电子科技职业大学", "高校", "共建", "数智重电科技园", "与重庆电子科技职业大学共建数智重电科技园，"),
    ]
    assert all(r[-1] in TEXT for r in rows)


def test_platforms_built_upgraded_by_whom_with_whom(seed_graph):
    assert ask(seed_graph, "platforms_built") == [
        ("信息技术概念验证中心", "建设", ISSUER, 2024),        # 挂牌成立数智科技、信息技术、创新生物制品概念验证中心
        ("创新生物制品概念验证中心", "建设", ISSUER, 2024),
        ("器官智能生物制造工程研究中心", "建设", ISSUER, 2024),  # 建成器官智能生物制造工程研究中心
        ("大学城科技创新孵化基地", "共建", "工投公司", 2024),   # 会同工投公司打造
        ("大学城科技创新孵化基地", "建设", ISSUER, 2024),
        ("数智科技概念验证中心", "建设", ISSUER, 2024),
        ("数智重电科技园", "共建", "重庆电子科技职业大学", 2024),  # 与重庆电子科技职业大学共建
        ("数智重电科技园", "建设", ISSUER, 2024),
        ("未来科技创新园区", "提质", ISSUER, 2024),            # 提质未来科技、生命科技等创新园区
        ("生命科技创新园区", "提质", ISSUER, 2024),
        ("高能级企业梯度培育智慧平台", "建设", ISSUER, 2024),  # 建成高能级企业梯度培育智慧平台
        ("环大学创新生态圈", "建设", ISSUER, 2025),            # 2025 plan: 着力建设环大学创新生态圈
    ]


def test_policies_implemented(seed_graph):
    # 落实《…十条举措》；落实《…管理办法》《…实施细则》；严格落实《中华人民共和国政府信息公开条例》
    assert ask(seed_graph, "policies_implemented") == [
        ("沙坪坝区支持科技企业发展壮大十条举措", "地方政策", ISSUER),
        ("沙坪坝区科技攻关重大（重点）专项管理实施细则", "地方政策", ISSUER),
        ("沙坪坝区科研项目管理办法", "地方政策", ISSUER),
        ("中华人民共和国政府信息公开条例", "法规", ISSUER),
    ]


def test_policy_outcomes_what_policies_led_to(seed_graph):
    ten = "沙坪坝区支持科技企业发展壮大十条举措"
    rules, office = "沙坪坝区科技攻关重大（重点）专项管理实施细则", "沙坪坝区科研项目管理办法"
    unit = "http://qudt.org/vocab/unit/"
    after_rules = [("技术合同成交额", D(4900000000), unit + "CCY_CNY"), ("在区转化成果数", D(10), unit + "NUM"),
                   ("遴选“揭榜挂帅”项目数", D(9), unit + "NUM")]
    assert ask(seed_graph, "policy_outcomes") == [
        (ten, "新入库科技型企业数", D(427), unit + "NUM"),
        (ten, "新增高新技术企业数", D(52), unit + "NUM"),
        (ten, "提前完成“双倍增”任务年数", D(3), unit + "YR"),
        *[(rules, *r) for r in after_rules],
        *[(office, *r) for r in after_rules],
    ]


def test_money_figures_sorted_by_value(seed_graph):
    rows = ask(seed_graph, "money_figures")
    assert [(r[0], r[1]) for r in rows] == [
        ("技术合同成交额", D(4900000000)),    # 超49亿元
        ("签约金额", D(460000000)),           # 4.6亿元
        ("发放知识价值信用贷款", D(65290000)),  # 6529万元
        ("获得中央引导资金", D(6970000)),       # 697万元
        ("投入概念验证资金", D(2000000)),       # 200万元
    ]
    expected = sorted(((f[2], f[3], f[5], f[1], 2024) for f in FIGURES if f[4] == "CCY_CNY"),
                      key=lambda r: -r[1])
    assert rows == expected


def test_counts_per_indicator(seed_graph):
    counts = [f for f in FIGURES if f[4] == "NUM"]
    expected = sorted(((f[2], f[6], f[3], 1) for f in counts), key=lambda r: (-r[2], r[0]))
    assert ask(seed_graph, "counts_by_indicator") == expected
    assert len(expected) == 20


def test_rates(seed_graph):
    assert ask(seed_graph, "rates") == [
        ("签约任务完成率", D(131), "131%"),
        ("中央引导资金同比增长率", D(112), "112%"),
        ("机关干部法治理论考试参考率", D(100), "100%"),
        ("机关干部法治理论考试合格率", D(100), "100%"),
    ]


def test_figure_provenance_offsets_and_sentences(seed_graph, seed_build):
    report = f"https://w3id.org/govkg/id/report/{seed_build.extractions[0].document.id}"
    rows = ask(seed_graph, "figure_provenance")
    assert [(r[0], r[1], r[2], r[3], r[4], r[6]) for r in rows] == [
        (f[2], f[3], f[1], f[0], f[0] + len(f[1]), report) for f in FIGURES]
    for _indicator, _value, written, start, end, sentence, _report in rows:
        assert TEXT[start:end] == written
        assert written in sentence and sentence in TEXT
        assert TEXT.index(sentence) <= start < TEXT.index(sentence) + len(sentence)
    # the sentence of 697万元
    row = next(r for r in rows if r[2] == "697万元")
    assert row[5] == sentence_at(750) == "环重大、重师生态圈通过市科技局验收，获得中央引导资金697万元，同比增长112%。"


RELATIONS = [  # (subject, relation, object, the words that state it) in text order
    (ISSUER, "jurisdiction", "沙坪坝区", ISSUER),
    ("沙坪坝区", "locatedIn", "重庆市", "沙坪坝区"),
    (ISSUER, "promoted", "中华人民共和国宪法", "推动安全生产、宪法、涉企惠企政策、行业规定等内容法规深入企业一线，"),
    (ISSUER, "built", "一高校一专班", "组建“一高校一专班”校地合作招商专班，实现16所高校对接全覆盖，"),
    (ISSUER, "built", "器官智能生物制造工程研究中心", "建成器官智能生物制造工程研究中心，"),
    (ISSUER, "built", "信息技术概念验证中心", "挂牌成立数智科技、信息技术、创新生物制品概念验证中心，"),
    (ISSUER, "built", "创新生物制品概念验证中心", "挂牌成立数智科技、信息技术、创新生物制品概念验证中心，"),
    (ISSUER, "built", "数智科技概念验证中心", "挂牌成立数智科技、信息技术、创新生物制品概念验证中心，"),
    (ISSUER, "upgraded", "未来科技创新园区", "提质未来科技、生命科技等创新园区，"),
    (ISSUER, "upgraded", "生命科技创新园区", "提质未来科技、生命科技等创新园区，"),
    (ISSUER, "incubated", "AIGC创新基地", "孵化AIGC创新基地等企业110家。"),
    ("环重大生态圈", "acceptedBy", "重庆市科学技术局", "环重大、重师生态圈通过市科技局验收，"),
    ("环重师生态圈", "acceptedBy", "重庆市科学技术局", "环重大、重师生态圈通过市科技局验收，"),
    ("环重大生态圈", "centeredOn", "重庆大学", "环重大"),
    ("环重师生态圈", "centeredOn", "重庆师范大学", "重师生态圈"),
    ("环重大生态圈", "received", "中央引导资金", "获得中央引导资金697万元，同比增长112%。"),
    ("环重师生态圈", "received", "中央引导资金", "获得中央引导资金697万元，同比增长112%。"),
    (ISSUER, "implemented", "沙坪坝区支持科技企业发展壮大十条举措", "落实《沙坪坝区支持科技企业发展壮大十条举措》等政策，"),
    (ISSUER, "built", "高能级企业梯度培育智慧平台",
     "建成高能级企业梯度培育智慧平台，新入库科技型企业427家，新增高新技术企业52家，"
     "提前三年完成市级高新技术企业和科技型企业“双倍增”任务目标。"),
    (ISSUER, "signed", "重庆联仁健康医疗大数据", "签约重庆联仁健康医疗大数据等项目7个，"),
    (ISSUER, "promoted", "一企一策", "“一企一策”服务17家规上企业"),
    (ISSUER, "implemented", "沙坪坝区科技攻关重大（重点）专项管理实施细则",
     "落实《沙坪坝区科研项目管理办法》《沙坪坝区科技攻关重大（重点）专项管理实施细则》等政策，"),
    (ISSUER, "implemented", "沙坪坝区科研项目管理办法",
     "落实《沙坪坝区科研项目管理办法》《沙坪坝区科技攻关重大（重点）专项管理实施细则》等政策，"),
    (ISSUER, "implemented", "揭榜挂帅", "实施科技项目“揭榜挂帅”，"),
    (ISSUER, "selected", "增程新能源动力系统关键技术", "遴选增程新能源动力系统关键技术等“揭榜挂帅”项目9个，"),
    (ISSUER, "promoted", "声景大数据", "助推声景大数据等10余项成果在区转化，实现技术合同成交额超49亿元。"),
    (ISSUER, "built", "数智重电科技园", "与重庆电子科技职业大学共建数智重电科技园，"),
    ("重庆电子科技职业大学", "built", "数智重电科技园", "与重庆电子科技职业大学共建数智重电科技园，"),
    (ISSUER, "cooperatesWith", "重庆电子科技职业大学", "与重庆电子科技职业大学共建数智重电科技园，"),
    ("工投公司", "built", "大学城科技创新孵化基地", "会同工投公司打造大学城科技创新孵化基地，"),
    (ISSUER, "built", "大学城科技创新孵化基地", "会同工投公司打造大学城科技创新孵化基地，"),
    (ISSUER, "cooperatesWith", "工投公司", "会同工投公司打造大学城科技创新孵化基地，"),
    (ISSUER, "funded", "概念验证资金", "投入200万元概念验证资金，"),
    (ISSUER, "funded", "高性能电驱系统", "投资高性能电驱系统等6个硬科技项目。"),
    (ISSUER, "cooperatesWith", "重庆大学", "联合重庆大学举办技术经理人高级研修培训班，"),
    ("重庆大学", "organized", "技术经理人高级研修培训班", "联合重庆大学举办技术经理人高级研修培训班，"),
    (ISSUER, "organized", "技术经理人高级研修培训班", "联合重庆大学举办技术经理人高级研修培训班，"),
    (ISSUER, "cooperatesWith", "中信银行重庆分行", "与中信银行重庆分行签订科技金融项目合作协议，"),
    ("中信银行重庆分行", "branchOf", "中信银行", "中信银行重庆分行"),
    (ISSUER, "promoted", "创新积分贷", "推动“创新积分贷”应用，"),
    (ISSUER, "funded", "知识价值信用贷款", "向48家企业发放知识价值信用贷款6529万元。"),
    (ISSUER, "organized", "首届器官智能生物制造转化医学大会",
     "举办重庆市科技活动周、首届器官智能生物制造转化医学大会等活动10余次，"),
    (ISSUER, "organized", "重庆市科技活动周", "举办重庆市科技活动周、首届器官智能生物制造转化医学大会等活动10余次，"),
    (ISSUER, "promoted", "党组会议事规则", "修订《党组会议事规则》《采购管理暂行办法》等5项制度，"),
    (ISSUER, "promoted", "采购管理暂行办法", "修订《党组会议事规则》《采购管理暂行办法》等5项制度，"),
    ("中共重庆市沙坪坝区科学技术局党组", "subOrganizationOf", ISSUER, "局党组"),
    (ISSUER, "implemented", "中华人民共和国政府信息公开条例", "严格落实《中华人民共和国政府信息公开条例》，"),
    (ISSUER, "built", "环大学创新生态圈", "着力建设环大学创新生态圈，"),
    (ISSUER, "promoted", "中华人民共和国民法典", "重点做好《宪法》《民法典》以及《科学技术进步法》等法律法规的宣传"),
    (ISSUER, "promoted", "中华人民共和国科学技术进步法", "重点做好《宪法》《民法典》以及《科学技术进步法》等法律法规的宣传"),
]


def test_relation_provenance(seed_graph):
    rows = ask(seed_graph, "relation_provenance")
    assert sorted(r[:4] for r in rows) == sorted(RELATIONS)
    for _s, _p, _o, written, start, end, sentence in rows:
        assert TEXT[start:end] == written
        assert written.strip("。，") in sentence and sentence in TEXT
    starts = [r[4] for r in rows]
    assert starts == sorted(starts)
    # 与中信银行重庆分行签订科技金融项目合作协议 is at offset 1216 of the report
    bank = next(r for r in rows if r[1] == "cooperatesWith" and r[2] == "中信银行重庆分行")
    assert (bank[4], bank[5]) == (1216, 1238) and TEXT.index("与中信银行重庆分行") == 1216


def test_relation_provenance_reads_each_role_as_the_ontology_chains_it():
    """Ontology 2.7.0: a relation a measure states has no owl:Axiom; ``relation_provenance``
    names it from the measure's role, one branch a role. Each branch's relation must be the one
    the ontology's property chain derives (kg:actorIn ∘ role), and the branches must cover every
    role the extractor turns into a relation (kg.extract.measures.ROLE_EDGE) and the partner."""
    text = (ONTOLOGY.parent / "queries" / "relation_provenance.rq").read_text(encoding="utf-8")
    branches = dict(re.findall(r"\?m kg:(\w+) \?o ;[^\n]*\n[^\n]*\n\s*FILTER\(\?s != \?o\) "
                               r"BIND\(kg:(\w+) AS \?property\)", text))
    onto = Graph().parse(ONTOLOGY)
    chained = {}
    for prop, chain in onto.subject_objects(OWL.propertyChainAxiom):
        first, rest = onto.value(chain, RDF.first), onto.value(chain, RDF.rest)
        if first == KG.actorIn:
            chained[str(onto.value(rest, RDF.first)).split("#")[1]] = str(prop).split("#")[1]
    assert branches == {role: chained[role] for role in branches}
    assert branches == {**ROLE_EDGE, "hasPartner": "cooperatesWith"}


def test_entity_neighbourhood_default(seed_graph):
    # 环重大、重师生态圈通过市科技局验收，获得中央引导资金…; 环重大 is built around 重庆大学, which
    # held the 技术经理人高级研修培训班 together with the bureau.
    assert ask(seed_graph, "entity_neighbourhood") == [
        (1, "中央引导资金", ""),
        (1, "重庆大学", ""),
        (1, "重庆市科学技术局", ""),
        (2, "技术经理人高级研修培训班", "重庆大学"),
        (2, "环重师生态圈", "中央引导资金"),
        (2, "环重师生态圈", "重庆市科学技术局"),
        (2, ISSUER, "重庆大学"),
    ]


def test_entity_neighbourhood_parameter(seed_graph):
    assert ask(seed_graph, "entity_neighbourhood", name="重庆师范大学") == [
        (1, "环重师生态圈", ""),
        (2, "中央引导资金", "环重师生态圈"),
        (2, "重庆市科学技术局", "环重师生态圈"),
    ]


def test_laws_cited(seed_graph):
    rows = ask(seed_graph, "laws_cited")
    assert rows == [
        ("中华人民共和国宪法", "法律", 2, 517),                 # 宪法 (2024), 《宪法》 (2025 plans)
        ("中华人民共和国政府信息公开条例", "法规", 1, 1642),
        ("中华人民共和国科学技术进步法", "法律", 2, 2678),       # 科技进步法, 《科学技术进步法》
        ("中华人民共和国促进科技成果转化法", "法律", 1, 2684),   # 科技成果转化法
        ("中华人民共和国民法典", "法律", 1, 2797),
    ]
    assert [TEXT[r[3]:r[3] + 2] for r in rows] == ["宪法", "中华", "科技", "科技", "民法"]
    assert TEXT.count("宪法") == 2 and TEXT.count("民法典") == 1


def test_plans_2025(seed_graph):
    # 四、2025年…: 以科技进步法、科技成果转化法等为基本支撑，着力建设环大学创新生态圈；
    # 重点做好《宪法》《民法典》以及《科学技术进步法》等法律法规的宣传
    assert ask(seed_graph, "plans_2025") == [
        (2025, "中华人民共和国科学技术进步法", "规范性文件", 2678),
        (2025, "中华人民共和国促进科技成果转化法", "规范性文件", 2684),
        (2025, "环大学创新生态圈", "创新平台", 2702),
        (2025, "中华人民共和国宪法", "规范性文件", 2793),
        (2025, "中华人民共和国民法典", "规范性文件", 2797),
    ]
    section = TEXT.index("四、2025年")
    assert all(TEXT.find(w, section) == at for w, at in
               [("科技进步法", 2678), ("科技成果转化法", 2684), ("环大学创新生态圈", 2702), ("宪法", 2793), ("民法典", 2797)])


def test_class_counts(seed_graph):
    onto = Graph().parse(ONTOLOGY)
    kg_ns = str(KG._NS)
    expected: dict[str, int] = {}
    for leaf in ENTITIES.values():
        for cls in onto.transitive_objects(KG[leaf], RDFS.subClassOf):
            if str(cls).startswith(kg_ns):
                expected[str(cls)] = expected.get(str(cls), 0) + 1
    rows = ask(seed_graph, "class_counts")
    assert dict(rows) == expected
    assert [n for _, n in rows] == sorted((n for _, n in rows), reverse=True)
    assert expected[kg_ns + "Organization"] == 13 and expected[kg_ns + "InnovationPlatform"] == 13


def test_financial_resources(seed_graph):
    assert ask(seed_graph, "financial_resources") == [
        ("知识价值信用贷款", ISSUER, "投入", D(65290000)),   # 向48家企业发放知识价值信用贷款6529万元
        ("中央引导资金", "环重大生态圈", "获得", D(6970000)),  # 环重大、重师生态圈…获得中央引导资金697万元
        ("中央引导资金", "环重师生态圈", "获得", D(6970000)),
        ("概念验证资金", ISSUER, "投入", D(2000000)),       # 投入200万元概念验证资金
        ("创新积分贷", ISSUER, "推动", None),               # 推动“创新积分贷”应用 (no amount)
    ]


def test_events_organized(seed_graph):
    assert ask(seed_graph, "events_organized") == [
        ("技术经理人高级研修培训班", ISSUER, "举办"),         # 联合重庆大学举办技术经理人高级研修培训班
        ("技术经理人高级研修培训班", "重庆大学", "联合举办"),
        ("重庆市科技活动周", ISSUER, "举办"),
        ("首届器官智能生物制造转化医学大会", ISSUER, "举办"),
    ]


def test_figures_by_report_needs_named_graphs(seed_graph, built_dir, seed_build):
    from kg.errors import QueryError

    report = f"https://w3id.org/govkg/id/report/{seed_build.extractions[0].document.id}"
    rows = ask(built_dir / "graph.trig", "figures_by_report")
    assert rows == [(report, TITLE, f[2], f[3]) for f in sorted(
        (f for f in FIGURES if f[4] == "CCY_CNY"), key=lambda f: -f[3])]
    with pytest.raises(QueryError, match="GRAPH patterns need named graphs"):
        run_query(seed_graph, "figures_by_report")


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_question_answers_on_the_seed_graph(seed_graph, built_dir, name):
    """Each question parses and, except the named-graph one, returns rows on graph.ttl."""
    source = built_dir / "graph.trig" if name == "figures_by_report" else seed_graph
    result = run_query(source, name)
    assert result.kind == "SELECT" and len(result.rows) > 0
