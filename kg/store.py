"""Embedded store: the built graph in an on-disk pyoxigraph (Oxigraph/RocksDB) store.

Takes: ``build/graph.trig`` (or any TriG, N-Quads, Turtle, N-Triples, JSON-LD or RDF/XML
file). Gives: a store directory (default ``build/store``) in which every named graph of
the file stays a named graph: one per report (its IRI is the report's IRI), plus
``…/graph/inferred`` and ``…/graph/provenance``.

The default graph is the *merge* of all graphs (each distinct triple once), written at
load time. So a query without ``GRAPH`` gives the same answers as on ``graph.ttl``, and
``GRAPH ?g`` says which report states what. Why not Oxigraph's own "union default graph"
option: it is a bag, not a set (a triple held by two report graphs, such as a law's
label, matches twice), which multiplies rows and slows joins on a corpus of reports.
The merge costs about one more copy of the data on disk.

Loading is atomic: the new store is built beside the old one and swapped in by renames,
so a failed load leaves the previous store as it was.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, KGError

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["DEFAULT_STORE", "StoreInfo", "open_store", "load_store", "store_info", "staging_dir", "swap_in"]

DEFAULT_STORE = Path("build") / "store"


class StoreError(KGError):
    """The store directory cannot be opened or written."""


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds: its directory, triples of the default graph (the merge), named graphs with their sizes."""

    path: Path
    triples: int
    graphs: dict[str, int]


def open_store(path: Path, *, read_only: bool = False) -> "pyoxigraph.Store":
    """Open the store at ``path`` (read-only: several readers may share it).

    Example:
        >>> open_store(Path("no/such/store"), read_only=True)
        Traceback (most recent call last):
        ...
        kg.store.StoreError: no/such/store: no store here; create it with: kg store load --store no/such/store
    """
    import pyoxigraph as ox

    path = Path(path)
    if read_only and not (path / "CURRENT").exists():
        raise StoreError(f"{path}: no store here; create it with: kg store load --store {path}")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store: {e}") from e


def load_store(source: Path, store_dir: Path = DEFAULT_STORE) -> StoreInfo:
    """Load ``source`` into a fresh store at ``store_dir``, replacing any store there.

    Args:
        source: an RDF file; its format comes from the extension.
        store_dir: the store directory (created; an existing store is replaced at the end).

    Returns:
        ``StoreInfo`` of the new store.

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> _ = (d / "g.trig").write_text("<urn:r1> { <urn:a> <urn:p> 1 . } <urn:r2> { <urn:a> <urn:p> 1 . }")
        >>> info = load_store(d / "g.trig", d / "store")
        >>> info.triples, info.graphs
        (1, {'urn:r1': 1, 'urn:r2': 1})
    """
    import pyoxigraph as ox

    source, store_dir = Path(source), Path(store_dir)
    if not source.is_file():
        raise InputError(f"{source}: no such file (build it first with: kg build)")
    fmt = ox.RdfFormat.from_extension(source.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError(f"{source}: unknown RDF format '{source.suffix}'; use .trig, .nq, .ttl, .nt, .jsonld or .rdf")
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_dir(store_dir)
    try:
        store = ox.Store(str(staging))
        try:
            store.bulk_load(path=str(source), format=fmt)
            if fmt.supports_datasets:  # the merge of the named graphs becomes the default graph
                store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                                  for q in ox.parse(path=str(source), format=fmt))
        except (SyntaxError, ValueError) as e:
            raise InputError(f"{source}: does not parse as {fmt.name}: {e}") from e
        store.flush()
        info = _info(store, store_dir)
        del store  # release the RocksDB lock before the directory moves
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, store_dir)
    return info


def staging_dir(store_dir: Path) -> Path:
    """A new empty directory beside ``store_dir`` to build its replacement in."""
    return Path(tempfile.mkdtemp(dir=store_dir.parent, prefix=f".{store_dir.name}.new-"))


def swap_in(staging: Path, store_dir: Path) -> None:
    """Replace ``store_dir`` by the finished store in ``staging`` (a sibling directory): two
    renames, so a reader sees the old store or the new one, never a mix."""
    old = None
    if store_dir.exists():
        old = Path(tempfile.mkdtemp(dir=store_dir.parent, prefix=f".{store_dir.name}.old-"))
        old.rmdir()
        store_dir.rename(old)
    staging.rename(store_dir)
    if old is not None and old.is_symlink():
        old.unlink()        # a link into a published build (kg.atomic.BuildSet): that build keeps its store
    elif old is not None:
        shutil.rmtree(old, ignore_errors=True)


def store_info(store_dir: Path = DEFAULT_STORE) -> StoreInfo:
    """Quad count and named graphs of the store at ``store_dir``."""
    return _info(open_store(store_dir, read_only=True), Path(store_dir))


def _info(store, path: Path) -> StoreInfo:
    import pyoxigraph as ox

    graphs = {}
    for g in store.named_graphs():
        graphs[g.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, g))
    merged = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return StoreInfo(path, merged, dict(sorted(graphs.items())))
