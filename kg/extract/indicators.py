"""Figure indicators: a figure's text, its clause and the lexicon -> the noun phrase that names
what it counts or measures (``indicator_of``), and percentage changes paired with the figure they
change (``pair_changes``).

An indicator is the noun phrase that names what a figure counts or measures, read off the
words next to the number (jieba words, so a phrase never starts or ends inside a word):
  number before its noun  培育12家高新技术企业   -> 高新技术企业  (the words after the counter)
  noun before its number  技术合同成交额达5.6亿元 -> 技术合同成交额 (the words before the number)
The phrase stops at a verb (indicators.tsv "verb", actions.tsv, boundaries.tsv), a function
word (的, 和, 等, prepositions, adverbs, pronouns), punctuation or a quoted name's edge, loses
determiners, places and times at its edges (各类, 全区, 期末: "skip") and keeps at most
_MAX_IND characters (whole words, nearest the number). Coordinated rates (参考率、合格率均为
100%) give one figure with every rate as an indicator, in written order. A percentage change
(同比增长12%) is "<thing>同比增长" as written; when the thing is not in the clause it is the
indicator of the figure before it in the sentence (获得资金697万元，同比增长112% -> 资金同比增长).
A figure in a list after another (分别为146家、39家和101家) shares the first one's indicator.
A duration (提前三年完成, 连续2年开展) measures the phrase before it, else the predicate after
it (as written when short, else its last verb and object, or that object; a title it won in
quotes). The word lists are read
from the default lexicon folder (data/lexicon/indicators.tsv), whatever folder names are read from.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace

from ..model import Quantity, Span
from .lexicon import Lexicon, indicator_words
from .segment import tag_of, tokenizer

__all__ = ["indicator_of", "pair_changes"]

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
_OCCASIONS = frozenset({"次", "场", "场次", "期", "轮", "批次"})     # counters of occasions, not of things


_indicator_words = indicator_words
_TK: dict[str, object] = {}


def _tokenizer(lex: Lexicon):
    """The names' jieba tokenizer (``segment.tokenizer``: one dictionary load per process), whose
    user dictionary also holds the indicator words."""
    tk = _TK.get(lex.digest)
    if tk is None:
        tk = _TK[lex.digest] = tokenizer(lex)
    return tk


def _words(s: str, lex: Lexicon) -> list[str]:
    """jieba words of ``s``; a short quoted name (“四上”) is one word, and a dictionary word that
    glues a verb to its object (发放贷款, 解决问题) is two."""
    _tokenizer(lex)
    out: list[str] = []
    stops = _stops(lex)
    for w in _cut(s, lex.digest):
        if len(w) >= 4 and w[:2] in stops and tag_of(w[2:]).startswith("n"):
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
    tag = tag_of(word)
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
        if len(got) >= 2 and len(w) >= 2 and tag_of(w) == "v" and words[i] not in heads:
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
    skip = _indicator_words().get("skip", frozenset())
    out: list[str] = []
    for k, w in enumerate(words):
        if out and counter[-1:] in ("个", "家", "所") and any("".join(words[k:k + 3]).startswith(p) for p in people):
            break
        if w in ("以上", "左右", "余", "多") or (not out and w in skip):
            if not out:
                continue          # (12次相关工作会议: a determiner before the noun is passed over)
            break
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if len(w) >= 2 and lex.actions.get(w) not in (None, "partner") and nxt in heads \
                and w not in _indicator_words().get("verb", ()):
            out.append(w)             # 公共法律服务|工作站: a trigger verb inside a compound
            continue
        if _ends_phrase(w, lex):
            break
        if out and tag_of(w).startswith("v") and nxt not in heads and len("".join(out)) >= 2:
            break
        out.append(w)
    while out and out[0] in skip:
        out = out[1:]
    return _cap(out, keep_right=False) if len("".join(out)) <= _MAX_IND else _cap(out, keep_right=True)


def _noun_word(words: list[str], lex: Lexicon) -> bool:
    """Whether ``words`` opens with a noun of two characters or more (工作, 会议; not 予以, 经), as
    after a determiner between a number and its noun (12次|相关|工作会议)."""
    tag = tag_of(words[0]) if words else ""
    return bool(words) and len(words[0]) >= 2 and not _ends_phrase(words[0], lex) and (
        tag.startswith("n") or tag == "vn")


def _drop_change(ind: str) -> str:
    """``ind`` without a change it ends with (X同比增长 -> X), so changes never pile up."""
    for w in sorted(_indicator_words().get("change", ()), key=len, reverse=True):
        if ind.endswith(w) and len(ind) > len(w):
            return ind[:-len(w)]
    return ind


def pair_changes(qout: list[Quantity], order: list[int]) -> None:
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
        >>> ind("完成目标任务的103.1%"), ind("失业率控制在5.5%以内"), ind("涉及行政处罚决定的0条")
        ([('目标任务',)], [('失业率',)], [('行政处罚决定',)])
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
        elif words[-1] == "的" and len(words) > 1 and not change and (
                q.unit == "percent" or q.unit == "count" and not re.match(r"[\u4e00-\u9fff]", post)):
            words = words[:-1]          # 完成目标任务的103.1%, 涉及行政处罚决定的0条: the thing before 的
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
            after[0] in ws.get("skip", ()) and _noun_word(after[1:2], lex)) or (
            after[0] in lex.actions and after[1:2] and after[1] in _indicator_words().get("head", ()))) or (
            q.unit == "count" and after[:1] and after[0] in ("以上", "左右") and len(after) > 1):
        noun = _phrase_after(after, lex, q.counter)
        if len(noun) >= 2:
            return (noun,)
    if not pre and previous and prev_end > clause.start and q.unit == "count":
        return previous                                        # 来访86批次230人次
    if q.unit == "count" and q.counter in _OCCASIONS and words and words[-1] in ws.get("activity", ()):
        # a count of occasions right after its activity (开展文件清理5次, 组织专题培训12场次): the
        # activity with the noun phrase that says which one, not the noun alone
        mod, _ = _phrase_before(list(words[:-1]), lex)
        return (_cap(_words(mod, lex) + [words[-1]], keep_right=True),)
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
        if nxt and (nxt[0] in _stops(lex) or tag_of(nxt[0]).startswith("v")):
            tail = re.split(r"[，,；;。、]", post)[0]
            title = _QUOTE.search(tail)
            if title:
                return (title.group(0)[1:-1],)      # 连续两年获评“某某城区”: the title it won
            if len(tail) <= _MAX_IND:
                return (tail,)              # 连续六年|蝉联全省第一
            # the predicate's last verb and its object, as written (连续5年在…考核中|获优秀等次), else
            # that object alone: words of the text in their order, never pieces put together
            tw = _words(re.sub(r"^在[^，,；;。]{1,20}?[中上内里]", "", tail), lex)     # (past 在…考核中)
            k = next((i for i, w in enumerate(tw) if tag_of(w) == "v"), 0)
            if 2 <= len("".join(tw[k:])) <= _MAX_IND:
                return ("".join(tw[k:]),)
            obj, _ = _phrase_before(tw[k + 1:], lex)
            return (obj if len(obj) >= 2 else nxt[0],)
    if verb:
        return (verb,)
    return (q.counter,) if q.counter and q.unit == "count" else ()
