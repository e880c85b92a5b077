"""Bodies by their short forms: lexicon words and the templates that name them in full.

Takes a text, the lexicon and the report's metadata (its issuer and place chain); gives
``Candidate`` objects for level-and-department short forms (区科技局, 市发改委 and their
党组), the issuer's bare department name (科技局), body short forms (区委, 人大, 乡党委) with
their canonical names filled from templates (``fill_template``), short forms of laws and
aliases (科技进步法, 重大). ``names`` ranks them against the other recognisers.
"""
from __future__ import annotations

import re

from ..departments import zone_written_short
from ..model import ReportMeta, Span
from ..wordsrx import longest_word_pattern
from .candidate import Candidate
from .edges import NAME_CHAR, boundary_ends_at, bounded, issuer_without_places, place_stems
from .lexicon import Lexicon
from .segment import Tokens, is_verb, word_info

__all__ = ["fill_template", "lexicon_candidates"]

_TOWNSHIP_BODY = re.compile(r"(.+?(?:乡|镇|街道))(?:人民政府|办事处)")
# a person's post or seat after a body's short form: 市委书记, 县委常委, 人大代表, 政协委员 (not 委员会, 代表大会)
_ROLE_AFTER = re.compile(r"(?:副)?书记|常委(?!会)|代表(?!大会)|委员(?!会)")
# a body's party group or committee written after its name (市科技局党组, 市数据局机关党委), not
# 党组织/党组成员/党委员会/党支部书记; the canonical name's ending for each (市公安局党委 ->
# 中共某市公安局委员会, 机关纪委 -> …机关纪律检查委员会)
_PARTY_GROUP = re.compile(r"(机关党委|机关纪委|党总支|党支部|党组|党委)(?!织|成员|书记|会|员)")
_PARTY_TAIL = {"党组": "党组", "党委": "委员会", "机关党委": "机关委员会", "机关纪委": "机关纪律检查委员会",
               "党支部": "支部委员会", "党总支": "总支部委员会"}
# after a law's name: a day, week or month of publicity named after it (宪法日, 宪法宣传周)
_CAMPAIGN_AFTER = re.compile(r"(?:宣传|学习|活动)?[日周月]")



def _department_forms(lex: Lexicon) -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    """The department forms a level word may precede (departments.tsv, each full name being its
    own form too: 区人力资源和社会保障局 -> {place:区}人力资源和社会保障局) and their regular
    expression; made once per lexicon."""
    return lex.derived("department forms", _make_department_forms)


def _make_department_forms(lex: Lexicon) -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    forms = dict(lex.departments)
    for full, cls in lex.departments.values():
        forms.setdefault(full, (full, cls))
    return forms, re.compile(rf"(自治区|自治州|[区市县省州盟旗])({longest_word_pattern(forms)})")


def _government_level(meta: ReportMeta) -> str:
    """The level word (县, 区, 市) of the place whose people's government issued the report, or ""."""
    if not meta.issuer.endswith("人民政府") or not meta.place:
        return ""
    last = meta.place[-1]
    own = any(meta.issuer == "".join(meta.place[i:]) + "人民政府" for i in range(len(meta.place)))   # 某市某区, with or
    return last[-1] if own and last[-1] in "县区市" else ""                                          # without its province


def _local_level(meta: ReportMeta) -> str:
    """The level word (县, 区, 市) of the county, district or city whose department, township or
    street issued the report (its name starts with the report's places), or "" (a zone's committee
    has departments of its own).

    Example:
        >>> _local_level(ReportMeta(title="t", issuer="甲市乙区人力资源和社会保障局", year=2024, source="s",
        ...                         place=("甲市", "乙区")))
        '区'
    """
    own = [i for i in range(len(meta.place)) if meta.issuer.startswith("".join(meta.place[i:]))]   # with or
    if not own or meta.issuer.endswith(("管理委员会", "管委会")) or \
            meta.issuer == "".join(meta.place[own[0]:]):                        # without its province
        return ""
    last = meta.place[-1]
    return last[-1] if last[-1] in "县区市" else ""


def _issuer_forms(meta: ReportMeta) -> list[str]:
    """The issuer's name and that name less each leading place in turn (and, after the last, with
    that place's level word: 市某局), of four characters or more and more than a level word and 政府.

    Example:
        >>> m = ReportMeta(title="t", issuer="甲市乙区丙街道办事处", year=2024, source="s", place=("甲市", "乙区"))
        >>> _issuer_forms(m)
        ['甲市乙区丙街道办事处', '乙区丙街道办事处', '丙街道办事处', '区丙街道办事处']
    """
    forms = issuer_without_places(meta)
    if len(forms) > 1:
        last = forms[-2][: len(forms[-2]) - len(forms[-1])]      # the last place taken off
        if last[-1] in "省市区县州旗":
            forms.append(last[-1] + forms[-1])      # 市文化广电旅游局: its own place's level word before the rest
    return [f for f in forms if len(f) >= 4 and not re.fullmatch(r".{0,2}(?:人民)?政府", f)]


