"""One report, rendered in a worker process: papermill, then HTML, then PDF, then the files.

Everything is produced in memory (or in a temporary file) first and written only when the
whole report succeeded, each file atomically, so a failure never leaves a half-written report
nor replaces a good one. A failed run keeps its executed notebook as
``executed/<slug>.failed.ipynb`` for the analyst to open.

Each worker (a local process or a cluster worker) keeps one kernel warm for its reports
(``run.warm_kernel``), which saves the kernel start and the imports of every report after the
first. A kernel that ran a failing notebook is shut down and replaced.
"""

from __future__ import annotations

import functools
import gc
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.atomic import atomic_path, write_bytes, write_json, write_text
from analysis.outputs.naming import EXECUTED_DIR
from analysis.outputs.pdf import PageInfo
from analysis.reference.periods import Quarter

# Other outputs of a run, rendered in the workers beside the reports.
EXTRAS = ("workbook", "slides")
CELL_TIMEOUT_SECONDS = 600
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class ReportJob:
    """Everything a worker needs to render one report."""

    slug: str
    notebook: Path
    parameters: dict[str, Any]
    period_dir: Path
    formats: tuple[str, ...]
    title: str
    page: PageInfo
    metrics: dict[str, Any] | None = None

    def output_names(self) -> list[str]:
        """Files (relative to the period folder) a successful render writes."""
        names = [f"{EXECUTED_DIR}/{self.slug}.ipynb"]
        names += [f"{self.slug}.{fmt}" for fmt in ("html", "pdf") if fmt in self.formats]
        if self.metrics is not None:
            names.append(f"{self.slug}.metrics.json")
        return names

    @property
    def executed_path(self) -> Path:
        """The executed notebook kept as the audit record."""
        return self.period_dir / EXECUTED_DIR / f"{self.slug}.ipynb"

    @property
    def failed_path(self) -> Path:
        """Where the executed notebook of a failed run is kept."""
        return self.period_dir / EXECUTED_DIR / f"{self.slug}.failed.ipynb"


@dataclass(frozen=True)
class ExtraJob:
    """The Excel workbook or the slide deck of a period, from the run's cached figures."""

    key: str
    cache_dir: Path
    quarter: Quarter
    period_dir: Path
    lang: str
    audience: str


@dataclass(frozen=True)
class JobResult:
    """Outcome of one report."""

    slug: str
    ok: bool
    seconds: float
    outputs: tuple[str, ...] = ()
    notebook: Path | None = None
    error: str = ""


_KERNEL_TURN = threading.Lock()


