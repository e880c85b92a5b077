"""Name recognition: text -> candidate mentions with class and canonical label.

Recognisers, strongest first: book titles 《…》 (laws, policies, rules) and quoted names
“…” (programs, loan products; both in ``marks``), lexicon short forms (区科技局, 区委, 科技进步法, 重大),
head-noun names (…工程研究中心, …银行…分行, …科技园) whose left edge is found by
scanning back to a boundary word, and the list constructions ``X、Y等项目`` and
``X、Y、Z概念验证中心`` that share a category or head. Overlaps keep the strongest.
Gives ``Candidate`` objects; ``resolve`` turns them into mentions and entities.
"""
from __future__ import annotations

import dataclasses
import re

from ..model import ReportMeta, Span
from .candidate import Candidate
from .lexicon import Lexicon
from .marks import bare_formulas, classify_title, doc_numbers, quotes, sessions, titles
from .segment import LIST_MARKER, Tokens, is_verb, tokenize, word_info
from .spans import SpanIndex

__all__ = ["Candidate", "find_candidates", "classify_title", "fill_template"]

_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9０-９Ａ-Ｚａ-ｚ·（）()\-]")
_PRIORITY = {"title": 0, "quote": 1, "lexicon": 2, "list": 3, "coord": 3, "head": 4, "alias": 4, "place": 5, "stat": 6}
_MAX_NAME = 24


_TOWNSHIP_BODY = re.compile(r"(.+?(?:乡|镇|街道))(?:人民政府|办事处)")


def fill_template(template: str, meta: ReportMeta) -> str | None:
    """Fill ``{place:区}``, ``{place:*}``, ``{issuer}``, ``{dept}`` (the issuer's name without
    its places: 市场监督管理局) and ``{township}`` (a township government's or street office's
    township: 某县某乡) from the report's metadata.

    Example:
        >>> m = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="s", place=("某市", "某区"))
        >>> fill_template("中共{place:区}委员会", m), fill_template("{place:县}人民政府", m)
        ('中共某市某区委员会', None)
        >>> m2 = ReportMeta(title="t", issuer="某县发展和改革委员会", year=2024, source="s", place=("甲省", "乙市", "某县"))
        >>> fill_template("中共{place:县}委员会", m2), fill_template("中共{place:市}委员会", m2)
        ('中共某县委员会', '中共乙市委员会')
        >>> fill_template("{place:省}{dept}", m2)
        '甲省发展和改革委员会'
    """
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
    if "{township}" in out:      # the issuer's township or street, with its county: 某县某乡
        own = _TOWNSHIP_BODY.fullmatch(meta.issuer)
        if not own:
            return None
        out = out.replace("{township}", own.group(1))
    return out.replace("{issuer}", meta.issuer)


