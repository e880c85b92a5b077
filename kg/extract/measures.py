"""Measure extraction: sentences + mentions + figures -> ``Measure`` n-ary facts,
figure indicators, and the direct relations the measures imply.

A clause with a trigger verb (data/lexicon/actions.tsv) starts a measure: names after
the verb are its objects (the verb's role: builds, implements, hosts...), names after
与/联合/会同 are partners, a name that opens the clause before its verb is the actor
(carried to later clauses of the sentence), otherwise the issuing body acts. Clauses
without a verb add their figures and names to the measure before them. A law or policy
implemented (落实《…》) governs the rest of its sentence (``policies``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path

from ..model import Document, Entity, Measure, Mention, Quantity, Relation, Sentence, Span
from .lexicon import DEFAULT_LEXICON_DIR, Lexicon, indicator_words
from .segment import tokenizer
from .spans import SpanIndex
from .text import clauses, is_heading

__all__ = ["find_measures", "indicator_of", "ROLE_EDGE"]

# measure role -> direct edge between actor and object (the ontology derives the same edge
# with property chains; the extractor emits it too so ``kg eval`` can score relations)
ROLE_EDGE = {"builds": "built", "upgrades": "upgraded", "incubates": "incubated", "implements": "implemented",
             "hosts": "organized", "signs": "signed", "promotes": "promoted", "funds": "funded",
             "receives": "received", "selects": "selected"}
_DOCS = {"Law", "Regulation", "LocalPolicy", "InternalRule"}
_AGENTS = {"GovernmentBody", "PartyBody", "LegislativeBody", "ConsultativeBody", "University", "ResearchInstitute",
           "Enterprise", "Bank", "BankBranch"}
_PLATFORMS = {"ResearchCenter", "ProofOfConceptCenter", "Park", "SciencePark", "Incubator",
              "InnovationEcosystemCircle", "DigitalPlatform"}
# what each role may act on (class families); a name of another kind after the verb is not its object
_FAMILY = {
    "builds": _PLATFORMS | {"Program", "Project", "Event"},
    "upgrades": _PLATFORMS | {"Program"},
    "incubates": _PLATFORMS | {"Enterprise", "Project", "ResearchOutput"},
    "implements": _DOCS | {"Program"},
    "hosts": {"Event", "Program"},
    "signs": {"Project", "Program", "ResearchOutput"},
    "promotes": {"Program", "Project", "ResearchOutput", "LoanProduct", "Fund", "GuidanceFund"} | _DOCS | _PLATFORMS,
    "funds": {"Project", "Fund", "GuidanceFund", "LoanProduct", "ResearchOutput"} | _PLATFORMS,
    "receives": {"Fund", "GuidanceFund", "LoanProduct", "Program"},
    "selects": {"Project", "Program", "Enterprise", "ResearchOutput"} | _PLATFORMS,
}
# words between a verb and its object that only modify the object (执行网站信息公开“三审三校”制度,
# 推进决策、执行、管理、服务、结果“五公开”): Chinese characters, 、 and quotes, no word that starts a
# clause of its own or ties the name to something else
_MODIFIER = re.compile(r"(?![^\n]*?[的在对向把将被由从到以于为和与及并同了着过])[\u4e00-\u9fff、“”\"]{1,16}$")
_PHRASE_REST = re.compile(r"[^，,；;。、：:！？!?（）()\n]*")
# roles whose objects the actor implements, and the classes they take (actions.tsv)
_HELD = {"basis": _DOCS, "holds": _DOCS | {"Program"}, "follows": frozenset({"Program"})}
_CONNECT = re.compile(r"^[、和及与等“”《》\"\s了0-9０-９.．万亿元个家项所余多]*$")

# ---- figure indicators -------------------------------------------------------------------
# An indicator is the noun phrase that names what a figure counts or measures, read off the
# words next to the number (jieba words, so a phrase never starts or ends inside a word):
#   number before its noun  培育12家高新技术企业   -> 高新技术企业  (the words after the counter)
#   noun before its number  技术合同成交额达5.6亿元 -> 技术合同成交额 (the words before the number)
# The phrase stops at a verb (indicators.tsv "verb", actions.tsv, boundaries.tsv), a function
# word (的, 和, 等, prepositions, adverbs, pronouns), punctuation or a quoted name's edge, loses
# determiners, places and times at its edges (各类, 全区, 期末: "skip") and keeps at most
# _MAX_IND characters (whole words, nearest the number). Coordinated rates (参考率、合格率均为
# 100%) give one figure with every rate as an indicator, in written order. A percentage change
# (同比增长12%) is "<thing>同比增长" as written; when the thing is not in the clause it is the
# indicator of the figure before it in the sentence (获得资金697万元，同比增长112% -> 资金同比增长).
# A figure in a list after another (分别为146家、39家和101家) shares the first one's indicator.
# A duration (提前三年完成, 连续2年开展) measures the phrase before it, else the predicate after
# it (as written when short, else its verb and the head of its object). The word lists are read
# from the default lexicon folder (data/lexicon/indicators.tsv), whatever folder names are read from.
_MAX_IND = 8
_QUOTE = re.compile(r"“[^“”]{1,20}”|\"[^\"]{1,20}\"")
_PUNCT = frozenset("，,；;：:。！？!?、（）()《》〈〉【】[]—-…·/\\|\n\r\t ")
_FUNCTION_TAGS = ("p", "c", "u", "r", "d", "ad", "m", "q", "f", "t")
# single characters that end a phrase whatever jieba's tag (inside unknown compounds a single
# character's dictionary tag says little: 局务会 is 局/务/会)
_STOP_CHARS = frozenset("的地得等和及与或在对向把将被由从到以于了并均共已各也都又再就还且其他")
# bound first characters of a phrase: they need the word before them (孵化|级企业, 通知|类信息)
_BOUND = frozenset("级类型性式")
_SUFFIXES = frozenset("率额量数度值比")
_PAREN = re.compile(r"[(（][^()（）]{1,8}[)）]")
_LIST_GAP = re.compile(r"^[、和及与以及,，\s]*$")


_indicator_words = indicator_words
_TK: dict[str, object] = {}


def _tokenizer(lex: Lexicon):
    """The names' jieba tokenizer (``segment.tokenizer``: one dictionary load per process), whose
    user dictionary also holds the indicator words."""
    tk = _TK.get(lex.digest)
    if tk is None:
        tk = _TK[lex.digest] = tokenizer(lex)
    return tk


@functools.lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """Part-of-speech tag of each word of jieba's own dictionary."""
    import jieba

    out: dict[str, str] = {}
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    return out