def init_worker() -> None:
    """Process-pool worker start-up: end with the run, silence kernel and renderer chatter on
    the terminal of the run, then warm up. The objects of the imports are then frozen out of
    garbage collection (``gc.freeze``): WeasyPrint makes so many objects that Python's full
    collections, each walking every object of the imported modules too, took a seventh of a
    PDF's time."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True,
                     name="exit-with-run").start()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    warm_up()
    gc.freeze()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the run that started it is gone (killed, say by the out-of-memory
    killer or a scheduler): a pool worker would otherwise wait for jobs for ever, its kernel
    with it. The kernel ends itself when its worker is gone; the next run removes what the
    two leave (temporary files, the kernel's socket folder)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


@functools.cache
def warm_up() -> None:
    """Import the renderers and start the kernel for the report notebooks, side by side (the
    kernel starts and imports in its own process while this one imports); a no-op after the
    first call in a process. A cluster worker, which has no start-up hook of ours, warms up on
    its first job."""
    import atexit
    from concurrent.futures import ThreadPoolExecutor

    from analysis.reference.paths import NOTEBOOKS_DIR
    from analysis.run.warm_kernel import KERNEL

    atexit.register(KERNEL.discard)
    with ThreadPoolExecutor(max_workers=1) as imports:
        renderers = imports.submit(_import_renderers)
        try:
            KERNEL.start(NOTEBOOKS_DIR / "reports")
        except Exception:  # noqa: BLE001 - the first job starts the kernel again and reports why
            KERNEL.discard()
        renderers.result()


def _import_renderers() -> None:
    import weasyprint  # noqa: F401

    from analysis.outputs.html import _exporter

    _exporter()


def last_error_line(exc: BaseException) -> str:
    """The line that names an error, as the last line of a traceback shows it."""
    traceback = getattr(exc, "traceback", None)
    text = _ANSI.sub("", "\n".join(traceback)) if traceback else f"{type(exc).__name__}: {exc}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _execute(job: ReportJob, temporary: Path):
    import papermill

    from analysis.run.warm_kernel import KERNEL, WARM_ENGINE

    return papermill.execute_notebook(
        str(job.notebook),
        str(temporary),
        parameters=job.parameters,
        kernel_name="python3",
        progress_bar=False,
        request_save_on_cell_execute=False,
        cwd=str(job.notebook.parent),
        execution_timeout=CELL_TIMEOUT_SECONDS,
        engine_name=WARM_ENGINE,
        km=KERNEL.start(job.notebook.parent).manager,
    )


def _render(job: ReportJob, executed: Path) -> tuple[str, bytes | None]:
    """Execute the notebook into ``executed``; return the HTML page and the PDF bytes."""
    from analysis.outputs.html import notebook_to_html
    from analysis.outputs.pdf import html_to_pdf

    nb = _execute(job, executed)
    html = notebook_to_html(nb, job.title, job.page.lang)
    pdf = html_to_pdf(html, job.page) if "pdf" in job.formats else None
    return html, pdf


def _write_outputs(job: ReportJob, html: str, pdf: bytes | None) -> None:
    if job.metrics is not None:
        write_json(job.period_dir / f"{job.slug}.metrics.json", job.metrics)
    if "html" in job.formats:
        write_text(job.period_dir / f"{job.slug}.html", html)
    if pdf is not None:
        write_bytes(job.period_dir / f"{job.slug}.pdf", pdf)


def run_job(job: ReportJob) -> JobResult:
    """Render one report; never raises (a failure is returned as a result). The reports of a
    cluster worker with several threads take turns on its one kernel."""
    with _KERNEL_TURN:
        warm_up()
        return _run_job(job)


def warm_worker() -> None:
    """Warm a cluster worker up before its first report."""
    with _KERNEL_TURN:
        warm_up()


def _run_job(job: ReportJob) -> JobResult:
    started = time.perf_counter()
    job.executed_path.parent.mkdir(parents=True, exist_ok=True)
    job.failed_path.unlink(missing_ok=True)
    try:
        with atomic_path(job.executed_path) as executed:
            try:
                html, pdf = _render(job, executed)
            except BaseException:
                from analysis.run.warm_kernel import KERNEL

                KERNEL.discard()
                if executed.exists() and executed.stat().st_size:
                    os.replace(executed, job.failed_path)
                raise
            _write_outputs(job, html, pdf)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
        kept = job.failed_path if job.failed_path.exists() else None
        return JobResult(job.slug, False, time.perf_counter() - started, notebook=kept,
                         error=last_error_line(exc))
    return JobResult(job.slug, True, time.perf_counter() - started,
                     outputs=tuple(job.output_names()), notebook=job.executed_path)


def _write_extra(job: ExtraJob) -> Path | tuple[Path, ...]:
    from analysis.inputs.opening import cached_dataset
    from analysis.metrics.quarter_figures import quarter_figures

    dataset = cached_dataset(job.cache_dir)
    if dataset is None:
        raise FileNotFoundError(f"the run's dataset cache {job.cache_dir} is missing")
    figures = quarter_figures(dataset, job.quarter, job.cache_dir)
    if job.key == "workbook":
        from analysis.outputs.excel import write_workbook

        return write_workbook(figures, job.period_dir, job.audience, job.lang)
    from analysis.outputs.slides import write_slides

    return write_slides(figures, job.period_dir, job.lang, job.audience)


def run_extra(job: ExtraJob) -> JobResult:
    """Write the workbook or the slides; never raises (a failure is returned as a result)."""
    started = time.perf_counter()
    try:
        written = _write_extra(job)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
        return JobResult(job.key, False, time.perf_counter() - started,
                         error=last_error_line(exc))
    paths = written if isinstance(written, list | tuple) else [written]
    outputs = tuple(Path(p).relative_to(job.period_dir).as_posix() for p in paths)
    return JobResult(job.key, True, time.perf_counter() - started, outputs=outputs)