def find_candidates(text: str, lex: Lexicon, meta: ReportMeta, *, protect: list[Span],
                    extra: list[Candidate] = ()) -> list[Candidate]:
    """All name candidates of ``text`` after overlap resolution, in text order.

    ``protect`` holds spans (figures) that no name may overlap; ``extra`` holds candidates
    from other recognisers (statistical NER), which only fill gaps.
    """
    tokens = tokenize(text, lex)
    meta = _with_places(meta, lex, text, tokens)
    cands: list[Candidate] = []
    silent: list[Span] = []
    cands += _defined_short_titles(text, titles(text, lex, meta, silent))
    cands += [c for c in quotes(text, lex, silent)       # not inside a report's 《title》
              if not any(s.start <= c.span.start and c.span.end <= s.end for s in silent)]
    cands += [c for c in bare_formulas(text) if not any(o.span.start < c.span.end and c.span.start < o.span.end for o in cands)]
    silent += sessions(text, lex) + doc_numbers(text)
    marked = [Span(max(0, c.span.start - 1), c.span.end + 1) for c in cands] + silent
    blocked = SpanIndex(list(protect) + marked)
    cands += [c for c in _lexicon(text, lex, meta, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in _gazetteer(text, lex, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in _heads(text, lex, blocked, tokens) if not blocked.overlaps(c.span)]
    cands += [c for c in _lists(text, lex, blocked) if not blocked.overlaps(c.span)]
    cands += [c for c in (_filter_extra(text, lex, tokens, c) for c in extra) if c and not blocked.overlaps(c.span)]
    cands = _prefer_named_bodies(cands)
    chosen = _resolve_overlaps(cands)
    chosen += _coordinated(text, lex, chosen, blocked)
    chosen = _absorb_places(text, lex, meta, sorted(_resolve_overlaps(chosen), key=lambda c: c.span))
    chosen = _ambiguous(text, lex, chosen)
    # a name starts with a character: not with the bracket of (扩大)会议 (titles and quotes start inside their marks)
    return sorted((c for c in chosen if c.text[:1].isalnum()), key=lambda c: c.span)


_DEFINED = re.compile(r"^[(（]?\s*(?:以下简称|下称|简称)\s*$")


def _defined_short_titles(text: str, titles: list[Candidate]) -> list[Candidate]:
    """《X》（以下简称《Y》）: every 《Y》 of the report is X."""
    defined: dict[str, tuple[str, str]] = {}
    for a, b in zip(titles, titles[1:]):
        if _DEFINED.match(text[a.span.end + 1:b.span.start - 1]):
            defined.setdefault(b.text, (a.cls, a.canonical))
    if not defined:
        return titles
    return [dataclasses.replace(c, cls=defined[c.text][0], canonical=defined[c.text][1]) if c.text in defined else c
            for c in titles]


def _prefer_named_bodies(cands: list[Candidate]) -> list[Candidate]:
    """A body's short form that begins a longer head-noun name is part of it (市政府办公室,
    福州市政府信息公开平台): the short form gives way to the name."""
    # meetings and projects named after a body (县委…委员会全体扩大会) keep the body's mention
    heads = SpanIndex(c.span for c in cands if c.source == "head" and c.cls in _BODIES + ("DigitalPlatform",))
    if not len(heads):
        return cands
    out = []
    for c in cands:
        if c.source == "lexicon" and c.cls in _BODIES:
            inside = [h for h in heads.overlapping(c.span) if h.start <= c.span.start and h.end >= c.span.end + 2]
            if inside:
                continue
        out.append(c)
    return out


def _with_places(meta: ReportMeta, lex: Lexicon, text: str, tokens: Tokens) -> ReportMeta:
    """The metadata, with the place chain read off the issuer's name (gazetteer and division codes)
    when the metadata has no known place, else off the most frequent most local place the text
    names: templates such as 中共{place:县}委员会 can then be filled."""
    known = [p for p in meta.place if p in lex.places]
    if known:
        # the metadata names its places: add the parents it leaves out (大连市 -> 辽宁省) for 省委
        parents = lex.place_chain(known[0])[:-1]
        add = tuple(p for p in parents if p not in meta.place)
        return dataclasses.replace(meta, place=add + tuple(meta.place)) if add else meta
    chain = lex.place_chain(meta.issuer)
    if not chain and not meta.place:
        counts: dict[str, int] = {}
        for i in tokens.starts:
            w = tokens.words[i]
            if w in lex.places and _place_ends(text, i + len(w), lex, tokens):
                full = lex.places[w][0]
                counts[full] = counts.get(full, 0) + 1
        if counts:
            def level(name: str) -> int:
                code = lex.place_codes.get(name, "")
                return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2
            best = max(counts, key=lambda n: (level(n), counts[n]))
            chain = lex.place_chain(best)
    if not chain:
        return meta
    issuer = meta.issuer
    if not lex.place_chain(issuer):
        # an issuer written without its place (省教育厅, 县人民政府): complete it from the chain
        own = next((p for p in reversed(chain) if issuer[:1] in "省市县区州" and p.endswith(issuer[:1])), None)
        if own:
            issuer = own + issuer[1:]
    return dataclasses.replace(meta, place=chain, issuer=issuer)


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
            i += len(w)           # 上传大连市…委员会: a verb before the place the name starts with
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


def _gazetteer(text: str, lex: Lexicon, tokens: Tokens) -> list[Candidate]:
    """Places (places.tsv, new_areas.tsv) and central bodies (central.tsv) that are whole words."""
    out = []
    skip_to = -1
    for i in tokens.starts:
        if i < skip_to:
            continue
        w = tokens.words[i]
        chain = _place_chain_at(text, i, lex, tokens)
        if chain:      # 乌海市海勃湾区, 永嘉县东城街道: places written one after another are one place
            end, canon = chain
            out.append(Candidate(Span(i, end), text[i:end], "Place", canon, "place"))
            skip_to = end
            continue
        if w in lex.central:
            full, cls = lex.central[w]
            out.append(Candidate(Span(i, i + len(w)), w, cls, full, "lexicon"))
        elif w in lex.places and _place_ends(text, i + len(w), lex, tokens, full=lex.places[w][1] == "full"):
            full, kind = lex.places[w]
            out.append(Candidate(Span(i, i + len(w)), w, "Place", full, "place", note="" if kind == "full" else "short"))
    return out


def _modifies_noun(text: str, end: int, lex: Lexicon, tokens: Tokens) -> bool:
    """The word after a place is a common noun (科技型企业, 行政执法证, 中小学校): the place modifies
    it. A place, a name, a verb, a number or punctuation after it leaves the place a mention."""
    w = tokens.word_at(end)
    if len(w) < 2 or w in lex.places or w in lex.boundaries or is_verb(w, lex):
        return False
    tag = word_info(w)[1]
    return tag in ("n", "vn", "nz") and not any(e in w for e in lex.name_ends)


_TOWNSHIP_AFTER = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:街道|镇|乡)(?!人民政府|政府|办事处|党委|党工委|工委|综治|[\u4e00-\u9fff]?(?:人民政府|办事处))")


def _place_chain_at(text: str, i: int, lex: Lexicon, tokens: Tokens) -> tuple[int, str] | None:
    """(end, canonical) of two or more places written one after another from ``i`` (乌海市海勃湾区),
    or of a place followed by a township or street (永嘉县东城街道); None otherwise."""
    parts: list[str] = []
    j = i
    while True:
        w = tokens.word_at(j)
        if not w or w not in lex.places or lex.places[w][1] != "full":
            break
        parts.append(lex.places[w][0])
        j += len(w)
    if not parts:
        return None
    town = _TOWNSHIP_AFTER.match(text, j)
    if town and not town.group(0).startswith(("全", "各", "本", "我", "该", "城乡", "乡镇")):
        parts.append(town.group(0))
        j = town.end()
    return (j, "".join(parts)) if len(parts) >= 2 else None


def _place_ends(text: str, end: int, lex: Lexicon, tokens: Tokens, *, full: bool = False) -> bool:
    """A place name stands alone, not as the first word of a longer name the rules do not know
    (四川省科学技术进步奖, 成都高新区…): what follows is punctuation, a verb or function word,
    another place, or a place suffix-word. A full name (浙江省, 郑州市) followed by a noun
    modifies it (郑州市科技型企业, 浙江省专利创造力百强企业榜单): not a mention of its own."""
    if end >= len(text) or not _NAME_CHAR.match(text[end]) or text[end] in "、和与及等的":
        return True
    if full:
        w = tokens.word_at(end) or text[end]
        return w in lex.places or is_verb(w, lex)
    k = end
    while k < len(text) and k - end < 16 and _NAME_CHAR.match(text[k]):
        w = tokens.word_at(k) or text[k]
        if w in lex.places or (k > end and is_verb(w, lex)):
            break
        if any(e in w for e in lex.name_ends):
            return False
        run = text[end:k + len(w)]
        h = lex.head_of(run)
        if h and h[2] in ("name", "both") and (k > end or len(run) > len(h[0])):
            return False
        k += len(w)
    return True


def _filter_extra(text: str, lex: Lexicon, tokens: Tokens, c: Candidate) -> Candidate | None:
    """A statistical candidate with the rules' left edge; dropped when generic or too short."""
    head = lex.head_of(c.text)
    end_of_mod = c.span.end - len(head[0]) if head else c.span.end
    start = left_edge(text, c.span.start, end_of_mod, tokens, lex)
    name = text[start:c.span.end]
    if len(name) < 3 or not _strip_generic(name[: len(name) - (len(head[0]) if head else 0)], lex.generic):
        return None
    if any(f[0] == "doctrine" and f[1] == name for f in lex.formulas):
        return None
    return Candidate(Span(start, c.span.end), name, c.cls, name if c.canonical == c.text else c.canonical, c.source)


_BODIES = ("GovernmentBody", "PartyBody", "LegislativeBody", "ConsultativeBody")


def _place_before(text: str, i: int, lex: Lexicon, *, shared: bool) -> int:
    """Start of a place name (places.tsv) written right before offset ``i``, or ``i``; with
    ``shared``, the place may end in the level character at ``i`` (云南省|委: 云南省 + 省委)."""
    ends = (i + 1, i) if shared and i < len(text) and text[i] in "省市区县州" else (i,)
    for end in ends:
        for k in range(min(12, end), 1, -1):
            # 政府和县委: a two-character place that starts with a conjunction is not read across it
            if text[end - k:end] in lex.places and not (k == 2 and text[end - k] in lex.boundaries):
                return end - k
    return i


def _absorb_places(text: str, lex: Lexicon, meta: ReportMeta, chosen: list[Candidate]) -> list[Candidate]:
    """A short form of a body written after places (中宁县+县人民政府, 云南省+省委, 济宁市+兖州区司法局)
    is one mention with them; a place it absorbs is not a mention of its own."""
    out: list[Candidate] = []
    drop: list[Span] = []
    for c in chosen:
        if c.source != "lexicon" or c.cls not in _BODIES:
            out.append(c)
            continue
        start = _place_before(text, c.span.start, lex, shared=True)
        while start < c.span.start:
            nxt = _place_before(text, start, lex, shared=False)
            if nxt == start:
                break
            start = nxt
        if start == c.span.start:
            out.append(c)
            continue
        if text[max(0, start - 2):start] == "中共":
            start -= 2
        written = text[start:c.span.end]
        place = lex.places.get(text[start:c.span.start].removeprefix("中共"), ("", ""))[0]
        canon = c.canonical if place and place in c.canonical else written
        form = text[start:c.span.start + 1].removeprefix("中共")
        if canon == written and c.template and "{place:" in c.template and lex.places.get(form, ("", ""))[1] == "full":
            # 云南省委 -> 中共云南省委员会: the template filled with the place as written in full
            chain = lex.place_chain(form)
            canon = fill_template(c.template, dataclasses.replace(meta, place=chain, issuer=form)) or written
        out.append(Candidate(Span(start, c.span.end), written, c.cls, canon, c.source, c.scope and canon != written,
                             c.relation, c.note))
        drop.append(Span(start, c.span.end))
    if not drop:
        return out
    ix = SpanIndex(drop)
    return [c for c in out if c.source in ("lexicon",) and c.cls in _BODIES or not ix.overlaps(c.span)]


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


def _bounded(text: str, start: int, end: int, lex: Lexicon, *, either: bool = False) -> bool:
    """A short lexicon word stands alone: boundary words or punctuation on both sides
    (on ``either`` side for body short forms such as 区委, 人大)."""
    left_ok = start == 0 or not _NAME_CHAR.match(text[start - 1]) or any(
        text[max(0, start - len(w)):start] == w for w in lex.boundaries)
    right_ok = end >= len(text) or not _NAME_CHAR.match(text[end]) or any(
        text[end:end + len(w)] == w for w in lex.boundaries) or text[end] in "、和与等"
    return (left_ok or right_ok) if either else (left_ok and right_ok)


_LEADING_YEAR = re.compile(r"(?:19|20)\d\d\s*年度?")
_OWN_OFFICE = re.compile(r"(.{2,30}?(?:分局|局|厅|委员会))(?:政务公开|政府信息公开|信息公开)?(?:工作)?(?:领导小组)?办公室")
_ROLE_AFTER = re.compile(r"(?:副)?书记|常委(?!会)")
_OWN_TOWNSHIP = re.compile(r"([^省市区县州旗]{1,6}(?:街道|乡|镇))(?:办事处|人民政府)$")
# a body's party group or committee written after its name (市科技局党组), not 党组织/党组成员/党委员会
_PARTY_GROUP = re.compile(r"(党组|党委)(?!织|成员|书记|会|员)")


def _lexicon(text: str, lex: Lexicon, meta: ReportMeta, tokens: Tokens) -> list[Candidate]:
    out: list[Candidate] = []
    # level + department abbreviation: 区科技局, 市发改委
    abbrs = "|".join(re.escape(a) for a in sorted(lex.departments, key=len, reverse=True))
    stems = {p[:-1]: p for p in meta.place if len(p) >= 3} | {p: p for p in meta.place}
    for m in re.finditer(rf"(自治区|自治州|[区市县省州])({abbrs})", text):
        full, cls = lex.departments[m.group(2)]
        start, level = m.start(), m.group(1) if m.group(1) == "自治区" else m.group(1).removeprefix("自治")
        if not level or (level == "州" and not any(p.endswith("州") for p in meta.place)):
            continue          # 杭州科技局 is not a prefecture's bureau
        # "江宁区科技局": the report's own place written in front
        for stem in sorted(stems, key=len, reverse=True):
            if text[max(0, m.start() - len(stem) + (1 if stem.endswith(level) else 0)):m.start() + 1].endswith(
                    stem if stem.endswith(level) else stem + level):
                start = m.start() + 1 - len(stem) - (0 if stem.endswith(level) else 1)
                break
        canon = fill_template(f"{{place:{level}}}{full}", meta)
        party = _PARTY_GROUP.match(text, m.end())
        if party:      # 市科技局党组: the bureau's party group, one PartyBody mention
            tpl = f"中共{{place:{level}}}{full}{party.group(1)}"
            if meta.issuer.endswith(full) and (canon is None or canon == meta.issuer):
                tpl = f"中共{{issuer}}{party.group(1)}"      # the issuer's own party group
            pcanon = fill_template(tpl, meta)
            out.append(Candidate(Span(start, party.end()), text[start:party.end()], "PartyBody",
                                 pcanon or text[start:party.end()], "lexicon", scope=pcanon is None, template=tpl))
            continue
        out.append(Candidate(Span(start, m.end()), text[start:m.end()], cls, canon or m.group(0), "lexicon",
                             scope=canon is None, template=f"{{place:{level}}}{full}"))
    # a bare department name (科技局, 教育局) in the report of that department is the issuer
    for abbr, (full, cls) in lex.departments.items():
        if not meta.issuer.endswith(full) or len(abbr) < 3:
            continue
        for m in re.finditer(re.escape(abbr), text):
            before = text[m.start() - 1:m.start()] if m.start() else ""
            if before and (_NAME_CHAR.match(before) and not _boundary_ends_at(text, m.start(), lex)):
                continue
            out.append(Candidate(Span(m.start(), m.end()), abbr, cls, meta.issuer, "lexicon"))
    for short, cls, template, rel, need in sorted(lex.bodies, key=lambda b: -len(b[0])):
        if need and not meta.issuer.endswith(need):
            continue
        for m in re.finditer(re.escape(short), text):
            if text[m.end():m.end() + 1] == "员":
                continue          # 区委员会 is not 区委
            if _ROLE_AFTER.match(text, m.end()):
                continue          # 市委书记, 县委常委: a person's post, not the body (GUIDELINES.md)
            if text[m.start() - 1:m.start()] in ("(", "（") and text[m.end():m.end() + 1] in (")", "）"):
                continue          # 各级党委(党组): a generic alternative in brackets
            w = tokens.word_at(m.start())
            if w in lex.words and len(w) > len(short):
                continue          # the short form begins a longer word (words.tsv: 党组会, 党组书记)
            canon = fill_template(template, meta)
            out.append(Candidate(Span(m.start(), m.end()), short, cls, canon or short, "lexicon",
                                 scope=canon is None, relation=rel, template=template))
    # the report's own places, full (岳麓区) or short (江宁)
    for stem, place in stems.items():
        if len(stem) < 2:
            continue
        for m in re.finditer(re.escape(stem), text):
            if stem != place and text[m.end():m.end() + 1] == place[-1]:
                continue
            if _modifies_noun(text, m.end(), lex, tokens):
                continue          # 郑州市科技型企业: the report's own place modifies a noun, no mention of its own
            if _bounded(text, m.start(), m.end(), lex) or stem == place and _bounded(text, m.start(), m.end(), lex, either=True):
                out.append(Candidate(Span(m.start(), m.end()), stem, "Place", place, "place"))
    # the issuer's own township or street (沅江路街道 of 某区沅江路街道办事处): a place no gazetteer lists
    own = _OWN_TOWNSHIP.search(meta.issuer)
    if own:
        for m in re.finditer(re.escape(own.group(1)) + r"(?!办事处|人民政府|党工委|党委|工委)", text):
            out.append(Candidate(Span(m.start(), m.end()), own.group(1), "Place", own.group(1), "place"))
    for short, (full, cls) in lex.laws.items():
        for m in re.finditer(re.escape(short), text):
            out.append(Candidate(Span(m.start(), m.end()), short, cls, full, "lexicon"))
    for alias, (canon, cls) in lex.aliases.items():
        for m in re.finditer(re.escape(alias), text):
            if len(alias) >= 3 or _bounded(text, m.start(), m.end(), lex):
                out.append(Candidate(Span(m.start(), m.end()), alias, cls, canon, "alias"))
    return out


def _scan_left(text: str, end: int, lex: Lexicon, blocked: SpanIndex, limit: int = _MAX_NAME,
               extra: SpanIndex | None = None) -> int:
    """Leftmost start of a name ending at ``end``: stop at punctuation, blocked spans and boundary words."""
    i = end
    while i > 0 and end - i < limit:
        c = text[i - 1]
        if not _NAME_CHAR.match(c):
            break
        if blocked.covers(i) or (extra is not None and extra.covers(i)):
            break
        if _boundary_ends_at(text, i, lex):
            break
        i -= 1
    return i


def _boundary_ends_at(text: str, i: int, lex: Lexicon) -> bool:
    """Does a boundary word end at offset ``i``? (words are at most 4 characters)"""
    words = _BOUNDARY_SETS.get(id(lex))
    if words is None:
        words = _BOUNDARY_SETS.setdefault(id(lex), frozenset(lex.boundaries))
    return any(text[max(0, i - k):i] in words for k in range(1, 5) if k <= i)


_BOUNDARY_SETS: dict[int, frozenset[str]] = {}


def _strip_generic(modifier: str, generic: frozenset[str]) -> str:
    rest = re.sub(r"[0-9０-９零一二两三四五六七八九十百千万余多个家项所批]+", "", modifier)
    changed = True
    while changed and rest:
        changed = False
        for g in sorted(generic, key=len, reverse=True):
            if rest.startswith(g):
                rest = rest[len(g):]
                changed = True
                break
            if rest.endswith(g):
                rest = rest[: -len(g)]
                changed = True
                break
    return rest


def _head_regex(lex: Lexicon, modes: tuple[str, ...]) -> re.Pattern[str]:
    heads = [h for h, _, mode in lex.heads if mode in modes]
    return re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))


