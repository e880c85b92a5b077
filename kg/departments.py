"""Department names: the forms of local government departments' names, from two lexicon files.

Takes the lexicon folder; gives ``{form: (full name, class)}``. ``departments.tsv`` holds the short
forms reports use (科技局 -> 科学技术局). The rest are the local counterparts of the central bodies in
``central.tsv`` (the State Council's own list): a ministry 中华人民共和国某某部 has a 某某厅 in a
province and a 某某局 in a city or county, a national commission 国家某某委员会 a 某某委员会, a
national bureau 国家某某局 or 总局 (or 中国某某局) a 某某局. The extractor (``kg.extract.lexicon``) and the reader
of a page's issuer (``kg.issuers``) both read them from here. No rule names a body.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .resources import LEXICON_DIR

__all__ = ["department_forms", "local_counterparts", "form_rows"]

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