def fill_template(template: str, meta: ReportMeta) -> str | None:
    """Fill ``{place:区}``, ``{place:*}``, ``{issuer}``, ``{dept}`` (the issuer's name without
    its places: 市场监督管理局), ``{township}`` (a township government's or street office's
    township: 某县某乡) and ``{zone}`` (a zone's administrative committee's zone: 某经济开发区)
    from the report's metadata.

    Example:
        >>> m = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="s", place=("某市", "某区"))
        >>> fill_template("中共{place:区}委员会", m), fill_template("{place:县}人民政府", m)
        ('中共某市某区委员会', None)
        >>> m2 = ReportMeta(title="t", issuer="某县发展和改革委员会", year=2024, source="s", place=("甲省", "乙市", "某县"))
        >>> fill_template("中共{place:县}委员会", m2), fill_template("中共{place:市}委员会", m2)
        ('中共某县委员会', '中共乙市委员会')
        >>> fill_template("{place:省}{dept}", m2)
        '甲省发展和改革委员会'
        >>> m3 = ReportMeta(title="t", issuer="未具名发布机构", year=2024, source="s", sources=(("issuer", "default"),))
        >>> fill_template("中共{issuer}党组", m3), fill_template("{issuer}", m3)
        (None, '未具名发布机构')
        >>> m4 = ReportMeta(title="t", issuer="甲市乙经济技术开发区管理委员会", year=2024, source="s", place=("甲市",))
        >>> fill_template("中共{zone}工作委员会", m4)
        '中共甲市乙经济技术开发区工作委员会'
    """
    # a page that names no issuer: 局党组 stays 局党组, not the placeholder's party group (我局 is
    # still the issuer, whatever its name)
    if template != "{issuer}" and ("{issuer}" in template or "{dept}" in template) \
            and dict(meta.sources).get("issuer") == "default":
        return None
    out = template
    # the chain starts at the first place the issuer's own name begins with: a district
    # bureau "某市某区科学技术局" gives "中共某市某区委员会", without the province
    first = next((i for i, p in enumerate(meta.place) if meta.issuer.startswith(p)), None)
    for m in re.finditer(r"\{place:([^}]+)\}", template):
        level = m.group(1)
        if level == "*":
            end = len(meta.place)
        else:
            idx = [i for i, p in enumerate(meta.place) if p.endswith(level)]
            if not idx:
                return None
            end = idx[-1] + 1
        if first is None and level != "*" and len(meta.place) >= 2 and meta.place[end - 1].endswith("区") \
                and meta.place[end - 2].endswith("市"):
            first = end - 2       # an issuer named without its place: a district is written with its city
        start = first if first is not None and first < end else end - 1
        chain = meta.place[max(0, start):end]
        if not chain:
            return None
        out = out.replace(m.group(0), "".join(chain))
    if "{dept}" in out:
        dept = meta.issuer
        for p in meta.place:
            dept = dept.removeprefix(p)
        if dept == meta.issuer:
            return None       # an issuer named without its places: its department is unknown
        out = out.replace("{dept}", dept)
    if "{zone}" in out:      # the zone whose administrative committee issued the report: 某经济技术开发区
        zone = _ZONE_COMMITTEE.fullmatch(meta.issuer)
        if not zone:
            return None
        out = out.replace("{zone}", zone.group(1))
    if "{township}" in out:      # the issuer's township or street, with its county: 某县某乡
        own = _TOWNSHIP_BODY.fullmatch(meta.issuer)
        if not own:
            return None
        out = out.replace("{township}", own.group(1))
    return out.replace("{issuer}", meta.issuer)


_ZONE_COMMITTEE = re.compile(r"(.+?(?:开发区|高新区|园区|保税区|试验区|示范区|新区))管理委员会")
# a preposition or conjunction right before a bare department name (对教育局等6单位, 与财政局): the name starts there
_PREPOSITIONS = frozenset("对向由与和及把将被给为")
_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d年度?$")


def _same_name(a: str, b: str) -> bool:
    """Two names of one body: the same, or the same but for the 和 one of them writes (教育和体育局,
    教育体育局; 人力资源和社会保障局, 人力资源社会保障局).

    Example:
        >>> _same_name("甲县教育和体育局", "甲县教育体育局"), _same_name("甲县教育局", "甲县体育局")
        (True, False)
    """
    return a == b or a.replace("和", "") == b.replace("和", "")


