"""The real-report evaluation set (data/real): manifest and gold agree, gold follows the
guideline's vocabulary, and — where the page texts are present (they are never committed) —
every gold name and figure occurs in its text. Plus the multiset scorer on a text of ours."""
from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kg.model import Document, Entity, Extraction, Mention, Quantity, ReportMeta, Span
from kg.realset import (DEFAULT_REAL_DIR, check_gold_against_text, indicator_right, load_manifest, load_real_gold,
                        score_real)

ROOT = Path(__file__).resolve().parent.parent
CLASSES = {line.split()[0][3:] for line in (ROOT / "ontology" / "kg.ttl").read_text(encoding="utf-8").splitlines()
           if line.startswith("kg:") and " a owl:Class" in line}
UNITS = {"CNY", "percent", "count", "year", "percentage_point"}
KINDS = {"fazhi", "summary", "plan", "xxgk", "other"}
ENTRIES = load_manifest(DEFAULT_REAL_DIR)


def test_manifest_and_gold_files_agree_one_to_one():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    gold_ids = {p.name.removesuffix(".gold.json") for p in (DEFAULT_REAL_DIR / "gold").glob("*.gold.json")}
    assert gold_ids == set(ids)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_gold_uses_the_guideline_vocabulary(entry):
    gold = load_real_gold(entry.gold_path(DEFAULT_REAL_DIR))
    assert gold["report"] == f"{entry.id}.txt"
    assert entry.kind in KINDS and 2000 <= entry.year <= 2030 and entry.issuer and entry.url.startswith("http")
    for e in gold["entities"]:
        assert e["class"] in CLASSES, e
        assert e["text"] and e["entity"] and int(e.get("count", 1)) >= 1, e
    for f in gold["figures"]:
        assert f["unit"] in UNITS, f
        Decimal(str(f["value"]))
        assert int(f.get("count", 1)) >= 1, f
    # split rule of data/real/README.md: every third report is kept aside; a batch gathered to be
    # measured blind is aside as a whole
    number = int(entry.id[1:3])
    assert entry.split == ("aside" if entry.raw.get("batch") or number % 3 == 0 else "dev")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_gold_name_and_figure_occurs_in_its_text(entry):
    path = entry.text_path(DEFAULT_REAL_DIR)
    if not path.is_file():
        pytest.skip(f"{path.name}: page text not on this machine (never committed)")
    text = path.read_text(encoding="utf-8")
    assert check_gold_against_text(load_real_gold(entry.gold_path(DEFAULT_REAL_DIR)), text) == []


def test_indicator_rule_accepts_the_counted_noun_and_rejects_stray_words():
    assert indicator_right("普法讲座", "普法讲座")
    assert indicator_right("合格率", "参考率、合格率") is True       # the gold names two rates, the prediction one
    assert not indicator_right("提前", "技术合同成交额")
    assert not indicator_right("组织全体干部职工参加普法讲座", "普法讲座")   # swallows the clause


def _extraction(text: str, names: list[tuple[str, str]], figures: list[tuple[str, str, str, tuple]]) -> Extraction:
    """A hand-made extraction: each name and figure at its first free occurrence in ``text``."""
    meta = ReportMeta(title="t", issuer="某市某区科学技术局", year=2024, source="x.txt")
    doc = Document("d", Path("x.txt"), text, meta)
    mentions, entities, quantities, start = [], [], [], {}
    for surface, cls in names:
        i = text.index(surface, start.get(surface, 0))
        start[surface] = i + 1
        m = Mention(Span(i, i + len(surface)), surface, cls, surface)
        mentions.append(m)
        entities.append(Entity(key=f"e{len(entities)}", label=surface, cls=cls, mentions=(m,)))
    for surface, value, unit, indicators in figures:
        i = text.index(surface)
        quantities.append(Quantity(Span(i, i + len(surface)), surface, Decimal(value), unit, indicators=indicators))
    return Extraction(document=doc, sentences=(), mentions=tuple(mentions), entities=tuple(entities),
                      quantities=tuple(quantities), measures=(), relations=(), extractor="hand")


