"""Nothing lost, nothing half-written.

``kg build`` is SIGKILLed at several moments (after fixed delays, as soon as its build folder
holds one or three files, and as soon as ``current`` switched): the published files are whole and
parseable and are all the previous build's or all the new build's, byte for byte (never a mix);
a second build then succeeds and removes the killed build's folder. The output folder starts in
the older layout (plain files), so the first switch to ``current`` links is covered too. And
every fact the extractor produced (entities, mentions, figures, measures, relations) is in the
graph that was written. (tests/test_publish.py pauses a build between its steps and reads.)
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.atomic import BUILDS, CURRENT, KEEP_BUILDS
from tests.conftest import DEV_DIR, SEED

KG_BIN = str(Path(sys.executable).with_name("kg"))
OLD_TIME, NEW_TIME = "2025-01-01T00:00:00Z", "2025-02-02T00:00:00Z"
PUBLISHED = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "graph.html")


def _build_cmd(out: Path, when: str) -> list[str]:
    return [KG_BIN, "build", str(SEED), "-o", str(out), "--build-time", when, "--no-cache", "-j", "1"]


def _run_build(out: Path, when: str) -> dict[str, bytes]:
    r = subprocess.run(_build_cmd(out, when), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return {n: (out / n).read_bytes() for n in PUBLISHED}


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The bytes of a build at OLD_TIME and at NEW_TIME (they differ in the PROV time only)."""
    root = tmp_path_factory.mktemp("versions")
    old, new = _run_build(root / "old", OLD_TIME), _run_build(root / "new", NEW_TIME)
    assert old["graph.ttl"] != new["graph.ttl"]
    return old, new


def _unpublished(out: Path, pid: int) -> list[Path]:
    """Files in build folders of the writer ``pid``."""
    builds = out / BUILDS
    return [f for d in (builds.iterdir() if builds.is_dir() else []) if f"-{pid}-" in d.name for f in d.rglob("*")]


def _current(out: Path) -> str | None:
    return os.readlink(out / CURRENT) if (out / CURRENT).is_symlink() else None


