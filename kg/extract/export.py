"""The stable ``kg extract`` interface: ``Extraction`` -> JSON-serialisable records.

``{"kind": "entity", "text", "class" (ontology class IRI), "start", "end"}`` per entity
mention and ``{"kind": "quantity", "text", "value" (number in base unit), "unit", "start",
"end"}`` per figure, in text order. Mentions that only give a metadata entity (the
issuer's name inside a title) or that were split out of another name are not listed.
Other tools read this format; keep it stable.
"""
from __future__ import annotations

from ..model import Extraction

__all__ = ["extraction_records", "ONTOLOGY_NS"]

ONTOLOGY_NS = "https://w3id.org/govkg/ontology#"


def extraction_records(ex: Extraction) -> list[dict]:
    recs = []
    for m in ex.mentions:
        recs.append({"kind": "entity", "text": m.text, "class": ONTOLOGY_NS + m.cls,
                     "start": m.span.start, "end": m.span.end, "entity": m.canonical})
    for q in ex.quantities:
        v = q.value
        recs.append({"kind": "quantity", "text": q.text, "value": int(v) if v == v.to_integral_value() else float(v),
                     "unit": q.unit, "start": q.span.start, "end": q.span.end})
    recs.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    return recs