_HEAD_RX: dict[tuple[int, tuple[str, ...]], re.Pattern[str]] = {}


def _heads(text: str, lex: Lexicon, blocked: SpanIndex, tokens: Tokens) -> list[Candidate]:
    rx = _HEAD_RX.setdefault((id(lex), ("name", "both", "modifier")), _head_regex(lex, ("name", "both", "modifier")))
    out = []
    for m in rx.finditer(text):
        head = lex.head_of(m.group(0))
        assert head is not None
        if len(head[0]) == 1 and text[m.end():m.end() + 1] in "款":
            continue          # 贷款 is a noun, not a "…贷" product
        start = _scan_left(text, m.start(), lex, blocked)
        if m.start() - start < 2:
            # a boundary word right before the head is part of the name (…梯度培育智慧平台)
            w = next((w for w in lex.boundaries if len(w) >= 2 and text[max(0, start - len(w)):start] == w), None)
            if w:
                # only between two verbs: "建成…梯度培育智慧平台", not "扎实推进平台"
                start2 = _scan_left(text, start - len(w), lex, blocked)
                verb_before = any(text[max(0, start2 - len(v)):start2] == v for v in lex.boundaries if len(v) >= 2)
                if start - len(w) - start2 >= 2 and verb_before:
                    start = start2
        if head[1] == "GovernmentBody" and start > 1 and text[start - 1] == "和":
            # 遂宁市安居区经济信息化和科学技术局: 和 inside a body's name that begins with its place
            start2 = _scan_left(text, start - 1, lex, blocked)
            if any(text.startswith(text[start2:start2 + k], start2) and text[start2:start2 + k] in lex.places
                   for k in range(2, 12)):
                start = start2
        start = left_edge(text, start, m.start(), tokens, lex)
        year = _LEADING_YEAR.match(text, start, m.start())
        if year:
            start = year.end()        # 2024年某市某局: the year is no part of the name
        modifier = text[start:m.start()]
        rest = _strip_generic(modifier, lex.generic)
        need = 4 if head[2] == "modifier" else 2
        if head[1] == "InnovationEcosystemCircle" and re.sub(r"创新$", "", modifier).removeprefix("环") in lex.aliases:
            rest = modifier          # 环重大(创新)生态圈: the circle around a university named by its short form
        if len(modifier) < 2 or len(rest) < need:
            continue
        if head[2] == "modifier" and (head[0] in modifier or re.search(r"(投资|签约|合作|转化|建设|研发|攻关|申报|管理)$", modifier)):
            continue          # "成果转化项目", "企业投资项目" name an activity, not a project
        if head[2] == "modifier":
            out.append(Candidate(Span(start, m.start()), modifier, head[1], modifier, "head"))
            continue
        name = text[start:m.end()]
        cls = head[1]
        if cls == "Event" and re.search(r"代表大会$", name):
            continue          # a session of a body (…第十五届人民代表大会第五次会议) is no Event (GUIDELINES.md)
        inner = _OWN_OFFICE.fullmatch(name) if cls == "GovernmentBody" else None
        if inner and not inner.group(1).endswith("政府"):
            # 某局办公室, 某局政务公开工作领导小组办公室: a bureau's internal office stands for the bureau
            name = inner.group(1)
            out.append(Candidate(Span(start, start + len(name)), name, cls, name, "head"))
            continue
        if cls == "GovernmentBody" and name.startswith(("中共", "中央")):
            cls = "PartyBody"
        if cls == "Bank" and re.search(r"(分行|支行)$", name):
            cls = "BankBranch"
        out.append(Candidate(Span(start, m.end()), name, cls, name, "head"))
    return out