def _words(s: str, lex: Lexicon) -> list[str]:
    """jieba words of ``s``; a short quoted name (“四上”) is one word, and a dictionary word that
    glues a verb to its object (发放贷款, 解决问题) is two."""
    _tokenizer(lex)
    out: list[str] = []
    stops, tags = _stops(lex), _tags()
    for w in _cut(s, lex.digest):
        if len(w) >= 4 and w[:2] in stops and tags.get(w[2:], "").startswith("n"):
            out += [w[:2], w[2:]]
        else:
            out.append(w)
    return out


@functools.lru_cache(maxsize=65536)
def _cut(s: str, digest: str) -> tuple[str, ...]:
    """Cached: long reports repeat their phrases (a report copied into many)."""
    out: list[str] = []
    pos = 0
    tk = _TK[digest]
    for m in _QUOTE.finditer(s):
        out += list(tk.cut(s[pos:m.start()], HMM=False)) if m.start() > pos else []
        out.append(m.group(0))
        pos = m.end()
    if pos < len(s):
        out += list(tk.cut(s[pos:], HMM=False))
    return tuple(out)


def _stops(lex: Lexicon) -> frozenset[str]:
    s = _STOPS.get(lex.digest)
    if s is None:
        w = _indicator_words()
        s = _STOPS[lex.digest] = frozenset(
            w.get("verb", frozenset()) | {v for v, r in lex.actions.items() if r not in ("partner",) and len(v) >= 2}
            | {b for b in lex.boundaries if len(b) >= 2} | _STOP_CHARS)
    return s


