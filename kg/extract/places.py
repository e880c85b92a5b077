"""Places: gazetteer places, the report's own places, and places written before a body.

Takes a text, its tokens, the lexicon (places.tsv, new_areas.tsv, central.tsv and division
codes) and the report's metadata; gives ``Candidate`` objects for places and central bodies
(``gazetteer_candidates``, ``own_place_candidates``), the metadata with its place chain
completed (``with_places``), and body short forms joined with the places written before them
(``absorb_places``: 云南省+省委 is one mention).
"""
from __future__ import annotations

import dataclasses
import re

from ..model import ReportMeta, Span
from .bodies import fill_template
from .candidate import Candidate
from .edges import BODIES, NAME_CHAR, bounded, place_stems
from .lexicon import Lexicon, full_place_names
from .segment import Tokens, is_verb, word_info
from .spans import SpanIndex

__all__ = ["with_places", "gazetteer_candidates", "own_place_candidates", "absorb_places"]

_OWN_TOWNSHIP = re.compile(r"([^省市区县州旗]{1,6}(?:街道|乡|镇))(?:办事处|人民政府)$")


def with_places(meta: ReportMeta, lex: Lexicon, text: str, tokens: Tokens) -> ReportMeta:
    """The metadata, with the place chain read off the issuer's name (gazetteer and division codes)
    when the metadata has no known place, else off the most frequent most local place the text
    names: templates such as 中共{place:县}委员会 can then be filled."""
    # places written in a shorter full form (黔东南州) by their names (黔东南苗族侗族自治州)
    meta = dataclasses.replace(meta, place=tuple(full_place_names(p, lex) for p in meta.place))
    known = [p for p in meta.place if p in lex.places]
    branch = _branch_place(meta.issuer, lex)
    if known:
        # the metadata names its places: add the parents it leaves out (大连市 -> 辽宁省) for 省委,
        # and the place a branch serves (某市公安局某区分局: the district's 区委 and 区政府)
        parents = lex.place_chain(known[0])[:-1]
        add = tuple(p for p in parents if p not in meta.place)
        more = (branch,) if branch and branch not in meta.place and lex.within(branch, known[-1]) else ()
        return dataclasses.replace(meta, place=add + tuple(meta.place) + more) if add or more else meta
    chain = lex.place_chain(meta.issuer)
    if chain and branch and branch not in chain and lex.within(branch, chain[-1]):
        chain = chain + (branch,)
    if not chain and not meta.place:
        counts: dict[str, int] = {}
        for i in tokens.starts:
            w = tokens.words[i]
            if w in lex.places and len(lex.places[w][0]) >= 3 and _place_ends(text, i + len(w), lex, tokens):
                full = lex.places[w][0]      # (a name of two characters, 南区, 城区, is a part of a town as often)
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


def _branch_place(issuer: str, lex: Lexicon) -> str:
    """The place a branch of a body is named after (某市公安局某区分局 -> 某区; 某市生态环境局某县分局), or "".

    Example:
        >>> from .lexicon import load_lexicon
        >>> _branch_place("宁波市公安局镇海区分局", load_lexicon()), _branch_place("宁波市公安局", load_lexicon())
        ('镇海区', '')
    """
    if not issuer.endswith("分局"):
        return ""
    stem = issuer[:-2]
    for k in range(min(8, len(stem) - 1), 1, -1):
        form = stem[-k:]
        if form in lex.places and len(stem) > k:
            return lex.places[form][0]
    return ""


# a short place form right after an amount is a word of the sentence, not a place (…亿元 + a word that
# is also a county's short form)
_AFTER_AMOUNT = re.compile(r"(?:\d|[十百千万亿]元?|元)$")
# nor after a post and a surname (局长 + surname + given name: a person, though the given name is also
# a county's short form)
# (书记在安徽, 书记对广东: a preposition, not a surname, between them)
_AFTER_POST = re.compile(r"(?:局长|书记|主任|县长|区长|市长|镇长|乡长|主席|委员|同志)(?![在对向到赴于为和与及的])[\u4e00-\u9fff]$")


