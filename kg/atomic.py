"""Atomic output: one file replaced in one step, and a build's outputs published as one set.

``write_atomic`` writes a temporary file beside the target, then ``os.replace``: a reader (or a
build killed half-way) sees the old file or the new one, never a partial one.

``BuildSet`` publishes a build's files together, the way deploy tools switch releases::

    OUT/.builds/<id>/graph.ttl, graph.trig, ..., texts/, store/   each build in its own folder
    OUT/current -> .builds/<id>                                    the published build
    OUT/graph.ttl -> current/graph.ttl                             stable names for readers

The files are written into a new ``.builds/<id>/`` folder that nobody reads, fsynced, and then
published by one ``os.replace`` of the ``current`` symlink. A reader that resolves ``current``
once (``os.path.realpath``) reads one build's files, old or new, never a mix; a failed or killed
build leaves ``current`` where it was. Published build folders are never changed afterwards; the
last two are kept (a reader of the previous one keeps working) and older ones, and those of
killed builds, are removed by the next build. ``OUT/<name>`` links are made once; a plain file
of an older layout is first moved into a build folder of its own, so that switch is a set too.

Temporary files are named ``.<name>.<pid>.<random>.tmp``; those left behind by a killed process
(its pid no longer runs) are swept away by the next writer in the same folder.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

__all__ = ["write_atomic", "AtomicOutputs", "BuildSet", "sweep_stale", "TEMP_PATTERN", "BUILDS", "CURRENT",
           "KEEP_BUILDS"]

BUILDS = ".builds"      # OUT/.builds/<id>/: one folder per build
CURRENT = "current"     # OUT/current -> .builds/<id>: the published build
KEEP_BUILDS = 2         # published builds kept: the current one and the one before
# test hook: KG_TEST_PUBLISH=<point> (exit) or pause:<point> (SIGSTOP) at a step of BuildSet.commit
_FAULT_ENV = "KG_TEST_PUBLISH"

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


def _fault(point: str) -> None:
    """Die or stop at ``point`` when the fault-injection variable asks (tests/test_publish.py)."""
    want = os.environ.get(_FAULT_ENV, "")
    if want == point:
        os._exit(86)
    if want == f"pause:{point}":
        os.kill(os.getpid(), signal.SIGSTOP)


def _fsync_tree(root: Path) -> None:
    for dirpath, _, names in os.walk(root):
        for n in names:
            try:
                fd = os.open(os.path.join(dirpath, n), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def _symlink_atomic(target: str, link: Path) -> None:
    """Make ``link`` a symlink to ``target`` in one rename (whatever file or link was there)."""
    tmp = link.parent / f".{link.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst)
    except OSError:         # a file system without hard links
        shutil.copy2(src, dst)


def _build_pid(name: str) -> int | None:
    m = re.match(r"^\d{8}T\d{6}-(\d+)-[0-9a-f]+$", name)
    return int(m.group(1)) if m else None


class BuildSet:
    """The outputs of one build in ``OUT/.builds/<id>/``, published together by ``commit()``.

    ``stage(OUT / name, data)`` writes a file of the set; ``path(name)`` gives the place of an
    output that is written by other means (a store, a stream). ``commit()`` switches ``OUT/current``
    to this build; ``discard()`` removes the unpublished folder.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> for text in ("old", "new"):
        ...     s = BuildSet(out)
        ...     _ = s.stage(out / "graph.ttl", text)
        ...     _ = s.stage(out / "texts" / "a.txt", text)
        ...     _ = s.commit()
        >>> (out / "graph.ttl").read_text(), (out / "texts" / "a.txt").read_text()
        ('new', 'new')
        >>> sorted(p.name for p in out.iterdir()), os.readlink(out / "graph.ttl")
        (['.builds', 'current', 'graph.ttl', 'texts'], 'current/graph.ttl')
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.id = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{os.urandom(4).hex()}"
        self.dir = self.out_dir / BUILDS / self.id
        self.dir.mkdir(parents=True)
        sweep_stale(self.out_dir)     # link temporaries of a killed build
        self._written = 0

    def path(self, name: str | Path) -> Path:
        """Where output ``name`` (``OUT/name`` or a name relative to OUT) goes in this build."""
        name = Path(name)
        try:
            rel = name.relative_to(self.out_dir)
        except ValueError:
            rel = name
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise ValueError(f"{name}: not inside {self.out_dir}")
        p = self.dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def stage(self, path: Path, data: str | bytes) -> Path:
        """Write ``data`` as output ``path`` (``OUT/...``) of this build; return ``path``."""
        with open(self.path(path), "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        self._written += 1
        if self._written == 1:
            _fault("after-first-write")
        return Path(path)

    def commit(self) -> list[Path]:
        """Publish this build: one rename of ``OUT/current``. Returns the published ``OUT/<name>`` paths."""
        out, cur = self.out_dir, self.out_dir / CURRENT
        _fault("before-fsync")
        _fsync_tree(self.dir)
        names = sorted(p.name for p in self.dir.iterdir())
        previous = os.readlink(cur) if cur.is_symlink() else None
        if previous is None:
            previous = self._adopt_plain_files(names)
        # stable names: OUT/<name> -> current/<name>, made before the switch (they follow it)
        for n in names:
            if not (out / n).is_symlink() or os.readlink(out / n) != f"{CURRENT}/{n}":
                self._replace_with_link(n)
        _fault("before-switch")
        _symlink_atomic(f"{BUILDS}/{self.id}", cur)
        _fsync_dir(out)
        _fault("after-switch")
        # names the previous build had and this one has not: their links now point at nothing
        for p in out.iterdir():
            if p.is_symlink() and os.readlink(p) == f"{CURRENT}/{p.name}" and p.name not in names:
                p.unlink()
        self._prune(keep={self.id, Path(previous).name if previous else ""})
        return [out / n for n in names]

    def discard(self) -> None:
        """Drop the unpublished build folder (nothing published changes)."""
        if not (self.out_dir / CURRENT).is_symlink() or \
                os.readlink(self.out_dir / CURRENT) != f"{BUILDS}/{self.id}":
            shutil.rmtree(self.dir, ignore_errors=True)
            try:
                self.dir.parent.rmdir()     # .builds, if this was the first build
            except OSError:
                pass

    def _replace_with_link(self, name: str) -> None:
        link = self.out_dir / name
        if link.is_dir() and not link.is_symlink():
            # a folder (texts/, store/) of another writer: move it aside, link, then remove it
            aside = self.out_dir / BUILDS / f".aside-{name}-{os.getpid()}-{os.urandom(4).hex()}"
            link.rename(aside)
            _symlink_atomic(f"{CURRENT}/{name}", link)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            _symlink_atomic(f"{CURRENT}/{name}", link)

    def _adopt_plain_files(self, names: list[str]) -> str | None:
        """An output folder of the older layout (plain files, no ``current``): hard-link its outputs
        into a build folder of their own and publish that first, so the readers' switch to this
        build is still one rename. Returns that folder's link target, or None if nothing to adopt."""
        found = [n for n in names if (self.out_dir / n).exists() and not (self.out_dir / n).is_symlink()]
        if not found:
            return None
        legacy = BuildSet(self.out_dir)
        for n in found:
            src = self.out_dir / n
            if src.is_dir():
                shutil.copytree(src, legacy.dir / n, copy_function=_link_or_copy)
            else:
                _link_or_copy(src, legacy.dir / n)
        target = f"{BUILDS}/{legacy.id}"
        _symlink_atomic(target, self.out_dir / CURRENT)
        for n in found:
            self._replace_with_link(n)
        return target

    def _prune(self, keep: set[str]) -> None:
        """Remove build folders but the kept ones: published earlier, or of a writer that died."""
        for p in (self.out_dir / BUILDS).iterdir():
            if p.name in keep:
                continue
            if p.name.startswith(".aside-"):
                shutil.rmtree(p, ignore_errors=True)
                continue
            pid = _build_pid(p.name)
            # a live writer's folder may be a build in progress: only its own process's or a dead one's go
            if pid is not None and (pid == os.getpid() or not _alive(pid)):
                shutil.rmtree(p, ignore_errors=True)
