"""Names that lists give: ``X、Y等<category>`` (X and Y are of the category's class) and
``X、Y、Z<head>`` (X and Y share the head of the name that closes the list).

Takes a text, the lexicon, the candidates found so far and the spans no name may cross; gives
more ``Candidate`` objects (source ``list`` and ``coord``) for ``names.find_candidates``.
"""
from __future__ import annotations

import re

from ..model import Span
from .candidate import Candidate
from .edges import NAME_CHAR
from .lexicon import Lexicon
from .scan import heads_rx, scan_left, strip_generic
from .spans import SpanIndex

__all__ = ["listed", "coordinated"]


# words between 等 and a category that show the clause going on (均由, 都在, 被, 向…, or a punctuation mark):
# no category follows
_GAP_STOP = re.compile(r"[均都由被向对在从将把为是并，,。；;：:！？!?\s]")
# what makes an activity in an "X等活动" list a named one: an edition (首届, 第三届), a year, a quote
_NAMED_EVENT = re.compile(r"届|(?:19|20)\d\d|[“\"「]")


def listed(text: str, lex: Lexicon, blocked: SpanIndex) -> list[Candidate]:
    """``X、Y等<category>``: X and Y are things of the category's class."""
    cats = heads_rx(lex, ("list", "both", "name", "modifier"))
    out = []
    for m in re.finditer(r"等", text):
        tail = text[m.end():m.end() + 14]
        t = re.match(r"(?:“[^”]{1,10}”|\"[^\"]{1,10}\")?(?:[0-9０-９零一二两三四五六七八九十百千]+[余多]?[个家项所批次类条])?"
                     r"(?:[\u4e00-\u9fff]{0,4}?)", tail)
        hm = None
        base = len(t.group(0)) if t else 0
        for k in range(base, min(base + 5, len(tail))):
            if _GAP_STOP.search(tail, 0, k):
                break            # 政府合同等均由司法所审核: the clause goes on; what follows names no category
            hm = cats.match(tail, k)
            if hm and hm.end() < len(tail) + 1:
                break
            hm = None
        if not hm:
            continue
        head = lex.head_of(hm.group(0))
        if head is None:
            continue
        complete = head[2] == "both"
        end = m.start()
        while True:
            start = scan_left(text, end, lex, blocked)
            member = text[start:end]
            for alias in lex.aliases:
                if member.endswith(alias) and member != alias and len(alias) >= 2:
                    start, member = end - len(alias), alias       # "促成川大" -> "川大"
                    break
            if len(member) >= 2 and strip_generic(member, lex.generic):
                canon = member if (not complete or lex.head_of(member)) else member + head[0]
                if member in lex.aliases:
                    canon = lex.aliases[member][0]
                own = lex.head_of(member)
                cls = own[1] if own and own[2] != "list" else head[1]
                # 理论学习中心组学法等活动: a kind of activity, no named event (GUIDELINES.md)
                kind_only = cls == "Event" and not own and not _NAMED_EVENT.search(member) \
                    and not any(member.startswith(p) for p in lex.places)
                if not kind_only:
                    out.append(Candidate(Span(start, end), member, cls, canon, "list"))
            if start > 0 and text[start - 1] == "、":
                end = start - 1
                continue
            break
    return out


def coordinated(text: str, lex: Lexicon, chosen: list[Candidate], blocked: SpanIndex) -> list[Candidate]:
    """``X、Y、Z中心``: X and Y share the head of the name that closes the list."""
    out = []
    taken = SpanIndex(k.span for k in chosen)
    for c in chosen:
        if c.source != "head" or c.span.start == 0 or text[c.span.start - 1] != "、":
            continue
        head = lex.head_of(c.canonical)
        if head is None:
            continue
        nxt = text[c.span.end:c.span.end + 1]
        if nxt and NAME_CHAR.match(nxt) and nxt not in "等和及与的" and not any(
                text.startswith(w, c.span.end) for w in lex.boundaries if len(w) >= 2):
            continue          # 国库管理、…、担保基金管理: the name does not close its list item
        end = c.span.start - 1
        while end > 0:
            start = scan_left(text, end, lex, blocked, extra=taken)
            member = text[start:end]
            if len(member) < 2 or lex.head_of(member) or taken.overlaps(Span(start, end)):
                break
            # 世界水日、中国水周、国际禁毒日: a member that ends as the names of its class do is a
            # whole name (with a head the lexicon lacks), not a modifier sharing the last head
            whole = member[-1] in lex.derived("head_ends", _head_ends).get(c.cls, ())
            out.append(Candidate(Span(start, end), member, c.cls, member if whole else member + head[0], "coord"))
            if start > 0 and text[start - 1] == "、":
                end = start - 1
            else:
                break
    return out


def _head_ends(lex: Lexicon) -> dict[str, frozenset[str]]:
    """class -> the last characters of its heads (Event: 日 周 会 节…)."""
    ends: dict[str, set[str]] = {}
    for head, cls, _ in lex.heads:
        ends.setdefault(cls, set()).add(head[-1])
    return {cls: frozenset(v) for cls, v in ends.items()}
