"""The worker's warm kernel: notebook after notebook on one kernel, each as in a new one."""

from __future__ import annotations

import threading

import nbformat
import papermill
import pytest

from analysis.run.warm_kernel import KERNEL, WARM_ENGINE

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
