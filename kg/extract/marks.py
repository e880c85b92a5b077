"""Names the text marks itself: 《titles》 (laws, regulations, policies, rules), “quotes”
(programmes, loan products, platforms; mottos and titles are no entity) and congress sessions
(no entity, nothing read inside them).

Takes a report's text, the ``Lexicon`` and the report's metadata; gives ``Candidate`` objects
and the spans in which no name may be read. Rules: data/gold/GUIDELINES.md ("Slogans and
formulas", "Regulations and local policies", "Meetings"); word lists in data/lexicon/formulas.tsv.
"""
from __future__ import annotations

import functools
import re

from ..model import ReportMeta, Span
from .candidate import Candidate
from .edges import issuer_without_places
from .lexicon import Lexicon
from .segment import word_info

__all__ = ["classify_title", "formula_class", "titles", "quotes", "bare_formulas", "sessions", "doc_numbers"]


def classify_title(title: str, lex: Lexicon, meta: ReportMeta) -> tuple[str, str]:
    """Class and canonical name of a 《title》.

    Example:
        >>> from .lexicon import load_lexicon
        >>> m = ReportMeta(title="t", issuer="某区科学技术局", year=2024, source="s", place=("某市", "某区"))
        >>> classify_title("行政许可法", load_lexicon(), m)
        ('Law', '中华人民共和国行政许可法')
        >>> classify_title("某区科研项目管理办法", load_lexicon(), m)[0], classify_title("局务会议议事规则", load_lexicon(), m)[0]
        ('LocalPolicy', 'InternalRule')
        >>> classify_title("某省科学技术进步条例", load_lexicon(), m)[0]
        'Regulation'
        >>> classify_title("政府信息公开目录", load_lexicon(), m)[0], classify_title("科技政策实务手册(2025)", load_lexicon(), m)[0]
        ('InternalRule', 'InternalRule')
        >>> classify_title("合同审查工作指引(试行)", load_lexicon(), m), classify_title("某区科技条例(修订)", load_lexicon(), m)
        (('InternalRule', '合同审查工作指引(试行)'), ('Regulation', '某区科技条例'))
        >>> classify_title("国务院办公厅关于印发某某工作方案的通知", load_lexicon(), m)[0]
        'Regulation'
    """
    if _NEWSPAPER.fullmatch(title):
        return "DigitalPlatform", title     # 《某某日报》, 《某市人民政府公报》: a newspaper or gazette, a channel the body publishes in
    # a note after the title (修订), (制定) says what was done to it, not what it is; (试行) is
    # part of a trial version's name: kept in the label, the class read without it
    title_core = re.sub(r"[(（](?:修订|修正|制定|试行|草案|征求意见稿)[)）]$", "", title)
    if title_core != title:
        cls, label = classify_title(title_core, lex, meta)
        return cls, label + title[len(title_core):] if "试行" in title[len(title_core):] else label
    bare = title.removeprefix("中华人民共和国")
    if bare in lex.laws:
        full, cls = lex.laws[bare]
        return cls, full
    if re.search(r"(法|法典)$", title) and not re.search(r"(办法|方法|做法|想法)$", title):
        # only the national congress makes a 法, and every one is titled 中华人民共和国…法: a report cites
        # it short (《兵役法》), the gold names it in full; a slogan that ends in 法 (《八五普法》, 《依法行政》) is no law
        if _NOT_A_LAW.search(title):
            return "LocalPolicy" if _has_place(title, meta) else "InternalRule", title
        return "Law", title if title.startswith("中华人民共和国") or _has_place(title, meta) else "中华人民共和国" + title
    if re.search(r"条例$|条例（[^）]*）$|准则$", title):
        return "Regulation", title          # …条例, and the party's codes (关于新形势下党内政治生活的若干准则)
    if re.search(r"实施[<〈《].+[>〉》](办法|细则|规定)$", title):
        return "Regulation", title          # a province's measures implementing a national law
    if _national(title, lex):
        return "Regulation", title          # a national document: 中华人民共和国…格式, 国务院办公厅关于…的通知
    if "关于" not in title and _names_issuer(title, meta, lex):
        return "InternalRule", title        # 某局政府信息公开指南, 2024年某局学法计划: the issuer's own work
    if _has_place(title, meta) or title.startswith("关于"):
        return "LocalPolicy", title
    if re.search(r"(?:规则|办法|制度|规定|细则|规程|守则|须知|清单|汇编|学习计划|学法计划)$"
                 r"|(?:指南|指引|目录|手册)(?:[(（]\d{4}[)）])?$", title):
        return "InternalRule", title        # …议事规则, 主要负责人法治建设职责清单, 应知应会…资料汇编, 2024年党组中心组学习计划,
        #                                     the body's 政府信息公开指南/目录, its 工作指引 and the handbooks it compiles (…实务手册(2025))
    return "LocalPolicy", title


