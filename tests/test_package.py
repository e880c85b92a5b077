"""kg is a real package: the wheel ships the ontology, shapes, saved queries, lexicons, templates
and the shipped corpora, and an installed wheel works in a fresh virtual environment, in a folder
that has no access to the clone.

The wheel is built from a copy of the tracked files (``git ls-files``), so setuptools' own
``build/`` folder never lands in the clone's output folder and the wheel holds what a fresh
clone would build.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DEV_DIR, ROOT

PIP = [sys.executable, "-m", "pip"]


def _tracked(*paths: str) -> list[str]:
    r = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--", *paths], capture_output=True)
    assert r.returncode == 0, "the packaging tests compare the wheel with `git ls-files`: run them in a git clone"
    return [p for p in r.stdout.decode("utf-8").split("\0") if p]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of the tracked tree (``pip wheel``, no dependencies)."""
    src = tmp_path_factory.mktemp("src")
    for rel in _tracked():
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([*PIP, "wheel", "--no-deps", "-q", "-w", str(out), str(src)], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    (whl,) = out.glob("kg-*.whl")
    return whl


def test_the_wheel_ships_every_tracked_data_file_module_and_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    mapped = {"ontology/": "kg/ontology/", "data/": "kg/data/"}
    want = set()
    for rel in _tracked("ontology", "data/lexicon", "data/reports", "data/dev", "data/heldout", "data/gold",
                        "data/curation", "data/README.md"):
        prefix = next(p for p in mapped if rel.startswith(p))
        want.add(mapped[prefix] + rel[len(prefix):])
    want |= {rel for rel in _tracked("kg") if not rel.endswith(".pyc")}
    assert want - names == set(), "tracked files missing from the wheel"
    # and nothing else lands beside the package (no top-level ontology/ or data/ in site-packages)
    assert {n.split("/")[0] for n in names} == {"kg", wheel.name.split("-py3")[0] + ".dist-info"}
    assert "kg/data/lexicon/furniture.tsv" in names and "kg/ontology/queries/money_figures.rq" in names


def test_resources_are_the_clone_folders_in_a_clone():
    from kg import resources

    assert resources.IN_CLONE and resources.ONTOLOGY_DIR == ROOT / "ontology"
    assert resources.LEXICON_DIR == ROOT / "data" / "lexicon"
    assert sorted(p.name for p in resources.QUERIES_DIR.glob("*.rq")) == sorted(
        Path(p).name for p in _tracked("ontology/queries") if p.endswith(".rq"))


REPORT = (DEV_DIR / "dev02_yuelu_jxw.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_installed_wheel_works_in_a_fresh_venv_outside_the_clone(wheel, tmp_path):
    """pip install the wheel into a new venv (dependencies from pip's cache or the index), then
    run the README's command-line examples in a folder holding only the user's own report."""
    t0 = time.monotonic()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    r = subprocess.run([*PIP, "--python", str(venv / "bin" / "python"), "install", "-q", str(wheel)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    work = tmp_path / "work"
    work.mkdir()
    (work / "report.txt").write_text(REPORT, encoding="utf-8")      # the user's own report, no .meta.json
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"

    def kg(*args: str, bin: str = "kg", ok: bool = True) -> subprocess.CompletedProcess:
        p = subprocess.run([str(venv / "bin" / bin), *args], cwd=work, env=env, capture_output=True, text=True,
                           timeout=300)
        assert (p.returncode == 0) == ok, (args, p.stdout[-2000:], p.stderr[-2000:])
        return p

    # the package's own files, not the clone's
    where = kg("-c", "import kg.resources as r; print(r.RESOURCE_ROOT, r.IN_CLONE)", bin="python").stdout.split()
    assert where[1] == "False" and str(ROOT) not in where[0] and where[0].startswith(str(venv))
    assert kg("--version").stdout.strip() == "kg, version 0.1.0"
    # no path and no data/reports here: one line saying what to pass
    err = kg("build", ok=False).stderr.strip()
    assert err.startswith("Error: no reports given") and "kg build REPORT.txt" in err
    summary = json.loads(kg("build", "report.txt", "--json", "--build-time", "2025-01-01T00:00:00Z").stdout)
    assert summary["conforms"] is True and summary["entities"] > 10 and summary["observations"] > 10
    assert (work / "build" / "graph.ttl").is_file() and (work / "build" / "graph.html").is_file()
    assert "(4 rows)" in kg("query", "money_figures").stdout
    assert len(kg("query", "--list").stdout.splitlines()) >= 18
    assert kg("viz", "--view", "measures").stdout.startswith("wrote build/measures.html")
    scores = json.loads(kg("eval", "--format", "json").stdout)   # the shipped seed, development set and gold
    assert len(scores["reports"]) == 8 and scores["reports"][-1]["report"] == "overall"
    kg("generate", "3", "corpus", bin="kg-bench")
    assert len(list((work / "corpus").glob("*.txt"))) == 3
    assert time.monotonic() - t0 < 240
