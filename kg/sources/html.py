"""Web pages saved from a browser: HTML bytes -> ``SourceText`` with the article's text.

Takes the bytes of a page (often GBK, from a government CMS) and gives the text of its
main content block: lines for block elements, table rows as cells joined by ``"\\t"``,
the article's title heading first, page chrome (navigation, header, footer, scripts,
share/print widgets, previous/next links) dropped, plus the page's ``<meta name=...>``
pairs and ``<title>``.

Encoding (``kg.sources.charset``): a BOM, then ``<meta charset>``, then ``<meta
http-equiv="Content-Type">``, then detection; GB2312/GBK are decoded as GB18030. A page
saved as a single file (MHTML, ``.mht``/``.mhtml``) is unwrapped to its HTML part first.

Parsing: ``lxml.html`` with ``no_network=True`` and comments/PIs removed. libxml2's HTML
parser loads no DTD and expands no external entity; nothing here follows a URL, runs a
script, or uses XInclude/XSLT.

Main text: first ``content_selectors.txt`` (class/id names of government CMS templates),
then a readability-style density score (each paragraph's non-link CJK characters credited
to its parent, half to its grandparent). We chose lxml plus these heuristics over
trafilatura/readability-lxml: government pages are template-built and the selector list
finds their body directly; trafilatura brings about ten more dependencies (and its own
date/URL fetch helpers), and readability scores by English punctuation and words.

Known limits: chrome is recognised by tag and by class/id names, so a site that names
its breadcrumb ``<div class="a3">`` keeps it; the 信息公开 index table and breadcrumbs
that sit inside the content container are kept (the furniture stage removes them).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .model import SourceText
from .charset import decode_page, is_mhtml, unwrap_mhtml

__all__ = ["read_html", "content_selectors"]

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Never content: dropped with everything inside (their tail text stays).
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
              "applet", "svg", "math", "canvas", "form", "select", "button", "input", "textarea", "nav",
              "header", "footer", "aside", "map", "audio", "video", "link", "meta")
_SECTION_CHROME = ("nav", "footer", "aside")
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head", "title")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# class/id tokens of page chrome: contained anywhere in a token ...
_CHROME_SUB = re.compile(r"nav|menu|breadcrumb|crumb|footer|copyright|sidebar|share|toolbar|banner|pagination"
                         r"|friendlink|bdshare|jiathis|login|search|qrcode|gotop|backtop", re.I)
# ... or equal to one of its "-"/"_"-separated parts (pinyin initials common on Chinese sites:
# dqwz 当前位置, wzdh 网站导航, xgwz/xgxx 相关文章/信息, fx/fenxiang 分享, dy 打印, sxp/sxy 上下篇).
_CHROME_PART = {"header", "head", "top", "foot", "bottom", "side", "print", "prev", "next", "pre", "location",
                "position", "dqwz", "wzdh", "links", "link", "related", "xgwz", "xgxx", "comment", "ad", "ads",
                "weixin", "ewm", "fx", "fenxiang", "dy", "sxp", "sxy", "syp", "xyp", "tools", "tool", "share",
                "gjl", "skip", "wza", "wzafw", "font", "fontsize",
                "hide", "hidden"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "hr", "address", "figure",
          "figcaption", "caption", "tbody", "thead", "tfoot", "main", "body", "td", "th"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"[ \t\n\r\f\v]+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def read_html(data: bytes, path: Path, *, encoding: str | None = None) -> SourceText:
    """Read a saved web page (see the module docstring for the rules).

    Example:
        >>> page = ('<html><head><meta charset="utf-8"><title>某区2024年工作总结_某区政府</title></head>'
        ...         '<body><div class="nav">首页 政务公开</div><h1>某区2024年工作总结</h1>'
        ...         '<div id="zoom"><p>一、主要工作</p><p>全年办理行政复议案件十二件。</p></div>'
        ...         '<div class="footer">主办单位：某区人民政府办公室</div></body></html>').encode()
        >>> s = read_html(page, Path("p.html"))
        >>> print(s.text)
        某区2024年工作总结
        一、主要工作
        全年办理行政复议案件十二件。
        >>> s.encoding, s.encoding_source, s.meta["html:title"], s.removed_chars > 0
        ('utf-8', 'meta-charset', '某区2024年工作总结_某区政府', True)
    """
    mime_charset = None
    if is_mhtml(data):
        data, mime_charset = unwrap_mhtml(data, path)
    text, used, source = decode_page(data, path, encoding, mime_charset)
    try:
        root = _parse(text)
    except Exception as e:  # lxml raises ParserError/ValueError/XMLSyntaxError for garbage
        raise InputError(f"{path}: cannot parse the web page ({type(e).__name__}: {e})") from e
    try:
        return _read_tree(root, path, used, source)
    except RecursionError as e:  # tables nested hundreds deep
        raise InputError(f"{path}: web page nested too deeply to read") from e


def _read_tree(root, path: Path, used: str, source: str) -> SourceText:
    """Meta, chrome removal, container, lines: the parsed page's ``SourceText``."""
    meta = _meta(root)
    body = root.find("body")
    if body is None:
        body = root
    for el in list(body.iter()):
        if _tag(el) in _INVISIBLE_TAGS:
            _drop(el)
    # A hidden block holding most of the page's text is one a script reveals (WeChat's
    # js_content starts as visibility:hidden): keep it.
    page_cjk = _cjk(body)
    for el in list(body.iter()):
        if el.getparent() is not None and _invisible(el) and _cjk(el) <= 0.5 * page_cjk:
            _drop(el)
    total = _count(_lines(body))
    title = _title_heading(body, meta)
    _drop_chrome(body)
    container = _container(body)
    lines = _lines(container)
    if title and not any(_squash(ln) == _squash(title) for ln in lines[:15]):
        lines.insert(0, title)
    if not lines:
        raise InputError(f"{path}: web page has no visible text")
    return SourceText(path=path, format="html", text="\n".join(lines), encoding=used, encoding_source=source,
                      meta=meta, removed_chars=max(0, total - _count(lines)))


