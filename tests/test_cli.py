"""The command line: build outputs, the stable `kg extract` interface, one-line errors."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import FIXED_TIME, SEED


@pytest.fixture()
def runner():
    return CliRunner()


def test_build_writes_every_output_and_summary(runner, tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(cli, ["build", str(SEED), "-o", str(out), "--build-time", FIXED_TIME])
    assert r.exit_code == 0, r.output
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "graph.html"):
        assert (out / name).stat().st_size > 1000, name
    assert "SHACL validation: conforms" in r.output
    assert "figures: 30" in r.output
    assert "University" in r.output
    html = (out / "graph.html").read_text(encoding="utf-8")
    import re

    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)   # nothing loads from the network
    assert "vis.Network" in html


def test_build_without_arguments_builds_data_reports(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(cli, ["build", "--no-html", "--json", "--build-time", FIXED_TIME])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.output)
    assert summary["reports"] == 1 and summary["conforms"] is True
    assert (tmp_path / "build" / "graph.ttl").exists()


def test_extract_jsonl_interface(runner):
    r = runner.invoke(cli, ["extract", str(SEED), "--format", "jsonl"])
    assert r.exit_code == 0
    recs = [json.loads(line) for line in r.output.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    ents = [x for x in recs if x["kind"] == "entity"]
    qs = [x for x in recs if x["kind"] == "quantity"]
    assert len(qs) == 29
    for x in recs:
        assert text[x["start"]:x["end"]] == x["text"]
    assert {"kind": "quantity", "text": "697万元", "value": 6970000, "unit": "CNY", "start": 750, "end": 755} in qs
    uni = next(x for x in ents if x["text"] == "重庆大学")
    assert uni["class"] == "https://w3id.org/govkg/ontology#University"
    assert set(uni) >= {"kind", "text", "class", "start", "end"}


def _one_line_error(r, *needles):
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    assert "Traceback" not in r.output
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.mark.parametrize("content,needle", [
    (b"", "empty report"),
    (b"   \n\t ", "empty report"),
    (b"\x00\x01\x02\x03\xff\xfe\x00garbage" * 50, "binary"),
    (b"\x80\x81\xfe\xfd not text \xc3", "retry with --encoding"),
], ids=["empty", "whitespace", "binary", "undecodable"])
def test_bad_reports_give_one_line_errors_and_no_output(runner, tmp_path, content, needle):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    r = runner.invoke(cli, ["build", str(bad), "-o", str(out)])
    _one_line_error(r, str(bad), needle)
    assert not out.exists()


def test_missing_report(runner, tmp_path):
    r = runner.invoke(cli, ["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o")])
    _one_line_error(r, "nope.txt", "no such file")


def test_gb18030_report_is_decoded(runner, tmp_path):
    rep = tmp_path / "gbk.txt"
    rep.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    shutil.copy(SEED.with_name(SEED.stem + ".meta.json"), tmp_path / "gbk.meta.json")
    r = runner.invoke(cli, ["extract", str(rep)])
    assert r.exit_code == 0 and '"text": "重庆大学"' in r.output


@pytest.mark.parametrize("meta,needle", [
    ("{not json", "not valid JSON"),
    ('{"title": "t", "issuer": "某局", "year": 2024}', "missing key 'source'"),
    ('{"title": "t", "issuer": "某局", "year": "2024", "source": "x"}', "'year' must be a int"),
    ('{"title": "t", "issuer": "某局", "year": 2024, "source": "x", "colour": 1}', "unknown key(s) colour"),
], ids=["json", "missing", "type", "unknown"])
def test_malformed_metadata(runner, tmp_path, meta, needle):
    rep = tmp_path / "r.txt"
    rep.write_text("某区科技局建成某某工程研究中心。", encoding="utf-8")
    (tmp_path / "r.meta.json").write_text(meta, encoding="utf-8")
    r = runner.invoke(cli, ["build", str(rep), "-o", str(tmp_path / "o")])
    _one_line_error(r, "r.meta.json", needle)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("toml,needle", [
    ("[[rename]\nentity = 1", "not valid TOML"),
    ('[[rename]]\nentity = "不存在的机构"\nlabel = "x"', "unknown entity '不存在的机构'"),
    ('[[retype]]\nentity = "重庆大学"\nclass = "Universty"', "unknown class 'Universty'"),
    ('[[colour]]\nx = 1', "unknown section(s) colour"),
], ids=["toml", "entity", "class", "section"])
def test_malformed_curation(runner, tmp_path, toml, needle):
    cur = tmp_path / "cur"
    cur.mkdir()
    (cur / f"{SEED.stem}.toml").write_text(toml, encoding="utf-8")
    r = runner.invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "o"), "--curation-dir", str(cur)])
    _one_line_error(r, f"{SEED.stem}.toml", needle)


def test_curation_suggests_close_names(runner, tmp_path):
    cur = tmp_path / "cur"
    cur.mkdir()
    (cur / f"{SEED.stem}.toml").write_text('[[remove]]\nentity = "重庆大学城"', encoding="utf-8")
    r = runner.invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "o"), "--curation-dir", str(cur)])
    _one_line_error(r, "did you mean", "重庆大学")


def test_ontology_that_does_not_parse(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <x#> .\nkg:A a kg:B kg:C .\n", encoding="utf-8")
    r = runner.invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "o"), "--ontology", str(bad)])
    _one_line_error(r, "bad.ttl", "does not parse as Turtle")


def test_failed_build_keeps_previous_outputs(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(SEED), "-o", str(out), "--no-html"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}   # the published files (links)
    current = os.readlink(out / "current")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    # a broken report among several is skipped by default (tests/test_corpus.py); --strict fails the build
    assert runner.invoke(cli, ["build", str(SEED), str(bad), "-o", str(out), "--strict"]).exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert os.readlink(out / "current") == current


def test_validate_command_exit_codes(runner, built_dir, tmp_path):
    assert runner.invoke(cli, ["validate", str(built_dir / "graph.ttl")]).exit_code == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://w3id.org/govkg/ontology#> .\n<urn:x> a kg:Observation .\n", encoding="utf-8")
    r = runner.invoke(cli, ["validate", str(broken)])
    assert r.exit_code == 1 and "violation" in r.output
    nonsense = tmp_path / "nonsense.ttl"
    nonsense.write_text("this is not turtle", encoding="utf-8")
    assert runner.invoke(cli, ["validate", str(nonsense)]).exit_code == 2
