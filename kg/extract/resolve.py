"""Entity resolution inside one report: candidates -> mentions, entities, structural relations.

Mentions with the same canonical label are one entity. Short forms were already expanded
by the recognisers (区科技局 -> the issuer's full name, 川大 -> 四川大学); here the issuer
and the report's places become entities from the metadata, a bank is split out of its
branch's name (branch ``branchOf`` bank), an ecosystem circle named after a university
gets ``centeredOn`` it, and a party group, or an office or section named after the issuer,
gets ``subOrganizationOf`` its body.
Entity keys hash the label (and the issuer for report-local names), so the same name in
two reports is one node and a rebuild gives the same IRIs. Which names are report-local is
data: ``data/lexicon/scope.tsv`` (``Lexicon.scope_of``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict

from ..model import Document, Entity, Mention, Relation, Span
from .edges import BODIES
from .governments import UNIT
from .lexicon import Lexicon, full_place_names
from .names import Candidate

__all__ = ["entity_key", "resolve"]

# more specific classes win when mentions of one entity disagree
_SPECIFIC = ["BankBranch", "Bank", "GuidanceFund", "SciencePark", "University", "ResearchInstitute",
             "PartyBody", "LegislativeBody", "ConsultativeBody", "GovernmentBody"]


def entity_key(label: str, scope: str = "") -> str:
    """Stable ASCII key of an entity.

    Example:
        >>> entity_key("某某大学") == entity_key("某某大学") != entity_key("某某大学", "某局")
        True
    """
    return hashlib.sha1(f"{label}\x1f{scope}".encode("utf-8")).hexdigest()[:16]


_RANGE_DASH = re.compile(r"(?<=\d)[-－–—~～]{1,2}(?=\d)")
# an observance day's date code (3·15消费者权益日, 3.12植树节) is no part of its label (its count,
# 第十个国家宪法日, no part of its mention: ``kg.extract.names``)
_DAY_CODE = re.compile(r"^\d{1,2}\s*[·.．・]\s*\d{1,2}(?=[\u4e00-\u9fff])")


def _clean(label: str) -> str:
    """A canonical label: no spaces, and one dash in a range of years (2021—2025年, the form
    of official titles, however the page typed it: 2021-2025, 2021–2025, 2021～2025).

    Example:
        >>> _clean("法治政府建设实施纲要(2021-2025年)"), _clean("某 规划（2021～2025年）")
        ('法治政府建设实施纲要(2021—2025年)', '某规划（2021—2025年）')
    """
    return _RANGE_DASH.sub("—", re.sub(r"\s+", "", label))


def _with_parent_places(label: str, places: tuple[str, ...], issuer: str) -> str:
    """A body named from one of the issuer's own places down (乙区司法局, 中共乙区委员会, in a
    report of 甲市乙区科学技术局) gets the places above it that the issuer's name gives, as a level
    word (区司法局) does: its full name, and the issuer's when it is the issuer.

    Example:
        >>> p, i = ("某省", "甲市", "乙区"), "甲市乙区科学技术局"
        >>> _with_parent_places("乙区司法局", p, i), _with_parent_places("中共乙区委员会", p, i)
        ('甲市乙区司法局', '中共甲市乙区委员会')
        >>> _with_parent_places("甲市乙区司法局", p, i), _with_parent_places("丙区司法局", p, i)
        ('甲市乙区司法局', '丙区司法局')
        >>> _with_parent_places("甲市人民政府", p, i), _with_parent_places("乙区司法局", p, "乙区科学技术局")
        ('甲市人民政府', '乙区司法局')
    """
    own: list[str] = []          # the places the issuer's name begins with, in order
    rest = issuer.removeprefix("中共")
    for place in places:
        if rest.startswith(place):
            own.append(place)
            rest = rest[len(place):]
    party = "中共" if label.startswith("中共") else ""
    name = label[len(party):]
    for i in range(len(own) - 1, 0, -1):
        if name.startswith(own[i]) and len(name) > len(own[i]):
            return party + "".join(own[:i]) + name
    return label


def resolve(doc: Document, cands: list[Candidate], lex: Lexicon) -> tuple[list[Mention], list[Entity], list[Relation]]:
    """Group candidates into entities and add metadata entities and structural relations."""
    meta = doc.meta
    text = doc.text
    groups: dict[str, list[Mention]] = defaultdict(list)
    unresolved: dict[str, bool] = {}
    cls_of: dict[str, list[str]] = defaultdict(list)
    rels: list[Relation] = []
    mentions: list[Mention] = []
    subs: list[tuple[str, Span]] = []
    issuer_full = full_place_names(meta.issuer, lex)
    central_names = {full for full, _ in lex.central.values()}    # the national bodies of vertical systems
    for c in cands:
        label = _clean(c.canonical)
        cls = c.cls
        if cls == "Event":
            label = _DAY_CODE.sub("", label)
        if cls in BODIES:
            # a body's places by their full names (中共丰宁县委员会 -> 中共丰宁满族自治县委员会); the issuer
            # keeps the name its metadata gives, however the text writes its places, and so do the
            # bodies named from it (its party group)
            full = full_place_names(label, lex).replace(issuer_full, meta.issuer)
            label = full if full == meta.issuer else _with_parent_places(full, meta.place, meta.issuer)
            if label != meta.issuer and meta.issuer.endswith(label) and meta.issuer[:-len(label)] in central_names:
                label = meta.issuer     # 某区税务局 in the report of 国家税务总局某市某区税务局: the issuer
        if label == meta.issuer:
            cls = _issuer_class(meta.issuer, lex)
        # an ambiguous short form keeps the context that licensed it (ambiguous.tsv): "alias:prefix=环"
        m = Mention(span=c.span, text=c.text, cls=cls, canonical=label, source=f"{c.source}:{c.note}" if c.note else c.source)
        mentions.append(m)
        groups[label].append(m)
        # names.py marks short forms it could not expand (and 《titles》 of internal rules);
        # whether an entity is scoped to the issuer is then decided by scope.tsv below
        unresolved[label] = unresolved.get(label, False) or (c.scope and c.source != "title")
        cls_of[label].append(cls)
        if c.relation == "sub":
            subs.append((label, c.span))
    _join_zones(groups, cls_of, unresolved, mentions, lex)
    keys: dict[str, str] = {}
    entities: dict[str, Entity] = {}

    # the report's places come first: text mentions of them join these entities
    place_key: dict[str, str] = {}
    place_keys: list[str] = []
    for i, place in enumerate(meta.place):
        # a place is its bare name, kept apart from namesakes elsewhere by its parents
        parents = "".join(meta.place[:i])
        key = entity_key(place, parents)
        ms = groups.pop(place, []) or _find(text, place, "metadata", "Place")
        entities[key] = Entity(key, place, "Place", tuple(sorted(ms, key=lambda x: x.span)), scope=parents,
                               derived=all(m.source == "metadata" for m in ms))
        keys[place] = place_key[place] = key
        if place_keys:
            rels.append(Relation(key, "locatedIn", place_keys[-1], _first_span(entities[key]), asserted=True))
        place_keys.append(key)

    def add(label: str, cls: str, ms: list[Mention], *, scope: bool = False, derived: bool = False) -> str:
        key = place_key.get(label) or entity_key(label, meta.issuer if scope else "")
        if key in entities:
            old = entities[key]
            entities[key] = Entity(key, old.label, old.cls, _one_per_span(old.mentions, ms),
                                   scope=old.scope, derived=old.derived and derived)
        else:
            entities[key] = Entity(key, label, cls, tuple(sorted(ms, key=lambda x: x.span)),
                                   scope=meta.issuer if scope else "", derived=derived)
        keys[label] = key
        return key

    for label, ms in groups.items():
        cls = _pick_class(cls_of[label])
        add(label, cls, ms, scope=lex.scope_of(label, cls, unresolved=unresolved[label]) == "issuer")
    # the issuer, from the metadata; a nested mention gives it a text span
    issuer_cls = _issuer_class(meta.issuer, lex)
    issuer_key = add(meta.issuer, issuer_cls, _find(text, meta.issuer, "metadata", issuer_cls), derived=True)
    if place_keys:
        rels.append(Relation(issuer_key, "jurisdiction", place_keys[-1], _first_span(entities[issuer_key]), asserted=True))
    # an office or section named after the issuer (某区人民政府办公室, 某镇人民政府党政办公室) is one of its units,
    # whichever reading named it (a head noun, a short form)
    named_units = [(label, ms[0].span) for label, ms in groups.items()
                   if label.startswith(meta.issuer) and UNIT.fullmatch(label, len(meta.issuer))
                   and entities[keys[label]].cls == "GovernmentBody"]
    for label, span in dict.fromkeys(subs + named_units):
        rels.append(Relation(keys[label], "subOrganizationOf", issuer_key, span, asserted=True))
    # a bank inside its branch's name
    for label, ms in list(groups.items()):
        ent = entities[keys[label]]
        if ent.cls == "BankBranch":
            m = re.match(r"^(.+?银行)", label)
            if m and m.group(1) != label:
                bank = m.group(1)
                bank = lex.aliases.get(bank, (bank, "Bank"))[0]
                first = ms[0]
                span = Span(first.span.start, first.span.start + len(m.group(1))) if first.text.startswith(m.group(1)) else first.span
                bk = add(bank, "Bank", [Mention(span, text[span.start:span.end], "Bank", bank, "derived")], derived=True)
                rels.append(Relation(ent.key, "branchOf", bk, first.span, asserted=True))
        elif ent.cls == "InnovationEcosystemCircle":
            core = re.sub(r"(创新)?生态圈$", "", label).removeprefix("环")
            uni = lex.aliases.get(core, (core, ""))
            if uni[1] == "University" or (len(core) > 2 and core.endswith(("大学", "学院"))):
                first = ms[0]
                off = first.text.find(core)
                span = Span(first.span.start + off, first.span.start + off + len(core)) if off >= 0 else first.span
                uk = add(uni[0], "University", [Mention(span, text[span.start:span.end], "University", uni[0], "derived")],
                         derived=True)
                rels.append(Relation(ent.key, "centeredOn", uk, first.span, asserted=True))
    return mentions, sorted(entities.values(), key=lambda e: e.key), rels


_ZONES = ("Park", "SciencePark")


def _join_zones(groups: dict[str, list[Mention]], cls_of: dict[str, list[str]], unresolved: dict[str, bool],
                mentions: list[Mention], lex: Lexicon) -> None:
    """A zone named without the place that opens its name elsewhere in the report (某某高新区, and
    甲市某某高新区 or 甲某某高新区 a line above) is that zone, and its bodies (某某高新区管委会) are the
    zone's: their mentions take the longer names, in place.

    Example:
        >>> from .lexicon import load_lexicon
        >>> ms = [Mention(Span(0, 5), "乙丙高新区", "Park", "乙丙高新技术产业开发区", "head"),
        ...       Mention(Span(9, 16), "北京乙丙高新区", "Park", "北京乙丙高新技术产业开发区", "head")]
        >>> g = {m.canonical: [m] for m in ms}
        >>> _join_zones(g, {k: ["Park"] for k in g}, {k: False for k in g}, ms, load_lexicon())
        >>> list(g), [m.canonical for m in ms]
        (['北京乙丙高新技术产业开发区'], ['北京乙丙高新技术产业开发区', '北京乙丙高新技术产业开发区'])
    """
    for zone in [k for k in groups if _pick_class(cls_of[k]) in _ZONES]:
        short = next((zone[i:] for i in range(2, len(zone) - 3) if zone[:i] in lex.places), "")
        if not short or any(k != zone and k.endswith(short) and _pick_class(cls_of[k]) in _ZONES for k in groups
                            if k not in (zone, short)):
            continue      # no place opens the zone's name, or another place's zone of that name is named too
        place = zone[:-len(short)]
        for k in [k for k in groups if k == short or (k.startswith(short) and _pick_class(cls_of[k]) in BODIES)]:
            to = place + k     # the zone, and its bodies (某某高新区管委会) with it
            moved = {id(m): dataclasses.replace(m, canonical=to) for m in groups.pop(k)}
            groups.setdefault(to, []).extend(moved.values())
            cls_of.setdefault(to, []).extend(cls_of.pop(k))
            unresolved[to] = unresolved.get(to, False) or unresolved.pop(k)
            mentions[:] = [moved.get(id(m), m) for m in mentions]


def _one_per_span(*groups) -> tuple[Mention, ...]:
    """The mentions of ``groups``, one per span: a span the text's own reading gave wins over the
    same span found again from the metadata (the issuer's full name).

    Example:
        >>> a, b = Mention(Span(0, 3), "甲乙局", "GovernmentBody", "甲乙局", "lexicon"), Mention(Span(0, 3), "甲乙局", "GovernmentBody", "甲乙局", "metadata")
        >>> [m.source for m in _one_per_span([b], [a])]
        ['lexicon']
    """
    by_span: dict[Span, Mention] = {}
    for ms in groups:
        for m in ms:
            if m.span not in by_span or by_span[m.span].source == "metadata":
                by_span[m.span] = m
    return tuple(sorted(by_span.values(), key=lambda x: x.span))


def _issuer_class(issuer: str, lex: Lexicon) -> str:
    head = lex.head_of(issuer)
    if head and head[1] in ("GovernmentBody", "PartyBody", "LegislativeBody", "ConsultativeBody"):
        return "PartyBody" if issuer.startswith("中共") else head[1]
    return "GovernmentBody"


def _pick_class(classes: list[str]) -> str:
    for c in _SPECIFIC:
        if c in classes:
            return c
    return max(set(classes), key=lambda c: (classes.count(c), c))


def _find(text: str, name: str, source: str, cls: str) -> list[Mention]:
    i = text.find(name)
    if i < 0:
        return []
    return [Mention(Span(i, i + len(name)), name, cls, name, source)]


def _first_span(e: Entity) -> Span:
    return e.mentions[0].span if e.mentions else Span(0, 0)
