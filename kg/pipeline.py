"""Pipeline: the only place the stages are chained, on the one build path.

read -> extract -> curate -> rdfize -> reason -> validate, per report (``kg.corpus.report``),
mapped over the reports and merged into one dataset (``kg.corpus.merge``); then the outputs.
``build(paths, settings)`` returns a ``BuildResult`` (the dataset parsed into rdflib graphs);
``write_outputs`` publishes ``graph.ttl`` (every triple, asserted and inferred),
``graph.trig`` and ``graph.nq`` (the dataset: one named graph per report, the shared
entities, the inferred and the provenance graphs), ``graph.jsonld``, ``graph.graphml`` and
``graph.html`` (and ``texts/<stem>.txt``, the main text of each report read from a web page,
PDF or DOCX or cut free of page furniture) as one set: written into a build folder of their
own, then published by one rename of the ``current`` link (``kg.atomic.BuildSet``); a failed
or killed build leaves the previous set untouched. A corpus too large for memory takes the
same path into an on-disk store (``kg.corpus.build_store``).
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .config import Settings
from .corpus import extract_corpus, merge_corpus
from .errors import InputError, ValidationFailed
from .model import Extraction
from .onto import load_ontology
from .vocab import DATA, bind_prefixes

__all__ = ["BuildResult", "build", "dataset_store", "load_ontology", "extract_paths", "write_outputs", "summarize",
           "canonical_nquads", "canonical_jsonld", "stage_main_texts"]

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """A build in memory: the reports' extractions, the asserted triples (``data``), every
    triple (``graph``), the dataset with its named graphs and its canonical N-Quads."""

    extractions: list[Extraction]
    graph: Graph
    conforms: bool | None                    # None: not validated
    violations: list = field(default_factory=list)   # (source, severity, focus, path, message)
    ontology: Graph | None = None
    build_time: str = ""
    outputs: dict[str, Path] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)   # broken reports left out, with the problem
    extracted: int = 0                                               # reports extracted (not from the cache)
    dataset: Dataset | None = None
    nquads: str = ""                                                 # the dataset, lines sorted
    main_texts: list[tuple[str, str]] = field(default_factory=list)  # (texts/<stem>.txt, text) to publish
    defaulted: list = field(default_factory=list)   # (path, ((field, value used), ...)): corpus.defaults_warnings

    @cached_property
    def network(self):
        """The entities and their relations as a networkx multigraph (``kg.networks.to_networkx``),
        projected once for the GraphML output and the build summary."""
        from .networks import to_networkx

        return to_networkx(self.graph, ontology=self.ontology)

    @cached_property
    def inferred_count(self) -> int:
        """How many triples of ``graph`` only the inferred graph holds, counted on the sorted
        N-Quads lines (the same as ``len(graph) - len(data)``, without building ``data``)."""
        inferred = f"{DATA['graph/inferred']}> ."
        union: set[str] = set()
        asserted: set[str] = set()
        for line in self.nquads.split("\n"):          # not splitlines: a literal may hold \u2028
            triple, _, graph = line.rpartition(" <")   # a graph name is an IRI, the line's last term
            union.add(triple)
            if graph != inferred:
                asserted.add(triple)
        union.discard("")
        asserted.discard("")
        return len(union) - len(asserted)

    @cached_property
    def data(self) -> Graph:
        """The asserted triples: every graph of the dataset but the inferred one."""
        data = Graph()
        bind_prefixes(data)
        inferred = URIRef(DATA["graph/inferred"])
        for s, p, o, g in self.dataset.quads():
            if g != inferred:
                data.add((s, p, o))
        return data


def extract_paths(paths: Iterable[Path], settings: Settings, *, curate: bool | None = None,
                  ontology: Graph | None = None) -> list[Extraction]:
    """Read, extract and (unless ``curate`` is False) curate every report.

    Reports are processed in parallel and cached by content (``kg.corpus.extract_corpus``);
    a broken report among several is skipped with a warning (``Settings.strict``: raised).
    """
    result = extract_corpus(paths, settings, curate=curate, ontology=ontology)
    for path, problem in result.skipped:
        log.warning("skipped %s", problem)
    return result.extractions


def build(paths: Iterable[Path], settings: Settings, *, build_time: str | None = None,
          progress: bool = False) -> BuildResult:
    """Build the knowledge graph of the given reports in memory (no files written).

    The one build path (``kg.corpus.merge``): each report mapped to RDF on its own, in
    parallel and from the cache, then merged; this function parses the merged dataset into
    rdflib graphs. ``kg.corpus.build_store`` takes the same path into an on-disk store, for
    corpora too large for memory. Broken reports among several are skipped and listed in
    ``BuildResult.skipped``.

    Raises ``ValidationFailed`` when validation is on and a validated report does not conform.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kg-build-") as tmp:
        merged = merge_corpus(paths, settings, nquads=Path(tmp) / "graph.nq", build_time=build_time,
                              progress=progress, keep_extractions=True)
        lines = merged.nquads.read_bytes().split(b"\n")   # not splitlines: a literal may hold \x0c or \u2028
    quads = {line.decode("utf-8") + "\n" for line in lines if line}
    nquads = "".join(sorted(quads))
    ds, graph = _dataset(nquads)
    violations = merged.violations
    conforms = (not violations) if merged.counts["validated"] else None
    if violations:
        source, _, focus, path, message = violations[0]
        raise ValidationFailed(f"{source}: does not conform to {settings.shapes}: {len(violations)} violation(s) "
                               f"in the validated reports; first: {focus} {path}: {message}")
    return BuildResult(merged.extractions, graph, conforms, violations, load_ontology(settings.ontology),
                       merged.build_time, skipped=merged.skipped, extracted=merged.extracted, dataset=ds,
                       nquads=nquads, main_texts=merged.main_texts, defaulted=merged.defaulted)


