"""Pipeline: the only place the stages are chained.

ingest -> extract -> curate -> rdfize -> reason -> validate -> project -> outputs.
``build(paths, settings)`` returns a ``BuildResult``; ``write_outputs`` publishes
``graph.ttl`` (data + inferred triples), ``graph.trig`` and ``graph.nq`` (one named graph
per report, plus the inferred and provenance graphs), ``graph.jsonld``, ``graph.graphml`` and
``graph.html`` (and ``texts/<stem>.txt``, the main text of each report read from a web page,
PDF or DOCX or cut free of page furniture) as one set: written into a build folder of their
own, then published by one rename of the ``current`` link (``kg.atomic.BuildSet``); a failed
or killed build leaves the previous set untouched.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from . import __version__
from .config import Settings
from .errors import ValidationFailed
from .onto import build_time as _build_time
from .onto import load_ontology
from .onto import ontology_terms as _ontology_terms
from .model import Extraction

__all__ = ["BuildResult", "build", "load_ontology", "extract_paths", "write_outputs", "summarize",
           "canonical_nquads", "canonical_jsonld", "stage_main_texts"]

log = logging.getLogger(__name__)

# above this many focus nodes SHACL checks a deterministic sample (pySHACL: ~5k triples/s)
VALIDATE_MAX_FOCUS = 5_000


@dataclass
class BuildResult:
    extractions: list[Extraction]
    data: Graph
    graph: Graph
    conforms: bool | None
    violations: list = field(default_factory=list)
    ontology: Graph | None = None
    build_time: str = ""
    outputs: dict[str, Path] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)   # broken reports left out, with the problem
    extracted: int = 0                                               # reports extracted (not from the cache)


def extract_paths(paths: Iterable[Path], settings: Settings, *, curate: bool | None = None,
                  ontology: Graph | None = None) -> list[Extraction]:
    """Read, extract and (unless ``curate`` is False) curate every report.

    Reports are processed in parallel and cached by content (``kg.corpus.extract_corpus``);
    a broken report among several is skipped with a warning (``Settings.strict``: raised).
    """
    from .corpus import extract_corpus

    result = extract_corpus(paths, settings, curate=curate, ontology=ontology)
    for path, problem in result.skipped:
        log.warning("skipped %s", problem)
    return result.extractions


def build(paths: Iterable[Path], settings: Settings, *, build_time: str | None = None,
          progress: bool = False) -> BuildResult:
    """Build the knowledge graph of the given reports (no files written).

    Extraction runs in parallel and from the cache (``kg.corpus``); broken reports among
    several are skipped and listed in ``BuildResult.skipped``. For corpora too large for an
    in-memory graph, see ``kg.corpus.build_store``.

    Raises ``ValidationFailed`` when validation is on and the graph does not conform.
    """
    from .corpus import extract_corpus
    from .rdfize import add_build_activity, to_rdf
    from .reason import materialize

    ontology = load_ontology(settings.ontology)
    shapes = load_ontology(settings.shapes) if settings.validate else None
    corpus = extract_corpus(paths, settings, ontology=ontology, progress=progress)
    extractions = corpus.extractions
    data = to_rdf(extractions)
    digest = hashlib.sha1()
    for ex in extractions:
        digest.update(ex.document.id.encode() + ex.extractor.encode())
        for c in ex.curated:
            digest.update(Path(c).read_bytes())
    digest.update(settings.ontology.read_bytes())
    when = _build_time(build_time)
    add_build_activity(data, reports=[ex.document.id for ex in extractions], version=__version__, time=when,
                       inputs_digest=digest.hexdigest()[:16])
    graph = materialize(data, ontology=ontology, reasoner=settings.reasoner)
    conforms, violations = None, []
    if shapes is not None:
        from .validate import validate

        # the rule reasoner's closure holds what the shapes need; other closures get the ontology's
        # individuals mixed in (owlrl's output leaves them out), and no closure RDFS entailment
        report = validate(graph, shapes=shapes, max_focus=VALIDATE_MAX_FOCUS,
                          ontology=None if settings.reasoner == "rules" else ontology,
                          entail=settings.reasoner == "none")
        conforms, violations = report.conforms, list(report.results)
        if report.checked is not None:
            log.warning("SHACL: checked a sample of %d of %d focus nodes (graph too large to check all)",
                        report.checked, report.total)
        if not conforms:
            first = violations[0] if violations else None
            detail = f"; first: {first.focus} {first.path}: {first.message}" if first else ""
            raise ValidationFailed(f"the graph does not conform to {settings.shapes}: "
                                   f"{len(violations)} violation(s){detail}")
    return BuildResult(extractions, data, graph, conforms, violations, ontology, when,
                       skipped=corpus.skipped, extracted=corpus.extracted)


def _dataset(result: BuildResult) -> Dataset:
    """Per-report named graphs, the inferred triples and the build provenance."""
    from .rdfize import report_iri, to_rdf
    from .vocab import DATA, bind_prefixes

    ds = Dataset()
    bind_prefixes(ds)
    asserted: set = set()
    for ex in result.extractions:
        g = ds.graph(report_iri(ex.document.id))
        for t in to_rdf([ex]):
            g.add(t)
            asserted.add(t)
    prov = ds.graph(URIRef(DATA["graph/provenance"]))
    inferred = ds.graph(URIRef(DATA["graph/inferred"]))
    for t in result.data:
        if t not in asserted:
            prov.add(t)
    for t in result.graph:
        if t not in result.data:
            inferred.add(t)
    return ds


def canonical_nquads(ds: Dataset) -> str:
    """N-Quads of the dataset's named graphs, lines sorted: the same dataset always gives the
    same bytes (what ``kg.corpus.build_store`` streams, for small builds)."""
    from .rdfize import ntriples_lines

    lines: list[str] = []
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID:
            lines += ntriples_lines(g, g.identifier)
    return "".join(sorted(lines))


def canonical_jsonld(g: Graph) -> str:
    """JSON-LD with nodes sorted by ``@id`` and keys sorted."""
    import json

    doc = json.loads(g.serialize(format="json-ld"))
    if isinstance(doc, list):
        doc.sort(key=lambda n: json.dumps(n.get("@id", ""), ensure_ascii=False))
        for node in doc:
            for k, v in node.items():
                if isinstance(v, list):
                    v.sort(key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_outputs(result: BuildResult, out_dir: Path, *, html: bool = True) -> dict[str, Path]:
    """Serialise the build into ``out_dir/.builds/<id>/`` and publish it as one set (``kg.atomic.BuildSet``):
    ``out_dir/graph.ttl`` etc. are links into ``out_dir/current``, switched in one rename."""
    from .atomic import BuildSet
    from .networks import to_networkx
    from .serialize import canonical_trig, to_turtle
    from .visualize import render_html

    out_dir = Path(out_dir)
    staged = BuildSet(out_dir)
    try:
        ds = _dataset(result)
        files = {   # to_turtle: rdflib's bytes without its quadratic prefix lookups (kg.serialize)
            "turtle": staged.stage(out_dir / "graph.ttl", to_turtle(result.graph)),
            "trig": staged.stage(out_dir / "graph.trig", canonical_trig(ds)),
            "nquads": staged.stage(out_dir / "graph.nq", canonical_nquads(ds)),
            "jsonld": staged.stage(out_dir / "graph.jsonld", canonical_jsonld(result.graph)),
        }
        nxg = to_networkx(result.graph, ontology=result.ontology)
        files["graphml"] = staged.stage(out_dir / "graph.graphml", _graphml(nxg))
        if stage_main_texts(staged, out_dir, [ex.document for ex in result.extractions]):
            files["texts"] = out_dir / "texts"
        if html:
            # the same entity view as `kg viz`: capped to the best-connected entities on big graphs
            from .views import build_view

            view = build_view(result.graph, ontology=result.ontology)
            files["html"] = staged.stage(out_dir / "graph.html", render_html(view.graph, title=view.title, note=view.note))
        staged.commit()
    except BaseException:
        staged.discard()
        raise
    result.outputs = files
    return files


def stage_main_texts(staged, out_dir: Path, docs: Iterable) -> int:
    """Stage ``texts/<stem>.txt`` for every report whose main text is not its source file as
    it is (page furniture removed, or read from HTML/PDF/DOCX): the text its offsets index,
    linked from the report node by ``kg:mainText``. Returns how many were staged."""
    from .rdfize import main_text_name

    n, seen = 0, {}
    for doc in docs:
        if not (doc.meta.removed or doc.meta.format not in ("", "txt")):
            continue
        name = main_text_name(doc)
        if name in seen and seen[name] != doc.id:
            log.warning("%s: main text %s already written for another report; the later one is kept", doc.source, name)
        seen[name] = doc.id
        staged.stage(Path(out_dir) / name, doc.text.encode("utf-8"))
        n += 1
    return n


def _graphml(nxg) -> bytes:
    import io
    import json

    import networkx as nx

    flat = nx.MultiDiGraph()
    for n, a in nxg.nodes(data=True):
        flat.add_node(n, label=a.get("label", ""), type=a.get("type", ""), aliases="|".join(a.get("aliases", [])),
                      evidence=json.dumps(a.get("evidence", []), ensure_ascii=False))
    for s, o, k, a in nxg.edges(keys=True, data=True):
        flat.add_edge(s, o, key=k, label=a.get("label", k), predicate=a.get("predicate", ""))
    buf = io.BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8")
    return buf.getvalue()


def summarize(result: BuildResult) -> dict:
    """Counts for the build summary: entities per class, relations, measures, figures."""
    from rdflib.namespace import RDF

    from .networks import to_networkx
    from .vocab import KG

    nxg = to_networkx(result.graph, ontology=result.ontology)
    per_class = Counter(a["type"] for _, a in nxg.nodes(data=True))
    return {
        "reports": len(result.extractions),
        "entities": nxg.number_of_nodes(),
        "entities_per_class": dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        "relations": nxg.number_of_edges(),
        "measures": len(set(result.graph.subjects(RDF.type, KG.Measure))),
        "observations": len(set(result.graph.subjects(RDF.type, KG.Observation))),
        "triples": len(result.graph),
        "inferred_triples": len(result.graph) - len(result.data),
        "conforms": result.conforms,
    }