_STOPS: dict[str, frozenset[str]] = {}


def _ends_phrase(word: str, lex: Lexicon) -> bool:
    """A word that cannot be inside an indicator: a verb of the lists, a function word, punctuation."""
    if word.startswith(("“", "\"")) and len(word) > 2:
        return False
    if word in _stops(lex) or all(c in _PUNCT for c in word) or re.fullmatch(r"[0-9０-９.．%％]+", word):
        return True
    if word in _indicator_words().get("skip", ()):
        return True
    if len(word) == 1:
        return False
    tag = _tags().get(word, "")
    return bool(tag) and tag.startswith(_FUNCTION_TAGS) and not (word in _SUFFIXES or tag == "m" and len(word) > 1
                                                                     and not re.search(r"[一二三四五六七八九十两0-9]", word))


def _cap(words: list[str], *, keep_right: bool) -> str:
    """Whole words, at most _MAX_IND characters, the ones nearest the head kept."""
    out: list[str] = []
    n = 0
    seq = reversed(words) if keep_right else words
    for w in seq:
        if n + len(w) > _MAX_IND and out:
            break
        out.append(w)
        n += len(w)
    if keep_right:
        out.reverse()
    return "".join(out)


def _phrase_before(words: list[str], lex: Lexicon) -> tuple[str, list[str]]:
    """The noun phrase ending ``words`` and the words left before it."""
    skip = _indicator_words().get("skip", frozenset())
    while words and words[-1] in skip:
        words = words[:-1]
    heads = _indicator_words().get("head", frozenset())
    i = len(words)
    while i > 0:
        w = words[i - 1]
        got = "".join(words[i:])
        if got in _indicator_words().get("generic", ()) and len(w) >= 2 and not all(c in _PUNCT for c in w) \
                and w not in _indicator_words().get("link", ()):
            i -= 1                 # a generic measure takes the word before it: 投入|强度, 签约|金额
            continue
        if len(got) >= 2 and len(w) >= 2 and _tags().get(w, "") == "v" and words[i] not in heads:
            break                  # 由信息公开引起|行政复议, but a verb before a head noun (验证资金) stays
        if w in lex.actions and len(w) >= 2 and got in heads and w not in _indicator_words().get("verb", ()):
            i -= 1                 # a trigger verb that names a kind of thing: 宣传|资料
            continue
        if _ends_phrase(w, lex):
            # a bare suffix (率) or nothing yet: the word is part of the name (办结率, 参考率,
            # 预算决算公开13条), unless it is punctuation, a link or a function character
            tagged_only = w not in _stops(lex) and w not in _indicator_words().get("skip", ())
            if len(w) >= 2 and not all(c in _PUNCT for c in w) and w not in _indicator_words().get("link", ()) \
                    and ((got and len(got) < 2) or (not got and tagged_only)):
                i -= 1
                continue
            break
        i -= 1
    phrase = words[i:]
    while phrase and (phrase[0] in skip or phrase[0] in ("年", "月", "日", "底", "末")):
        phrase = phrase[1:]           # 2024年|组织: a date is no phrase
    if phrase and phrase[0][:1] in _BOUND and len(phrase) == len(words[i:]) and i > 0 \
            and not all(c in _PUNCT for c in words[i - 1]) and words[i - 1] not in _STOP_CHARS:
        phrase = [words[i - 1]] + phrase
        i -= 1
    return _cap(phrase, keep_right=True), words[:i]


