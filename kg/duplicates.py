"""The same report saved twice: documents -> which of them are copies of one report.

Takes ``Document``s (main text and metadata); gives ``duplicate_keys`` (what identifies a
report across copies: a page and its PDF, two downloads) and ``Duplicates``, which remembers the
reports of a build and warns once, naming both files, when one comes again. ``kg.corpus`` drops
the copies before anything is built.
"""
from __future__ import annotations

import hashlib
import logging
import unicodedata
from pathlib import Path

__all__ = ["duplicate_keys", "Duplicates"]

log = logging.getLogger("kg.corpus")   # reported with the corpus build's other warnings


def duplicate_keys(doc) -> tuple[str, ...]:
    """What identifies a report across copies: its main text with all whitespace removed (with
    the title, issuer and year of its ``.meta.json``, if it has one: the same text under two
    issuers is two reports), its 索引号 and 文号, and (when read off the document) its title,
    issuer and year. Two documents sharing a key are the same report (a page and its PDF).

    Example:
        >>> from pathlib import Path
        >>> from kg.model import Document, ReportMeta
        >>> m = ReportMeta("某局2024年工作总结", "某局", 2024, "a.txt", identifiers=(("文号", "某发〔2024〕1号"),))
        >>> [k.split(chr(31))[0] for k in duplicate_keys(Document("d", Path("a.txt"), "正文", m))]
        ['main text', '文号']
    """
    m = doc.meta
    flat = "".join(unicodedata.normalize("NFKC", doc.text).split())
    if dict(m.sources).get("issuer") == "meta.json":   # a .meta.json says which report this is
        flat += f"\x1f{m.title}\x1f{m.issuer}\x1f{m.year}"
    keys = [f"main text\x1f{hashlib.sha1(flat.encode('utf-8')).hexdigest()}"]
    keys += [f"{scheme}\x1f{value}" for scheme, value in m.identifiers]
    if dict(m.sources).get("title") not in (None, "meta.json", "file-name"):
        keys.append(f"title, issuer and year\x1f{''.join(m.title.split())}\x1f{m.issuer}\x1f{m.year}")
    return tuple(keys)


class Duplicates:
    """Remembers the reports seen; ``seen(path, keys)`` warns once, naming both files, when a
    report is one already built."""

    def __init__(self) -> None:
        self._first: dict[str, Path] = {}

    def seen(self, path: Path, keys: tuple[str, ...]) -> bool:
        for k in keys:
            if k in self._first:
                what = k.split("\x1f")[0]
                log.warning("%s: the same report as %s (same %s); built once", path, self._first[k],
                            what if what.startswith(("main", "title")) else what)
                return True
        for k in keys:
            self._first.setdefault(k, Path(path))
        return False
