"""PDF reports with a text layer: PDF bytes -> ``SourceText``.

Takes the bytes of a PDF and gives its text as paragraphs: pdfminer.six (MIT) lays out
each page, then
  (a) look-alike code points are mapped to the ideographs they look like: Kangxi
      Radicals (U+2F00-U+2FD5), the CJK Radicals Supplement (U+2E80-U+2EF3, where
      Unicode gives a compatibility mapping) and CJK Compatibility Ideographs
      (U+F900-U+FAFF), each through its NFKC mapping; nothing else is NFKC-folded.
      Word and WPS often write ⼀ (U+2F00) for 一 into the text layer;
  (b) running headers and footers are dropped: a top or bottom line that repeats (digits
      masked) on at least half the pages, and page-number lines (``- 3 -``, ``第3页``,
      ``3/12``, a bare number) at the top or bottom of a page;
  (c) lines broken inside a paragraph are joined, across pages too: a line that reaches
      the right margin, does not end in sentence-final punctuation (。！？；：…) and is
      followed by a line that does not start a list item or heading (一、 （一） 1. 1、 (1)
      一是) and is not indented (a first-line indent starts a paragraph) is joined to it
      with no space, or one space between two ASCII words. A line that stops short of the
      margin is a heading or a paragraph's last line.
Cells of a table row (text runs on one baseline, far apart) are joined by ``"\\t"``.

Errors (``InputError``): encrypted with a user password (an owner-password-only PDF,
which opens with an empty password, is read), no text layer (scanned pages: under
20 characters a page), fonts without a Unicode mapping (pdfminer gives ``(cid:N)`` for
more than 30% of the glyphs; a few are dropped with a warning), not a valid PDF. pdfminer only parses the bytes it is given: it
follows no link, loads no external file and runs no JavaScript; nothing here does either.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from .model import SourceText

log = logging.getLogger(__name__)

__all__ = ["read_pdf", "fold_lookalikes", "join_lines", "MIN_CHARS_PER_PAGE"]

MIN_CHARS_PER_PAGE = 20
_FINAL = "。！？；：…!?;:"
_CLOSERS = "”’」』）)】〕\"'"
_LIST_START = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、．.](?!\d)"
                         r"|[①-⑳]|[一二三四五六七八九十]+是|第[一二三四五六七八九十百\d]+[章节条部分])")
_PAGE_NO = re.compile(r"^(?:[-—–_\s]*\d+[-—–_\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
                      r"|[Pp]age\s*\d+(?:\s*of\s*\d+)?|共\s*\d+\s*页\s*第\s*\d+\s*页)$")
_CID = re.compile(r"\(cid:\d+\)")
_CJK_CHAR = r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK_CHAR}) +(?={_CJK_CHAR})")


@lru_cache(maxsize=1)
def _lookalike_table() -> dict[int, str]:
    """code point -> ideograph, from NFKC, for the three radical/compatibility blocks only."""
    table: dict[int, str] = {}
    for lo, hi in ((0x2E80, 0x2EF3), (0x2F00, 0x2FD5), (0xF900, 0xFAFF)):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and len(folded) == 1:
                table[cp] = folded
    return table


def fold_lookalikes(text: str) -> str:
    """Map Kangxi/supplement radicals and compatibility ideographs to unified ideographs.

    Example:
        >>> fold_lookalikes("\\u2f00\\u2f08民政府 ①")      # ⼀⼈ are radicals; ① is left alone
        '一人民政府 ①'
    """
    return text.translate(_lookalike_table())


def read_pdf(data: bytes, path: Path) -> SourceText:
    """Read a PDF's text layer (see the module docstring for what is cleaned).

    Raises ``InputError`` for an encrypted, scanned or corrupt PDF.
    """
    pages, meta = _extract(data, path)
    if not pages:
        raise InputError(f"{path}: not a valid PDF (no pages found)")
    chars = sum(len(re.sub(r"\s", "", r.text)) for page in pages for r in page)
    if chars < MIN_CHARS_PER_PAGE * len(pages):
        if b"%%EOF" not in data[-2048:]:
            raise InputError(f"{path}: not a valid PDF (truncated: no %%EOF at the end, "
                             f"{chars} characters of text on {len(pages)} page(s))")
        raise InputError(f"{path}: PDF has no text layer (scanned images?); run OCR first")
    cids = sum(len(_CID.findall(r.text)) for page in pages for r in page)
    if cids > 0.3 * max(chars, 1) / 7:      # "(cid:123)" is 7+ characters standing for one glyph
        raise InputError(f"{path}: PDF text cannot be extracted: its fonts have no Unicode mapping "
                         f"({cids} glyphs come out as (cid:N)); run OCR, or export the PDF again from the source")
    if cids:
        log.warning("%s: dropped %d glyph(s) without a Unicode mapping", path, cids)
        for page in pages:
            for r in page:
                r.text = _CID.sub("", r.text)
    pages = _drop_furniture(pages)
    text = "\n".join(join_lines([r for page in pages for r in page]))
    return SourceText(path=path, format="pdf", text=text, encoding=None, encoding_source="", meta=meta,
                      removed_chars=0, pages=len(pages))


class _Row:
    """One visual line of a page: its text and horizontal extent, in points."""

    __slots__ = ("text", "x0", "x1", "size", "margin")

    def __init__(self, text: str, x0: float, x1: float, size: float) -> None:
        self.text, self.x0, self.x1, self.size, self.margin = text, x0, x1, size, x1

    def __repr__(self) -> str:
        return f"_Row({self.text!r})"


def _extract(data: bytes, path: Path) -> tuple[list[list[_Row]], dict[str, str]]:
    """Rows per page, top to bottom, and the Info dictionary as ``pdf:`` keys."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    # CJK text has no spaces, so pdfminer's word_margin only produces false spaces inside
    # justified lines; a generous char_margin keeps a line whole across wide letter-spacing.
    params = LAParams(line_overlap=0.5, char_margin=3.0, word_margin=0.3, line_margin=0.3,
                      boxes_flow=None, detect_vertical=False, all_texts=False)
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as e:
        raise InputError(f"{path}: PDF is encrypted with a password; save an unprotected copy "
                         "(print to PDF) and read that") from e
    except PDFEncryptionError as e:
        raise InputError(f"{path}: PDF is encrypted in a way that cannot be opened ({e}); "
                         "save an unprotected copy and read that") from e
    except Exception as e:  # pdfminer raises PSEOF, PDFSyntaxError, KeyError, struct.error... on bad bytes
        raise InputError(f"{path}: not a valid PDF ({type(e).__name__}: {_short(e)})") from e
    meta = _info(doc)
    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=params)
    interp = PDFPageInterpreter(rsrc, device)
    pages: list[list[_Row]] = []
    try:
        for page in PDFPage.create_pages(doc):
            interp.process_page(page)
            pages.append(_rows(device.get_result()))
    except PDFPasswordIncorrect as e:
        raise InputError(f"{path}: PDF is encrypted with a password; save an unprotected copy") from e
    except Exception as e:  # a damaged page tree or content stream
        if not pages:
            raise InputError(f"{path}: not a valid PDF ({type(e).__name__}: {_short(e)})") from e
        log.warning("%s: stopped after page %d: %s", path, len(pages), e)
    return pages, meta


