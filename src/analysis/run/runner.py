"""``bkbk report``: render the quarterly reports of the regencies and the province.

A run validates the dataset once (stopping with the issues table on errors), resolves the
quarter (the latest complete one by default), computes the metrics of every scope once and
renders each report notebook with papermill in parallel worker processes (or on a Dask
cluster: ``run.cluster``). Outputs, under
``<out>/<period>/``, for each report slug (see ``naming.report_slug``):

- ``<slug>.html``: self-contained page (CSS inline, charts embedded, no code);
- ``<slug>.pdf``: A4, page numbers, running header, banners on every page;
- ``<slug>.metrics.json``: the report's figures (SPEC "Metrics");
- ``executed/<slug>.ipynb``: the executed notebook, the audit record
  (``executed/<slug>.failed.ipynb`` when the run failed);

then the Excel workbook, the slide deck and ``index.html`` from their own modules, and
``manifest.json``, which records what was rendered from which inputs. Every file is written
atomically. A report whose inputs (data files, package code and reference data, notebook,
parameters) are unchanged since its last successful render is skipped; ``force`` renders
everything again. A failing report does not stop the others: the run names each failure
with its executed notebook and the error's last line, and exits with 1.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from analysis.atomic import is_temporary
from analysis.inputs import cache
from analysis.inputs.cache import data_hash, source_hash
from analysis.inputs.dataset import Dataset, grouped
from analysis.outputs.naming import EXECUTED_DIR, coding_suffix, report_slug
from analysis.outputs.pdf import PageInfo
from analysis.reference.geography import coding_setting, province_code
from analysis.reference.paths import NOTEBOOKS_DIR, REPORTS_DIR
from analysis.reference.periods import Quarter, data_start, resolve_quarter
from analysis.reference.province import NATIONAL, is_regency_code
from analysis.reference.scope import Scope, province_scopes, regency_scopes
from analysis.run.fingerprint import Manifest, fingerprint, notebook_hash
from analysis.run.jobs import (
    EXTRAS,
    ExtraJob,
    JobResult,
    ReportJob,
    init_worker,
    run_extra,
    run_job,
)

REPORT_NOTEBOOKS = {
    "regency": NOTEBOOKS_DIR / "reports" / "regency_report.ipynb",
    "province": NOTEBOOKS_DIR / "reports" / "province_report.ipynb",
}
FORMATS = ("html", "pdf")
LANGS = ("id", "en")
AUDIENCES = ("public", "internal")
INDEX_KEY = "index"
VALIDATED = "validated"  # cache entry: latest quarter, data start and warnings of the dataset
LOCK_FILE = ".lock"


@dataclass
class ReportRequest:
    """What ``bkbk report`` was asked for."""

    data: Path | None = None
    period: str = "latest"
    regencies: list[str] | None = None
    out: Path = REPORTS_DIR
    formats: tuple[str, ...] = FORMATS
    lang: str = "id"
    audience: str = "public"
    jobs: int | None = None
    force: bool = False
    scheduler: str | None = None  # a Dask scheduler's address: render on its cluster
    coding: str = ""  # village coding of the reports, "2022" or "2025" (empty: the basis)


@dataclass
class RunState:
    """Where a run reads and writes, and what it found out so far."""

    request: ReportRequest
    data_dir: Path
    out: Path
    data_digest: str
    source_digest: str
    cache_dir: Path
    coding: str = ""  # the reports' village coding when it is not the province's basis
    quarter: Quarter | None = None
    metrics: dict[str, dict] = field(default_factory=dict)
    synthetic: bool = False
    covered: list[str] = field(default_factory=list)  # the regencies with rows in the data
    dataset: Dataset | None = None  # kept when this run validated it, to load it only once

    @property
    def period(self) -> str:
        """The quarter's label, as in file names and notebook parameters."""
        return self.quarter.label

    @property
    def period_dir(self) -> Path:
        """``<out>/<period>``, with ``-en``, ``-internal`` and ``-kode2025`` suffixes for other
        variants, so that English, internal or otherwise coded reports never overwrite the
        published Indonesian ones."""
        suffix = "-en" if self.request.lang == "en" else ""
        suffix += "-internal" if self.request.audience == "internal" else ""
        suffix += coding_suffix(self.coding)
        return self.out / (self.period + suffix)


