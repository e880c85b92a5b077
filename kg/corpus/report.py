"""The per-report work of a corpus build: pure functions a pool or cluster maps over tasks.

Takes: a ``ReportTask`` (a report's path and what extracting it depends on), made by
``make_tasks`` from report paths and ``Settings``. Gives: the report's curated
``Extraction`` (``extract_report``), its triples closed under the ontology's OWL 2 RL rules
as N-Quads, with its ``Edition`` record for the series step (``report_rdf`` ->
``ReportRDF``), the cache keys of both (``task_key``,
``rdf_key``), and the few triples that can join across reports with what the rules derive
from them (``cross_report_candidates``, ``cross_report_closure``).

Each function is a pure function of the report's bytes, its metadata and curation files,
the lexicons and the ontology. The cache keys hash exactly those plus a digest of the code
that computes them, and the same functions can be mapped by a cluster engine unchanged
(``dask.bag.from_sequence(tasks).map(extract_report)``).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..duplicates import duplicate_keys
from ..errors import InputError
from ..extract.lexicon import DEFAULT_LEXICON_DIR
from ..onto import load_ontology, ontology_terms
from ..series.record import Edition, PackedEdition, edition_of, pack_edition

if TYPE_CHECKING:
    from rdflib import Graph

    from ..config import Settings
    from ..model import Extraction
    from ..reason import Rules

__all__ = ["ReportTask", "ReportRDF", "RDFContext", "make_tasks", "extract_report", "task_key", "rdf_key",
           "report_rdf", "ontology_rules", "is_report_local", "cross_report_candidates", "cross_report_closure"]

_PKG = Path(__file__).resolve().parents[1]   # kg/
# the code whose output is cached: a change to any of these files invalidates the cache
# (tests/test_corpus.py checks that the modules these import are listed)
_EXTRACT_CODE = ("ingest.py", "model.py", "curate.py", "extract/*.py", "furniture.py", "docmeta.py", "gazetteer.py",
                 "issuers.py", "departments.py", "wordsrx.py", "sources/*.py")
# the RDF step: this module and the cache's, and what they import beyond the extraction (not the
# pool, the merge or the store build, which run in the parent and cache nothing)
_RDF_CODE = ("corpus/report.py", "corpus/cache.py", "rdfize.py", "reason.py", "vocab.py", "validate.py",
             "series/record.py", "onto.py", "duplicates.py", "config.py")


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


# --- tasks and extraction -------------------------------------------------------------------

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


def make_tasks(paths: Iterable[Path], settings: "Settings", *, curate: bool | None = None,
               ontology: "Graph | None" = None) -> list[ReportTask]:
    """One task per report found under ``paths``; a path named explicitly must exist."""
    from ..curate import curation_path
    from ..extract.lexicon import load_lexicon
    from ..ingest import find_reports

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


def extract_report(task: ReportTask) -> "Extraction":
    """Read, extract and curate one report: a pure function of the task's files.

    Example:
        >>> from kg.config import PROJECT_ROOT
        >>> ex = extract_report(ReportTask(PROJECT_ROOT / "data" / "dev" / "dev02_yuelu_jxw.txt"))
        >>> ex.document.meta.year, len(ex.quantities) > 5
        (2024, True)
    """
    from ..curate import apply_curation
    from ..extract import entity_key, extract
    from ..ingest import read_document

    doc = read_document(task.path, encoding=task.encoding)
    ex = extract(doc, extractor=task.extractor, lexicon_dir=task.lexicon_dir)
    if task.curation is not None:
        ex = apply_curation(ex, task.curation, classes=set(task.classes), predicates=set(task.predicates),
                            key_of=lambda label, scoped: entity_key(label, doc.meta.issuer if scoped else ""))
    return ex


def task_key(task: ReportTask) -> str:
    """Cache key of a task: hash of the report and metadata bytes, the lexicons, the curation
    file, the extractor's name, version and code."""
    from ..extract import VERSION
    from ..extract.lexicon import load_lexicon
    from ..ingest import meta_path

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


