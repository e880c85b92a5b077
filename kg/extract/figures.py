"""Figure recognition: text -> ``Quantity`` objects (number + unit, base-unit value).

Money goes to yuan (万元 x 10^4, 亿元 x 10^8), percentages stay percents, counts keep
their counter word; a leading 超/近/约 or an inner 余/多 becomes the qualifier. Years
(2024年), ordinals (第一) and the article-like 一个/一项 are not figures.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..model import Quantity, Span
from .lexicon import Lexicon
from .numbers import parse_number

__all__ = ["find_quantities"]

_NUM = r"(?:[0-9０-９]{1,3}(?:,[0-9]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+)"
_MORE_BEFORE = {"超": "more_than", "超过": "more_than", "逾": "more_than", "突破": "more_than",
                "近": "about", "约": "about", "将近": "about", "接近": "about", "达": "exact"}


def _pattern(lex: Lexicon) -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u, _, _ in lex.units)
    return re.compile(rf"(?P<num>{_NUM})(?P<big>[万亿](?!元))?(?P<approx>余|多)?(?P<unit>{units})")


_CACHE: dict[int, re.Pattern[str]] = {}


def find_quantities(text: str, lex: Lexicon, *, skip: list[Span] = ()) -> list[Quantity]:
    """All figures of ``text``, except inside the ``skip`` spans (names, quotes).

    Example:
        >>> from .lexicon import load_lexicon
        >>> qs = find_quantities("获得资金697万元，同比增长112%，服务17家企业，超49亿元，70余项，2024年", load_lexicon())
        >>> [(q.text, str(q.value), q.unit, q.qualifier) for q in qs]
        [('697万元', '6970000', 'CNY', 'exact'), ('112%', '112', 'percent', 'exact'), ('17家', '17', 'count', 'exact'), ('49亿元', '4900000000', 'CNY', 'more_than'), ('70余项', '70', 'count', 'more_than')]
    """
    pat = _CACHE.setdefault(id(lex), _pattern(lex))
    units = {u: (base, mult) for u, base, mult in lex.units}
    out: list[Quantity] = []
    for m in pat.finditer(text):
        span = Span(m.start(), m.end())
        if any(s.overlaps(span) for s in skip):
            continue
        num, unit = m.group("num"), m.group("unit")
        cn = not re.match(r"[0-9０-９]", num)
        before = text[max(0, m.start() - 2):m.start()]
        after = text[m.end():m.end() + 1]
        if before.endswith("第") or (m.start() > 0 and re.match(r"[0-9０-９.．]", text[m.start() - 1])):
            continue
        base, mult = units[unit]
        try:
            value = parse_number(num)
        except ValueError:
            continue
        if base == "year":
            # "2024年" is a date; "三年"/"连续3年" are durations
            durational = cn or re.search(r"(提前|连续|近|用|历时)$", text[max(0, m.start() - 2):m.start()])
            if value >= 100 or m.group("approx") or not durational or (after and after in "级度底初末内前后来间"):
                continue
        if cn:
            if value <= 1 or num in ("十",) and base != "year":
                continue          # 一个/一项 work as articles, 十 alone is usually part of a name
            if after and after in "是中大届批" or before.endswith(("第", "“", "\"")):
                continue
        if m.group("big"):
            mult = mult * Decimal(10_000 if m.group("big") == "万" else 100_000_000)
        qualifier = "exact"
        if m.group("approx"):
            qualifier = "more_than"
        else:
            for w in sorted(_MORE_BEFORE, key=len, reverse=True):
                if text[max(0, m.start() - len(w)):m.start()] == w:
                    qualifier = _MORE_BEFORE[w]
                    break
            if text[m.end():m.end() + 2] == "以上":
                qualifier = "at_least"
        value = value * mult
        if value == value.to_integral_value():
            try:
                value = value.quantize(Decimal(1))
            except InvalidOperation:       # more digits than the context's precision: keep as is
                pass
        out.append(Quantity(span=span, text=m.group(0), value=value, unit=base,
                            counter=(m.group("big") or "") + unit, qualifier=qualifier))
    return out
