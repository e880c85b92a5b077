"""The streaming bulk load of store builds (``kg.corpus.loader``): a store filled a chunk at a
time while the merge goes on holds what one load of ``graph.nq`` gives, blank nodes included;
it is opened only when the first chunk comes; a chunk the store refuses fails the build; a
failed build stops the loader without waiting."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import pyoxigraph as ox
import pytest

import kg.corpus.loader
import kg.corpus.store
from kg.config import load_settings
from kg.corpus.loader import StoreLoader
from tests.conftest import DEV_DIR, FIXED_TIME, REPORTS_DIR, store_shape


def test_a_store_loaded_chunk_by_chunk_is_graph_nq(tmp_path, monkeypatch):
    """The seed and the development reports with chunks of 20 KB (a dozen bulk loads): the
    store holds exactly the quads of one load of the ``graph.nq`` written beside it, with every
    axiom annotation (blank node) whole."""
    loaders = []

    class Recording(StoreLoader):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            loaders.append(self)

    monkeypatch.setattr(kg.corpus.loader, "CHUNK_BYTES", 20_000)
    monkeypatch.setattr(kg.corpus.store, "StoreLoader", Recording)
    s = replace(load_settings(None), jobs=2, cache_dir=tmp_path / "cache", validate=False)
    built = kg.corpus.store.build_store([REPORTS_DIR, DEV_DIR], s, out_dir=tmp_path / "out",
                                        build_time=FIXED_TIME, html=False)
    assert len(loaders) == 1 and loaders[0].chunks >= 10
    whole = ox.Store()
    whole.bulk_load(path=str(built.outputs["nquads"]), format=ox.RdfFormat.N_QUADS)
    # opens only if the build let go of it: RocksDB's lock, by the path it was opened at
    chunked = ox.Store(os.path.realpath(built.store))
    assert len(chunked) == len(whole) > 10000     # 11,988 with ontology 2.8.0, 10,843 with 2.10.0
    named, axioms = store_shape(chunked)
    assert (named, axioms) == store_shape(whole)
    assert sum(axioms.values()) > 40 and built.summary["triples"] == len(whole)


def test_a_chunk_the_store_refuses_is_raised():
    loader = StoreLoader(ox.Store, chunk_bytes=10)
    loader.feed(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n")
    with pytest.raises(SyntaxError):
        loader.feed(b"<urn:a> <urn:b> this is not N-Quads\n")
        loader.close()


class _SlowStore:
    """A store whose every bulk load takes a while: the producer outruns it."""

    def __init__(self):
        self.loaded = 0

    def bulk_load(self, *, input, format):
        time.sleep(0.2)
        self.loaded += 1


def test_the_store_is_opened_with_the_first_chunk():
    """Not before: a build's process pool forks its workers after the loader is made, and an
    open store (RocksDB's threads) should not be copied into them."""
    opened = []

    def open_store():
        opened.append(1)
        return ox.Store()

    loader = StoreLoader(open_store, chunk_bytes=1000)
    loader.feed(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n")
    assert opened == []
    store = loader.close()
    assert opened == [1] and len(store) == 1
    assert len(StoreLoader(ox.Store).close()) == 0     # nothing fed: an empty store all the same


def test_abort_stops_a_busy_loader_without_loading_the_rest():
    store = _SlowStore()
    loader = StoreLoader(lambda: store, chunk_bytes=1, depth=2)
    producer = threading.Thread(target=lambda: [loader.feed(b"x\n") for _ in range(3)])
    producer.start()
    producer.join(5)
    started = time.monotonic()
    loader.abort()
    assert time.monotonic() - started < 2
    assert store.loaded < 3 and not loader._thread.is_alive()


def test_a_failed_build_leaves_no_store_and_no_loader(tmp_path):
    """--strict with a broken report: the merge fails after the loader has started; nothing is
    published and the loader thread is gone."""
    from kg.errors import InputError

    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(DEV_DIR.glob("*.txt"))[:3]:
        (corpus / p.name).write_bytes(p.read_bytes())
    (corpus / "zz-broken.txt").write_bytes(bytes(range(256)) * 40)
    s = replace(load_settings(None), jobs=1, cache_dir=tmp_path / "cache", validate=False, strict=True)
    with pytest.raises(InputError, match="zz-broken.txt"):
        kg.corpus.store.build_store([corpus], s, out_dir=tmp_path / "out", html=False)
    assert not (tmp_path / "out" / "store").exists() and not (tmp_path / "out" / "graph.nq").exists()
    assert not any(t.name == "kg-store-loader" for t in threading.enumerate())
