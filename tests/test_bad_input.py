"""Bad input, systematically: each case is decoded and built, or gets one `Error:` line, exit 1,
and leaves the output folder as it was. Never a traceback."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.vocab import KG, OA
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
    ("truncated-utf8", SMALL.encode("utf-8")[:-2] + b"\xe5\x9b", None, "ok"),   # cut inside its last character: the partial character is dropped with a warning
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


# --- more bad input: encodings, sizes, curation files, directories, permissions, kg query ---------

def _snapshot(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())} if d.exists() else None


def _one_error(r, *needles: str) -> str:
    """The result is exit 1 with exactly one `Error: ...` line holding every needle, no traceback."""
    assert "Traceback" not in r.output, r.output
    assert r.exit_code == 1, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    for n in needles:
        assert n.lower() in lines[0].lower(), (n, lines[0])
    return lines[0]


def _build(tmp_path, *args):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    before = _snapshot(out)
    r = CliRunner().invoke(cli, ["build", *map(str, args), "-o", str(out), "--no-html", "--no-cache"])
    return r, out, before


RARE = "某市某区科学技术局\n2024年工作总结\n区科技局联合𠀀𪚥大学举办€研修班，投入资金200万元。\n"   # 4-byte GB18030


@pytest.mark.parametrize("data", [
    RARE.encode("gb18030"),
    "\ufeff".encode("utf-16-le") + RARE.encode("utf-16-le"),
    "\ufeff".encode("utf-16-be") + RARE.encode("utf-16-be"),
    RARE.encode("utf-16-le"),                                   # no byte-order mark
    RARE.encode("utf-16-be"),
    "\ufeff".encode("utf-32-le") + RARE.encode("utf-32-le"),
    RARE.encode("utf-8")[:-2],                                  # cut inside the last character
    RARE.replace("\n", "\r").encode("utf-8"),                   # old Mac line ends
], ids=["gb18030-4byte", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom", "utf32le-bom",
        "utf8-cut-last-char", "cr-only"])
def test_encodings_are_decoded_and_built(tmp_path, data):
    rep = tmp_path / "r.txt"
    rep.write_bytes(data)
    r, out, _ = _build(tmp_path, rep)
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    from rdflib import Graph, Literal

    g = Graph().parse(out / "graph.ttl", format="turtle")
    sentences = {str(o) for o in g.objects(None, KG.text)}
    # the rare characters came through decoded, not as mojibake or replacement characters
    assert any("𠀀𪚥大学" in s and "€" in s for s in sentences), sentences
    assert not any("\ufffd" in s for s in sentences)
    assert Literal("200万元") in set(g.objects(None, KG.exact)) or any("200万元" in s for s in sentences)


def test_a_report_over_the_size_limit_is_refused_at_once(tmp_path):
    """50 MB: refused before it is read, with the limit and how to raise it (building it would
    need about 150 GB of memory: 3 KB of graph per byte of text)."""
    rep = tmp_path / "r.txt"
    with rep.open("wb") as f:
        line = SMALL.encode("utf-8")
        for _ in range(50_000_000 // len(line) + 1):
            f.write(line)
    assert rep.stat().st_size >= 50_000_000
    r, out, before = _build(tmp_path, rep)
    _one_error(r, "r.txt", "50.0 MB", "KG_MAX_REPORT_MB")
    assert _snapshot(out) == before


@pytest.mark.slow
def test_ten_thousand_copies_of_one_entity(tmp_path):
    rep = tmp_path / "r.txt"
    rep.write_text("区科技局联合甲乙大学举办丙丁研修培训班。" + "甲乙大学、" * 10_000 + "甲乙大学。", encoding="utf-8")
    r, out, _ = _build(tmp_path, rep)
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    g = Graph().parse(out / "graph.ttl", format="turtle")
    nodes = set(g.subjects(RDFS.label, Literal("甲乙大学", lang="zh")))
    assert len(nodes) == 1                                           # one entity ...
    (uni,) = nodes
    assert (uni, RDF.type, KG.University) in g
    mentions = set(g.subjects(OA.hasBody, uni))
    assert len(mentions) == 10_002                                   # ... with every mention
    assert all(isinstance(m, URIRef) for m in mentions)


@pytest.mark.slow
def test_fifty_megabytes_extract_in_bounded_time_and_memory():
    """The extractor alone on 50 MB of report text (the seed, repeated): finishes, spans exact.
    The time is printed (run with -s); the build refuses such a report (size limit above)."""
    import resource
    import time
    from pathlib import Path

    from kg.extract import extract
    from kg.model import Document, ReportMeta

    text = (SEED_TEXT * (50_000_000 // len(SEED_TEXT.encode("utf-8")) + 1))
    text = text[: len(text) * 50_000_000 // len(text.encode("utf-8"))]
    meta = ReportMeta(title="t", issuer=META["issuer"], year=META["year"], source="x.txt", place=tuple(META["place"]))
    t0 = time.perf_counter()
    ex = extract(Document("d", Path("x.txt"), text, meta))
    took = time.perf_counter() - t0
    print(f"\n50 MB extract: {len(text):,} characters in {took:.0f} s, {len(ex.mentions):,} mentions, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    whole_copies = len(text) // len(SEED_TEXT)   # the last copy is cut short
    assert text.count(SEED_TEXT) == whole_copies > 0
    per_copy = len(extract(Document("d", Path("x.txt"), SEED_TEXT, meta)).quantities)
    assert len(ex.quantities) >= per_copy * whole_copies
    for q in ex.quantities[::997]:
        assert text[q.span.start:q.span.end] == q.text


CURATION = [
    ("bad-toml", "[[rename]\nentity = 'x'\n", "not valid TOML"),
    ("unknown-section", "[[colour]]\nentity = 'x'\n", "unknown section(s) colour; valid: rename"),
    ("unknown-entity", "[[remove]]\nentity = '重庆大写'\nreason = 't'\n", "unknown entity '重庆大写'; did you mean: 重庆大学"),
    ("not-an-array", "rename = 'x'\n", "'rename' must be an array of tables"),
    ("missing-key", "[[rename]]\nentity = '重庆大学'\n", "[[rename]] #1: missing 'label'"),
    ("wrong-type", "[[rename]]\nentity = 1\nlabel = 'x'\n", "'entity' must be a str"),
    ("unknown-class", "[[retype]]\nentity = '重庆大学'\nclass = 'Univ'\n", "unknown class 'Univ'; valid:"),
    ("not-utf8", "[[remove]]\nentity = '重庆大学'\n".encode("gb18030"), "not valid TOML"),
]


@pytest.mark.parametrize("case", CURATION, ids=[c[0] for c in CURATION])
def test_malformed_curation_files(tmp_path, case):
    _, text, expected = case
    cur = tmp_path / "cur"
    cur.mkdir()
    target = cur / f"{SEED.stem}.toml"
    target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    r, out, before = _build(tmp_path, SEED, "--curation-dir", cur)
    _one_error(r, f"{SEED.stem}.toml", expected)
    assert _snapshot(out) == before


@pytest.mark.parametrize("where", ["report", "metadata", "curation", "ontology", "shapes"])
def test_a_directory_where_a_file_belongs(tmp_path, where):
    rep = tmp_path / "r.txt"
    rep.write_text(SMALL, encoding="utf-8")
    args: list = [rep]
    if where == "report":
        rep.unlink()
        rep.mkdir()
    elif where == "metadata":
        (tmp_path / "r.meta.json").mkdir()
    elif where == "curation":
        (tmp_path / "cur" / "r.toml").mkdir(parents=True)
        args += ["--curation-dir", tmp_path / "cur"]
    else:
        (tmp_path / "d").mkdir()
        args += [f"--{where}", tmp_path / "d"]
    r, out, before = _build(tmp_path, *args)
    named = {"report": "r.txt", "metadata": "r.meta.json", "curation": "r.toml", "ontology": "d", "shapes": "d"}[where]
    line = _one_error(r, named)
    assert "directory" in line.lower() or "no reports" in line.lower(), line
    assert _snapshot(out) == before


def _without_root_overrides() -> None:
    """In the child, before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the capability
    bounding set, so root (as in setup and CI) is refused a file its mode forbids, like any user;
    it stays uid 0, so the interpreter under /root is still found."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):   # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH (linux/capability.h)
        if libc.prctl(24, cap, 0, 0, 0) != 0:   # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize("what", ["report", "metadata", "curation"])