def _kill_build(out: Path, *, after: float | None = None, files_seen: int | None = None,
                publishing: bool = False) -> str:
    """Start a build over ``out`` and SIGKILL it after ``after`` seconds, as soon as its build
    folder holds ``files_seen`` files, or (``publishing``) as soon as ``current`` moved; return
    when it happened."""
    first = _current(out)
    proc = subprocess.Popen(_build_cmd(out, NEW_TIME), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    try:
        while proc.poll() is None:
            if after is not None and time.monotonic() - t0 >= after:
                break
            if files_seen is not None and len(_unpublished(out, proc.pid)) >= files_seen:
                break
            if publishing and _current(out) != first:
                break
            time.sleep(0.001)
        state = "finished" if proc.poll() is not None else f"killed at {time.monotonic() - t0:.2f}s"
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    return state


def _check_set(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """Every published file is whole and all of them are of one build: 'old' or 'new'."""
    now = {n: (out / n).read_bytes() for n in PUBLISHED}
    which = [v for v, files in (("old", old), ("new", new)) if now == files]   # graph.html may be the same in both
    assert which, {n: (now[n] == old[n], now[n] == new[n]) for n in PUBLISHED}
    Graph().parse(out / "graph.ttl", format="turtle")
    Dataset().parse(out / "graph.trig", format="trig")
    return which[0]


KILL_POINTS = [dict(after=0.3), dict(after=1.0), dict(after=2.0), dict(after=3.0),
               dict(files_seen=1), dict(files_seen=3), dict(publishing=True)]


@pytest.mark.parametrize("point", KILL_POINTS, ids=[next(f"{k}={v}" for k, v in p.items()) for p in KILL_POINTS])
def test_sigkill_leaves_one_whole_set_published(tmp_path, versions, point):
    old, new = versions
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():      # the older layout: plain files
        (out / name).write_bytes(data)
    state = _kill_build(out, **point)
    which = _check_set(out, old, new)
    if "killed" in state and ("files_seen" in point or point.get("after", 9) < 1.0):
        # still extracting or writing its own folder: nothing published changed
        assert which == "old" and {n: (out / n).read_bytes() for n in PUBLISHED} == old
    # the next build succeeds, publishes the new set and removes the killed build's folder
    assert _run_build(out, NEW_TIME) == new
    assert sorted(p.name for p in out.iterdir()) == sorted([*PUBLISHED, BUILDS, CURRENT])
    assert len(list((out / BUILDS).iterdir())) <= KEEP_BUILDS
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_sigkill_while_writing_leaves_an_unpublished_folder_that_the_next_build_removes(tmp_path, versions):
    """The kill point that matters most: outputs half-written. The published names are untouched."""
    old, new = versions
    out = tmp_path / "out"
    _run_build(out, OLD_TIME)
    before = _current(out)
    state = _kill_build(out, files_seen=1)
    assert "killed" in state
    left = [d for d in (out / BUILDS).iterdir() if d.name != Path(before).name]
    assert len(left) == 1 and any(left[0].iterdir())       # the dead writer's folder, never published
    assert _current(out) == before and {n: (out / n).read_bytes() for n in PUBLISHED} == old
    assert _run_build(out, NEW_TIME) == new and not left[0].exists()


def test_a_live_writers_temp_file_is_not_swept(tmp_path):
    from kg.atomic import sweep_stale

    mine = tmp_path / f".graph.ttl.{os.getpid()}.abc123.tmp"
    dead = tmp_path / ".graph.ttl.4194999.abc123.tmp"         # above Linux's pid_max: never running
    other = tmp_path / ".graph.ttl.notours.tmp"
    for p in (mine, dead, other):
        p.write_text("x")
    assert sweep_stale(tmp_path) == [dead]
    assert mine.exists() and other.exists() and not dead.exists()


# --- every extracted fact is in the published graph ------------------------------------------

def _facts_missing(extractions, g: Graph) -> list[str]:
    """What of the extractions the graph lacks: one line per missing fact."""
    from kg.rdfize import EDGE_PROPS, entity_iri, report_iri
    from kg.vocab import KG, OA, QB

    missing: list[str] = []
    for ex in extractions:
        rep = report_iri(ex.document.id)
        for e in ex.entities:
            ei = entity_iri(e.key)
            if (ei, RDF.type, KG[e.cls]) not in g or (ei, RDFS.label, Literal(e.label, lang="zh")) not in g:
                missing.append(f"entity {e.label} ({e.cls})")
            for m in e.mentions:
                if len(m.span) and (URIRef(f"{rep}/mention/{m.span.start}-{m.span.end}"), OA.hasBody, ei) not in g:
                    missing.append(f"mention {m.text!r} of {e.label} at {m.span.start}")
        for q in ex.quantities:
            for j, _ in enumerate(q.indicators or (q.counter,)):
                oi = URIRef(f"{rep}/figure/{q.span.start}-{q.span.end}" + (f"-{j}" if j else ""))
                values = [Decimal(str(v)) for v in g.objects(oi, KG.value)]
                if (oi, QB.dataSet, None) not in g or values != [q.value]:
                    missing.append(f"figure {q.text!r} = {q.value} at {q.span.start}")
        for m in ex.measures:
            mi = URIRef(f"{rep}/measure/{m.id}")
            if (mi, KG.describedIn, rep) not in g or ((mi, RDF.type, KG.PlannedMeasure) in g) != m.planned:
                missing.append(f"measure {m.id} ({m.verb})")
            for a in m.actors:
                if (mi, KG.hasActor, entity_iri(a)) not in g:
                    missing.append(f"actor {a} of measure {m.id}")
        for r in ex.relations:
            prop = EDGE_PROPS.get(r.predicate)
            s, o = entity_iri(r.subject), entity_iri(r.object)
            if prop is None:
                missing.append(f"relation {r.predicate}: no property for it")
            elif (s, prop, o) not in g and (r.asserted or not len(r.evidence)):
                missing.append(f"relation {r.subject} {r.predicate} {r.object}")
            elif not r.asserted:
                # 2.7.0: a relation a measure states has no axiom; the measure whose mention is
                # at the relation's span names both its ends
                mm = URIRef(f"{rep}/mention/{r.evidence.start}-{r.evidence.end}")
                stated = [b for b in g.objects(mm, OA.hasBody) if (b, KG.describedIn, rep) in g]
                if not any(({s} & (set(g.objects(b, KG.hasActor)) | set(g.objects(b, KG.hasPartner))))
                           and o in set(g.objects(b, None)) for b in stated):
                    missing.append(f"evidence of {r.subject} {r.predicate} {r.object}")
            elif len(r.evidence) and not any((ax, OWL.annotatedProperty, prop) in g and (ax, OWL.annotatedTarget, o) in g
                                             for ax in g.subjects(OWL.annotatedSource, s)):
                missing.append(f"evidence of {r.subject} {r.predicate} {r.object}")
    return missing


def test_every_extracted_fact_of_the_seed_is_in_graph_ttl(seed_build, built_dir):
    g = Graph().parse(built_dir / "graph.ttl", format="turtle")
    ex = seed_build.extractions[0]
    assert _facts_missing(seed_build.extractions, g) == []
    from kg.vocab import KG

    assert len(set(g.subjects(KG.value))) == sum(len(q.indicators or (q.counter,)) for q in ex.quantities)
    measures = set(g.subjects(KG.describedIn))
    assert len(measures) == len(ex.measures) > 50
    from kg.extract.resolve import entity_key

    entities = {e.key for e in ex.entities} | {entity_key(ex.document.meta.issuer)}
    typed = {str(s).rsplit("/", 1)[1] for s in g.subjects(RDF.type, None) if "/id/entity/" in str(s)}
    assert typed == entities


def test_every_extracted_fact_of_the_dev_reports_is_in_the_graph(settings):
    from kg.pipeline import build

    result = build([DEV_DIR], settings, build_time=OLD_TIME)
    assert len(result.extractions) >= 6 and not result.skipped
    assert _facts_missing(result.extractions, result.graph) == []


def test_the_check_sees_a_lost_fact(seed_build):
    from kg.vocab import KG

    g = Graph()
    for t in seed_build.graph:
        g.add(t)
    q = seed_build.extractions[0].quantities[0]
    for oi in [s for s in g.subjects(KG.value) if str(s).endswith(f"/figure/{q.span.start}-{q.span.end}")]:
        g.remove((oi, KG.value, None))
    assert _facts_missing(seed_build.extractions, g) == [f"figure {q.text!r} = {q.value} at {q.span.start}"]