def _phrase_after(words: list[str], lex: Lexicon, counter: str = "") -> str:
    """The noun phrase opening ``words`` (the noun a counter counts: 3家[高新技术企业]); a
    counter of things (个, 家, 所) does not count people, so 4个[单位]主要负责人 stops before them."""
    heads = _indicator_words().get("head", frozenset())
    people = _indicator_words().get("person", frozenset())
    tags = _tags()
    out: list[str] = []
    for k, w in enumerate(words):
        if out and counter[-1:] in ("个", "家", "所") and any("".join(words[k:k + 3]).startswith(p) for p in people):
            break
        if w in ("以上", "左右", "余", "多"):
            if not out:
                continue
            break
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if len(w) >= 2 and lex.actions.get(w) not in (None, "partner") and nxt in heads \
                and w not in _indicator_words().get("verb", ()):
            out.append(w)             # 公共法律服务|工作站: a trigger verb inside a compound
            continue
        if _ends_phrase(w, lex):
            break
        if out and tags.get(w, "").startswith("v") and nxt not in heads and len("".join(out)) >= 2:
            break
        out.append(w)
    skip = _indicator_words().get("skip", frozenset())
    while out and out[0] in skip:
        out = out[1:]
    return _cap(out, keep_right=False) if len("".join(out)) <= _MAX_IND else _cap(out, keep_right=True)


def _drop_change(ind: str) -> str:
    """``ind`` without a change it ends with (X同比增长 -> X), so changes never pile up."""
    for w in sorted(_indicator_words().get("change", ()), key=len, reverse=True):
        if ind.endswith(w) and len(ind) > len(w):
            return ind[:-len(w)]
    return ind


def _pair_changes(qout: list[Quantity], order: list[int]) -> None:
    """A run of bare changes (同比分别增长a%、b%) takes, in order, the indicators of as many
    figures just before it in the sentence; a lone one the figure right before it."""
    changes = _indicator_words().get("change", frozenset())
    k = 0
    while k < len(order):
        if not (qout[order[k]].indicators and qout[order[k]].indicators[0] in changes):
            k += 1
            continue
        end = k
        while end < len(order) and qout[order[end]].indicators and qout[order[end]].indicators[0] in changes:
            end += 1
        run = order[k:end]
        before = [i for i in order[:k] if qout[i].indicators][-len(run):] if k else []
        if len(before) < len(run):
            before = before[-1:] * len(run)
        for i, b in zip(run, before):
            base = _drop_change(qout[b].indicators[0])
            qout[i] = replace(qout[i], indicators=(base + qout[i].indicators[0],))
        k = end


