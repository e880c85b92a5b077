"""A build's outputs are published as one set (kg.atomic.BuildSet).

A build in a subprocess is stopped (SIGSTOP) or made to exit at each step of its publication
through the ``KG_TEST_PUBLISH`` hook; a reader then sees every output of the previous build or
every output of the new one, never a mix: the small-build files, the kept main texts
(``texts/``) and, for store builds, the store, ``graph.nq`` and ``graph.html``. Older builds are
pruned to the last two. (tests/test_faults.py SIGKILLs builds at unannounced moments.)
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.atomic import BUILDS, CURRENT, KEEP_BUILDS

KG_BIN = str(Path(sys.executable).with_name("kg"))
OLD, NEW = "2025-01-01T00:00:00Z", "2025-02-02T00:00:00Z"
SMALL_FILES = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "graph.html", "texts")
STORE_FILES = ("graph.nq", "graph.html", "store", "texts")
# a web page: its main text is kept as texts/page.txt, which belongs to the set
PAGE = ("<html><head><meta name='ArticleTitle' content='某市某区科学技术局2024年工作总结'></head><body>"
        "<h1>某市某区科学技术局2024年工作总结</h1><p>2024年，区科技局联合甲乙大学举办丙丁研修培训班，投入资金{n}万元。</p>"
        "</body></html>")


def _report(tmp_path: Path, n: int) -> Path:
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(n=n), encoding="utf-8")
    return page


def _cmd(report: Path, out: Path, when: str, *extra: str) -> list[str]:
    return [KG_BIN, "build", str(report), "-o", str(out), "--build-time", when, "--no-cache", "-j", "1", *extra]


def _set_of(out: Path, names) -> str:
    """The one build folder every published name resolves into (fails on a mix)."""
    homes = {Path(os.path.realpath(out / n)).parent for n in names}
    assert len(homes) == 1, homes
    home = homes.pop()
    assert home == Path(os.path.realpath(out / CURRENT))
    return home.name


def _stopped(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "T"


def _when(out: Path) -> str:
    """The build time the published graph states, read through the stable names."""
    text = (out / "graph.nq").read_text(encoding="utf-8")
    return OLD if OLD[:19] in text else NEW if NEW[:19] in text else "?"


@pytest.mark.parametrize("point, published", [
    ("after-first-write", "old"), ("before-fsync", "old"), ("before-switch", "old"), ("after-switch", "new")])
def test_a_reader_sees_the_old_set_or_the_new_one_at_every_step(tmp_path, point, published):
    out = tmp_path / "out"
    subprocess.run(_cmd(_report(tmp_path, 100), out, OLD), check=True, capture_output=True, timeout=300)
    old = _set_of(out, SMALL_FILES)
    old_text = (out / "texts" / "page.txt").read_text(encoding="utf-8")
    proc = subprocess.Popen(_cmd(_report(tmp_path, 200), out, NEW), env={**os.environ, "KG_TEST_PUBLISH": f"pause:{point}"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not _stopped(proc.pid):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.01)
        # the build is frozen at `point`: read everything a user would
        now = _set_of(out, SMALL_FILES)
        assert (now == old) == (published == "old")
        assert _when(out) == (OLD if published == "old" else NEW)
        assert ("100万元" in (out / "texts" / "page.txt").read_text(encoding="utf-8")) == (published == "old")
        Graph().parse(out / "graph.ttl", format="turtle")
    finally:
        proc.send_signal(signal.SIGCONT)
        assert proc.wait(timeout=120) == 0
    assert _set_of(out, SMALL_FILES) != old and _when(out) == NEW
    assert "200万元" in (out / "texts" / "page.txt").read_text(encoding="utf-8") != old_text


@pytest.mark.parametrize("point", ["after-first-write", "before-switch", "after-switch"])
def test_a_build_that_dies_while_publishing_leaves_one_whole_set(tmp_path, point):
    out = tmp_path / "out"
    subprocess.run(_cmd(_report(tmp_path, 100), out, OLD), check=True, capture_output=True, timeout=300)
    old = _set_of(out, SMALL_FILES)
    r = subprocess.run(_cmd(_report(tmp_path, 200), out, NEW), env={**os.environ, "KG_TEST_PUBLISH": point},
                       capture_output=True, timeout=300)
    assert r.returncode == 86
    assert (_set_of(out, SMALL_FILES) == old) == (point != "after-switch")
    assert _when(out) == (NEW if point == "after-switch" else OLD)
    # the next build publishes and removes the dead build's folder if it was never published
    subprocess.run(_cmd(_report(tmp_path, 300), out, NEW), check=True, capture_output=True, timeout=300)
    kept = sorted(p.name for p in (out / BUILDS).iterdir())
    assert len(kept) == KEEP_BUILDS and _set_of(out, SMALL_FILES) in kept


def test_a_store_build_publishes_store_nquads_page_and_texts_as_one_set(tmp_path):
    out = tmp_path / "out"
    subprocess.run(_cmd(_report(tmp_path, 100), out, OLD, "--store", str(out / "store")), check=True,
                   capture_output=True, timeout=300)
    old = _set_of(out, STORE_FILES)
    r = subprocess.run(_cmd(_report(tmp_path, 200), out, NEW, "--store", str(out / "store")),
                       env={**os.environ, "KG_TEST_PUBLISH": "before-switch"}, capture_output=True, timeout=300)
    assert r.returncode == 86 and _set_of(out, STORE_FILES) == old and _when(out) == OLD
    q = subprocess.run([KG_BIN, "query", "ASK { ?s ?p ?o }", "--graph", str(out / "store"), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert q.returncode == 0 and "true" in q.stdout
    subprocess.run(_cmd(_report(tmp_path, 200), out, NEW, "--store", str(out / "store")), check=True,
                   capture_output=True, timeout=300)
    assert _set_of(out, STORE_FILES) != old and _when(out) == NEW
    assert not (out / "graph.ttl").exists()     # not a store build's output: not in its set


def test_old_builds_are_pruned_to_the_last_two_and_links_are_made_once(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path / "out"
    seen = []
    for n in range(4):
        r = CliRunner().invoke(cli, ["build", str(_report(tmp_path, n + 1)), "-o", str(out), "--no-cache",
                                     "--no-html", "-j", "1"])
        assert r.exit_code == 0, r.output
        seen.append(os.readlink(out / CURRENT))
    assert sorted(p.name for p in (out / BUILDS).iterdir()) == sorted(Path(s).name for s in seen[-2:])
    assert {p.name: os.readlink(p) for p in out.iterdir() if p.is_symlink() and p.name != CURRENT} == {
        n: f"{CURRENT}/{n}" for n in SMALL_FILES if n != "graph.html"}
