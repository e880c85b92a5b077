"""Gold annotations are well formed: every span slices the decoded report text exactly."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib.namespace import OWL, RDF

from kg.ingest import read_document
from kg.vocab import KG
from tests.conftest import DEV_DIR, GOLD_DIR, REPORTS_DIR

REPORTS = sorted(REPORTS_DIR.glob("*.txt")) + sorted(DEV_DIR.glob("*.txt"))


@pytest.mark.parametrize("report", REPORTS, ids=[r.stem for r in REPORTS])
def test_gold_spans_and_classes(report, ontology):
    gold = json.loads((GOLD_DIR / f"{report.stem}.gold.json").read_text(encoding="utf-8"))
    text = read_document(report).text
    classes = {str(c).split("#")[1] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG._NS))}
    assert len(gold["entities"]) >= 15 and len(gold["quantities"]) >= 15
    for e in gold["entities"]:
        assert text[e["start"]:e["end"]] == e["text"] and e["class"] in classes
    for q in gold["quantities"]:
        assert text[q["start"]:q["end"]] == q["text"]
        Decimal(q["value"])
    labels = {e["entity"] for e in gold["entities"]} | {read_document(report).meta.issuer}
    for r in gold["relations"]:
        assert r["subject"] in labels or r["object"] in labels