# --- one report as RDF ----------------------------------------------------------------------

@dataclass(frozen=True)
class ReportRDF:
    """One report as RDF, split the way the dataset stores it: what ``report_rdf`` gives.

    Every triple of a build is kept in exactly one graph (see ``kg.corpus.merge``): the
    report's own nodes (the report, its sentences, mentions, measures, figures and axiom
    annotations) in the report's named graph; the facts about nodes reports share
    (entities, places, laws, indicators) once in ``id:graph/entities``; what the rules derive
    once in ``id:graph/inferred``. A report's own graph and its own inferences are
    disjoint from every other report's, so they arrive as finished N-Quads; the shared
    triples arrive as N-Triples bodies (``s p o``) for the merge to keep once.
    """

    doc_id: str
    source: str
    nquads: bytes          # own triples in the report's graph, then own inferences in id:graph/inferred
    shared: tuple[str, ...] = ()           # asserted triples about shared nodes, "s p o" each
    shared_inferred: tuple[str, ...] = ()  # inferred triples about shared nodes, "s p o" each
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
    edition: PackedEdition | None = None   # the report as an edition of its series (kg.series.record.edition_of),
                                           # packed (pack_edition) for the parent's EditionShelf
    defaults: tuple[tuple[str, str], ...] = ()   # (field, value used) of issuer and year when the report gave none


@dataclass(frozen=True)
class RDFContext:
    """What ``report_rdf`` needs beyond the extraction: the ontology, reasoner and shapes."""

    ontology: Path
    shapes: Path
    reasoner: str = "rules"


def rdf_key(task: ReportTask, ctx: RDFContext, *, validate: bool = False) -> str:
    """Cache key of a task's ``ReportRDF``: its ``task_key``, the ontology, reasoner, shapes
    (when validated) and the code that makes RDF."""
    return hashlib.sha1("\x00".join([task_key(task), _digest_of(ctx.ontology), ctx.reasoner,
                                     _code_digest(_RDF_CODE), _digest_of(ctx.shapes) if validate else "-"]
                                    ).encode()).hexdigest()


@lru_cache(maxsize=4)
def _ontology(path: Path, _digest: str) -> "Graph":

    return load_ontology(path)


@lru_cache(maxsize=4)
def _rules(path: Path, digest: str):
    from ..reason import compile_rules

    return compile_rules(_ontology(path, digest))


def ontology_rules(path: Path) -> "Rules":
    """The compiled OWL 2 RL rules of the ontology file at ``path``, cached while it is unchanged."""
    return _rules(Path(path), _digest_of(path))


