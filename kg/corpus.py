"""Corpus builds: many reports -> one graph, in parallel and incrementally.

Takes report paths (files or folders) and ``Settings``. Gives:

* ``extract_corpus``: the curated ``Extraction`` of every report, computed in a process pool
  (``concurrent.futures``, ``Settings.jobs`` workers, all cores by default) and cached by
  content under ``Settings.cache_dir`` (``.cache/kg``): a rebuild after changing one report
  runs the extractor on that report only. A broken report (binary, undecodable, bad
  metadata or curation file, an extractor crash) is skipped and listed in ``skipped``;
  with ``Settings.strict`` (or when every report is broken) the first problem is raised.
* ``build_store``: a large corpus written straight into an on-disk Oxigraph store. Each
  worker extracts one report, converts it to RDF, closes it under the ontology's OWL 2 RL
  rules (``kg.reason``), optionally validates it with SHACL, and returns N-Quads; the parent
  only streams them into the store (and ``graph.nq``) and then closes the few triples that
  can join across reports (``cross_report_candidates``). No rdflib graph of the corpus is
  built, so memory grows with the number of distinct entities, not with the text.

The per-report work (``extract_report``, ``report_rdf``) is a pure function of the report's
bytes, its metadata and curation files, the lexicons and the ontology. The cache key is a
hash of exactly those plus a digest of the code that computes it, and the same functions can
be mapped by a cluster engine unchanged (``dask.bag.from_sequence(tasks).map(extract_report)``).
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import BuildSet
from .duplicates import Duplicates, duplicate_keys
from .errors import ConfigError, ExtractionError, InputError, KGError, OntologyError, ValidationFailed
from .extract.lexicon import DEFAULT_LEXICON_DIR
from .onto import build_time as resolve_build_time
from .onto import load_ontology, ontology_terms
from .store import staging_dir, swap_in

if TYPE_CHECKING:
    from rdflib import Graph

    from .config import Settings
    from .model import Extraction

__all__ = ["ReportTask", "ReportRDF", "CorpusExtraction", "CorpusBuild", "ResultCache", "extract_report",
           "report_rdf", "extract_corpus", "build_store", "make_tasks", "task_key", "cross_report_candidates",
           "is_report_local", "cross_report_closure", "wants_store"]

log = logging.getLogger(__name__)

_PKG = Path(__file__).resolve().parent
# the code whose output is cached: a change to any of these files invalidates the cache
_EXTRACT_CODE = ("ingest.py", "model.py", "curate.py", "extract/*.py", "furniture.py", "docmeta.py", "gazetteer.py",
                 "sources/*.py")
_RDF_CODE = ("rdfize.py", "reason.py", "vocab.py", "validate.py", "corpus.py")


@lru_cache(maxsize=None)
def _code_digest(patterns: tuple[str, ...]) -> str:
    h = hashlib.sha1()
    for pat in patterns:
        for f in sorted(_PKG.glob(pat)):
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=16)
def _file_digest(path: Path, _mtime: int, _size: int) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def _digest_of(path: Path | None) -> str:
    if path is None:
        return "-"
    st = Path(path).stat()
    return _file_digest(Path(path), st.st_mtime_ns, st.st_size)


# --- tasks and the pure per-report functions ---------------------------------------------

@dataclass(frozen=True)
class ReportTask:
    """Everything one worker needs to process one report (picklable, so any engine can ship it)."""

    path: Path
    extractor: str = "rules"
    lexicon_dir: Path = DEFAULT_LEXICON_DIR
    encoding: str | None = None
    curation: Path | None = None            # the report's curation file, when it is to be applied
    classes: frozenset[str] = frozenset()   # ontology classes and relations curation may name
    predicates: frozenset[str] = frozenset()


def extract_report(task: ReportTask) -> "Extraction":
    """Read, extract and curate one report: a pure function of the task's files.

    Example:
        >>> from kg.config import PROJECT_ROOT
        >>> ex = extract_report(ReportTask(PROJECT_ROOT / "data" / "dev" / "dev02_yuelu_jxw.txt"))
        >>> ex.document.meta.year, len(ex.quantities) > 5
        (2024, True)
    """
    from .curate import apply_curation
    from .extract import entity_key, extract
    from .ingest import read_document

    doc = read_document(task.path, encoding=task.encoding)
    ex = extract(doc, extractor=task.extractor, lexicon_dir=task.lexicon_dir)
    if task.curation is not None:
        ex = apply_curation(ex, task.curation, classes=set(task.classes), predicates=set(task.predicates),
                            key_of=lambda label, scoped: entity_key(label, doc.meta.issuer if scoped else ""))
    return ex


def task_key(task: ReportTask) -> str:
    """Cache key of a task: hash of the report and metadata bytes, the lexicons, the curation
    file, the extractor's name, version and code."""
    from .extract import VERSION
    from .extract.lexicon import load_lexicon
    from .ingest import meta_path

    path = Path(task.path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a report file")
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    h = hashlib.sha1(b"kg-extraction\x00")
    h.update(hashlib.sha1(data).digest())
    mp = meta_path(path)
    h.update(hashlib.sha1(mp.read_bytes()).digest() if mp.exists() else b"no-meta")
    h.update(load_lexicon(Path(task.lexicon_dir)).digest.encode())
    h.update(f"{task.extractor}@{VERSION}\x00{task.encoding}\x00{_code_digest(_EXTRACT_CODE)}".encode())
    h.update(_digest_of(task.curation).encode())
    h.update(("\x1f".join(sorted(task.classes)) + "\x1e" + "\x1f".join(sorted(task.predicates))).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class ReportRDF:
    """One report as RDF, ready to stream into a store: what ``report_rdf`` gives."""

    doc_id: str
    source: str
    nquads: bytes          # the report's own triples in its named graph, then its inferences in id:graph/inferred
    ntriples: bytes        # asserted + inferred triples, for the store's default graph (the merge)
    cross: tuple = ()      # triples that may join with another report's (see cross_report_candidates)
    entities: tuple = ()   # (key, label, class) of the report's entities
    asserted: int = 0
    inferred: int = 0
    measures: int = 0
    observations: int = 0
    violations: tuple | None = None   # None: not validated; else (severity, focus, path, message) rows
    extractor: str = ""               # name@version+lexicon, and the curation files applied (for PROV)
    curated: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()        # duplicate_keys of the document: the same report saved twice
    main_text: tuple[str, str] | None = None   # (texts/<stem>.txt, text) when the build keeps it


@dataclass(frozen=True)
class RDFContext:
    """What ``report_rdf`` needs beyond the extraction: the ontology, reasoner and shapes."""

    ontology: Path
    shapes: Path
    reasoner: str = "rules"


@lru_cache(maxsize=4)
def _ontology(path: Path, _digest: str) -> "Graph":

    return load_ontology(path)


@lru_cache(maxsize=4)
def _rules(path: Path, digest: str):
    from .reason import compile_rules

    return compile_rules(_ontology(path, digest))


def report_rdf(ex: "Extraction", ctx: RDFContext, *, validate: bool = False) -> ReportRDF:
    """One report's triples, closed under the ontology's rules, as N-Quads (pure function).

    Example:
        >>> from kg.config import PROJECT_ROOT as R
        >>> ex = extract_report(ReportTask(R / "data" / "dev" / "dev02_yuelu_jxw.txt"))
        >>> r = report_rdf(ex, RDFContext(R / "ontology" / "kg.ttl", R / "ontology" / "shapes.ttl"), validate=True)
        >>> r.violations, r.asserted > 1000, r.inferred > 500
        ((), True, True)
    """
    from rdflib import Graph

    from .rdfize import main_text_name, ntriples_lines, report_iri, report_triples
    from .reason import _run_rules, materialize
    from .vocab import DATA

    onto_digest = _digest_of(ctx.ontology)
    asserted = report_triples(ex)
    if ctx.reasoner == "rules":
        closed = _run_rules(asserted, _rules(Path(ctx.ontology), onto_digest))
    elif ctx.reasoner == "none":
        closed = set(asserted)
    else:
        g = Graph()
        for t in asserted:
            g.add(t)
        closed = set(materialize(g, ontology=_ontology(Path(ctx.ontology), onto_digest), reasoner=ctx.reasoner))
    inferred = closed - asserted
    body = dict(zip(closed, (line[:-3] for line in ntriples_lines(closed, sort=False))))   # "s p o", once each
    rep_end, inf_end = f" <{report_iri(ex.document.id)}> .\n", f" <{DATA['graph/inferred']}> .\n"
    nq = sorted(body[t] + rep_end for t in asserted) + sorted(body[t] + inf_end for t in inferred)
    nt = sorted(body[t] + " .\n" for t in closed)
    violations = None
    if validate:
        from .validate import validate as run_validate

        g = Graph()
        for t in closed:
            g.add(t)
        shapes = _ontology(Path(ctx.shapes), _digest_of(ctx.shapes))
        rep_v = run_validate(g, shapes=shapes)
        violations = tuple((v.severity, v.focus, v.path, v.message) for v in rep_v.results
                           if v.severity == "Violation")
    rules = _rules(Path(ctx.ontology), onto_digest) if ctx.reasoner == "rules" else None
    cross = tuple(sorted(cross_report_candidates(closed, rules), key=str)) if rules is not None else ()
    return ReportRDF(
        doc_id=ex.document.id, source=str(ex.document.source),
        nquads="".join(nq).encode("utf-8"), ntriples="".join(nt).encode("utf-8"), cross=cross,
        entities=tuple((e.key, e.label, e.cls) for e in ex.entities),
        asserted=len(asserted), inferred=len(inferred), measures=len(ex.measures),
        observations=sum(len(q.indicators or (q.counter,)) for q in ex.quantities),   # as rdfize makes them
        violations=violations, extractor=ex.extractor, curated=tuple(ex.curated), keys=duplicate_keys(ex.document),
        main_text=(main_text_name(ex.document), ex.document.text)
        if ex.document.meta.removed or ex.document.meta.format not in ("", "txt") else None)


# --- reasoning across reports --------------------------------------------------------------

def is_report_local(node) -> bool:
    """Is ``node`` one of the IRIs a single report mints under its own IRI (sentences, spans,
    mentions, measures, figures)? Only that report's triples ever mention such a node.

    Example:
        >>> from kg.vocab import DATA
        >>> is_report_local(DATA["report/abc/measure/m1"]), is_report_local(DATA["entity/k"])
        (True, False)
    """
    s = str(node)
    prefix = _REPORT_PREFIX()
    return s.startswith(prefix) and "/" in s[len(prefix):]


@lru_cache(maxsize=1)
def _REPORT_PREFIX() -> str:  # noqa: N802 - a constant computed once
    from .vocab import DATA

    return str(DATA["report/"])


def cross_report_candidates(closed: Iterable[tuple], rules) -> set[tuple]:
    """The triples of one closed report that a rule with two premises (a property chain or a
    transitive property) could join with another report's triples: those whose join node is
    not report-local. Every other inference is already in the report's own closure, because
    the single-premise rules (types, inverses, symmetry, sub-properties, domains, ranges)
    need nothing from another report, and a join through a report-local node (a measure, a
    mention) only ever meets that report's triples.
    """
    first: set = set(rules.transitive)    # predicates whose object is a join node
    second: set = set(rules.transitive)   # predicates whose subject is a join node
    for chain, _ in rules.chains:
        first.update(chain[:-1])
        second.update(chain[1:])
    out = set()
    for t in closed:
        s, p, o = t
        if (p in first and not is_report_local(o)) or (p in second and not is_report_local(s)):
            out.add(t)
    return out


def cross_report_closure(candidates: set[tuple], extra: set[tuple], rules) -> set[tuple]:
    """What the rules derive from the cross-report candidates of all reports together (plus
    ``extra`` triples such as the build's provenance) that is not already among them."""
    from .reason import _run_rules

    base = set(candidates) | set(extra)
    return _run_rules(base, rules) - base


# --- cache -------------------------------------------------------------------------------

class ResultCache:
    """Pickled per-report results under ``root/<kind>/<key[:2]>/<key>``, written atomically
    (an interrupted build leaves whole entries only); an unreadable entry is a miss."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else None

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any:
        if self.root is None:
            return None
        p = self._path(kind, key)
        try:
            return pickle.loads(zlib.decompress(p.read_bytes()))
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a truncated or foreign entry is just a miss
            log.debug("unreadable cache entry %s", p)
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        p = self._path(kind, key)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1))
            os.replace(tmp, p)
        except OSError as e:   # a read-only or full cache disk slows builds down, it does not fail them
            log.warning("cannot write the cache under %s: %s", self.root, e)


# --- workers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Outcome:
    path: Path
    value: Any = None
    error: str | None = None
    extracted: bool = False    # the extractor ran (not from the cache)


def _failure(path: Path, e: BaseException) -> str:
    if isinstance(e, KGError):
        return str(e) if str(path) in str(e) else f"{path}: {e}"
    log.debug("extractor failed on %s", path, exc_info=True)
    return f"{path}: extractor failed: {type(e).__name__}: {e}"


def _extraction(task: ReportTask, cache: ResultCache) -> tuple["Extraction", str, bool]:
    key = task_key(task)
    ex = cache.get("extraction", key)
    if ex is not None:
        # the key is the content, not the place: the same report copied elsewhere is a hit
        return replace(ex, document=replace(ex.document, source=Path(task.path))), key, False
    ex = extract_report(task)
    cache.put("extraction", key, ex)
    return ex, key, True


def _extract_job(args: tuple[ReportTask, Path | None]) -> _Outcome:
    task, root = args
    try:
        ex, _, ran = _extraction(task, ResultCache(root))
        return _Outcome(task.path, ex, extracted=ran)
    except (ConfigError, OntologyError):
        raise                         # the lexicons or the ontology: every report would fail
    except Exception as e:  # noqa: BLE001 - one broken report must not stop a corpus
        return _Outcome(task.path, error=_failure(task.path, e))


def _rdf_job(args: tuple[ReportTask, Path | None, RDFContext, bool]) -> _Outcome:
    task, root, ctx, validate = args
    cache = ResultCache(root)
    try:
        rkey = hashlib.sha1("\x00".join([task_key(task), _digest_of(ctx.ontology), ctx.reasoner,
                                         _code_digest(_RDF_CODE), _digest_of(ctx.shapes) if validate else "-"]
                                        ).encode()).hexdigest()
        r = cache.get("rdf", rkey)
        ran = False
        if r is None or (validate and r.violations is None):
            ex, _, ran = _extraction(task, cache)
            r = report_rdf(ex, ctx, validate=validate)
            cache.put("rdf", rkey, r)
        return _Outcome(task.path, replace(r, source=str(task.path)), extracted=ran)
    except (ConfigError, OntologyError):
        raise
    except Exception as e:  # noqa: BLE001 - one broken report must not stop a corpus
        return _Outcome(task.path, error=_failure(task.path, e))


def _jobs(n: int) -> int:
    return n if n and n > 0 else (os.cpu_count() or 1)


def _run(fn: Callable, items: list, *, jobs: int, progress: bool, desc: str) -> Iterator[_Outcome]:
    """``map(fn, items)`` in order, in a process pool when ``jobs`` > 1, with a progress bar
    on a terminal."""
    from tqdm import tqdm

    jobs = min(_jobs(jobs), max(1, len(items)))
    bar = tqdm(total=len(items), unit="report", desc=desc, disable=not (progress and sys.stderr.isatty()),
               file=sys.stderr, leave=False)
    try:
        if jobs == 1:
            for item in items:
                yield fn(item)
                bar.update()
            return
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            chunk = max(1, min(8, len(items) // (jobs * 16)))
            for out in pool.map(fn, items, chunksize=chunk):
                yield out
                bar.update()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    finally:
        bar.close()


# --- corpus extraction (the in-memory build) ------------------------------------------------

@dataclass
class CorpusExtraction:
    """Extractions in report order, the reports skipped with their problem, and how many
    reports the extractor actually ran on (the rest came from the cache)."""

    extractions: list["Extraction"]
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    extracted: int = 0


def make_tasks(paths: Iterable[Path], settings: "Settings", *, curate: bool | None = None,
               ontology: "Graph | None" = None) -> list[ReportTask]:
    """One task per report found under ``paths``; a path named explicitly must exist."""
    from .curate import curation_path
    from .extract.lexicon import load_lexicon
    from .ingest import find_reports

    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file")
    reports = find_reports(paths)
    if not reports:
        raise InputError(f"no reports (*.txt) found in {', '.join(str(p) for p in paths)} "
                         "(nor *.html, *.htm, *.pdf, *.docx)")
    load_lexicon(Path(settings.lexicon_dir))     # a broken lexicon fails here, once, not in every worker
    curate = settings.curate if curate is None else curate
    classes, predicates = ontology_terms(ontology if ontology is not None else load_ontology(settings.ontology))
    tasks = []
    for r in reports:
        cp = curation_path(settings.curation_dir, r)
        tasks.append(ReportTask(r, extractor=settings.extractor, lexicon_dir=Path(settings.lexicon_dir),
                                encoding=settings.encoding, curation=cp if curate and cp.exists() else None,
                                classes=frozenset(classes), predicates=frozenset(predicates)))
    return tasks


def _settle(outcomes: list[_Outcome], strict: bool) -> list[tuple[Path, str]]:
    """The skipped reports; raises the first problem with ``strict`` or when nothing is left."""
    bad = [(o.path, o.error) for o in outcomes if o.error is not None]
    if bad and (strict or len(bad) == len(outcomes)):
        first = bad[0][1]
        if len(outcomes) > 1:
            more = f" (and {len(bad) - 1} more broken report(s))" if len(bad) > 1 else ""
            first = f"{first}{more}" if not strict else f"{first} (--strict: a broken report fails the build)"
        raise ExtractionError(first) if "extractor failed" in first else InputError(first)
    return bad


def extract_corpus(paths: Iterable[Path], settings: "Settings", *, curate: bool | None = None,
                   ontology: "Graph | None" = None, progress: bool = False) -> CorpusExtraction:
    """Extract (and curate) every report under ``paths``, in parallel, from the cache when
    nothing changed. Broken reports are skipped (see the module docstring)."""
    tasks = make_tasks(paths, settings, curate=curate, ontology=ontology)
    root = settings.cache_dir
    outcomes = list(_run(_extract_job, [(t, root) for t in tasks], jobs=settings.jobs, progress=progress,
                         desc="extract"))
    skipped = _settle(outcomes, settings.strict)
    dups = Duplicates()
    kept = [o.value for o in outcomes if o.error is None and not dups.seen(o.path, duplicate_keys(o.value.document))]
    return CorpusExtraction(kept, skipped, sum(o.extracted for o in outcomes))


# --- store builds ----------------------------------------------------------------------------

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


def _sample(n: int, k: int) -> set[int]:
    """``k`` evenly spread indices out of ``n`` (all of them when ``k`` is 0 or ≥ ``n``)."""
    if k <= 0 or k >= n:
        return set(range(n))
    return {(i * n) // k for i in range(k)}


def build_store(paths: Iterable[Path], settings: "Settings", *, out_dir: Path, store_dir: Path | None = None,
                build_time: str | None = None, nquads: bool = True, html: bool = True,
                progress: bool = False) -> CorpusBuild:
    """Build the graph of a (large) corpus into an on-disk Oxigraph store.

    The store (default ``out_dir/store``) holds one named graph per report (its asserted
    triples), ``id:graph/inferred``, ``id:graph/provenance`` and, as its default graph, the
    merge of them all (the layout of ``kg store load``). ``out_dir/graph.nq`` gets the same
    named graphs (unless ``nquads`` is False) and ``out_dir/graph.html`` the entity view.
    Everything is written into a build folder of its own and published as one set at the end
    (``kg.atomic.BuildSet``; a ``store_dir`` outside ``out_dir`` is swapped in just before), so a
    failed build leaves the previous outputs as they were. SHACL validation (``Settings.validate``) checks each
    report's closed graph in its worker; ``Settings.validate_sample`` reports of the corpus
    (evenly spread; 0 = all) are checked, the result is cached with the report.

    Raises:
        ValidationFailed: a validated report does not conform (nothing is replaced).
        InputError: every report is broken, or one is and ``Settings.strict`` is set.
    """
    import pyoxigraph as ox
    from rdflib import URIRef

    from . import __version__
    from .rdfize import add_build_activity, ntriples_lines
    from .vocab import DATA

    out_dir = Path(out_dir)
    store_dir = Path(store_dir) if store_dir is not None else out_dir / "store"
    in_set = store_dir.absolute() == (out_dir / "store").absolute()   # the store is one of the set's files
    ontology = load_ontology(settings.ontology)
    if settings.validate:
        load_ontology(settings.shapes)
    tasks = make_tasks(paths, settings, ontology=ontology)
    ctx = RDFContext(Path(settings.ontology), Path(settings.shapes), settings.reasoner)
    chosen = _sample(len(tasks), settings.validate_sample) if settings.validate else set()
    items = [(t, settings.cache_dir, ctx, i in chosen) for i, t in enumerate(tasks)]

    store_dir.parent.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    outset = BuildSet(out_dir)
    staging = outset.path("store") if in_set else staging_dir(store_dir)
    # the N-Quads (named graphs) and N-Triples (their merge) are streamed to two files, then each
    # is bulk-loaded in one call: Oxigraph's bulk loader is fastest on one large input
    nq_tmp = outset.path("graph.nq")
    nt_tmp = outset.path(".merge.nt")
    published = False
    try:
        store = ox.Store(str(staging))
        nq_file = open(nq_tmp, "wb")     # noqa: SIM115 - closed below
        nt_file = open(nt_tmp, "wb")     # noqa: SIM115 - closed below
        entities: dict[str, list] = {}
        cross: set[tuple] = set()
        outcomes: list[_Outcome] = []
        counts = Counter()
        violations: list = []
        doc_ids: list[str] = []
        dups = Duplicates()
        digest = hashlib.sha1()   # the inputs, as kg.pipeline.build hashes them for the build's PROV IRI
        try:
            for o in _run(_rdf_job, items, jobs=settings.jobs, progress=progress, desc="build"):
                outcomes.append(o.__class__(o.path, None, o.error, o.extracted))   # keep no payload
                if o.error is not None:
                    if settings.strict:
                        _settle(outcomes, True)
                    continue
                r: ReportRDF = o.value
                if dups.seen(o.path, r.keys):
                    continue
                if r.main_text is not None:
                    # the kept main text, published with the store
                    outset.stage(out_dir / r.main_text[0], r.main_text[1].encode("utf-8"))
                doc_ids.append(r.doc_id)
                digest.update(r.doc_id.encode() + r.extractor.encode())
                for c in r.curated:
                    digest.update(Path(c).read_bytes())
                nq_file.write(r.nquads)
                nt_file.write(r.ntriples)
                for key, label, cls in r.entities:
                    e = entities.get(key)
                    if e is None:
                        entities[key] = [label, {cls}, 1]
                    else:
                        e[1].add(cls)
                        e[2] += 1
                cross.update(r.cross)
                counts.update(asserted=r.asserted, inferred=r.inferred, measures=r.measures,
                              observations=r.observations)
                if r.violations is not None:
                    counts["validated"] += 1
                    violations.extend((r.source, *v) for v in r.violations)
            skipped = _settle(outcomes, settings.strict)

            # provenance, and what the rules derive across reports
            when = resolve_build_time(build_time)
            digest.update(Path(settings.ontology).read_bytes())
            prov: set[tuple] = set()
            add_build_activity(prov, reports=doc_ids, version=__version__, time=when,
                               inputs_digest=digest.hexdigest()[:16])
            if settings.reasoner == "rules":
                new = cross_report_closure(cross, prov, _rules(Path(settings.ontology), _digest_of(settings.ontology)))
            else:
                new = set()
            tail_nq = "".join(ntriples_lines(prov, URIRef(DATA["graph/provenance"]))
                              + ntriples_lines(new, URIRef(DATA["graph/inferred"]))).encode("utf-8")
            nq_file.write(tail_nq)
            nt_file.write("".join(ntriples_lines(prov | new)).encode("utf-8"))
            counts["inferred"] += len(new)
        finally:
            nq_file.close()
            nt_file.close()
        store.bulk_load(path=str(nq_tmp), format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(nt_tmp), format=ox.RdfFormat.N_TRIPLES)   # into the default graph
        nt_tmp.unlink()
        if violations:
            first = violations[0]
            raise ValidationFailed(f"{first[0]}: does not conform to {settings.shapes}: {len(violations)} "
                                   f"violation(s) in the validated reports; first: {first[2]} {first[3]}: {first[4]}")
        summary = _store_summary(store, entities, counts, len(doc_ids), skipped)
        summary["conforms"] = (True if counts["validated"] else None)
        summary["validated_reports"] = counts["validated"]
        html_bytes = None
        if html:
            from .views import entity_view
            from .visualize import render_html

            view = entity_view(_MergedDefault(store), ontology=ontology)
            html_bytes = render_html(view.graph, title=view.title, note=view.note)
        store.flush()
        del store   # release the RocksDB lock before the directory moves
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
        nt_tmp.unlink(missing_ok=True)
        if not published:
            outset.discard()
            if not in_set and staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    return CorpusBuild(store_dir, outputs, len(doc_ids), skipped, sum(o.extracted for o in outcomes), summary,
                       counts["validated"], violations)


class _MergedDefault:
    """A store whose default graph already is the merge of its named graphs: queries asking for
    the union of the graphs (``kg.views``) are run on the default graph instead, which gives the
    same answers without counting a triple once per report (six times faster on 200 reports)."""

    def __init__(self, store) -> None:
        self._store = store

    def query(self, query: str, *, use_default_graph_as_union: bool = False, **options):
        return self._store.query(query, **options)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def _store_summary(store, entities: dict[str, list], counts: Counter, reports: int,
                   skipped: list) -> dict:
    """The build summary of a store build, shaped like ``kg.pipeline.summarize``'s."""
    from .networks import EDGE_PROPERTIES
    from .vocab import KG, ORG

    per_class = Counter(_leaf(classes) for _, classes, _ in entities.values())
    props = " ".join(f"<{KG[p]}>" for p in EDGE_PROPERTIES) + f" <{ORG.subOrganizationOf}>"
    rel = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o }}")))[0]
    triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
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
        "triples": int(triples.value),
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
    from .ingest import find_reports

    existing = [Path(p) for p in paths if Path(p).exists()]
    return len(find_reports(existing)) > settings.store_threshold
