"""The extractor on text it was not made for: empty results, other languages, big input."""
from __future__ import annotations

import resource
from pathlib import Path

import pytest

from kg.extract import extract
from kg.model import Document, ReportMeta
from tests.conftest import SEED

META = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))


def _doc(text: str) -> Document:
    return Document("d", Path("x.txt"), text, META)


def _spans_ok(ex) -> None:
    text = ex.document.text
    for m in ex.mentions:
        assert text[m.span.start:m.span.end] == m.text
    for q in ex.quantities:
        assert text[q.span.start:q.span.end] == q.text


@pytest.mark.parametrize("text", [
    "今天天气很好，我们去公园散步。",
    "The bureau built an engineering research center with 697 million yuan in 2024.",
    "Le bureau a construit un centre de recherche.",
    "1234567890 !!! ??? ……",
    "。。。，，，、、、《》“”",
], ids=["chinese-no-entities", "english", "french", "digits", "punctuation"])
def test_no_names_gives_empty_result(text):
    ex = extract(_doc(text))
    _spans_ok(ex)
    assert [e for e in ex.entities if not e.derived] == []
    assert ex.measures == ()


@pytest.mark.slow
def test_ten_megabytes_in_bounded_time_and_memory():
    seed = SEED.read_text(encoding="utf-8")
    text = (seed * (10_000_000 // len(seed) + 1))[:10_000_000]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ex = extract(_doc(text))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    _spans_ok(ex)
    assert len(ex.quantities) >= 29 * 3000
    # memory stays within a small multiple of the text (time is measured in the benchmarks, not here)
    assert grown_mb < 4000, grown_mb