def test_scorer_counts_mentions_as_multisets_and_pairs_figures_by_value():
    text = "某市某区科学技术局联合甲乙大学举办丙丁研修培训班3场，甲乙大学投入资金200万元，完成率100%。"
    ex = _extraction(text, [("某市某区科学技术局", "GovernmentBody"), ("甲乙大学", "University"),
                            ("甲乙大学", "University"), ("丙丁研修培训班", "Program")],
                     [("3场", "3", "count", ("丙丁研修培训班",)), ("200万元", "2000000", "CNY", ("投入",)),
                      ("100%", "100", "count", ())])
    gold = {"entities": [{"text": "甲乙大学", "class": "University", "entity": "甲乙大学", "count": 2},
                         {"text": "丙丁研修培训班", "class": "Event", "entity": "丙丁研修培训班", "count": 1},
                         {"text": "某市某区科学技术局", "class": "GovernmentBody", "entity": "某市某区科学技术局"},
                         {"text": "戊己实验室", "class": "ResearchCenter", "entity": "戊己实验室"}],
            "figures": [{"text": "200万元", "value": "2000000", "unit": "CNY", "indicator": "资金"},
                        {"text": "3场", "value": "3", "unit": "count", "indicator": "研修培训班"},
                        {"text": "100%", "value": "100", "unit": "percent", "indicator": "完成率"}]}
    s = score_real(ex, gold)
    m = s.total("mentions")
    assert (m.tp, m.fp, m.fn) == (3, 1, 2)            # the Program is a wrong class: one fp and one fn
    assert ["丙丁研修培训班", "Program", 1] in s.errors["mentions"]["fp"]
    assert ["戊己实验室", "ResearchCenter", 1] in s.errors["mentions"]["fn"]
    e = s.total("entities")
    assert (e.tp, e.fp, e.fn) == (2, 1, 2)
    f = s.total("figures")
    assert (f.tp, f.fp, f.fn) == (2, 1, 1)            # 100 as a count is not 100 percent
    assert (s.indicators_right, s.indicators_scored) == (1, 2)   # 研修培训班 is inside the prediction; 投入 is wrong


def test_gold_text_check_reports_missing_and_overcounted_names():
    gold = {"entities": [{"text": "甲乙大学", "class": "University", "entity": "甲乙大学", "count": 2}],
            "figures": [{"text": "3场", "value": "3", "unit": "count", "indicator": "x"}]}
    problems = check_gold_against_text(gold, "甲乙大学举办了活动")
    assert len(problems) == 2 and "counted 2, occurs 1" in problems[0]


def test_eval_on_the_real_set_says_clearly_when_the_texts_are_absent(tmp_path):
    from kg.errors import InputError
    from kg.realset import evaluate_split

    (tmp_path / "manifest.jsonl").write_text(json.dumps({"id": "r01_x", "url": "http://x", "split": "dev"}) + "\n",
                                             encoding="utf-8")
    with pytest.raises(InputError, match=r"no texts of the real-report set here \(1 reports in the manifest"):
        evaluate_split("dev", real_dir=tmp_path)


def test_the_set_is_broad_enough_to_measure_real_text():
    """Issue 12's floor: 40 reports, 25 issuers, the genre's kinds, bureaus beyond science and
    technology, several levels and provinces; a third kept aside."""
    assert len(ENTRIES) >= 40
    assert len({e.issuer for e in ENTRIES}) >= 25
    assert {"fazhi", "summary", "xxgk"} <= {e.kind for e in ENTRIES}
    assert len({e.raw["sector"] for e in ENTRIES} - {"kj"}) >= 6
    assert len({e.raw["level"] for e in ENTRIES}) >= 4 and len({e.raw["province"] for e in ENTRIES}) >= 10
    manifest = [e for e in ENTRIES if e.raw["set"] == "manifest"]
    assert sum(e.split == "aside" for e in manifest) == len(manifest) // 3
