"""Incremental store builds: the previous build's store brought up to date, not loaded again.

Takes: the folder of the store the previous build published (with the ``Manifest`` and the
copy of its ``graph.nq`` every store build leaves in it), this build's ``graph.nq`` and where
each report's block sits in it (``MergedCorpus.blocks``, ``MergedCorpus.tail_offset``).
Gives: ``update_store``, a new store in a folder of its own that holds exactly the quads of
this ``graph.nq`` (the same dataset a fresh bulk load gives, up to blank-node labels), or
``None`` when too much changed for an update to beat a fresh load; ``read_manifest``,
``write_manifest`` and ``keep_graph_copy``.

Why it works: each report's own triples are in its own named graph, and its own inferences
in ``id:graph/inferred`` are about nodes under its IRI (``kg.corpus.report.ReportRDF``), so
they come and go with its block; everything else is written after the reports' blocks (the
shared entity facts, the shared inferences, the provenance and the series graph: the
*tail*). So an update copies the old store (a RocksDB checkpoint: hard links, no copy of the
data), drops the graphs of the reports whose block changed or that are gone and the
inferences their old blocks held, removes the tail's lines that are no longer written and
adds the new ones (a set difference of the two tails), and bulk-loads the new blocks. A
report whose block has the same digest is not touched.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..store import BUILD_MANIFEST
from .merge import INFERRED_GRAPH, MergedCorpus

__all__ = ["MANIFEST", "GRAPH_COPY", "Manifest", "StoreUpdate", "build_identity", "read_manifest", "write_manifest",
           "manifest_of", "keep_graph_copy", "update_store", "MAX_CHANGED"]

MANIFEST = BUILD_MANIFEST    # in the store's folder (RocksDB leaves files it does not know alone)
GRAPH_COPY = "kg-graph.nq"   # the build's graph.nq, in the store's folder (a hard link where it can be)
MAX_CHANGED = 0.25           # more reports to load or drop than this share: a fresh load is faster
_FORMAT = 2
_LOAD_BYTES = 16 << 20       # new blocks bulk-loaded this many bytes at a time (kg.corpus.loader's chunk)
_INFERRED_END = f" <{INFERRED_GRAPH}> .\n".encode()


@dataclass(frozen=True)
class Manifest:
    """What a store build put in its store: enough for the next build to update it.

    ``identity`` names the code and ontology that wrote it (``build_identity``); a store of
    another identity is loaded afresh. ``reports`` maps each report graph's IRI to where its
    N-Quads block is in the copy of ``graph.nq`` kept with the store (offset, size) and the
    block's SHA-1; the graphs after the reports start at ``tail_offset``; ``quads`` is how
    many the store holds.
    """

    identity: str
    reports: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    tail_offset: int = 0
    quads: int = 0


@dataclass(frozen=True)
class StoreUpdate:
    """What ``update_store`` did: reports kept as they were, loaded (new or changed), removed;
    lines of the graphs after the reports added and removed."""

    kept: int
    loaded: int
    removed: int
    tail_added: int = 0
    tail_removed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"kept": self.kept, "loaded": self.loaded, "removed": self.removed,
                "tail_added": self.tail_added, "tail_removed": self.tail_removed}


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
    return Manifest(identity, {iri: (offset, size, digest) for iri, offset, size, digest in merged.blocks},
                    merged.tail_offset, merged.counts["quads"])


def read_manifest(store_dir: Path) -> Manifest | None:
    """The manifest in ``store_dir``, or None (no store, a store kg did not build, another
    format, or the copy of ``graph.nq`` it describes is missing).

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> (d / GRAPH_COPY).write_bytes(b"")
        0
        >>> write_manifest(d, Manifest("kg 1", {"urn:r": (0, 10, "ab")}, 10, 3))
        >>> read_manifest(d)
        Manifest(identity='kg 1', reports={'urn:r': (0, 10, 'ab')}, tail_offset=10, quads=3)
        >>> read_manifest(d / "nothing") is None
        True
    """
    try:
        data = json.loads((Path(store_dir) / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or not (Path(store_dir) / GRAPH_COPY).is_file():
            return None
        reports = {str(k): (int(o), int(n), str(d)) for k, (o, n, d) in data["reports"].items()}
        return Manifest(str(data["identity"]), reports, int(data["tail_offset"]), int(data["quads"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(store_dir: Path, manifest: Manifest) -> None:
    """Write ``manifest`` into ``store_dir`` (a store being built, not yet published)."""
    data = {"format": _FORMAT, "identity": manifest.identity, "quads": manifest.quads,
            "tail_offset": manifest.tail_offset, "reports": manifest.reports}
    (Path(store_dir) / MANIFEST).write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


def keep_graph_copy(nquads: Path, store_dir: Path) -> None:
    """Keep ``nquads`` (the build's ``graph.nq``) in ``store_dir`` for the next update: a hard
    link (no second copy on disk) where both are on one file system, else a copy."""
    dest = Path(store_dir) / GRAPH_COPY
    dest.unlink(missing_ok=True)
    try:
        os.link(nquads, dest)
    except OSError:
        shutil.copyfile(nquads, dest)


def update_store(previous: Path, target: Path, merged: MergedCorpus, manifest: Manifest, *,
                 max_changed: float | None = None) -> tuple[ox.Store, StoreUpdate] | None:
    """A store in ``target`` (which must not exist) holding ``merged.nquads``, made from the
    store in ``previous`` (described by ``manifest``) without touching it; None, and nothing
    made, when the reports to load and to drop are more than ``max_changed`` (default
    ``MAX_CHANGED``) of the reports, or when a line to remove holds a blank node (whose label
    in the store is the loader's own). A report's IRI is its text's digest, so an edited report
    is one to drop (the old text) and one to load (the new).

    Raises:
        OSError: the previous store or its copy of ``graph.nq`` cannot be read or copied.
    """
    new = {iri: (offset, size, digest) for iri, offset, size, digest in merged.blocks}
    gone = [iri for iri in manifest.reports if iri not in new]
    loads = [(iri, offset, size) for iri, (offset, size, digest) in new.items()
             if iri not in manifest.reports or manifest.reports[iri][2] != digest]
    changed = [iri for iri, _, _ in loads if iri in manifest.reports]   # the same IRI, another block
    if len(gone) + len(loads) > (MAX_CHANGED if max_changed is None else max_changed) * max(len(new), 1):
        return None
    stale = gone + changed
    old_copy = Path(previous) / GRAPH_COPY
    with open(old_copy, "rb") as f:
        # what the stale reports' old blocks put in id:graph/inferred (their graphs go whole)
        drop = []
        for iri in stale:
            offset, size, _ = manifest.reports[iri]
            f.seek(offset)
            drop.extend(line + b"\n" for line in f.read(size).splitlines() if line.endswith(_INFERRED_END[:-1]))
    added, removed = _difference((merged.nquads, merged.tail_offset), (old_copy, manifest.tail_offset))
    drop.extend(removed)
    if any(b"_:" in line for line in drop):
        return None
    ox.Store.read_only(str(previous)).backup(str(target))
    store = ox.Store(str(target))
    for iri in stale:
        store.remove_graph(ox.NamedNode(iri))
    for q in ox.parse(b"".join(drop), format=ox.RdfFormat.N_QUADS):
        store.remove(q)
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
        chunk.extend(added)
        if chunk:
            store.bulk_load(input=b"".join(chunk), format=ox.RdfFormat.N_QUADS)
    return store, StoreUpdate(len(new) - len(loads), len(loads), len(gone), len(added), len(removed))


def _difference(new: tuple[Path, int], old: tuple[Path, int]) -> tuple[list[bytes], list[bytes]]:
    r"""The lines of the file ``new[0]`` from offset ``new[1]`` on that are not in ``old[0]``
    from ``old[1]`` on, and those of ``old`` not in ``new``. The files are read a line at a time
    and the lines compared by a 16-byte digest each, so what is held is one set of digests (the
    two million lines of a 10,000-report tail are 337 MB; their digests about half of that).

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp()); (d / "n").write_bytes(b"x\na\nb\nc\n"); (d / "o").write_bytes(b"b\nd\n")
        8
        4
        >>> _difference((d / "n", 2), (d / "o", 0))
        ([b'a\n', b'c\n'], [b'd\n'])
    """
    def key(line: bytes) -> bytes:
        return hashlib.blake2b(line, digest_size=16).digest()

    def lines(where: tuple[Path, int]):
        with open(where[0], "rb") as f:
            f.seek(where[1])
            yield from f

    unseen = {key(x) for x in lines(old)}     # the old lines the new tail has not given yet
    added = []
    for x in lines(new):
        k = key(x)
        if k in unseen:
            unseen.discard(k)
        else:
            added.append(x)
    removed = [x for x in lines(old) if key(x) in unseen] if unseen else []
    return added, removed
