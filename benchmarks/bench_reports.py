"""Time the quarterly report run, one notebook, and a plain sequential loop of the CLI tools.

Measured, each ``--runs`` times (medians printed):

- cold: ``bkbk report`` into an empty output folder with an empty dataset cache
  (validation and metrics included);
- full: ``bkbk report --force`` (12 reports as HTML and PDF, workbook, slides, index); the
  peak memory of the whole process tree (the run, its workers and their kernels) comes from
  one more forced run, since sampling it slows the run down;
- re-run: ``bkbk report`` with nothing changed;
- notebook: one regency notebook executed by the ``papermill`` command line (a new kernel),
  with the dataset cache already filled;
- run all: the same notebook's cells executed again in a running kernel, as "Run All" in
  JupyterLab after the first;
- baseline: for each of the 12 reports, one after the other, ``papermill`` on the report
  notebook, ``jupyter nbconvert --to html --no-input`` and the ``weasyprint`` command.

The load average at the start and the end is printed too: the machine may be shared, and
on a virtual machine successive runs can slow down under sustained load. So is the CPU time of
the full run's and the baseline's process trees (user + system, the run, its workers and their
kernels), which moves less than wall time when the machine slows down.

Goals: full run <= 20 s and >= 10x faster than the baseline; notebook <= 6 s; run all <= 3 s;
re-run <= 1 s. Results are also written as JSON to ``benchmarks/results/bench_reports.json``.

    python benchmarks/bench_reports.py [--runs 3] [--baseline-runs 1] [--data DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from analysis.inputs.opening import dataset_folder
from analysis.outputs.naming import report_slug
from analysis.reference.paths import NOTEBOOKS_DIR, REPO_ROOT
from analysis.reference.scope import Scope, regency_scopes

BIN = Path(sys.executable).parent
RESULTS = REPO_ROOT / "benchmarks" / "results" / "bench_reports.json"
REGENCY = "15.07"
GOALS = {"full": 20.0, "notebook": 6.0, "run_all": 3.0, "rerun": 1.0}
SPEEDUP_GOAL = 10.0


class PeakMemory:
    """Peak resident memory of a process and all its descendants, sampled every 50 ms."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
                total = 0
                for process in processes:
                    with contextlib.suppress(psutil.Error):
                        total += process.memory_info().rss
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str], memory: bool = False) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    sampler = PeakMemory(process.pid) if memory else None
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.stop() if sampler else 0
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode()[-2000:]}")
    return seconds, peak


def _bkbk(data: Path, out: Path, env: dict[str, str], *extra: str,
          memory: bool = False) -> tuple[float, int]:
    return _timed([str(BIN / "bkbk"), "report", "--data", str(data), "--out", str(out), *extra],
                  env, memory)


