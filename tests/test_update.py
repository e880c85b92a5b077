"""Incremental store builds (``kg.corpus.update``): a rebuild into an existing store updates a
copy of it and holds exactly what a fresh load of its ``graph.nq`` holds, and what a fresh
build of the same reports holds; only the reports whose block changed are loaded; too many
changes, another kg or ontology, or a store something else may have written give a fresh
load; a failed update leaves the previous store and its manifest as they were."""
from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.corpus.store
import kg.corpus.update
from kg.config import load_settings
from kg.corpus.update import GRAPH_COPY, MANIFEST, read_manifest
from kg.store import open_store
from tests.conftest import DEV_DIR, FIXED_TIME, ROOT, SEED, store_shape

SERIES_DIR = ROOT / "data" / "series"


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """The development and series reports (12, with their .meta.json), a folder to change."""
    d = tmp_path / "corpus"
    d.mkdir()
    for src in (DEV_DIR, SERIES_DIR):
        for f in src.iterdir():
            if f.is_file():
                shutil.copy(f, d / f.name)
    return d


@pytest.fixture()
def settings(tmp_path):
    return replace(load_settings(None), jobs=1, cache_dir=tmp_path / "cache", validate=False)


def _build(paths, settings, out: Path):
    return kg.corpus.store.build_store(paths, settings, out_dir=out, build_time=FIXED_TIME, html=False)


def _holds_its_graph_nq(built) -> tuple[set, object]:
    """The store's shape, after checking it equals a fresh load of the graph.nq beside it."""
    whole = ox.Store()
    whole.bulk_load(path=str(built.outputs["nquads"]), format=ox.RdfFormat.N_QUADS)
    store = ox.Store.read_only(os.path.realpath(built.store))
    shape = store_shape(store)
    assert shape == store_shape(whole)
    assert {str(g) for g in store.named_graphs()} == {str(g) for g in whole.named_graphs()}
    assert len(store) == len(whole) == built.summary["triples"]
    return shape


def _lines(built) -> list[str]:
    return sorted(Path(built.outputs["nquads"]).read_text(encoding="utf-8").splitlines())


def test_an_unchanged_rebuild_updates_the_store_and_loads_no_report(corpus, settings, tmp_path):
    first = _build([corpus], settings, tmp_path / "out")
    assert first.summary["store_update"] is None                    # nothing to update: a fresh load
    manifest = read_manifest(first.store)
    assert manifest is not None and len(manifest.reports) == first.reports == 12
    second = _build([corpus], settings, tmp_path / "out")
    # the same reports and build time: not a line of the graphs after the reports differs
    assert second.summary["store_update"] == {"kept": 12, "loaded": 0, "removed": 0, "tail_added": 0,
                                              "tail_removed": 0}
    # the graph.nq kept in the store for the next update is the published one, not a second copy
    copy = Path(os.path.realpath(second.store)) / GRAPH_COPY
    assert os.path.samefile(copy, second.outputs["nquads"])
    assert _holds_its_graph_nq(second) == _holds_its_graph_nq(first)


def test_changed_removed_and_added_reports_give_what_a_fresh_build_gives(corpus, settings, tmp_path, monkeypatch):
    _build([corpus], settings, tmp_path / "out")
    # one report says a figure differently (a new text, so a new report IRI; its series graph
    # changes too), one goes, one comes: 4 reports to load or drop of 12, let through
    monkeypatch.setattr(kg.corpus.update, "MAX_CHANGED", 0.5)
    changed = corpus / sorted(f.name for f in SERIES_DIR.glob("*.txt"))[-2]    # a middle year of a series
    text = changed.read_text(encoding="utf-8")
    head, body = text.split("\n", 1)              # the title line names the report: keep it
    figure = re.search(r"(\d+)(个|家|项|%)", body)
    assert figure is not None
    body = body[:figure.start(1)] + str(int(figure.group(1)) + 1) + body[figure.end(1):]
    changed.write_text(head + "\n" + body, encoding="utf-8")
    gone = sorted(corpus.glob("dev0*.txt"))[0]
    gone.unlink()
    gone.with_suffix(".meta.json").unlink()
    shutil.copy(SEED, corpus / SEED.name)
    updated = _build([corpus], settings, tmp_path / "out")
    done = updated.summary["store_update"]
    assert {k: done[k] for k in ("kept", "loaded", "removed")} == {"kept": 10, "loaded": 2, "removed": 2}
    assert done["tail_added"] > 0 and done["tail_removed"] > 0     # entities, series and provenance changed
    fresh = _build([corpus], settings, tmp_path / "fresh")
    assert fresh.summary["store_update"] is None
    assert _lines(updated) == _lines(fresh)
    assert _holds_its_graph_nq(updated) == _holds_its_graph_nq(fresh)
    assert read_manifest(updated.store).reports == read_manifest(fresh.store).reports


def test_too_many_changes_another_ontology_or_a_written_store_load_afresh(corpus, settings, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _build([corpus], settings, out)
    for f in sorted(corpus.glob("dev0*.txt"))[:4]:    # 4 of 12 reports: more than a quarter
        f.write_text(f.read_text(encoding="utf-8") + "\n全年共召开会议3次。\n", encoding="utf-8")
    again = _build([corpus], settings, out)
    assert again.summary["store_update"] is None
    _holds_its_graph_nq(again)
    # a manifest of another identity
    path = Path(os.path.realpath(again.store)) / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "identity": "kg 0.0 ontology 0"}), encoding="utf-8")
    assert _build([corpus], settings, out).summary["store_update"] is None
    # a store opened for writing loses its manifest: the next build cannot trust it
    assert _build([corpus], settings, out).summary["store_update"] is not None
    open_store(Path(os.path.realpath(out / "store"))).flush()
    assert read_manifest(out / "store") is None
    assert _build([corpus], settings, out).summary["store_update"] is None


def test_a_failed_update_leaves_the_previous_store_and_manifest(corpus, settings, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = _build([corpus], settings, out)
    before = store_shape(ox.Store.read_only(os.path.realpath(first.store)))
    manifest = read_manifest(first.store)
    real = kg.corpus.store.update_store

    def failing(*a, **k):
        store, done = real(*a, **k)
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.corpus.store, "update_store", failing)
    (corpus / SEED.name).write_bytes(SEED.read_bytes())
    with pytest.raises(RuntimeError):
        _build([corpus], settings, out)
    assert read_manifest(out / "store") == manifest
    assert store_shape(ox.Store.read_only(os.path.realpath(out / "store"))) == before