def check_request(request: ReportRequest) -> None:
    """Raise ValueError for an unknown format, language or audience."""
    unknown = [f for f in request.formats if f not in FORMATS]
    if unknown or not request.formats:
        raise ValueError(f"formats must be a comma list of {', '.join(FORMATS)}; "
                         f"got {','.join(request.formats)}")
    if request.lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}; got {request.lang!r}")
    if request.audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}; "
                         f"got {request.audience!r}")


LISTED_ABSENT = 12  # regions without data named on the console; the rest are counted
NATION_REPORT = ("a national run renders the reports of the provinces and the regencies, the "
                 "workbook, the slides and the index, not a report of the nation: its sections "
                 "compare a province's regencies; the slides and the workbook compare the "
                 "provinces")


def requested_scopes(texts: list[str] | None) -> list[Scope]:
    """The requested reports' scopes; by default the province and all its regencies (a
    national run: every province and every regency; the nation's report is refused)."""
    if not texts:
        return [*province_scopes(), *regency_scopes()]
    scopes = list(dict.fromkeys(Scope.resolve(text) for text in texts))
    if province_code() == NATIONAL and any(scope.is_province for scope in scopes):
        raise ValueError(NATION_REPORT)
    return scopes


def _validate(state: RunState, console: Console) -> dict | None:
    """Load and validate the dataset into the cache; None (issues printed) when it fails."""
    from analysis.inputs.dataset import DatasetError
    from analysis.inputs.loading import load_dataset
    from analysis.reference.scope import regencies_in_data

    try:
        dataset = load_dataset(state.data_dir)
    except DatasetError as exc:
        from analysis.inputs.validation import print_issues

        console.print(f"[bold red]Dataset {state.data_dir} cannot be used:[/]")
        print_issues(exc.issues, console=console)
        return None
    cache.save_dataset(state.cache_dir, dataset)
    state.dataset = dataset
    start = data_start(dataset)
    validated = {"as_of": dataset.meta.as_of.isoformat(),
                 "data_start": start.isoformat() if start else None,
                 "warnings": dataset.warning_rows, "regencies": regencies_in_data(dataset)}
    cache.save_json(state.cache_dir, VALIDATED, validated)
    return validated


def _prepare(state: RunState, console: Console) -> int | None:
    """Validate the dataset (once per data and code version) and resolve the quarter.

    Returns an exit code when the run must stop, else None.
    """
    from datetime import date

    found, validated = cache.load_json(state.cache_dir, VALIDATED)
    if not found:
        validated = _validate(state, console)
        if validated is None:
            return 1
    if validated["warnings"]:
        rows = grouped(validated["warnings"])
        console.print(f"[yellow]Dataset {state.data_dir}: {rows} row(s) with a warning; "
                      f"they are listed in each report's data notes ([bold]bkbk validate[/] "
                      f"prints them).[/]")
    start = validated["data_start"]
    try:
        state.quarter = resolve_quarter(state.request.period,
                                        date.fromisoformat(validated["as_of"]),
                                        date.fromisoformat(start) if start else None)
    except ValueError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        return 2
    state.covered = validated["regencies"]
    return None


def _dataset(state: RunState) -> Dataset:
    """The run's dataset: kept from validation, else from the cache, else loaded."""
    from analysis.inputs.opening import cached_dataset

    dataset = state.dataset or cached_dataset(state.cache_dir)
    if dataset is None:
        from analysis.inputs.loading import load_dataset

        dataset = load_dataset(state.data_dir)
        cache.save_dataset(state.cache_dir, dataset)
    state.dataset = dataset
    return dataset


def _load_metrics(state: RunState) -> None:
    """Metrics of every scope for the quarter and the one before, computed once per data and
    code version and stored in the cache folder, where the kernels and other outputs read
    them."""
    from analysis.metrics.quarter_figures import metrics_of_quarter

    dataset = _dataset(state)
    metrics_of_quarter(dataset, state.quarter.previous, state.cache_dir)
    state.metrics = metrics_of_quarter(dataset, state.quarter, state.cache_dir)
    state.synthetic = bool(state.metrics[province_code()]["synthetic"])