# nor before a road's word (某某街109号, 某某路, 某某东路, 某某大道): a street named after a place, in an address
_ROAD = re.compile(r"[东西南北中]?(?:路|街(?!道)|大道|大街|巷)")


def gazetteer_candidates(text: str, lex: Lexicon, tokens: Tokens) -> list[Candidate]:
    """Places (places.tsv, new_areas.tsv) and central bodies (central.tsv) that are whole words.

    Example:
        >>> from .lexicon import load_lexicon
        >>> from .segment import tokenize
        >>> lex, t = load_lexicon(), "杭州市余杭区和浙江省"
        >>> [(c.text, c.cls) for c in gazetteer_candidates(t, lex, tokenize(t, lex))]
        [('杭州市余杭区', 'Place'), ('浙江省', 'Place')]
    """
    out = []
    skip_to = -1
    for i in tokens.starts:
        if i < skip_to:
            continue
        w = tokens.words[i]
        chain = _place_chain_at(text, i, lex, tokens)
        if chain:      # 甲市乙区, 丙县丁街道: places written one after another are one place
            end, canon = chain
            out.append(Candidate(Span(i, end), text[i:end], "Place", canon, "place"))
            skip_to = end
            continue
        if w in lex.central and not (w.endswith("部") and text[i + len(w):i + len(w) + 1] == "门"):
            full, cls = lex.central[w]     # (应急管理部门, 人社部门: a line of work's departments, no ministry)
            out.append(Candidate(Span(i, i + len(w)), w, cls, full, "lexicon"))
        elif w in lex.places and _place_ends(text, i + len(w), lex, tokens, full=lex.places[w][1] == "full", word=w) \
                and not (lex.places[w][1] == "short" and (_AFTER_AMOUNT.search(text, max(0, i - 2), i)
                                                          or _AFTER_POST.search(text, max(0, i - 4), i)
                                                          or _ROAD.match(text, i + len(w)))):
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
    """(end, canonical) of two or more places written one after another from ``i`` (甲市乙区),
    or of a place followed by a township or street (丙县丁街道); None otherwise."""
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


# a county-level name in full, three characters or more (某某县, 某某区, 某某旗): unlike a province or a
# city, it rarely opens a longer name of its own kind, and two-character ones (和县) hide inside words
_COUNTY = re.compile(r"[\u4e00-\u9fff]{2,}(?:县|区|旗)")


def _place_ends(text: str, end: int, lex: Lexicon, tokens: Tokens, *, full: bool = False, word: str = "") -> bool:
    """A place name stands alone, not as the first word of a longer name the rules do not know
    (四川省科学技术进步奖, 成都高新区…): what follows is punctuation, a verb or function word,
    another place, or a place suffix-word. A province's or city's full name (浙江省, 郑州市) followed
    by a noun modifies it (郑州市科技型企业, 浙江省专利创造力百强企业榜单): not a mention of its own;
    a county's or district's (``word``, 某某县水利事业) is, unless a longer name follows."""
    if end >= len(text) or not NAME_CHAR.match(text[end]) or text[end] in "、和与及等的":
        return True
    if full and not _COUNTY.fullmatch(word):
        w = tokens.word_at(end) or text[end]
        return w in lex.places or is_verb(w, lex)
    k = end
    while k < len(text) and k - end < 16 and NAME_CHAR.match(text[k]):
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


