"""Extract stage: ``Document`` -> ``Extraction``.

The rule extractor chains: layout (``text``) -> figures (``figures``) -> names
(``names``) -> entity resolution (``resolve``) -> measures and relations (``measures``).
Its output is a pure function of (text, metadata, lexicons), so a corpus can be mapped
over processes or a cluster unchanged. Extractors are looked up by name in ``EXTRACTORS``.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..model import Document, Extraction, Relation
from .figures import find_quantities
from .lexicon import DEFAULT_LEXICON_DIR, Lexicon, load_lexicon
from .measures import find_measures
from .names import find_candidates
from .resolve import entity_key, resolve
from .spans import SpanIndex
from .text import sentences

__all__ = ["extract", "EXTRACTORS", "load_lexicon", "Lexicon", "entity_key", "VERSION"]

VERSION = "1.0.0"
EXTRACTORS = ("rules", "rules+lac")


def extract(doc: Document, *, extractor: str = "rules", lexicon_dir: Path | str = DEFAULT_LEXICON_DIR) -> Extraction:
    """Find mentions, entities, figures, measures and relations in one document.

    Example:
        >>> from kg.model import Document, ReportMeta
        >>> from pathlib import Path
        >>> meta = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
        >>> doc = Document("d1", Path("x.txt"), "区科技局联合甲乙大学举办丙丁研修培训班，投入资金200万元。", meta)
        >>> ex = extract(doc)
        >>> sorted((e.label, e.cls) for e in ex.entities if not e.derived)
        [('丙丁研修培训班', 'Event'), ('某市某区科学技术局', 'GovernmentBody'), ('甲乙大学', 'University')]
        >>> [(str(q.value), q.unit) for q in ex.quantities]
        [('2000000', 'CNY')]
    """
    if extractor not in EXTRACTORS:
        raise ConfigError(f"unknown extractor '{extractor}'; choose one of: {', '.join(EXTRACTORS)}")
    lex = load_lexicon(Path(lexicon_dir))
    text = doc.text
    planned_words = _planned_words(Path(lexicon_dir))
    sents = sentences(text, year=doc.meta.year, planned_words=planned_words)
    quantities = find_quantities(text, lex)
    extra = []
    if extractor == "rules+lac":
        from .statistical import lac_candidates

        extra = lac_candidates(text, lex)
    cands = find_candidates(text, lex, doc.meta, protect=[q.span for q in quantities], extra=extra)
    # figures inside names or quoted program names are part of the name, not figures
    names = SpanIndex(c.span for c in cands)
    quantities = [q for q in quantities if not names.overlaps(q.span)]
    mentions, entities, rels = resolve(doc, cands, lex)
    issuer = entity_key(doc.meta.issuer)
    measures, quantities, mrels = find_measures(doc, sents, mentions, entities, quantities, lex, issuer)
    return Extraction(document=doc, sentences=tuple(sents), mentions=tuple(mentions), entities=tuple(entities),
                      quantities=tuple(quantities), measures=tuple(measures), relations=tuple(_merge(rels, mrels)),
                      extractor=f"{extractor}@{VERSION}+lexicon.{lex.digest}")


def _planned_words(d: Path) -> frozenset[str]:
    f = d / "sections.tsv"
    if not f.exists():
        return frozenset()
    return frozenset(line.split("\t")[0].strip() for line in f.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _merge(a: list[Relation], b: list[Relation]) -> list[Relation]:
    seen, out = set(), []
    for r in a + b:
        k = (r.subject, r.predicate, r.object)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out
