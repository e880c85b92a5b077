"""Issuers: a body's name as a page writes it -> its full name (places, then the full body name).

Takes a short or partial issuer (区科技局, 科学技术局, 丁区市场监管局, 楠木铺乡人民政府), the title's
issuer, the place chains the page names (site banner 甲市丙区人民政府 -> ('甲市', '丙区')) and the
places the text names most (``kg.gazetteer``); gives the full name (甲市丙区科学技术局). Short and full
forms of bodies come from ``kg.departments`` (departments.tsv, central.tsv) and ``orgforms.tsv``;
places from the division gazetteer. No rule names a place or a body.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .departments import department_forms, form_rows
from .furniture import squeeze
from .gazetteer import Gazetteer, load_gazetteer, load_towns
from .resources import LEXICON_DIR

__all__ = ["org_forms", "places_of", "is_body_name", "expand_issuer", "prefecture_in_full", "with_parents", "place_chains",
           "township_of", "township_office", "self_named", "contact_body"]

LEXICON = LEXICON_DIR
# 市 of 市场 (区市场监管局) is no level word
# (a bracket is no part of a place: 甲高新区(乙区)人民政府 starts with 甲高新区)
_PLACE = re.compile(r"^(?:(?P<p>[^()（）局厅]{2,7}?(?:省|自治区)))?(?:(?P<c>[^()（）局厅]{1,7}?(?:市(?!场)|自治州|州(?!市)|盟|地区)))?"
                    r"(?:(?P<d>[^()（）局厅]{1,7}?(?:区|县|旗|市(?!场))))?")
# a township or street and its own body: 楠木铺乡人民政府, 北城街街道办事处
_TOWNSHIP = re.compile(r"(?P<t>[\u4e00-\u9fff]{1,8}?(?:乡|镇|街道))(?P<body>人民政府|政府|办事处|街道办事处|党委|党工委)?")
# words that end in a level character and begin the names of bodies (城市管理局, 社区服务中心)
_WORDS_NOT_PLACES = frozenset({"城市", "都市", "社区", "园区"})
_LEVEL_WORD = re.compile(r"自治[区州县旗]|[省市区县州旗]")
# a bureau no lexicon lists, after a level word (市文化广电旅游局): its field, then 局
_BUREAU = re.compile(r"(?![直级属辖内])[\u4e00-\u9fff]{2,9}局")
# a report that calls its issuer 我局, 本委…: the self word, and the ends of the body names it stands for
_SELF_WORD = re.compile(r"(?:我|本)(局|委|厅|办|中心)(?![长员])")
_SELF_HEADS = {"局": "局", "委": "委员会|委", "厅": "厅", "办": "办公室|办", "中心": "中心"}
# 如对本报告有疑问，请与某县某局办公室联系(地址…): the body a report sends its readers to
_CONTACT = re.compile(r"请(?:与|联系[:：]?)(?P<who>[\u4e00-\u9fff（）()]{3,50}?)(?:联系|[(（,，:：;；。])")
# the office or section inside it that answers (办公室, 党政办公室, 综合管理科, …领导小组办公室, 电子政务股)
_CONTACT_UNIT = re.compile(r"(?:[\u4e00-\u9fff]{2,16}?领导小组)?(?:党政|综合|政务)?办公室(?:[\u4e00-\u9fff]{1,6}?[科股])?$"
                           r"|[\u4e00-\u9fff]{2,6}?[科股]$")
# 在某市委、某市政府和某市局的领导下: the bodies that lead or guide the issuer, not the issuer
_UNDER = re.compile(r"在[^，,。；]{0,60}?(?:领导|指导|部署|关心|支持|督导)下")


@lru_cache(maxsize=4)
def org_forms(directory: Path = LEXICON) -> tuple[tuple[str, str], ...]:
    """``(short, full)`` forms of body names, longest short form first (``kg.departments``, then
    orgforms.tsv)."""
    pairs: dict[str, str] = {short: full for short, (full, _) in department_forms(directory).items()}
    path = Path(directory) / "orgforms.tsv"
    for short, full, *_ in form_rows(path) if path.exists() else ():
        pairs.setdefault(short, full)
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def places_of(name: str) -> tuple[str, ...]:
    """Administrative places at the start of a name, largest first.

    Example:
        >>> places_of("甲乙省丙市丁区科学技术局"), places_of("凉州区交通运输局"), places_of("市城市管理局")
        (('甲乙省', '丙市', '丁区'), ('凉州区',), ())
        >>> places_of("丙市公安局丁区分局")      # a body's name is no place: 公安局丁区
        ('丙市',)
        >>> places_of("甘州区城市管理局"), places_of("杭州市城市管理局")
        (('甘州区',), ('杭州市',))
    """
    m = _PLACE.match(name)
    if not m:
        return ()
    p, c, d = m.group("p"), m.group("c"), m.group("d")
    codes = load_gazetteer().codes
    if c and c not in codes:     # 凉州区 is a district, not a prefecture 凉州 and a level word
        nxt = name[len(p or "") + len(c):][:1]
        if d and c + d in codes:
            c, d = None, c + d
        elif nxt and c + nxt in codes:      # (甘州区城市管理局: 甘州区, then the body; not 甘州 + 区城市)
            c, d = None, c + nxt
    if d in _WORDS_NOT_PLACES:
        d = None      # 某市城市管理局: 城市 begins the body's name, no district
    # a level word alone (自治州科技局: the prefecture's own bureau) is not a place name, nor a level
    # word and the body after it (市城市管理局: 市 + 城市管理局, not a place 市城市)
    out = tuple(v for v in (p, c, d) if v and not _LEVEL_WORD.fullmatch(v))
    if out and out[0][0] in "省市区县州旗" and out[0] not in codes:
        return ()
    return out


def _full_body(body: str) -> str:
    """The full form of a body's name without places: 科技局 -> 科学技术局."""
    for short, full in org_forms():
        if body == short or body == full:
            return full
    for short, full in org_forms():
        if body.endswith(short) and len(body) > len(short):
            return body[: -len(short)] + full
    return body