def dataset_store(paths: Iterable[Path], settings: Settings, *, every_report: bool = False):
    """The dataset of a build of ``paths`` in an in-memory pyoxigraph store, series included:
    the one build path for a caller that only queries (``kg compare`` on report files, the
    series notebook). Nothing is written; unchanged reports come from the cache.

    Raises:
        InputError: with ``every_report``, the first broken report (else it is skipped with a
            warning, as in every build).
    """
    import tempfile

    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(prefix="kg-build-") as tmp:
        merged = merge_corpus(paths, settings, nquads=Path(tmp) / "graph.nq")
        if merged.skipped and every_report:
            raise InputError(merged.skipped[0][1])
        store = ox.Store()
        store.load(path=str(merged.nquads), format=ox.RdfFormat.N_QUADS)
    for problem in (p for _, p in merged.skipped):
        log.warning("skipped %s", problem)
    return store


def _dataset(nquads: str) -> tuple[Dataset, Graph]:
    """The rdflib dataset of N-Quads text, and the union of its graphs (parsed by Oxigraph:
    several times faster than rdflib's parser; blank nodes keep their labels, so the outputs
    are the same bytes every time)."""
    import pyoxigraph as ox

    from .query.terms import from_ox

    ds, union = Dataset(), Graph()
    bind_prefixes(ds)
    bind_prefixes(union)
    graphs: dict[str, Graph] = {}
    for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        name = q.graph_name.value
        g = graphs.get(name)
        if g is None:
            g = graphs[name] = ds.graph(URIRef(name))
        t = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        g.add(t)
        union.add(t)
    return ds, union


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
    from .serialize import canonical_trig, to_turtle
    from .visualize import render_html

    out_dir = Path(out_dir)
    staged = BuildSet(out_dir)
    try:
        files = {   # Turtle and TriG from the same N-Quads, written by Oxigraph (kg.serialize)
            "turtle": staged.stage(out_dir / "graph.ttl", to_turtle(result.nquads)),
            "trig": staged.stage(out_dir / "graph.trig", canonical_trig(result.nquads)),
            "nquads": staged.stage(out_dir / "graph.nq", result.nquads),
            "jsonld": staged.stage(out_dir / "graph.jsonld", canonical_jsonld(result.graph)),
        }
        files["graphml"] = staged.stage(out_dir / "graph.graphml", _graphml(result.network))
        if stage_main_texts(staged, out_dir, result.main_texts):
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


def stage_main_texts(staged, out_dir: Path, texts: Iterable[tuple[str, str]]) -> int:
    """Stage ``texts/<stem>.txt`` for every (name, text) the merge kept: the main text of each
    report that is not its source file as it is (page furniture removed, or read from
    HTML/PDF/DOCX), the text its offsets index, linked from the report node by
    ``kg:mainText``. Returns how many were staged."""
    n = 0
    for name, text in texts:
        staged.stage(Path(out_dir) / name, text.encode("utf-8"))
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

    from .vocab import KG

    nxg = result.network
    per_class = Counter(a["type"] for _, a in nxg.nodes(data=True))
    return {
        "reports": len(result.extractions),
        "entities": nxg.number_of_nodes(),
        "entities_per_class": dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        "relations": nxg.number_of_edges(),
        # a measure's kg:Measure type is derived and not stored (ontology 2.8.0 for a plan, 2.11.0
        # for every measure): every measure has one kg:describedIn
        "measures": len(set(result.graph.subjects(KG.describedIn))),
        # a figure's kg:Observation type is derived from its kg:value and not stored (ontology 2.9.0)
        "observations": len(set(result.graph.subjects(KG.value))),
        "triples": len(result.graph),
        "inferred_triples": result.inferred_count,
        "conforms": result.conforms,
    }