def _period(out: Path) -> str:
    return next(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def _notebook(kind: str) -> Path:
    return NOTEBOOKS_DIR / "reports" / f"{kind}_report.ipynb"


def _papermill(data: Path, period: str, out: Path, env: dict[str, str]) -> float:
    """One regency notebook from a new kernel with the papermill command line."""
    return _timed([str(BIN / "papermill"), str(_notebook("regency")), str(out),
                   "-p", "scope", REGENCY, "-p", "period", period, "-p", "data_dir", str(data),
                   "--no-progress-bar"], env)[0]


def _run_all_again(data: Path, period: str, runs: int, env: dict[str, str]) -> list[float]:
    """Seconds of "Run All" in a running kernel, after a first one that is not counted."""
    import nbformat
    from jupyter_client.manager import start_new_kernel

    nb = nbformat.read(_notebook("regency"), as_version=4)
    parameters = f"scope = {REGENCY!r}\nperiod = {period!r}\ndata_dir = {str(data)!r}\n"
    cells = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    index = next(i for i, cell in enumerate(nb.cells)
                 if "parameters" in cell.metadata.get("tags", []))
    position = sum(1 for cell in nb.cells[:index + 1] if cell.cell_type == "code")
    cells.insert(position, parameters)
    os.environ.update(env)
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(_notebook("regency").parent))
    try:
        seconds = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            for source in cells:
                reply = client.execute_interactive(source, timeout=300,
                                                   output_hook=lambda _message: None)
                if reply["content"]["status"] != "ok":
                    raise SystemExit(f"cell failed: {reply['content'].get('evalue')}")
            seconds.append(time.perf_counter() - started)
        return seconds[1:]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _baseline(data: Path, period: str, out: Path, env: dict[str, str]) -> float:
    """The 12 reports rendered one by one with the command-line tools."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for scope in [Scope.province(), *regency_scopes()]:
        slug = report_slug(scope.code, scope.name)
        executed = out / f"{slug}.ipynb"
        kind = "province" if scope.is_province else "regency"
        commands = [
            [str(BIN / "papermill"), str(_notebook(kind)), str(executed), "-p", "scope",
             scope.code, "-p", "period", period, "-p", "data_dir", str(data),
             "--no-progress-bar"],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
             "--output-dir", str(out), str(executed)],
            [str(BIN / "weasyprint"), str(out / f"{slug}.html"), str(out / f"{slug}.pdf")],
        ]
        for command in commands:
            _timed(command, env)
    return time.perf_counter() - started


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--baseline-runs", type=int, default=None,
                        help="runs of the baseline loop (default: --runs)")
    parser.add_argument("--data", default="", help="dataset folder (default: the demo data)")
    args = parser.parse_args()
    data = dataset_folder(args.data).resolve()
    work = Path(tempfile.mkdtemp(prefix="bench_reports_"))
    env = {**os.environ, "BKBK_CACHE_DIR": str(work / "cache"), "MPLBACKEND": "Agg"}
    times: dict[str, list[float]] = {name: [] for name in
                                     ("cold", "full", "rerun", "notebook", "run_all",
                                      "baseline")}
    peaks: list[int] = []
    cpu: dict[str, list[float]] = {"full": [], "baseline": []}
    load = {"start": os.getloadavg()[0]}
    print(f"load average at the start: {load['start']:.2f}", flush=True)
    try:
        for run in range(args.runs):
            shutil.rmtree(work / "cache", ignore_errors=True)
            out = work / f"run{run}"
            times["cold"].append(_bkbk(data, out, env)[0])
            cpu_before = _children_cpu()
            seconds = _bkbk(data, out, env, "--force")[0]
            cpu_seconds = _children_cpu() - cpu_before
            times["full"].append(seconds)
            cpu["full"].append(cpu_seconds)
            times["rerun"].append(_bkbk(data, out, env)[0])
            print(f"run {run + 1}: cold {times['cold'][-1]:.1f} s, full {seconds:.1f} s "
                  f"({cpu_seconds:.1f} CPU-s), re-run {times['rerun'][-1]:.2f} s", flush=True)
        # Sampling the memory of the process tree every 50 ms costs CPU (about 2 s of a run
        # on 2 cores), so the peak comes from a run of its own, not from a timed one.
        peaks.append(_bkbk(data, work / "run0", env, "--force", memory=True)[1])
        print(f"peak memory of a full run: {peaks[-1] / 2**30:.2f} GiB", flush=True)
        period = _period(work / "run0")
        for run in range(args.runs):
            times["notebook"].append(_papermill(data, period, work / f"nb{run}.ipynb", env))
        times["run_all"] = _run_all_again(data, period, args.runs, env)
        print(f"notebook: {', '.join(f'{s:.1f}' for s in times['notebook'])} s; run all again: "
              f"{', '.join(f'{s:.1f}' for s in times['run_all'])} s", flush=True)
        for run in range(args.baseline_runs or args.runs):
            cpu_before = _children_cpu()
            seconds = _baseline(data, period, work / f"baseline{run}", env)
            cpu_seconds = _children_cpu() - cpu_before
            times["baseline"].append(seconds)
            cpu["baseline"].append(cpu_seconds)
            print(f"baseline {run + 1}: {seconds:.1f} s ({cpu_seconds:.1f} CPU-s)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    load["end"] = os.getloadavg()[0]
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    speedup = medians["baseline"] / medians["full"]
    print(f"\nmedians over {args.runs} run(s) ({args.baseline_runs or args.runs} for the "
          f"baseline), 12 reports as HTML and PDF, workbook, slides, index; load average "
          f"{load['start']:.2f} at the start, {load['end']:.2f} at the end:")
    print(f"  cold run (validate + render):  {medians['cold']:7.1f} s")
    print(f"  full run (--force):            {medians['full']:7.1f} s   goal <= "
          f"{GOALS['full']:.0f} s: {_verdict(medians['full'] <= GOALS['full'])}; peak memory "
          f"{max(peaks) / 2**30:.2f} GiB; {cpu_medians['full']:.1f} CPU-s")
    print(f"  re-run, nothing changed:       {medians['rerun']:7.2f} s   goal <= "
          f"{GOALS['rerun']:.0f} s: {_verdict(medians['rerun'] <= GOALS['rerun'])}")
    print(f"  one notebook, papermill CLI:   {medians['notebook']:7.1f} s   goal <= "
          f"{GOALS['notebook']:.0f} s: {_verdict(medians['notebook'] <= GOALS['notebook'])}")
    print(f"  Run All in a running kernel:   {medians['run_all']:7.1f} s   goal <= "
          f"{GOALS['run_all']:.0f} s: {_verdict(medians['run_all'] <= GOALS['run_all'])}")
    print(f"  baseline CLI loop:             {medians['baseline']:7.1f} s   "
          f"{cpu_medians['baseline']:.1f} CPU-s")
    print(f"  speed-up full vs baseline:     {speedup:7.2f}x   goal >= "
          f"{SPEEDUP_GOAL:.0f}x: {_verdict(speedup >= SPEEDUP_GOAL)}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    record = {"runs": times, "medians": medians, "speedup": speedup, "peak_memory_bytes": peaks,
              "cpu_seconds": cpu, "cpu_medians": cpu_medians, "load_average": load}
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