def report_rdf(ex: "Extraction", ctx: RDFContext, *, validate: bool = False) -> ReportRDF:
    """One report's triples, closed under the ontology's rules, as N-Quads (pure function).

    Example:
        >>> from kg.config import PROJECT_ROOT as R
        >>> ex = extract_report(ReportTask(R / "data" / "dev" / "dev02_yuelu_jxw.txt"))
        >>> r = report_rdf(ex, RDFContext(R / "ontology" / "kg.ttl", R / "ontology" / "shapes.ttl"), validate=True)
        >>> r.violations, r.asserted > 1000, r.inferred > 200
        ((), True, True)
    """
    from rdflib import BNode, Graph

    from ..rdfize import main_text_name, ntriples_lines, report_iri, report_triples
    from ..reason import materialize, run_rules
    from ..vocab import DATA

    onto_digest = _digest_of(ctx.ontology)
    asserted = report_triples(ex)
    if ctx.reasoner == "rules":
        closed = run_rules(asserted, _rules(Path(ctx.ontology), onto_digest))
    elif ctx.reasoner == "none":
        closed = set(asserted)
    else:
        g = Graph()
        for t in asserted:
            g.add(t)
        closed = set(materialize(g, ontology=_ontology(Path(ctx.ontology), onto_digest), reasoner=ctx.reasoner))
    # what the build stores of what the rules derive (kg.reason.Rules.stored; the whole closure
    # is still what is validated and what the cross-report rules join)
    rules = _rules(Path(ctx.ontology), onto_digest)
    inferred = {t for t in closed - asserted if rules.stored(t)}
    rep = report_iri(ex.document.id)

    local: dict = {}

    def own(t: tuple) -> bool:   # a triple about a node only this report has
        s = t[0]
        o = local.get(s)
        if o is None:
            o = local[s] = s == rep or isinstance(s, BNode) or is_report_local(s)
        return o

    def split(triples: list[tuple]) -> tuple[list[str], list[str]]:   # "s p o" of own and of shared triples
        mine: list[str] = []
        theirs: list[str] = []
        for t, line in zip(triples, ntriples_lines(triples, sort=False)):
            (mine if own(t) else theirs).append(line[:-3])
        return mine, theirs

    own_asserted, shared = split(list(asserted))
    own_inferred, shared_inferred = split(list(inferred))
    rep_end, inf_end = f" <{rep}> .\n", f" <{DATA['graph/inferred']}> .\n"
    nq = sorted(x + rep_end for x in own_asserted) + sorted(x + inf_end for x in own_inferred)
    violations = None
    if validate:
        from ..validate import validate as run_validate

        g = Graph()
        for t in closed:
            g.add(t)
        shapes = _ontology(Path(ctx.shapes), _digest_of(ctx.shapes))
        # the rule closure holds what the shapes need; another closure gets the ontology's individuals
        # mixed in, and no closure (--reasoner none) is checked as its OWL 2 RL closure
        rules_closed = ctx.reasoner == "rules"
        rep_v = run_validate(g, shapes=shapes, ontology=None if rules_closed else _ontology(Path(ctx.ontology), onto_digest),
                             entail=ctx.reasoner == "none")
        violations = tuple((v.severity, v.focus, v.path, v.message) for v in rep_v.results
                           if v.severity == "Violation")
    cross = tuple(sorted(cross_report_candidates(closed, rules), key=str)) if ctx.reasoner != "none" else ()
    return ReportRDF(
        doc_id=ex.document.id, source=str(ex.document.source), nquads="".join(nq).encode("utf-8"),
        shared=tuple(sorted(shared)), shared_inferred=tuple(sorted(shared_inferred)), cross=cross,
        entities=tuple((e.key, e.label, e.cls) for e in ex.entities),
        asserted=len(asserted), inferred=len(inferred), measures=len(ex.measures),
        observations=sum(len(q.indicators or (q.counter,)) for q in ex.quantities),   # as rdfize makes them
        violations=violations, extractor=ex.extractor, curated=tuple(ex.curated), keys=duplicate_keys(ex.document),
        main_text=(main_text_name(ex.document), ex.document.text)
        if ex.document.meta.removed or ex.document.meta.format not in ("", "txt") else None,
        edition=_packed(edition_of(str(rep), closed)), defaults=defaulted(ex.document.meta))


def defaulted(meta) -> tuple[tuple[str, str], ...]:
    """(field, value used) of the issuer and year that neither the report nor a ``.meta.json``
    gave, so that ``kg.docmeta.to_report_meta`` put its visible defaults in.

    Example:
        >>> from kg.model import ReportMeta
        >>> defaulted(ReportMeta(title="t", issuer="未具名发布机构", year=2000, source="x.txt",
        ...                      sources=(("issuer", "default"), ("year", "default"))))
        (('issuer', '未具名发布机构'), ('year', '2000'))
        >>> defaulted(ReportMeta(title="t", issuer="某区科学技术局", year=2024, source="x.txt", sources=(("year", "date"),)))
        ()
    """
    src = dict(meta.sources)
    return tuple((k, str(getattr(meta, k))) for k in ("issuer", "year") if src.get(k) == "default")


def _packed(edition: Edition | None) -> PackedEdition | None:
    return None if edition is None else pack_edition(edition)


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
    from ..vocab import DATA

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
    from ..reason import run_rules

    base = set(candidates) | set(extra)
    return run_rules(base, rules) - base
