"""Stopping ``bkbk report``: by a signal it can handle, and by one it cannot.

A scheduler or a service manager stops a command with SIGTERM; the out-of-memory killer with
SIGKILL. Either way no worker process or report kernel may be left running; a Dask cluster
the run used goes on serving.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from distributed import Client

from analysis.atomic import is_temporary

pytestmark = pytest.mark.slow

BKBK = Path(sys.executable).with_name("bkbk")


def _start(demo_dir: Path, out: Path) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """A forced run, once its workers are up and their kernels started: (run, descendants)."""
    run = subprocess.Popen([str(BKBK), "report", "--force", "--data", str(demo_dir),
                            "--regency", "15.07", "--out", str(out)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        descendants = psutil.Process(run.pid).children(recursive=True)
        if sum("ipykernel_launcher" in _command(p) for p in descendants) >= 2:
            return run, descendants
        time.sleep(0.2)
    run.kill()
    pytest.fail("the run's workers did not start their kernels within 90 s")


def _command(process: psutil.Process) -> str:
    """A process's command line ("" once it has ended)."""
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def _left_running(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    """The processes still running after ``within`` seconds."""
    _, alive = psutil.wait_procs(processes, timeout=within)
    running = []
    for process in alive:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                process.kill()
                running.append(process)
        except psutil.NoSuchProcess:
            pass
    return running


def test_sigterm_stops_the_run_and_its_workers_cleanly(demo_dir, tmp_path):
    run, descendants = _start(demo_dir, tmp_path / "reports")
    os.kill(run.pid, signal.SIGTERM)
    output, _ = run.communicate(timeout=120)
    assert run.returncode == 128 + signal.SIGTERM
    assert "Stopped (SIGTERM). Every file written is complete" in " ".join(output.split())
    assert "Traceback" not in output
    assert not _left_running(descendants, within=10)
    assert not [p for p in (tmp_path / "reports").rglob("*") if is_temporary(p)]


def test_the_workers_end_when_the_run_is_killed(demo_dir, tmp_path):
    run, descendants = _start(demo_dir, tmp_path / "reports")
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=30)
    assert not _left_running(descendants, within=10)


def test_sigterm_stops_a_cluster_run_and_leaves_the_cluster_serving(demo_dir, tmp_path,
                                                                    cluster):
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        workers = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        run = subprocess.Popen(
            [str(BKBK), "report", "--force", "--data", str(demo_dir), "--regency", "15.07",
             "--regency", "15.01", "--formats", "html", "--out", str(tmp_path / "reports"),
             "--scheduler", cluster.scheduler_address],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        deadline = time.monotonic() + 90
        while not any("ipykernel_launcher" in _command(child) for worker in workers
                      for child in worker.children()):
            assert time.monotonic() < deadline, "no report kernel started on the cluster"
            time.sleep(0.2)
        time.sleep(2)  # reports are being rendered on the workers
        os.kill(run.pid, signal.SIGTERM)
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 128 + signal.SIGTERM, output
        assert "Stopped (SIGTERM). Every file written is complete" in " ".join(output.split())
        assert "Traceback" not in output
        assert client.submit(sum, [1, 2], pure=False).result(timeout=60) == 3
        assert all(worker.is_running() for worker in workers)
        # A report running on a worker finishes there, after the command has ended.
        deadline = time.monotonic() + 90
        while [p for p in (tmp_path / "reports").rglob("*") if is_temporary(p)]:
            assert time.monotonic() < deadline, "a report on the cluster was left half-written"
            time.sleep(0.5)
