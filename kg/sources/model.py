"""The value every source reader gives: ``SourceText`` (re-exported by ``kg.sources``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SourceText"]


@dataclass(frozen=True, slots=True)
class SourceText:
    """The visible text of one source file and how it was obtained."""

    path: Path
    format: str              # "txt" | "html" | "pdf" | "docx": what the content is, not the extension
    text: str                # lines; table rows as cells joined by "\t"; not NFC-normalised
    encoding: str | None     # txt/html: the encoding used
    encoding_source: str     # "bom" | "meta-charset" | "http-equiv" | "detected" | "given" | ""
    meta: dict[str, str] = field(default_factory=dict)
    removed_chars: int = 0   # characters of page chrome the format reader dropped
    pages: int | None = None  # PDF page count
