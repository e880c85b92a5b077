"""Document metadata: what a report says about itself -> title, issuer, year, genre, date, ids.

Takes the report's ``MainText`` (``kg.furniture``: main text, 信息公开 fields, header lines),
the format's metadata tags (HTML ``<meta>``: ArticleTitle, PubDate, ContentSource, SiteName...;
``pdf:Title``, ``docx:title``) and the checked ``.meta.json`` (if any); gives a ``DocMeta`` in
which every field records where it came from. The first source that has a field wins:
``.meta.json`` > meta tags > 信息公开 block > the title line > the opening sentence (and the
signature, of the report or of the cover letter forwarding it). Short issuer names (区科技局,
科学技术局) are expanded by ``kg.issuers`` with the title's full name and the places the page
names; short and full forms of bodies come from ``data/lexicon/departments.tsv`` and
``orgforms.tsv``, never from code. The year is the one reported on: a full date (2026年1月14日)
is a publication or delivery date, not the year a report covers.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .departments import DISCLOSURE_GROUP_OFFICE, central_in_full, zone_in_full
from .errors import ConfigError
from .furniture import MainText, squeeze, title_genre
from .gazetteer import load_gazetteer
from .issuers import (expand_issuer, is_body_name, org_forms, place_chains, places_of,  # noqa: F401
                      contact_body, prefecture_in_full, self_named, township_of, township_office)
from .model import ReportMeta
from .resources import LEXICON_DIR

__all__ = ["DocMeta", "describe", "to_report_meta", "places_of", "expand_issuer", "parse_title", "parse_date",
           "org_forms"]

LEXICON = LEXICON_DIR
_PLACE_ONLY = re.compile(r".{1,12}?(?:省|自治区|市|自治州|州|盟|地区|区|县|旗)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CN_YEAR = re.compile(r"([一二][〇○零Ｏ0一二三四五六七八九]{3})年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0", "0": "0"}
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=[\u4e00-\u9fff])(?![年月])")    # 某街道2024法治政府建设年度报告
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_ORG_END = r"(?:局|委员会|委|办公室|办事处|办|厅|院|人民政府|政府|管委会|中心|所|队|站|(?<!社)会|署|部(?!门))"
# a bureau's branch written after it (某市生态环境局某某分局, 某市公安局某某区分局)
_BRANCH = re.compile(r"[\u4e00-\u9fff]{1,8}?分局")
_YEAR_NOT_DATE = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")   # a full date is no reported year
# a title issued jointly by a party committee and a government (中共某县委 某县人民政府关于…): the government's
_JOINT = re.compile(r"中共.+?(?:党工委|党委|委员会|委)[、，,和与及]?(?P<gov>[\u4e00-\u9fff]+?(?:人民政府|政府|办事处|管理委员会|管委会))")
_OPENING_LEAD = (r"(?:(?:在?(?:19|20)\d\d年(?:以来|度|期间|全年|上半年|下半年|)|今年(?:以来|上半年)?|上半年|近年来|一年来|"
                 r"在?过去的?一年(?:里|中)?)[，,]?)?"
                 # 2025年是…的收官之年，区司法局…: what the year is, then the body
                 r"(?:(?:19|20)\d\d年是[^。；]{2,160}?之年[，,])?"
                 # 根据…《…》要求，区财政局…: the basis first, then the body that reports
                 r"(?:(?:根据|按照|依据)[^。；]{2,80}?(?:要求|规定|精神|部署|安排)[，,])?")
# 2024年，某区坚持…: a place opens the sentence (the report of the place's government)
_PLACE_OPENING = re.compile(_OPENING_LEAD + r"(?:在[^，,。]{2,40}下[，,]){0,3}"
                            r"(?P<place>(?![全各我本该])[\u4e00-\u9fff]{1,12}?(?:省|市|区|县|州|乡|镇|街道))"
                            r"(?:法治政府建设(?:工作)?)?(?=坚持|深入|认真|始终|全面|以|紧紧|围绕|聚焦|在|着力|持续)")
# a body of a development zone named with the zone (某某高新技术产业开发区工业信息化和商务局)
_ZONE_BODY = re.compile(r"(?:开发区|高新区|保税区|工业园区|产业园区|新区)[\u4e00-\u9fff]{2,}")
_ZONE = re.compile(r"(?:开发区|高新区|保税区|工业园区|产业园区|试验区)(?P<with>[(（][^()（）]{2,12}[)）])?$")
# 现发布…报告, and 现将…报告予以公开发布 (the title before the verb)
_PUBLISHED = re.compile(r"(?:现|特|特此|特向社会)(?:予以)?(?:公布|发布)(?P<t>[^，,。；《》]{6,60}?报告)"
                        r"|现将(?P<before>[^，,。；《》]{6,60}?报告)予以(?:公开)?(?:公布|发布)")
_OPENING = re.compile(r"^" + _OPENING_LEAD + r"(?:在[^，,。]{2,40}下[，,]){0,2}"
                      rf"(?:我(?:局|委|院|办|厅))?(?P<org>[\u4e00-\u9fff（）()]{{1,30}}?{_ORG_END}(?:(?<=政府)办公室)?"
                      # a government's commission or office named after it (市政府国资委在…领导下)
                      r"(?:(?<=政府)[\u4e00-\u9fff]{1,5}?[委办室](?=在|坚持|深入|认真|始终|全面|以|紧紧|围绕|聚焦|着力|持续|[，,]))?)")
# words no body's name holds: an "org" with one of them is the start of a sentence, not a subject
_NOT_A_NAME = re.compile(r"坚持|贯彻|落实|作为|推进|围绕|聚焦|按照|认真|深入|全面|始终|紧紧|高度|积极|着力|持续|进一步|紧扣|锚定|"
                         r"立足|牢牢|扎实|不断|大力|严格|充分|认识|成立|领导班子|各级|各部门|把|的|以|将|对|在|根据|依据|依照|"
                         r"法治政府$")
_COMPILED_BY = re.compile(rf"由(?P<org>[\u4e00-\u9fff]{{2,30}}?{_ORG_END})(?:负责)?(?:(?:根据|按照|依据|依照)[^，,。]{{0,140}}?)?"
                          r"(?:编制|制作|起草|编写)")
# 县委、县政府坚持…: the party committee and the government of a place act together (the government reports)
_AND_GOVERNMENT = re.compile(r"[、和与及]([\u4e00-\u9fff]{0,10}?政府)")
_REPORTED = re.compile(r"现(?:将|就)(?P<t>[^，,。；]{4,60}?)(?:报告|汇报|总结)(?:公开|公布|发布)?如下")
_TOWN_HEAD = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|旗))*[\u4e00-\u9fff]{1,6}?(?:乡|镇|街道)")
# a report that calls its place 我县 (我区, 我市, 我旗), and one that calls its body 我局 (本委…)
_SELF_PLACE = re.compile(r"我(县|区|市|旗)(?![委政局人])")
_SELF_BODY = re.compile(r"(?:我|本)(?:局|委|厅|办|院|中心|单位|部门)")
_SELF = re.compile(r"^(?:我|本)(?:局|委|厅|院|办|单位|机关|中心|乡|镇|街道)")
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


def _bare_year(s: str) -> int:
    m = _BARE_YEAR.search(s)
    return int(m.group(1)) if m else 0


def parse_title(title: str) -> tuple[str, int, str]:
    """``(issuer, year, genre)`` read off a report title; issuer ``""`` when the title names none.

    The year is the first one (the year reported on: …2024年工作总结和2025年工作计划 -> 2024).

    Example:
        >>> parse_title("甲市丙区科学技术局关于2024年法治政府建设情况的报告")
        ('甲市丙区科学技术局', 2024, '法治政府建设情况报告')
        >>> parse_title("丙区2023年度法治政府建设情况报告")
        ('丙区人民政府', 2023, '法治政府建设情况报告')
        >>> parse_title("中共戊乡党委戊乡人民政府关于2024年法治政府建设工作的报告")[0]
        '戊乡人民政府'
        >>> parse_title("丁区教育局政府信息公开工作2024年度报告")
        ('丁区教育局', 2024, '政府信息公开工作年度报告')
        >>> parse_title("丁县戊镇2025年法治政府建设年度报告")[0], parse_title("己街道2024年度法治政府建设情况报告")[0]
        ('丁县戊镇人民政府', '己街道办事处')
        >>> parse_title("2025年度丁州审计局政府信息公开工作年度报告"), parse_title("2025年科技局工作总结")[0]
        (('丁州审计局', 2025, '政府信息公开工作年度报告'), '')
        >>> parse_title("2024年政府信息公开工作年度报告(甲市乙区国防动员办公室)")
        ('甲市乙区国防动员办公室', 2024, '政府信息公开工作年度报告')
    """
    s = squeeze(title)
    year = _year_of(s) or _bare_year(s)
    genre = title_genre(s) or ""
    after = re.search(rf"[(（](?P<org>[\u4e00-\u9fff]{{2,40}}?{_ORG_END})[)）]$", s)
    if genre and after and places_of(after.group("org")):     # …年度报告(某市某区某办公室): the issuer follows
        return after.group("org"), year, genre
    m = _YEAR.search(s) or _CN_YEAR.search(s) or _BARE_YEAR.search(s)
    head = s[: m.start()] if m else (s[: s.index("关于")] if "关于" in s else "")
    if m and m.start() == 0:      # 2025年度某州审计局政府信息公开工作年度报告: the year first, then the issuer
        after = re.match(rf"(?P<org>[\u4e00-\u9fff]+?[省市区县州旗盟乡镇].+?{_ORG_END})"
                         r"(?:政府信息公开|法治政府|依法行政|年度|工作)", s[m.end():].removeprefix("度"))
        place = re.match(r"(?P<p>[\u4e00-\u9fff]{1,12}?[省市区县旗])(?:法治政府建设|政府信息公开|依法行政)", s[m.end():])
        if not after and place and "".join(places_of(place.group("p"))) == place.group("p"):
            head = place.group("p")      # 2024年某区法治政府建设…报告: the district's (its government's)
        else:
            head = after.group("org") if after else ""     # with its place: 2025年科技局工作总结 names no issuer
    head = re.sub(r"(?:关于|在|的|\d|第)+$", "", re.sub(r"关于.*$", "", head) if "关于" in head else head)
    joint = _JOINT.fullmatch(head)
    head = joint.group("gov") if joint else head
    named = re.match(rf"(?P<org>.+?{_ORG_END})(?:政府信息公开|法治政府|依法行政|年度|工作)", head)
    if named and not re.search(_ORG_END + "$", head):    # 丁区教育局政府信息公开工作2024年度报告
        head = named.group("org")
    issuer = ""
    if 2 <= len(head) <= 40:
        zone = _ZONE.search(head)
        if zone:      # a development zone's report: its administrative committee's (one merged with a
            issuer = head if zone.group("with") else head + "管理委员会"      # street names both)
        elif _new_area(head) and _PLACE_ONLY.fullmatch(head):
            issuer = head + "管理委员会"      # 某某新区2025年…报告
        elif _PLACE_ONLY.fullmatch(head) and places_of(head) and "".join(places_of(head)) == head:
            issuer = head + "人民政府"
        elif _TOWN_HEAD.fullmatch(head):      # 某县某镇2025年…报告: the township's government or street office
            issuer = township_office(head)
        elif re.search(_ORG_END + r"(?:[(（][^()（）]{1,12}[)）])?$", head):
            issuer = head      # (某县藏语委办(编译局): a body with its second name)
    return issuer, year, genre


# the office of a place's or body's leading group for disclosure (某旗政务公开领导小组办公室)
_GROUP_OFFICE = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,30}?)" + DISCLOSURE_GROUP_OFFICE)
# a notice that forwards the report (关于印发某局2023年工作总结和2024年工作计划的通知)
_FORWARDED = re.compile(r"关于印发(.{6,80}?)的通知")
_DEFINES_SHORT = re.compile(r"[(（](?:以下简称|以下称|下称|简称)[:：]?[^()（）]{1,24}[)）]")
_DEFINED = re.compile(r"[(（](?:以下简称|以下称|下称|简称)[:：]?[“\"]?(?P<short>[^()（）“”\"]{1,24})[”\"]?[)）]")


def _new_area(place: str) -> bool:
    """A new area that is no administrative division (某某湾新区; not 浦东新区, a district with a
    government): its report is its administrative committee's (管理委员会)."""
    return place.endswith("新区") and not load_gazetteer().full(place)


