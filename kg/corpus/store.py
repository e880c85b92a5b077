"""Store builds: the one build path (``kg.corpus.merge``) written into an on-disk Oxigraph store.

Takes: report paths, ``Settings`` and an output folder. Gives: a ``CorpusBuild`` saying where
the store and files are and what they hold (``build_store``), and whether ``kg build`` should
take this path at all (``wants_store``: above ``Settings.store_threshold`` reports).

The merge streams each report's N-Quads into ``graph.nq`` as its worker gives them, and into
the store as well, a chunk at a time in a thread of its own (``kg.corpus.loader``), so the
bulk load works while the map and the merge go on instead of after them. No rdflib graph of
the corpus is built, so memory grows with the number of distinct shared triples, not with the
text. The series graph comes last: a fresh store is loaded with the rest first, and the
build's page (the entity view, which reads nothing of the series graph) is drawn from it in a
thread while the series are linked and their graph loaded.
When the store is already there, built by this kg and ontology (its manifest says so), it
is updated instead (``kg.corpus.update``): a copy of it gets only the blocks of the reports
that changed or came in, and the lines of the graphs written after the reports that differ,
so a rebuild after a few reports changed does not load the whole dataset again; it holds the
same quads.
The store holds the dataset's named graphs and nothing else: each triple is in one graph, so
a query over the union of the graphs (what ``kg.query``, ``kg.views`` and ``kg serve`` ask
for) sees every triple once.
"""
from __future__ import annotations

import logging
import shutil
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import BuildSet
from ..errors import ValidationFailed
from ..onto import load_ontology
from ..store import staging_dir, swap_in
from .loader import StoreLoader
from .merge import merge_corpus, write_series
from .update import build_identity, keep_graph_copy, manifest_of, read_manifest, update_store, write_manifest

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["CorpusBuild", "build_store", "wants_store"]

log = logging.getLogger(__name__)


@dataclass
class CorpusBuild:
    """The result of ``build_store``: where the store and files are, what they hold."""

    store: Path
    outputs: dict[str, Path]
    reports: int
    skipped: list[tuple[Path, str]]
    extracted: int
    summary: dict
    validated: int = 0
    violations: list = field(default_factory=list)
    defaulted: list = field(default_factory=list)   # (path, ((field, value used), ...)): merge.defaults_warnings


def build_store(paths: Iterable[Path], settings: "Settings", *, out_dir: Path, store_dir: Path | None = None,
                build_time: str | None = None, nquads: bool = True, html: bool = True,
                progress: bool = False) -> CorpusBuild:
    """Build the graph of a (large) corpus into an on-disk Oxigraph store.

    The store (default ``out_dir/store``) holds the dataset of ``kg.corpus.merge``: one named
    graph per report, ``id:graph/entities``, ``id:graph/inferred`` and
    ``id:graph/provenance``, and no default graph (query the union of the graphs).
    ``out_dir/graph.nq`` gets the same quads (unless ``nquads`` is False) and
    ``out_dir/graph.html`` the entity view. Everything is written into a build folder of its
    own and published as one set at the end (``kg.atomic.BuildSet``; a ``store_dir`` outside
    ``out_dir`` is swapped in just before), so a failed build leaves the previous outputs as
    they were. SHACL validation (``Settings.validate``) checks ``Settings.validate_sample``
    reports (evenly spread; 0 = all), each in its worker; the result is cached with the report.

    Raises:
        ValidationFailed: a validated report does not conform (nothing is replaced).
        InputError: every report is broken, or one is and ``Settings.strict`` is set.
    """
    import pyoxigraph as ox

    out_dir = Path(out_dir)
    store_dir = Path(store_dir) if store_dir is not None else out_dir / "store"
    in_set = store_dir.absolute() == (out_dir / "store").absolute()   # the store is one of the set's files
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    outset = BuildSet(out_dir)
    staging = outset.path("store") if in_set else staging_dir(store_dir)
    nq_tmp = outset.path("graph.nq")
    identity = build_identity(settings.ontology)
    previous = read_manifest(store_dir)
    if previous is not None and previous.identity != identity:
        previous = None      # another kg or ontology wrote it: every report's graph differs
    published = False
    store = loader = None
    update = None
    view_pool = view_job = None
    try:
        # a fresh store fills while the merge goes on (kg.corpus.loader), a chunk at a time;
        # the previous build's store is updated once the merge has written graph.nq (kg.corpus.update)
        loader = StoreLoader(lambda: ox.Store(str(staging))) if previous is None else None
        merged = merge_corpus(paths, settings, nquads=nq_tmp, build_time=build_time, progress=progress,
                              on_main_text=lambda name, text: outset.stage(out_dir / name, text.encode("utf-8")),
                              loader=loader, series=loader is None)
        if loader is not None:
            store = loader.close()
            loader = None
            # the page's entity view reads nothing of the series graph (tests/test_views.py), so
            # it is drawn in a thread (Oxigraph answers without Python's lock) while this one
            # links the series and loads their graph, last, as every build writes it
            if html:
                view_pool = ThreadPoolExecutor(1)
                view_job = view_pool.submit(_entity_view, store, settings)
            _append_series(merged, nq_tmp, store)
        else:
            shutil.rmtree(staging, ignore_errors=True)   # the copy of the previous store goes there
            try:
                updated = update_store(store_dir, staging, merged, previous)
            except OSError as e:    # the previous store cannot be read (locked, damaged): load afresh
                log.warning("%s: not updated (%s); loading the store afresh", store_dir, e)
                updated = None
            if updated is None:     # too much changed: a fresh load of the whole file
                shutil.rmtree(staging, ignore_errors=True)
                store = ox.Store(str(staging))
                store.bulk_load(path=str(nq_tmp), format=ox.RdfFormat.N_QUADS)
            else:
                store, update = updated
        if merged.violations:
            first = merged.violations[0]
            raise ValidationFailed(f"{first[0]}: does not conform to {settings.shapes}: {len(merged.violations)} "
                                   f"violation(s) in the validated reports; first: {first[2]} {first[3]}: {first[4]}")
        merged.editions.clear()     # graph.nq holds their series graph
        summary = _store_summary(store, merged.entities, merged.counts, len(merged.doc_ids), merged.skipped)
        summary["conforms"] = True if merged.counts["validated"] else None
        summary["validated_reports"] = merged.counts["validated"]
        summary["store_update"] = update.as_dict() if update is not None else None
        html_bytes = None
        if html:
            from ..visualize import render_html

            view = view_job.result() if view_job is not None else _entity_view(store, settings)
            html_bytes = render_html(view.graph, title=view.title, note=view.note)
        store.flush()
        store = None   # release the RocksDB lock before the directory moves
        keep_graph_copy(nq_tmp, staging)    # what the next build's update compares with (kg.corpus.update)
        write_manifest(staging, manifest_of(merged, identity))
        outputs: dict[str, Path] = {"store": store_dir}
        if nquads:
            outputs["nquads"] = out_dir / "graph.nq"
        else:
            nq_tmp.unlink()
        if html_bytes is not None:
            outputs["html"] = outset.stage(out_dir / "graph.html", html_bytes)
        if (outset.dir / "texts").is_dir():
            outputs["texts"] = out_dir / "texts"
        if not in_set:
            swap_in(staging, store_dir)
            staging = None
        outset.commit()
        published = True
    finally:
        if loader is not None:
            loader.abort()      # a failed merge: stop loading before the staging store goes
        if view_pool is not None:
            view_pool.shutdown(wait=True)   # the view's queries end before the store goes
        store = None
        if not published:
            outset.discard()
            if not in_set and staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    return CorpusBuild(store_dir, outputs, len(merged.doc_ids), merged.skipped, merged.extracted, summary,
                       merged.counts["validated"], merged.violations, merged.defaulted)


