"""Document metadata: what a report says about itself -> title, issuer, year, genre, date, ids.

Takes the report's ``MainText`` (``kg.furniture``: main text, 信息公开 fields, header lines),
the format's metadata tags (HTML ``<meta>``: ArticleTitle, PubDate, ContentSource, SiteName...;
``pdf:Title``, ``docx:title``) and the checked ``.meta.json`` (if any); gives a ``DocMeta`` in
which every field records where it came from. The first source that has a field wins:
``.meta.json`` > meta tags > 信息公开 block > the title line > the opening sentence. Short issuer
names (区科技局, 科学技术局) are expanded with the title's full name and the places the page
names; short and full forms of bodies come from ``data/lexicon/departments.tsv`` and
``orgforms.tsv``, never from code.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .furniture import MainText, squeeze, title_genre
from .gazetteer import load_gazetteer
from .model import ReportMeta
from .resources import LEXICON_DIR

__all__ = ["DocMeta", "describe", "to_report_meta", "places_of", "expand_issuer", "parse_title", "parse_date",
           "org_forms"]

LEXICON = LEXICON_DIR
_PLACE = re.compile(r"^(?:(?P<p>.{2,7}?(?:省|自治区)))?(?:(?P<c>.{1,7}?(?:市|自治州|州(?!市)|盟|地区)))?"
                    r"(?:(?P<d>.{1,7}?(?:区|县|旗|市)))?")
_LEVEL_WORD = re.compile(r"自治[区州县旗]|[省市区县州旗]")
_PLACE_ONLY = re.compile(r".{1,12}?(?:省|自治区|市|自治州|州|盟|地区|区|县|旗)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CN_YEAR = re.compile(r"([一二][〇○零Ｏ0一二三四五六七八九]{3})年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0", "0": "0"}
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_ORG_END = r"(?:局|委员会|委|办公室|办|厅|院|人民政府|政府|管委会|中心|所|队|站|会|署|部)"
_OPENING = re.compile(r"^(?:(?:(?:19|20)\d\d年(?:以来|度|)|今年以来|近年来|一年来|过去一年)[，,]?)?(?:在[^，,。]{2,40}下[，,])?"
                      rf"(?:我(?:局|委|院|办|厅))?(?P<org>[\u4e00-\u9fff（）()]{{1,30}}?{_ORG_END})")
# words no body's name holds: an "org" with one of them is the start of a sentence, not a subject
_NOT_A_NAME = re.compile(r"坚持|贯彻|落实|作为|推进|围绕|聚焦|按照|认真|深入|全面|始终|紧紧|高度|积极|着力|持续|进一步|把|的|以|将|对|在")
_COMPILED_BY = re.compile(rf"由(?P<org>[\u4e00-\u9fff]{{2,30}}?{_ORG_END})(?:负责)?(?:编制|制作|起草|编写)")
_REPORTED = re.compile(r"现(?:将|就)(?P<t>[^，,。；]{4,60}?)(?:报告|汇报|总结)如下")
_TAG_TITLE_END = re.compile(r"[_｜|—\-–]+[^_｜|—\-–]{2,30}$")
_BAD_ID = {"", "无", "-", "/", "—", "暂无"}


@dataclass(frozen=True, slots=True)
class DocMeta:
    """Metadata read from a document; ``sources`` says where each field came from."""

    title: str = ""
    issuer: str = ""
    year: int = 0
    genre: str = ""
    date: str = ""                                  # publication date, YYYY-MM-DD
    dates: dict[str, str] = field(default_factory=dict)   # every date the page gives, by label
    identifiers: tuple[tuple[str, str], ...] = ()   # (scheme, value): 索引号, 文号
    place: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()       # (field, source)

    def source_of(self, name: str) -> str:
        return next((s for f, s in self.sources if f == name), "")


@lru_cache(maxsize=4)
def org_forms(directory: Path = LEXICON) -> tuple[tuple[str, str], ...]:
    """``(short, full)`` forms of body names, longest short form first (departments.tsv + orgforms.tsv)."""
    pairs: dict[str, str] = {}
    for name in ("departments.tsv", "orgforms.tsv"):
        path = Path(directory) / name
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
                raise ConfigError(f"{path}:{n}: expected short form <TAB> full form, got {line!r}")
            pairs.setdefault(cols[0].strip(), cols[1].strip())
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def places_of(name: str) -> tuple[str, ...]:
    """Administrative places at the start of a name, largest first.

    Example:
        >>> places_of("甲乙省丙市丁区科学技术局")
        ('甲乙省', '丙市', '丁区')
    """
    m = _PLACE.match(name)
    if not m:
        return ()
    # a level word alone (自治州科技局: the prefecture's own bureau) is not a place name
    return tuple(v for v in (m.group("p"), m.group("c"), m.group("d")) if v and not _LEVEL_WORD.fullmatch(v))


def _full_body(body: str) -> str:
    """The full form of a body's name without places: 科技局 -> 科学技术局."""
    for short, full in org_forms():
        if body == short or body == full:
            return full
    for short, full in org_forms():
        if body.endswith(short) and len(body) > len(short):
            return body[: -len(short)] + full
    return body


