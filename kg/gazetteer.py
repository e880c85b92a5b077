"""Places for reading issuers: ``data/lexicon/places.tsv`` and ``towns.tsv`` -> names, levels and parents.

Takes the generated division-code gazetteer (written form, full name, full|short, level, code;
see its header) and gives a ``Gazetteer``: which places a text names and how often, a place's
parent city (from its code), and the full form of a short one; and the generated township list
(township or street -> the codes of the counties that have one of that name), which gives the
county of a township that names nothing above itself (``county_of_town``). ``kg.docmeta`` uses
them to complete issuer names (区科技局 -> <city><district>科学技术局, 某镇人民政府 -> <county>某镇人民政府)
when the page itself does not say. A missing file gives an empty gazetteer: metadata is then
read from the page alone.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .resources import LEXICON_DIR
from .wordsrx import longest_word_pattern

__all__ = ["Gazetteer", "load_gazetteer", "load_towns", "DEFAULT_PLACES", "DEFAULT_TOWNS"]

DEFAULT_PLACES = LEXICON_DIR / "places.tsv"
DEFAULT_TOWNS = LEXICON_DIR / "towns.tsv"


@dataclass(frozen=True)
class Gazetteer:
    codes: dict[str, tuple[str, ...]]     # full name -> division codes (several when the name repeats)
    names: dict[str, str]                 # code -> full name
    levels: dict[str, str]                # code -> province | city | county
    written: dict[str, str]               # written form (full or unambiguous short) -> full name
    pattern: re.Pattern | None
    upper_short: re.Pattern | None = None  # short forms of provinces and cities (西宁, 江苏)

    def full(self, written: str) -> str:
        """The full name of a written place form, or ``""``."""
        return self.written.get(written, "")

    def mentions(self, text: str) -> Counter:
        """How often each place is named in ``text`` by its full name (short forms such as 共和 occur
        inside ordinary words: 共和国)."""
        if self.pattern is None:
            return Counter()
        return Counter(self.written[m.group(0)] for m in self.pattern.finditer(text))

    def upper_mentions(self, text: str) -> Counter:
        """How often each province and city is named in ``text`` by its short form (考察青海, 推动西宁…):
        only to tell namesakes apart, as in ``city_of``'s ``near``; a short form may sit inside a
        longer word, so it never stands for a place on its own."""
        if self.upper_short is None:
            return Counter()
        return Counter(self.written[m.group(0)] for m in self.upper_short.finditer(text))

    def city_of(self, name: str, near: Iterable[str] = (), town: str = "") -> str:
        """The city (prefecture) a district or county belongs to, if the name is unambiguous or
        only one of its namesakes lies in a city or province named in ``near`` (the text's places)
        or has the township or street ``town`` (某区某街道: the township list, ``load_towns``).

        Example:
            >>> g = Gazetteer({"甲市": ("110100",), "乙区": ("110102",)}, {"110100": "甲市", "110102": "乙区"},
            ...               {"110100": "city", "110102": "county"}, {}, None)
            >>> g.city_of("乙区")
            '甲市'
        """
        codes = self.codes.get(name, ())
        if len(codes) > 1 and town:     # namesakes: the one that has the township
            codes = tuple(c for c in codes if c in load_towns().get(town, ())) or codes
        if len(codes) > 1:      # namesakes (a district name that two cities have): the one whose city or province the text names
            codes = self._lying_in(codes, near)
        if len(codes) != 1 or self.levels.get(codes[0]) != "county":
            return ""
        city = self.names.get(codes[0][:4] + "00", "")
        if not city:      # a district of a municipality (its 市辖区 has no name): the municipality
            top = self.names.get(codes[0][:2] + "0000", "")
            city = top if top.endswith("市") else ""
        return city

    def _lying_in(self, codes: tuple[str, ...], near: Iterable[str], *, itself: bool = False) -> tuple[str, ...]:
        """The division codes among ``codes`` whose city or province (or, with ``itself``, the
        division itself) is named in ``near``: how namesakes are told apart."""
        named = {c for n in near for c in self.codes.get(n, ())}
        return tuple(c for c in codes if (itself and c in named) or c[:4] + "00" in named or c[:2] + "0000" in named)

    def level(self, name: str) -> str:
        codes = self.codes.get(name, ())
        return self.levels.get(codes[0], "") if codes else ""

    def county_of_town(self, town: str, near: Iterable[str] = (), towns: dict[str, tuple[str, ...]] | None = None) -> str:
        """The county (full name) a township or street lies in, from the township list (``towns``,
        default ``load_towns()``): the one county that has a township of that name, or among
        namesakes the one whose county, city or province is named in ``near`` (the text's places);
        ``""`` when the list does not know the name or cannot tell.

        Example:
            >>> g = Gazetteer({"甲市": ("110100",), "乙县": ("110102",), "丙县": ("120101",), "丁省": ("120000",)},
            ...               {"110100": "甲市", "110102": "乙县", "120101": "丙县", "120000": "丁省"},
            ...               {"110102": "county", "120101": "county"}, {}, None)
            >>> towns = {"戊镇": ("110102",), "己乡": ("110102", "120101")}
            >>> g.county_of_town("戊镇", towns=towns), g.county_of_town("己乡", towns=towns)
            ('乙县', '')
            >>> g.county_of_town("己乡", near=["丁省"], towns=towns), g.county_of_town("庚镇", towns=towns)
            ('丙县', '')
        """
        codes = (load_towns() if towns is None else towns).get(town, ())
        if len(codes) > 1:
            codes = self._lying_in(codes, near, itself=True)
        return self.names.get(codes[0], "") if len(codes) == 1 else ""


@lru_cache(maxsize=2)
def load_gazetteer(path: Path = DEFAULT_PLACES) -> Gazetteer:
    """Read ``places.tsv`` (``Gazetteer`` with nothing in it when the file is absent)."""
    path = Path(path)
    codes: dict[str, list[str]] = {}
    names, levels, written = {}, {}, {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 5:
                continue
            form, full, kind, level, code = (c.strip() for c in cols[:5])
            written.setdefault(form, full)
            if kind == "full":
                codes.setdefault(full, []).append(code)
                names[code] = full
                levels[code] = level
    # full names only: short forms (two characters) occur inside ordinary words too often
    forms = sorted((w for w in codes if len(w) >= 3), key=lambda w: (-len(w), w))
    pattern = re.compile(longest_word_pattern(forms)) if forms else None
    upper = sorted((w for w, full in written.items() if w != full and len(w) >= 2
                    and any(levels.get(c) in ("province", "city") for c in codes.get(full, ()))),
                   key=lambda w: (-len(w), w))
    upper_short = re.compile(longest_word_pattern(upper)) if upper else None
    return Gazetteer({k: tuple(v) for k, v in codes.items()}, names, levels, written, pattern, upper_short)


@lru_cache(maxsize=2)
def load_towns(path: Path = DEFAULT_TOWNS) -> dict[str, tuple[str, ...]]:
    """Read ``towns.tsv``: township or street -> the codes of the counties that have one of that
    name (empty when the file is absent). Loaded only when a township's county is wanted."""
    path = Path(path)
    out: dict[str, tuple[str, ...]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, _, codes = line.partition("\t")
                out[name] = tuple(codes.split(","))
    return out
