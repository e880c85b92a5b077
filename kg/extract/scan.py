"""The left edge of a name: scanning back from its head to a boundary, and generic modifiers.

Takes a text, the end of a name (the end of its head), the lexicon (boundary words, generic
words, heads) and the spans no name may cross; gives where the name starts (``scan_left``),
a modifier without its counts and generic words (``strip_generic``: nothing left means no
name) and the compiled alternation of the heads of some modes (``heads_rx``). ``names`` and
``lists`` build on them.
"""
from __future__ import annotations

import functools
import re

from ..wordsrx import longest_word_pattern
from .edges import NAME_CHAR, boundary_ends_at
from .lexicon import Lexicon
from .spans import SpanIndex

__all__ = ["MAX_NAME", "scan_left", "strip_generic", "heads_rx"]

MAX_NAME = 24


def scan_left(text: str, end: int, lex: Lexicon, blocked: SpanIndex, limit: int = MAX_NAME,
               extra: SpanIndex | None = None) -> int:
    """Leftmost start of a name ending at ``end``: stop at punctuation, blocked spans and boundary words."""
    i = end
    while i > 0 and end - i < limit:
        c = text[i - 1]
        if not NAME_CHAR.match(c):
            break
        if blocked.covers(i) or (extra is not None and extra.covers(i)):
            break
        if boundary_ends_at(text, i, lex) or _TIME_BEFORE.search(text, max(0, i - 8), i):
            break
        i -= 1
    return i


# a date or period right before a name starts it (2024年东湖高新区, 9月份开通…): no name holds one at its start
_TIME_BEFORE = re.compile(r"(?:(?:19|20)\d\d年度?|\d{1,2}月份?|\d{1,2}日|上半年|下半年|年初|年底|年末)$")


_COUNTED = re.compile(r"[0-9０-９零一二两三四五六七八九十百千万余多个家项所批]+")


@functools.lru_cache(maxsize=8)
def _lengths(words: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in words if w}))


def strip_generic(modifier: str, generic: frozenset[str]) -> str:
    """``modifier`` without its counts and, again and again, the generic word it begins or ends
    with (the longest first; at the start before at the end).

    Example:
        >>> strip_generic("3家重点企业", frozenset({"重点", "企业"}))
        ''
        >>> strip_generic("甲乙重点", frozenset({"重点", "甲乙重点"}))
        ''
        >>> strip_generic("重点甲乙", frozenset({"重点"}))
        '甲乙'
    """
    rest = _COUNTED.sub("", modifier)
    lengths = _lengths(generic)
    while rest:
        # the generic word a scan of them longest first would meet first (as a start or an end)
        found = [w for n in lengths if n <= len(rest) for w in (rest[:n], rest[-n:]) if w in generic]
        if not found:
            break
        g = min(found, key=lambda w: (-len(w), w))
        rest = rest[len(g):] if rest.startswith(g) else rest[: -len(g)]
    return rest


def _head_regex(lex: Lexicon, modes: tuple[str, ...]) -> re.Pattern[str]:
    heads = [h for h, _, mode in lex.heads if mode in modes]
    return re.compile(longest_word_pattern(heads))


def heads_rx(lex: Lexicon, modes: tuple[str, ...]) -> re.Pattern[str]:
    """``_head_regex``, compiled once per lexicon."""
    return lex.derived(("heads", modes), lambda x: _head_regex(x, modes))
