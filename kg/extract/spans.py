"""Span index: sorted half-open spans with logarithmic overlap and containment queries.

Takes spans; answers "does anything overlap this span", "which spans lie inside this one"
and "is offset i inside a span" in O(log n + k), so extraction stays linear in the text.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable

from ..model import Span

__all__ = ["SpanIndex"]


class SpanIndex:
    """Example:
    >>> ix = SpanIndex([Span(0, 3), Span(5, 8)])
    >>> ix.overlaps(Span(2, 4)), ix.overlaps(Span(3, 5)), [s for s in ix.inside(Span(4, 9))]
    (True, False, [Span(start=5, end=8)])
    """

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans = sorted(spans)
        self._starts = [s.start for s in self._spans]
        self._maxlen = max((len(s) for s in self._spans), default=0)

    def add(self, span: Span) -> None:
        i = bisect.bisect_left(self._spans, span)
        self._spans.insert(i, span)
        self._starts.insert(i, span.start)
        self._maxlen = max(self._maxlen, len(span))

    def _candidates(self, start: int, end: int) -> list[Span]:
        lo = bisect.bisect_left(self._starts, start - self._maxlen)
        hi = bisect.bisect_left(self._starts, end)
        return self._spans[lo:hi]

    def overlaps(self, span: Span) -> bool:
        return any(s.start < span.end and span.start < s.end for s in self._candidates(span.start, span.end))

    def overlapping(self, span: Span) -> list[Span]:
        """The spans that overlap ``span``."""
        return [s for s in self._candidates(span.start, span.end) if s.start < span.end and span.start < s.end]

    def inside(self, span: Span) -> list[Span]:
        lo = bisect.bisect_left(self._starts, span.start)
        hi = bisect.bisect_left(self._starts, span.end)
        return [s for s in self._spans[lo:hi] if s.end <= span.end]

    def covers(self, i: int) -> bool:
        """True if ``start < i <= end`` for some span (a scan going left from i must stop)."""
        return any(s.start < i <= s.end for s in self._candidates(i - 1, i + 1))

    def __len__(self) -> int:
        return len(self._spans)