def _entity_view(store, settings: "Settings"):
    """The entity view of ``kg viz`` on the store, for the build's page."""
    from ..views import entity_view

    return entity_view(store, ontology=load_ontology(settings.ontology))


def _append_series(merged, nq_path: Path, store) -> None:
    """Append the series graph to ``nq_path`` and bulk-load it into ``store``: written to a file of
    its own beside it first, so the store reads it once and no copy of it is held in memory."""
    import pyoxigraph as ox

    part = nq_path.with_name(nq_path.name + ".series")
    try:
        with open(part, "wb") as out:
            write_series(merged, out)
        with open(part, "rb") as src, open(nq_path, "ab") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    finally:
        part.unlink(missing_ok=True)


def _store_summary(store, entities: dict[str, list], counts: Counter, reports: int,
                   skipped: list) -> dict:
    """The build summary of a store build, shaped like ``kg.pipeline.summarize``'s."""
    from ..networks import EDGE_PROPERTIES
    from ..vocab import KG, ORG

    per_class = Counter(_leaf(classes) for _, classes, _ in entities.values())
    props = " ".join(f"<{KG[p]}>" for p in EDGE_PROPERTIES) + f" <{ORG.subOrganizationOf}>"
    rel = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o }}",
                                use_default_graph_as_union=True)))[0]
    # the quads the merge wrote, each once (each triple is in one graph): what len(store) would
    # count by reading the whole store again, 2.4 s on 10,000 reports (tests/test_loader.py checks)
    triples = counts["quads"]
    return {
        "reports": reports,
        "skipped": len(skipped),
        "entities": len(entities),
        "entities_per_class": dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        "shared_entities": sum(1 for e in entities.values() if e[2] > 1),
        "entities_with_several_classes": sum(1 for e in entities.values() if len(e[1]) > 1),
        "relations": int(rel.value),
        "measures": counts["measures"],
        "observations": counts["observations"],
        "triples": triples,
        "inferred_triples": counts["inferred"],
    }


def _leaf(classes: set[str]) -> str:
    return sorted(classes)[0] if len(classes) == 1 else "+".join(sorted(classes))


def wants_store(paths: Iterable[Path], settings: "Settings") -> bool:
    """Should ``kg build`` write straight into the store? Yes above ``Settings.store_threshold`` reports.

    Example:
        >>> from kg.config import Settings, PROJECT_ROOT
        >>> wants_store([PROJECT_ROOT / "data" / "dev"], Settings()), wants_store([PROJECT_ROOT / "data" / "dev"], Settings(store_threshold=3))
        (False, True)
    """
    from ..ingest import find_reports

    existing = [Path(p) for p in paths if Path(p).exists()]
    return len(find_reports(existing)) > settings.store_threshold