def is_body_name(name: str) -> bool:
    """Whether a name reads as a body's: it starts with a place, or is a known body form
    (区科技局, 教育局), or a township's government (某乡人民政府).

    Example:
        >>> is_body_name("区科技局"), is_body_name("丙区教育局"), is_body_name("紧扣法治政府")
        (True, True, False)
    """
    name = squeeze(name)
    if places_of(name) or township_of(name):
        return True
    lv = re.match(r"自治[州县区旗]|[省市区县州旗](?!场)", name)
    if lv and len(name) - lv.end() >= 3:       # 省应急管理厅: a level, then a body
        return True
    forms = dict(org_forms())     # a known body, or a name ending with one (not with a bare 政府, 办)
    return name in forms or name in forms.values() or any(
        name.endswith(f) for pair in forms.items() for f in pair if len(f) >= 4)


def _known(body: str) -> bool:
    forms = dict(org_forms())
    return body in forms or body in forms.values() or any(body.endswith(f) for f in forms)


def _split(name: str) -> tuple[tuple[str, ...], str, str]:
    """``(places, level, body)``: 甲市乙区科技局 -> (('甲市', '乙区'), '', '科学技术局'); 区科技局 -> ((), '区', …).

    Example:
        >>> _split("市文化广电旅游局"), _split("市场监督管理局")[1]
        (((), '市', '文化广电旅游局'), '')
        >>> _split("甲市丙区戊镇")[2], _split("甲市丙区己街道")[2]
        ('戊镇人民政府', '己街道办事处')
    """
    forms = dict(org_forms())
    lv = re.match(r"自治[州县区旗]|[省市区县州旗](?!场)", name)
    if lv and len(name) > len(lv.group(0)) + 1 and (name[lv.end():] in forms or name[lv.end():] in forms.values()
                                                     or _BUREAU.fullmatch(name[lv.end():])):
        return (), lv.group(0), _full_body(name[lv.end():])      # 区科技局: a level, then a body
    places = places_of(name)
    rest = name[len("".join(places)):]
    if not rest and places:      # a bare place: its government
        return places, "", "人民政府"
    if places and re.fullmatch(r"[\u4e00-\u9fff]{1,8}?(?:乡|镇|苏木|街道)", rest):
        # a township or street after its places (某区某镇, 发布机构 of a township's page): its government
        return places, "", township_office(rest)
    level = ""
    if len(rest) > 2 and rest[0] in "省市区县州" and _known(rest[1:]):
        level, rest = rest[0], rest[1:]
    return places, level, _full_body(rest)


