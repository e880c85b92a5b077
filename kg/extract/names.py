"""Name recognition: text -> candidate mentions with class and canonical label.

Takes a report's text, the lexicon, its metadata and the spans of figures no name may
overlap; gives ``Candidate`` objects in text order, after overlaps keep the strongest.
Recognisers, strongest first: book titles 《…》 (laws, policies, rules) and quoted names
“…” (programs, loan products; both in ``marks``), lexicon short forms (区科技局, 区委, 科技进步法,
重大; in ``bodies``), places (in ``places``), head-noun names (…工程研究中心, …银行…分行,
…科技园) whose left edge is found by scanning back to a boundary word (``scan``), and the list
constructions ``X、Y等项目`` and ``X、Y、Z概念验证中心`` that share a category or head (``lists``).
``resolve`` turns the candidates into mentions and entities.
"""
from __future__ import annotations

import dataclasses
import re

from ..departments import DISCLOSURE_GROUP_OFFICE
from ..model import ReportMeta, Span
from .bodies import fill_template, lexicon_candidates
from .candidate import Candidate
from .edges import BODIES, NAME_CHAR
from .governments import bodies_in_context
from .lexicon import Lexicon
from .marks import bare_formulas, classify_title, doc_numbers, quotes, sessions, titles
from .places import absorb_places, gazetteer_candidates, own_place_candidates, with_places
from .segment import LIST_MARKER, Tokens, is_verb, tokenize, word_info
from .lists import coordinated, listed
from .scan import heads_rx, scan_left, strip_generic
from .spans import SpanIndex

__all__ = ["Candidate", "find_candidates", "classify_title", "fill_template"]

_PRIORITY = {"title": 0, "quote": 1, "lexicon": 2, "list": 3, "coord": 3, "head": 4, "alias": 4, "place": 5, "stat": 6}


