"""Plain-text reports: bytes -> ``(text, encoding)``.

Takes the raw bytes of a text report (UTF-8, UTF-8 with BOM, UTF-16/32 with BOM,
BOM-less UTF-16, GB18030/GBK) and gives the decoded text and the encoding used.
Binary or undecodable data raises ``InputError`` naming the file. Moved here from
``kg.ingest`` (which re-exports ``decode``) so every format reader shares it.
"""
from __future__ import annotations

import logging
import re

from ..errors import InputError

log = logging.getLogger(__name__)

__all__ = ["decode", "BOMS", "bom_encoding", "looks_binary"]

# Longest marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_BOMS = BOMS
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` announces, or ``None``.

    Example:
        >>> bom_encoding(b"\\xff\\xfeA\\x00"), bom_encoding(b"abc")
        ('utf-16', None)
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return None


def decode(data: bytes, *, name: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode report bytes, guessing the encoding when none is given.

    Returns ``(text, encoding)``. Raises ``InputError`` for binary or undecodable data.

    Example:
        >>> decode("科技局".encode("gb18030"))
        ('科技局', 'gb18030')
        >>> decode(b"\\xef\\xbb\\xbfabc")
        ('abc', 'utf-8-sig')
        >>> decode("科技局".encode("utf-8")[:-1])      # cut inside the last character
        ('科技', 'utf-8')
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(f"{name}: cannot decode as {encoding}: {e}") from e
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: has a {enc} byte-order mark but does not decode: {e.reason}") from e
    if b"\x00" in data[:4096]:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if not looks_binary(text) and _mostly_cjk_or_ascii(text):
                return text, enc
        raise InputError(f"{name}: looks like a binary file, not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
            # a file cut inside its last character: keep the text, lose the partial character
            try:
                text = data[:utf8_error.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                log.warning("%s: ends inside a UTF-8 character (file cut short?); dropped %d byte(s)",
                            name, len(data) - utf8_error.start)
                return text, "utf-8"
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not valid UTF-8 or GB18030 text (byte {utf8_error.start}); "
                             "retry with --encoding ENCODING") from utf8_error
        if looks_binary(text) or not _mostly_cjk_or_ascii(text):
            raise InputError(f"{name}: looks like a binary file, not a text report")
        return text, "gb18030"


def looks_binary(text: str) -> bool:
    """More than 1% C0 control characters (other than tab/newline/CR/FF) in the first 20,000."""
    sample = text[:20000]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def _mostly_cjk_or_ascii(text: str) -> bool:
    """At least 90% of the first 20,000 characters are ASCII, CJK or full-width forms."""
    sample = text[:20000]
    good = sum(1 for c in sample if c < "\x80" or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return good >= 0.9 * len(sample)