def _known(body: str) -> bool:
    forms = dict(org_forms())
    return body in forms or body in forms.values() or any(body.endswith(f) for f in forms)


def _split(name: str) -> tuple[tuple[str, ...], str, str]:
    """``(places, level, body)``: 甲市乙区科技局 -> (('甲市', '乙区'), '', '科学技术局'); 区科技局 -> ((), '区', …)."""
    forms = dict(org_forms())
    lv = re.match(r"自治[州县区旗]|[省市区县州旗]", name)
    if lv and len(name) > len(lv.group(0)) + 1 and (name[lv.end():] in forms or name[lv.end():] in forms.values()):
        return (), lv.group(0), _full_body(name[lv.end():])      # 区科技局: a level, then a body
    places = places_of(name)
    rest = name[len("".join(places)):]
    if not rest and places:      # a bare place: its government
        return places, "", "人民政府"
    level = ""
    if len(rest) > 2 and rest[0] in "省市区县州" and _known(rest[1:]):
        level, rest = rest[0], rest[1:]
    return places, level, _full_body(rest)


def expand_issuer(short: str, *, title_issuer: str = "", chains: tuple[tuple[str, ...], ...] = (),
                  named: Counter | None = None) -> str:
    """Expand a short issuer name with the title's issuer, the place chains named on the page
    and, failing those, the place the text names most often (``named``: full name -> count).

    Example:
        >>> expand_issuer("丙区科技局", title_issuer="甲市丙区科学技术局")
        '甲市丙区科学技术局'
        >>> expand_issuer("科学技术局", chains=(("甲市", "丙区"),))
        '甲市丙区科学技术局'
        >>> expand_issuer("区科技局", chains=(("甲市", "丙区"),))
        '甲市丙区科学技术局'
        >>> expand_issuer("县教育局", named=Counter({"戊县": 3, "甲市": 1}))
        '戊县教育局'
    """
    short = re.sub(r"^中共|(?<=[局委办厅院])(?:党组|党委)$", "", squeeze(short))
    if not short:
        return title_issuer
    places, level, body = _split(short)
    if title_issuer:
        tplaces, _, tbody = _split(title_issuer)
        if tbody == body and all(p in tplaces for p in places) and (
                not level or any(p.endswith(level) for p in tplaces)):
            return with_parents(title_issuer, chains)
    if places:
        return with_parents("".join(places) + body, chains)
    best: tuple[str, ...] = ()
    for chain in chains:
        cut = chain
        if level:
            idx = [i for i, p in enumerate(chain) if p.endswith(level)]
            if not idx:
                continue
            cut = chain[: idx[-1] + 1]
        if len(cut) > len(best):
            best = cut
    if best:
        return "".join(best) + body
    place = _most_named(named or Counter(), level) if level else ""   # a bare 教育局 names no level: no guess
    if place:
        return with_parents(place + body, chains)
    return level + body if level else body