def expand_issuer(short: str, *, title_issuer: str = "", chains: tuple[tuple[str, ...], ...] = (),
                  named: Counter | None = None, near: Counter | None = None) -> str:
    """Expand a short issuer name with the title's issuer, the place chains named on the page
    and, failing those, the place the text names most often (``named``: full name -> count).
    ``near`` (default ``named``) tells a district's namesakes apart: it may add the provinces and
    cities the text names by their short forms (``Gazetteer.upper_mentions``).

    Example:
        >>> expand_issuer("丙区科技局", title_issuer="甲市丙区科学技术局")
        '甲市丙区科学技术局'
        >>> expand_issuer("甲市卫生健康委", title_issuer="甲市卫生健康委")
        '甲市卫生健康委员会'
        >>> expand_issuer("科学技术局", chains=(("甲市", "丙区"),))
        '甲市丙区科学技术局'
        >>> expand_issuer("区科技局", chains=(("甲市", "丙区"),))
        '甲市丙区科学技术局'
        >>> expand_issuer("县教育局", named=Counter({"戊县": 3, "甲市": 1}))
        '戊县教育局'
        >>> g = load_gazetteer(); d = next(n for n, c in g.codes.items() if len(c) == 1 and g.level(n) == "county"
        ...                                 and n.endswith("区") and g.city_of(n).endswith("市"))
        >>> expand_issuer("市农业农村局", named=Counter({d: 1})) == g.city_of(d) + "农业农村局"
        True
        >>> expand_issuer("丙区档案馆办公室", title_issuer=""), expand_issuer("丙区信访办公室")
        ('丙区档案馆', '丙区信访办公室')
    """
    near = named if near is None else near
    short = re.sub(r"^中共|(?<=[局委办厅院])(?:党组|党委)$", "", squeeze(short))
    # 由某馆办公室编制: a bureau's (an archive's) internal office signs for it; the issuer is the body
    # (a committee's 办公室, 依法治县委员会办公室, and a government's are bodies of their own)
    short = re.sub(r"(?<=[局馆厅])办公室$|(?<=中心)办公室$", "", short)
    if not short:
        return title_issuer
    if title_issuer and len(title_issuer) > len(short) and squeeze(title_issuer).endswith(short) \
            and places_of(title_issuer):
        return with_parents(squeeze(title_issuer), chains, near)     # 开发区(某街道) in 某经济开发区(某街道)…
    places, level, body = _split(short)
    if title_issuer:
        tplaces, _, tbody = _split(title_issuer)
        if tbody == body and all(p in tplaces for p in places) and (
                not level or any(p.endswith(level) for p in tplaces)):
            return with_parents("".join(tplaces) + tbody if tplaces else title_issuer, chains, near)
    if places:
        return with_parents("".join(places) + body, chains, near)
    if township_of(short):     # 某镇人民政府 alone: its county from the page, the township list or the text
        return with_parents(short, chains, near)
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
    if not place and level == "市":     # 市某局 in a text that names only districts of one city: that city's
        cities = {load_gazetteer().city_of(p, near=(named or Counter())) for p in named or ()} - {""}
        place = cities.pop() if len(cities) == 1 else ""
    if not place and level == "市" and near:    # or one city named by its short form only (为某某振兴发展;
        cities = {p for p in near if p.endswith("市")     # 北京, a city of province rank; not a 新区)
                  and load_gazetteer().level(p) in ("city", "province")}
        place = cities.pop() if len(cities) == 1 else ""
    if place:
        return with_parents(place + body, chains, near)
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


def with_parents(name: str, chains: tuple[tuple[str, ...], ...], named: Counter | None = None) -> str:
    """Prefix a name that starts with a place by that place's parents when the page names them;
    a district (…区) is otherwise prefixed by its city when the gazetteer knows it unambiguously
    (districts are written with their city, counties and cities alone).

    Example:
        >>> with_parents("丙区司法局", (("甲市", "丙区"),))
        '甲市丙区司法局'
        >>> with_parents("戊乡人民政府", (("丁县",),))
        '丁县戊乡人民政府'
        >>> g = load_gazetteer(); t = next(t for t, codes in sorted(load_towns().items()) if len(codes) == 1
        ...     and t.endswith("乡") and t[:-1] in g.codes and g.county_of_town(t))
        >>> with_parents(t + "人民政府", ()) == g.county_of_town(t) + t + "人民政府"    # a township named like a place
        True
    """
    if township_of(name) and not places_of(name):    # a township: the county the page names
        return _township_with_county(name, chains, named)
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
        city = load_gazetteer().city_of(first, near=named or (), town=township_of(name[len(first):]))
        if city and not name.startswith(city):
            return city + name
    if len(places) == 1 and not re.search(r"[省市区县旗州]", first[:-1]) \
            and re.fullmatch(re.escape(first) + r"(?:乡|镇|街道)", township_of(name)):
        return _township_with_county(name, chains, named)    # a township whose name reads as a place (某州乡)
    return name