def test_an_unreadable_file(tmp_path, what):
    """Runs as root too: the build runs in a child process that root's overrides were taken from."""
    import os
    import subprocess
    import sys
    from types import SimpleNamespace

    rep = tmp_path / "r.txt"
    rep.write_text(SMALL, encoding="utf-8")
    target = {"report": rep, "metadata": tmp_path / "r.meta.json", "curation": tmp_path / "cur" / "r.toml"}[what]
    if what != "report":
        target.parent.mkdir(exist_ok=True)
        target.write_text(_meta() if what == "metadata" else "", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    before = _snapshot(out)
    target.chmod(0)
    try:
        p = subprocess.run([sys.executable, "-m", "kg", "build", str(rep), "--curation-dir", str(tmp_path / "cur"),
                            "-o", str(out), "--no-html", "--no-cache", "-j", "1"], capture_output=True, text=True,
                           timeout=300, preexec_fn=_without_root_overrides if os.geteuid() == 0 else None)
        _one_error(SimpleNamespace(output=p.stdout + p.stderr, exit_code=p.returncode), target.name,
                   "permission denied")
        assert _snapshot(out) == before
    finally:
        target.chmod(0o644)


def test_library_errors_name_the_unreadable_metadata_and_curation(tmp_path):
    """Below the CLI too: the stages raise their own errors, not OSError."""
    from kg.curate import apply_curation
    from kg.errors import CurationError, MetadataError
    from kg.ingest import read_meta

    rep = tmp_path / "r.txt"
    rep.write_text(SMALL, encoding="utf-8")
    (tmp_path / "r.meta.json").mkdir()
    with pytest.raises(MetadataError, match=r"r\.meta\.json: cannot read"):
        read_meta(rep, SMALL)
    (tmp_path / "c.toml").mkdir()
    with pytest.raises(CurationError, match=r"c\.toml: cannot read"):
        apply_curation(None, tmp_path / "c.toml", classes=set(), predicates=set(), key_of=lambda *a: "")


def test_sparql_syntax_error_is_one_line_with_line_and_column(built_dir):
    r = CliRunner().invoke(cli, ["query", "SELECT ?s WHERE {\n  ?s ?p ?o . FILTR(?o)\n}", "--graph",
                                 str(built_dir / "graph.ttl")])
    _one_error(r, "syntax error", "line 2", "column", "FILTR")


@pytest.mark.parametrize("graph", ["graph.ttl", "graph.trig"])
def test_a_query_that_never_ends_is_stopped(built_dir, graph):
    import subprocess
    import sys
    import time
    from pathlib import Path

    kg = str(Path(sys.executable).with_name("kg"))
    never = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.monotonic()
    try:
        r = subprocess.run([kg, "query", never, "--graph", str(built_dir / graph), "--timeout", "2"],
                           capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("kg query ran for 60 s")
    assert r.returncode == 1 and r.stdout == "", (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "time limit of 2 s" in lines[0], r.stderr
    assert time.monotonic() - t0 < 50


def test_the_time_limit_stops_an_oxigraph_query_and_spares_quick_ones():
    """The library call: a runaway query on a pyoxigraph store stops, a quick one answers."""
    import pyoxigraph as ox

    from kg.errors import QueryError
    from kg.query import run_query

    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)))
                 for i in range(2000))
    never = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match="time limit of 1 s"):
        run_query(store, never, timeout=1)
    r = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }", timeout=30)
    assert r.values() == [(2000,)]
    g = run_query(store, "CONSTRUCT { ?a <urn:q> ?c } WHERE { ?a ?b ?c }", timeout=30).graph
    assert g is not None and len(g) == 2000


