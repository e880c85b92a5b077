"""Department names: the forms of local government departments' names, from two lexicon files.

Takes the lexicon folder; gives ``{form: (full name, class)}``. ``departments.tsv`` holds the short
forms reports use (科技局 -> 科学技术局). The rest are the local counterparts of the central bodies in
``central.tsv`` (the State Council's own list; ``central_in_full`` gives a national body's
official name for its short form): a ministry 中华人民共和国某某部 has a 某某厅 in a
province and a 某某局 in a city or county, a national commission 国家某某委员会 a 某某委员会, a
national bureau 国家某某局 or 总局 (or 中国某某局) a 某某局. The extractor (``kg.extract.lexicon``) and the reader
of a page's issuer (``kg.issuers``) both read them from here. ``zones.tsv`` gives the full forms of
development zones' short names (经开区, 高新区) and of their bodies (管委会): ``zone_in_full``. No rule
names a body.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .resources import LEXICON_DIR

__all__ = ["DISCLOSURE_GROUP_OFFICE", "department_forms", "local_counterparts", "form_rows", "zone_forms", "zone_in_full", "zone_written_short",
           "central_in_full"]

# central canonical name -> the local names' patterns (group 1 is the shared stem)
_COUNTERPARTS = (
    (re.compile(r"^中华人民共和国(.{2,})部$"), ("{}厅", "{}局")),
    (re.compile(r"^中华人民共和国(?!.*总署$)(.{2,})署$"), ("{}厅", "{}局")),
    (re.compile(r"^(?:国家|国务院)(.{2,})委员会$"), ("{}委员会",)),
    (re.compile(r"^国家(.{2,}?)总?局$"), ("{}局",)),
    (re.compile(r"^中国(.{2,}?)局$"), ("{}局",)),
)


def local_counterparts(central_name: str) -> tuple[str, ...]:
    """The names a central body's local counterparts carry, or ``()``.

    Example:
        >>> local_counterparts("中华人民共和国应急管理部"), local_counterparts("国家市场监督管理总局")
        (('应急管理厅', '应急管理局'), ('市场监督管理局',))
        >>> local_counterparts("中华人民共和国审计署"), local_counterparts("国务院办公厅")
        (('审计厅', '审计局'), ())
        >>> local_counterparts("中国气象局")
        ('气象局',)
    """
    for rx, forms in _COUNTERPARTS:
        m = rx.match(central_name)
        if m:
            return tuple(f.format(m.group(1)) for f in forms)
    return ()


def form_rows(path: Path) -> list[list[str]]:
    """The rows of a file of body-name forms (``form <TAB> full name [<TAB> class]``; ``#`` comments)."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise ConfigError(f"{path}:{n}: expected form <TAB> full name [<TAB> class], got {line!r}")
        rows.append(cols)
    return rows


# the office of a leading group for disclosure that a place or a body hosts (某旗政务公开领导小组办公室):
# it stands for its host (the reader of a page's issuer and the extractor both read it so)
DISCLOSURE_GROUP_OFFICE = r"(?:政务公开|政府信息公开|信息公开)(?:工作)?领导小组办公室"


@lru_cache(maxsize=8)
def department_forms(directory: Path | str = LEXICON_DIR) -> dict[str, tuple[str, str]]:
    """``{form: (full name, class)}``: ``departments.tsv``'s rows, then the local counterparts of
    ``central.tsv``'s bodies (each its own form) that the file does not give.

    Example:
        >>> forms = department_forms()
        >>> forms["科技局"], forms["应急管理厅"]
        (('科学技术局', 'GovernmentBody'), ('应急管理厅', 'GovernmentBody'))
    """
    d = Path(directory)
    path = d / "departments.tsv"
    if not path.exists():
        raise ConfigError(f"{path}: lexicon file missing")
    forms = {r[0]: (r[1], r[2] if len(r) > 2 and r[2] else "GovernmentBody") for r in form_rows(path)}
    known = set(forms) | {full for full, _ in forms.values()}
    central = d / "central.tsv"
    if central.exists():
        for row in form_rows(central):
            if len(row) > 2 and row[2] != "GovernmentBody":
                continue
            for name in local_counterparts(row[1]):
                if name not in known:
                    forms[name] = (name, "GovernmentBody")
                    known.add(name)
    return forms


@lru_cache(maxsize=8)
def _central_names(directory: Path | str = LEXICON_DIR) -> dict[str, str]:
    path = Path(directory) / "central.tsv"
    return {r[0]: r[1] for r in form_rows(path) if len(r) > 1} if path.exists() else {}


def central_in_full(name: str, directory: Path | str = LEXICON_DIR) -> str:
    """A national body's official name for the form ``name`` it goes by (``central.tsv``), or
    ``name`` as it is when it is no such form.

    Example:
        >>> central_in_full("国家卫生健康委"), central_in_full("甲市卫生健康委员会")
        ('国家卫生健康委员会', '甲市卫生健康委员会')
    """
    return _central_names(directory).get(name, name)


@lru_cache(maxsize=8)
def zone_forms(directory: Path | str = LEXICON_DIR) -> tuple[tuple[str, str, str], ...]:
    """``zones.tsv``: (short form, full form, zone|body) rows."""
    path = Path(directory) / "zones.tsv"
    return tuple((r[0], r[1], r[2]) for r in form_rows(path) if len(r) > 2) if path.exists() else ()


@lru_cache(maxsize=8)
def _zone_patterns(rows: tuple[tuple[str, str, str], ...]) -> tuple[tuple[re.Pattern, str], ...]:
    zones = [(short, full) for short, full, kind in rows if kind == "zone"]
    if not zones:
        return ()
    # a zone's short form after two characters of a name; a body's right after a zone written in full
    out = [(re.compile(rf"(?<=[\u4e00-\u9fff\-—][\u4e00-\u9fff]){re.escape(short)}"), full) for short, full in zones]
    after_zone = "(?:" + "|".join(f"(?<={re.escape(full)})" for _, full in zones) + ")"
    out += [(re.compile(after_zone + re.escape(short)), full) for short, full, kind in rows if kind == "body"]
    return tuple(out)


def zone_in_full(name: str, rows: tuple[tuple[str, str, str], ...] | None = None) -> str:
    """A body's or zone's name with a development zone's short form (and its body's, right after it)
    written in full (``zones.tsv``, or ``rows`` of it); a short form with no name before it stays as
    written.

    Example:
        >>> zone_in_full("甲乙经开区统计局"), zone_in_full("中共甲乙高新区工委"), zone_in_full("高新区管委会")
        ('甲乙经济技术开发区统计局', '中共甲乙高新技术产业开发区工作委员会', '高新区管委会')
        >>> zone_in_full("甲乙高新区管委会办公室"), zone_in_full("中共高新区委员会")
        ('甲乙高新技术产业开发区管理委员会办公室', '中共高新区委员会')
    """
    party = "中共" if name.startswith("中共") else ""     # 中共 is no zone's name (中共高新区工委)
    name = name[len(party):]
    for pattern, full in _zone_patterns(zone_forms() if rows is None else rows):
        name = pattern.sub(full, name)
    return party + name


def zone_written_short(name: str, rows: tuple[tuple[str, str, str], ...] | None = None) -> str:
    """A name with its development zone (and the zone's body after it) written short, as reports
    write them: the inverse of ``zone_in_full``; the name itself when it holds no zone in full.

    Example:
        >>> zone_written_short("甲乙经济技术开发区统计局"), zone_written_short("甲乙高新技术产业开发区管理委员会")
        ('甲乙经开区统计局', '甲乙高新区管委会')
    """
    rows = zone_forms() if rows is None else rows
    for short, full, kind in rows:
        if kind == "zone":
            name = name.replace(full, short)
    for short, full, kind in rows:
        if kind == "body":
            for z, _, k in rows:
                if k == "zone":
                    name = name.replace(z + full, z + short)
    return name