# a short title ending in 法 that names a practice, not a statute (八五普法, 严格执法, 以案说法)
_NOT_A_LAW = re.compile(r"^.{0,4}?(?:普法|执法|依法|学法|用法|守法|说法|懂法|知法|违法)$")
_NEWSPAPER = re.compile(r"[\u4e00-\u9fff]{2,6}(?:日报|晚报|晨报|导报|时报|商报|法治报|法制报)|[\u4e00-\u9fff]{2,12}政府公报")


def _names_issuer(title: str, meta: ReportMeta, lex: Lexicon) -> bool:
    """The title names the report's issuer (its full name, the name without its leading places, or
    its department's short form after a place: 某县科技局普法责任清单); when the page named no issuer,
    a department written after its place in a title of the body's own work (2024年某县应急管理局学法计划;
    a 工作要点 may be a higher department's, for its whole system)."""
    forms = issuer_without_places(meta)
    name = forms[-1]
    if any(len(f) >= 4 and f in title for f in forms) and not re.fullmatch(r".{0,4}(?:人民政府|政府)", name):
        return True
    # a government's own work names the government, not just its place (2024年度某县政府学法计划, 某镇人民政府
    # 行政执法“三项制度”工作方案; 某县…管理办法 is the county's policy)
    gov = re.fullmatch(r"(.{0,4}?)(?:人民政府|政府)", name)
    if gov and any(f"{p}{g}" in title for p in {x.removesuffix(name) for x in forms} | {gov.group(1)} if p
                   for g in ("人民政府", "政府")):
        return True
    if any(len(abbr) >= 3 and name.endswith(full) and re.search(rf"[省市区县州旗]{re.escape(abbr)}", title)
           for abbr, (full, _) in lex.departments.items() if abbr != full):
        return True         # the issuer's department written short after its place (2024年度某县科技局普法责任清单)
    if dict(meta.sources).get("issuer") != "default" or not re.search(r"(?:学法|学习)计划$|清单$|指南$|目录$", title):
        return False
    return any(len(full) >= 3 and re.search(rf"[\u4e00-\u9fff]{{2,}}[省市区县州旗]{re.escape(full)}", title)
               for full, _ in lex.departments.values())


def _national(title: str, lex: Lexicon) -> bool:
    """A title that begins with the state's name or a central body (central.tsv): a national document."""
    if title.startswith(("中华人民共和国", "中共中央", "全国人民代表大会", "中国共产党")):
        return True
    return any(title.startswith(form) and len(form) >= 3 for form in lex.central)


def _has_place(title: str, meta: ReportMeta) -> bool:
    head = title[:10]
    if any(p and (p in head or p[:-1] in head[: len(p) + 1]) for p in meta.place):
        return True
    # 全省, 全市, 全县 name no place but a whole jurisdiction: its document is a policy there, unless it is
    # a list or compilation for the body's own officials (全省教育系统领导干部应知应会…清单)
    if re.match(r"全[省市区县州]", title):
        return not re.search(r"(清单|汇编)$", title)
    return bool(re.match(r"^[\u4e00-\u9fff]{1,6}(省|市|区|县|州)", title)) and not title.startswith(("中华", "全国"))


# a book studied, no document that rules anything: a study outline or Q&A, selected works, a reader,
# a compilation of excerpts, an essay titled 论…
_BOOK = re.compile(r"(?:学习纲要|学习问答|选读|文选|选编|读本|文集|摘编|重要论述|概论|研究)(?:[(（][^()（）]*[)）])?$|^论[\u4e00-\u9fff]"
                   r"|^[\u4e00-\u9fff]{2,3}谈[\u4e00-\u9fff]{2}")      # (a leader's talks on a subject: 《某某谈治国理政》)
# a work that is no document acted on: a title written as a sentence (《打造某某，给某某添彩》) and a film,
# programme, article or case collection named so around it (观看《X》警示教育片, 节目《X》, 《X》创新案例)
_SENTENCE_TITLE = re.compile(r"[，,！!？?]")
_DOC_END = re.compile(r"(?:办法|方案|意见|通知|规定|条例|法|计划|要点|纲要|细则|决定|清单|措施|规划|规则|指南|制度|标准)"
                      r"(?:[(（][^()（）]*[)）])?$")
