"""Atomic file output: write to a temporary file beside the target, then ``os.replace``.

Takes target paths and their bytes; gives files that a reader (or a build killed half-way)
sees either as the old file or as the new one, never partial. ``AtomicOutputs`` stages
several files (written and fsynced) and publishes them together at the end, so a failed
build leaves every previous output as it was. Temporary files are named
``.<name>.<pid>.<random>.tmp``; those left behind by a killed process (its pid no longer
runs) are swept away by the next writer in the same folder.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "AtomicOutputs", "sweep_stale", "TEMP_PATTERN"]

# .<target name>.<pid of the writer>.<mkstemp's random part>.tmp
TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]+\.tmp$")


def _umask_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give: 0666 minus the process umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:      # someone else's live process
        return True
    return True


def sweep_stale(directory: Path) -> list[Path]:
    """Remove temporary files that a killed writer left in ``directory``; return them.

    Only names of the form ``.<name>.<pid>.<random>.tmp`` whose pid no longer runs are
    removed, so a concurrent writer's temporary files are left alone.

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> _ = (d / ".graph.ttl.999999999.abc_1.tmp").write_text("half")
        >>> [p.name for p in sweep_stale(d)], list(d.iterdir())
        (['.graph.ttl.999999999.abc_1.tmp'], [])
    """
    removed = []
    try:
        entries = list(Path(directory).iterdir())
    except OSError:
        return removed
    for p in entries:
        m = TEMP_PATTERN.match(p.name)
        if m and not _alive(int(m.group("pid"))):
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


def _write_temp(path: Path, data: str | bytes) -> str:
    """Write ``data`` to a fresh, fsynced temporary file beside ``path``; return its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _umask_mode())   # mkstemp makes 0600 files; outputs are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _fsync_dir(directory: Path) -> None:
    """Make the renames durable (a power cut after the build keeps the new names)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Replace ``path`` with ``data`` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(path.parent)
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


class AtomicOutputs:
    """Stage files; ``commit()`` moves them all into place, ``discard()`` drops them."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []
        self._swept: set[Path] = set()

    def stage(self, path: Path, data: str | bytes) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent not in self._swept:
            sweep_stale(path.parent)
            self._swept.add(path.parent)
        self._staged.append((_write_temp(path, data), path))
        return path

    def commit(self) -> list[Path]:
        done = []
        for tmp, path in self._staged:
            os.replace(tmp, path)
            done.append(path)
        for d in {p.parent for p in done}:
            _fsync_dir(d)
        self._staged.clear()
        return done

    def discard(self) -> None:
        for tmp, _ in self._staged:
            Path(tmp).unlink(missing_ok=True)
        self._staged.clear()
