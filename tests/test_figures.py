"""Figures: numbers and units in the forms these reports use, normalised to base units."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.figures import find_quantities
from kg.extract.lexicon import load_lexicon
from kg.extract.numbers import parse_number

CASES = [
    ("营业收入12.5亿元", "12.5亿元", Decimal("1250000000"), "CNY", "exact"),
    ("获得资金697万元", "697万元", Decimal("6970000"), "CNY", "exact"),
    ("投入３５０万元", "３５０万元", Decimal("3500000"), "CNY", "exact"),
    ("同比增长112%", "112%", Decimal("112"), "percent", "exact"),
    ("增长１２．５％", "１２．５％", Decimal("12.5"), "percent", "exact"),
    ("提高3.5个百分点", "3.5个百分点", Decimal("3.5"), "percentage_point", "exact"),
    ("成交额超49亿元", "49亿元", Decimal("4900000000"), "CNY", "more_than"),
    ("解决问题70余项", "70余项", Decimal("70"), "count", "more_than"),
    ("服务企业1.2万家", "1.2万家", Decimal("12000"), "count", "exact"),
    ("提前三年完成", "三年", Decimal("3"), "year", "exact"),
    ("新增企业两家", "两家", Decimal("2"), "count", "exact"),
    ("约300名", "300名", Decimal("300"), "count", "about"),
    ("发放贷款1,200万元", "1,200万元", Decimal("12000000"), "CNY", "exact"),
]


@pytest.mark.parametrize("text,surface,value,unit,qual", CASES, ids=[c[0] for c in CASES])
def test_figures(text, surface, value, unit, qual):
    qs = find_quantities(text, load_lexicon())
    assert [(q.text, q.value, q.unit, q.qualifier) for q in qs] == [(surface, value, unit, qual)]
    q = qs[0]
    assert text[q.span.start:q.span.end] == surface


@pytest.mark.parametrize("text", ["2024年", "第一项", "作为一项重要工作", "二十大精神", "12月", "一是加快"],
                         ids=["year", "ordinal", "article", "congress", "month", "bullet"])
def test_not_figures(text):
    assert find_quantities(text, load_lexicon()) == []


@pytest.mark.parametrize("s,v", [("4.6", "4.6"), ("１２", "12"), ("十一", "11"), ("一百零五", "105"),
                                 ("两千三百", "2300"), ("三万五千", "35000"), ("1.5万", "15000.0")])
def test_parse_number(s, v):
    assert parse_number(s) == Decimal(v)


def test_parse_number_rejects_words():
    with pytest.raises(ValueError):
        parse_number("科技")