_LEVEL_OF = {"省": ("province",), "市": ("city", "county"), "州": ("city",), "区": ("county",), "县": ("county",),
             "自治州": ("city",), "自治县": ("county",), "自治区": ("province",), "旗": ("county",)}


def _most_named(named: Counter, level: str) -> str:
    """The place of the given level (省/市/区/县, or any) the text names most often."""
    gaz = load_gazetteer()
    rank = {"county": 0, "city": 1, "province": 2}
    cands = [(n, -rank.get(gaz.level(p), 3), p) for p, n in named.items()
             if not level or (p.endswith(level) and gaz.level(p) in ("", *_LEVEL_OF.get(level, ())))]
    return max(cands)[2] if cands else ""


def with_parents(name: str, chains: tuple[tuple[str, ...], ...]) -> str:
    """Prefix a name that starts with a place by that place's parents when the page names them;
    a district (…区) is otherwise prefixed by its city when the gazetteer knows it unambiguously
    (districts are written with their city, counties and cities alone).

    Example:
        >>> with_parents("丙区司法局", (("甲市", "丙区"),))
        '甲市丙区司法局'
    """
    places = places_of(name)
    if not places:
        return name
    first = places[0]
    for chain in chains:
        if first in chain and chain.index(first) > 0:
            parents = chain[: chain.index(first)]
            if not name.startswith("".join(parents)):
                return "".join(parents) + name
    if len(places) == 1 and first.endswith("区"):
        city = load_gazetteer().city_of(first)
        if city and not name.startswith(city):
            return city + name
    return name


def parse_date(text: str) -> str:
    """``YYYY-MM-DD`` from 2025-03-10, 2025年02月14日, 2024/3/8 10:00, or ``""``.

    Example:
        >>> parse_date("2025年2月14日"), parse_date("2024-03-28 09:18"), parse_date("无")
        ('2025-02-14', '2024-03-28', '')
    """
    m = _DATE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def _year_of(text: str) -> int:
    s = unicodedata.normalize("NFKC", text)
    m = _YEAR.search(s)
    c = _CN_YEAR.search(s)
    if c and (not m or c.start() < m.start()):
        return int("".join(_CN_DIGIT.get(ch, "0") for ch in c.group(1)))
    return int(m.group(1)) if m else 0


def parse_title(title: str) -> tuple[str, int, str]:
    """``(issuer, year, genre)`` read off a report title; issuer ``""`` when the title names none.

    The year is the first one (the year reported on: …2024年工作总结和2025年工作计划 -> 2024).

    Example:
        >>> parse_title("甲市丙区科学技术局关于2024年法治政府建设情况的报告")
        ('甲市丙区科学技术局', 2024, '法治政府建设情况报告')
        >>> parse_title("丙区2023年度法治政府建设情况报告")
        ('丙区人民政府', 2023, '法治政府建设情况报告')
    """
    s = squeeze(title)
    year = _year_of(s)
    genre = title_genre(s) or ""
    m = _YEAR.search(s) or _CN_YEAR.search(s)
    head = s[: m.start()] if m else ""
    head = re.sub(r"(?:关于|在|的|\d|第)+$", "", re.sub(r"关于.*$", "", head) if "关于" in head else head)
    issuer = ""
    if 2 <= len(head) <= 40:
        if _PLACE_ONLY.fullmatch(head) and places_of(head) and "".join(places_of(head)) == head:
            issuer = head + "人民政府"
        elif re.search(_ORG_END + "$", head):
            issuer = head
    return issuer, year, genre


def _chains(texts: list[str]) -> tuple[tuple[str, ...], ...]:
    """Place chains named on the page: 甲市丙区人民政府 -> ('甲市', '丙区'), longest first."""
    out: set[tuple[str, ...]] = set()
    for t in texts:
        s = squeeze(t)
        for m in re.finditer(r"(?:欢迎(?:访问|来到)?)?([\u4e00-\u9fff]{2,20}?)(?:人民政府|政府|门户网站|网站)", s):
            chain = places_of(m.group(1))
            if chain and "".join(chain) == m.group(1):
                out.add(chain)
    return tuple(sorted(out, key=lambda c: (-len(c), c)))


