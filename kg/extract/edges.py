"""Edges of names: the low-level tests the name recognisers share.

Takes a text, offsets into it and the lexicon; gives whether a character may belong to a
name (``NAME_CHAR``), whether a boundary word ends at an offset, whether a short word stands
alone, the classes that are bodies (``BODIES``) and the stems of a report's own places.
Used by ``names``, ``places`` and ``bodies``; imports none of them.
"""
from __future__ import annotations

import re

from ..model import ReportMeta
from .lexicon import Lexicon

__all__ = ["NAME_CHAR", "BODIES", "bounded", "boundary_ends_at", "place_stems", "issuer_without_places"]

NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9０-９Ａ-Ｚａ-ｚ·（）()\-]")
BODIES = ("GovernmentBody", "PartyBody", "LegislativeBody", "ConsultativeBody")


def place_stems(meta: ReportMeta) -> dict[str, str]:
    """The report's own places by the forms the text may write them in: full (岳麓区) and,
    for names of three characters or more, without the level character (江宁).

    Example:
        >>> m = ReportMeta(title="t", issuer="某局", year=2024, source="s", place=("南京市", "江宁区"))
        >>> place_stems(m)
        {'南京': '南京市', '江宁': '江宁区', '南京市': '南京市', '江宁区': '江宁区'}
        >>> m = ReportMeta(title="t", issuer="某局", year=2024, source="s", place=("甲乙藏族自治州",))
        >>> sorted(place_stems(m))
        ['甲乙', '甲乙州', '甲乙藏族自治', '甲乙藏族自治州']
    """
    out = {p[:-1]: p for p in meta.place if len(p) >= 3} | {p: p for p in meta.place}
    for p in meta.place:      # an autonomous prefecture or county by its short form: 某某州, 某某县
        m = _AUTONOMOUS.match(p)
        if m:
            out.setdefault(m.group(1) + m.group(2), p)
            out.setdefault(m.group(1), p)
    return out


def issuer_without_places(meta: ReportMeta) -> list[str]:
    """The issuer's name, then that name less each of the report's leading places in turn.

    Example:
        >>> m = ReportMeta(title="t", issuer="甲市乙区丙街道办事处", year=2024, source="s", place=("甲市", "乙区"))
        >>> issuer_without_places(m)
        ['甲市乙区丙街道办事处', '乙区丙街道办事处', '丙街道办事处']
    """
    forms, name = [meta.issuer], meta.issuer
    for p in meta.place:
        if p and name.startswith(p):
            name = name[len(p):]
            forms.append(name)
    return forms


# 某某藏族自治州 -> 某某州, 某某彝族苗族自治县 -> 某某县, 某某蒙古自治州 -> 某某州
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)*(?:蒙古)?(?:[\u4e00-\u9fff]{1,4}?族)*自治(州|县|旗)$")


def bounded(text: str, start: int, end: int, lex: Lexicon, *, either: bool = False) -> bool:
    """A short lexicon word stands alone: boundary words or punctuation on both sides
    (on ``either`` side for body short forms such as 区委, 人大)."""
    left_ok = start == 0 or not NAME_CHAR.match(text[start - 1]) or any(
        text[max(0, start - len(w)):start] == w for w in lex.boundaries)
    right_ok = end >= len(text) or not NAME_CHAR.match(text[end]) or any(
        text[end:end + len(w)] == w for w in lex.boundaries) or text[end] in "、和与等"
    return (left_ok or right_ok) if either else (left_ok and right_ok)


def boundary_ends_at(text: str, i: int, lex: Lexicon) -> bool:
    """Does a boundary word end at offset ``i``? (words are at most 4 characters; a word of
    ``lex.inside_words`` that ends there or runs across it, 政务服务 over 服务, 在线 over 在, is inside
    a name, no boundary)"""
    words = lex.derived("boundaries", lambda x: frozenset(x.boundaries))
    if not any(text[max(0, i - k):i] in words for k in range(1, 5) if k <= i):
        return False
    return not any(text[i - k:i - k + n] in lex.inside_words for k in range(1, 7) if k <= i for n in range(max(k, 2), 7))


