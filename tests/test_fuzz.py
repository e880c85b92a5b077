"""Property tests (Hypothesis): on random and mutated text nothing crashes and every span
indexes the text exactly; numbers round-trip; decoding never raises anything but InputError."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract
from kg.extract.numbers import parse_number
from kg.extract.text import clauses, sentences
from kg.ingest import decode
from kg.model import Document, ReportMeta
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
META = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
ALPHABET = st.sampled_from(list(SEED_TEXT[:1500]) + list("《》“”\"、，。；.,;:()（）\n 0123456789０１２万亿元%％余超"))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    ex = extract(Document("d", Path("x.txt"), text, META))
    for m in ex.mentions:
        assert text[m.span.start:m.span.end] == m.text
    for q in ex.quantities:
        assert text[q.span.start:q.span.end] == q.text
    for s in ex.sentences:
        assert text[s.span.start:s.span.end] == s.text


@FAST
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_text(text):
    _check(text)


@FAST
@given(st.integers(0, len(SEED_TEXT) - 1), st.integers(0, 400), st.text(alphabet=ALPHABET, max_size=40))
def test_mutated_seed(pos, cut, insert):
    _check(SEED_TEXT[:pos] + insert + SEED_TEXT[pos + cut:])


@FAST
@given(st.text(max_size=300))
def test_sentences_and_clauses_cover_the_text(text):
    for s in sentences(text, year=2024):
        assert text[s.span.start:s.span.end] == s.text
        for c in clauses(text, s.span):
            assert s.span.start <= c.start <= c.end <= s.span.end


@FAST
@given(st.integers(0, 10**12))
def test_numbers_round_trip(n):
    assert parse_number(str(n)) == Decimal(n)
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full) == Decimal(n)


@FAST
@given(st.integers(1, 99999))
def test_chinese_numerals_round_trip(n):
    digits = "零一二三四五六七八九"
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    out, rest, zero = "", n, False
    for value, name in units:
        d, rest = divmod(rest, value)
        if d:
            out += ("零" if zero else "") + digits[d] + name
            zero = False
        elif out:
            zero = True
    if rest:
        out += ("零" if zero and out else "") + digits[rest]
    assert parse_number(out) == Decimal(n)


@FAST
@given(st.binary(max_size=500))
def test_decode_raises_only_input_errors(data):
    try:
        text, enc = decode(data, name="x")
    except InputError as e:
        assert str(e).startswith("x: ")
    else:
        assert isinstance(text, str) and enc