def _ends_with(name: str, department: str) -> bool:
    """Whether ``name`` ends with ``department``, 和 or no 和 (甲县教育体育局, 教育和体育局)."""
    return name.endswith(department) or name.replace("和", "").endswith(department.replace("和", ""))


def _verb_before(word: str, lex: Lexicon) -> bool:
    """A verb of the lexicon or of jieba's dictionary (tag v), or a word that opens a clause."""
    return bool(word) and (is_verb(word, lex) or word_info(word)[1] == "v")


def _party_body(text: str, start: int, end: int, body: str, own: bool, meta: ReportMeta,
                keep_template: bool = False) -> Candidate | None:
    """The party group or committee written right after a department's name ending at ``end``
    (科技局党组, 市科技局机关党委): one ``PartyBody`` mention from ``start``, named after ``body`` (a
    name or a ``{place:…}`` template), or after the issuer when it is the issuer's own; a bare
    name's own party group (``keep_template`` false) is marked a unit of the issuer."""
    party = _PARTY_GROUP.match(text, end)
    if not party:
        return None
    tail = _PARTY_TAIL[party.group(1)]
    tpl = f"中共{{issuer}}{tail}" if own else f"中共{body}{tail}"
    pcanon = fill_template(tpl, meta)
    surface = text[start:party.end()]
    return Candidate(Span(start, party.end()), surface, "PartyBody", pcanon or surface, "lexicon",
                     scope=pcanon is None, template=tpl if keep_template else "",
                     relation="sub" if own and not keep_template else "")