@lru_cache(maxsize=1)
def content_selectors() -> tuple[str, ...]:
    """The CMS class/id names of main-text containers, in priority order (``content_selectors.txt``)."""
    raw = resources.files(__package__).joinpath("content_selectors.txt").read_text(encoding="utf-8")
    return tuple(ln.split("#", 1)[0].strip() for ln in raw.splitlines() if ln.split("#", 1)[0].strip())


def _parse(text: str):
    """An lxml.html tree; the parser reads no network resource and keeps no comment."""
    import lxml.html

    # huge_tree lifts libxml2's 256-level depth limit, past which it silently drops text;
    # the input is already bounded by max_bytes.
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  remove_blank_text=False, default_doctype=False, huge_tree=True)
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise ValueError("the page is empty")
    root = lxml.html.document_fromstring(text, parser=parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise ValueError("nested more than 2,048 levels deep (unclosed tags?); text past that depth would be lost")
    return root


def _meta(root) -> dict[str, str]:
    """``<meta name=... content=...>`` pairs (first of each name) and ``html:title``."""
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name, content = el.get("name"), el.get("content")
        if name and content is not None and name not in meta:
            meta[name] = content.strip()
    title = root.find(".//title")
    if title is not None and (title.text_content() or "").strip():
        meta["html:title"] = _WS.sub(" ", title.text_content()).strip()
    return meta


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _invisible(el) -> bool:
    """Never rendered: scripts, styles, ``hidden``, ``display:none``."""
    return (_tag(el) in _INVISIBLE_TAGS or el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def _drop(el) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def _is_chrome_name(el) -> bool:
    """An id/class token that names page chrome (see ``_CHROME_SUB``/``_CHROME_PART``)."""
    names = f"{el.get('id') or ''} {el.get('class') or ''}".split()
    for token in names:
        if _CHROME_SUB.search(token) or _CHROME_PART & set(re.split(r"[-_]", token.lower())):
            return True
    return False


def _drop_chrome(body) -> None:
    """Drop chrome tags and chrome-named blocks, but never one that holds the content
    (a wrapper named ``has-sidebar``, or one containing a content-selector match)."""
    total = _cjk(body) or 1
    selectors = set(content_selectors())
    for el in list(body.iter()):
        if el is body or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if _tag(el) in _DROP_TAGS or _is_chrome_name(el):
            if any(_selector_match(d, selectors) for d in el.iter()):
                continue
            # a wrapper merely named like chrome (has-sidebar) may hold the page; <nav>, <footer>
            # and <aside> never do, however much text they hold
            if _tag(el) not in _SECTION_CHROME and _cjk(el) > 0.4 * total:
                continue
            _drop(el)


def _selector_match(el, names) -> str | None:
    """The content-selector name an element carries, if any."""
    if not isinstance(el.tag, str):
        return None
    if el.get("id") in names:
        return el.get("id")
    for c in (el.get("class") or "").split():
        if c in names:
            return c
    return None


def _container(body):
    """The main-text element: the best selector match, else the densest block, else body."""
    total = _cjk(body)
    by_name: dict[str, list] = {}
    names = set(content_selectors())
    for el in body.iter():
        if isinstance(el.tag, str):
            if el.get("id") in names:
                by_name.setdefault(el.get("id"), []).append(el)
            for c in (el.get("class") or "").split():
                if c in names:
                    by_name.setdefault(c, []).append(el)
    for name in content_selectors():
        found = sorted(by_name.get(name, ()), key=_cjk, reverse=True)
        if found and _cjk(found[0]) >= max(20, 0.3 * total):
            return found[0]
    best = _densest(body)
    return best if best is not None else body


def _densest(body):
    """Readability-style: each paragraph's non-link CJK count goes to its parent, half to
    its grandparent; the best-scoring element with link density under 0.5 wins."""
    scores: dict = {}
    for el in body.iter():
        tag = _tag(el)
        if tag not in ("p", "td", "pre", "div", "li", "span", "font") or _has_block_child(el):
            continue
        n = _cjk(el) - sum(_cjk(a) for a in el.iter("a"))
        if n < 10:
            continue
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + n
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0) + n / 2
    for el, _score in sorted(scores.items(), key=lambda kv: kv[1], reverse=True):
        cjk = _cjk(el) or 1
        if sum(_cjk(a) for a in el.iter("a")) / cjk < 0.5:
            return el
    return None


def _has_block_child(el) -> bool:
    return any(_tag(c) in _BLOCK and _tag(c) != "br" for c in el)


def _title_heading(body, meta: dict[str, str]) -> str:
    """The article's title as a heading on the page: the h1-h3 or ``*title*`` block whose
    text is the ``ArticleTitle`` meta, else the longest one that ``<title>`` contains
    (and that is not the site's name)."""
    want = _squash(meta.get("ArticleTitle", ""))
    page_title = _squash(meta.get("html:title", ""))
    site = _squash(meta.get("SiteName", ""))
    best = ""
    for el in body.iter():
        tag = _tag(el)
        if not (tag in ("h1", "h2", "h3") or "title" in f"{el.get('class') or ''} {el.get('id') or ''}".lower()):
            continue
        text = _WS.sub(" ", el.text_content()).strip()
        key = _squash(text)
        if len(_CJK.findall(text)) < 4 or len(text) > 200:
            continue
        if want and key == want:
            return text
        if page_title and key in page_title and key != site and len(text) > len(best):
            best = text
    return best


def _lines(root) -> list[str]:
    """The element's visible text as lines: block elements break lines, table rows with
    two or more filled cells become one line of cells joined by tabs."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _clean("".join(buf))
        buf.clear()
        if line:
            out.append(line)

    # An explicit stack, not recursion: unclosed <font>/<div> tags nest pages thousands deep.
    stack = [(root, False)]
    while stack:
        el, leaving = stack.pop()
        tag = _tag(el)
        if leaving:
            if tag in _BLOCK:
                flush()
        elif tag == "tr":
            flush()
            _row(el, out)
        elif tag == "br":
            flush()
        elif isinstance(el.tag, str):
            if tag in _BLOCK:
                flush()
            if el.text:
                buf.append(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
            continue
        if el is not root and el.tail:
            buf.append(el.tail)
    flush()
    return out


def _row(tr, out: list[str]) -> None:
    """A data row (2+ filled cells, no nested table) as one tab-joined line; a layout row's
    cells as the lines they hold."""
    cells = [c for c in tr if _tag(c) in ("td", "th")]
    rendered = [_lines(c) for c in cells]
    filled = [r for r in rendered if r]
    nested = any(_tag(d) == "table" for c in cells for d in c.iter())
    if len(filled) >= 2 and not nested:
        out.append("\t".join(_join_cell(r) for r in rendered).strip("\t"))
    else:
        for r in rendered:
            out.extend(r)


def _join_cell(lines: list[str]) -> str:
    """A cell's lines on one line: CJK lines run together, others with a space."""
    text = ""
    for ln in lines:
        if text and not (_CJK.match(text[-1]) and _CJK.match(ln[0])):
            text += " "
        text += ln
    return text.replace("\t", " ")


def _clean(s: str) -> str:
    """Collapse HTML whitespace like a browser; no space left between two CJK characters
    (a source line break inside a Chinese sentence)."""
    s = _WS.sub(" ", s.replace("\xa0", " ")).strip(" \u3000")
    return _CJK_GAP.sub("", s)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _cjk(el) -> int:
    return len(_CJK.findall(el.text_content() or "")) if isinstance(el.tag, str) else 0


def _count(lines: list[str]) -> int:
    """Visible characters, whitespace not counted."""
    return sum(len(_squash(ln)) for ln in lines)
