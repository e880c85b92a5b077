"""Two builds of the same inputs give byte-identical files; only the PROV time can differ."""
from __future__ import annotations

from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli
from tests.conftest import FIXED_TIME, SEED

FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "graph.html")


def _build(out, *extra):
    r = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(out), *extra])
    assert r.exit_code == 0, r.output
    return {name: (out / name).read_bytes() for name in FILES}


def test_byte_identical_with_fixed_time(tmp_path):
    a = _build(tmp_path / "a", "--build-time", FIXED_TIME)
    b = _build(tmp_path / "b", "--build-time", FIXED_TIME)
    for name in FILES:
        assert a[name] == b[name], name


def test_source_date_epoch_fixes_the_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")        # 2025-01-01T00:00:00Z
    a = _build(tmp_path / "a")
    b = _build(tmp_path / "b", "--build-time", FIXED_TIME)
    assert a["graph.ttl"] == b["graph.ttl"]


def test_only_the_build_time_differs_otherwise(tmp_path):
    a = _build(tmp_path / "a", "--build-time", "2025-01-01T00:00:00Z")
    b = _build(tmp_path / "b", "--build-time", "2025-06-01T12:00:00Z")
    ga, gb = Graph().parse(data=a["graph.ttl"], format="turtle"), Graph().parse(data=b["graph.ttl"], format="turtle")
    from rdflib import BNode

    # axiom annotations are blank nodes: parsing gives them fresh names, so compare the rest
    diff = {(str(p), str(o)) for s, p, o in set(ga) ^ set(gb) if not isinstance(s, BNode)}
    assert {p for p, _ in diff} == {"http://www.w3.org/ns/prov#startedAtTime"}


def test_trig_has_one_named_graph_per_report_and_parses(tmp_path):
    a = _build(tmp_path / "a", "--build-time", FIXED_TIME)
    ds = Dataset()
    ds.parse(data=a["graph.trig"], format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert any("/report/" in n for n in names)
    assert {"https://w3id.org/govkg/id/graph/inferred", "https://w3id.org/govkg/id/graph/provenance"} <= names
    from rdflib import BNode

    union = {t for g in ds.graphs() for t in g if not isinstance(t[0], BNode)}
    ttl = {t for t in Graph().parse(data=a["graph.ttl"], format="turtle") if not isinstance(t[0], BNode)}
    assert union == ttl                      # same triples, literals with line breaks included


def test_byte_identical_across_processes_hash_seeds_workers_and_cache(tmp_path):
    """Separate processes (different PYTHONHASHSEED, so set and dict orders differ), one worker
    or two, a cold cache or a warm one: the same bytes."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import DEV_DIR

    kg = str(Path(sys.executable).with_name("kg"))
    reports = [str(SEED), str(sorted(DEV_DIR.glob("*.txt"))[0])]
    outs = []
    for seed, jobs in (("1", "1"), ("2", "2"), ("3", "2")):     # the first run fills the cache, the others read it
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([kg, "build", *reports, "-o", str(out), "--build-time", FIXED_TIME, "-j", jobs,
                            "--cache-dir", str(tmp_path / "cache")], capture_output=True, text=True, env=env,
                           timeout=600)
        assert r.returncode == 0, r.stderr
        outs.append({name: (out / name).read_bytes() for name in FILES})
    for name in FILES:
        assert outs[0][name] == outs[1][name] == outs[2][name], name