_BARE_KIND = re.compile(r"办法|方案|意见|通知|规定|条例|计划|要点|纲要|细则|决定|清单|措施|规划|规则|指南|制度|标准")
_WORK_AFTER = re.compile(r"(?:等)?(?:警示教育片|警示片|专题片|纪录片|宣传片|微电影|节目|创新案例|典型案例|优秀案例|文章|一文)")
_WORK_BEFORE = re.compile(r"(?:节目|作品|文章|课题|专题片|宣传片|纪录片|微电影)$")
# a magazine (《某某》杂志), like a newspaper, is a channel the body publishes in
_MAGAZINE_AFTER = re.compile(r"(?:杂志|期刊|周刊|月刊|半月刊)")
# a title that names a newspaper, a news programme or a channel (《某某日报》, 《央视新闻》)
_MEDIA_TITLE = re.compile(r"(?:新闻|日报|晚报|时报|商报|频道|电视台|广播电台|新闻联播)$")
# titles listed as media (《甲》《乙》等权威媒体, 《甲》等报刊)
_MEDIA_AFTER = re.compile(r"等(?:[\u4e00-\u9fff]{0,4}?)(?:媒体|报刊|刊物|报纸|杂志|期刊)")

# a session of a congress, with the place that names it: no entity, and nothing inside it is
# read as a name (GUIDELINES.md, "Meetings")
_SESSION = re.compile(r"第?[一二三四五六七八九十]{1,3}届(?:人民)?代表大会(?:常务委员会)?"
                      r"(?:第[一二三四五六七八九十]{1,3}次(?:全体)?会议)?")


