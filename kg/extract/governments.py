"""Bodies read by what surrounds them: chosen candidates -> the same, amended.

Takes the candidates name recognition has chosen (``kg.extract.names``) and the text around
them; gives them back with what their neighbours say: a place's 政府 before 信息公开 is no body
but the place; a body followed by its website is one ``DigitalPlatform`` mention, the site; a
bare 政府 right after a party committee is that place's government; a bureau followed by its
office or section (某局办公室, 局综合股) is that unit, a body of its own; a development zone's
short name in a body's, zone's or party organ's name is written in full (``zones.tsv``).
"""
from __future__ import annotations

import dataclasses
import re

from ..departments import zone_in_full
from ..model import ReportMeta, Span
from .candidate import Candidate
from .lexicon import Lexicon
from .spans import SpanIndex

__all__ = ["bodies_in_context", "UNIT"]


def bodies_in_context(text: str, lex: Lexicon, chosen: list[Candidate], meta: ReportMeta) -> list[Candidate]:
    """All the passes of this module, in order."""
    chosen = _internal_units(text, meta, chosen)
    chosen = _government_information(text, lex, chosen)
    chosen = _government_website(text, lex, chosen)
    chosen = _government_after_committee(text, chosen)
    # 某某经开区统计局, 某某高新区管委会: a zone's body, and the zone, named in full (zones.tsv)
    return [dataclasses.replace(c, canonical=zone_in_full(c.canonical, lex.zones)) if c.cls in _ZONE_NAMED else c
            for c in chosen]


# the words after a body's name that make one of its units: its office or a section (办公室, 党政办公室,
# 综合股); right after a bureau (not the post of its head: 办公室主任), and the words that name the
# issuer's own unit with no bureau before them
# (a section: any name ending in 股, or one of the usual sections ending in 科; 党政办 is 党政办公室)
_SECTION = r"[\u4e00-\u9fff]{1,5}?股(?![份权票东])|(?:综合|综合管理|政策法规|法规|法制|行政审批|财务|人事|规划|执法|监督|科技管理)科"
UNIT = re.compile(rf"(?:党政|综合)?办公室|党政办(?!公)|{_SECTION}")
_UNIT_AFTER = re.compile(rf"({UNIT.pattern})(?![主副长])")
_BUREAU = re.compile(r"(?:局|厅|委员会|委|管委会|馆|中心|院)$")
_OWN_UNIT = re.compile(rf"(?:局|厅|委)?(?:综合办公室|综合股|综合科)|(?:局|厅|委)(?:办公室|{_SECTION})")
_UNIT_IN_FULL = {"党政办": "党政办公室"}
_BEFORE_OWN_UNIT = re.compile(r"[\u4e00-\u9fff]")
_FUNCTION_CHARS = frozenset("对向由与和及把将被给为在、了是经请")


