"""The candidate mention passed between the recognisers and resolution.

Takes nothing; gives ``Candidate``: a span with its class, canonical label and where it came from.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Span

__all__ = ["Candidate"]


@dataclass(frozen=True, slots=True)
class Candidate:
    span: Span
    text: str
    cls: str
    canonical: str
    source: str
    scope: bool = False        # True: only meaningful inside the issuing body's report
    relation: str = ""         # "sub": sub-organization of the issuer
    note: str = ""             # why an ambiguous short form was read as a name (ambiguous.tsv)
    template: str = ""         # canonical-name template of a body short form (bodies.tsv, departments.tsv)
