"""Lexicons: the extractor's knowledge, read from the TSV files in ``data/lexicon/``.

Takes a directory; gives a frozen ``Lexicon``. Each file documents itself in its ``#``
header. Nothing here names an entity: names live in the data files only.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..departments import department_forms, zone_forms
from ..errors import ConfigError
from ..resources import LEXICON_DIR

__all__ = ["Lexicon", "load_lexicon", "full_place_names", "DEFAULT_LEXICON_DIR"]

DEFAULT_LEXICON_DIR = LEXICON_DIR   # shipped with kg (kg.resources)
DEFAULT_SCOPE_CLASSES = {"InternalRule": "issuer"}   # what the extractor did before scope.tsv
SCOPES = ("issuer", "global")


@dataclass(frozen=True)
class Lexicon:
    heads: tuple[tuple[str, str, str], ...]          # (head, class, mode), longest first
    boundaries: tuple[str, ...]                       # longest first
    actions: dict[str, str]                           # verb -> role
    aliases: dict[str, tuple[str, str]]               # alias -> (canonical, class)
    laws: dict[str, tuple[str, str]]                  # short -> (full, class)
    bodies: tuple[tuple[str, str, str, str, str], ...]  # (short, class, template, relation, issuer suffix)
    departments: dict[str, tuple[str, str]]           # abbreviation -> (full, class)
    units: tuple[tuple[str, str, Decimal], ...]       # (written, base, multiplier), longest first
    generic: frozenset[str]
    digest: str = ""                                  # content hash, for caches and PROV
    # cross-report resolution (scope.tsv): "issuer" = one node per issuing body, "global" = one node
    scope_classes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SCOPE_CLASSES))
    scope_labels: dict[str, str] = field(default_factory=dict)
    scope_unresolved: str = "issuer"
    # gazetteers (places.tsv, new_areas.tsv, central.tsv): written form -> (canonical, class/kind)
    places: dict[str, tuple[str, str]] = field(default_factory=dict)     # form -> (full name, "full"|"short")
    central: dict[str, tuple[str, str]] = field(default_factory=dict)    # form -> (full name, class)
    universities: frozenset[str] = frozenset()                          # universities.tsv: national list
    # ambiguous.tsv: alias -> ((context kind, value), ...) that license it
    ambiguous: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # formulas.tsv: (kind, value, class) with kind "doctrine" | "doctrine-shape" | "coded" | "coded-shape"
    formulas: tuple[tuple[str, str, str], ...] = ()
    name_ends: frozenset[str] = frozenset()                              # name_ends.tsv
    words: frozenset[str] = frozenset()                                  # words.tsv: segmenter words
    object_heads: frozenset[str] = frozenset()                           # object_heads.tsv
    # laws.tsv rows with a fourth column: short title -> (full, class, words the report's text must hold)
    laws_in_context: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    place_codes: dict[str, str] = field(default_factory=dict)            # full place name -> division code
    zones: tuple[tuple[str, str, str], ...] = ()                         # zones.tsv: (short, full, zone|body)
    # boundaries.tsv rows marked "inside": words that end in a boundary word and end no name (政务服务)
    inside_words: frozenset[str] = frozenset()

    def place_chain(self, name: str) -> tuple[str, ...]:
        """The places an issuer's name begins with, with their parents from the division codes.

        Example:
            >>> load_lexicon().place_chain("宁波市镇海区某某局")
            ('浙江省', '宁波市', '镇海区')
            >>> load_lexicon().place_chain("宁波市海淀某某局")      # 海淀 is short for another city's district
            ('浙江省', '宁波市')
        """
        chain: list[str] = []
        i = 0
        while i < len(name):
            form = next((name[i:i + k] for k in range(min(12, len(name) - i), 1, -1) if name[i:i + k] in self.places), None)
            elsewhere = form is not None and chain and self.places[form][1] == "short" \
                and not self.within(self.places[form][0], chain[-1])
            if form is None or elsewhere:
                break     # 武汉东湖新技术开发区: 东湖 (short for a district of another city) is the zone's name
            chain.append(self.places[form][0])
            i += len(form)
        if not chain:
            return ()
        code = self.place_codes.get(chain[-1], "")
        by_code = _codes_to_names(self.digest, self.place_codes)
        parents = [by_code.get(code[:2] + "0000"), by_code.get(code[:4] + "00")] if len(code) == 6 else []
        full = [p for p in parents if p and p not in chain and p != chain[-1]]
        return tuple(dict.fromkeys(full + chain))

    def within(self, place: str, parent: str) -> bool:
        """``place`` lies inside ``parent`` (a province or a city) by their division codes.

        Example:
            >>> lex = load_lexicon()
            >>> lex.within("镇海区", "宁波市"), lex.within("宁波市", "浙江省"), lex.within("镇海区", "杭州市")
            (True, True, False)
        """
        code, up = self.place_codes.get(place, ""), self.place_codes.get(parent, "")
        prefix = up[:2] if up[2:] == "0000" else up[:4] if up[4:] == "00" else ""
        return bool(code and prefix and code != up and code.startswith(prefix))

    def scope_of(self, label: str, cls: str, *, unresolved: bool = False) -> str:
        """``"issuer"`` or ``"global"``: the label rule, then the class rule, then the rule for
        unexpanded short forms (``unresolved``); anything else is global.

        Example:
            >>> lex = load_lexicon()
            >>> lex.scope_of("某局议事规则", "InternalRule"), lex.scope_of("某某大学", "University")
            ('issuer', 'global')
            >>> lex.scope_of("区委", "PartyBody", unresolved=True)
            'issuer'
        """
        if label in self.scope_labels:
            return self.scope_labels[label]
        if cls in self.scope_classes:
            return self.scope_classes[cls]
        return self.scope_unresolved if unresolved else "global"

    def head_of(self, name: str) -> tuple[str, str, str] | None:
        """The longest head that ends ``name`` (the first in ``heads`` that does), or None.

        Example:
            >>> import dataclasses
            >>> lex = dataclasses.replace(load_lexicon(), heads=(("工程研究中心", "ResearchCenter", "name"),
            ...                                                  ("中心", "Organization", "name")))
            >>> lex.head_of("甲乙工程研究中心"), lex.head_of("服务中心")[1], lex.head_of("中心城区")
            (('工程研究中心', 'ResearchCenter', 'name'), 'Organization', None)
        """
        first, longest = self._heads_by_text
        found = None
        for n in range(1, min(len(name), longest) + 1):     # a dict lookup per suffix, not a scan of every head
            hit = first.get(name[-n:])
            if hit is not None and (found is None or hit[0] < found[0]):
                found = hit
        return None if found is None else found[1]

    def derived(self, key: object, build):
        """``build(self)``, made once per lexicon object and ``key``: the regular expressions and
        tables its words give (compiled on first use, kept with the lexicon, gone with it).

        Example:
            >>> lex = load_lexicon()
            >>> lex.derived("n", lambda x: len(x.heads)) == lex.derived("n", lambda x: -1) == len(lex.heads)
            True
        """
        made = self.__dict__.setdefault("_derived", {})    # (a frozen dataclass: as cached_property does)
        if key not in made:
            made[key] = build(self)
        return made[key]

    @functools.cached_property
    def _heads_by_text(self) -> tuple[dict[str, tuple[int, tuple[str, str, str]]], int]:
        """head text -> (position in ``heads``, head) of its first occurrence; the longest head's length."""
        first: dict[str, tuple[int, tuple[str, str, str]]] = {}
        for i, head in enumerate(self.heads):
            first.setdefault(head[0], (i, head))
        return first, max((len(h) for h in first), default=0)