def _internal_units(text: str, meta: ReportMeta, chosen: list[Candidate]) -> list[Candidate]:
    """A bureau followed by its office or section (某局办公室, 我局综合股) is that unit, one
    ``GovernmentBody`` mention named after the bureau; a unit named with no bureau before it
    (局办公室, 综合股) in a bureau's report is the issuer's. The issuer's units are its
    sub-organizations (GUIDELINES.md: a bureau's internal office is a body of its own).

    Example:
        >>> m = ReportMeta(title="t", issuer="甲县科学技术局", year=2024, source="s", place=("甲县",))
        >>> c = Candidate(Span(2, 7), "甲县科技局", "GovernmentBody", "甲县科学技术局", "lexicon")
        >>> t = "请与甲县科技局办公室联系。由局综合股牵头,办公室主任参加"
        >>> [(x.text, x.canonical, x.relation) for x in _internal_units(t, m, [c])]
        [('甲县科技局办公室', '甲县科学技术局办公室', 'sub'), ('局综合股', '甲县科学技术局综合股', 'sub')]
    """
    out: list[Candidate] = []
    for c in chosen:
        unit = _UNIT_AFTER.match(text, c.span.end) if c.cls == "GovernmentBody" and _BUREAU.search(c.canonical) else None
        if unit is None:
            out.append(c)
            continue
        out.append(Candidate(Span(c.span.start, unit.end()), text[c.span.start:unit.end()], "GovernmentBody",
                             c.canonical + _UNIT_IN_FULL.get(unit.group(1), unit.group(1)), c.source,
                             relation="sub" if c.canonical == meta.issuer else "", template=c.template))
    unnamed = dict(meta.sources).get("issuer") == "default"
    if _BUREAU.search(meta.issuer) or unnamed:
        taken = SpanIndex([c.span for c in out])
        for m in _OWN_UNIT.finditer(text):
            before = text[m.start() - 1:m.start()]
            if taken.overlaps(Span(m.start(), m.end())) or _UNIT_AFTER.match(text, m.end()) \
                    or text[m.end():m.end() + 1] in ("主", "副", "室") \
                    or (_BEFORE_OWN_UNIT.match(before) and before not in _FUNCTION_CHARS):
                continue          # 某某局综合股 is another's unless read as a body above; 综合科室
            word = re.sub(r"^[局厅委](?=.)", "", m.group(0))
            # (a page that names no issuer: the unit keeps its words, as 局党组 does)
            out.append(Candidate(Span(m.start(), m.end()), m.group(0), "GovernmentBody",
                                 m.group(0) if unnamed else meta.issuer + word, "lexicon", scope=unnamed, relation="sub"))
    return sorted(out, key=lambda c: c.span)


def _government_information(text: str, lex: Lexicon, chosen: list[Candidate]) -> list[Candidate]:
    """A place's 政府 followed by 信息公开 (某区政府信息公开工作要求) is no body: 政府信息公开 is one
    compound after the place, which stays a ``Place``."""
    out: list[Candidate] = []
    for c in chosen:
        if c.cls == "GovernmentBody" and text.startswith("信息公开", c.span.end) and c.text.endswith("政府") \
                and (place := re.sub(r"(?:人民)?政府$", "", c.text)) in lex.places:
            out.append(Candidate(Span(c.span.start, c.span.start + len(place)), place, "Place",
                                 lex.places[place][0], "place"))
        else:
            out.append(c)
    return out


# a party committee's canonical name, and the place it is of (中共某某自治区委员会, 中共某县委员会)
_COMMITTEE_OF = re.compile(r"^中共(?P<place>[\u4e00-\u9fff]{2,20}?(?:自治区|省|市|区|县|州|旗|乡|镇))委员会$")
# the bare 政府 right after it (某党委、政府; not 政府办, 政府网, 政府信息)
_BARE_GOVERNMENT = re.compile(r"[、和与及]政府(?![办网信工采债性职部门])")