# a document number (文号): issuing body's abbreviation, year in brackets, serial (国办公开办函〔2021〕30号,
# 某科发〔2024〕12号): no name is read inside it
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}\s*[〔\[［(（【]\s*(?:19|20)\d\d\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号")


def doc_numbers(text: str) -> list[Span]:
    """Spans of document numbers (文号).

    Example:
        >>> t = "依据(国办公开办函〔2021〕30号)要求"
        >>> [t[s.start:s.end] for s in doc_numbers(t)]
        ['国办公开办函〔2021〕30号']
    """
    return [Span(m.start(), m.end()) for m in _DOC_NUMBER.finditer(text)]


# a plenary session of a party committee (市委十二届七次全会, 省委十一届历次全会, 自治区党委十届六次全会): no entity, and the
# committee is not read inside it
_PLENUM = re.compile(r"(?:自治区党|区党|州党|[省市区县州旗地])委(?:第?[一二三四五六七八九十]{1,3}届)(?:[一二三四五六七八九十]{1,3}次|历次)"
                     r"(?:[、和][一二三四五六七八九十]{1,3}次)*(?:全会|全体(?:扩大)?会议)"
                     # a standing committee's meeting, written 常委会 alone too (县委常委会、县政府常务会共4次听取)
                     r"|(?:自治区党|区党|州党|[省市区县州旗])委常委会(?:[(（]扩大[)）])?(?:会议)?"
                     # a government's executive meeting, the same kind of session (县政府常务会, 市人民政府常务会议)
                     r"|(?:自治区|[省市区县州旗])(?:人民)?政府常务(?:会议|会)")


def sessions(text: str, lex: Lexicon) -> list[Span]:
    """Spans of congress sessions with the place (or 省/市/县/区 of 市十五届…) that names them, and
    of party committees' plenary sessions and standing committees' meetings (市委常委会会议).

    Example:
        >>> t = "召开市委十二届七次全会，落实县委十五届六次、七次全会精神"
        >>> [t[s.start:s.end] for s in sessions(t, None)]
        ['市委十二届七次全会', '县委十五届六次、七次全会']
    """
    out = [Span(m.start(), m.end()) for m in _PLENUM.finditer(text)]
    for m in _SESSION.finditer(text):
        start = m.start()
        k = next((k for k in range(8, 1, -1) if text[max(0, start - k):start] in lex.places), 0)
        if not k and start and text[start - 1] in "省市县区州旗":
            k = 1
        out.append(Span(start - k, m.end()))
    return out


def titles(text: str, lex: Lexicon, meta: ReportMeta, silent: list[Span] | None = None) -> list[Candidate]:
    """《Titles》 with their class; a report (《…报告》: the report itself, an annual report) or a book
    studied (《…学习纲要》, 《…选读》, 《论…》) is no entity (GUIDELINES.md) and goes to ``silent``, so
    nothing is read inside it.

    Example:
        >>> from .lexicon import load_lexicon
        >>> m = ReportMeta(title="t", issuer="某区科学技术局", year=2024, source="s", place=("某市", "某区"))
        >>> [c.text for c in titles("学习《某某思想学习纲要》《论某某》和《某区科研项目管理办法》", load_lexicon(), m)]
        ['某区科研项目管理办法']
    """
    out = []
    chain_start, prev_end = -1, -1
    matches = list(re.finditer(r"《([^《》\n]{1,80})》", text))
    for k, m in enumerate(matches):
        title = m.group(1).strip()
        if prev_end < 0 or not re.fullmatch(r"[、和及\s]*", text[prev_end:m.start()]):
            chain_start = m.start()
        prev_end = m.end()
        if not title:
            continue
        if re.search(r"报告(?:[(（][^()（）]*[)）])?$", title) or _BOOK.search(title) \
                or (not _DOC_END.search(title) and (_SENTENCE_TITLE.search(title) or _WORK_AFTER.match(text, m.end())
                                                    or _WORK_BEFORE.search(text[max(0, m.start() - 4):m.start()]))):
            if silent is not None:
                silent.append(Span(m.start(1), m.end(1)))
            continue
        end = m.end()
        for n in matches[k + 1:]:     # where the chain of titles this one opens ends (《甲》《乙》等媒体)
            if not re.fullmatch(r"[、和及\s]*", text[end:n.start()]):
                break
            end = n.end()
        if _BARE_KIND.fullmatch(title) and title not in lex.laws_in_context \
                and not re.search(rf"称[:：]?[“\"《]?{title}", text) \
                and not any(p.group(1).strip().endswith(title) for p in matches[:k]):
            continue          # 落实《指南》要求: a kind of document with no name, none defined or named before
        if _MAGAZINE_AFTER.match(text, m.end()) or _MEDIA_AFTER.match(text, end) or _MEDIA_TITLE.search(title):
            out.append(Candidate(Span(m.start(1), m.end(1)), m.group(1), "DigitalPlatform", title, "title"))
            continue
        cls, canon = classify_title(title, lex, meta)
        issuer = _central_issuer(text, m.start(), m.end(), lex) if title.startswith("关于") else ""
        if issuer:      # 国办公开办《关于…的通知》, 《关于…的通知》(国办公开办函〔2021〕30号): a national notice
            cls, canon = "Regulation", issuer + title
        elif cls in ("LocalPolicy", "InternalRule") and (issued := _ISSUED.search(text[max(0, m.start() - 6):m.start()])) \
                and _central_issuer(text, m.start() - len(issued.group(0)), m.start(), lex):
            cls = "Regulation"      # 中共中央办公厅、国务院办公厅印发《…规定》: a national document
        if cls == "LocalPolicy" and _government_rule(title, lex):
            if not _self_made(text[max(0, chain_start - 4):chain_start], text[end:end + 4], meta):
                cls = "Regulation"
        canon = canon.translate(_INNER_MARKS)     # one name however the inner title is marked (GUIDELINES.md)
        out.append(Candidate(Span(m.start(1), m.end(1)), m.group(1), cls, canon, "title",
                             scope=cls == "InternalRule"))
    return out


# a title inside a title (关于印发〈X〉的通知, 实施＜X＞办法) is written <X> in the entity's name
_INNER_MARKS = str.maketrans("〈〉＜＞", "<><>")

# a document number's issuing body: the characters before its year, less the kind of document
# (国办公开办函〔2021〕30号 -> 国办公开办)
_NUMBER_ISSUER = re.compile(r"\s*[(（]\s*([\u4e00-\u9fff]{2,12}?)(?:函|发|字|电)?\s*[〔\[［]\s*(?:19|20)\d\d")


_ISSUED = re.compile(r"(?:联合)?(?:印发|发布|颁布|出台)(?:的|了)?$")


def _central_issuer(text: str, start: int, end: int, lex: Lexicon) -> str:
    """The central body (central.tsv) that issued the document whose 《title》 spans ``start:end``,
    named right before it (国办公开办《关于…》; 中共中央办公厅、国务院办公厅 before 印发《…》) or by
    the document number right after it; "" for any other."""
    before = text[max(0, start - 24):start]
    for form, (full, _cls) in lex.central.items():
        if len(form) >= 3 and before.endswith(form):
            return full
    m = _NUMBER_ISSUER.match(text, end)
    if m and m.group(1) in lex.central:
        return lex.central[m.group(1)][0]
    return ""


# GUIDELINES.md, "Regulations and local policies": a province's or city's own 办法/规定 is a
# government rule (Regulation) unless it is a department's scheme or the issuer drew it up
_POLICY_WORDS = re.compile(r"资金|基金|券|认定|工作规定|关于|局|厅|委员会|办公室")


def _government_rule(title: str, lex: Lexicon) -> bool:
    """A 办法/规定 titled with a province or a prefecture-level city and nothing narrower."""
    if not re.search(r"(?:办法|规定)$", title) or _POLICY_WORDS.search(title):
        return False
    form = next((title[:k] for k in range(min(8, len(title)), 1, -1) if title[:k] in lex.places), None)
    if form is None or not lex.place_codes.get(lex.places[form][0], "").endswith("00"):
        return False
    rest = title[len(form):]
    if re.match(r"[\u4e00-\u9fff]{0,4}?(?:高新区|经开区|开发区|新区|园区|试验区|自贸区)", rest):
        return False          # a development zone's (成都高新区…办法): narrower than the city
    # the city's own divisions: 三峡 (a district elsewhere) in 甲市三峡库区 is none of them
    return not any(rest[:k] in lex.places and lex.within(lex.places[rest[:k]][0], lex.places[form][0])
                   for k in range(2, 8))


def _self_made(before: str, after: str, meta: ReportMeta) -> bool:
    """The issuing department says it drew the titles up itself (制定《X》, 完成《X》的制修订)."""
    if meta.issuer.endswith("人民政府"):
        return False
    return bool(re.search(r"(?:制定|修订|起草|印发)$", before) or re.match(r"的?(?:制修订|修订|制定)", after))


_QUOTES = re.compile(r"“([^“”\n，。,]{2,40})”|「([^「」\n，。]{2,40})」|\"([^\"\n，。,]{2,40})\"")
_LONG_QUOTE = 20      # a longer quote is a name only when it ends with a head noun (…专题培训班) or a kind follows


def _quote_chains(text: str) -> list[list[re.Match[str]]]:
    """Quotes written one after another (“A”“B”, “A”、“B”) share the words around them."""
    chains: list[list[re.Match[str]]] = []
    for m in _QUOTES.finditer(text):
        if chains and re.fullmatch(r"[、\s]*", text[chains[-1][-1].end():m.start()]):
            chains[-1].append(m)
        else:
            chains.append([m])
    return chains


def quotes(text: str, lex: Lexicon, silent: list[Span] | None = None) -> list[Candidate]:
    """Quoted names; the spans of quotes that are no entity (titles, mottos, doctrine) go to
    ``silent``, so no name is read inside them."""
    out = []
    for chain in _quote_chains(text):
        first, last = chain[0], chain[-1]
        before = text[max(0, first.start() - 8):first.start()]
        after = text[last.end():last.end() + 16].lstrip(" \u3000\xa0\t")[:12]    # “X” 等专栏: the words, not the space
        for m in chain:
            g = next(i for i in (1, 2, 3) if m.group(i) is not None)
            inner = m.group(g)
            formula = formula_class(inner, after, lex, before=before)
            if formula is not None:
                if formula[0] == "DigitalPlatform" and (site := _BODY_SITE.match(text, m.end())) \
                        and re.search(r"(?:局|厅|委员会|委|办公室|政府|院)$", inner):
                    formula = (formula[0], inner + site.group(1))    # “某市财政局”网站: the body's site or account, not the body
                if formula[0] != "-":
                    out.append(Candidate(Span(m.start(g), m.end(g)), inner, formula[0], formula[1], "quote"))
                elif silent is not None:
                    silent.append(Span(m.start(g), m.end(g)))
                continue
            if not re.search(r"[\u4e00-\u9fff]", inner):
                continue
            head = lex.head_of(inner)
            if len(inner) > _LONG_QUOTE and not (head and inner.endswith(head[0])):
                continue          # a quoted sentence, not a name
            # a quote ending in a kind of fund, loan or meeting (“…能力建设专题培训班”) is one of those; a name
            # the lexicon knows (aliases.tsv: a national platform, a university's short name) is what it says
            cls = head[1] if head and head[1] in ("LoanProduct", "Fund", "GuidanceFund", "Event") else "Program"
            canonical, cls = lex.aliases.get(inner, (inner, cls))
            out.append(Candidate(Span(m.start(g), m.end(g)), inner, cls, canonical, "quote"))
    return out


# a website or account after a quoted body name (“某市财政局”网站, “某局”门户网站, “某乡人民政府”微信公众号)
_BODY_SITE = re.compile(r"[”\"」]?(门户网站|网站|微信公众号|公众号|微信视频号|视频号|抖音号|微博)")

# words after a quote that make it something an actor runs (GUIDELINES.md, "Slogans and formulas")
_RUN = re.compile(r"^(?:的)?(?:工作)?(?:制度|机制|模式|工作法|行动|活动|工程|体系|建设|改革|服务|专项|计划|品牌|监管"
                  r"|(?:联合|综合)?(?:监管|检查|抽查|执法))")
# the patterns of formulas.tsv, compiled once each: re's own cache (512 patterns) is too small for
# all the lexicons' words and patterns, so these were compiled again for every quote
_rx = functools.lru_cache(maxsize=None)(re.compile)
# a quote that lists two or more short phrases (A、B、C)
_LISTED = re.compile(r"[^、，,]{1,10}(?:[、，,][^、，,]{1,10})+")


def formula_class(inner: str, after: str, lex: Lexicon, *, before: str = "") -> tuple[str, str] | None:
    """(class, canonical) of a quoted formula by formulas.tsv, ("-", "") for a doctrine formula
    (not an entity), None when no rule applies.

    Example:
        >>> from .lexicon import load_lexicon
        >>> lex = load_lexicon()
        >>> formula_class("两个确立", "", lex), formula_class("五个坚持", "", lex)
        (('-', ''), ('-', ''))
        >>> formula_class("1+N", "政策体系", lex), formula_class("八五", "普法", lex), formula_class("一区一品", "", lex)
        (('Program', '1+N'), ('Program', '八五普法'), None)
        >>> formula_class("甲乙、丙丁、戊己", "总要求", lex), formula_class("甲乙、丙丁", "改革，", lex)
        (('-', ''), None)
    """
    rules = lex.formulas
    if any(k == "program" and v == inner for k, v, _ in rules):
        return None
    for kind, value, cls in rules:
        if kind == "title-before" and _rx(f"(?:{value})$").search(before):
            return "-", ""
        if kind == "kind-after" and _rx(value).match(after):
            return cls, inner
        if (kind == "kind-end" and _rx(value).search(inner)) or (kind == "kind-before" and _rx(f"(?:{value})$").search(before)):
            return cls, inner
        if kind == "not-after" and _rx(value).match(after):
            return "-", ""
        if kind == "stance-before" and _rx(f"(?:{value})$").search(before) and not _RUN.match(after):
            return "-", ""
    for kind, value, cls in rules:
        if kind == "doctrine" and value == inner:
            return "-", ""
        if kind == "coded-context" and after.startswith(value) and re.fullmatch(r"[一二三四五六七八九十0-9０-９]{1,3}", inner):
            return cls, inner + value
        if kind == "coded-shape" and _rx(value).fullmatch(inner):
            return cls, inner
    for kind, value, cls in rules:
        if kind in ("doctrine-shape", "title-shape") and _rx(value).search(inner):
            return "-", ""
        if kind == "common-word" and word_info(inner)[1] in value.split("|") and not re.match(_RUN, after):
            return "-", ""       # (“三审”制度: a word the text has run is a programme)
        if kind == "common-phrase" and len(inner) == 3 and not re.match(_RUN, after) and not word_info(inner)[0]:
            first, rest = value.split(">")
            if word_info(inner[0])[1] in first.split("|") and word_info(inner[1:])[1] in rest.split("|"):
                return "-", ""
    if _LISTED.fullmatch(inner) and not re.match(_RUN, after):
        return "-", ""       # “对党忠诚、服务人民…”总要求: a list of phrases is a motto unless something runs it
    return None


# a bare number-paired formula (三审三校) run as a system: 三审三校制度 (GUIDELINES.md)
_BARE = re.compile(r"(?<![“\"「])([一二两三四五六七八九十][\u4e00-\u9fff][一二两三四五六七八九十][\u4e00-\u9fff])"
                   r"(?=制度|机制|模式|工作法)")


def bare_formulas(text: str) -> list[Candidate]:
    """Unquoted number-paired formulas followed by 制度/机制/模式/工作法: ``Program``."""
    return [Candidate(Span(m.start(1), m.end(1)), m.group(1), "Program", m.group(1), "quote")
            for m in _BARE.finditer(text)]