def _lists(text: str, lex: Lexicon, blocked: SpanIndex) -> list[Candidate]:
    """``X、Y等<category>``: X and Y are things of the category's class."""
    cats = _HEAD_RX.setdefault((id(lex), ("list", "both", "name", "modifier")), _head_regex(lex, ("list", "both", "name", "modifier")))
    out = []
    for m in re.finditer(r"等", text):
        tail = text[m.end():m.end() + 14]
        t = re.match(r"(?:“[^”]{1,10}”|\"[^\"]{1,10}\")?(?:[0-9０-９零一二两三四五六七八九十百千]+[余多]?[个家项所批次类条])?"
                     r"(?:[\u4e00-\u9fff]{0,4}?)", tail)
        hm = None
        base = len(t.group(0)) if t else 0
        for k in range(base, min(base + 5, len(tail))):
            hm = cats.match(tail, k)
            if hm and hm.end() < len(tail) + 1:
                break
            hm = None
        if not hm:
            continue
        head = lex.head_of(hm.group(0))
        if head is None:
            continue
        complete = head[2] == "both"
        end = m.start()
        while True:
            start = _scan_left(text, end, lex, blocked)
            member = text[start:end]
            for alias in lex.aliases:
                if member.endswith(alias) and member != alias and len(alias) >= 2:
                    start, member = end - len(alias), alias       # "促成川大" -> "川大"
                    break
            if len(member) >= 2 and _strip_generic(member, lex.generic):
                canon = member if (not complete or lex.head_of(member)) else member + head[0]
                if member in lex.aliases:
                    canon = lex.aliases[member][0]
                own = lex.head_of(member)
                cls = own[1] if own and own[2] != "list" else head[1]
                out.append(Candidate(Span(start, end), member, cls, canon, "list"))
            if start > 0 and text[start - 1] == "、":
                end = start - 1
                continue
            break
    return out


def _coordinated(text: str, lex: Lexicon, chosen: list[Candidate], blocked: SpanIndex) -> list[Candidate]:
    """``X、Y、Z中心``: X and Y share the head of the name that closes the list."""
    out = []
    taken = SpanIndex(k.span for k in chosen)
    for c in chosen:
        if c.source != "head" or c.span.start == 0 or text[c.span.start - 1] != "、":
            continue
        head = lex.head_of(c.canonical)
        if head is None:
            continue
        nxt = text[c.span.end:c.span.end + 1]
        if nxt and _NAME_CHAR.match(nxt) and nxt not in "等和及与的" and not any(
                text.startswith(w, c.span.end) for w in lex.boundaries if len(w) >= 2):
            continue          # 国库管理、…、担保基金管理: the name does not close its list item
        end = c.span.start - 1
        while end > 0:
            start = _scan_left(text, end, lex, blocked, extra=taken)
            member = text[start:end]
            if len(member) < 2 or lex.head_of(member) or taken.overlaps(Span(start, end)):
                break
            out.append(Candidate(Span(start, end), member, c.cls, member + head[0], "coord"))
            if start > 0 and text[start - 1] == "、":
                end = start - 1
            else:
                break
    return out
