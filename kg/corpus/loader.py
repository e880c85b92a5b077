"""Streaming bulk load: N-Quads blocks -> an on-disk Oxigraph store, while the merge goes on.

Takes: blocks of N-Quads bytes (each a whole number of lines), as the merge writes them to
``graph.nq``. Gives: ``StoreLoader``, which gathers them into chunks of about
``chunk_bytes`` and bulk-loads each chunk into the store in a thread of its own, so that
Oxigraph's loader (native code that lets go of Python's lock) works while the workers and
the merge are still producing the next reports, instead of reading the whole file once they
are done. Measured on a 1,000-report graph (1.24 million quads, 2-core machine): one
bulk load of the file takes 10–11 s at 1.1–1.3 GB; 32 loads of a thirty-second each take
8.9 s at 0.8 GB with the chunks' bytes held in the same process (the loader's memory is
bounded per call), and the store holds the same quads.

At most ``depth`` chunks wait for the loader: a producer faster than the loader waits
(``feed`` blocks), so memory stays bounded. A failure in the loader is raised by the next
``feed`` or by ``close``; ``abort`` stops it without raising (a build that failed for
another reason).
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import pyoxigraph as ox

__all__ = ["StoreLoader"]

_STOP = object()
CHUNK_BYTES = 16 << 20      # about 60,000 quads of a report graph a bulk load


class StoreLoader:
    """Bulk-load N-Quads blocks into the store ``open_store()`` gives, in the background, a
    chunk at a time; ``close`` gives the store.

    The store is opened with the first chunk, not before: a build's process pool forks its
    workers when the map starts, and an open store (RocksDB's own threads) is better not
    copied into them.

    Example:
        >>> import pyoxigraph as ox
        >>> loader = StoreLoader(ox.Store, chunk_bytes=64)
        >>> for i in range(5):
        ...     loader.feed(f"<urn:s{i}> <urn:p> \\"{i}\\" <urn:g> .\\n".encode())
        >>> store = loader.close()
        >>> len(store), loader.chunks > 1
        (5, True)
    """

    def __init__(self, open_store: Callable[[], ox.Store], *, chunk_bytes: int | None = None, depth: int = 2) -> None:
        self._open = open_store
        self._store: ox.Store | None = None
        self._format = ox.RdfFormat.N_QUADS
        self._chunk_bytes = chunk_bytes or CHUNK_BYTES
        self._buffer: list[bytes] = []
        self._size = 0
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._stopped = False
        self.chunks = 0                     # bulk loads done (one per chunk)
        # started, and the store opened, with the first chunk (see the class docstring)
        self._thread = threading.Thread(target=self._run, name="kg-store-loader", daemon=True)

    def _run(self) -> None:
        while True:
            chunk = self._queue.get()
            if chunk is _STOP:
                return
            if self._error is not None or self._stopped:
                continue                    # drain: the producer must never wait on a dead loader
            try:
                self._store.bulk_load(input=chunk, format=self._format)
                self.chunks += 1
            except BaseException as e:  # noqa: BLE001 - handed to the producer's thread
                self._error = e

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def feed(self, block: bytes) -> None:
        """Add whole N-Quads lines; a full chunk goes to the loader (waiting while ``depth`` are queued)."""
        self._raise()
        if not block:
            return
        self._buffer.append(block)
        self._size += len(block)
        if self._size >= self._chunk_bytes:
            self._send()

    def flush(self) -> None:
        """Hand what is gathered to the loader now, a short chunk (the merge's last blocks)."""
        self._raise()
        self._send()

    def _send(self) -> None:
        if self._buffer:
            if self._thread.ident is None:
                self._store = self._open()
                self._thread.start()
            self._queue.put(b"".join(self._buffer))
            self._buffer, self._size = [], 0

    def close(self) -> ox.Store:
        """Load what is left, wait for the loader and give the store (opened now if nothing
        came); raise the loader's failure, if any."""
        self._raise()
        self._send()
        store = self._store if self._store is not None else self._open()
        self._join()
        self._raise()
        return store

    def _join(self) -> None:
        if self._thread.ident is not None:    # started
            self._queue.put(_STOP)
            self._thread.join()
        self._store = None    # let go: the build closes the store (its RocksDB lock) before moving it

    def abort(self) -> None:
        """Stop without loading the rest (the store is to be thrown away); never raises."""
        self._stopped = True
        self._buffer, self._size = [], 0
        self._join()
