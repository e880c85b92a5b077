"""The one build path: each report mapped to RDF on its own, then one merge into a dataset.

Takes: report paths, ``Settings`` and the file to write the dataset into (N-Quads). Gives:
``MergedCorpus``, what every build is made of (``kg.pipeline.build`` parses it into rdflib
graphs and writes the small outputs; ``kg.corpus.store.build_store`` bulk-loads it into an
on-disk store). Two steps:

* **map**: ``build_job`` over the reports, in a process pool or on a cluster
  (``kg.corpus.pool.run_pool``). A worker reads, extracts and curates one report, converts it
  to RDF, closes it under the ontology's rules, SHACL-validates it when it is one of the
  ``Settings.validate_sample`` reports, and gives a ``ReportRDF``: all cached by content.
* **merge**: the report's own N-Quads are streamed to the file as they come; the triples
  about shared nodes are kept once; then the build's provenance and what the rules derive
  across reports are added.

The dataset holds each triple in exactly one graph, so the union of the named graphs is a
set and needs no second copy as a default graph:

* ``<report IRI>``: the report's own nodes (the report, its sentences, mentions, measures,
  figures, axiom annotations);
* ``id:graph/entities``: what the reports state about the nodes they share (entities,
  places, laws, indicators), each triple once however many reports state it;
* ``id:graph/inferred``: what the rules derive and no report states;
* ``id:graph/provenance``: the build activity (PROV-O);
* ``id:graph/series``: the reports as editions of annual series, their figures lined up
  and last year's plans checked against this year's report (``kg.series``), written last
  by ``series_quads`` from the ``Edition`` record each worker reads off its report's triples.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from .. import __version__
from ..duplicates import Duplicates
from ..errors import ConfigError, ExtractionError, InputError, OntologyError
from ..onto import build_time as resolve_build_time
from ..onto import load_ontology
from ..rdfize import add_build_activity, ntriples_lines, report_iri
from ..series import SERIES_GRAPH, EditionShelf, link_editions
from ..vocab import DATA
from .cache import ResultCache, cached_extraction, cached_report_rdf
from .loader import StoreLoader
from .pool import Outcome, failure, run_pool, settle
from .report import RDFContext, ReportRDF, ReportTask, cross_report_closure, make_tasks, ontology_rules

if TYPE_CHECKING:
    from ..config import Settings
    from ..model import Extraction

__all__ = ["MergedCorpus", "BuildJob", "build_job", "merge_corpus", "series_quads", "write_series", "sample", "ENTITIES_GRAPH",
           "INFERRED_GRAPH", "PROVENANCE_GRAPH"]

log = logging.getLogger(__name__)

ENTITIES_GRAPH = str(DATA["graph/entities"])
INFERRED_GRAPH = str(DATA["graph/inferred"])
PROVENANCE_GRAPH = str(DATA["graph/provenance"])


@dataclass(frozen=True)
class BuildJob:
    """One report's work order for a worker (picklable, so a pool or a cluster can ship it)."""

    task: ReportTask
    cache: Path | None
    ctx: RDFContext
    validate: bool = False
    keep_extraction: bool = False    # small builds also want the Extraction (reports, notebooks)


def build_job(job: BuildJob) -> Outcome:
    """A worker's ``ReportRDF`` of one report (with its ``Extraction`` when asked): the map step.

    A broken report gives an ``Outcome`` with its problem; a broken lexicon or ontology
    raises, since every report would fail the same way.
    """
    try:
        cache = ResultCache(job.cache)
        ex = None
        if job.keep_extraction:
            ex, _, ran = cached_extraction(job.task, cache)
            r, _ = cached_report_rdf(job.task, job.ctx, cache, validate=job.validate, extraction=ex)
        else:
            r, ran = cached_report_rdf(job.task, job.ctx, cache, validate=job.validate)
        return Outcome(job.task.path, (r, ex), extracted=ran)
    except (ConfigError, OntologyError):
        raise
    except Exception as e:  # noqa: BLE001 - one broken report must not stop a corpus
        return Outcome(job.task.path, error=failure(job.task.path, e))


