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

import re
from dataclasses import replace

from ..model import Document, Entity, Measure, Mention, Quantity, Relation, Sentence, Span
from .lexicon import Lexicon
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
_CONNECT = re.compile(r"^[、和及与等“”《》\"\s了0-9０-９.．万亿元个家项所余多]*$")
_TRAIL = re.compile(r"(均为|均达|分别为|为|达到|达|共计|合计|累计|共|超过|超|约|近|逾|突破|同比)$")
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]是|其中|全年|20\d\d年|认真|积极|主动|严格|全面|深入|持续|不断|切实|加快|着力|充分|共|[，,、\s“”\"]+)+")


def indicator_of(text: str, clause: Span, q: Quantity, prev_end: int, lex: Lexicon) -> tuple[str, ...]:
    """What a figure measures, read from the words around it in its clause.

    Example:
        >>> from .lexicon import load_lexicon
        >>> from .figures import find_quantities
        >>> t = "新入库科技型企业427家"
        >>> q = find_quantities(t, load_lexicon())[0]
        >>> indicator_of(t, Span(0, len(t)), q, 0, load_lexicon())
        ('新入库科技型企业',)
    """
    pre = text[max(clause.start, prev_end):q.span.start]
    pre = re.sub(r"“[^”]*”|\"[^\"]*\"", "", pre) if "等" not in pre else pre
    pre = _LEAD.sub("", pre).strip("“”\"' ")
    while _TRAIL.search(pre):
        pre = _TRAIL.sub("", pre)
    verb = _leading_verb(pre, lex, actions_only=True)
    if "等" in pre:
        pre = pre.split("等")[-1].replace("“", "").replace("”", "").replace('"', "")
        core = pre
    else:
        core = pre[len(verb):] if verb else pre
        core = re.sub(r"^[向对为在与]", "", core)
        last = _last_verb(core, lex)
        if last:
            core = core[last:]
    for w in lex.boundaries:
        if len(w) >= 2 and core.startswith(w) and len(core) - len(w) >= 2:
            core = core[len(w):]          # "实现技术合同成交额" -> "技术合同成交额"
            break
    if core in lex.boundaries or core in lex.actions:
        core = ""
    if len(core) >= 2 and len(core) <= 30:
        if len(core) <= 3 and verb:
            return (verb + core,)
        if "、" in core and core.endswith("率"):
            return tuple(p for p in core.split("、") if p)
        return (core,)
    post = text[q.span.end:clause.end]
    noun = re.match(r"[^，。；、,;：:\s]{0,14}", post).group(0)
    for i in range(1, len(noun)):
        if any(noun[i:].startswith(w) for w in lex.boundaries if len(w) >= 2) or noun[i] in "在向对于":
            noun = noun[:i]
            break
    verb = verb or _leading_verb(text[clause.start:q.span.start].lstrip("，,、 一二三四五六七八九十是“”"), lex)
    if not noun:
        return (verb or core or q.counter,)
    return ((verb or "") + noun,)


def _leading_verb(s: str, lex: Lexicon, *, actions_only: bool = False) -> str:
    best = ""
    for v, role in lex.actions.items():
        if role not in ("partner", "accept") and s.startswith(v) and len(v) > len(best):
            best = v
    if not best and not actions_only:
        best = next((w for w in lex.boundaries if len(w) >= 2 and s.startswith(w)), "")
    return best


def _last_verb(s: str, lex: Lexicon) -> int:
    """Offset of the last trigger verb inside ``s`` (not at its start), or 0."""
    best = 0
    for v, role in lex.actions.items():
        if role in ("partner", "accept") or len(v) < 2:
            continue
        i = s.rfind(v)
        if i > 0 and len(s) - i - len(v) >= 2:
            best = max(best, i)
    return best


def _verbs(text: str, span: Span, lex: Lexicon, taken: list[Span]) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    seg = text[span.start:span.end]
    for v in sorted(lex.actions, key=len, reverse=True):
        for m in re.finditer(re.escape(v), seg):
            s = Span(span.start + m.start(), span.start + m.end())
            if any(s.overlaps(t) for t in taken) or any(s.overlaps(Span(p, p + len(w))) for p, w, _ in found):
                continue
            found.append((s.start, v, lex.actions[v]))
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
                after = _chained(text, pos + len(verb), [s for s in in_cl if pos < s.start < nxt])
                if role == "partner":
                    partners += [key_of[s] for s in after if cls_of[key_of[s]] in _AGENTS]
                    continue
                if role == "accept":
                    for s in after:
                        if cls_of[key_of[s]] in _AGENTS:
                            for a in actor:
                                rels.append(Relation(a, "acceptedBy", key_of[s], cl, asserted=True))
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
                qout[i] = replace(qout[i], indicators=indicator_of(text, cl, q, prev_end, lex), subject=subj)
                prev_end = q.span.end
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


def _chained(text: str, start: int, spans: list[Span]) -> list[Span]:
    """Names right after a verb: the first within a few characters, the rest joined by 、 和 等."""
    out: list[Span] = []
    pos = start
    for s in sorted(spans):
        gap = re.sub(r"[0-9０-９.．]+[万亿]?[元个家项所余多]*", "", text[pos:s.start])
        if (not out and len(gap) <= 2 and _CONNECT.match(gap)) or (out and _CONNECT.match(gap)) or \
                (not out and len(gap) <= 1):
            out.append(s)
            pos = s.end
        else:
            break
    return out


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