# --- a file that names no issuer or year: built, with a warning that says what was made up ----------

def test_a_report_that_names_no_issuer_or_year_is_built_with_a_warning_that_says_so(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("会议记录：讨论了三项工作，下次再议。\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["build", str(SEED), str(notes), "-o", str(tmp_path / "out"), "--no-html", "--no-cache"])
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    warnings = [ln for ln in r.output.splitlines() if ln.startswith("Warning: ")]
    assert len(warnings) == 1, r.output
    assert f"{notes}: no issuer and no year found (未具名发布机构 and 2000 used)" in warnings[0]
    assert f"kg inspect {notes}" in warnings[0] and "notes.meta.json" in warnings[0]
    # the seed names both: no warning
    r = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "out2"), "--no-html", "--no-cache"])
    assert r.exit_code == 0 and "Warning" not in r.output, r.output


def test_many_reports_without_issuer_are_counted_after_the_first_five():
    from kg.corpus import defaults_warnings

    got = defaults_warnings([(Path(f"c/r{i}.txt"), (("year", "2000"),)) for i in range(9)])
    assert len(got) == 6 and got[0].startswith("c/r0.txt: no year found (2000 used)") and got[0].endswith("can give it")
    assert got[-1] == "4 more reports with no issuer or year of their own, e.g. r5.txt, r6.txt, r7.txt"
