"""Content sniffing: the first bytes of a file (and its name) -> which reader it needs.

Takes bytes (the whole file, or at least its first few KB) and the file name; gives one
of ``"txt" | "html" | "pdf" | "docx" | "doc" | "wps" | "unknown"``. Content decides
(magic bytes; HTML markup within the first KB; MIME headers of a page saved as one
file, MHTML); the extension only breaks ties that
the content leaves open (a ZIP cut short, an OLE2 file whose stream names were not
read, markup that could be either HTML or text).
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

__all__ = ["sniff", "describe", "FORMATS"]

FORMATS = ("txt", "html", "pdf", "docx", "doc", "wps", "unknown")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_HTML_EXT = {"html", "htm", "shtml", "xhtml", "mht", "jhtml", "jsp", "asp", "aspx", "php"}
# What a saved web page starts with, within its first KB (after a BOM, an XML declaration
# or a "saved from url" comment): any of these tags.
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|meta\s|body[\s>]|title>)", re.I)
_MIME = re.compile(rb"\s*(?:from|mime-version|content-type|date|subject|snapshot-content-location)\s*:", re.I)
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13} | {127}


def sniff(data: bytes, name: str) -> str:
    """Which reader a file needs, by its content first and its extension second.

    Example:
        >>> sniff(b"%PDF-1.7 ...", "report.txt")
        'pdf'
        >>> sniff(b"<!DOCTYPE html><html><body>...", "report.pdf")
        'html'
        >>> sniff("某区2024年工作总结".encode("gb18030"), "report")
        'txt'
        >>> sniff(bytes(range(256)) * 4, "report.pdf")
        'unknown'
    """
    ext = PurePath(name).suffix.lower().lstrip(".")
    head = data[:1024]
    if b"%PDF-" in head:                       # the spec tolerates junk before the header
        return "pdf"
    if data.startswith(_ZIP):
        return _sniff_zip(data, ext)
    if data.startswith(_OLE2):
        if ext in ("doc", "wps"):
            return ext
        return "doc" if _WORD_STREAM in data else "unknown"
    if _MIME.match(head[:200]) and b"multipart/related" in data[:4096].lower():
        return "html"                          # a page saved as one file (MHTML)
    if _looks_html(head, ext):
        return "html"
    if _looks_text(data[:4096]):
        return "txt"
    return "unknown"


def describe(data: bytes) -> str:
    """A few words on what unknown bytes look like, for error messages.

    Example:
        >>> describe(b"\\x89PNG\\r\\n\\x1a\\n....")
        'a PNG image'
    """
    if data.startswith(_ZIP):
        names = _zip_names(data)
        for marker, what in (("OFD.xml", "an OFD document (the Chinese fixed-layout format: export it to PDF)"),
                             ("xl/workbook.xml", "an Excel workbook"), ("ppt/presentation.xml", "a PowerPoint file"),
                             ("content.xml", "an OpenDocument file (save it as .docx)")):
            if marker in names:
                return what
    for magic, what in ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
                        (_ZIP, "a ZIP archive with no word/document.xml"), (b"Rar!", "a RAR archive"),
                        (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\x1f\x8b", "a gzip file"),
                        (_OLE2, "an OLE2 (old Office) file that is not a Word document"),
                        (b"MZ", "a Windows program"), (b"\x7fELF", "a Linux program")):
        if data.startswith(magic):
            return what
    if not data.strip():
        return "an empty file"
    return f"unrecognised binary data (starts {data[:8].hex(' ')})"


def _zip_names(data: bytes) -> set[str]:
    """Member names of a ZIP, or an empty set when the bytes are not a whole ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return set(z.namelist())
    except Exception:  # zipfile: BadZipFile, NotImplementedError (version), struct.error...
        return set()


def _sniff_zip(data: bytes, ext: str) -> str:
    """A ZIP holding word/document.xml is a DOCX; a ZIP cut short is a DOCX if named so."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except Exception:  # zipfile: BadZipFile, NotImplementedError (version), struct.error...
        # Only the head was given, or the archive is damaged: the first member's name and
        # the extension are all there is to go on.
        return "docx" if ext == "docx" or b"word/" in data[:2048] else "unknown"
    return "docx" if "word/document.xml" in names else "unknown"


def _looks_html(head: bytes, ext: str) -> bool:
    """Markup a browser would save: an HTML tag in the first KB (decoded if UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    elif b"\x00" in head[:200]:
        head = head.replace(b"\x00", b"")
    if _HTML_TAG.search(head):
        return True
    return ext in _HTML_EXT and re.search(rb"<(?:[a-z]+[\s>]|/[a-z]+>|!--)", head, re.I) is not None


def _looks_text(sample: bytes) -> bool:
    """Text: a byte-order mark, UTF-16 with NULs, or under 1% control bytes."""
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if not sample:
        return False
    if b"\x00" in sample:
        for enc in ("utf-16-le", "utf-16-be"):
            text = sample[: len(sample) // 2 * 2].decode(enc, errors="replace")
            good = sum(1 for c in text if c in "\t\n\r" or " " <= c <= "\x7e" or "\u3000" <= c <= "\u9fff"
                       or "\uff00" <= c <= "\uffef")
            if good >= 0.9 * len(text):
                return True
        return False
    bad = sum(1 for b in sample if b in _CONTROL_BYTES)
    return bad <= max(2, len(sample) // 100)