def lexicon_candidates(text: str, lex: Lexicon, meta: ReportMeta, tokens: Tokens) -> list[Candidate]:
    """Short forms of bodies (区科技局, 区委, 市科技局党组, the issuer's bare 科技局), of laws and
    aliases, with canonical names filled from the report's metadata where a template allows.

    Example:
        >>> from .lexicon import load_lexicon
        >>> from .segment import tokenize
        >>> lex = load_lexicon()
        >>> m = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="s", place=("某市", "某区"))
        >>> t = "区科技局会同区委宣传部"
        >>> [(c.text, c.canonical) for c in lexicon_candidates(t, lex, m, tokenize(t, lex))]
        [('区科技局', '某市某区科学技术局'), ('区委', '中共某市某区委员会')]
    """
    out: list[Candidate] = []
    # level + department abbreviation: 区科技局, 市发改委
    forms, level_rx = _department_forms(lex)
    stems = place_stems(meta)
    for m in level_rx.finditer(text):
        full, cls = forms[m.group(2)]
        start, level = m.start(), m.group(1) if m.group(1) == "自治区" else m.group(1).removeprefix("自治")
        if not level or (level in "州盟旗" and not any(p.endswith(level) for p in meta.place) and not (
                m.group(1) == "自治州" and meta.issuer.startswith("自治州"))):
            continue          # 杭州科技局 is not a prefecture's bureau (nor 联盟… a league's); 自治州科技局 in a report of 自治州… is
        # "江宁区科技局": the report's own place written in front
        for stem in sorted(stems, key=len, reverse=True):
            if text[max(0, m.start() - len(stem) + (1 if stem.endswith(level) else 0)):m.start() + 1].endswith(
                    stem if stem.endswith(level) else stem + level):
                start = m.start() + 1 - len(stem) - (0 if stem.endswith(level) else 1)
                break
        # "甲市乙区科技局": the places above it written in front too
        while (above := next((p for p in meta.place if p and text[max(0, start - len(p)):start] == p), None)):
            start -= len(above)
        canon = fill_template(f"{{place:{level}}}{full}", meta)
        if canon and _same_name(canon, meta.issuer):
            canon = meta.issuer       # 某县教体局 of 某县教育体育局, whose name is written without 和
        if canon is None and meta.issuer == m.group(1) + full:
            canon = meta.issuer       # the page named its issuer no more fully (自治州科学技术局)
        own = _ends_with(meta.issuer, full) and (canon is None or canon == meta.issuer)
        party = _party_body(text, start, m.end(), f"{{place:{level}}}{full}", own, meta, keep_template=True)
        if party:      # 市科技局党组: the bureau's party group, one PartyBody mention
            out.append(party)
            continue
        out.append(Candidate(Span(start, m.end()), text[start:m.end()], cls, canon or m.group(0), "lexicon",
                             scope=canon is None, template=f"{{place:{level}}}{full}"))
    # a bare department name (科技局, 教育局) in the report of that department is the issuer; in the
    # report of a county's, district's or city's government, of another of its departments or of a
    # township or street in it, it is that government's department
    gov_level = _government_level(meta) or _local_level(meta)
    for abbr, (full, cls) in lex.departments.items():
        if len(abbr) < 3:
            continue
        if _ends_with(meta.issuer, full):
            canon: str | None = meta.issuer
        elif gov_level and not full.endswith("厅"):     # (a 厅 is a province's: 自然资源厅)
            canon = fill_template(f"{{place:{gov_level}}}{full}", meta)
        else:
            continue
        if abbr not in text:
            continue      # (most words of a lexicon are not in a report: no regex to compile)
        for m in re.finditer(re.escape(abbr), text):
            before = text[m.start() - 1:m.start()] if m.start() else ""
            if before and (NAME_CHAR.match(before) and before not in _PREPOSITIONS
                           and not boundary_ends_at(text, m.start(), lex)
                           and not _YEAR_BEFORE.search(text, max(0, m.start() - 6), m.start())
                           and not (tokens.at_start(m.start()) and _verb_before(tokens.word_before(m.start()), lex))):
                continue          # (2024年科技局…, 展示科技局的…: a year or a verb before it)
            party = _party_body(text, m.start(), m.end(), canon, canon == meta.issuer, meta) if canon else None
            if party:          # 教体局党组: the bureau's party group (the issuer's own: a unit of it)
                out.append(party)
                continue
            out.append(Candidate(Span(m.start(), m.end()), abbr, cls, canon or abbr, "lexicon", scope=canon is None))
    # the issuer's own township or street by its name (甲乙 of 某市甲乙镇人民政府): 甲乙+镇党委 is one mention
    own = _TOWNSHIP_BODY.fullmatch(issuer_without_places(meta)[-1])
    town = re.fullmatch(r"(.+?)(乡|镇|街道)", own.group(1)) if own else None
    for short, cls, template, rel, need in sorted(lex.bodies, key=lambda b: -len(b[0])):
        if need and not meta.issuer.endswith(need) and not (
                short[0] in "我本" and dict(meta.sources).get("issuer") == "default"):
            continue      # (a self word, 我厅, names the issuer the page did not name)
        if short not in text:
            continue
        for m in re.finditer(re.escape(short), text):
            if text[m.end():m.end() + 1] == "员":
                continue          # 区委员会 is not 区委
            if _ROLE_AFTER.match(text, m.end()):
                continue          # 市委书记, 人大代表: a person's post or seat, not the body (GUIDELINES.md)
            if text[m.start() - 1:m.start()] in ("(", "（") and text[m.end():m.end() + 1] in (")", "）"):
                continue          # 各级党委(党组): a generic alternative in brackets
            w = tokens.word_at(m.start())
            if w in lex.words and len(w) > len(short):
                continue          # the short form begins a longer word (words.tsv: 党组会, 党组书记)
            if short[0] in "我本" and not tokens.at_start(m.start()):
                continue          # a self word inside another word: 基本单位 is no 本单位
            if cls == "Park" and m.start() and NAME_CHAR.match(text[m.start() - 1]) \
                    and not boundary_ends_at(text, m.start(), lex):
                continue          # the zone written short stands alone: 某某综保区, 某某经开区 are names of their own
            canon = fill_template(template, meta)
            start = m.start()
            if town and short.startswith(town.group(2)) and text[max(0, start - len(town.group(1))):start] == town.group(1):
                start -= len(town.group(1))
            out.append(Candidate(Span(start, m.end()), text[start:m.end()], cls, canon or short, "lexicon",
                                 scope=canon is None, relation=rel, template=template))
    # the issuer's own name, in full or without its leading places (某某街道办事处 of 甲市乙区某某街道办事处):
    # the reading above finds a department after its place, not a street office or another body
    # whose name no lexicon gives
    if dict(meta.sources).get("issuer") != "default":
        forms = _issuer_forms(meta)      # (and with a development zone written short: 某某经开区统计局)
        for form in dict.fromkeys(forms + [zone_written_short(f, lex.zones) for f in forms]):
            for m in re.finditer(re.escape(form), text):
                out.append(Candidate(Span(m.start(), m.end()), form, "GovernmentBody", meta.issuer, "lexicon"))
    for short, (full, cls) in lex.laws.items():
        if short not in text:
            continue
        for m in re.finditer(re.escape(short), text):
            if _CAMPAIGN_AFTER.match(text, m.end()):
                continue          # 国家宪法日, 民法典宣传月: a day or campaign named after the law (a head name)
            out.append(Candidate(Span(m.start(), m.end()), short, cls, full, "lexicon"))
    for alias, (canon, cls) in lex.aliases.items():
        if alias not in text:
            continue
        for m in re.finditer(re.escape(alias), text):
            if len(alias) >= 3 or bounded(text, m.start(), m.end(), lex):
                out.append(Candidate(Span(m.start(), m.end()), alias, cls, canon, "alias"))
    return out