def _short(e: Exception) -> str:
    return (str(e).splitlines() or [""])[0][:160]


def _info(doc) -> dict[str, str]:
    """The document Info dictionary, values decoded, under ``pdf:<Key>``."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    meta: dict[str, str] = {}
    try:
        for info in doc.info:
            for key, value in resolve1(info).items():
                value = resolve1(value)
                if isinstance(value, bytes):
                    value = decode_text(value)
                elif isinstance(value, PSLiteral):
                    value = str(value.name)
                elif not isinstance(value, (str, int, float)):
                    continue
                text = str(value).replace("\x00", "").strip()
                if text:
                    meta[f"pdf:{key}"] = text
    except Exception as e:  # a malformed Info dictionary costs the metadata, not the text
        log.warning("PDF Info dictionary unreadable: %s", e)
    return meta


def _rows(layout) -> list[_Row]:
    """The page's text lines grouped into visual rows (same baseline), top to bottom;
    runs on one row far apart (table cells) are joined by tabs."""
    from pdfminer.layout import LTTextContainer, LTTextLine

    lines = []

    def collect(obj) -> None:
        if isinstance(obj, LTTextLine):
            text = fold_lookalikes(obj.get_text()).replace("\n", " ").strip()
            if text:
                lines.append((obj, _CJK_GAP.sub("", re.sub(r"[ \t\u00a0]+", " ", text))))
        elif isinstance(obj, LTTextContainer) or hasattr(obj, "__iter__"):
            for child in obj:
                collect(child)

    collect(layout)
    lines.sort(key=lambda t: (-round(t[0].y1, 0), t[0].x0))
    rows: list[list] = []
    for obj, text in lines:
        mid = (obj.y0 + obj.y1) / 2
        if rows and abs(rows[-1][0] - mid) < max(obj.height, 1) * 0.5:
            rows[-1][1].append((obj, text))
        else:
            rows.append([mid, [(obj, text)]])
    out = []
    for _mid, parts in rows:
        parts.sort(key=lambda t: t[0].x0)
        out.append(_Row("\t".join(t for _, t in parts), parts[0][0].x0, parts[-1][0].x1,
                        max(o.height for o, _ in parts)))
    return out


def _mask(text: str) -> str:
    """Digits masked, spaces gone; a sentence's end or a long line is never a running header."""
    key = re.sub(r"\d+", "#", re.sub(r"\s+", "", text))
    return "" if len(key) > 60 or key.rstrip(_CLOSERS)[-1:] in tuple(_FINAL) else key