def _township_with_county(name: str, chains: tuple[tuple[str, ...], ...], named: Counter | None) -> str:
    """A township's office or government with its county: the one the page names, else the township
    list's (namesakes told apart by the text's places), else the one county the text names."""
    county = [c for c in chains if c[-1].endswith(("县", "区", "市", "旗"))]
    if county:
        return "".join(county[0]) + name
    gaz = load_gazetteer()      # or the township list's county (its namesakes told apart by the text's places)
    town = township_of(name)
    found = gaz.county_of_town(town, near=named or ())
    if not found and town not in load_towns():     # a township the list lacks: the one county its text names
        counties = {p for p in named or () if gaz.level(p) == "county"}    # (地址：某县某乡某村)
        found = counties.pop() if len(counties) == 1 else ""
    return with_parents(found + name, chains, named) if found else name


def prefecture_in_full(name: str, gaz: Gazetteer | None = None) -> str:
    """An autonomous prefecture written short at the start of a name (某某州交通运输局, from the
    gazetteer's short form 某某, or the one 某某…自治州 when 某某 is short for a province too)
    written in full (某某布依族苗族自治州交通运输局); other names as they are.

    Example:
        >>> prefecture_in_full("丙区科学技术局")
        '丙区科学技术局'
        >>> g = Gazetteer({"甲乙省": ("460000",), "甲乙藏族自治州": ("632500",)}, {}, {}, {"甲乙": "甲乙省"}, None)
        >>> prefecture_in_full("甲乙州审计局", g)
        '甲乙藏族自治州审计局'
        >>> g = Gazetteer({"甲乙藏族自治州": ("632500",)}, {}, {}, {"甲乙州": "甲乙藏族自治州"}, None)
        >>> prefecture_in_full("甲乙州审计局", g)      # the gazetteer's full form without the peoples
        '甲乙藏族自治州审计局'
    """
    m = re.match(r"([\u4e00-\u9fff]{2,4})州(?!市)", name)
    if not m:
        return name
    gaz = gaz or load_gazetteer()
    written = gaz.full(m.group(0))
    if written:           # a place whose full name ends in 州 (某州市 aside), or a full form of one (某某州)
        return written + name[m.end():]
    full = gaz.full(m.group(1))
    if not full.endswith("自治州"):     # a stem short for two places (a province and a prefecture): 州 picks the prefecture
        prefectures = [f for f in gaz.codes if f.startswith(m.group(1)) and f.endswith("自治州")]
        full = prefectures[0] if len(prefectures) == 1 else ""
    return full + name[m.end():] if full else name


def township_office(township: str) -> str:
    """The office a township or street's report is issued by: a street's 办事处, else the
    township's (乡, 镇, 苏木) 人民政府.

    Example:
        >>> township_office("戊乡"), township_office("己街道")
        ('戊乡人民政府', '己街道办事处')
    """
    return township + ("办事处" if township.endswith("街道") else "人民政府")


def township_of(name: str) -> str:
    """The township or street a township government's name starts with, or ``""``.

    Example:
        >>> township_of("戊乡人民政府"), township_of("戊街道办事处"), township_of("丙区科学技术局")
        ('戊乡', '戊街道', '')
    """
    m = _TOWNSHIP.fullmatch(squeeze(name))
    return m.group("t") if m and m.group("body") else ""


def place_chains(texts: list[str]) -> tuple[tuple[str, ...], ...]:
    """Place chains named on the page: 甲市丙区人民政府 -> ('甲市', '丙区'), longest first."""
    out: set[tuple[str, ...]] = set()
    for t in texts:
        s = squeeze(t)
        for m in re.finditer(r"(?:欢迎(?:访问|来到)?)?([\u4e00-\u9fff]{2,20}?)(?:人民政府|政府|门户网站|网站)", s):
            chain = places_of(m.group(1))
            if chain and "".join(chain) == m.group(1):
                out.add(chain)
    return tuple(sorted(out, key=lambda c: (-len(c), c)))


