"""Word documents (.docx): bytes -> ``SourceText``.

Takes the bytes of a DOCX and gives its body text in document order: each non-empty
paragraph a line, each table row a line of cell texts joined by ``"\\t"`` (a merged cell
counted once), content controls (``w:sdt``) read through. Page headers, footers,
footnotes and text boxes are not part of the body and are left out. The core
properties (title, author, created...) go into ``meta`` as ``docx:<name>``.

Safety: python-docx parses every part with ``lxml.etree.XMLParser(resolve_entities=False)``
(``docx/oxml/parser.py``; lxml's defaults add ``no_network=True`` and no DTD loading),
so an entity in the XML is neither expanded nor fetched. Before handing the bytes to
python-docx the ZIP directory is checked: ``word/document.xml`` must be there and
declare at most ``MAX_DOCUMENT_XML_BYTES`` uncompressed (zipfile never inflates past the
declared size), and all parts together at most ``MAX_TOTAL_BYTES``, which stops zip bombs.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import InputError
from .model import SourceText

__all__ = ["read_docx", "MAX_DOCUMENT_XML_BYTES", "MAX_TOTAL_BYTES"]

# A 300-page report's document.xml is around 5-10 MB of markup.
MAX_DOCUMENT_XML_BYTES = 50_000_000
MAX_TOTAL_BYTES = 500_000_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_CORE = ("title", "subject", "author", "keywords", "category", "comments", "last_modified_by", "created",
         "modified", "revision", "identifier", "language", "version", "content_status")


def read_docx(data: bytes, path: Path) -> SourceText:
    """Read a DOCX's paragraphs and tables in body order.

    Example:
        >>> import docx, io
        >>> d = docx.Document()
        >>> _ = d.add_paragraph("一、基本情况")
        >>> t = d.add_table(rows=1, cols=2)
        >>> t.cell(0, 0).text, t.cell(0, 1).text = "收到申请", "12件"
        >>> _ = d.add_paragraph("")
        >>> _ = d.add_paragraph("二、存在问题")
        >>> buf = io.BytesIO(); d.save(buf)
        >>> read_docx(buf.getvalue(), Path("r.docx")).text.split("\\n")
        ['一、基本情况', '收到申请\\t12件', '二、存在问题']
    """
    _check_zip(data, path)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = _body_lines(document)
        meta = _core(document)
    except InputError:
        raise
    except Exception as e:  # python-docx raises KeyError, ValueError, PackageNotFoundError, lxml errors...
        raise InputError(f"{path}: not a valid DOCX file ({type(e).__name__}: {_short(e)})") from e
    if not lines:
        raise InputError(f"{path}: the DOCX has no text in its body")
    return SourceText(path=path, format="docx", text="\n".join(lines), encoding=None, encoding_source="",
                      meta=meta, removed_chars=0)


def _short(e: Exception) -> str:
    return (str(e).splitlines() or [""])[0][:160]


def _check_zip(data: bytes, path: Path) -> None:
    """A ZIP with word/document.xml whose declared sizes are sane, else ``InputError``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except Exception as e:  # zipfile: BadZipFile, NotImplementedError (version), struct.error...
        raise InputError(f"{path}: not a valid DOCX file (not a readable ZIP archive: {e})") from e
    doc = next((i for i in infos if i.filename == "word/document.xml"), None)
    if doc is None:
        raise InputError(f"{path}: not a valid DOCX file (the ZIP archive has no word/document.xml)")
    if doc.file_size > MAX_DOCUMENT_XML_BYTES:
        raise InputError(f"{path}: word/document.xml would unpack to {doc.file_size / 1e6:.0f} MB "
                         f"(more than {MAX_DOCUMENT_XML_BYTES / 1e6:g} MB: a zip bomb?); refused")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"{path}: the DOCX would unpack to {total / 1e6:.0f} MB "
                         f"(more than {MAX_TOTAL_BYTES / 1e6:g} MB: a zip bomb?); refused")


def _body_lines(document) -> list[str]:
    """Paragraph and table-row lines in body order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                for line in Paragraph(child, document).text.replace("\t", " ").split("\n"):
                    if line.strip():
                        out.append(line.strip())
            elif child.tag == f"{_W}tbl":
                for row in Table(child, document).rows:
                    line = _row_line(row)
                    if line:
                        out.append(line)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    walk(content)

    walk(document.element.body)
    return out


def _row_line(row) -> str:
    """Cell texts joined by tabs, each merged cell once, each cell on one line."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        parts = [p.strip() for p in cell.text.replace("\t", " ").split("\n") if p.strip()]
        text = ""
        for p in parts:   # a cell's paragraphs: CJK runs on directly, other text gets a space
            text += ("" if not text or (_CJK_END.match(text[-1]) and _CJK_END.match(p[0])) else " ") + p
        cells.append(text)
    return "\t".join(cells).strip("\t") if any(cells) else ""


def _core(document) -> dict[str, str]:
    """Non-empty core properties as ``docx:<name>`` (dates in ISO 8601)."""
    meta: dict[str, str] = {}
    props = document.core_properties
    for name in _CORE:
        try:
            value = getattr(props, name)
        except Exception:  # a malformed docProps/core.xml value costs that property only
            continue
        if value is None or value == "":
            continue
        meta[f"docx:{name}"] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return meta