def _drop_furniture(pages: list[list[_Row]]) -> list[list[_Row]]:
    """Drop page-number rows among the top or bottom two rows of a page, then the
    outermost remaining row at the top (bottom) when it repeats, digits masked, as the
    outermost row on at least half the pages (and on two or more). Only the outermost row
    counts, so a title line under an identical running header on page 1 stays."""
    def strip_numbers(page: list[_Row]) -> list[_Row]:
        n = len(page)
        return [r for i, r in enumerate(page) if not ((i < 2 or i >= n - 2) and _PAGE_NO.match(r.text.strip()))]

    pages = [strip_numbers(p) for p in pages]
    counts: dict[tuple[str, str], int] = {}
    for page in pages:
        if page:
            for key in {("top", _mask(page[0].text)), ("bottom", _mask(page[-1].text))}:
                counts[key] = counts.get(key, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    cleaned = []
    for page in pages:
        if page and _mask(page[0].text) and counts.get(("top", _mask(page[0].text)), 0) >= need:
            page = page[1:]
        if page and _mask(page[-1].text) and counts.get(("bottom", _mask(page[-1].text)), 0) >= need:
            page = page[:-1]
        cleaned.append(page)
    return cleaned


def join_lines(rows: list) -> list[str]:
    """Paragraphs from visual rows: see rule (c) in the module docstring.

    ``rows`` are ``_Row`` objects (text + extent) or plain strings; plain strings all
    count as reaching the margin.

    Example:
        >>> join_lines(["一、总体情况", "全面推进依法行政，建", "设法治政府。", "（一）完善制度", "Open", "data 平台"])
        ['一、总体情况', '全面推进依法行政，建设法治政府。', '（一）完善制度', 'Open data 平台']
    """
    rows = [r if isinstance(r, _Row) else _Row(r, 0.0, 1.0, 0.0) for r in rows]
    widths = [r.x1 for r in rows if len(r.text) >= 8 and "\t" not in r.text]
    margin = _quantile(widths, 0.9) if widths else 0.0
    starts = [r.x0 for r in rows if len(r.text) >= 8 and "\t" not in r.text]
    left = _quantile(starts, 0.1) if starts else 0.0
    out: list[str] = []
    joinable = False
    for r in rows:
        text = r.text.strip()
        if not text:
            continue
        indented = r.size > 0 and r.x0 > left + 1.5 * r.size     # a first-line indent starts a paragraph
        if out and joinable and not indented and "\t" not in text and not _LIST_START.match(text):
            prev = out[-1]
            sep = " " if re.match(r"[A-Za-z0-9]", text) and re.search(r"[A-Za-z0-9,]$", prev) else ""
            out[-1] = prev + sep + text
        else:
            out.append(text)
        full = r.x1 >= margin - 1.5 * max(r.size, 1.0) if margin else True
        stripped = text.rstrip(_CLOSERS)
        heading = bool(_LIST_START.match(text)) and len(text) <= 20
        joinable = full and not heading and "\t" not in text and not (stripped and stripped[-1] in _FINAL)
    return out


def _quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[int(q * 20) - 1]