def _report_fingerprint(state: RunState, code: str, notebook: Path) -> str:
    request = state.request
    return fingerprint(data=state.data_digest, source=state.source_digest,
                       notebook=notebook_hash(notebook), scope=code, period=state.period,
                       lang=request.lang, audience=request.audience, coding=state.coding)


def _report_job(state: RunState, scope: Scope, slug: str) -> ReportJob:
    from analysis.reference.parameters import load_parameters
    from analysis.text.formatting import format_quarter
    from analysis.text.messages import message

    request = state.request
    programme = load_parameters()["province"]["programme"].split(" (")[0]
    quarter_text = format_quarter(state.quarter, request.lang)
    if state.coding:  # a printed page says that it is not in the basis coding
        quarter_text += f" · {message('sections.title.coding', request.lang)} {state.coding}"
    return ReportJob(
        slug=slug,
        notebook=_notebook(scope),
        parameters={"scope": scope.code, "period": state.period,
                    "data_dir": str(state.data_dir), "lang": request.lang,
                    "audience": request.audience, "cache_dir": str(state.cache_dir),
                    "coding": state.coding},
        period_dir=state.period_dir,
        formats=tuple(f for f in FORMATS if f in request.formats),
        title=f"{scope.name} · {quarter_text} · {programme}",
        page=PageInfo(header=f"{programme} · {scope.name} · {quarter_text}", lang=request.lang,
                      synthetic=state.synthetic, internal=request.audience == "internal"),
        metrics=state.metrics[scope.code],
    )


def _notebook(scope: Scope) -> Path:
    return REPORT_NOTEBOOKS["regency" if scope.is_regency else "province"]


def _extra_fingerprint(state: RunState, key: str) -> str:
    return fingerprint(data=state.data_digest, source=state.source_digest, period=state.period,
                       extra=key, lang=state.request.lang,
                       audience=state.request.audience, coding=state.coding)


@contextmanager
def _executor(state: RunState, workers: int) -> Iterator[Executor]:
    """Where the jobs run: the cluster of ``--scheduler``, else local worker processes."""
    if state.request.scheduler:
        from analysis.run.cluster import cluster_executor

        state.out.mkdir(parents=True, exist_ok=True)
        state.cache_dir.mkdir(parents=True, exist_ok=True)
        with cluster_executor(state.request.scheduler, [state.data_dir, state.cache_dir, state.out],
                              state.source_digest) as executor:
            yield executor
    else:
        with _worker_pool(workers) as pool:
            yield pool


@contextmanager
def _worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes, all started at once so that they warm their kernels up early."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=init_worker) as pool:
        for _ in range(workers):
            pool.submit(os.getpid)
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _worker_count(request: ReportRequest, jobs: int) -> int:
    return max(1, min(request.jobs or os.cpu_count() or 1, jobs))


def _render(pool: Executor, jobs: list, console: Console, on_result) -> None:
    """Run report and extra jobs in the worker processes with a progress bar."""
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[last]}"))
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Rendering", total=len(jobs), last="")
        futures: dict[Future, object] = {}
        for job in jobs:
            runner = run_job if isinstance(job, ReportJob) else run_extra
            futures[pool.submit(runner, job)] = job
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a dead worker fails its job only
                    key = job.slug if isinstance(job, ReportJob) else job.key
                    result = JobResult(key, False, 0.0, error=f"{type(exc).__name__}: {exc}")
                on_result(job, result)
                mark = "[green]✓[/]" if result.ok else "[red]✗[/]"
                progress.update(task, advance=1, last=f"{mark} {result.slug}")
        except KeyboardInterrupt:
            where = ("" if isinstance(pool, ProcessPoolExecutor)
                     else " on the cluster (they finish there after this command ends)")
            progress.console.print(f"[yellow]Stopping: the reports being rendered{where} are "
                                   "finished and written, the others are not started.[/]")
            raise


