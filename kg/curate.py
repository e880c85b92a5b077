"""Curate stage: ``Extraction`` + reviewed curation file -> corrected ``Extraction``.

A curation file ``data/curation/<report-stem>.toml`` fixes what the extractor got wrong
for one report, visibly and reviewably, so the built graph is right while ``kg eval``
still measures the extractor's raw output. Entities are named by their label as the
extractor gives it (``kg extract --format jsonl`` shows them). Operations, applied in
this order: ``rename``, ``retype``, ``merge``, ``remove``, ``add_entity``,
``add_relation``, ``remove_relation``, ``figure`` (set indicators), ``add_figure``,
``remove_figure``. Every touched entity records why in ``kg:curation``.
A malformed file or an unknown entity raises ``CurationError`` naming the file.
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import CurationError
from .extract.measures import PARTNER_EDGE, ROLE_EDGE, relation_key, stated_relations
from .model import Entity, Extraction, Measure, Mention, Quantity, Relation, Span

__all__ = ["apply_curation", "curation_path", "OPERATIONS"]

OPERATIONS = ("rename", "retype", "merge", "remove", "add_entity", "add_relation", "remove_relation",
              "figure", "add_figure", "remove_figure")
UNITS = ("CNY", "count", "percent", "percentage_point", "year")


def curation_path(curation_dir: Path, report: Path) -> Path:
    return Path(curation_dir) / f"{Path(report).stem}.toml"


def apply_curation(ex: Extraction, path: Path, *, classes: set[str], predicates: set[str],
                   key_of: "callable") -> Extraction:
    """Apply the curation file at ``path`` to ``ex``.

    ``classes`` and ``predicates`` are the valid class and relation names; ``key_of(label,
    scoped)`` computes an entity key the way the extractor does.
    """
    path = Path(path)
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise CurationError(f"{path}: not valid TOML: {e}") from e
    except OSError as e:             # a directory, no permission
        raise CurationError(f"{path}: cannot read: {e.strerror or e}") from e
    unknown = set(spec) - set(OPERATIONS) - {"report", "reviewed_by", "note"}
    if unknown:
        raise CurationError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; valid: {', '.join(OPERATIONS)}")
    c = _Curator(ex, path, classes, predicates, key_of)
    for op in OPERATIONS:
        items = spec.get(op, [])
        if not isinstance(items, list):
            raise CurationError(f"{path}: '{op}' must be an array of tables ([[{op}]])")
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise CurationError(f"{path}: [[{op}]] #{n} must be a table")
            getattr(c, op)(item, f"[[{op}]] #{n}")
    return c.result()


class _Curator:
    def __init__(self, ex: Extraction, path: Path, classes: set[str], predicates: set[str], key_of) -> None:
        self.ex, self.path, self.classes, self.predicates, self.key_of = ex, path, classes, predicates, key_of
        self.entities = {e.key: e for e in ex.entities}
        self.quantities = list(ex.quantities)
        self.measures = list(ex.measures)
        self.relations = list(ex.relations)
        self.mentions = list(ex.mentions)
        self.text = ex.document.text

    # helpers -----------------------------------------------------------------
    def _need(self, item: dict, key: str, where: str, typ: type = str):
        if key not in item:
            raise CurationError(f"{self.path}: {where}: missing '{key}'")
        v = item[key]
        if not isinstance(v, typ):
            raise CurationError(f"{self.path}: {where}: '{key}' must be a {typ.__name__}")
        return v

    def _find(self, label: str, where: str) -> Entity:
        for e in self.entities.values():
            if e.label == label:
                return e
        close = difflib.get_close_matches(label, [e.label for e in self.entities.values()], n=3, cutoff=0.3)
        hint = f"; did you mean: {', '.join(close)}" if close else ""
        raise CurationError(f"{self.path}: {where}: unknown entity '{label}'{hint}")

    def _cls(self, cls: str, where: str) -> str:
        if cls not in self.classes:
            raise CurationError(f"{self.path}: {where}: unknown class '{cls}'; valid: {', '.join(sorted(self.classes))}")
        return cls

    def _span(self, surface: str, occurrence: int, where: str) -> Span:
        pos = -1
        for _ in range(max(1, occurrence)):
            pos = self.text.find(surface, pos + 1)
            if pos < 0:
                raise CurationError(f"{self.path}: {where}: text '{surface}' (occurrence {occurrence}) not in the report")
        return Span(pos, pos + len(surface))

    def _rekey(self, old: str, new: str) -> None:
        def k(x: str) -> str:
            return new if x == old else x
        self.measures = [replace(m, actors=tuple(dict.fromkeys(k(a) for a in m.actors)),
                                 partners=tuple(dict.fromkeys(k(p) for p in m.partners)),
                                 objects=tuple(dict.fromkeys((r, k(o)) for r, o in m.objects)),
                                 policies=tuple(dict.fromkeys(k(p) for p in m.policies))) for m in self.measures]
        self.relations = [replace(r, subject=k(r.subject), object=k(r.object)) for r in self.relations
                          if not (k(r.subject) == k(r.object))]
        self.quantities = [replace(q, subject=k(q.subject) if q.subject else None) for q in self.quantities]

    def _note(self, e: Entity, note: str) -> Entity:
        return replace(e, note=(e.note + "; " if e.note else "") + note)

    # operations --------------------------------------------------------------
    def rename(self, item: dict, where: str) -> None:
        e = self._find(self._need(item, "entity", where), where)
        label = self._need(item, "label", where)
        new_key = self.key_of(label, bool(e.scope))
        del self.entities[e.key]
        aliases = tuple(sorted(set(e.aliases) | {e.label}))
        ne = self._note(replace(e, key=new_key, label=label, aliases=aliases),
                        f"renamed from {e.label}: {item.get('reason', 'curated')}")
        if new_key in self.entities:
            old = self.entities[new_key]
            ne = replace(old, mentions=tuple(sorted({*old.mentions, *e.mentions}, key=lambda m: m.span)),
                         aliases=tuple(sorted(set(old.aliases) | set(aliases))), note=ne.note)
        self.entities[new_key] = ne
        self._rekey(e.key, new_key)

    def retype(self, item: dict, where: str) -> None:
        e = self._find(self._need(item, "entity", where), where)
        cls = self._cls(self._need(item, "class", where), where)
        self.entities[e.key] = self._note(replace(e, cls=cls), f"class {e.cls} -> {cls}: {item.get('reason', 'curated')}")

    def merge(self, item: dict, where: str) -> None:
        into = self._find(self._need(item, "into", where), where)
        names = self._need(item, "entities", where, list)
        for label in names:
            e = self._find(label, where)
            if e.key == into.key:
                continue
            into = self.entities[into.key]
            self.entities[into.key] = self._note(replace(
                into, mentions=tuple(sorted({*into.mentions, *e.mentions}, key=lambda m: m.span)),
                aliases=tuple(sorted(set(into.aliases) | set(e.aliases) | {e.label}))), f"merged {e.label}")
            del self.entities[e.key]
            self._rekey(e.key, into.key)

    def remove(self, item: dict, where: str) -> None:
        e = self._find(self._need(item, "entity", where), where)
        del self.entities[e.key]
        self.measures = [replace(m, actors=tuple(a for a in m.actors if a != e.key) or m.actors,
                                 partners=tuple(p for p in m.partners if p != e.key),
                                 objects=tuple((r, o) for r, o in m.objects if o != e.key),
                                 policies=tuple(p for p in m.policies if p != e.key)) for m in self.measures]
        self.relations = [r for r in self.relations if e.key not in (r.subject, r.object)]
        self.quantities = [replace(q, subject=None) if q.subject == e.key else q for q in self.quantities]

    def add_entity(self, item: dict, where: str) -> None:
        label = self._need(item, "label", where)
        cls = self._cls(self._need(item, "class", where), where)
        surface = item.get("text", label)
        span = self._span(surface, int(item.get("occurrence", 1)), where)
        key = self.key_of(label, bool(item.get("scoped", False)))
        m = Mention(span, surface, cls, label, "curation")
        self.mentions.append(m)
        if key in self.entities:
            old = self.entities[key]
            self.entities[key] = replace(old, mentions=tuple(sorted({*old.mentions, m}, key=lambda x: x.span)))
        else:
            self.entities[key] = Entity(key, label, cls, (m,), note=f"added: {item.get('reason', 'curated')}")

    def add_relation(self, item: dict, where: str) -> None:
        s = self._find(self._need(item, "subject", where), where)
        o = self._find(self._need(item, "object", where), where)
        p = self._need(item, "predicate", where)
        if p not in self.predicates:
            raise CurationError(f"{self.path}: {where}: unknown predicate '{p}'; valid: {', '.join(sorted(self.predicates))}")
        span = self._span(self._need(item, "text", where), int(item.get("occurrence", 1)), where)
        self.relations.append(Relation(s.key, p, o.key, span, asserted=True))

    def remove_relation(self, item: dict, where: str) -> None:
        s = self._find(self._need(item, "subject", where), where)
        o = self._find(self._need(item, "object", where), where)
        p = self._need(item, "predicate", where)
        ends = {(s.key, o.key), (o.key, s.key)} if p == PARTNER_EDGE else {(s.key, o.key)}   # symmetric
        before = len(self.relations)
        self.relations = [r for r in self.relations if not (r.predicate == p and (r.subject, r.object) in ends)]
        if len(self.relations) == before:
            raise CurationError(f"{self.path}: {where}: no relation {s.label} {p} {o.label} to remove")
        # the ontology derives these edges from the measures: take away what would derive this one
        # again (the object's role, or the partner), and with it what else only that stated
        stated = {relation_key(r) for r in stated_relations(self.measures)}
        self.measures = [_without(m, p, ends) for m in self.measures]
        gone = stated - {relation_key(r) for r in stated_relations(self.measures)}
        self.relations = [r for r in self.relations if r.asserted or relation_key(r) not in gone]

    def _quantity(self, surface: str, occurrence: int, where: str) -> int:
        hits = [i for i, q in enumerate(self.quantities) if q.text == surface]
        if len(hits) < occurrence or occurrence < 1:
            raise CurationError(f"{self.path}: {where}: no figure '{surface}' (occurrence {occurrence}); "
                                f"figures: {', '.join(q.text for q in self.quantities[:40])}")
        return hits[occurrence - 1]

    def figure(self, item: dict, where: str) -> None:
        i = self._quantity(self._need(item, "text", where), int(item.get("occurrence", 1)), where)
        q = self.quantities[i]
        inds = item.get("indicators", q.indicators)
        if not isinstance(inds, list) or not all(isinstance(x, str) and x for x in inds):
            raise CurationError(f"{self.path}: {where}: 'indicators' must be a list of non-empty strings")
        subj = q.subject
        if "subject" in item:
            subj = self._find(item["subject"], where).key
        self.quantities[i] = replace(q, indicators=tuple(inds), subject=subj)

    def add_figure(self, item: dict, where: str) -> None:
        surface = self._need(item, "text", where)
        span = self._span(surface, int(item.get("occurrence", 1)), where)
        unit = self._need(item, "unit", where)
        if unit not in UNITS:
            raise CurationError(f"{self.path}: {where}: unknown unit '{unit}'; valid: {', '.join(UNITS)}")
        try:
            value = Decimal(str(self._need(item, "value", where, (str, int, float))))
        except InvalidOperation as e:
            raise CurationError(f"{self.path}: {where}: 'value' is not a number") from e
        ind = tuple(item.get("indicators", []))
        self.quantities.append(Quantity(span, surface, value, unit, counter=item.get("counter", ""),
                                        qualifier=item.get("qualifier", "exact"), indicators=ind))

    def remove_figure(self, item: dict, where: str) -> None:
        i = self._quantity(self._need(item, "text", where), int(item.get("occurrence", 1)), where)
        del self.quantities[i]
        self.measures = [replace(m, results=tuple(r if r < i else r - 1 for r in m.results if r != i))
                         for m in self.measures]

    def result(self) -> Extraction:
        keys = set(self.entities)
        measures = [replace(m, actors=tuple(a for a in m.actors if a in keys) or m.actors) for m in self.measures]
        return replace(self.ex, entities=tuple(sorted(self.entities.values(), key=lambda e: e.key)),
                       mentions=tuple(sorted(self.mentions, key=lambda m: m.span)),
                       quantities=tuple(self.quantities), measures=tuple(measures),
                       relations=tuple(r for r in self.relations if r.subject in keys and r.object in keys),
                       curated=self.ex.curated + (str(self.path),))


def _without(m: Measure, p: str, ends: set[tuple[str, str]]) -> Measure:
    """``m`` no longer stating the edge ``p`` between any (subject, object) of ``ends``."""
    if p == PARTNER_EDGE:
        partners = tuple(x for x in m.partners if not any((a, x) in ends for a in m.actors))
        return replace(m, partners=partners) if partners != m.partners else m
    roles = {role for role, edge in ROLE_EDGE.items() if edge == p}
    objects = tuple((r, x) for r, x in m.objects
                    if not (r in roles and any((a, x) in ends for a in m.actors + m.partners)))
    return replace(m, objects=objects) if objects != m.objects else m
