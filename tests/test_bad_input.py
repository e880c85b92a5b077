"""Bad input, systematically: each case is decoded and built, or gets one `Error:` line, exit 1,
and leaves the output folder as it was. Never a traceback."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
META = json.loads(SEED.with_name(SEED.stem + ".meta.json").read_text(encoding="utf-8"))
SMALL = "某市某区科学技术局\n2024年工作总结\n区科技局联合甲乙大学举办丙丁研修培训班，投入资金200万元。\n"


def _meta(**over):
    m = {"title": "t", "issuer": "某市某区科学技术局", "year": 2024, "source": "r.txt", "place": ["某市", "某区"]}
    m.update(over)
    return json.dumps(m, ensure_ascii=False)


# (id, report bytes, metadata text or None, extra CLI args builder, expected: "ok" or error substring)
CASES = [
    ("empty", b"", None, "empty report"),
    ("whitespace", b"  \n\t \r\n", None, "empty report"),
    ("binary", bytes(range(256)) * 40, None, "binary"),
    ("nul-heavy", b"\x00" * 1000, None, "binary"),
    ("truncated-utf8", SMALL.encode("utf-8")[:-2] + b"\xe5\x9b", None, "ok"),   # falls back to GB18030? no: see below
    ("gb18030", SEED_TEXT.encode("gb18030"), json.dumps(META, ensure_ascii=False), "ok"),
    ("gbk", SMALL.encode("gbk"), None, "ok"),
    ("utf16-le-bom", b"\xff\xfe" + SMALL.encode("utf-16-le"), None, "ok"),
    ("utf16-be-bom", b"\xfe\xff" + SMALL.encode("utf-16-be"), None, "ok"),
    ("utf8-bom", b"\xef\xbb\xbf" + SMALL.encode("utf-8"), None, "ok"),
    ("crlf", SMALL.replace("\n", "\r\n").encode("utf-8"), None, "ok"),
    ("control-chars", (SMALL + "\x07\x1b[31m\x0c").encode("utf-8"), None, "ok"),
    ("rtl-marks", ("\u202e" + SMALL + "\u200f\u200e").encode("utf-8"), None, "ok"),
    ("script-in-name", "区科技局建成“<script>alert(1)</script>”工程和《\"引号\\反斜杠\"管理办法》。".encode("utf-8"), None, "ok"),
    ("many-copies", ("区科技局联合甲乙大学举办丙丁研修培训班。" + "甲乙大学、" * 1000 + "甲乙大学。").encode("utf-8"), None, "ok"),
    ("english-only", b"This report is written in English. Nothing to see.", None, "ok"),
    ("meta-bad-json", SMALL.encode("utf-8"), "{oops", "not valid JSON"),
    ("meta-missing-key", SMALL.encode("utf-8"), '{"title": "t", "issuer": "某局", "year": 2024}', "missing key 'source'"),
    ("meta-wrong-type", SMALL.encode("utf-8"), _meta(year="2024"), "'year' must be a int"),
    ("meta-unknown-key", SMALL.encode("utf-8"), _meta(colour="red"), "unknown key(s) colour"),
    ("meta-not-object", SMALL.encode("utf-8"), "[1, 2]", "must be a JSON object"),
    ("meta-bad-year", SMALL.encode("utf-8"), _meta(year=3024), "not a plausible report year"),
    ("meta-empty-issuer", SMALL.encode("utf-8"), _meta(issuer=" "), "must not be empty"),
    ("meta-latin1", SMALL.encode("utf-8"), "\xff".encode("latin-1"), "not valid JSON"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_reports(tmp_path, case):
    name, data, meta, expected = case
    rep = tmp_path / "r.txt"
    rep.write_bytes(data)
    if meta is not None:
        (tmp_path / "r.meta.json").write_bytes(meta.encode("utf-8") if isinstance(meta, str) else meta)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    r = CliRunner().invoke(cli, ["build", str(rep), "-o", str(out), "--no-html"])
    assert "Traceback" not in r.output
    if name == "truncated-utf8":
        # a cut multi-byte character is not UTF-8; the GB18030 fallback either decodes it or says so
        assert r.exit_code in (0, 1)
        if r.exit_code == 1:
            assert r.output.startswith("Error: ") and str(rep) in r.output
        return
    if expected == "ok":
        assert r.exit_code == 0, r.output
        assert (out / "graph.ttl").read_text(encoding="utf-8") != "previous"
    else:
        assert r.exit_code == 1, r.output
        lines = [ln for ln in r.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
        assert expected in lines[0] and ("r.txt" in lines[0] or "r.meta.json" in lines[0]), lines[0]
        assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous"
        assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]


def test_script_label_is_data_not_markup(tmp_path):
    rep = tmp_path / "r.txt"
    rep.write_text("区科技局建成“<script>alert(1)</script>”工程。", encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(rep), "-o", str(out)]).exit_code == 0
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("args,expected", [
    (lambda d: ["build", str(d / "missing.txt")], "no such file"),
    (lambda d: ["build", str(d / "adir") + "/x.txt"], "no such file"),
    (lambda d: ["build", str(d / "emptydir")], "no reports (*.txt) found"),
    (lambda d: ["build", str(SEED), "--ontology", str(d / "bad.ttl")], "does not parse as Turtle"),
    (lambda d: ["build", str(SEED), "--shapes", str(d / "bad.ttl")], "does not parse as Turtle"),
    (lambda d: ["build", str(SEED), "--ontology", str(d / "nope.ttl")], "no such file"),
    (lambda d: ["build", str(SEED), "--curation-dir", str(d / "cur")], "unknown entity"),
    (lambda d: ["build", str(SEED), "--lexicon-dir", str(d / "emptydir")], "lexicon file missing"),
], ids=["missing", "missing-in-dir", "empty-dir", "bad-ontology", "bad-shapes", "missing-ontology",
        "curation-unknown-entity", "missing-lexicon"])
def test_bad_arguments(tmp_path, args, expected):
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "adir").mkdir()
    (tmp_path / "bad.ttl").write_text("@prefix a: <x#> .\na:b a:c a:d a:e .\n", encoding="utf-8")
    (tmp_path / "cur").mkdir()
    (tmp_path / "cur" / f"{SEED.stem}.toml").write_text('[[remove]]\nentity = "不存在"\n', encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, [*args(tmp_path), "-o", str(out)])
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], r.output
    assert not out.exists()


def test_directory_of_reports_with_meta(tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(SEED.with_name(SEED.stem + ".meta.json"), tmp_path / (SEED.stem + ".meta.json"))
    r = CliRunner().invoke(cli, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "--no-html", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["observations"] == 30