def _write_index(state: RunState, codes: list[str], manifest: Manifest) -> JobResult | None:
    """Write index.html when something it shows changed (else None)."""
    if not codes:
        return None
    request = state.request
    digest = fingerprint(source=state.source_digest, formats=sorted(request.formats),
                         lang=request.lang, audience=request.audience,
                         reports=[manifest.entries[c]["fingerprint"] for c in codes],
                         extras=[manifest.entries.get(k, {}).get("fingerprint") for k in EXTRAS])
    if not request.force and manifest.is_current(INDEX_KEY, digest, []):
        return None
    from analysis.outputs.index import write_index  # charts and all: only when it renders

    if not state.metrics:
        _load_metrics(state)
    started = time.perf_counter()
    metrics = {code: state.metrics[code] for code in codes}
    try:
        path = write_index(state.period_dir, metrics, request)
    except Exception as exc:  # noqa: BLE001 - reported like a failed report
        return JobResult(INDEX_KEY, False, time.perf_counter() - started,
                         error=f"{type(exc).__name__}: {exc}")
    outputs = (Path(path).relative_to(state.period_dir).as_posix(),)
    manifest.record(INDEX_KEY, digest, outputs)
    return JobResult(INDEX_KEY, True, time.perf_counter() - started, outputs=outputs)


def _summary(console: Console, state: RunState, rows: list[tuple[str, str, float]],
             failures: list[JobResult], started: float) -> None:
    table = Table(title=f"Reports {state.period} → {state.period_dir}")
    table.add_column("report")
    table.add_column("status")
    table.add_column("seconds", justify="right")
    styles = {"rendered": "green", "unchanged": "dim", "failed": "bold red", "no data": "yellow"}
    for name, status, seconds in rows:
        table.add_row(name, f"[{styles[status]}]{status}[/]",
                      f"{seconds:.1f}" if status != "unchanged" else "")
    console.print(table)
    for failure in failures:
        where = f" (notebook: {failure.notebook})" if failure.notebook else ""
        console.print(f"[bold red]FAILED[/] {failure.slug}{where}: {failure.error}")
    console.print(f"Done in {time.perf_counter() - started:.1f} s.")


@dataclass
class Plan:
    """What a run renders: reports (scope, slug, fingerprint) and other outputs."""

    reports: list[tuple[Scope, str, str]]
    extras: list[tuple[str, str]]
    unchanged: list[str]


def _plan(state: RunState, scopes: list[Scope], manifest: Manifest) -> Plan:
    """Compare every requested output's fingerprint with the manifest."""
    request = state.request
    plan = Plan([], [], [])
    for scope in scopes:
        slug = report_slug(scope.code, scope.name)
        digest = _report_fingerprint(state, scope.code, _notebook(scope))
        needed = [f"{slug}.{fmt}" for fmt in request.formats]
        if request.force or not manifest.is_current(scope.code, digest, needed):
            plan.reports.append((scope, slug, digest))
        else:
            plan.unchanged.append(scope.code)
    for key in EXTRAS:
        digest = _extra_fingerprint(state, key)
        if request.force or not manifest.is_current(key, digest, []):
            plan.extras.append((key, digest))
    return plan


def _jobs(state: RunState, plan: Plan) -> list:
    """The plan's jobs, longest first so that no worker is left with a long one at the end:
    the province reports, then the workbook and slides, then the regencies."""
    request = state.request
    reports = [_report_job(state, scope, slug) for scope, slug, _ in plan.reports]
    province = [job for job in reports if not is_regency_code(job.parameters["scope"])]
    extras = [ExtraJob(key, state.cache_dir, state.quarter, state.period_dir,
                       request.lang, request.audience) for key, _ in plan.extras]
    return province + extras + [job for job in reports if job not in province]


def remove_stale_temporaries(period_dir: Path) -> int:
    """Remove the temporary files a killed run left in a period folder; return how many."""
    removed = 0
    for folder in (period_dir, period_dir / EXECUTED_DIR):
        for path in folder.iterdir() if folder.is_dir() else ():
            if is_temporary(path) and path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
    return removed


