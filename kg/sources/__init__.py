"""Source readers: a report file in any format users have -> ``SourceText``.

Takes a path (plain text, a web page saved from a browser, a PDF with a text layer, a
DOCX); gives the document's visible text as lines (paragraphs separated by ``"\\n"``,
table rows as cells joined by ``"\\t"``), with how it was decoded and the metadata the
format carries. The format is decided by content (``sniff``), not by the extension.
Text is not yet NFC-normalised: ``kg.ingest`` does that. Every problem with the input
raises ``InputError("<path>: <problem>")``; no library exception escapes for bad input.

Modules: ``model`` (``SourceText``), ``sniff`` (format), ``text`` (txt decoding), ``html``
(with ``charset`` for its encoding), ``pdf``, ``docx``.
Old binary Word files (``.doc``/``.wps``, OLE2) are refused with a conversion hint:
``antiword``/``catdoc`` are unmaintained and garble CJK text in files saved by recent
Word/WPS versions, and LibreOffice is far too heavy a dependency for one format.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .charset import is_mhtml
from .model import SourceText
from .sniff import describe, sniff

__all__ = ["SourceText", "sniff", "read_source", "BINARY_SIZE_FACTOR"]

# A PDF or DOCX is far bigger than the text it holds (fonts, images, XML markup): a
# 100-page report of 150 KB of text is commonly 1-5 MB as PDF. So a binary container may
# be this many times ``max_bytes``; the text it yields is still bounded by what a format
# can hold, and ingest checks the decoded text again.
BINARY_SIZE_FACTOR = 20
_CONTAINERS = ("pdf", "docx", "doc", "wps")
_WORD_HINT = "convert it to .docx (e.g. in Word or LibreOffice: Save As .docx)"


def read_source(path: Path, *, encoding: str | None = None, max_bytes: int | None = None) -> SourceText:
    """Read one report file of any supported format.

    Args:
        path: the file.
        encoding: for txt/html, decode with this instead of detecting.
        max_bytes: refuse text/HTML files larger than this, and PDF/DOCX/MHTML files larger
            than ``BINARY_SIZE_FACTOR`` times it (``None`` or 0: no limit). Checked from the
            size on disk before the file is read.

    Returns:
        A ``SourceText``. Raises ``InputError`` naming the file for anything unreadable.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.html"
        >>> _ = p.write_bytes("某区司法局\\r\\n2024年工作总结".encode("gb18030"))
        >>> s = read_source(p)
        >>> s.format, s.encoding, s.encoding_source, s.text
        ('txt', 'gb18030', 'detected', '某区司法局\\n2024年工作总结')
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a report file")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    if not head.strip():
        raise InputError(f"{path}: empty report")
    kind = sniff(head, path.name)
    if max_bytes:
        # containers, by their magic even when misnamed (a .docx saved as .doc), and web pages
        # saved as one file (MHTML, images inlined) get the larger allowance
        container = kind in _CONTAINERS or head.startswith((b"PK\x03\x04", b"%PDF-")) or is_mhtml(head)
        limit = max_bytes * (BINARY_SIZE_FACTOR if container else 1)
        if size > limit:
            what = {"pdf": "a PDF", "docx": "a DOCX", "doc": "a Word file", "wps": "a WPS file"}.get(
                kind, "a saved web page" if is_mhtml(head) else "a report")
            raise InputError(f"{path}: {size / 1e6:.1f} MB is more than {what} may have ({limit / 1e6:g} MB); "
                             "split it, or raise KG_MAX_REPORT_MB")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    kind = sniff(data, path.name)
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(data, path)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(data, path)
    if kind == "html":
        from .html import read_html
        return read_html(data, path, encoding=encoding)
    if data.lstrip()[:5] == b"{\\rtf":          # Word's "Rich Text Format", often saved as .doc
        raise InputError(f"{path}: RTF document; {_WORD_HINT}")
    if kind in ("doc", "wps"):
        old = "old Word format (.doc)" if kind == "doc" else "WPS Office format (.wps)"
        raise InputError(f"{path}: {old}; {_WORD_HINT}")
    if kind == "unknown":
        ext = path.suffix.lower().lstrip(".")
        label = {"pdf": "PDF", "docx": "DOCX file", "doc": "Word file", "wps": "WPS file"}.get(ext)
        if label:
            raise InputError(f"{path}: not a valid {label} (it looks like {describe(data)})")
        raise InputError(f"{path}: not a report format kg reads (txt, html, pdf, docx): "
                         f"it looks like {describe(data)}")
    return _read_txt(data, path, encoding)


def _read_txt(data: bytes, path: Path, encoding: str | None) -> SourceText:
    """Plain text: BOM, then UTF-8, then GB18030 (``text.decode``); CRLF -> LF."""
    from .text import bom_encoding, decode

    text, used = decode(data, name=str(path), encoding=encoding)
    source = "given" if encoding else ("bom" if bom_encoding(data) else "detected")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path=path, format="txt", text=text, encoding=used, encoding_source=source)
