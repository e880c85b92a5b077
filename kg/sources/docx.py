"""Word documents (.docx): bytes -> ``SourceText``.

Takes the bytes of a DOCX and gives its body text in document order: each non-empty
paragraph a line, each table row a line of cell texts joined by ``"\\t"`` (a merged cell
counted once), content controls (``w:sdt``) read through, and Word's automatic
numbering (一、 （一） 1. ①, from ``numbering.xml``) written in front of its paragraph, as
it would show on the page. Page headers, footers,
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
import logging
import re
import zipfile
from pathlib import Path

from ..errors import InputError
from .model import SourceText

log = logging.getLogger(__name__)

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
    numbering = _Numbering(document)

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                text = Paragraph(child, document).text.replace("\t", " ").strip()
                if not text:
                    continue
                label = numbering.label(child)
                if label:
                    text = label + ("" if _CJK_END.match(label[-1]) or _CJK_END.match(text[0]) else " ") + text
                out.extend(line.strip() for line in text.split("\n") if line.strip())
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


_CN_DIGITS = "〇一二三四五六七八九"


def _chinese_count(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九 (decimal from 100 on)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else "") + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "chineseCounting": _chinese_count, "chineseCountingThousand": _chinese_count,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": _chinese_count, "taiwaneseCounting": _chinese_count,
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 0 < n <= 20 else str(n),
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1), "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1),
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(),
}


class _Numbering:
    """Word's automatic paragraph numbering (一、 （一） 1. ...), which is not in the runs'
    text: counters per list and level, formatted by ``numbering.xml``'s ``lvlText``.
    Bullets and unknown formats give no label."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # numId -> ilvl -> (start, fmt, text)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            self._load(document)
        except Exception as e:  # no numbering part, or a malformed one: paragraphs go unnumbered
            log.debug("no usable numbering: %s", e)
            self.levels, self.style_num = {}, {}

    def _load(self, document) -> None:
        numbering = document.part.numbering_part.element
        abstracts = {}
        for a in numbering.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.findall(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (int(_val(lvl, "start") or 1), _val(lvl, "numFmt") or "decimal",
                                                          _val(lvl, "lvlText") or "")
            abstracts[a.get(f"{_W}abstractNumId")] = levels
        for num in numbering.findall(f"{_W}num"):
            aid = _val(num, "abstractNumId")
            levels = dict(abstracts.get(aid, {}))
            for o in num.findall(f"{_W}lvlOverride"):
                start = o.find(f"{_W}startOverride")
                ilvl = int(o.get(f"{_W}ilvl", "0"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start.get(f"{_W}val", "1")), *levels[ilvl][1:])
            self.levels[num.get(f"{_W}numId")] = levels
            self.abstract_of[num.get(f"{_W}numId")] = aid or ""
        for style in document.styles.element.findall(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None and _val(num_pr, "numId"):
                self.style_num[style.get(f"{_W}styleId")] = (_val(num_pr, "numId"), int(_val(num_pr, "ilvl") or 0))

    def label(self, p) -> str:
        """The paragraph's number as Word shows it, or ``""``; advances the counters."""
        try:
            return self._label(p)
        except (ValueError, TypeError, KeyError, IndexError):   # a malformed ilvl/start value
            return ""

    def _label(self, p) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        style = p.find(f"{_W}pPr/{_W}pStyle")
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "numId"), int(_val(num_pr, "ilvl") or 0)
        elif style is not None and style.get(f"{_W}val") in self.style_num:
            num_id, ilvl = self.style_num[style.get(f"{_W}val")]
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _start, fmt, text = levels[ilvl]
        if fmt not in _FORMATS:
            return ""
        for k in range(ilvl + 1):
            if f"%{k + 1}" in text:
                k_fmt = levels.get(k, (1, "decimal", ""))[1]
                n = counters.get(k, levels.get(k, (1,))[0])
                text = text.replace(f"%{k + 1}", _FORMATS.get(k_fmt, str)(n))
        return text.strip()


def _val(el, child: str) -> str | None:
    """``w:val`` of the named child element, or ``None``."""
    c = el.find(f"{_W}{child}")
    return c.get(f"{_W}val") if c is not None else None


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
