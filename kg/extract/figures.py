"""Figure recognition: text -> ``Quantity`` objects (number + unit, base-unit value).

Money goes to yuan (万元 x 10^4, 亿元 x 10^8), percentages stay percents, counts keep
their counter word; a leading 超/近/约 or an inner 余/多 becomes the qualifier; one space may
stand before the unit (``1.3 万件``). Years (2024年), ordinals (第一, 第3次), sessions
(届二次、三次全会), formulas (五个一工程, 两个确立), names of plans and policies (三年行动计划,
八项规定), Chinese-numeral counts inside a quoted slogan, words describing the report's own
layout (六个部分) and the article-like 一个/一项 are not figures (the contexts are listed in
``data/lexicon/ordinals.tsv``).

A range (``3-5家``, ``三至五年``, ``10%～20%``, ``20-30万元``) is one figure: its span covers both
bounds, its value is the lower bound and its qualifier ``at_least``. A change (同比增长12%,
下降3个百分点) is the figure as written (a positive number); the direction goes into the
indicator (``kg/extract/measures.py``).
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..model import Quantity, Span
from .lexicon import DEFAULT_LEXICON_DIR, Lexicon
from .numbers import CN_DIGITS, parse_number

__all__ = ["find_quantities"]

_NUM = r"(?:[0-9０-９]{1,3}(?:,[0-9]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+)"
_MORE_BEFORE = {"超": "more_than", "超过": "more_than", "逾": "more_than", "突破": "more_than",
                "近": "about", "约": "about", "将近": "about", "接近": "about", "达": "exact"}


# the lower bound of a range and its dash (3-5家, 10%～20%, 三至五年); 至/到 only between numbers
_RANGE = rf"(?:(?P<lo>{_NUM})(?P<lobig>[万亿](?!元))?(?P<lopct>[%％])?(?P<sep>[-－—–~～〜至到]))?"


def _pattern(lex: Lexicon) -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u, _, _ in lex.units)
    # one space may stand between the number and its unit, as some pages write them ("1.3 万件")
    return re.compile(rf"{_RANGE}(?P<num>{_NUM})(?:[ \u00a0\u3000]?(?P<big>[万亿](?!元)))?(?:[ \u00a0\u3000]?(?P<approx>余|多))?"
                      rf"[ \u00a0\u3000]?(?P<unit>{units})")


@functools.lru_cache(maxsize=4)
def _contexts(directory: str = str(DEFAULT_LEXICON_DIR)) -> dict[str, tuple[str, ...]]:
    """kind -> words of ``ordinals.tsv`` (longest first)."""
    out: dict[str, list[str]] = {"session": [], "plan": [], "formula": [], "name": [], "structure": []}
    path = Path(directory) / "ordinals.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and not line.startswith("#") and parts[0].strip():
                out.setdefault(parts[1].strip(), []).append(parts[0].strip())
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


_ORDINAL_BEFORE = re.compile(r"(?:[一二三四五六七八九十]+次、)+$")
_ORDINAL_AFTER = re.compile(r"^(?:、[一二三四五六七八九十]+次)+")


def _not_a_count(text: str, start: int, end: int, num: str, unit: str, cn: bool) -> bool:
    """Ordinal, session or formula readings of a number with a counter (ordinals.tsv)."""
    ctx = _contexts()
    after = text[end:end + 6]
    before = text[max(0, start - 12):start]
    if cn and unit == "次" and num != "两":
        # one of a list of sessions (届二次、三次、四次全会): the list's other ordinals set aside
        lead = _ORDINAL_BEFORE.sub("", text[max(0, start - 40):start])[-12:]
        rest = _ORDINAL_AFTER.sub("", text[end:end + 40])
        if lead.endswith("届") or re.search(r"届[^，。；;,]{0,8}$", lead) and rest.startswith(ctx["session"]):
            return True
        if rest.startswith(("全会", "全体会议")):
            return True
    if cn and unit == "个" and (after[:1] in CN_DIGITS or after[:1] in "十百千"
                               or after.startswith(ctx["formula"])):
        return True
    if unit == "年" and after.startswith(ctx["plan"]):
        return True
    if cn and unit in ("项", "条") and after.startswith(ctx["name"]):
        return True                   # 八项措施, 十条举措: the name of a policy
    if unit in ("个", "项") and after.startswith(ctx["structure"]):
        return True                   # 三个方面, 六个部分: how the report itself is laid out
    if cn and _in_quote(text, start):
        return True                   # “一个大市场、两个纲要”: a slogan
    return False


def _in_quote(text: str, i: int) -> bool:
    """Position ``i`` lies inside a short “…” quotation (looked for within 30 characters)."""
    left = text[max(0, i - 30):i]
    o, c = left.rfind("“"), left.rfind("”")
    if o < 0 or c > o or "\n" in left[o:]:
        return False
    return "”" in text[i:i + 30].split("\n")[0]


def _units_rx(lex: Lexicon) -> re.Pattern[str]:
    """``_pattern``, compiled once per lexicon."""
    return lex.derived("units", _pattern)


def find_quantities(text: str, lex: Lexicon, *, skip: list[Span] = ()) -> list[Quantity]:
    """All figures of ``text``, except inside the ``skip`` spans (names, quotes).

    Example:
        >>> from .lexicon import load_lexicon
        >>> qs = find_quantities("获得资金697万元，同比增长112%，服务17家企业，超49亿元，70余项，2024年", load_lexicon())
        >>> [(q.text, str(q.value), q.unit, q.qualifier) for q in qs]
        [('697万元', '6970000', 'CNY', 'exact'), ('112%', '112', 'percent', 'exact'), ('17家', '17', 'count', 'exact'), ('49亿元', '4900000000', 'CNY', 'more_than'), ('70余项', '70', 'count', 'more_than')]
    """
    pat = _units_rx(lex)
    units = {u: (base, mult) for u, base, mult in lex.units}
    out: list[Quantity] = []
    for m in pat.finditer(text):
        span = Span(m.start(), m.end())
        if any(s.overlaps(span) for s in skip):
            continue
        num, unit = m.group("num"), m.group("unit")
        cn = not re.match(r"[0-9０-９]", num)
        before = text[max(0, m.start() - 3):m.start()].rstrip()
        after = text[m.end():m.end() + 1]
        if before.endswith("第") or (m.start() > 0 and re.match(r"[0-9０-９.．A-Za-z]", text[m.start() - 1])):
            continue
        base, mult = units[unit]
        lo = _lower_bound(m, base)
        if m.group("lo") and lo is None:
            continue                  # 2023-2024年, 1-2月: dates, or a dash that is no range
        num_start = m.start("num")
        if lo is None and _not_a_count(text, num_start, m.end(), num, unit, cn):
            continue
        try:
            value = parse_number(num)
        except ValueError:
            continue
        if lo is None and cn and len(num) == 2 and all(c in CN_DIGITS for c in num) \
                and CN_DIGITS[num[1]] - CN_DIGITS[num[0]] == 1:
            lo, value = Decimal(CN_DIGITS[num[0]]), Decimal(CN_DIGITS[num[1]])   # 三四家: three or four
        if base == "year":
            # "2024年" is a date; "三年"/"连续3年" are durations
            durational = cn or lo is not None or re.search(r"(提前|连续|近|用|历时)$", text[max(0, m.start() - 2):m.start()])
            if value >= 100 or m.group("approx") or not durational or (after and after in "级度底初末内前后来间"):
                continue
        if cn and lo is None:
            if value <= 1 or num in ("十", "百", "千") and base != "year" and not m.group("approx"):
                continue          # 一个/一项 work as articles, 十/百/千 alone are usually part of a name
            if after and after in "是中大届批" or before.endswith(("第", "“", "\"")):
                continue
        if m.group("big"):
            mult = mult * Decimal(10_000 if m.group("big") == "万" else 100_000_000)
        qualifier = "exact"
        if lo is not None:
            value, qualifier = lo, "at_least"
        elif m.group("approx"):
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


def _lower_bound(m: re.Match[str], base: str) -> Decimal | None:
    """The lower bound of a range match, or None when the match has no (sound) range part."""
    if not m.group("lo"):
        return None
    lo_s, hi_s = m.group("lo"), m.group("num")
    lo_cn, hi_cn = not re.match(r"[0-9０-９]", lo_s), not re.match(r"[0-9０-９]", hi_s)
    if lo_cn != hi_cn:
        return None
    if m.group("lopct") and base != "percent":
        return None
    if m.group("lobig") and m.group("lobig") != m.group("big"):
        return None
    try:
        lo, hi = parse_number(lo_s), parse_number(hi_s)
    except ValueError:
        return None
    if base == "year" and hi >= 100 or not lo < hi:
        return None
    return lo
