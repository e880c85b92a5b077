"""Text layout: a report's text -> sentences, clauses and sections.

Gives ``Sentence`` objects with spans into the text, the heading of the section each
sentence is in, and whether that section announces plans. A line break inside a
sentence (web-scraped text) does not end it; one after 。！？； or a heading does.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..model import Sentence, Span

__all__ = ["sentences", "clauses", "is_heading", "HEADING", "BULLET"]

HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分]"
    r"|[0-9０-９]{1,2}[.．、](?=20\d\d年|[^0-9０-９])|[（(][0-9０-９]{1,2}[）)])")
BULLET = re.compile(r"(?:^|(?<=[。；;：:，,\s]))([一二三四五六七八九十]是)")
_END = "。！？；!?;"
_CLAUSE = "，,；;：:。！？!?"
_DOT = re.compile(r"(?<![0-9０-９])\.(?![0-9０-９])")


def is_heading(line: str) -> bool:
    """A numbered heading line (一、 （一） 1. 1、 (1) 第一章), short or without a full stop inside."""
    s = line.strip()
    if not s or not HEADING.match(s):
        return False
    return len(s) <= 40 or not any(c in s for c in "。；;")


def _style(line: str) -> str:
    s = line.strip()
    for name, rx in (("cn", r"^[一二三四五六七八九十]+[、.．]"), ("pcn", r"^[（(][一二三四五六七八九十]+[）)]"),
                     ("ch", r"^第[一二三四五六七八九十]+[章节部分]"), ("ar", r"^[0-9０-９]{1,2}[.．、]"),
                     ("par", r"^[（(][0-9０-９]{1,2}[）)]")):
        if re.match(rx, s):
            return name
    return ""


def sentences(text: str, *, year: int, planned_words: frozenset[str] = frozenset()) -> list[Sentence]:
    """Split ``text`` into sentences, each knowing its section heading.

    Example:
        >>> ss = sentences("一、成效\\n建成中心。签约项目\\n7个。\\n二、2025年工作思路\\n建设园区。", year=2024)
        >>> [(s.text, s.section, s.planned) for s in ss]
        [('一、成效', '一、成效', False), ('建成中心。', '一、成效', False), ('签约项目\\n7个。', '一、成效', False), ('二、2025年工作思路', '二、2025年工作思路', True), ('建设园区。', '二、2025年工作思路', True)]
    """
    out: list[Sentence] = []
    n = len(text)
    lines = _lines(text)
    numbered = [(ls, text[ls:le].strip()) for ls, le in lines if is_heading(text[ls:le])]
    top = _style(numbered[0][1]) if numbered else ""
    heads = [(ls, h) for ls, h in numbered if _style(h) == top]
    head_starts = [hs for hs, _ in heads]
    start = 0
    while start < n:
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            break
        end = _sentence_end(text, start, lines)
        span = Span(start, end)
        k = bisect.bisect_right(head_starts, start)
        sec = heads[k - 1][1] if k else ""
        out.append(Sentence(span=span, text=text[start:end], section=sec,
                            planned=_planned(sec, year, planned_words)))
        start = end
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    res, s = [], 0
    for m in re.finditer("\n", text):
        res.append((s, m.start()))
        s = m.end()
    res.append((s, len(text)))
    return res


def _planned(section: str, year: int, words: frozenset[str]) -> bool:
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", section)]
    return any(y > year for y in years) or any(w in section for w in words)


def _sentence_end(text: str, start: int, lines: list[tuple[int, int]]) -> int:
    n = len(text)
    i = start
    line_end = text.find("\n", start)
    if line_end == -1:
        line_end = n
    if is_heading(text[start:line_end]):
        # a heading ends at its line, or at the first full stop when its text runs on
        m = HEADING.match(text, start)
        k = m.end() if m else start
        while k < line_end:
            c = text[k]
            if c in _END or (c == "." and not (k + 1 < n and text[k + 1].isdigit())):
                return k + 1
            k += 1
        return line_end
    while i < n:
        c = text[i]
        if c in _END or (c == "." and not (i + 1 < n and text[i + 1].isdigit()) and not (i > 0 and text[i - 1].isdigit()
                                                                                      and i + 1 < n and text[i + 1].isdigit())):
            j = i + 1
            while j < n and text[j] in "”’」』\"')）":
                j += 1
            return j
        if c == "\n":
            # a soft break continues the sentence unless the next line is a heading or blank
            k = i + 1
            nl = text.find("\n", k)
            nxt = text[k: nl if nl != -1 else n]
            if not nxt.strip() or is_heading(nxt) or (i > 0 and text[i - 1] in "：:"):
                return i
        i += 1
    return n


def clauses(text: str, span: Span) -> Iterator[Span]:
    """Clause spans of a sentence, split at ，；：。 and at 一是/二是 bullets."""
    s = span.start
    seg = text[span.start:span.end]
    cuts = {m.start(1) for m in BULLET.finditer(seg)}
    i = 0
    cur = 0
    while i < len(seg):
        if seg[i] in _CLAUSE or (seg[i] == "." and _DOT.match(seg, i)) or (i in cuts and i > cur):
            end = i + 1 if (seg[i] in _CLAUSE or seg[i] == ".") else i
            if seg[cur:end].strip():
                yield Span(s + cur, s + end)
            cur = end
        i += 1
    if seg[cur:].strip():
        yield Span(s + cur, span.end)