def self_named(text: str, gaz: Gazetteer | None = None) -> str:
    """The body a report calls 我局 (本委, 我厅…) when the text also names it with its place: among the
    names of known bodies that start with a place and end like the self word (…局 for 我局), the one
    named most often (the first on a tie); ``""`` when the text has no self word or no such name.
    Bodies the text puts above the issuer do not count: those named in 在…领导下 (…指导下), and
    those of a place whose county or district the text names there (在某县委、县政府和某市局的部署下:
    the county's bureau writes, and 某市某局 is its superior; when that is all the text names, the
    issuer is the superior's counterpart in that county).

    Example:
        >>> g = Gazetteer({"甲市": ("110100",), "乙县": ("110102",)}, {"110100": "甲市", "110102": "乙县"},
        ...               {"110100": "city", "110102": "county"}, {"甲市": "甲市", "乙县": "乙县"},
        ...               re.compile("甲市|乙县"))
        >>> self_named("我局制定了《2024年乙县应急管理局学法计划》，乙县应急管理局干部参加。", g)
        '乙县应急管理局'
        >>> self_named("在乙县县委的领导下，我局落实《甲市应急管理局工作要点》。", g)
        '乙县应急管理局'
        >>> self_named("乙县应急管理局全年公开信息20条。", g)
        ''
        >>> self_named("我局印发《乙县应急管理系统2024年学法计划》。", g)
        '乙县应急管理局'
    """
    m = _SELF_WORD.search(text[:3000])
    gaz = gaz or load_gazetteer()
    if not m or gaz.pattern is None:
        return ""
    ends = _SELF_HEADS[m.group(1)]
    lead: set[str] = set()
    for u in _UNDER.finditer(text):
        lead.update(gaz.written[p.group(0)] for p in gaz.pattern.finditer(u.group(0)))
    above = ({gaz.city_of(p) for p in lead} | {gaz.names.get(c[:2] + "0000", "") for p in lead for c in gaz.codes.get(p, ())}) - {""}
    masked = _UNDER.sub(lambda u: "　" * len(u.group(0)), text)
    known = set(dict(org_forms()).values())
    named: Counter = Counter()
    counterparts: set[str] = set()     # the superior's body at the led place (the issuer's own)
    first: dict[str, int] = {}
    end = 0
    for p in gaz.pattern.finditer(masked):
        if p.start() < end:
            continue
        b = re.match(rf"[\u4e00-\u9fff]{{2,24}}?(?:{ends})", masked[p.start():])
        system = re.match(r"[\u4e00-\u9fff]{2,16}?(?=系统)", masked[p.start():])
        if system and (not b or system.end() < b.end()):
            # 某市农业农村系统 (the body's line of work in its place): 我局 is that place's 农业农村局
            places, level, stem = _split(system.group(0))
            body = next((stem + e for e in ends.split("|") if stem + e in known), "")
            if not (places and body):
                continue
            b = system
        elif not b:
            continue
        else:
            places, level, body = _split(b.group(0))
        if not places or level or not body.endswith(tuple(ends.split("|"))) or body not in known:
            continue
        if gaz.full(places[0]) in above:
            counterparts.update(led + body for led in lead
                                if gaz.level(led) == "county" and gaz.city_of(led) == gaz.full(places[0]))
            continue
        name = "".join(places) + body
        named[name] += 1
        first.setdefault(name, p.start())
        end = p.start() + b.end()
    if not named:
        return counterparts.pop() if len(counterparts) == 1 else ""
    return max(named, key=lambda n: (named[n], -first[n]))


def contact_body(text: str) -> str:
    """The body a report sends its readers to with their questions (请与某县某局办公室联系), without
    the office or section inside it that answers; ``""`` when the text has no such line or the name
    holds no place (请与局办公室联系).

    Example:
        >>> contact_body("如对本报告有疑问，请与甲市乙区统计局办公室联系(地址：甲市乙区丙路1号)。")
        '甲市乙区统计局'
        >>> contact_body("请联系:乙区企业服务中心党政办公室,地址:乙区丙路2号"), contact_body("请与局办公室联系。")
        ('乙区企业服务中心', '')
    """
    m = _CONTACT.search(text)
    if not m:
        return ""
    who = _CONTACT_UNIT.sub("", m.group("who"))
    if len(who) < 4 or not (places_of(who) or township_of(who)) or who in places_of(who):
        return ""
    return who