@contextmanager
def _period_lock(period_dir: Path) -> Iterator[bool]:
    """Hold the period folder for this run; yields False when another run holds it."""
    period_dir.mkdir(parents=True, exist_ok=True)
    with open(period_dir / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_reports(request: ReportRequest, console: Console | None = None) -> int:
    """Render the requested reports; return the exit code (0 ok, 1 failures or bad data)."""
    from analysis.inputs.opening import dataset_folder
    from analysis.inputs.province import use_dataset_geography

    started = time.perf_counter()
    console = console or Console()
    check_request(request)
    data_dir = dataset_folder(request.data or "").resolve()
    use_dataset_geography(data_dir, request.coding)  # the reports' regencies are the province's
    scopes = requested_scopes(request.regencies)
    if province_code() == NATIONAL and not request.regencies:
        console.print(f"[yellow]Note: {NATION_REPORT}.[/]")
    out = Path(request.out).resolve()
    data_digest, source_digest = data_hash(data_dir), source_hash()
    state = RunState(request, data_dir, out, data_digest, source_digest,
                     cache.cache_folder(data_digest, source_digest, coding_setting()),
                     coding_setting())
    rows: list[tuple[str, str, float]] = []
    failures: list[JobResult] = []
    with ExitStack() as stack:
        pool = None
        if request.force or not cache.load_json(state.cache_dir, VALIDATED)[0]:
            # Everything renders: the workers start their kernels while the run prepares.
            workers = _worker_count(request, len(scopes) + len(EXTRAS))
            pool = stack.enter_context(_executor(state, workers))
        stop = _prepare(state, console)
        if stop is not None:
            return stop
        absent = [s for s in scopes if not any(map(s.covers, state.covered))]
        if absent:
            named = ", ".join(s.name for s in absent[:LISTED_ABSENT])
            if len(absent) > LISTED_ABSENT:
                named += f" and {grouped(len(absent) - LISTED_ABSENT)} more"
            console.print(f"[yellow]No data for {grouped(len(absent))} region(s) in {data_dir}: "
                          f"{named}; their reports are not rendered, and the province report "
                          f"names the regencies.[/]")
            scopes = [s for s in scopes if s not in absent]
            rows += [(report_slug(s.code, s.name), "no data", 0.0) for s in absent]
        if not stack.enter_context(_period_lock(state.period_dir)):
            console.print(f"[bold red]Another run is writing into {state.period_dir}; "
                          f"try again when it has finished.[/]")
            return 1
        removed = remove_stale_temporaries(state.period_dir)
        if removed:
            console.print(f"[dim]Removed {removed} temporary file(s) left by an interrupted "
                          f"run.[/]")
        manifest = Manifest.load(state.period_dir)
        plan = _plan(state, scopes, manifest)
        slugs = {scope.code: slug for scope, slug, _ in plan.reports}
        done = set(plan.unchanged)
        rows += [(report_slug(scope.code, scope.name), "unchanged", 0.0)
                 for scope in scopes if scope.code in done]
        if plan.reports or plan.extras:
            from analysis.disclosure.audit import publish_disclosure
            from analysis.reconciliation.summary import quarter_counts

            _load_metrics(state)
            quarter_counts(_dataset(state), state.quarter, state.cache_dir)  # once, for all
            if not publish_disclosure(_dataset(state), state.quarter, request.audience,
                                      state.period_dir, state.cache_dir, console):
                return 1
            digests = {slug: (scope.code, digest) for scope, slug, digest in plan.reports}
            digests.update({key: (key, digest) for key, digest in plan.extras})

            def on_result(job, result: JobResult) -> None:
                key, digest = digests[result.slug]
                rows.append((result.slug, "rendered" if result.ok else "failed",
                             result.seconds))
                if result.ok:
                    manifest.record(key, digest, result.outputs)
                    if key in slugs:
                        done.add(key)
                else:
                    manifest.forget(key)
                    failures.append(result)
                manifest.save()

            jobs = _jobs(state, plan)
            if pool is None:
                pool = stack.enter_context(_executor(state, _worker_count(request, len(jobs))))
            console.print(f"Rendering {len(plan.reports)} report(s) and {len(plan.extras)} "
                          f"other output(s) for {state.period} into {state.period_dir}")
            _render(pool, jobs, console, on_result)
            if isinstance(pool, ProcessPoolExecutor):
                pool.shutdown(wait=False)  # the workers stop their kernels during the index
            remove_stale_temporaries(state.period_dir)  # those of a worker lost mid-report
        index = _write_index(state, [s.code for s in scopes if s.code in done], manifest)
        if index is not None:
            rows.append((INDEX_KEY, "rendered" if index.ok else "failed", index.seconds))
            if not index.ok:
                failures.append(index)
        manifest.save()
    cache.prune(state.cache_dir)
    _summary(console, state, rows, failures, started)
    return 1 if failures else 0