def own_place_candidates(text: str, lex: Lexicon, meta: ReportMeta, tokens: Tokens) -> list[Candidate]:
    """The report's own places (``meta.place``) where the text writes them, and the issuer's own
    township or street, which no gazetteer lists."""
    out: list[Candidate] = []
    stems = place_stems(meta)
    # the report's own places, full (岳麓区) or short (江宁)
    for stem, place in stems.items():
        if len(stem) < 2:
            continue
        for m in re.finditer(re.escape(stem), text):
            if stem != place and text[m.end():m.end() + 1] == place[-1]:
                continue
            if _modifies_noun(text, m.end(), lex, tokens):
                continue          # 郑州市科技型企业: the report's own place modifies a noun, no mention of its own
            if bounded(text, m.start(), m.end(), lex) or stem == place and bounded(text, m.start(), m.end(), lex, either=True):
                out.append(Candidate(Span(m.start(), m.end()), stem, "Place", place, "place"))
    # the report's own autonomous region or prefecture named by its level word alone (按照自治区、某市要求;
    # 落实自治区法治政府建设部署): a mention of it, unless the word ends its full name (某某族自治区) or
    # begins a longer name (自治区党委, 自治区人民政府: the bodies' candidates are longer)
    for level in ("自治区", "自治州"):
        own_level = next((p for p in meta.place if p.endswith(level)), None)
        if own_level is None:
            continue
        for m in re.finditer(level, text):
            if any(text[m.end() - k:m.end()] in lex.places for k in range(4, min(12, m.end()) + 1)) \
                    or text[m.start() - 1:m.start()] == "族":
                continue
            out.append(Candidate(Span(m.start(), m.end()), level, "Place", own_level, "place"))
    # the issuer's own township or street (沅江路街道 of 某区沅江路街道办事处): a place no gazetteer lists
    own = _OWN_TOWNSHIP.search(meta.issuer)
    if own:
        for m in re.finditer(re.escape(own.group(1)) + r"(?!办事处|人民政府|党工委|党委|工委)", text):
            out.append(Candidate(Span(m.start(), m.end()), own.group(1), "Place", own.group(1), "place"))
    return out


def _place_before(text: str, i: int, lex: Lexicon, *, shared: bool, tokens: Tokens | None = None) -> int:
    """Start of a place name (places.tsv) written right before offset ``i``, or ``i``; with
    ``shared``, the place may end in the level character at ``i`` (云南省|委: 云南省 + 省委; a league 某盟 + 盟科技局). With
    ``tokens``, a place starts a word (经昌吉|州人民政府: 昌吉, not 吉州 inside 经昌吉)."""
    ends: tuple[int, ...] = (i,)
    if shared and text.startswith(("自治区", "自治州"), i):     # 某某壮族自治区 + 自治区林业局
        ends = (i + 3, i)
    elif shared and i < len(text) and text[i] in "省市区县州盟旗":
        ends = (i + 1, i)
    for end in ends:
        for k in range(min(12, end), 1, -1):
            # 政府和县委: a two-character place that starts with a conjunction is not read across it
            if text[end - k:end] in lex.places and not (k == 2 and text[end - k] in lex.boundaries) \
                    and (tokens is None or tokens.at_start(end - k)):
                return end - k
    return i


def absorb_places(text: str, lex: Lexicon, meta: ReportMeta, chosen: list[Candidate],
                  tokens: Tokens | None = None) -> list[Candidate]:
    """A short form of a body written after places (甲县+县人民政府, 乙省+省委, 丙市+丁区司法局)
    is one mention with them; a place it absorbs is not a mention of its own. With ``tokens``, a
    place starts a word (完成+县政府 is no place 成县 and 县政府)."""
    out: list[Candidate] = []
    drop: list[Span] = []
    for c in chosen:
        if c.source != "lexicon" or c.cls not in BODIES:
            out.append(c)
            continue
        start = _place_before(text, c.span.start, lex, shared=True, tokens=tokens)
        while start < c.span.start:
            nxt = _place_before(text, start, lex, shared=False, tokens=tokens)
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
            template = c.template
            if "{dept}" in template:      # 某市+市局: the issuer's own department one place over
                dept = fill_template("{dept}", meta)
                template = template.replace("{dept}", dept) if dept else ""
            canon = (fill_template(template, dataclasses.replace(meta, place=chain, issuer=form)) if template
                     else None) or written
        out.append(Candidate(Span(start, c.span.end), written, c.cls, canon, c.source, c.scope and canon != written,
                             c.relation, c.note))
        drop.append(Span(start, c.span.end))
    if not drop:
        return out
    ix = SpanIndex(drop)
    return [c for c in out if c.source in ("lexicon",) and c.cls in BODIES or not ix.overlaps(c.span)]