@dataclass(frozen=True, slots=True)
class _Opening:
    org: str = ""         # who the opening sentence says acted (区科技局, 某市人民政府)
    year: int = 0
    year_source: str = ""
    reported: str = ""    # 现将<2024年度法治政府建设情况>报告如下
    quoted: str = ""      # a title in 《》 in the opening lines (现发布《…年度报告》)
    signature: str = ""   # the body that signs the report (a name line above a date line)


def _opening(body: str, title_line: str) -> _Opening:
    """What the report's opening lines (and its signature) say about it."""
    lines = [squeeze(ln) for ln in body.split("\n") if squeeze(ln)]
    if title_line and lines and title_line.startswith(lines[0]):
        acc, k = "", 0
        while k < len(lines) and len(acc) < len(title_line):
            acc, k = acc + lines[k], k + 1
        lines = lines[k:]
    first = next((ln for ln in lines[:6] if len(ln) >= 20), "")
    org, year, year_src = "", 0, ""
    m = re.match(r"((?:19|20)\d\d)年", first)
    if m:
        year, year_src = int(m.group(1)), "first-sentence"
    else:
        y = _YEAR.search("".join(lines)[:300])
        if y:
            year, year_src = int(y.group(1)), "text"
    p = re.match(r"(?:(?:19|20)\d\d年(?:以来|度|)[，,]?)?(?P<place>[\u4e00-\u9fff]{2,12}?(?:省|市|区|县|州))"
                 r"(?=坚持|深入|认真|始终|全面|以|紧紧|围绕|聚焦|在|着力|持续)", first)
    o = next((x for x in (_OPENING.match(ln) for ln in [ln for ln in lines[:8] if len(ln) >= 20][:3])
              if x and not x.group("org").startswith(("全", "各", "本", "我", "一", "二"))
              and not _NOT_A_NAME.search(x.group("org"))), None)
    o = o or _COMPILED_BY.search("".join(lines[:2]))
    if p and (load_gazetteer().full(p.group("place")) or "".join(places_of(p.group("place"))) == p.group("place")):
        org = p.group("place") + "人民政府"      # 某市坚持…: the report of the place's government
    elif o:
        org = o.group("org")
        gov = re.match(r"[、和与及]([\u4e00-\u9fff]{0,10}?政府)", o.string[o.end():])
        if org.endswith("委") and gov:    # 某省委、省政府: the report is the government's
            org = "".join(places_of(org)) + gov.group(1) if not places_of(gov.group(1)) else gov.group(1)
    head = "".join(lines[:12])
    r = _REPORTED.search(head)
    q = next((t for t in re.findall(r"(?:发布|公布|公开|印发|报送|现将)《([^《》]{6,80})》", "".join(lines[:3]))
              if title_genre(t) and _year_of(t)), "")
    sig = ""
    for part in (lines[:8], lines[-8:]):     # a name line above a date line: a signature (落款)
        for i in range(len(part) - 1):
            if re.fullmatch(rf"[\u4e00-\u9fff（）()]{{3,30}}?{_ORG_END}", part[i]) and len(part[i + 1]) <= 16 \
                    and parse_date(part[i + 1]):
                sig = part[i]
    return _Opening(org, year, year_src, r.group("t") if r else "", q, sig)


@lru_cache(maxsize=2)
def _doctitles(path: Path = LEXICON / "doctitles.tsv") -> tuple[tuple[str, re.Pattern, str], ...]:
    """The conventional titles of ``doctitles.tsv``: (genre, evidence, template)."""
    rows = []
    if Path(path).exists():
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3:
                raise ConfigError(f"{path}:{n}: expected genre <TAB> evidence <TAB> template, got {line!r}")
            rows.append((cols[0].strip(), re.compile(cols[1].strip()), cols[2].strip()))
    return tuple(rows)


