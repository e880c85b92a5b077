"""Number parsing for figures: Arabic (ASCII or full-width) and Chinese numerals.

Takes the surface of a number (``"4.6"``, ``"１２"``, ``"三"``, ``"一百二十"``) and gives a
``Decimal``. Written here rather than taken from cn2an so that full-width digits, mixed
forms (``"1.2万"``) and the exact ``Decimal`` arithmetic are under our tests.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["parse_number", "FULLWIDTH", "CN_DIGITS", "to_ascii_digits"]

FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}


def to_ascii_digits(s: str) -> str:
    """Full-width digits and point to ASCII (same length, so offsets survive)."""
    return s.translate(FULLWIDTH)


def _parse_cn(s: str) -> int:
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            section += digit or 0
            total += (section or 1) * CN_BIG[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + (digit or 0)


def parse_number(s: str) -> Decimal:
    """Parse a number written in Arabic, full-width or Chinese digits.

    Raises ``ValueError`` when ``s`` is not a number.

    Example:
        >>> parse_number("4.6"), parse_number("１２"), parse_number("三")
        (Decimal('4.6'), Decimal('12'), Decimal('3'))
        >>> parse_number("一百二十"), parse_number("十一"), parse_number("1,200")
        (Decimal('120'), Decimal('11'), Decimal('1200'))
        >>> parse_number("1.2万")
        Decimal('12000.0')
    """
    t = to_ascii_digits(s.strip()).replace(",", "")
    if not t:
        raise ValueError("empty number")
    mult = Decimal(1)
    if t[-1] in CN_BIG and len(t) > 1 and (t[-2].isdigit() or t[-2] == "."):
        mult = Decimal(CN_BIG[t[-1]])
        t = t[:-1]
    if all(c.isdigit() or c == "." for c in t) and t.count(".") <= 1 and t.strip("."):
        try:
            return Decimal(t) * mult
        except InvalidOperation as e:      # pragma: no cover - guarded by the check above
            raise ValueError(s) from e
    if all(c in CN_DIGITS or c in CN_UNITS or c in CN_BIG for c in t):
        if all(c in CN_DIGITS for c in t) and len(t) > 1:
            return Decimal("".join(str(CN_DIGITS[c]) for c in t))   # 二〇二四 style
        return Decimal(_parse_cn(t)) * mult
    raise ValueError(f"not a number: {s!r}")
