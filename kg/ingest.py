"""Ingest stage: report paths -> ``Document``.

Takes a report file (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK) and the
``<stem>.meta.json`` beside it; gives a ``Document`` whose ``text`` is decoded, NFC
normalised, with CRLF turned into LF. Every later span indexes that text.
Bad input raises ``InputError``/``MetadataError`` naming the file.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError, MetadataError
from .model import Document, ReportMeta
from .sources.text import _looks_binary, decode  # noqa: F401  (decode re-exported)

log = logging.getLogger(__name__)

__all__ = ["read_document", "read_documents", "decode", "meta_path", "find_reports", "infer_meta",
           "max_report_bytes"]

META_KEYS = {"title": str, "issuer": str, "year": int, "source": str}
OPTIONAL_META = {"place": list, "genre": str, "encoding": str, "origin": str}
# A build holds about 3 KB of graph in memory per byte of report text (the seed report, 8 KB,
# gives 6,900 triples; 250 KB of it 164,000 triples and 0.8 GB): past a few MB a single report
# would exhaust memory, so it is refused up front with a message instead of being OOM-killed.
DEFAULT_MAX_REPORT_MB = 2.0


def max_report_bytes() -> int:
    """The largest report accepted: ``KG_MAX_REPORT_MB`` (environment) or 2 MB.

    Example:
        >>> max_report_bytes()
        2000000
    """
    import os

    raw = os.environ.get("KG_MAX_REPORT_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_REPORT_MB
    except ValueError:
        mb = DEFAULT_MAX_REPORT_MB
    return int(mb * 1_000_000) if mb > 0 else 0


def meta_path(report: Path) -> Path:
    """The metadata file that belongs to a report: ``<stem>.meta.json`` beside it."""
    return report.with_name(report.stem + ".meta.json")


def find_reports(paths: Iterable[Path]) -> list[Path]:
    """Expand directories to the ``*.txt`` reports they hold, sorted; keep files as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*.txt") if q.is_file()))
        else:
            found.append(p)
    return found


def read_meta(report: Path, text: str) -> ReportMeta:
    """Read and check the report's metadata file, or infer metadata from the text."""
    mp = meta_path(report)
    if not mp.exists():
        return infer_meta(text, report.name)
    try:
        raw = json.loads(mp.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise MetadataError(f"{mp}: not valid JSON: {e}") from e
    except OSError as e:             # a directory, no permission
        raise MetadataError(f"{mp}: cannot read: {e.strerror or e}") from e
    if not isinstance(raw, dict):
        raise MetadataError(f"{mp}: must be a JSON object with keys {', '.join(META_KEYS)}")
    for key, typ in META_KEYS.items():
        if key not in raw:
            raise MetadataError(f"{mp}: missing key '{key}' (required: {', '.join(META_KEYS)})")
        if not isinstance(raw[key], typ) or isinstance(raw[key], bool):
            raise MetadataError(f"{mp}: '{key}' must be a {typ.__name__}, got {raw[key]!r}")
    for key, typ in OPTIONAL_META.items():
        if key in raw and not isinstance(raw[key], typ):
            raise MetadataError(f"{mp}: '{key}' must be a {typ.__name__}, got {raw[key]!r}")
    unknown = set(raw) - set(META_KEYS) - set(OPTIONAL_META)
    if unknown:
        raise MetadataError(f"{mp}: unknown key(s) {', '.join(sorted(unknown))}; "
                            f"valid: {', '.join([*META_KEYS, *OPTIONAL_META])}")
    if not raw["issuer"].strip() or not raw["title"].strip():
        raise MetadataError(f"{mp}: 'issuer' and 'title' must not be empty")
    if not 1949 <= raw["year"] <= 2100:
        raise MetadataError(f"{mp}: 'year' {raw['year']} is not a plausible report year")
    place = tuple(str(p) for p in raw.get("place") or ()) or places_of(raw["issuer"])
    return ReportMeta(title=raw["title"].strip(), issuer=raw["issuer"].strip(), year=raw["year"],
                      source=raw["source"], place=place, genre=raw.get("genre", ""),
                      encoding=raw.get("encoding"), origin=raw.get("origin", ""))


_PLACE = re.compile(r"^(?:(?P<p>.{2,7}?(?:省|自治区)))?(?:(?P<c>.{1,7}?(?:市|自治州|州|盟|地区)))?"
                    r"(?:(?P<d>.{1,7}?(?:区|县|旗|市)))?")


def places_of(issuer: str) -> tuple[str, ...]:
    """Administrative places at the start of an issuer's name, largest first.

    Example:
        >>> places_of("四川省成都市武侯区科学技术局")
        ('四川省', '成都市', '武侯区')
    """
    m = _PLACE.match(issuer)
    if not m:
        return ()
    return tuple(v for v in (m.group("p"), m.group("c"), m.group("d")) if v)


def infer_meta(text: str, name: str) -> ReportMeta:
    """Metadata for a report that came without a ``.meta.json``: issuer from its first
    line, title from its first lines, year from the first 20xx in the title."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = lines[0] if lines else name
    issuer = first if len(first) <= 40 and re.search(r"(局|委员会|委|政府|办公室|管委会|中心|院)$", first) else ""
    title = "".join(lines[:2])[:120] if issuer else first[:120]
    years = re.findall(r"(20\d\d)\s*年", text[:400])
    year = int(years[0]) if years else 0
    return ReportMeta(title=title, issuer=issuer or "未具名发布机构", year=year or 2000, source=name,
                      place=places_of(issuer), genre="", encoding=None,
                      origin="metadata inferred from the text")


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    """Read one report and its metadata.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
        >>> _ = p.write_bytes("某区科技局\\r\\n2024年工作总结".encode("gb18030"))
        >>> doc = read_document(p)
        >>> doc.encoding, doc.text
        ('gb18030', '某区科技局\\n2024年工作总结')
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a report file")
    limit = max_report_bytes()
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    if limit and size > limit:
        raise InputError(f"{path}: {size / 1e6:.1f} MB is more than a report may have ({limit / 1e6:g} MB: a build "
                         "keeps about 3 KB of graph in memory per byte of text); split it, or raise KG_MAX_REPORT_MB")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    if not data.strip():
        raise InputError(f"{path}: empty report")
    meta_enc = None
    mp = meta_path(path)
    if encoding is None and mp.exists():
        try:
            meta_enc = json.loads(mp.read_text(encoding="utf-8")).get("encoding")
        except (ValueError, AttributeError, UnicodeDecodeError, OSError):
            meta_enc = None   # read_meta reports the malformed or unreadable file below
    text, used = decode(data, name=str(path), encoding=encoding or _norm_enc(meta_enc))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{path}: empty report (only whitespace)")
    if _looks_binary(text):
        raise InputError(f"{path}: looks like a binary file, not a text report")
    meta = read_meta(path, text)
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Document(id=doc_id, source=path, text=text, meta=meta, encoding=used)


def _norm_enc(enc: object) -> str | None:
    if not isinstance(enc, str) or enc.lower().replace("-", "") in ("utf8", ""):
        return None          # let BOM detection and the UTF-8/GB18030 fallback decide
    return enc


def read_documents(paths: Iterable[Path], *, encoding: str | None = None) -> Iterator[Document]:
    """Read reports one by one (directories expand to their ``*.txt`` files)."""
    for p in find_reports(paths):
        yield read_document(p, encoding=encoding)
