"""Corpus builds: many reports -> one graph, in parallel and incrementally.

Takes report paths (files or folders) and ``Settings``. Gives:

* ``extract_corpus``: the curated ``Extraction`` of every report, computed in a process pool
  (``concurrent.futures``, ``Settings.jobs`` workers, all cores by default) and cached by
  content under ``Settings.cache_dir`` (``.cache/kg``): a rebuild after changing one report
  runs the extractor on that report only. A broken report (binary, undecodable, bad
  metadata or curation file, an extractor crash) is skipped and listed in ``skipped``;
  with ``Settings.strict`` (or when every report is broken) the first problem is raised.
* ``merge_corpus``: the one build path. Each report is read, extracted, curated, converted
  to RDF, closed under the ontology's rules and (a sample) validated in its worker; the
  merge writes one dataset (N-Quads) with each triple in one graph. ``kg.pipeline.build``
  parses it into rdflib graphs; ``build_store`` bulk-loads it into an on-disk Oxigraph store.

With ``Settings.scheduler`` (``kg build --scheduler``) the per-report map runs on a Dask
cluster instead of the process pool (``run_cluster``, in ``cluster``).

The modules, from the bottom up: ``report`` (the pure per-report functions and their cache
keys), ``cache`` (``ResultCache`` and the cached steps), ``pool`` (the process pool, the
worker jobs and ``extract_corpus``), ``loader`` (a store filled chunk by chunk while the
merge goes on), ``merge`` (the map and the merge of every build) and ``store``
(``build_store``).
"""
from __future__ import annotations

from .cache import ResultCache
from .cluster import ClusterError, run_cluster
from .pool import CorpusExtraction, extract_corpus
from .report import (RDFContext, ReportRDF, ReportTask, cross_report_candidates, cross_report_closure,
                     extract_report, is_report_local, make_tasks, report_rdf, task_key)
from .merge import (ENTITIES_GRAPH, INFERRED_GRAPH, PROVENANCE_GRAPH, BuildJob, MergedCorpus, build_job,
                    defaults_warnings, merge_corpus, series_quads)
from .store import CorpusBuild, build_store, wants_store

__all__ = ["ReportTask", "ReportRDF", "RDFContext", "CorpusExtraction", "CorpusBuild", "ResultCache", "MergedCorpus",
           "BuildJob", "build_job", "merge_corpus", "defaults_warnings", "series_quads", "ENTITIES_GRAPH",
           "INFERRED_GRAPH", "PROVENANCE_GRAPH",
           "extract_report", "report_rdf", "extract_corpus", "build_store", "make_tasks", "task_key",
           "cross_report_candidates", "is_report_local", "cross_report_closure", "wants_store", "run_cluster",
           "ClusterError"]
