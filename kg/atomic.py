"""Atomic file output: write to a temporary file beside the target, then ``os.replace``.

A reader (or a build killed half-way) sees either the old file or the new one, never
a partial file. ``AtomicOutputs`` stages several files and publishes them together at
the end, so a failed build leaves every previous output as it was.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give: 0666 minus the process umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask

__all__ = ["write_atomic", "AtomicOutputs"]


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Replace ``path`` with ``data`` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _umask_mode())   # mkstemp makes 0600 files; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class AtomicOutputs:
    """Stage files; ``commit()`` moves them all into place, ``discard()`` drops them."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []

    def stage(self, path: Path, data: str | bytes) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, _umask_mode())
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._staged.append((tmp, path))
        return path

    def commit(self) -> list[Path]:
        done = []
        for tmp, path in self._staged:
            os.replace(tmp, path)
            done.append(path)
        self._staged.clear()
        return done

    def discard(self) -> None:
        for tmp, _ in self._staged:
            Path(tmp).unlink(missing_ok=True)
        self._staged.clear()