def sample(n: int, k: int) -> set[int]:
    """``k`` evenly spread indices out of ``n`` (all of them when ``k`` is 0 or ≥ ``n``).

    Example:
        >>> sorted(sample(10, 3)), len(sample(5, 0))
        ([0, 3, 6], 5)
    """
    if k <= 0 or k >= n:
        return set(range(n))
    return {(i * n) // k for i in range(k)}


@dataclass
class MergedCorpus:
    """A built dataset in an N-Quads file, and what the build learnt on the way."""

    nquads: Path
    doc_ids: list[str]
    skipped: list[tuple[Path, str]]
    extracted: int                         # reports the extractor ran on (the rest: from the cache)
    build_time: str
    entities: dict[str, list] = field(default_factory=dict)   # key -> [label, {classes}, reports]
    counts: Counter = field(default_factory=Counter)          # asserted, inferred, measures, observations, validated, quads
    violations: list = field(default_factory=list)            # (source, severity, focus, path, message)
    extractions: list["Extraction"] = field(default_factory=list)   # with keep_extractions, in report order
    main_texts: list[tuple[str, str]] = field(default_factory=list)  # (texts/<stem>.txt, text) to publish
    editions: EditionShelf = field(default_factory=EditionShelf)   # the reports as editions, for series_quads
    defaulted: list[tuple[Path, tuple[tuple[str, str], ...]]] = field(default_factory=list)   # see defaults_warnings
    # (report graph IRI, offset, size, SHA-1) of each report's block in ``nquads``, and where the
    # rest (shared graphs, provenance, series) starts: what kg.corpus.update needs
    blocks: list[tuple[str, int, int, str]] = field(default_factory=list)
    tail_offset: int = 0


def merge_corpus(paths: Iterable[Path], settings: "Settings", *, nquads: Path, build_time: str | None = None,
                 progress: bool = False, keep_extractions: bool = False,
                 on_main_text: Callable[[str, str], None] | None = None,
                 loader: StoreLoader | None = None, series: bool = True) -> MergedCorpus:
    """Map every report under ``paths`` to RDF and merge them into ``nquads`` (see the module).

    ``on_main_text(name, text)`` receives each main text to publish as it comes (a corpus
    build stages it at once instead of keeping every text in memory); without it they are
    collected in ``MergedCorpus.main_texts``. ``loader`` (``kg.corpus.loader``) is given every
    block written to ``nquads`` too, as it is written, so that a store fills while the merge
    goes on; the caller closes it. With ``series`` False the series graph is left out, for the
    caller to append with ``write_series`` (a store build draws its page meanwhile).

    Raises:
        InputError: every report is broken, or one is and ``Settings.strict`` is set.
    """
    ontology = load_ontology(settings.ontology)
    if settings.validate:
        load_ontology(settings.shapes)      # a broken shapes file fails here, once
    tasks = make_tasks(paths, settings, ontology=ontology)
    ctx = RDFContext(Path(settings.ontology), Path(settings.shapes), settings.reasoner)
    chosen = sample(len(tasks), settings.validate_sample) if settings.validate else set()
    jobs = [BuildJob(t, settings.cache_dir, ctx, i in chosen, keep_extractions) for i, t in enumerate(tasks)]

    merged = MergedCorpus(Path(nquads), [], [], 0, "")
    shared: set[str] = set()
    shared_inferred: set[str] = set()
    cross: set[tuple] = set()
    outcomes: list[Outcome] = []
    dups = Duplicates()
    digest = hashlib.sha1()    # the inputs, for the build's PROV IRI
    with open(nquads, "wb") as out:
        for o in run_pool(build_job, jobs, jobs=settings.jobs, progress=progress, desc="build",
                          scheduler=settings.scheduler):
            outcomes.append(Outcome(o.path, None, o.error, o.extracted))   # keep no payload
            if o.error is not None:
                if settings.strict:    # fail at the first broken report, not after the whole corpus
                    error = ExtractionError if "extractor failed" in o.error else InputError
                    raise error(f"{o.error} (--strict: a broken report fails the build)")
                continue
            r: ReportRDF = o.value[0]
            if dups.seen(o.path, r.keys):
                continue
            if o.value[1] is not None:
                merged.extractions.append(o.value[1])
            if r.main_text is not None:
                if on_main_text is not None:
                    on_main_text(*r.main_text)
                else:
                    merged.main_texts.append(r.main_text)
            merged.doc_ids.append(r.doc_id)
            if r.defaults:
                merged.defaulted.append((o.path, r.defaults))
            if r.edition is not None:
                merged.editions.add_packed(r.edition)
            digest.update(r.doc_id.encode() + r.extractor.encode())
            for c in r.curated:
                digest.update(Path(c).read_bytes())
            merged.blocks.append((str(report_iri(r.doc_id)), out.tell(), len(r.nquads),
                                  hashlib.sha1(r.nquads).hexdigest()))
            out.write(r.nquads)
            if loader is not None:
                loader.feed(r.nquads)
            merged.counts["quads"] += r.nquads.count(b"\n")
            shared.update(r.shared)
            shared_inferred.update(r.shared_inferred)
            for key, label, cls in r.entities:
                e = merged.entities.get(key)
                if e is None:
                    merged.entities[key] = [label, {cls}, 1]
                else:
                    e[1].add(cls)
                    e[2] += 1
            cross.update(r.cross)
            merged.counts.update(asserted=r.asserted, measures=r.measures, observations=r.observations)
            if r.violations is not None:
                merged.counts["validated"] += 1
                merged.violations.extend((r.source, *v) for v in r.violations)
            merged.counts["own_inferred"] += r.inferred - len(r.shared_inferred)
        merged.tail_offset = out.tell()
        merged.skipped = settle(outcomes, settings.strict)
        merged.extracted = sum(o.extracted for o in outcomes)

        # the build's provenance, and what the rules derive across reports
        merged.build_time = resolve_build_time(build_time)
        digest.update(Path(settings.ontology).read_bytes())
        prov: set[tuple] = set()
        add_build_activity(prov, reports=merged.doc_ids, version=__version__, time=merged.build_time,
                           inputs_digest=digest.hexdigest()[:16])
        new: set[tuple] = set()
        if settings.reasoner != "none":
            rules = ontology_rules(Path(settings.ontology))
            new = {t for t in cross_report_closure(cross, prov, rules) if rules.stored(t)}   # as report_rdf keeps them
        shared_inferred.update(line[:-3] for line in ntriples_lines(new, sort=False))
        shared_inferred -= shared
        # written a block at a time: a million shared lines joined into one string, then encoded,
        # were three more copies of them at the build's peak
        cross.clear()
        _write_lines(out, sorted(shared), f" <{ENTITIES_GRAPH}> .\n", loader)
        _write_lines(out, sorted(shared_inferred), f" <{INFERRED_GRAPH}> .\n", loader)
        prov_lines = ntriples_lines(prov, URIRef(PROVENANCE_GRAPH))
        _write_lines(out, prov_lines, "", loader)
        if loader is not None:
            loader.flush()     # the loader works on the rest while the series graph is computed
        merged.counts["quads"] += len(shared) + len(shared_inferred) + len(prov_lines)
        merged.counts["inferred"] = merged.counts["own_inferred"] + len(shared_inferred)
        if series:
            write_series(merged, out, loader)
    return merged


def write_series(merged: MergedCorpus, out, loader: StoreLoader | None = None) -> int:
    """Append ``id:graph/series``, the last lines of every build, to the binary file ``out`` (and
    ``loader``): computed from the editions the workers read off their reports. Counted in
    ``merged.counts``; returns how many quads."""
    series = series_quads(merged.editions)
    _write_lines(out, series, "", loader)
    merged.counts["quads"] += len(series)
    return len(series)


def defaults_warnings(defaulted: list[tuple[Path, tuple[tuple[str, str], ...]]], *, listed: int = 5) -> list[str]:
    """What to tell the user of the reports whose issuer or year the build had to make up
    (``MergedCorpus.defaulted``): one line each for the first ``listed``, then one that counts
    the rest. Such a file is most often no report of the genre, or a page saved without the
    part that names its issuer.

    Example:
        >>> defaults_warnings([(Path("a/x.txt"), (("issuer", "未具名发布机构"),))])
        ['a/x.txt: no issuer found (未具名发布机构 used); kg inspect a/x.txt shows what was read, and a x.meta.json beside it can give it']
    """
    out = []
    for path, defaults in defaulted[:listed]:
        fields = " and no ".join(k for k, _ in defaults)
        used = " and ".join(v for _, v in defaults)
        out.append(f"{path}: no {fields} found ({used} used); kg inspect {path} shows what was read, and a "
                   f"{Path(path).stem}.meta.json beside it can give {'them' if len(defaults) > 1 else 'it'}")
    if len(defaulted) > listed:
        out.append(f"{len(defaulted) - listed} more reports with no issuer or year of their own, e.g. "
                   + ", ".join(Path(p).name for p, _ in defaulted[listed:listed + 3]))
    return out


def _write_lines(out, lines: list[str], end: str, loader: StoreLoader | None = None, block: int = 10_000) -> None:
    """``line + end`` for each line, into the binary file ``out`` (and ``loader``), ``block`` lines at a time."""
    for i in range(0, len(lines), block):
        data = "".join(line + end for line in lines[i:i + block]).encode("utf-8")
        out.write(data)
        if loader is not None:
            loader.feed(data)


def series_quads(editions: EditionShelf) -> list[str]:
    """The N-Quads lines of ``id:graph/series`` for the merged reports' editions
    (``MergedCorpus.editions``; ``kg.series.link_editions``): the last step of every build."""
    return ntriples_lines(link_editions(editions), URIRef(SERIES_GRAPH))
