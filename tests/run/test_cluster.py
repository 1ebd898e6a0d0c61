"""``bkbk report --scheduler``: reports rendered on a real Dask cluster survive a lost worker."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import psutil
import pytest
from rich.console import Console
from test_partial_data import regencies_only
from test_runner import PARAMETERS, _notebook

from analysis.atomic import is_temporary
from analysis.run import runner
from analysis.run.cluster import ClusterError, _problems
from analysis.run.fingerprint import Manifest

SCOPES = {"15.01": "1501-kab-kerinci", "15.02": "1502-kab-merangin", "15": "15-provinsi-jambi"}


def _slow_body(markers: Path) -> str:
    """A report that notes its kernel's parent (the worker) and its own process, then waits
    long enough for the test to kill that worker while the report is being rendered."""
    return f"""import os, time
from IPython.display import HTML
from analysis.reference.geography import resolve_scope
code, name = resolve_scope(scope)
with open({str(markers)!r} + "/" + code, "a") as handle:
    handle.write(f"{{os.getppid()}} {{os.getpid()}}\\n")
time.sleep(1.5)
HTML(f"<h1>Laporan {{name}}</h1><p>Periode {{period}}</p>")"""


def _started(markers: Path) -> dict[str, list[tuple[int, int]]]:
    """Per report: (worker pid, kernel pid) of every attempt to render it whose line is written
    in full (a report's marker file exists a moment before its first line is in it)."""
    attempts = {}
    for path in markers.iterdir():
        lines = path.read_text().split("\n")[:-1]
        if lines:
            attempts[path.name] = [tuple(map(int, line.split())) for line in lines]
    return attempts


def _kill_first_busy_worker(markers: Path, killed: dict, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = _started(markers)
        if started:
            code, [(worker, kernel)] = next(iter(started.items()))
            os.kill(worker, signal.SIGKILL)
            killed.update(code=code, worker=worker, kernel=kernel)
            return
        time.sleep(0.05)


def _gone(pid: int, timeout: float = 15) -> bool:
    try:
        psutil.Process(pid).wait(timeout)
    except psutil.NoSuchProcess:
        return True
    except psutil.TimeoutExpired:
        return False
    return True


def test_reports_of_a_lost_worker_are_rendered_by_another(demo_dir, cluster, tmp_path,
                                                         monkeypatch):
    markers = tmp_path / "started"
    markers.mkdir()
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebooks = {kind: _notebook(folder / f"{kind}.ipynb", [PARAMETERS, _slow_body(markers)])
                 for kind in ("regency", "province")}
    monkeypatch.setattr(runner, "REPORT_NOTEBOOKS", notebooks)
    monkeypatch.setattr(runner, "EXTRAS", {})
    out = tmp_path / "reports"
    # two regencies of the demo, so that validation, metrics and disclosure take little time
    data = regencies_only(demo_dir, tmp_path / "data", ["15.01", "15.02"])
    request = runner.ReportRequest(data=data, regencies=list(SCOPES), out=out,
                                   formats=("html",), scheduler=cluster.scheduler_address)
    killed: dict = {}
    killer = threading.Thread(target=_kill_first_busy_worker, args=(markers, killed))
    killer.start()
    console = Console(record=True, width=250)
    try:
        code = runner.run_reports(request, console)
    finally:
        killer.join()
    text = console.export_text()
    assert code == 0, text
    assert "Rendering 3 report(s)" in text

    # The report of the killed worker started twice, the second time on another worker.
    attempts = _started(markers)
    assert killed and len(attempts[killed["code"]]) == 2
    assert attempts[killed["code"]][1][0] != killed["worker"]
    assert all(len(attempts[code]) == 1 for code in SCOPES if code != killed["code"])

    period_dir = next(p for p in out.iterdir() if p.is_dir())
    for code, slug in SCOPES.items():
        for name in (f"{slug}.html", f"{slug}.metrics.json", f"executed/{slug}.ipynb"):
            assert (period_dir / name).stat().st_size > 0, name
        assert json.loads((period_dir / f"{slug}.metrics.json").read_text())["scope"] == code
    assert "Laporan Kab. Kerinci" in (period_dir / "1501-kab-kerinci.html").read_text()
    assert not [path for path in period_dir.rglob(".*") if is_temporary(path)]
    assert set(Manifest.load(period_dir).entries) >= set(SCOPES)

    # The orphaned kernel of the killed worker ends by itself; the others end with the cluster.
    assert _gone(killed["kernel"])
    cluster.close()
    assert all(_gone(kernel) for runs in attempts.values() for _, kernel in runs)


def test_workers_that_miss_a_folder_or_run_other_code_are_named():
    views = {"tcp://10.0.0.2:4000": {"missing": ["/srv/reports"], "source": "abc"},
             "tcp://10.0.0.3:4000": {"missing": [], "source": "old"},
             "tcp://10.0.0.4:4000": {"missing": [], "source": "abc"}}
    assert _problems(views, "abc") == [
        "worker tcp://10.0.0.2:4000 does not see /srv/reports",
        "worker tcp://10.0.0.3:4000 runs another version of the analysis package"]
    assert _problems({}, "abc") == ["it has no workers"]


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, demo_dir, monkeypatch):
    monkeypatch.setattr("analysis.run.cluster.CONNECT_TIMEOUT", "1s")
    request = runner.ReportRequest(data=demo_dir, out=tmp_path, scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        runner.run_reports(request, Console(record=True))
