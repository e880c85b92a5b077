"""Extraction quality on the seed and the development corpus, before curation (issue 6 targets)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import cli
from kg.evaluate import PRF


def test_prf_arithmetic():
    p = PRF(tp=8, fp=2, fn=0)
    assert (p.precision, p.recall, round(p.f1, 4)) == (0.8, 1.0, 0.8889)


def test_raw_quality_meets_targets():
    r = CliRunner().invoke(cli, ["eval", "--format", "json"])
    assert r.exit_code == 0, r.output
    reports = json.loads(r.output)["reports"]
    overall = reports[-1]
    assert overall["report"] == "overall" and len(reports) == 8      # seed + 6 dev + overall
    assert overall["entities"]["overall"]["f1"] >= 0.90
    assert overall["mentions"]["overall"]["f1"] >= 0.90
    assert overall["figures"]["overall"]["f1"] >= 0.95
    assert overall["relations"]["overall"]["f1"] >= 0.75


def test_curated_seed_is_perfect():
    r = CliRunner().invoke(cli, ["eval", "data/reports", "--curated", "--format", "json"])
    seed = json.loads(r.output)["reports"][0]
    assert all(seed[lv]["overall"]["f1"] == 1.0 for lv in ("mentions", "entities", "figures", "relations"))