@functools.lru_cache(maxsize=4)
def indicator_words(directory: str = str(DEFAULT_LEXICON_DIR)) -> dict[str, frozenset[str]]:
    """kind -> words of ``indicators.tsv`` (figure indicators: heads, verbs, skipped words)."""
    out: dict[str, set[str]] = {}
    path = Path(directory) / "indicators.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and not line.startswith("#") and parts[0].strip():
                out.setdefault(parts[1].strip(), set()).add(parts[0].strip())
    return {k: frozenset(v) for k, v in out.items()}


def _rows(path: Path, min_cols: int) -> list[list[str]]:
    if not path.exists():
        raise ConfigError(f"{path}: lexicon file missing")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < min_cols or not all(cols[:min_cols]):
            raise ConfigError(f"{path}:{n}: expected {min_cols} tab-separated columns, got {line!r}")
        rows.append(cols)
    return rows


@functools.lru_cache(maxsize=8)
def load_lexicon(directory: Path | str = DEFAULT_LEXICON_DIR) -> Lexicon:
    """Read every lexicon file of ``directory``.

    Example:
        >>> lex = load_lexicon()
        >>> lex.head_of("某某工程研究中心")[1]
        'ResearchCenter'
    """
    import hashlib

    d = Path(directory)
    heads = [(r[0], r[1], r[2] if len(r) > 2 else "name") for r in _rows(d / "heads.tsv", 2)]
    departments = dict(department_forms(d))     # departments.tsv + the local forms of central.tsv's bodies
    # full department names are heads too: "某某区财政局" is a government body
    known = {h for h, _, _ in heads}
    heads += [(full, cls, "name") for full, cls in departments.values() if full not in known]
    zones = zone_forms(d)
    # a development zone's name ends in its kind, short or full (某某高新区, 某某高新技术产业开发区): a Park
    heads += [(form, "Park", "name") for short, full, kind in zones if kind == "zone" for form in (short, full)
              if form not in known]
    heads.sort(key=lambda h: -len(h[0]))
    units = [(r[0], r[1], Decimal(r[2])) for r in _rows(d / "units.tsv", 3)]
    units.sort(key=lambda u: -len(u[0]))
    digest = hashlib.sha1()
    for f in sorted(d.glob("*.tsv")):
        digest.update(f.name.encode() + f.read_bytes())
    scope_classes, scope_labels, scope_unresolved = _scopes(d / "scope.tsv")
    bounds = _rows(d / "boundaries.tsv", 1)
    return Lexicon(
        heads=tuple(heads),
        boundaries=tuple(sorted({r[0] for r in bounds if r[1:2] != ["inside"]}, key=lambda w: (-len(w), w))),
        inside_words=frozenset(r[0] for r in bounds if r[1:2] == ["inside"]),
        actions={r[0]: r[1] for r in _rows(d / "actions.tsv", 2)},
        aliases={r[0]: (r[1], r[2]) for r in _rows(d / "aliases.tsv", 3)},
        laws={r[0]: (r[1], r[2]) for r in _rows(d / "laws.tsv", 3) if len(r) < 4 or not r[3]},
        # 《条例》 in a report on 政府信息公开: the short title that the genre's words make one law's
        laws_in_context={r[0]: (r[1], r[2], r[3]) for r in _rows(d / "laws.tsv", 3) if len(r) > 3 and r[3]},
        bodies=tuple((r[0], r[1], r[2], r[3] if len(r) > 3 else "", r[4] if len(r) > 4 else "")
                     for r in _rows(d / "bodies.tsv", 3))
        # in its administrative committee's report, the zone written short and alone is the zone
        + tuple((short, "Park", "{zone}", "", "管理委员会") for short, _, kind in zones if kind == "zone"),
        departments=departments,
        zones=zones,
        units=tuple(units),
        generic=frozenset(r[0] for r in _rows(d / "generic.tsv", 1)),
        digest=digest.hexdigest()[:12],
        scope_classes=scope_classes,
        scope_labels=scope_labels,
        scope_unresolved=scope_unresolved,
        places=_places(d),
        central={r[0]: (r[1], r[2]) for r in _optional_rows(d / "central.tsv", 3)},
        universities=frozenset(r[0] for r in _optional_rows(d / "universities.tsv", 1)),
        ambiguous=_ambiguous(d / "ambiguous.tsv"),
        formulas=tuple((r[0], r[1], r[2]) for r in _optional_rows(d / "formulas.tsv", 3)),
        name_ends=frozenset(r[0] for r in _optional_rows(d / "name_ends.tsv", 1)),
        words=frozenset(r[0] for r in _optional_rows(d / "words.tsv", 1)),
        object_heads=frozenset(r[0] for r in _optional_rows(d / "object_heads.tsv", 1)),
        place_codes=_place_codes(d),
    )


