"""Incremental store builds: the previous build's store brought up to date, not loaded again.

Takes: the folder of the store the previous build published (with the ``Manifest`` every
store build leaves in it), this build's ``graph.nq`` and where each report's block sits in
it (``MergedCorpus.blocks``, ``MergedCorpus.tail_offset``). Gives: ``update_store``, a new
store in a folder of its own that holds exactly the quads of this ``graph.nq`` (the same
dataset a fresh bulk load gives, up to blank-node labels), or ``None`` when too much changed
for an update to beat a fresh load; ``read_manifest``/``write_manifest``.

Why it works: each report's own triples are in its own named graph, and its own inferences
in ``id:graph/inferred`` are about nodes under its IRI (``kg.corpus.report.ReportRDF``);
everything else is written after the reports' blocks (the shared entity facts, the shared
inferences, the provenance and the series graph: the *tail*). So an update copies the old
store (a RocksDB checkpoint: hard links, no copy of the data), drops the graphs of the
reports whose block changed or that are gone and their own inferences, drops the tail, and
bulk-loads the new blocks and the new tail. A report whose block has the same digest is not
touched. Measured figures are in the README ("Corpus builds").
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..series import SERIES_GRAPH
from ..store import BUILD_MANIFEST
from ..vocab import DATA
from .merge import ENTITIES_GRAPH, INFERRED_GRAPH, PROVENANCE_GRAPH, MergedCorpus

__all__ = ["MANIFEST", "Manifest", "StoreUpdate", "build_identity", "read_manifest", "write_manifest",
           "manifest_of", "update_store", "MAX_CHANGED"]

MANIFEST = BUILD_MANIFEST    # in the store's folder (RocksDB leaves files it does not know alone)
MAX_CHANGED = 0.25           # more reports changed or gone than this share: a fresh load is faster
_FORMAT = 1
_LOAD_BYTES = 16 << 20       # new blocks bulk-loaded this many bytes at a time (kg.corpus.loader's chunk)


@dataclass(frozen=True)
class Manifest:
    """What a store build put in its store: enough for the next build to update it.

    ``identity`` names the code and ontology that wrote it (``build_identity``); a store of
    another identity is loaded afresh. ``reports`` maps each report graph's IRI to the
    SHA-1 of its N-Quads block; ``quads`` is how many the store holds.
    """

    identity: str
    reports: dict[str, str] = field(default_factory=dict)
    quads: int = 0


@dataclass(frozen=True)
class StoreUpdate:
    """What ``update_store`` did: reports kept as they were, loaded (new or changed), removed."""

    kept: int
    loaded: int
    removed: int

    def as_dict(self) -> dict[str, int]:
        return {"kept": self.kept, "loaded": self.loaded, "removed": self.removed}


def build_identity(ontology: Path) -> str:
    """The code and ontology a store was written with: ``kg`` version and the ontology's digest.

    Example:
        >>> from kg.config import Settings
        >>> build_identity(Settings().ontology).startswith("kg ")
        True
    """
    return f"kg {__version__} ontology {hashlib.sha1(Path(ontology).read_bytes()).hexdigest()[:16]}"


def manifest_of(merged: MergedCorpus, identity: str) -> Manifest:
    """The manifest of the store that holds ``merged``'s ``graph.nq``."""
    return Manifest(identity, {iri: digest for iri, _, _, digest in merged.blocks}, merged.counts["quads"])