def indicator_of(text: str, clause: Span, q: Quantity, prev_end: int, lex: Lexicon, *,
                 previous: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What a figure counts or measures, read from the words around it in its clause.

    ``previous`` is the indicator of the figure before it in the sentence (list members
    and percentage changes without a noun of their own take it).

    Example:
        >>> from .lexicon import load_lexicon
        >>> from .figures import find_quantities
        >>> def ind(t):
        ...     lex = load_lexicon()
        ...     return [indicator_of(t, Span(0, len(t)), q, 0, lex) for q in find_quantities(t, lex)]
        >>> ind("新入库科技型企业427家"), ind("举办普法讲座3场"), ind("培育12家高新技术企业")
        ([('新入库科技型企业',)], [('普法讲座',)], [('高新技术企业',)])
        >>> ind("技术合同成交额达5.6亿元"), ind("参考率、合格率均为100%"), ind("营业收入同比增长12%")
        ([('技术合同成交额',)], [('参考率', '合格率')], [('营业收入同比增长',)])
    """
    ws = _indicator_words()
    pre = text[max(clause.start, prev_end, q.span.start - 40):q.span.start].rstrip()
    post = text[q.span.end:min(clause.end, q.span.end + 30)].lstrip()
    if prev_end > clause.start and previous and pre and _LIST_GAP.match(pre):
        return previous                                        # 分别为146家、39家和101家
    pre, post = _PAREN.sub("", pre), _PAREN.sub("", post)      # 乡(镇)工作站 -> 乡工作站
    words = _words(pre, lex)
    change, each = "", False
    while words:
        if words[-1] in ws.get("link", ()):
            each = each or words[-1].startswith("分别")
            words = words[:-1]
        elif q.unit in ("percent", "percentage_point") and words[-1] in ws.get("change", ()) and not change:
            change = words.pop()
        elif change and words[-1] in ("同比", "环比") and not change.startswith(("同比", "环比")):
            change = words.pop() + change
        else:
            break
    if q.unit == "year":
        while words and words[-1] in ("提前", "连续", "用", "历时"):
            words = words[:-1]
    after = _words(post, lex)
    if q.unit == "count" and after[:1] and after[0] in ("为", "是") and len(after) > 1:
        noun = _phrase_after(after[1:], lex)           # 其中29件为自然人申请
        if len(noun) >= 2:
            return (noun,)
    if q.unit in ("count", "CNY") and after and (not _ends_phrase(after[0], lex) or (
            after[0] in lex.actions and after[1:2] and after[1] in _indicator_words().get("head", ()))) or (
            q.unit == "count" and after[:1] and after[0] in ("以上", "左右") and len(after) > 1):
        noun = _phrase_after(after, lex, q.counter)
        if len(noun) >= 2:
            return (noun,)
    if not pre and previous and prev_end > clause.start and q.unit == "count":
        return previous                                        # 来访86批次230人次
    phrase, rest = _phrase_before(list(words), lex)
    if not phrase:
        # the thing and then its verb: 科技型企业新增81家, 考核指标精简优化为13项
        j = len(words)
        while j > 0 and (words[j - 1] in _stops(lex) and len(words[j - 1]) >= 2
                         or words[j - 1] in ws.get("link", ())):
            j -= 1
        if j < len(words):
            p2, r2 = _phrase_before(list(words[:j]), lex)
            if len(p2) >= 2:
                phrase, rest = p2, r2
    if change:
        if not phrase and each:
            return (change,)            # 同比分别增长a%、b%: find_measures pairs them with the figures before
        base = phrase or (previous[0] if previous else "")
        return (_drop_change(base) + change,)
    if len(phrase) >= 2 and phrase in ws.get("verb", ()) | set(lex.actions):
        phrase = ""
    if len(phrase) >= 2:
        if phrase[-1] in _SUFFIXES and rest and rest[-1] == "、":
            parts = [phrase]
            r = rest[:-1]
            while r:
                p, r2 = _phrase_before(list(r), lex)
                if not p or p[-1] != phrase[-1]:
                    break
                parts.insert(0, p)
                if not (r2 and r2[-1] == "、"):
                    break
                r = r2[:-1]
            if len(parts) > 1:
                return tuple(parts)
        return (phrase,)
    # no noun next to the number: the verb before it (办理5万件), or the verb after it and the
    # head of its object (连续2年开展…会议述法)
    verb = next((w for w in reversed(words) if w in _stops(lex) and len(w) >= 2), "")
    if q.unit == "year" or not verb:
        nxt = [w for w in after if not all(c in _PUNCT for c in w)]
        if nxt and (nxt[0] in _stops(lex) or _tags().get(nxt[0], "").startswith("v")):
            tail = re.split(r"[，,；;。、]", post)[0]
            if len(tail) <= _MAX_IND:
                return (tail,)              # 连续六年|蝉联全省第一
            obj, _ = _phrase_before(_words(tail, lex), lex)
            return ((nxt[0] + obj[-4:]) if obj and not obj.startswith(nxt[0]) else nxt[0],)
    if verb:
        return (verb,)
    return (q.counter,) if q.counter and q.unit == "count" else ()


_LONGEST_FIRST: dict[str, tuple[str, ...]] = {}


def _verbs(text: str, span: Span, lex: Lexicon, taken: list[Span]) -> list[tuple[int, str, str]]:
    """The action verbs of the clause ``span``, longest first, each occurrence that overlaps
    neither ``taken`` nor a longer verb found before."""
    verbs = _LONGEST_FIRST.get(lex.digest)
    if verbs is None:
        verbs = _LONGEST_FIRST[lex.digest] = tuple(sorted(lex.actions, key=len, reverse=True))
    found: list[tuple[int, str, str]] = []
    seg = text[span.start:span.end]
    for v in verbs:
        i = seg.find(v)
        while i >= 0:
            s = Span(span.start + i, span.start + i + len(v))
            if text[s.start - 1:s.start] == "、" == text[s.end:s.end + 1]:
                pass      # 决策、执行、管理: a verb between list commas is one noun of a list
            elif not (any(s.overlaps(t) for t in taken) or any(s.overlaps(Span(p, p + len(w))) for p, w, _ in found)):
                found.append((s.start, v, lex.actions[v]))
            i = seg.find(v, i + len(v))
    return sorted(found)


def find_measures(doc: Document, sents: list[Sentence], mentions: list[Mention], entities: list[Entity],
                  quantities: list[Quantity], lex: Lexicon, issuer_key: str) -> tuple[list[Measure], list[Quantity], list[Relation]]:
    """Measures, the figures with their indicators and subjects, and the direct relations."""
    text = doc.text
    key_of = {}
    cls_of = {}
    for e in entities:
        for m in e.mentions:
            if m.source not in ("metadata", "derived"):
                key_of[m.span] = e.key
                cls_of[e.key] = e.cls
    spans = SpanIndex(key_of)
    q_index = SpanIndex(q.span for q in quantities)
    q_by_span = {q.span: q for q in quantities}
    measures: list[Measure] = []
    qout = list(quantities)
    rels: list[Relation] = []
    q_at = {q.span: i for i, q in enumerate(quantities)}
    for sent in sents:
        if is_heading(sent.text) and (len(sent.text) <= 40 and sent.text.rstrip()[-1:] not in "。.；;"):
            continue
        year = doc.meta.year + (1 if sent.planned else 0)
        for y in re.findall(r"(20\d\d)\s*年", sent.section):
            year = int(y) if sent.planned else year
        actor: tuple[str, ...] = (issuer_key,)
        last_inds: tuple[str, ...] = ()      # indicator of the sentence's last figure
        in_sentence: list[int] = []          # the sentence's figures, in order
        policies: tuple[str, ...] = ()
        current: Measure | None = None
        pending: list[str] = []           # names of a clause that held nothing else (ASCII "," lists)
        pending_partners: list[str] = []  # partners of a clause without a main verb
        for cl in clauses(text, sent.span):
            in_cl = spans.inside(cl)
            qs = [q_by_span[s] for s in q_index.inside(cl)]
            verbs = _verbs(text, cl, lex, in_cl + [q.span for q in qs])
            # clause subject: the names that open the clause (joined by 、 和), before its first verb;
            # "由Y牵头建设" and "支持Y建设" make Y the actor
            passive_objects: list[str] = []
            if verbs and in_cl:
                first_v = verbs[0][0]
                lead = _leading(text, cl, [s for s in in_cl if s.end <= first_v])
                lead_keys = tuple(dict.fromkeys(key_of[s] for s in lead))
                if pending_partners and lead and all(cls_of[k] in _AGENTS for k in lead_keys):
                    pending_partners += list(lead_keys)      # "联合A,B举办…" written with ASCII commas
                elif lead and all(cls_of[k] in _AGENTS | _PLATFORMS for k in lead_keys):
                    actor = tuple(dict.fromkeys(pending + list(lead_keys)))
                for s in in_cl:
                    before = text[max(cl.start, s.start - 2):s.start]
                    k = key_of[s]
                    if cls_of[k] in _AGENTS and s.start < first_v + 12 and (
                            before.endswith("由") or any(before.endswith(c) for c in _CAUSATIVE)):
                        if before.endswith("由"):
                            passive_objects = [key_of[x] for x in in_cl if x.end <= s.start]
                        actor = (k,)
                        break
            if not any(role == "partner" for _, _, role in verbs) and verbs and verbs[0][1].startswith("共") \
                    and current is not None and current.partners:
                carried_partners = list(current.partners)
            else:
                carried_partners = []
            partners: list[str] = list(carried_partners) + pending_partners
            pending_partners = []
            objects: list[tuple[str, str]] = []
            main_verb, main_role = "", ""
            for vi, (pos, verb, role) in enumerate(verbs):
                nxt = verbs[vi + 1][0] if vi + 1 < len(verbs) else cl.end
                after = _chained(text, pos + len(verb), [s for s in in_cl if pos < s.start < nxt],
                                 heads=None if role == "partner" else lex.object_heads)
                if role == "partner":
                    partners += [key_of[s] for s in after if cls_of[key_of[s]] in _AGENTS]
                    continue
                if role == "accept":     # 通过市科技局验收; not 通过政府网站 (by way of), 通过党组会议
                    for s in after:
                        if cls_of[key_of[s]] in _AGENTS and _CHECK.match(text, s.end):
                            for a in actor:
                                rels.append(Relation(a, "acceptedBy", key_of[s], cl, asserted=True))
                    continue
                if role in _HELD:    # 根据/按照《X》, 坚持“X”制度, 围绕“1310”部署: acting on a document (or holding
                    held = [key_of[s] for s in after     # to a practice, following a campaign) implements it, and alone
                            if cls_of[key_of[s]] in _HELD[role]]                         # makes no measure
                    docs = [k for k in held if cls_of[k] in _DOCS]
                    objects += [("implements", k) for k in held]
                    policies = tuple(dict.fromkeys(policies + tuple(docs)))
                    if held and not main_verb and all(r in ("partner", "accept", *_HELD) for _, _, r in verbs[vi + 1:]):
                        main_verb, main_role = verb, "implements"
                    continue
                if not main_verb:
                    main_verb, main_role = verb, role
                    after = [x for x in in_cl if x.start < pos and key_of[x] in passive_objects] + after
                for s in after:
                    k = key_of[s]
                    if cls_of[k] not in _FAMILY.get(role, set()):
                        continue
                    objects.append((role, k))
                    if role == "implements" and cls_of[k] in _DOCS:
                        policies = tuple(dict.fromkeys(policies + (k,)))
            only_names = in_cl and not verbs and not qs and not re.sub(
                r"[、和及与,，;；.。\s]", "", "".join(text[a.end:b.start] for a, b in zip([Span(cl.start, cl.start)] + in_cl,
                                                                                        in_cl + [Span(cl.end, cl.end)])))
            pending = [key_of[s] for s in in_cl if cls_of[key_of[s]] in _AGENTS | _PLATFORMS] if only_names else []
            if partners and not main_verb and not objects and not qs:
                pending_partners = list(partners)
                continue
            # names in the clause not placed yet (before any verb, not the actor) are objects too
            placed = {k for _, k in objects} | set(partners) | set(actor)
            for s in in_cl:
                k = key_of[s]
                if k not in placed and not verbs:
                    objects.append(("hasObject", k))
            results = tuple(q_at[q.span] for q in qs)
            prev_end = cl.start
            for q in qs:
                i = q_at[q.span]
                subj = _adjacent(text, q, in_cl, key_of, cls_of)
                inds = indicator_of(text, cl, q, prev_end, lex, previous=last_inds)
                qout[i] = replace(qout[i], indicators=inds, subject=subj)
                prev_end = q.span.end
                last_inds = inds or last_inds
                in_sentence.append(i)
            if main_verb or (partners and objects):
                current = Measure(id=f"{len(measures) + 1}", span=cl, verb=main_verb or "合作",
                                  action=main_role or "other", actors=actor, partners=tuple(dict.fromkeys(partners)),
                                  objects=tuple(dict.fromkeys(objects)), policies=tuple(p for p in policies if p not in {k for _, k in objects}),
                                  results=results, year=year, planned=sent.planned, section=sent.section)
                measures.append(current)
            elif current is not None and (results or objects):
                current = replace(current, span=Span(current.span.start, cl.end), results=current.results + results,
                                  objects=tuple(dict.fromkeys(current.objects + tuple(objects))))
                measures[-1] = current
            elif results:
                current = Measure(id=f"{len(measures) + 1}", span=cl, verb="", action="other", actors=actor,
                                  objects=tuple(objects), policies=policies, results=results, year=year,
                                  planned=sent.planned, section=sent.section)
                measures.append(current)
        _pair_changes(qout, in_sentence)
    for m in measures:
        for a in m.actors:
            for p in m.partners:
                if p != a:
                    rels.append(Relation(a, "cooperatesWith", p, m.span))
            for role, o in m.objects:
                if role in ROLE_EDGE and o != a:
                    rels.append(Relation(a, ROLE_EDGE[role], o, m.span))
        for p in m.partners:
            for role, o in m.objects:
                if role in ROLE_EDGE and o != p:
                    rels.append(Relation(p, ROLE_EDGE[role], o, m.span))
    return measures, qout, _dedupe(rels)


# what a body's check is called after 通过 + the body (通过市科技局验收, 通过省厅评审)
_CHECK = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:验收|评审|审核|审查|认定|复核|考核|评估|检查|抽查|备案|评价)")
_CAUSATIVE = ("支持", "指导", "帮助", "鼓励", "引导", "协助", "推动", "组织")


def _leading(text: str, cl: Span, before_verb: list[Span]) -> list[Span]:
    """Names that open the clause: the first starts it (after a bullet), the rest follow after 、 和 及."""
    out: list[Span] = []
    pos = cl.start
    for s in sorted(before_verb):
        gap = text[pos:s.start]
        gap = re.sub(r"^[\s，,；;。]*(?:[一二三四五六七八九十]是|其中|同时|此外)?", "", gap) if not out else gap
        if (not out and gap == "") or (out and re.fullmatch(r"[、和及与]", gap)):
            out.append(s)
            pos = s.end
        else:
            break
    return out


def _chained(text: str, start: int, spans: list[Span], heads: frozenset[str] | None = None) -> list[Span]:
    """Names right after a verb: the first within a few characters, the rest joined by 、 和 等.
    With ``heads`` (an object's closing nouns), the first may follow words that only modify it
    when its noun phrase ends with it or with one of ``heads``."""
    out: list[Span] = []
    pos = start
    for s in sorted(spans):
        gap = re.sub(r"[0-9０-９.．]+[万亿]?[元个家项所余多]*", "", text[pos:s.start])
        if (not out and len(gap) <= 2 and _CONNECT.match(gap)) or (out and _CONNECT.match(gap)) or \
                (not out and len(gap) <= 1) or (not out and heads is not None and _MODIFIER.match(text, pos, s.start)
                                                and _closes_object(_PHRASE_REST.match(text, s.end).group(0), heads)):
            out.append(s)
            pos = s.end
        else:
            break
    return out


def _closes_object(rest: str, heads: frozenset[str]) -> bool:
    """Whether the words after a name (up to the next punctuation) leave it the object: none, one of
    ``heads`` (“三审三校”制度), or another object joined by 及/和/与/以及."""
    rest = rest.strip("“”\"")
    return rest in heads or rest == "" or rest.startswith(("及", "和", "与", "以及"))


def _adjacent(text: str, q: Quantity, in_cl: list[Span], key_of: dict, cls_of: dict) -> str | None:
    """The entity a figure is about: a fund, product or project named right next to it."""
    for s in in_cl:
        k = key_of[s]
        if cls_of[k] not in {"Fund", "GuidanceFund", "LoanProduct", "Project", "ResearchOutput"}:
            continue
        if 0 <= q.span.start - s.end <= 1 or 0 <= s.start - q.span.end <= 1:
            return k
    return None


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen, out = set(), []
    for r in rels:
        k = (r.subject, r.predicate, r.object)
        if r.predicate == "cooperatesWith":
            k = (min(r.subject, r.object), r.predicate, max(r.subject, r.object))
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
