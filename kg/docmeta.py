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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .furniture import MainText, squeeze, title_genre
from .model import ReportMeta

__all__ = ["DocMeta", "describe", "to_report_meta", "places_of", "expand_issuer", "parse_title", "parse_date",
           "org_forms"]

LEXICON = Path(__file__).resolve().parents[1] / "data" / "lexicon"
_PLACE = re.compile(r"^(?:(?P<p>.{2,7}?(?:省|自治区)))?(?:(?P<c>.{1,7}?(?:市|自治州|州|盟|地区)))?"
                    r"(?:(?P<d>.{1,7}?(?:区|县|旗|市)))?")
_PLACE_ONLY = re.compile(r".{1,12}?(?:省|自治区|市|自治州|州|盟|地区|区|县|旗)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CN_YEAR = re.compile(r"([一二][〇○零Ｏ0一二三四五六七八九]{3})年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0", "0": "0"}
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_ORG_END = r"(?:局|委员会|委|办公室|办|厅|院|人民政府|政府|管委会|中心|所|队|站|会|署|部)"
_OPENING = re.compile(r"^(?:(?:19|20)\d\d年(?:以来|度|)[，,]?)?(?:在[^，,。]{2,40}下[，,])?(?:我(?:局|委|院|办|厅))?"
                      rf"(?P<org>[\u4e00-\u9fff]{{2,30}}?{_ORG_END})(?=[^\u4e00-\u9fff]|坚持|认真|始终|紧紧|深入|全面|以|在|围绕|聚焦|按照|高度|牢牢|积极)")
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
    return tuple(v for v in (m.group("p"), m.group("c"), m.group("d")) if v)


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
    if len(name) > 2 and name[0] in "省市区县州" and (name[1:] in forms or name[1:] in forms.values()):
        return (), name[0], _full_body(name[1:])      # 区科技局: a level, then a body
    places = places_of(name)
    rest = name[len("".join(places)):]
    if not rest and places:      # a bare place: its government
        return places, "", "人民政府"
    level = ""
    if len(rest) > 2 and rest[0] in "省市区县州" and _known(rest[1:]):
        level, rest = rest[0], rest[1:]
    return places, level, _full_body(rest)


def expand_issuer(short: str, *, title_issuer: str = "", chains: tuple[tuple[str, ...], ...] = ()) -> str:
    """Expand a short issuer name with the title's issuer and the place chains named on the page.

    Example:
        >>> expand_issuer("丙区科技局", title_issuer="甲市丙区科学技术局")
        '甲市丙区科学技术局'
        >>> expand_issuer("科学技术局", chains=(("甲市", "丙区"),))
        '甲市丙区科学技术局'
        >>> expand_issuer("区科技局", chains=(("甲市", "丙区"),))
        '甲市丙区科学技术局'
    """
    short = squeeze(short)
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
    return "".join(best) + body if best else (level + body if level else body)


def with_parents(name: str, chains: tuple[tuple[str, ...], ...]) -> str:
    """Prefix a name that starts with a place by that place's parents, when the page names them.

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


def _opening(body: str, title_line: str) -> tuple[str, int, str]:
    """``(org, year, reported title part)`` from the report's opening sentence."""
    text = body
    if title_line:
        flat = squeeze(text[:400])
        if flat.startswith(title_line):
            nl = [i for i, ch in enumerate(text) if ch == "\n"]
            # skip the lines that hold the title
            acc = ""
            for i in nl:
                acc = squeeze(text[:i])
                if len(acc) >= len(title_line):
                    text = text[i + 1:]
                    break
    lines = [ln for ln in text.split("\n") if ln.strip()]
    first = next((squeeze(ln) for ln in lines[:6] if len(squeeze(ln)) >= 20), "")
    org, year, part = "", 0, ""
    m = re.match(r"((?:19|20)\d\d)年", first)
    if m:
        year = int(m.group(1))
    o = _OPENING.match(first)
    if o and not o.group("org").startswith(("全", "各", "本", "我")):
        org = o.group("org")
        gov = re.match(r"[、和与及]([\u4e00-\u9fff]{0,10}?政府)", first[o.end():])
        if org.endswith("委") and gov:    # 某省委、省政府: the report is the government's
            org = "".join(places_of(org)) + gov.group(1) if not places_of(gov.group(1)) else gov.group(1)
    r = _REPORTED.search(squeeze(" ".join(lines[:12])))
    if r:
        part = r.group("t")
    return org, year, part


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
    # 5. the opening sentence
    org, first_year, reported = _opening(main.text, main.title)
    title_value = str(got["title"][0]) if "title" in got else ""
    t_issuer, t_year, t_genre = parse_title(title_value) if title_value else ("", 0, "")
    offer("issuer", t_issuer, got["title"][1] if "title" in got else "")
    if reported and "title" not in got:
        rep_year = _year_of(reported)
        m = _YEAR.search(reported)
        tail = reported[m.start():] if m else reported
        base = expand_issuer(org) if org else ""
        if base and rep_year:
            offer("title", base + tail + "报告", "first-sentence")
            t_year, t_genre = rep_year, title_genre(base + tail + "报告") or ""
    offer("year", t_year, got["title"][1] if "title" in got else "")
    offer("genre", t_genre, got["title"][1] if "title" in got else "")
    offer("issuer", org, "first-sentence")
    offer("year", first_year, "first-sentence")
    offer("issuer", info.get("来源", "") or tags.get("SiteName", ""), "info:来源")

    # expand a short issuer with the title's issuer and the page's places
    page_names = list(main.header) + [tags.get("SiteName", ""), info.get("来源", ""), info.get("发布机构", ""),
                                      title_value]
    chains = _chains(page_names)
    if "issuer" in got and got["issuer"][1] != "meta.json":
        raw, src = got["issuer"]
        full = expand_issuer(str(raw), title_issuer=t_issuer, chains=chains)
        if full != raw:
            got["issuer"] = (full, src + "+expanded")
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