def _conventional_title(text: str, issuer: str, year: int) -> tuple[str, str]:
    """(title, genre) in the genre's conventional form, or ("", "")."""
    if not issuer or not year or not places_of(issuer):
        return "", ""      # an issuer without its place (区科技局) would make a wrong title
    head = squeeze(text[:800])[:600]
    who = issuer.removesuffix("人民政府") if issuer.endswith("人民政府") and places_of(issuer) else issuer
    for genre, evidence, template in _doctitles():
        if evidence.search(head):
            return template.format(issuer=who, year=year), genre
    return "", ""


def describe(main: MainText, *, tags: dict[str, str] | None = None, meta_json: dict | None = None) -> DocMeta:
    """Collect the document's metadata, each field with its source (first source wins).

    Example:
        >>> from kg.furniture import split_main
        >>> page = ("欢迎访问甲市丙区人民政府网站\\n发布机构: 丙区科技局 发布日期: 2025-03-10\\n"
        ...         "文号: 丙科发〔2025〕3号\\n丙区科学技术局2024年法治政府建设情况报告\\n"
        ...         "2024年，区科技局坚持依法行政，全面推进法治政府建设，取得明显成效。")
        >>> d = describe(split_main(page))
        >>> d.issuer, d.year, d.date, d.identifiers
        ('甲市丙区科学技术局', 2024, '2025-03-10', (('文号', '丙科发〔2025〕3号'),))
        >>> d.source_of("issuer"), d.source_of("title")
        ('info:发布机构+expanded', 'title-line')
    """
    tags = {k: v for k, v in (tags or {}).items() if isinstance(v, str) and v.strip()}
    meta_json = meta_json or {}
    info = main.info
    got: dict[str, tuple[object, str]] = {}

    def offer(name: str, value: object, source: str) -> None:
        if value and name not in got:
            got[name] = (value, source)

    # 1. the .meta.json
    for key in ("title", "issuer", "year", "genre", "date"):
        offer(key, meta_json.get(key), "meta.json")
    if meta_json.get("place"):
        offer("place", tuple(meta_json["place"]), "meta.json")
    # 2. the format's metadata tags
    tag_title = tags.get("ArticleTitle") or _clean_tag_title(tags.get("html:title", "")) \
        or next((tags[k] for k in ("pdf:Title", "docx:title") if title_genre(tags.get(k, ""))), "")
    offer("title", squeeze(tag_title), _tag_source(tags, tag_title))
    offer("issuer", tags.get("ContentSource", ""), "meta:ContentSource")
    offer("date", parse_date(tags.get("PubDate", "")), "meta:PubDate")
    # 3. the 信息公开 block
    offer("title", info.get("名称", ""), "info:名称")
    offer("issuer", info.get("发布机构", ""), "info:发布机构")
    for label in ("发布日期", "成文日期", "生成日期"):
        offer("date", parse_date(info.get(label, "")), f"info:{label}")
    # 4. the title line
    offer("title", main.title, "title-line")
    # 5. the opening sentence (and the signature)
    op = _opening(main.text, main.title)
    offer("title", op.quoted, "first-sentence")
    title_value = str(got["title"][0]) if "title" in got else ""
    t_issuer, t_year, t_genre = parse_title(title_value) if title_value else ("", 0, "")
    t_src = got["title"][1] if "title" in got else ""
    offer("issuer", t_issuer, t_src)
    offer("year", t_year, t_src)
    offer("genre", t_genre, t_src)
    offer("issuer", op.signature, "signature")
    offer("issuer", op.org, "first-sentence")
    offer("year", op.year, op.year_source)
    offer("issuer", info.get("来源", ""), "info:来源")

    # expand a short issuer with the title's issuer and the places the page names
    page_names = list(main.header) + [tags.get("SiteName", ""), info.get("来源", ""), info.get("发布机构", ""),
                                      title_value]
    chains = _chains(page_names)
    named = load_gazetteer().mentions("\n".join([*main.header, main.text]))
    if "issuer" in got and got["issuer"][1] != "meta.json":
        raw, src = got["issuer"]
        full = expand_issuer(str(raw), title_issuer=t_issuer, chains=chains, named=named)
        if full != raw:
            got["issuer"] = (full, src + "+expanded")
    if "title" not in got and "issuer" in got and "year" in got:
        if op.reported and _year_of(op.reported):
            m = _YEAR.search(op.reported)
            made = str(got["issuer"][0]) + op.reported[m.start():] + "报告"
            offer("title", made, "first-sentence")
            offer("genre", title_genre(made) or "", "first-sentence")
        made, genre = _conventional_title(main.text, str(got["issuer"][0]), int(got["year"][0]))
        offer("title", made, "constructed")
        offer("genre", genre, "constructed")
    dates = {label: parse_date(info[label]) for label in ("成文日期", "生成日期", "发布日期") if parse_date(info.get(label, ""))}
    if tags.get("PubDate") and parse_date(tags["PubDate"]):
        dates["PubDate"] = parse_date(tags["PubDate"])
    ids = []
    for scheme, key in (("索引号", "索引号"), ("文号", "文号")):
        value = squeeze(info.get(key, ""))
        if value not in _BAD_ID:
            ids.append((scheme, value))
    for scheme, value in sorted((meta_json.get("identifiers") or {}).items()):
        if (scheme, value) not in ids:
            ids.insert(0, (scheme, value))
    issuer = str(got.get("issuer", ("", ""))[0])
    place = got["place"][0] if "place" in got else places_of(issuer)
    sources = tuple((k, got[k][1]) for k in ("title", "issuer", "year", "genre", "date", "place") if k in got)
    sources += tuple((f"identifier:{s}", "meta.json" if meta_json.get("identifiers", {}).get(s) == v else f"info:{s}")
                     for s, v in ids)
    return DocMeta(title=str(got.get("title", ("", ""))[0]), issuer=issuer, year=int(got.get("year", (0, ""))[0]),
                   genre=str(got.get("genre", ("", ""))[0]), date=str(got.get("date", ("", ""))[0]), dates=dates,
                   identifiers=tuple(ids), place=tuple(place), sources=sources)


