"""Corpus builds on a Dask cluster (``kg.corpus.cluster``, ``kg build --scheduler``).

A real ``distributed.LocalCluster`` (a scheduler and two worker processes, each with a nanny
that restarts it) runs the per-report map: the build must equal the local build byte for
byte, a worker killed in the middle of a report must cost nothing, a report that kills every
worker it meets must be reported by name (never dropped), and an unreachable scheduler must
be one `Error:` line.
"""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.config import load_settings
from kg.corpus.cluster import run_cluster
from kg.corpus.outcome import Outcome
from kg.corpus.report import ReportTask
from tests.conftest import ROOT

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

BUILD_TIME = "2026-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster whose scheduler gives a task up after its second lost worker."""
    # the scheduler runs in this process and reads allowed-failures when it starts (default 3)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None) as cluster:
        yield cluster.scheduler_address


# --- jobs the workers run (module-level, so that the workers can import them) -------------

def die_once(item: tuple[ReportTask, Path]) -> Outcome:
    """Upper-cases the report's name; the process running r3 dies, the first time only."""
    task, marker = item
    if task.path.name == "r3.txt" and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return Outcome(task.path, task.path.name.upper())


def die_always(item: tuple[ReportTask, Path]) -> Outcome:
    """Upper-cases the report's name; the process running r3 dies, every time (counted in marker)."""
    task, marker = item
    if task.path.name == "r3.txt":
        with open(marker, "a") as f:
            f.write("x")
        os.kill(os.getpid(), signal.SIGKILL)
    return Outcome(task.path, task.path.name.upper())


def _items(tmp_path: Path) -> list[tuple[ReportTask, Path]]:
    return [(ReportTask(Path(f"corpus/r{i}.txt")), tmp_path / "died") for i in range(6)]


@pytest.mark.slow
def test_a_worker_killed_mid_report_is_retried(scheduler, tmp_path):
    items = _items(tmp_path)
    outs = list(run_cluster(die_once, items, address=scheduler, batch=2))
    assert (tmp_path / "died").exists()            # a worker did die on r3
    assert outs == [Outcome(t.path, t.path.name.upper()) for t, _ in items]


@pytest.mark.slow
def test_a_report_that_kills_every_worker_is_reported_not_dropped(scheduler, tmp_path):
    items = _items(tmp_path)
    # r3 shares a batch with r4 and r5: they are sent again on their own and built
    outs = list(run_cluster(die_always, items, address=scheduler, batch=3, retries=1))
    assert [o.path for o in outs] == [t.path for t, _ in items]
    assert [o.value for o in outs] == ["R0.TXT", "R1.TXT", "R2.TXT", None, "R4.TXT", "R5.TXT"]
    assert outs[3].error == ("corpus/r3.txt: its Dask worker died on every try (sent 3 times; "
                             "killed, out of memory or crashed); not built")
    # allowed-failures 1: two lost workers per send; sent with its batch, alone, and once more
    assert len((tmp_path / "died").read_text()) == 6


@pytest.mark.slow
def test_a_scheduler_lost_mid_build_is_a_cluster_error(tmp_path):
    import socket
    import subprocess
    import sys
    import time

    from kg.corpus.cluster import ClusterError

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask_cli = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    procs = [subprocess.Popen([*dask_cli, "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                       "--no-dashboard"], stderr=subprocess.DEVNULL))
        with dask.config.set({"distributed.comm.timeouts.connect": "30s"}):
            outcomes = run_cluster(time.sleep, [0.5] * 40, address=address, batch=1, window=2)
            next(outcomes)                       # the cluster works ...
            procs[0].kill()                      # ... until its scheduler goes
            with pytest.raises(ClusterError, match=f"^lost the Dask scheduler at {address} during the build: "):
                list(outcomes)
    finally:
        for p in procs:
            p.kill()
            p.wait()


def _build(args: list[str], out: Path) -> tuple[dict, str]:
    r = CliRunner().invoke(cli, ["build", *args, "-o", str(out), "--build-time", BUILD_TIME, "--no-cache",
                                 "--no-html", "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    summary.pop("outputs")
    return summary, r.stderr


def _dataset(store: Path):
    """The store's quads, blank nodes renamed canonically (a store names them afresh on each load)."""
    import pyoxigraph as ox

    ds = ox.Dataset(ox.Store.read_only(str(store)))
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return ds


@pytest.mark.slow
def test_a_cluster_build_is_the_local_build(scheduler, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    paths = [str(ROOT / "data" / "reports"), str(ROOT / "data" / "dev"), str(broken)]
    runs = {}
    for name, engine in (("local", ["-j", "1"]), ("cluster", ["--scheduler", scheduler])):
        runs[name] = _build([*paths, *engine, "--store", str(tmp_path / name / "store")], tmp_path / name)
    (local, local_err), (remote, remote_err) = runs["local"], runs["cluster"]
    assert remote == local
    assert local["reports"] == 7 and local["skipped"] == 1      # the seed, six development reports, one broken
    assert remote_err.count("Warning: skipped") == local_err.count("Warning: skipped") == 1
    assert f"Warning: skipped {broken}" in remote_err
    files = sorted(f.name for f in (tmp_path / "local").glob("graph.*"))
    assert "graph.nq" in files and files == sorted(f.name for f in (tmp_path / "cluster").glob("graph.*"))
    for name in files:
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert _dataset(tmp_path / "cluster" / "store") == _dataset(tmp_path / "local" / "store")


def test_an_unreachable_scheduler_is_one_error_line(tmp_path):
    out = tmp_path / "out"
    report = str(ROOT / "data" / "reports" / "000_f755293a707b958a.txt")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        r = CliRunner().invoke(cli, ["build", report, "-o", str(out), "--no-cache", "--scheduler",
                                     "tcp://127.0.0.1:1"])
    assert r.exit_code == 1
    assert r.stderr.splitlines() == ["Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1: "
                                     "Timed out trying to connect to tcp://127.0.0.1:1 after 1 s"]
    assert not any(out.glob("graph.*"))


def test_a_malformed_scheduler_address_is_one_error_line(tmp_path):
    report = str(ROOT / "data" / "reports" / "000_f755293a707b958a.txt")
    r = CliRunner().invoke(cli, ["build", report, "-o", str(tmp_path), "--no-cache", "--scheduler", "localhost"])
    assert r.exit_code == 1
    assert r.stderr.splitlines() == ["Error: --scheduler 'localhost': not a Dask scheduler address (tcp://HOST:PORT): "
                                     "missing port number in address 'localhost'"]


def test_the_scheduler_can_be_set_in_pyproject(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.kg]\nscheduler = "tcp://10.0.0.5:8786"\n', encoding="utf-8")
    assert load_settings(pyproject).scheduler == "tcp://10.0.0.5:8786"
    assert load_settings(pyproject, scheduler="tcp://127.0.0.1:8786").scheduler == "tcp://127.0.0.1:8786"
    assert load_settings(None).scheduler is None