def find_candidates(text: str, lex: Lexicon, meta: ReportMeta, *, protect: list[Span],
                    extra: list[Candidate] = ()) -> list[Candidate]:
    """All name candidates of ``text`` after overlap resolution, in text order.

    ``protect`` holds spans (figures) that no name may overlap; ``extra`` holds candidates
    from other recognisers (statistical NER), which only fill gaps.
    """
    tokens = tokenize(text, lex)
    meta = with_places(meta, lex, text, tokens)
    cands: list[Candidate] = []
    silent: list[Span] = []
    cands += _defined_short_titles(text, titles(text, lex, meta, silent), lex)
    cands += [c for c in quotes(text, lex, silent)       # not inside a report's 《title》
              if not any(s.start <= c.span.start and c.span.end <= s.end for s in silent)]
    cands += [c for c in bare_formulas(text) if not any(o.span.start < c.span.end and c.span.start < o.span.end for o in cands)]
    silent += sessions(text, lex) + doc_numbers(text)
    marked = [Span(max(0, c.span.start - 1), c.span.end + 1) for c in cands] + silent
    blocked = SpanIndex(list(protect) + marked)
    cands += [c for c in lexicon_candidates(text, lex, meta, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in own_place_candidates(text, lex, meta, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in gazetteer_candidates(text, lex, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in _heads(text, lex, blocked, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in listed(text, lex, blocked) if not blocked.overlaps(c.span)]
    cands += [c for c in (_filter_extra(text, lex, tokens, c) for c in extra) if c and not blocked.overlaps(c.span)]
    cands = _zone_departments(text, cands)
    cands = _prefer_named_bodies(cands)
    chosen = _resolve_overlaps(cands)
    chosen += coordinated(text, lex, chosen, blocked)
    chosen = absorb_places(text, lex, meta, sorted(_resolve_overlaps(chosen), key=lambda c: c.span), tokens)
    chosen = _ambiguous(text, lex, chosen)
    chosen = _defined_short_names(text, chosen)
    chosen = bodies_in_context(text, lex, chosen, meta)
    # 市委全面依法治市委员会会议, 某某委员会第三次会议: a committee's session names no body
    # (GUIDELINES.md, "Meetings")
    chosen = [c for c in chosen if not (c.cls in ("PartyBody", "GovernmentBody")
                                        and (c.text.endswith("委员会") or "依法治" in c.text)
                                        and _COMMITTEE_SESSION.match(text, c.span.end))]
    # 领导小组办公室 with no group's name before it names no body (GUIDELINES.md, offices)
    chosen = [c for c in chosen if not _BARE_GROUP.fullmatch(c.text)]
    # 平安广东, 法治福州, 健康广州: a campaign named after a place names no place (GUIDELINES.md)
    chosen = [c for c in chosen
              if not (c.cls == "Place" and _CAMPAIGN_BEFORE.search(text, max(0, c.span.start - 2), c.span.start))]
    # 第十个国家宪法日: an observance day's count is no part of its name
    chosen = [dataclasses.replace(c, span=Span(c.span.start + n.end(), c.span.end), text=c.text[n.end():],
                                  canonical=_DAY_COUNT.sub("", c.canonical))
              if c.cls == "Event" and (n := _DAY_COUNT.match(c.text)) else c for c in chosen]
    # a name starts with a character: not with the bracket of (扩大)会议 (titles and quotes start inside their marks)
    return sorted((c for c in chosen if c.text[:1].isalnum()), key=lambda c: c.span)


# a leading group or its office named by nothing but those words
_BARE_GROUP = re.compile(r"(?:工作)?领导小组(?:办公室)?")
# the words after a committee's name that make it one of its sessions (…委员会系列会议, …第四次会议, …全体扩大会议)
# (…委员会及省委依法治省委员会会议, …委员会和市委、区委相关会议精神: the sessions of the bodies listed with it)
_COMMITTEE_SESSION = re.compile(r"(?:[及和与、](?:[\u4e00-\u9fff]{1,8}?委员会|[省市区县州]委)(?:、[省市区县州]委)*(?:相关)?)?"
                                r"(?:系列|全体(?:扩大)?|专题)?会议|第[一二三四五六七八九十\d]{1,3}次(?:全体)?(?:扩大)?会议")
# an observance day's count (第十个国家宪法日), no part of its name
_DAY_COUNT = re.compile(r"^第[一二三四五六七八九十百\d]+个(?=[\u4e00-\u9fff]{2,}(?:日|节|周|月)$)")
# the words that make a campaign of a place's name (平安广东, 法治中国, 健康广州, 数字福建)
_CAMPAIGN_BEFORE = re.compile(r"(?:平安|法治|健康|美丽|数字|幸福|清廉|智慧|文明|诚信|书香)$")


_SHORT_NAME_WORDS = r"(?:以下简称|下称|简称)为?"     # 《X》（以下简称《Y》）, 某局（以下简称某某, 简称为某某）
_DEFINED = re.compile(rf"^[(（]?\s*{_SHORT_NAME_WORDS}\s*$")


def _defined_short_titles(text: str, titles: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """《X》（以下简称《Y》）: every 《Y》 of the report is X; a short title the report does not define
    but its genre does (《条例》 in a report on 政府信息公开: laws.tsv rows with a fourth column) is
    that law."""
    defined: dict[str, tuple[str, str]] = {}
    for a, b in zip(titles, titles[1:]):
        if _DEFINED.match(text[a.span.end + 1:b.span.start - 1]):
            defined.setdefault(b.text, (a.cls, a.canonical))
    for c in titles:
        if c.text in lex.laws_in_context and c.text not in defined and lex.laws_in_context[c.text][2] in text:
            full, cls, _ = lex.laws_in_context[c.text]
            defined[c.text] = (cls, full)
    if not defined:
        return titles
    return [dataclasses.replace(c, cls=defined[c.text][0], canonical=defined[c.text][1]) if c.text in defined else c
            for c in titles]


# 某局（以下简称“区局”）: the short name a report gives a name it has just written
_DEFINED_NAME = re.compile(rf"[(（]\s*{_SHORT_NAME_WORDS}[:：]?\s*[“\"]?([\u4e00-\u9fff·\-]{{2,14}})[”\"]?\s*[)）]")


def _defined_short_names(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """某开发区发展改革局（以下简称发改局）: the short name, wherever the report writes it, is the name
    before the bracket (its class and canonical name); nothing else is read inside the bracket.

    Example:
        >>> t = "甲市乙区发展改革局（以下简称发改局）编制本报告。发改局主动公开信息。"
        >>> c = Candidate(Span(0, 9), "甲市乙区发展改革局", "GovernmentBody", "甲市乙区发展改革局", "head")
        >>> [(x.text, x.canonical) for x in _defined_short_names(t, [c])]
        [('甲市乙区发展改革局', '甲市乙区发展改革局'), ('发改局', '甲市乙区发展改革局'), ('发改局', '甲市乙区发展改革局')]
    """
    out = list(chosen)
    for c in chosen:
        m = _DEFINED_NAME.match(text, c.span.end)
        if not m or m.group(1) == c.text:
            continue
        short = m.group(1)
        inside = Span(m.start(), m.end())
        out = [o for o in out if not (o is not c and inside.start <= o.span.start and o.span.end <= inside.end)]
        for k in re.finditer(re.escape(short), text):
            span = Span(k.start(), k.end())
            inner = [o for o in out if span.start <= o.span.start and o.span.end <= span.end]
            if any(o.span.overlaps(span) and o not in inner for o in out):
                continue          # inside a longer name: not the short name
            out = [o for o in out if o not in inner]
            out.append(dataclasses.replace(c, span=span, text=short, source="defined"))
    return sorted(out, key=lambda x: x.span)


# the words a development zone's name ends in (某某经济技术开发区, 某某高新区, 某某工业园区)
_ZONE_END = re.compile(r"(?:开发区|高新区|经开区|园区|新区|保税区|综保区|试验区|示范区)$")


def _zone_departments(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A department's short form whose level character 区 ends a development zone's name before it
    (某某经开区|区统计局, 某某高新区|区科技局) is the zone's department, one mention with the zone:
    not the report's own district's (GUIDELINES.md, development zones)."""
    out = list(cands)
    # the candidates by where they end, in their order: a zone ends on the 区 or where c ends
    # (looked up, not scanned: a report's candidates times its short forms grew as its square)
    ending: dict[int, list[int]] = {}
    for i, z in enumerate(cands):
        ending.setdefault(z.span.end, []).append(i)
    for c in cands:
        if not (c.source == "lexicon" and c.cls == "GovernmentBody" and c.template.startswith("{place:区}")):
            continue
        near = sorted({*ending.get(c.span.start + 1, ()), *ending.get(c.span.end, ())})
        before = [z for z in map(cands.__getitem__, near) if z is not c and z.span.start < c.span.start < z.span.end]
        zone = next((z for z in before if _ZONE_END.search(text, z.span.start, c.span.start + 1)), None)
        if zone is None:
            continue
        start = zone.span.start
        name = text[start:c.span.start + 1]
        out.append(Candidate(Span(start, c.span.end), text[start:c.span.end], c.cls,
                             name + c.template.split("}", 1)[1], c.source))
    return out


def _prefer_named_bodies(cands: list[Candidate]) -> list[Candidate]:
    """A body's short form that begins a longer head-noun name is part of it (市政府办公室,
    甲市政府信息公开平台): the short form gives way to the name."""
    # meetings and projects named after a body (县委…委员会全体扩大会) keep the body's mention
    heads = SpanIndex(c.span for c in cands if c.source == "head" and c.cls in BODIES + ("DigitalPlatform",))
    if not len(heads):
        return cands
    out = []
    for c in cands:
        if c.source == "lexicon" and c.cls in BODIES:
            inside = [h for h in heads.overlapping(c.span) if h.start <= c.span.start and h.end >= c.span.end + 2]
            if inside:
                continue
        out.append(c)
    return out


def left_edge(text: str, start: int, head_start: int, tokens: Tokens, lex: Lexicon) -> int:
    """Move a name's left edge to a word start, past leading verbs and list markers and past
    a clause that ends in a complete name and a verb (…研究院获批…).

    Example:
        >>> from .lexicon import load_lexicon
        >>> lex = load_lexicon()
        >>> t = "成功签约浙江大学"
        >>> t[left_edge(t, 2, 6, tokenize(t, lex), lex):]
        '浙江大学'
        >>> t = "一)甲乙丙研究院"
        >>> t[left_edge(t, 0, 5, tokenize(t, lex), lex):]
        '甲乙丙研究院'
    """
    i = start
    while i < head_start:
        if not tokens.at_start(i):
            i = min(tokens.next_start(i), head_start)
            continue
        mk = LIST_MARKER.match(text[i:head_start])
        if mk:
            i += mk.end()
            continue
        w = tokens.word_at(i)
        if w and i + len(w) <= head_start and is_verb(w, lex) and not lex.head_of(w):
            i += len(w)
            continue
        if w and i + len(w) < head_start and word_info(w)[1] == "v" and tokens.word_at(i + len(w)) in lex.places:
            i += len(w)           # 上传甲市…委员会: a verb before the place the name starts with
            continue
        break
    # "X研究院获批Y中心": a complete name and a verb before this one end where the verb does
    k = i
    while k < head_start:
        w = tokens.word_at(k) or text[k]
        nxt = k + len(w)
        if nxt <= head_start and len(w) >= 2 and is_verb(w, lex) and _ends_with_head(text[i:k], lex):
            i = nxt
        k = nxt
    return i


def _ends_with_head(s: str, lex: Lexicon) -> bool:
    h = lex.head_of(s) if len(s) >= 3 else None
    return bool(h) and h[2] in ("name", "both") and len(s) > len(h[0])


def _filter_extra(text: str, lex: Lexicon, tokens: Tokens, c: Candidate) -> Candidate | None:
    """A statistical candidate with the rules' left edge; dropped when generic or too short."""
    head = lex.head_of(c.text)
    end_of_mod = c.span.end - len(head[0]) if head else c.span.end
    start = left_edge(text, c.span.start, end_of_mod, tokens, lex)
    name = text[start:c.span.end]
    if len(name) < 3 or not strip_generic(name[: len(name) - (len(head[0]) if head else 0)], lex.generic):
        return None
    if any(f[0] == "doctrine" and f[1] == name for f in lex.formulas):
        return None
    return Candidate(Span(start, c.span.end), name, c.cls, name if c.canonical == c.text else c.canonical, c.source)


def _ambiguous(text: str, lex: Lexicon, chosen: list[Candidate]) -> list[Candidate]:
    """Keep an ambiguous short form (ambiguous.tsv) only in a context that supports it; record which."""
    out = []
    for k, c in enumerate(chosen):
        rules = lex.ambiguous.get(c.text) if c.source in ("alias", "list") else None
        if not rules:
            out.append(c)
            continue
        why = ""
        for kind, value in rules:
            if kind == "prefix" and text[max(0, c.span.start - len(value)):c.span.start] == value:
                why = f"prefix={value}"
            elif kind == "suffix" and text.startswith(value, c.span.end):
                why = f"suffix={value}"
            elif kind == "list" and _coordinated_with(text, c, chosen, k, value, lex):
                why = f"list={value}"
            if why:
                break
        if why:
            out.append(Candidate(c.span, c.text, c.cls, c.canonical, c.source, c.scope, c.relation, why))
    return out


def _coordinated_with(text: str, c: Candidate, chosen: list[Candidate], k: int, cls: str, lex: Lexicon) -> bool:
    """Is ``c`` joined by 、 和 与 及 to a neighbouring mention of class ``cls`` that is not itself ambiguous?"""
    def ok(o: Candidate) -> bool:
        return o.cls == cls and o.text not in lex.ambiguous
    if k + 1 < len(chosen):
        o = chosen[k + 1]
        if ok(o) and text[c.span.end:o.span.start] in ("、", "和", "与", "及", ",", "，", "以及"):
            return True
    if k > 0:
        o = chosen[k - 1]
        if ok(o) and text[o.span.end:c.span.start] in ("、", "和", "与", "及", ",", "，", "以及"):
            return True
    return False


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    keep: list[Candidate] = []
    taken = SpanIndex()
    for c in sorted(cands, key=lambda c: (_PRIORITY[c.source], -len(c.span), c.span.start)):
        if not taken.overlaps(c.span):
            keep.append(c)
            taken.add(c.span)
    return keep


# the characters of one name running on (no punctuation, no space)
_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]*")
_PLACE_OFFICE = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:省|自治区|市|区|县|旗|自治州|州|盟))" + DISCLOSURE_GROUP_OFFICE)
_OWN_OFFICE = re.compile(r"(.{2,30}?(?:分局|局|厅|委员会|馆|中心|院))(?:政务公开|政府信息公开|信息公开)?(?:工作)?(?:领导小组)?办公室")


def _plain_words(start: int, end: int, tokens: Tokens) -> bool:
    """Whether ``start:end`` is all ordinary dictionary words: each of jieba's words there is in its
    dictionary and is no number, place, person or other proper name (tags m, ns, nr, nz…)."""
    i = start
    while i < end:
        w = tokens.word_at(i)
        freq, tag = word_info(w) if w else (0, "")
        if not w or not freq or tag[:1] in ("m", "x") or tag in _PROPER_TAGS:
            return False
        i += len(w)          # (a word may run past ``end``: 重点水利|工程 is 重点 + 水利工程)
    return True


_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "eng"})
# the end of a street address inside a run of name characters (晋阳东路568号, …号1栋5楼; not 4号泊位)
_ADDRESS_END = re.compile(r"(?:路|街|巷|道)[0-9０-９]+(?:号院|号楼|号|弄)(?:[0-9０-９]+(?:栋|幢|楼|层|室))*"
                          r"|[0-9０-９一二三四五六七八九十]+(?:楼|层)[0-9０-９]*(?:室|号)?")     # (某局四楼407办公室: a room)


# an event's name runs from the verb that holds it (举办/召开/承办…) to its head, verbs of its own
# included (举办全区某部门学习宣传贯彻某精神培训班); words that bring in something else end it first
_HOSTING = re.compile(r"(?:举办|承办|召开|举行|开展|主办)了?$")
_NOT_IN_EVENT = re.compile(r"参加|参与|出席|观摩|邀请|组织|赴|到|在|与|和|及|等|通过|围绕|结合|对|向|为|于")


def _after_hosting_verb(text: str, start: int, blocked: SpanIndex) -> int:
    """Where an event's name starts: right after its hosting verb when only its own words (no
    punctuation, no word that brings in another actor or place) lie between, else ``start``."""
    i = start
    while i > 0 and start - i < 24 and (NAME_CHAR.match(text[i - 1]) or text[i - 1] in "“”\"") and not blocked.covers(i):
        if _HOSTING.search(text, max(0, i - 3), i):
            return i if i < start and not _NOT_IN_EVENT.search(text, i, start) else start
        i -= 1
    return start


def _heads(text: str, lex: Lexicon, blocked: SpanIndex, tokens: Tokens) -> list[Candidate]:
    rx = heads_rx(lex, ("name", "both", "modifier"))
    out = []
    for m in rx.finditer(text):
        head = lex.head_of(m.group(0))
        assert head is not None
        if len(head[0]) == 1 and text[m.end():m.end() + 1] in "款":
            continue          # 贷款 is a noun, not a "…贷" product
        if m.end() < len(text) and (not tokens.at_start(m.end()) or (
                head[1] == "Event" and head[0][-1] in "日周月" and text[m.end()] in "常程刊报度末初底")):
            continue          # the head ends inside a word (大学生, 大学城; 公开日常工作, 周报, 月度, where the
            #                   segmenter splits the day's or month's word off): no name ends there
        if head[2] == "modifier" and not tokens.at_start(m.start()):
            continue          # 事项目录 is 事项 + 目录, not a "…事" 项目
        if head[1] == "Park" and head[0].endswith("区") and (longer := rx.search(text, m.end(), m.end() + 16)) \
                and _NAME_RUN.fullmatch(text, m.end(), longer.start()):
            continue          # 某高新区天使投资引导基金, 某高新区企业服务云平台: the zone begins a longer name
        start = scan_left(text, m.start(), lex, blocked)
        if m.start() - start < 2:
            # a boundary word right before the head is part of the name (…梯度培育智慧平台)
            w = next((w for w in lex.boundaries if len(w) >= 2 and text[max(0, start - len(w)):start] == w), None)
            if w:
                # only between two verbs: "建成…梯度培育智慧平台", not "扎实推进平台"
                start2 = scan_left(text, start - len(w), lex, blocked)
                verb_before = any(text[max(0, start2 - len(v)):start2] == v for v in lex.boundaries if len(v) >= 2)
                if start - len(w) - start2 >= 2 and verb_before:
                    start = start2
        if head[1] == "GovernmentBody" and start > 1 and text[start - 1] == "和":
            # 甲市乙区经济信息化和科学技术局: 和 inside a body's name that begins with its place
            start2 = scan_left(text, start - 1, lex, blocked)
            if any(text.startswith(text[start2:start2 + k], start2) and text[start2:start2 + k] in lex.places
                   for k in range(2, 12)):
                start = start2
        start = left_edge(text, start, m.start(), tokens, lex)    # (2024年某市某局: _scan_left stops at the year)
        if head[1] == "Event":
            start = _after_hosting_verb(text, start, blocked)
        if (addr := list(_ADDRESS_END.finditer(text, start, m.start()))):
            start = addr[-1].end()          # 某县某街道某路568号县科创中心: the address ends at its number
        modifier = text[start:m.start()]
        rest = strip_generic(modifier, lex.generic)
        need = 4 if head[2] == "modifier" else 2
        if head[1] == "InnovationEcosystemCircle" and re.sub(r"创新$", "", modifier).removeprefix("环") in lex.aliases:
            rest = modifier          # 环重大(创新)生态圈: the circle around a university named by its short form
        if len(modifier) < 2 or len(rest) < need:
            continue
        if head[2] == "modifier" and (head[0] in modifier or re.search(r"(投资|签约|合作|转化|建设|研发|攻关|申报|管理|征收|收费)$", modifier)):
            continue          # "成果转化项目", "企业投资项目", "土地征收项目" name an activity, not a project
        if head[1] in ("Project", "Program") and _plain_words(start, m.start(), tokens):
            continue          # 重点水利工程, 重点公开审计项目, 能力提升行动: ordinary words say what kind, no name
                              # (not events: 宪法宣传周, 全市某某大会 are named so)
        if head[2] == "modifier":
            out.append(Candidate(Span(start, m.start()), modifier, head[1], modifier, "head"))
            continue
        name = text[start:m.end()]
        cls = head[1]
        if cls == "Event" and re.search(r"代表大会$", name):
            continue          # a session of a body (…第十五届人民代表大会第五次会议) is no Event (GUIDELINES.md)
        placed = _PLACE_OFFICE.fullmatch(name) if cls == "GovernmentBody" else None
        if placed:      # 某旗政务公开领导小组办公室: the group a place's government hosts stands for it
            out.append(Candidate(Span(start, m.end()), name, cls, placed.group(1) + "人民政府", "head"))
            continue
        inner = _OWN_OFFICE.fullmatch(name) if cls == "GovernmentBody" else None
        if inner and not inner.group(1).endswith("政府"):
            # 某局政务公开工作领导小组办公室: the office of a group the bureau hosts stands for the bureau;
            # 某局办公室 is read as the bureau here and becomes its office with the bureau's name in full
            # (``governments._internal_units``)
            name = inner.group(1)
            out.append(Candidate(Span(start, start + len(name)), name, cls, name, "head"))
            continue
        if cls == "GovernmentBody" and name.startswith(("中共", "中央")):
            cls = "PartyBody"
        if cls == "Bank" and re.search(r"(分行|支行)$", name):
            cls = "BankBranch"
        out.append(Candidate(Span(start, m.end()), name, cls, name, "head"))
    return out
