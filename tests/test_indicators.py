"""Figures in context: what is not a figure (ranks, sessions, slogans), ranges, changes, and
the indicator each figure gets (data/gold/GUIDELINES.md, "Quantities").

Every sentence here was written for these tests; none is copied from a report.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract import extract
from kg.extract.figures import find_quantities
from kg.extract.lexicon import load_lexicon
from kg.model import Document, ReportMeta
from tests.conftest import SEED

META = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))


def _figures(text: str):
    ex = extract(Document("d", Path("x.txt"), text, META))
    for q in ex.quantities:
        assert text[q.span.start:q.span.end] == q.text
    return ex.quantities


def indicator_right(predicted: str, gold: str) -> bool:
    """The rule of GUIDELINES.md "Indicators": containment either way (a contained prediction
    has at least two characters), and at most four characters more than the gold one."""
    p, g = predicted.replace(" ", ""), gold.replace(" ", "")
    return len(p) <= len(g) + 4 and (g in p or (len(p) >= 2 and p in g))


NOT_FIGURES = [
    ("认真学习十九届二次、三次全会精神", "sessions-listed"),
    ("认真落实市委六届二次、三次、四次、五次、六次全会精神", "sessions-listed-long"),
    ("深入学习二十届三中全会精神", "plenum"),
    ("召开第十二次党组会议", "ordinal-session"),
    ("组织第3次集中学习", "ordinal-arabic"),
    ("第 3 次会议", "ordinal-spaced"),
    ("参加十四届人大二次会议", "congress-session"),
    ("落实十四五规划", "plan-period"),
    ("学习党的二十大精神", "congress"),
    ("印发2号文件", "document-number"),
    ("2023年5月9日揭牌", "date"),
    ("2021—2023年工作回顾", "year-range"),
    ("编制三年行动计划", "plan-name"),
    ("推进五个一工程", "formula-numeral"),
    ("坚决做到两个维护", "doctrine-formula"),
    ("围绕“一个中心、两个基地、三个平台”布局", "quoted-slogan"),
    ("严格落实中央八项规定", "policy-name"),
    ("报告由六个部分组成", "layout"),
    ("从三个方面推进", "layout-aspects"),
    ("实施百人计划", "bare-hundred"),
    ("一是加强学习", "bullet"),
]


@pytest.mark.parametrize("text", [t for t, _ in NOT_FIGURES], ids=[i for _, i in NOT_FIGURES])
def test_ranks_sessions_and_names_are_not_figures(text):
    assert find_quantities(text, load_lexicon()) == []


RANGES = [
    ("每年新增3-5家", "3-5家", Decimal(3), "count"),
    ("占比10%～20%", "10%～20%", Decimal(10), "percent"),
    ("用三至五年时间", "三至五年", Decimal(3), "year"),
    ("补助20-30万元", "20-30万元", Decimal(200000), "CNY"),
    ("走访三四家企业", "三四家", Decimal(3), "count"),
]


@pytest.mark.parametrize("text,surface,value,unit", RANGES, ids=[r[1] for r in RANGES])
def test_a_range_is_one_figure_at_its_lower_bound(text, surface, value, unit):
    qs = find_quantities(text, load_lexicon())
    assert [(q.text, q.value, q.unit, q.qualifier) for q in qs] == [(surface, value, unit, "at_least")]


@pytest.mark.parametrize("text,surface,value", [
    ("办理事项 1.3 万件", "1.3 万件", Decimal(13000)),
    ("提供咨询 240 余人次", "240 余人次", Decimal(240)),
    ("召开会议 2 次", "2 次", Decimal(2)),
], ids=["big", "approx", "plain"])
def test_a_space_before_the_unit(text, surface, value):
    qs = find_quantities(text, load_lexicon())
    assert [(q.text, q.value) for q in qs] == [(surface, value)]
    assert text[qs[0].span.start:qs[0].span.end] == surface


INDICATORS = [
    # noun, then its number
    ("今年举办普法讲座3场。", "3场", "普法讲座"),
    ("技术合同成交额达5.6亿元。", "5.6亿元", "技术合同成交额"),
    ("全年累计发放宣传资料3000余份。", "3000余份", "宣传资料"),
    ("受理行政复议案件15件。", "15件", "行政复议案件"),
    ("群众满意度达98.5%。", "98.5%", "群众满意度"),
    ("行政执法案卷合格率100%。", "100%", "案卷合格率"),
    ("某区某某园区等企业40家。", "40家", "企业"),
    ("门户网站全年主动公开各类信息120条。", "120条", "信息"),
    # number, then the noun its counter counts
    ("培育12家高新技术企业。", "12家", "高新技术企业"),
    ("实现8所高校对接全覆盖。", "8所", "高校"),
    ("投入150万元专项资金。", "150万元", "专项资金"),
    ("其中15件为自然人提出。", "15件", "自然人"),
    ("6个单位主要负责人现场述职。", "6个", "单位"),
    # the noun, then its verb
    ("科技型企业新增30家。", "30家", "科技型企业"),
    # a verb alone
    ("已判决9件。", "9件", "判决"),
    # occasions of an activity: the activity with the words that say which
    ("开展文件清理5次。", "5次", "文件清理"),
    ("全年开展法治专题培训2场次。", "2场次", "法治专题培训"),
    ("组织集中培训3期，覆盖干部200人。", "3期", "集中培训"),
    # a determiner between the number and its noun
    ("我局共召开12次相关工作会议。", "12次", "工作会议"),
    # a duration before its predicate: the title won, or the last verb and its object as written
    ("连续两年获评“甲乙最具幸福感城区”。", "两年", "甲乙最具幸福感城区"),
    ("连续5年在全市法治政府建设考核中获优秀等次。", "5年", "获优秀等次"),
]


@pytest.mark.parametrize("text,surface,want", INDICATORS, ids=[i[2] + "-" + i[1] for i in INDICATORS])
def test_indicator_is_the_noun_phrase_counted(text, surface, want):
    q = next(q for q in _figures(text) if q.text == surface)
    assert q.indicators[:1] == (want,)


def test_coordinated_rates_give_one_figure_with_each_rate():
    qs = _figures("干部考试参考率、合格率均为100%。")
    assert len(qs) == 1 and qs[0].indicators == ("干部考试参考率", "合格率")


def test_list_members_share_the_first_indicator():
    qs = _figures("餐饮、零售、物流业新增规上企业分别为14家、9家和6家。")
    assert [(q.text, q.indicators) for q in qs] == [("14家", ("规上企业",)), ("9家", ("规上企业",)), ("6家", ("规上企业",))]


@pytest.mark.parametrize("text,surface,want", [
    ("营业收入同比增长12%。", "12%", "营业收入同比增长"),
    ("获得补助资金300万元，同比增长40%。", "40%", "补助资金同比增长"),
    ("案件数同比下降3个百分点。", "3个百分点", "案件数同比下降"),
], ids=["in-clause", "from-figure-before", "percentage-point"])
def test_a_change_is_its_thing_and_the_change_as_written(text, surface, want):
    q = next(q for q in _figures(text) if q.text == surface)
    assert q.indicators == (want,) and q.value > 0


def test_changes_listed_with_fen_bie_pair_with_the_figures_before():
    qs = _figures("受理案件900件，调解纠纷800件，同比分别上升6%、8%。")
    assert [(q.text, q.indicators) for q in qs][2:] == [("6%", ("案件同比上升",)), ("8%", ("纠纷同比上升",))]


def test_a_duration_measures_what_lasts():
    qs = _figures("重点指标连续3年保持领先。")
    assert [(q.text, q.value, q.unit, q.indicators) for q in qs] == [("3年", Decimal(3), "year", ("重点指标",))]


@pytest.mark.parametrize("pred,gold,ok", [
    ("技术合同成交额", "技术合同成交额", True), ("实现技术合同成交额", "技术合同成交额", True),
    ("成交额", "技术合同成交额", True), ("提前", "技术合同成交额", False), ("率", "参考率", False),
    ("政务服务事项网上可办率", "网上可办率", False),
], ids=["same", "longer", "shorter", "other", "one-char", "five-longer"])
def test_the_indicator_rule(pred, gold, ok):
    assert indicator_right(pred, gold) is ok


def test_seed_raw_indicators_match_the_curated_ones(settings):
    """At least 25 of the seed's figures get, before curation, an indicator that the rule
    counts right against the curated one (the curation file overrides only what the text
    cannot give)."""
    from kg.pipeline import extract_paths

    raw = extract_paths([SEED], settings, curate=False)[0].quantities
    curated = {(q.span.start, q.span.end): q.indicators for q in extract_paths([SEED], settings, curate=True)[0].quantities}
    right = sum(any(indicator_right(p, g) for p in q.indicators[:2] for g in curated[(q.span.start, q.span.end)])
                for q in raw if (q.span.start, q.span.end) in curated)
    assert len(raw) >= 29 and right >= 25, f"{right}/{len(raw)}"