def read_manifest(store_dir: Path) -> Manifest | None:
    """The manifest in ``store_dir``, or None (no store, a store kg did not build, another format).

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> write_manifest(d, Manifest("kg 1", {"urn:r": "ab"}, 3))
        >>> read_manifest(d)
        Manifest(identity='kg 1', reports={'urn:r': 'ab'}, quads=3)
        >>> read_manifest(d / "nothing") is None
        True
    """
    try:
        data = json.loads((Path(store_dir) / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            return None
        return Manifest(str(data["identity"]), {str(k): str(v) for k, v in data["reports"].items()},
                        int(data["quads"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(store_dir: Path, manifest: Manifest) -> None:
    """Write ``manifest`` into ``store_dir`` (a store being built, not yet published)."""
    data = {"format": _FORMAT, "identity": manifest.identity, "quads": manifest.quads, "reports": manifest.reports}
    (Path(store_dir) / MANIFEST).write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def update_store(previous: Path, target: Path, merged: MergedCorpus, manifest: Manifest, *,
                 max_changed: float | None = None) -> tuple[ox.Store, StoreUpdate] | None:
    """A store in ``target`` (which must not exist) holding ``merged.nquads``, made from the
    store in ``previous`` (described by ``manifest``) without touching it; None, and nothing
    made, when the reports to load and to drop are more than ``max_changed`` (default
    ``MAX_CHANGED``) of the reports. A report's IRI is its text's digest, so an edited report
    is one to drop (the old text) and one to load (the new).

    Raises:
        OSError: the previous store cannot be read or copied.
    """
    new = {iri: (offset, size, digest) for iri, offset, size, digest in merged.blocks}
    gone = [iri for iri in manifest.reports if iri not in new]
    loads = [(iri, offset, size) for iri, (offset, size, digest) in new.items() if manifest.reports.get(iri) != digest]
    changed = [iri for iri, _, _ in loads if iri in manifest.reports]   # the same IRI, another block
    if len(gone) + len(loads) > (MAX_CHANGED if max_changed is None else max_changed) * max(len(new), 1):
        return None
    stale = gone + changed
    old = ox.Store.read_only(str(previous))
    if stale and old.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o FILTER(isBlank(?s)) }} }}"):
        return None     # an inference about a blank node: which report's it is cannot be told
    old.backup(str(target))
    del old
    store = ox.Store(str(target))
    for iri in stale:
        store.remove_graph(ox.NamedNode(iri))
    for g in (ENTITIES_GRAPH, PROVENANCE_GRAPH, str(SERIES_GRAPH)):
        if store.contains_named_graph(ox.NamedNode(g)):
            store.remove_graph(ox.NamedNode(g))
    store.update(_drop_inferred(stale))
    with open(merged.nquads, "rb") as f:
        chunk: list[bytes] = []
        size = 0
        for _, offset, n in sorted(loads, key=lambda x: x[1]):
            f.seek(offset)
            chunk.append(f.read(n))
            size += n
            if size >= _LOAD_BYTES:
                store.bulk_load(input=b"".join(chunk), format=ox.RdfFormat.N_QUADS)
                chunk, size = [], 0
        if chunk:
            store.bulk_load(input=b"".join(chunk), format=ox.RdfFormat.N_QUADS)
        f.seek(merged.tail_offset)
        store.bulk_load(input=f.read(), format=ox.RdfFormat.N_QUADS)
    return store, StoreUpdate(len(new) - len(loads), len(loads), len(gone))


def _drop_inferred(stale: list[str]) -> str:
    """The SPARQL update that drops from ``id:graph/inferred`` what the tail wrote (inferences
    about shared nodes: a subject under no report's IRI) and the own inferences of the
    ``stale`` reports (a subject that is the report or under its IRI).

    Example:
        >>> q = _drop_inferred(["https://w3id.org/govkg/id/report/r1"])
        >>> '"r1"' in q and "STRSTARTS" in q
        True
    """
    prefix = str(DATA["report/"])
    ids = " ".join(json.dumps(iri[len(prefix):]) for iri in stale if iri.startswith(prefix))
    return f"""DELETE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{
  GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}
  BIND(STR(?s) AS ?iri)
  BIND(IF(STRSTARTS(?iri, {json.dumps(prefix)}),
          STRBEFORE(CONCAT(STRAFTER(?iri, {json.dumps(prefix)}), "/"), "/"), "") AS ?rid)
  VALUES ?rid {{ "" {ids} }}
}}"""