_BY_CODE: dict[str, dict[str, str]] = {}


def _codes_to_names(digest: str, codes: dict[str, str]) -> dict[str, str]:
    m = _BY_CODE.get(digest)
    if m is None:
        m = _BY_CODE[digest] = {}
        for name, code in codes.items():
            m.setdefault(code, name)
    return m


def _place_codes(d: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in _optional_rows(d / "places.tsv", 3):
        if r[2] == "full" and len(r) > 4:
            out.setdefault(r[1], r[4])
    return out


def _optional_rows(path: Path, min_cols: int) -> list[list[str]]:
    """Rows of a gazetteer file; an absent file is empty (older lexicon folders)."""
    return _rows(path, min_cols) if path.exists() else []


def _places(d: Path) -> dict[str, tuple[str, str]]:
    """Written form -> (full name, "full" | "short") from places.tsv (generated) and new_areas.tsv."""
    out: dict[str, tuple[str, str]] = {}
    for r in _optional_rows(d / "places.tsv", 3) + _optional_rows(d / "new_areas.tsv", 3):
        form, full, kind = r[0], r[1], r[2]
        if kind not in ("full", "short"):
            raise ConfigError(f"{d}: place form {form!r}: unknown kind {kind!r}; valid: full, short")
        if out.get(form, ("", "full"))[1] == "full" and form in out:
            continue          # a full name is never shadowed by another area's short form
        out[form] = (full, kind)
    return out


def _ambiguous(path: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for r in _optional_rows(path, 3):
        alias, kind, value = r[:3]
        if kind not in ("prefix", "suffix", "list"):
            raise ConfigError(f"{path}: {alias}: unknown context '{kind}'; valid: prefix, suffix, list")
        out.setdefault(alias, []).append((kind, value))
    return {k: tuple(v) for k, v in out.items()}


def _scopes(path: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """The rules of ``scope.tsv``; an absent file gives the extractor's old behaviour."""
    if not path.exists():
        return dict(DEFAULT_SCOPE_CLASSES), {}, "issuer"
    classes: dict[str, str] = {}
    labels: dict[str, str] = {}
    unresolved = "global"
    for n, cols in enumerate(_rows(path, 3), 1):
        kind, value, scope = cols[:3]
        if scope not in SCOPES:
            raise ConfigError(f"{path}: rule {n} ({kind} {value}): unknown scope '{scope}'; valid: {', '.join(SCOPES)}")
        if kind == "class":
            classes[value] = scope
        elif kind == "label":
            labels[value] = scope
        elif kind == "unresolved":
            unresolved = scope
        else:
            raise ConfigError(f"{path}: rule {n}: unknown kind '{kind}'; valid: class, label, unresolved")
    return classes, labels, unresolved


def full_place_names(name: str, lex: Lexicon) -> str:
    """``name`` with the places it begins with (after 中共 or 政协) in their full names where it writes
    them in a shorter full form (an autonomous county without its peoples: 丰宁县 for 丰宁满族自治县).

    Example:
        >>> lex = load_lexicon()
        >>> full_place_names("中共丰宁县委员会", lex), full_place_names("黔东南州交通运输局", lex)
        ('中共丰宁满族自治县委员会', '黔东南苗族侗族自治州交通运输局')
        >>> full_place_names("宁波市镇海区司法局", lex)
        '宁波市镇海区司法局'
    """
    head = next((p for p in ("中共", "政协") if name.startswith(p)), "")
    out, i = [head], len(head)
    while i < len(name):
        form = next((name[i:i + k] for k in range(min(12, len(name) - i), 1, -1)
                     if lex.places.get(name[i:i + k], ("", ""))[1] == "full"), None)
        if form is None:
            break
        full = lex.places[form][0]
        out.append(full if len(full) > len(form) and full.startswith(form[:-1]) else form)
        i += len(form)
    return "".join(out) + name[i:]

