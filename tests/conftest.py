"""Shared paths and session fixtures: the parsed ontology and shapes, and the seed build; what a
store holds, comparable across loads (``store_shape``)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
REPORTS_DIR = ROOT / "data" / "reports"
SEED = REPORTS_DIR / "000_f755293a707b958a.txt"
GOLD_DIR = ROOT / "data" / "gold"
DEV_DIR = ROOT / "data" / "dev"
HELDOUT_DIR = ROOT / "data" / "heldout"
FIXED_TIME = "2025-01-01T00:00:00Z"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


@pytest.fixture(scope="session")
def settings():
    from kg.config import load_settings

    return load_settings(None)


@pytest.fixture(scope="session")
def seed_build(settings):
    """The curated, materialised, validated seed graph (built once per session)."""
    from kg.pipeline import build

    return build([SEED], settings, build_time=FIXED_TIME)


@pytest.fixture(scope="session")
def seed_graph(seed_build) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="session")
def seed_raw(settings):
    """The extractor's raw output on the seed (no curation)."""
    from kg.pipeline import extract_paths

    return extract_paths([SEED], settings, curate=False)[0]


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory, seed_build) -> Path:
    """A build/ folder with every output of the seed build."""
    from kg.pipeline import write_outputs

    out = tmp_path_factory.mktemp("build")
    write_outputs(seed_build, out)
    return out


def wait_until_serving(proc, url: str, *, seconds: float, what: str) -> None:
    """Poll ``url`` until it answers; fail if ``proc`` dies first or ``seconds`` pass."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"{what} stopped: {err}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return                     # it answered, if not with 200
        except OSError:
            assert time.monotonic() < deadline, f"{what} did not start within {seconds:g} s"
            time.sleep(0.05)


def store_shape(store) -> tuple[set, Counter]:
    """What a store holds, comparable across loads: the quads without blank nodes, and the
    blank-node quads as (predicate, object, graph) counted per blank node (blank node labels
    are the loader's own)."""
    import pyoxigraph as ox

    named, by_node = set(), {}
    for q in store.quads_for_pattern(None, None, None, None):
        g = None if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        if isinstance(q.subject, ox.BlankNode):
            by_node.setdefault(q.subject.value, []).append((str(q.predicate), str(q.object), g))
        else:
            named.add((str(q.subject), str(q.predicate), str(q.object), g))
    return named, Counter(tuple(sorted(v)) for v in by_node.values())
