"""Ingest stage: report paths -> ``Document``.

Takes a report file (plain text in UTF-8/UTF-16/GB18030, a saved web page, a PDF, a DOCX) and
the ``<stem>.meta.json`` beside it; gives a ``Document`` whose ``text`` is the report's main
text: read (``kg.sources``), cut free of page furniture (``kg.furniture``), NFC normalised,
CRLF turned into LF. Every later span indexes that text. Its metadata (``kg.docmeta``) comes
from the ``.meta.json`` first, then from the document itself, each field with its source.
Bad input raises ``InputError``/``MetadataError`` naming the file.
"""
from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .docmeta import describe, places_of, to_report_meta
from .errors import InputError, MetadataError
from .furniture import MainText, split_main
from .model import Document, ReportMeta
from .sources import SourceText, read_source, sniff
from .sources.text import decode, looks_binary  # noqa: F401  (decode re-exported)

log = logging.getLogger(__name__)

__all__ = ["read_document", "read_documents", "read_parts", "decode", "meta_path", "find_reports", "infer_meta",
           "max_report_bytes", "places_of", "REPORT_SUFFIXES", "Parts"]

META_KEYS = {"title": str, "issuer": str, "year": int, "source": str}
OPTIONAL_META = {"place": list, "genre": str, "encoding": str, "origin": str, "date": str, "identifiers": dict}
# what a folder is searched for; .doc/.wps are listed so that they get the reader's clear error
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps")
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
    """Expand directories to the reports they hold (``REPORT_SUFFIXES``, not ``*.meta.json``),
    sorted; keep files as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES))
        else:
            found.append(p)
    return found


def read_meta(report: Path, text: str) -> ReportMeta:
    """Read and check the report's metadata file, or infer metadata from the text."""
    raw = read_meta_json(report)
    if raw is None:
        return infer_meta(text, report.name)
    place = tuple(str(p) for p in raw.get("place") or ()) or places_of(raw["issuer"])
    return ReportMeta(title=raw["title"], issuer=raw["issuer"], year=raw["year"],
                      source=raw["source"], place=place, genre=raw.get("genre", ""),
                      encoding=raw.get("encoding"), origin=raw.get("origin", ""))


def read_meta_json(report: Path) -> dict | None:
    """The report's ``.meta.json``, checked (``MetadataError`` naming the file), or None."""
    mp = meta_path(report)
    if not mp.exists():
        return None
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
    ids = raw.get("identifiers") or {}
    if not all(isinstance(v, str) and v.strip() for v in ids.values()):
        raise MetadataError(f"{mp}: 'identifiers' must map a scheme (索引号, 文号) to a non-empty string")
    return {**raw, "title": raw["title"].strip(), "issuer": raw["issuer"].strip()}


def infer_meta(text: str, name: str) -> ReportMeta:
    """Metadata for a text that came without a ``.meta.json``, read off the text itself
    (``kg.docmeta``: 信息公开 block, title line, opening sentence)."""
    return to_report_meta(describe(split_main(text)), source=name, origin="metadata read from the document")


@dataclass(frozen=True, slots=True)
class Parts:
    """What reading one report gives before it becomes a ``Document`` (for ``kg inspect``)."""

    source: SourceText
    text: str          # the whole decoded text, NFC, LF
    main: MainText     # the report inside it
    meta: ReportMeta


def read_parts(path: Path, *, encoding: str | None = None) -> Parts:
    """Read one report: its source, main text and metadata (see ``read_document``)."""
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
    if limit and size > limit and path.suffix.lower() not in (".pdf", ".docx"):
        raise InputError(f"{path}: {size / 1e6:.1f} MB is more than a report may have ({limit / 1e6:g} MB: a build "
                         "keeps about 3 KB of graph in memory per byte of text); split it, or raise KG_MAX_REPORT_MB")
    meta_enc = None
    mp = meta_path(path)
    if encoding is None and mp.exists():
        try:
            meta_enc = json.loads(mp.read_text(encoding="utf-8")).get("encoding")
        except (ValueError, AttributeError, UnicodeDecodeError, OSError):
            meta_enc = None   # read_meta_json reports the malformed or unreadable file below
    if path.suffix.lower() == ".txt" and not encoding and not meta_enc:
        try:
            with path.open("rb") as f:
                head = f.read(8192)
        except OSError as e:
            raise InputError(f"{path}: cannot read: {e.strerror}") from e
        if head.strip() and sniff(head, path.name) == "unknown":   # what a .txt report's readers expect to hear
            raise InputError(f"{path}: looks like a binary file, not a text report")
    src = read_source(path, encoding=encoding or _norm_enc(meta_enc), max_bytes=limit or None)
    text = unicodedata.normalize("NFC", src.text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{path}: empty report (only whitespace)")
    if looks_binary(text):
        raise InputError(f"{path}: looks like a binary file, not a text report")
    if limit and len(text.encode("utf-8")) > limit:
        raise InputError(f"{path}: {len(text.encode('utf-8')) / 1e6:.1f} MB of text is more than a report may have "
                         f"({limit / 1e6:g} MB); split it, or raise KG_MAX_REPORT_MB")
    main = split_main(text)
    if not main.text.strip():
        raise InputError(f"{path}: no report text left once the page furniture is removed")
    raw = read_meta_json(path)
    origin = raw.get("origin", "") if raw else "metadata read from the document"
    meta = to_report_meta(describe(main, tags=src.meta, meta_json=raw), source=raw["source"] if raw else path.name,
                          fmt=src.format, encoding=raw.get("encoding") if raw else None, origin=origin,
                          removed=len(text) - len(main.text) if main.text != text else 0)
    if raw:
        # the .meta.json is the whole truth about a committed report: read as before
        meta = replace(meta, title=raw["title"], issuer=raw["issuer"], year=raw["year"], genre=raw.get("genre", ""),
                       place=tuple(str(p) for p in raw.get("place") or ()) or places_of(raw["issuer"]),
                       sources=tuple((f, s) for f, s in meta.sources
                                     if s == "meta.json" or f == "date" or f.startswith("identifier:")))
    return Parts(source=src, text=text, main=main, meta=meta)


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    """Read one report (any format), cut it to its main text and read its metadata.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
        >>> _ = p.write_bytes("某区科技局\\r\\n2024年工作总结".encode("gb18030"))
        >>> doc = read_document(p)
        >>> doc.encoding, doc.text
        ('gb18030', '某区科技局\\n2024年工作总结')
    """
    parts = read_parts(path, encoding=encoding)
    text = parts.main.text
    doc_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Document(id=doc_id, source=Path(path), text=text, meta=parts.meta,
                    encoding=parts.source.encoding or parts.source.format)


def _norm_enc(enc: object) -> str | None:
    if not isinstance(enc, str) or enc.lower().replace("-", "") in ("utf8", ""):
        return None          # let BOM detection and the UTF-8/GB18030 fallback decide
    return enc


def read_documents(paths: Iterable[Path], *, encoding: str | None = None) -> Iterator[Document]:
    """Read reports one by one (directories expand to the reports they hold, ``find_reports``)."""
    for p in find_reports(paths):
        yield read_document(p, encoding=encoding)
