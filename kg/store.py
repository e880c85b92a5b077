"""Embedded store: the built graph in an on-disk pyoxigraph (Oxigraph/RocksDB) store.

Takes: ``build/graph.trig`` (or any TriG, N-Quads, Turtle, N-Triples, JSON-LD or RDF/XML
file). Gives: a store directory (default ``build/store``) in which every named graph of
the file stays a named graph: one per report (its IRI is the report's IRI), plus
``…/graph/inferred`` and ``…/graph/provenance``.

A dataset's named graphs are loaded as they are and nothing else: queries run over the
union of the graphs (``kg.query``, ``kg.views`` and ``kg serve`` ask Oxigraph for it when
the default graph is empty). ``kg build`` writes each triple into one graph only (the
report's own nodes in its graph, the shared entities' facts in ``…/graph/entities``,
inferences in ``…/graph/inferred``: see ``kg.corpus.merge``), so that union is a set, and a
query without ``GRAPH`` gives the same answers as on ``graph.ttl`` while ``GRAPH ?g`` says
which report states what. (A dataset from elsewhere that repeats a triple in several graphs
gives it once per graph in such queries: Oxigraph's union is a bag; use DISTINCT.) A
Turtle or N-Triples file goes into the default graph.

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

__all__ = ["DEFAULT_STORE", "BUILD_MANIFEST", "StoreInfo", "open_store", "forget_build", "load_store", "store_info",
           "staging_dir", "swap_in", "queries_union"]

DEFAULT_STORE = Path("build") / "store"
# what ``kg build`` writes into a store's folder so the next build can update the store
# (kg.corpus.update); whatever may write into the store removes it (``forget_build``)
BUILD_MANIFEST = "kg-build.json"


class StoreError(KGError):
    """The store directory cannot be opened or written."""


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds: its directory, its triples (the quads of every graph), named graphs with their sizes."""

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
        if read_only:
            return ox.Store.read_only(str(path))
        store = ox.Store(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store: {e}") from e
    forget_build(path)
    return store


def forget_build(store_dir: Path) -> None:
    """Remove the build's manifest from ``store_dir``: the store is about to be written by
    something other than ``kg build``, so the next build loads it afresh instead of updating it.

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp()); (d / BUILD_MANIFEST).write_text("{}")
        2
        >>> forget_build(d); (d / BUILD_MANIFEST).exists()
        False
    """
    (Path(store_dir) / BUILD_MANIFEST).unlink(missing_ok=True)


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
        >>> _ = (d / "g.trig").write_text("<urn:r1> { <urn:a> <urn:p> 1 . } <urn:e> { <urn:a> <urn:q> 1, 2 . }")
        >>> info = load_store(d / "g.trig", d / "store")
        >>> info.triples, info.graphs
        (3, {'urn:e': 2, 'urn:r1': 1})
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


def queries_union(store) -> bool:
    """Should queries of ``store`` (an open pyoxigraph store) run over the union of its named
    graphs? Yes when its default graph is empty: a dataset as ``kg build`` or
    ``kg store load`` of a TriG/N-Quads file leaves it.

    Example:
        >>> import pyoxigraph as ox
        >>> s = ox.Store()
        >>> s.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"), ox.NamedNode("urn:g")))
        >>> queries_union(s)
        True
    """
    import pyoxigraph as ox

    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None


def _info(store, path: Path) -> StoreInfo:
    graphs = {}
    for g in store.named_graphs():
        graphs[g.value] = sum(1 for _ in store.quads_for_pattern(None, None, None, g))
    return StoreInfo(path, len(store), dict(sorted(graphs.items())))
