"""Measure extraction: sentences + mentions + figures -> ``Measure`` n-ary facts, the figures
with their indicators (``kg.extract.indicators``) and subjects, and the direct relations the
measures imply.

A clause with a trigger verb (data/lexicon/actions.tsv) starts a measure: names after
the verb are its objects (the verb's role: builds, implements, hosts...), names after
与/联合/会同 are partners, a name that opens the clause before its verb is the actor
(carried to later clauses of the sentence), otherwise the issuing body acts. Clauses
without a verb add their figures and names to the measure before them. A law or policy
implemented (落实《…》) governs the rest of its sentence (``policies``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Document, Entity, Measure, Mention, Quantity, Relation, Sentence, Span
from .indicators import indicator_of, pair_changes
from .lexicon import Lexicon
from .spans import SpanIndex
from .text import clauses, is_heading

__all__ = ["find_measures", "stated_relations", "relation_key", "ROLE_EDGE", "PARTNER_EDGE"]

# measure role -> direct edge between actor and object (the ontology derives the same edge
# with property chains; the extractor emits it too so ``kg eval`` can score relations)
ROLE_EDGE = {"builds": "built", "upgrades": "upgraded", "incubates": "incubated", "implements": "implemented",
             "hosts": "organized", "signs": "signed", "promotes": "promoted", "funds": "funded",
             "receives": "received", "selects": "selected"}
# the edge between a measure's actor and each partner (symmetric; the ontology derives it too)
PARTNER_EDGE = "cooperatesWith"
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
# a second verb coordinated with the first before their object (制定并下发了《…》, 修订和印发《…》)
# the nouns that make a verb after them part of a topic's name (法治政府建设, 网站建设, 队伍建设)
_NOMINAL = re.compile(r"(?:法治|政府|网站|体系|机制|制度|队伍|文化|能力|平台|党建)$")
_COVERB = re.compile(r"^(?:并|和|及|、)[\u4e00-\u9fff]{2}了?[《“\"]?$")

def _verbs_by_first(lex: Lexicon) -> dict[str, tuple[tuple[int, str], ...]]:
    """First character -> (rank longest first, verb) of the action verbs it begins."""
    by: dict[str, list[tuple[int, str]]] = {}
    for rank, v in enumerate(sorted(lex.actions, key=len, reverse=True)):
        if v:
            by.setdefault(v[0], []).append((rank, v))
    return {c: tuple(vs) for c, vs in by.items()}


def _verbs(text: str, span: Span, lex: Lexicon, taken: list[Span]) -> list[tuple[int, str, str]]:
    """The action verbs of the clause ``span``, longest first, each occurrence that overlaps
    neither ``taken`` nor a longer verb found before."""
    found: list[tuple[int, str, str]] = []
    seg = text[span.start:span.end]
    by_first = lex.derived("verbs by first character", _verbs_by_first)
    # only the verbs that begin with a character of the clause, in the lexicon's longest-first order
    verbs = [v for _, v in sorted(x for c in set(seg) for x in by_first.get(c, ()))]
    for v in verbs:
        i = seg.find(v)
        while i >= 0:
            s = Span(span.start + i, span.start + i + len(v))
            if text[s.start - 1:s.start] == "、" == text[s.end:s.end + 1]:
                pass      # 决策、执行、管理: a verb between list commas is one noun of a list
            elif text[max(0, s.start - 2):s.start] == "关于":
                pass      # 某办公室关于印发《X》的通知: a verb after 关于 belongs to a document's title
            elif _NOMINAL.search(text, max(0, s.start - 2), s.start) and text[s.end:s.end + 1] in "“\"《" \
                    and not any(t.end == s.start for t in taken):
                pass      # 落实法治建设“某某方案”: the topic's name (法治建设) before a quote, not a verb; but a
                #           body's name there (县政府印发《X》) is the actor
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
                # (a place between the verb and its object only modifies it: 落实自治区某某“X”机制)
                between = [s for s in in_cl if pos < s.start < nxt and cls_of[key_of[s]] != "Place"]
                after = _chained(text, pos + len(verb), between, heads=None if role == "partner" else lex.object_heads)
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
        pair_changes(qout, in_sentence)
    return measures, qout, _dedupe(rels + stated_relations(measures))


def stated_relations(measures: list[Measure]) -> list[Relation]:
    """The direct edges the measures state, as the ontology's property chains derive them: actor
    with partner (``PARTNER_EDGE``), actor or partner to each object of a role in ``ROLE_EDGE``."""
    rels: list[Relation] = []
    for m in measures:
        for a in m.actors:
            for p in m.partners:
                if p != a:
                    rels.append(Relation(a, PARTNER_EDGE, p, m.span))
            for role, o in m.objects:
                if role in ROLE_EDGE and o != a:
                    rels.append(Relation(a, ROLE_EDGE[role], o, m.span))
        for p in m.partners:
            for role, o in m.objects:
                if role in ROLE_EDGE and o != p:
                    rels.append(Relation(p, ROLE_EDGE[role], o, m.span))
    return rels


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
                (out and heads is not None and _next_object(gap, heads)) or \
                (out and _NEXT_TITLE.match(text[pos:s.start])) or \
                (not out and _COVERB.match(gap)) or \
                (not out and len(gap) <= 1) or (not out and heads is not None and _MODIFIER.match(text, pos, s.start)
                                                and _closes_object(_PHRASE_REST.match(text, s.end).group(0), heads)):
            out.append(s)
            pos = s.end
        else:
            break
    return out


# between two 《titles》 of one verb: a document number or short name in brackets, 规定/要求 and 和/、
# (根据《A》(国务院令第711号)、《B》…; 根据《A》规定和《B》要求; 《A》(以下简称《A'》)和《B》)
_NEXT_TITLE = re.compile(r"^》[)）]?(?:[(（][^()（）《》\n]{1,40}[)）])?(?:的)?(?:有关|相关)?(?:规定|要求)?"
                         r"(?:和|及|以及|与|、|，|,)?《$|^》[(（](?:以下)?简称《$")
# between two objects of one verb, each with its head noun: 省委“某某”具体部署和市委“某某”思路举措
_NEXT_OBJECT = re.compile(r"^[”\"]([\u4e00-\u9fff]{1,6})(?:和|及|以及|、)[\u4e00-\u9fff]{0,4}[“\"]?$")


def _next_object(gap: str, heads: frozenset[str]) -> bool:
    """Whether ``gap`` closes one object with a head noun and opens another, quoted, after 和/及/、."""
    m = _NEXT_OBJECT.match(gap)
    return bool(m) and _closes_object(m.group(1), heads)


def _closes_object(rest: str, heads: frozenset[str]) -> bool:
    """Whether the words after a name (up to the next punctuation) leave it the object: none, one of
    ``heads`` (“三审三校”制度), or another object joined by 及/和/与/以及."""
    rest = rest.strip("“”\"")
    return rest in heads or rest == "" or rest.startswith(("及", "和", "与", "以及")) or (
        len(rest) <= 6 and any(rest.endswith(h) for h in heads if len(h) >= 2))


def _adjacent(text: str, q: Quantity, in_cl: list[Span], key_of: dict, cls_of: dict) -> str | None:
    """The entity a figure is about: a fund, product or project named right next to it."""
    for s in in_cl:
        k = key_of[s]
        if cls_of[k] not in {"Fund", "GuidanceFund", "LoanProduct", "Project", "ResearchOutput"}:
            continue
        if 0 <= q.span.start - s.end <= 1 or 0 <= s.start - q.span.end <= 1:
            return k
    return None


def relation_key(r: Relation) -> tuple[str, str, str]:
    """What makes two relations one: subject, predicate, object (either way round for the
    symmetric ``PARTNER_EDGE``)."""
    if r.predicate == PARTNER_EDGE:
        return (min(r.subject, r.object), r.predicate, max(r.subject, r.object))
    return (r.subject, r.predicate, r.object)


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen, out = set(), []
    for r in rels:
        k = relation_key(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
