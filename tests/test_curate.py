"""Curation's ``remove_relation`` on edges a measure states (kg/curate.py).

The ontology derives ``cooperatesWith`` (actor and partner of one measure) and the role edges
(``built``, ``implemented``...) from the measures, so taking the edge out of the extractor's
list is not enough: the measure must stop stating it, or the closure and ``relation_provenance``
bring it back. Each case adds one ``[[remove_relation]]`` to a copy of the seed's curation
file, builds the seed with it and looks for the edge in the graph and in the provenance answer;
the pairs are read off the seed's own curated build, not typed here.
"""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from rdflib.namespace import RDFS

from kg.errors import KGError
from kg.extract.measures import PARTNER_EDGE, ROLE_EDGE
from kg.pipeline import build
from kg.query import run_query
from kg.vocab import KG
from tests.conftest import FIXED_TIME, ROOT, SEED

CURATION = ROOT / "data" / "curation" / f"{SEED.stem}.toml"


def _label(ex, key: str) -> str:
    return next(e.label for e in ex.entities if e.key == key)


def _stated(ex, predicate: str):
    """(subject, object) keys of the edges ``predicate`` the curated seed's measures state."""
    return [(r.subject, r.object) for r in ex.relations if r.predicate == predicate and not r.asserted]


def _build_without(tmp_path, settings, subject: str, predicate: str, obj: str):
    cur = tmp_path / "curation"
    cur.mkdir()
    shutil.copy(CURATION, cur / CURATION.name)
    with open(cur / CURATION.name, "a", encoding="utf-8") as f:
        f.write(f'\n[[remove_relation]]\nsubject = "{subject}"\npredicate = "{predicate}"\nobject = "{obj}"\n')
    return build([SEED], replace(settings, curation_dir=cur), build_time=FIXED_TIME)


def _name(g, node) -> str:
    return str(g.value(node, RDFS.label))


def _provenance(graph) -> set[tuple[str, str, str]]:
    return {(s, str(p), o) for s, p, o, *_ in run_query(graph, "relation_provenance").values()}


@pytest.mark.parametrize("swap", [False, True], ids=["as-extracted", "either-way-round"])
def test_removing_a_partner_edge_takes_the_partner_out_of_the_measure(seed_build, settings, tmp_path, swap):
    ex = seed_build.extractions[0]
    pairs = _stated(ex, PARTNER_EDGE)
    assert len(pairs) >= 2, "the seed's measures name partners"
    a, p = pairs[0]
    subject, obj = (_label(ex, p), _label(ex, a)) if swap else (_label(ex, a), _label(ex, p))
    before = _provenance(seed_build.graph)
    edge = (_label(ex, a), PARTNER_EDGE, _label(ex, p))
    assert edge in before

    after = _build_without(tmp_path, settings, subject, PARTNER_EDGE, obj)
    g = after.graph
    rows = _provenance(g)
    assert edge not in rows and (edge[2], edge[1], edge[0]) not in rows
    coop = {(_name(g, s), _name(g, o)) for s, o in g.subject_objects(KG.cooperatesWith)}
    assert (edge[0], edge[2]) not in coop and (edge[2], edge[0]) not in coop
    # the other partners stay
    rest = [(x, y) for x, y in pairs[1:] if {x, y} != {a, p}]
    assert rest and all((_label(ex, x), _label(ex, y)) in coop for x, y in rest)
    cur = after.extractions[0]
    assert all({r.subject, r.object} != {a, p} for r in cur.relations if r.predicate == PARTNER_EDGE)
    assert not any(a in m.actors and p in m.partners for m in cur.measures)
    assert after.conforms


def test_removing_a_role_edge_keeps_the_measures_other_facts(seed_build, settings, tmp_path):
    ex = seed_build.extractions[0]
    predicate = next(e for e in ROLE_EDGE.values() if len(_stated(ex, e)) >= 2)
    (s, o), *rest = _stated(ex, predicate)
    edge = (_label(ex, s), predicate, _label(ex, o))
    assert edge in _provenance(seed_build.graph)

    after = _build_without(tmp_path, settings, edge[0], predicate, edge[2])
    g = after.graph
    stated = {(_name(g, x), _name(g, y)) for x, y in g.subject_objects(KG[predicate])}
    assert (edge[0], edge[2]) not in stated and edge not in _provenance(g)
    assert all((_label(ex, x), _label(ex, y)) in stated for x, y in rest if (x, y) != (s, o))
    assert len(after.extractions[0].measures) == len(ex.measures)


def test_removing_an_edge_no_measure_states_names_the_file(seed_build, settings, tmp_path):
    ex = seed_build.extractions[0]
    a, p = _stated(ex, PARTNER_EDGE)[0]
    with pytest.raises(KGError, match=rf"{CURATION.name}: \[\[remove_relation\]\] #\d+: no relation .* built .* to remove"):
        _build_without(tmp_path, settings, _label(ex, a), "built", _label(ex, p))


def test_a_cached_result_names_the_curation_file_of_this_build(seed_build, settings, tmp_path):
    """The cache is keyed by content, so a curation folder moved elsewhere is a cache hit: the
    result must name the file this build read, not the one the cache entry was made with
    (which the merge reads again for the dataset's digest: it may be gone)."""
    cache = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    for d in (first, second):
        d.mkdir()
        shutil.copy(CURATION, d / CURATION.name)
    one = build([SEED], replace(settings, curation_dir=first, cache_dir=cache), build_time=FIXED_TIME)
    shutil.rmtree(first)
    two = build([SEED], replace(settings, curation_dir=second, cache_dir=cache), build_time=FIXED_TIME)
    assert two.extractions[0].curated == (str(second / CURATION.name),)
    assert len(two.graph) == len(one.graph) == len(seed_build.graph)
