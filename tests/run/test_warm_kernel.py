"""The worker's warm kernel: notebook after notebook on one kernel, each as in a new one."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import nbformat
import papermill
import psutil
import pytest
import zmq
from jupyter_core.utils import run_sync

from analysis.atomic import atomic_path
from analysis.outputs.pdf import PageInfo
from analysis.run.jobs import ReportJob, _execute
from analysis.run.warm_kernel import KERNEL, WARM_ENGINE, remove_abandoned_socket_folders

FIRST = ["%load_ext autoreload\n%autoreload 2", "import os\nleaked = 1\nprint(os.getpid())"]
SECOND = ["import os\nprint(os.getpid())", "print('leaked' in globals())",
          "print(get_ipython().extension_manager.loaded)"]


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _run(source, out):
    executed = papermill.execute_notebook(
        str(source), str(out), kernel_name="python3", progress_bar=False,
        engine_name=WARM_ENGINE, km=KERNEL.start(source.parent).manager, cwd=str(source.parent))
    return [cell.outputs[0]["text"].strip() if cell.outputs else None
            for cell in executed.cells], [cell.execution_count for cell in executed.cells]


@pytest.fixture
def notebooks(tmp_path):
    yield _notebook(tmp_path / "first.ipynb", FIRST), _notebook(tmp_path / "second.ipynb", SECOND)
    KERNEL.discard()


def test_the_next_notebook_runs_on_the_same_kernel_in_a_clean_namespace(notebooks, tmp_path):
    first, second = notebooks
    outputs, _ = _run(first, tmp_path / "first.out.ipynb")
    pid = outputs[1]
    outputs, counts = _run(second, tmp_path / "second.out.ipynb")
    assert outputs[0] == pid  # no new kernel
    assert outputs[1] == "False"  # nothing of the first notebook is left
    assert "autoreload" not in outputs[2]  # nor its extensions
    assert counts == [1, 2, 3]  # numbered as in a new kernel


def test_a_report_on_another_thread_uses_a_client_of_its_own(notebooks, tmp_path):
    first, second = notebooks
    pid = _run(first, tmp_path / "first.out.ipynb")[0][1]
    found = {}
    thread = threading.Thread(target=lambda: found.update(
        outputs=_run(second, tmp_path / "second.out.ipynb")[0]))
    thread.start()
    thread.join(timeout=120)
    assert found["outputs"][:2] == [pid, "False"]
    assert _run(second, tmp_path / "again.out.ipynb")[0][:2] == [pid, "False"]


def test_the_report_modules_are_imported_and_frozen_out_of_garbage_collection(tmp_path):
    probe = _notebook(tmp_path / "probe.ipynb", [
        "import sys\nprint('analysis.report_sections' in sys.modules)",
        "import gc\nprint(gc.get_freeze_count() > 10_000)",
    ])
    try:
        assert _run(probe, tmp_path / "probe.out.ipynb")[0] == ["True", "True"]
    finally:
        KERNEL.discard()



def _eavesdrop(ports: list[int], code: str) -> list[bytes]:
    """What a local user receives by subscribing to every TCP port of the kernel while the
    kernel runs ``code``."""
    context = zmq.Context()
    try:
        listeners = []
        for port in ports:
            listener = context.socket(zmq.SUB)
            listener.setsockopt(zmq.SUBSCRIBE, b"")
            listener.setsockopt(zmq.LINGER, 0)
            listener.connect(f"tcp://127.0.0.1:{port}")
            listeners.append(listener)
        time.sleep(0.5)  # let the subscriptions connect
        assert run_sync(KERNEL.run)(code)
        heard, deadline = [], time.monotonic() + 1.5
        while time.monotonic() < deadline:
            for listener in listeners:
                if listener.poll(50):
                    heard += listener.recv_multipart()
        return heard
    finally:
        context.destroy(linger=0)


def test_another_user_of_the_machine_cannot_listen_to_the_kernel(tmp_path):
    """The report's outputs travel over Unix sockets in a folder only the user can open, and
    nothing of them can be heard on any TCP port of the kernel; nothing is left behind."""
    kernel = KERNEL.start(tmp_path)
    try:
        assert kernel.manager.get_connection_info()["transport"] == "ipc"
        assert stat.S_IMODE(kernel.sockets.stat().st_mode) == 0o700
        process = psutil.Process(kernel.manager.provisioner.pid)
        ports = [c.laddr.port for c in process.net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
        assert all(c.laddr.ip == "127.0.0.1" for c in process.net_connections(kind="inet"))
        heard = _eavesdrop(ports, "print('RAHASIA-15.09')")
        assert not any(b"RAHASIA" in part for part in heard)
        folder = kernel.sockets
    finally:
        KERNEL.discard()
    assert not folder.exists()


# A worker that makes its kernel's socket folder and is killed before it can remove it.
_KILLED_WORKER = """
import os, signal
from analysis.run.warm_kernel import _socket_folder
folder, _ = _socket_folder()
(folder / "kernel-1").touch()
print(folder, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_socket_folder_of_a_killed_worker_is_removed_by_the_next_kernel(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    killed = subprocess.run([sys.executable, "-c", _KILLED_WORKER], capture_output=True,
                            text=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert killed.returncode == -signal.SIGKILL
    abandoned = Path(killed.stdout.strip())
    assert abandoned.parent == tmp_path and abandoned.joinpath("kernel-1").exists()
    someone_elses = tmp_path / "bkbk-kernel-without-lock"  # not ours to judge: kept
    someone_elses.mkdir()
    kernel = KERNEL.start(tmp_path)
    try:
        assert not abandoned.exists()
        assert someone_elses.exists()
        assert kernel.sockets not in remove_abandoned_socket_folders()  # its worker lives
        assert kernel.sockets.exists()
        assert run_sync(kernel.run)("1 + 1")
    finally:
        KERNEL.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == [someone_elses.name]


def test_a_kernel_starts_where_the_temporary_folder_is_too_deep_for_a_socket(tmp_path,
                                                                               monkeypatch):
    deep = tmp_path.joinpath(*["folder-of-a-long-scratch-path"] * 4)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    try:
        kernel = KERNEL.start(tmp_path)
        assert run_sync(kernel.run)("1 + 1")
        assert kernel.sockets.parent == Path("/tmp")
    finally:
        KERNEL.discard()

def test_a_report_executed_into_its_temporary_file_raises_no_warning(notebooks, tmp_path):
    """A cluster worker's log shows no papermill warning for each report it renders."""
    job = ReportJob(slug="first", notebook=notebooks[0], parameters={}, period_dir=tmp_path,
                    formats=(), title="", page=PageInfo(header=""))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with atomic_path(job.executed_path) as temporary:
            _execute(job, temporary)
    assert not [str(w.message) for w in caught if "papermill" in w.filename]
    assert job.executed_path.stat().st_size