def _government_after_committee(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """A party committee, then 、政府 (区党委、政府, 县委、政府): the bare 政府 is the same place's
    government, a ``GovernmentBody`` mention of its own.

    Example:
        >>> c = Candidate(Span(1, 4), "县党委", "PartyBody", "中共甲乙县委员会", "lexicon")
        >>> [(x.text, x.canonical) for x in _government_after_committee("在县党委、政府领导下", [c])]
        [('县党委', '中共甲乙县委员会'), ('政府', '甲乙县人民政府')]
    """
    out = list(chosen)
    taken = SpanIndex([c.span for c in chosen])
    for c in chosen:
        m = _COMMITTEE_OF.match(c.canonical) if c.cls == "PartyBody" else None
        g = _BARE_GOVERNMENT.match(text, c.span.end) if m else None
        if g:
            span = Span(g.end() - 2, g.end())
            if not taken.overlaps(span):
                out.append(Candidate(span, "政府", "GovernmentBody", m.group("place") + "人民政府", c.source))
    return sorted(out, key=lambda c: c.span)


# the classes whose names write a development zone's short form in full
_ZONE_NAMED = frozenset({"GovernmentBody", "PartyBody", "Park"})

# a government's website right after its name: 门户网站, 网站, or 网 where no other word goes on
# (政府网格, 政府网络, 政府网上 go on)
_WEBSITE = re.compile(r"门户网站|门户网|官方网站|官网|网站|网(?![格络上点页址民友信办群])")
_LEVEL_ONLY = re.compile(r"^(?:省|市|区|县|州|自治区|自治州|盟|旗|乡|镇)(?:人民)?政府$")
# another body's site: its 门户网站, 官方网站, 官网, 政府网站 or 网站 (not a bare 网: 局网格)
_SITE_WORDS = r"门户网站|官方网站|官网|网站"
_BODY_WEBSITE = re.compile(_SITE_WORDS + r"|政府网站")
# a site named by a place and the words of its line of work (某地水利网站, 某地教育局网站, 某地公积金中心官网):
# a few characters of one noun phrase (no particle, conjunction or verb of a clause) before the site word
_PLACE_SITE = re.compile(r"(?![^，。；、\n]{0,8}?[的和与及在对向把将被为了着过等])[\u4e00-\u9fff]{1,8}?(?:" + _SITE_WORDS + ")")
# a body named by its level only (市人社局): its site is named with the body in full
_LEVEL_FIRST = re.compile(r"^(?:省|市|区|县|州|自治区|自治州|盟|旗)(?!场)")


def _government_website(text: str, lex: Lexicon, chosen: list[Candidate]) -> list[Candidate]:
    """A government's name followed by its website (某县人民政府门户网站, 区政府网站, 某区政府网), or
    another body's followed by its site (某市某局门户网站, 某厅官方网站, 某中心官网), is one
    ``DigitalPlatform`` mention, the site (GUIDELINES.md: no nested mentions). Its name is the
    words as written, with a body named only by its level (县政府, 市人社局) or by its bare
    department name (科技局, departments.tsv) written in full.

    Example:
        >>> c = Candidate(Span(2, 9), "甲乙县人民政府", "GovernmentBody", "甲乙县人民政府", "lexicon")
        >>> from .lexicon import load_lexicon
        >>> lex = load_lexicon()
        >>> [(x.text, x.cls) for x in _government_website("通过甲乙县人民政府门户网站公开", lex, [c])]
        [('甲乙县人民政府门户网站', 'DigitalPlatform')]
        >>> c = Candidate(Span(2, 5), "县政府", "GovernmentBody", "甲乙县人民政府", "lexicon")
        >>> [(x.text, x.canonical) for x in _government_website("依托县政府网站，县政府网格化", lex, [c])]
        [('县政府网站', '甲乙县人民政府网站')]
    """
    out: list[Candidate] = []
    for c in chosen:
        site = None
        if c.cls == "GovernmentBody":
            site = (_WEBSITE if c.text.endswith("政府") else _BODY_WEBSITE).match(text, c.span.end)
        elif c.cls == "Park":      # a zone's own site (经开区网站), named as a body's is
            site = _BODY_WEBSITE.match(text, c.span.end)
        elif c.cls == "Place" and (site := _PLACE_SITE.match(text, c.span.end)):
            end = site.end()     # 某地水利网站, 某地教育局网站, 某地住房公积金中心官网: a site named by its place
            out.append(Candidate(Span(c.span.start, end), text[c.span.start:end], "DigitalPlatform",
                                 text[c.span.start:end], c.source))
            continue
        if site is None:
            out.append(c)
            continue
        level_only = _LEVEL_ONLY.match(c.text) or (not c.text.endswith("政府") and _LEVEL_FIRST.match(c.text)) \
            or (c.cls == "Park" and c.source == "lexicon") \
            or (c.source == "lexicon" and c.text in lex.departments)    # 经开区网站, 科技局网站: the name in full
        name = (c.canonical if level_only else c.text) + site.group(0)
        out.append(Candidate(Span(c.span.start, site.end()), text[c.span.start:site.end()], "DigitalPlatform", name,
                             c.source))
    return out