@dataclass(frozen=True, slots=True)
class _Opening:
    org: str = ""         # who the opening sentence says acted (区科技局, 某市人民政府)
    year: int = 0
    year_source: str = ""
    reported: str = ""    # 现将<2024年度法治政府建设情况>报告如下
    quoted: str = ""      # a title in 《》 in the opening lines (现发布《…年度报告》)
    signature: str = ""   # the body that signs the report (a name line above a date line)


def _opening(body: str, title_line: str, cover: tuple[str, ...] = ()) -> _Opening:
    """What the report's opening lines (and its signature, or its cover letter's) say about it."""
    # a short name the opening defines (现公布某局(下称“某局”)2024年…报告) is no part of what it names
    lines = [_DEFINES_SHORT.sub("", squeeze(ln)) for ln in body.split("\n") if squeeze(ln)]
    if title_line and lines and title_line.startswith(lines[0]):
        acc, k = "", 0
        while k < len(lines) and len(acc) < len(title_line):
            acc, k = acc + lines[k], k + 1
        lines = lines[k:]
    first = next((ln for ln in lines[:6] if len(ln) >= 20), "")
    org, year, year_src = "", 0, ""
    m = _YEAR_NOT_DATE.match(first)
    if m:
        year, year_src = int(m.group(1)), "first-sentence"
    else:
        y = _YEAR_NOT_DATE.search("".join(lines)[:300]) or _YEAR.search("".join(lines)[:300])
        if y:
            year, year_src = int(y.group(1)), "text"
    # 2024年，某区坚持…, or the place opening a later sentence of the first paragraph (…之年。一年来，某市…)
    p = next((x for x in (re.match(_PLACE_OPENING, sent) for sent in [first, *first[:300].split("。")[1:]]) if x), None)
    o = next((x for x in (_OPENING.match(ln) for ln in [ln for ln in lines[:8] if len(ln) >= 20][:3])
              if x and not x.group("org").startswith(("全", "各", "本", "我", "一", "二"))
              and not _NOT_A_NAME.search(x.group("org")) and (is_body_name(x.group("org")) or (
                  x.group("org").endswith("委") and _AND_GOVERNMENT.match(x.string, x.end())))), None)
    o = o or _COMPILED_BY.search("".join(lines[:2]))
    if p and p.string != first and o is not None and o.string == first:
        p = None      # 2024年，某区司法局坚持…。某区在考评中…: the first sentence's subject, not a later one's place
    if not p and not o:     # 本报告依据…编制。/ 2024年，某区坚持…: the place opens the report's second paragraph
        p = next((x for x in (re.match(_PLACE_OPENING, ln) for ln in [ln for ln in lines[:8] if len(ln) >= 20][1:3]) if x),
                 None)
    place = p.group("place") if p else ""
    if place.endswith(("乡", "镇", "街道")) and re.fullmatch(r"[\u4e00-\u9fff]{1,8}(?:乡|镇|街道)", place):
        org = township_office(place)     # 某乡在县委…: the township's report
    elif p and _new_area(place):
        org = place + "管理委员会"    # 某某湾新区坚持…
    elif p and (load_gazetteer().full(place) or (len(place) > 2 and "".join(places_of(place)) == place)):
        org = place + "人民政府"      # 某市坚持…: the report of the place's government
    elif o:
        org = o.group("org")
        branch = _BRANCH.match(o.string, o.end())
        if branch and org.endswith("局"):      # 某市某局某某分局: the branch, not the bureau, writes
            org += branch.group(0)
        gov = _AND_GOVERNMENT.match(o.string, o.end())
        if org.endswith("委") and gov:    # 某省委、省政府: the report is the government's
            org = "".join(places_of(org)) + gov.group(1) if not places_of(gov.group(1)) else gov.group(1)
    head = "".join(lines[:12])
    r = _REPORTED.search(head)
    named = re.match(rf"(?P<org>[\u4e00-\u9fff（）()]{{1,30}}?{_ORG_END})(?=(?:19|20)\d\d年)", r.group("t")) if r else None
    reporter = re.sub(r"^(省|市|区|县|自治区|自治州|自治县|州|旗)政府$", r"\1人民政府", named.group("org")) if named else ""
    defined = {d.group("short") for ln in body.split("\n")[:12] for d in _DEFINED.finditer(squeeze(ln))}
    if reporter and org in defined and not _NOT_A_NAME.search(reporter) and is_body_name(reporter):
        org = reporter      # 现将某区发展改革局(以下简称发改局)…报告如下; 2024年，发改局…: the name, not its short
    if not org and reporter and not _NOT_A_NAME.search(reporter) and is_body_name(reporter):
        org = reporter      # 现将某县某局2023年…报告公开如下 (现将省政府2024年度…报告如下): the body that reports
    # the report's own title, quoted or not, in its opening (现发布《…年度报告》, 现公布…年度报告); a plan
    # it mentions (印发《…工作要点》) is another document
    quoted = re.findall(r"(?:发布|公布|公开|报送|现将)《([^《》]{6,80})》", "".join(lines[:3]))
    # 公布我局2024年…报告: the report names its issuer by 我局, which is no name: a title without issuer
    published = [_SELF.sub("", x.group("t") or x.group("before")) for x in _PUBLISHED.finditer("".join(lines[:3]))]
    quoted += [t for t in published if not _YEAR.match(t)]
    for t in published:     # 公布2024年某市某局政府信息公开工作年度报告: the year before the issuer
        y = re.match(rf"(?P<y>(?:19|20)\d\d年度?)(?P<org>[\u4e00-\u9fff]{{2,30}}?{_ORG_END})(?P<rest>.+)", t)
        if y and (places_of(y.group("org")) or township_of(y.group("org"))) \
                and title_genre(y.group("org") + y.group("y") + y.group("rest")):
            quoted.append(y.group("org") + y.group("y") + y.group("rest"))
    q = next((t for t in quoted if title_genre(t) and title_genre(t) != "工作计划" and _year_of(t)), "")
    # 现发布2024年政府信息公开工作年度报告: the title without its issuer, to be completed like 现将…报告如下
    unnamed = next((t.removesuffix("报告") for t in published if _YEAR.match(t) and title_genre(t)), "")
    sig = ""
    for part in (lines[:8], lines[-8:], [squeeze(c) for c in cover]):    # a name line above a date line: a signature
        for i in range(len(part) - 1):
            if re.fullmatch(rf"[\u4e00-\u9fff（）()]{{3,30}}?{_ORG_END}", part[i]) and len(part[i + 1]) <= 16 \
                    and parse_date(part[i + 1]):
                sig = part[i]
    return _Opening(org, year, year_src, r.group("t") if r else unnamed, q, sig)


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
    op = _opening(main.text, main.title, tuple(line for kind, line in main.removed if kind == "cover"))
    offer("title", op.quoted, "first-sentence")
    title_value = str(got["title"][0]) if "title" in got else ""
    t_issuer, t_year, t_genre = parse_title(title_value) if title_value else ("", 0, "")
    t_src = got["title"][1] if "title" in got else ""
    if got.get("issuer", ("", ""))[1] == "info:发布机构" and t_issuer and (places_of(t_issuer) or _ZONE_BODY.search(t_issuer)) and \
            not squeeze(str(got["issuer"][0])).endswith(squeeze(t_issuer)) and \
            expand_issuer(str(got["issuer"][0]), title_issuer=t_issuer) != squeeze(t_issuer):
        # a portal's 发布机构 is often the office that put the page up (县政府办); a title that names
        # its issuer in full with its place (某县某局2024年…报告) names the report's
        got["issuer"] = (t_issuer, t_src)
    offer("issuer", t_issuer, t_src)
    if "issuer" in got and op.org and squeeze(op.org).endswith(str(got["issuer"][0])) and \
            not re.match(r"[省市区县州旗]", str(got["issuer"][0])) and not places_of(str(got["issuer"][0])):
        got["issuer"] = (op.org, got["issuer"][1])      # 发布机构:民政局, and 县民政局 in the opening: the county's
    offer("year", t_year, t_src)
    offer("genre", t_genre, t_src)
    offer("issuer", op.signature, "signature")
    offer("issuer", op.org, "first-sentence")
    offer("year", op.year, op.year_source)
    offer("issuer", info.get("来源", ""), "info:来源")
    if "issuer" not in got:
        offer("issuer", self_named(main.text), "text:self")
        offer("issuer", contact_body(main.text), "text:contact")
    own = _SELF_PLACE.search(main.text[:600])
    if "issuer" not in got and own and not _SELF_BODY.search(main.text):
        # 我县始终坚持…, and no 我局: the place's own report, its government's (the place from the text)
        offer("issuer", own.group(1) + "人民政府", "text:self")

    if "issuer" in got and (hosted := _GROUP_OFFICE.fullmatch(str(got["issuer"][0]))):
        body = hosted.group("body")     # 由某旗政务公开领导小组办公室编制: the group's office stands for its body
        if "".join(places_of(body)) == body:
            body += "人民政府"
        if is_body_name(body):
            got["issuer"] = (body, got["issuer"][1])
    if "title" in got and (forwarded := _FORWARDED.fullmatch(str(got["title"][0]))) and title_genre(forwarded.group(1)):
        got["title"] = (forwarded.group(1), got["title"][1])     # 关于印发某局2023年工作总结的通知: the report
    # expand a short issuer with the title's issuer and the places the page names
    page_names = list(main.header) + [line for kind, line in main.removed if kind in ("banner", "info")] + [
        tags.get("SiteName", ""), info.get("来源", ""), info.get("发布机构", ""), title_value]
    chains = place_chains(page_names)
    page_text = "\n".join([*main.header, main.text])
    gaz = load_gazetteer()
    named = gaz.mentions(page_text)
    near = named + gaz.upper_mentions(page_text)     # namesakes only: a city named short tells two districts apart
    if "issuer" in got and got["issuer"][1] != "meta.json":
        raw, src = got["issuer"]
        full = expand_issuer(str(raw), title_issuer=t_issuer, chains=chains, named=named, near=near)
        for other in (info.get("来源", ""), info.get("发布机构", ""), tags.get("ContentSource", "")):
            if not places_of(full) and other and places_of(squeeze(other)):   # 市科技局 and 来源: 某市科学技术局
                full = expand_issuer(full, title_issuer=squeeze(other), chains=chains, named=named, near=near)
        full = central_in_full(zone_in_full(prefecture_in_full(full)))
        if full != raw:
            got["issuer"] = (full, src + "+expanded")
    if "issuer" in got and got.get("title", ("", ""))[1] == "first-sentence" and _YEAR.match(str(got["title"][0])):
        # 某局现向社会公开《2023年政府信息公开工作年度报告》: the report's title, with the body that publishes it
        got["title"] = (str(got["issuer"][0]) + str(got["title"][0]), "first-sentence")
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
