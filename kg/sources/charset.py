"""Web page bytes -> text: which encoding, decided how; pages saved as one file unwrapped.

Takes the bytes of a saved web page and gives ``(text, encoding, how)`` where ``how`` is
``"given" | "bom" | "meta-charset" | "http-equiv" | "detected"``. Order: a given
encoding, a BOM, ``<meta charset>``, ``<meta http-equiv="Content-Type">`` (or the
charset of an MHTML part's Content-Type header), then detection: UTF-8 if it decodes
strictly, else GB18030 if that decodes strictly into common hanzi, else
charset-normalizer. GB2312/GBK are decoded as GB18030, their superset: pages labelled
gb2312 routinely use GBK characters. A declared charset that does not decode falls
through to detection (sites often declare utf-8 over GBK bytes).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from ..errors import InputError

log = logging.getLogger(__name__)

__all__ = ["decode_page", "declared_encoding", "is_mhtml", "unwrap_mhtml"]

_GB = {"gb2312", "gbk", "cp936", "gb18030", "x-gbk", "euc-cn", "hz-gb-2312", "csgb2312", "gb_2312-80", "chinese"}
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_CHARSET_IN = re.compile(rb"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_MIME_START = re.compile(rb"\s*(?:from|mime-version|content-type|date|subject|snapshot-content-location)\s*:", re.I)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def declared_encoding(data: bytes) -> tuple[str | None, str]:
    """The encoding a page declares in its first 4 KB and how: ``meta-charset`` wins over
    ``http-equiv``; ``(None, "")`` when it declares none.

    Example:
        >>> declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
        ('gb2312', 'http-equiv')
    """
    equiv = None
    for tag in _META_TAG.findall(data[:4096]):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag)}
        if b"charset" in attrs and attrs[b"charset"].strip():
            return attrs[b"charset"].strip().decode("ascii", "replace").lower(), "meta-charset"
        if attrs.get(b"http-equiv", b"").lower() == b"content-type" and equiv is None:
            m = _CHARSET_IN.search(attrs.get(b"content", b""))
            if m:
                equiv = m.group(1).decode("ascii", "replace").lower()
    return (equiv, "http-equiv") if equiv else (None, "")


def _codec(name: str) -> str:
    """GB2312/GBK labels decode as GB18030 (a superset); other labels as given."""
    return "gb18030" if name.lower().replace("_", "-") in _GB or name.lower() in _GB else name


def is_mhtml(data: bytes) -> bool:
    """A page saved as one MIME file ("网页，单个文件", ``.mht``/``.mhtml``).

    Example:
        >>> is_mhtml(b'From: <Saved by Blink>\\nMIME-Version: 1.0\\nContent-Type: multipart/related;')
        True
    """
    return bool(_MIME_START.match(data[:200])) and b"multipart/related" in data[:4096].lower()


def unwrap_mhtml(data: bytes, path: Path) -> tuple[bytes, str | None]:
    """The first text/html part of an MHTML file, transfer-decoded, and its MIME charset;
    ``InputError`` when there is none."""
    import email
    from email import policy

    try:
        msg = email.message_from_bytes(data, policy=policy.compat32)
        for part in msg.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return payload, part.get_content_charset()
    except Exception as e:  # the email package raises on malformed headers and encodings
        raise InputError(f"{path}: cannot read the saved web page archive (MHTML): {e}") from e
    raise InputError(f"{path}: the saved web page archive (MHTML) holds no HTML page")


def decode_page(data: bytes, path: Path, given: str | None, mime_charset: str | None = None) -> tuple[str, str, str]:
    """Decode a web page: see the module docstring for the order.

    Args:
        data: the page's bytes.
        path: for error messages.
        given: an encoding the caller insists on.
        mime_charset: the charset of the MHTML part the page came from, if any
            (used when the page declares none; reported as ``http-equiv``).

    Returns:
        ``(text, encoding, how)``. Raises ``InputError`` when no encoding fits.

    Example:
        >>> decode_page("某区".encode("gbk"), Path("p.html"), None)
        ('某区', 'gb18030', 'detected')
    """
    from .text import bom_encoding

    if given:
        try:
            return data.decode(_codec(given)), _codec(given), "given"
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(f"{path}: cannot decode as {given}: {e}") from e
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom), bom, "bom"
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: has a {bom} byte-order mark but does not decode: {e.reason}") from e
    declared, how = declared_encoding(data)
    if not declared and mime_charset:
        declared, how = mime_charset, "http-equiv"
    if declared:
        try:
            return data.decode(_codec(declared)), _codec(declared), how
        except (UnicodeDecodeError, LookupError) as e:
            log.warning("%s: declares charset %s but %s; detecting the encoding instead", path, declared, e)
    try:
        return data.decode("utf-8"), "utf-8", "detected"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _common_hanzi_share(text) >= 0.8:
        return text, "gb18030", "detected"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: cannot tell the web page's encoding; retry with --encoding gb18030")
    enc = _codec(best.encoding)
    try:
        return data.decode(enc), enc, "detected"
    except (UnicodeDecodeError, LookupError) as e:
        raise InputError(f"{path}: cannot decode the web page as {enc}: {e}") from e


def _common_hanzi_share(text: str) -> float:
    """Share of the hanzi that are GB2312 level-1 (the 3,755 commonest: lead byte B0-D7).
    Chinese decoded right scores about 0.95 and up; Big5 or Korean decoded as GB18030
    scatters over rare characters. charset-normalizer alone calls short GBK pages cp949."""
    hanzi = _CJK.findall(text[:20000])
    if len(hanzi) < 2:
        return 0.0
    common = 0
    for ch in hanzi:
        try:
            common += 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common / len(hanzi)
