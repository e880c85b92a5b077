"""What kg reads in a report file: a path -> a plain dict (for ``kg inspect``).

Takes one report file (txt, html, pdf, docx); gives its format, its encoding and how that was
decided, the metadata read (title, issuer, year, genre, dates, identifiers; each with the
source it came from), the size of the main text and of the page furniture removed (with the
removed lines' kinds), and the first lines of the main text. Reading errors are the
``InputError``/``MetadataError`` of ``kg.ingest``.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from .docmeta import parse_date
from .ingest import read_parts

__all__ = ["inspect", "format_table"]


def inspect(path: Path, *, encoding: str | None = None, head: int = 5) -> dict:
    """Describe what kg reads in one report file.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "page.txt"
        >>> _ = p.write_text("首页>政务公开>工作总结\\n某区科学技术局2024年工作总结\\n"
        ...                  "2024年，区科技局坚持创新驱动，全面完成各项任务。\\n上一篇：无\\n", encoding="utf-8")
        >>> r = inspect(p)
        >>> r["title"], r["year"], r["removed"]["kinds"]
        ({'value': '某区科学技术局2024年工作总结', 'source': 'title-line'}, {'value': 2024, 'source': 'title-line'}, {'breadcrumb': 1, 'nav': 1})
    """
    parts = read_parts(Path(path), encoding=encoding)
    meta, src, main = parts.meta, parts.source, parts.main
    source = dict(meta.sources)

    def field(name: str, value):
        return {"value": value, "source": source.get(name, "")}

    lines = [ln for ln in main.text.split("\n") if ln.strip()]
    return {
        "file": str(path),
        "format": src.format,
        "encoding": src.encoding,
        "encoding_source": src.encoding_source,
        "pages": src.pages,
        "title": field("title", meta.title),
        "issuer": field("issuer", meta.issuer),
        "year": field("year", meta.year),
        "genre": field("genre", meta.genre),
        "date": field("date", meta.date),
        "dates": {label: parse_date(main.info[label]) for label in ("成文日期", "生成日期", "发布日期")
                  if parse_date(main.info.get(label, ""))},
        "identifiers": [{"scheme": s, "value": v, "source": source.get(f"identifier:{s}", "")}
                        for s, v in meta.identifiers],
        "place": list(meta.place),
        "info": dict(main.info),
        "main_text": {"chars": len(main.text), "lines": len(lines), "head": lines[:head]},
        "removed": {"chars": main.removed_chars + src.removed_chars, "lines": len(main.removed),
                    "kinds": dict(sorted(Counter(k for k, _ in main.removed).items())),
                    "by_reader": src.removed_chars},
        "removed_lines": [[k, line] for k, line in main.removed],
    }


def format_table(r: dict) -> str:
    """The ``kg inspect`` table: one line per fact, its source in brackets."""
    def src(f: dict) -> str:
        return f"{f['value']}  [{f['source']}]" if f["source"] else str(f["value"])

    enc = f"{r['encoding']} ({r['encoding_source']})" if r["encoding"] else "-"
    rows = [("file", r["file"]), ("format", r["format"] + (f", {r['pages']} pages" if r["pages"] else "")),
            ("encoding", enc), ("title", src(r["title"])), ("issuer", src(r["issuer"])), ("year", src(r["year"])),
            ("genre", src(r["genre"]) if r["genre"]["value"] else "-"),
            ("date", src(r["date"]) if r["date"]["value"] else "-")]
    rows += [(f"date {k}", v) for k, v in r["dates"].items()]
    rows += [(f"id {i['scheme']}", f"{i['value']}  [{i['source']}]") for i in r["identifiers"]]
    kinds = ", ".join(f"{k} {n}" for k, n in r["removed"]["kinds"].items()) or "none"
    rows += [("main text", f"{r['main_text']['chars']} chars, {r['main_text']['lines']} lines"),
             ("removed", f"{r['removed']['chars']} chars, {r['removed']['lines']} lines ({kinds})")]
    out = [f"{k:<12}{v}" for k, v in rows]
    out += ["", *(f"  | {ln[:80]}" for ln in r["main_text"]["head"])]
    return "\n".join(out)