def _clean_tag_title(title: str) -> str:
    """An HTML <title> without the site name after it (…报告_某区人民政府)."""
    s = squeeze(title)
    while _TAG_TITLE_END.search(s) and title_genre(_TAG_TITLE_END.sub("", s)):
        s = _TAG_TITLE_END.sub("", s)
    return s if title_genre(s) else ""


def _tag_source(tags: dict[str, str], value: str) -> str:
    for k in ("ArticleTitle", "html:title", "pdf:Title", "docx:title"):
        if k in tags and value and squeeze(value) in squeeze(tags[k]):
            return f"meta:{k}"
    return "meta"


def to_report_meta(d: DocMeta, *, source: str, fmt: str = "", encoding: str | None = None, origin: str = "",
                   removed: int = 0) -> ReportMeta:
    """The ``ReportMeta`` of a described document; missing fields get visible defaults
    (issuer 未具名发布机构, year 2000, title the file name) and say so in ``sources``."""
    sources = list(d.sources)
    title, issuer, year = d.title, d.issuer, d.year
    if not title:
        title, sources = source, [*sources, ("title", "file-name")]
    if not issuer:
        issuer, sources = "未具名发布机构", [*sources, ("issuer", "default")]
    if not year:
        year = int(d.date[:4]) - 1 if d.date else 2000
        sources = [*sources, ("year", "date" if d.date else "default")]
    return ReportMeta(title=title, issuer=issuer, year=year, source=source, place=d.place or places_of(issuer),
                      genre=d.genre, encoding=encoding, origin=origin, date=d.date, identifiers=d.identifiers,
                      sources=tuple(sources), format=fmt, removed=removed)
