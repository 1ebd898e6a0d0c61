"""Time the quarterly report run against a plain sequential loop of the command-line tools.

Measured, each ``--runs`` times (medians printed):

- cold: ``bkbk report`` into an empty output folder (validation and metrics included);
- full: ``bkbk report --force`` (every report rendered again, validated data reused);
- re-run: ``bkbk report`` with nothing changed;
- baseline: for each of the 12 reports, one after the other, ``papermill`` on the report
  notebook, ``jupyter nbconvert --to html --no-input`` and the ``weasyprint`` command.

Goals (SPEC and README): full run under 60 s on a 2-core machine and at least 2x faster than
the baseline; a re-run with nothing changed under 3 s. Results are also written as JSON to
``benchmarks/results/bench_reports.json``.

    python benchmarks/bench_reports.py [--runs 3] [--baseline-runs 1] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.inputs.opening import dataset_folder
from analysis.outputs.naming import report_slug
from analysis.reference.geography import PROVINCE_CODE, regencies, resolve_scope
from analysis.reference.paths import NOTEBOOKS_DIR, REPO_ROOT

BIN = Path(sys.executable).parent
RESULTS = REPO_ROOT / "benchmarks" / "results" / "bench_reports.json"
FULL_RUN_GOAL_S = 60.0
RERUN_GOAL_S = 3.0
SPEEDUP_GOAL = 2.0


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _bkbk(data: Path, out: Path, *extra: str) -> float:
    return _timed([str(BIN / "bkbk"), "report", "--data", str(data), "--out", str(out), *extra])


def _period(out: Path) -> str:
    return next(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def _baseline(data: Path, period: str, out: Path) -> float:
    """The 12 reports rendered one by one with the command-line tools."""
    scopes = [(PROVINCE_CODE, resolve_scope(PROVINCE_CODE)[1])]
    scopes += [(r.code, r.name) for r in regencies()]
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for code, name in scopes:
        slug = report_slug(code, name)
        kind = "province" if code == PROVINCE_CODE else "regency"
        executed = out / f"{slug}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOKS_DIR / "reports" /
                                                    f"{kind}_report.ipynb"), str(executed),
                        "-p", "scope", code, "-p", "period", period, "-p", "data_dir", str(data),
                        "--no-progress-bar"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        "--output-dir", str(out), str(executed)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([str(BIN / "weasyprint"), str(out / f"{slug}.html"),
                        str(out / f"{slug}.pdf")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--baseline-runs", type=int, default=None,
                        help="runs of the baseline loop (default: --runs)")
    parser.add_argument("--data", default="", help="dataset folder (default: the demo data)")
    args = parser.parse_args()
    data = dataset_folder(args.data).resolve()
    work = Path(tempfile.mkdtemp(prefix="bench_reports_"))
    times: dict[str, list[float]] = {"cold": [], "full": [], "rerun": [], "baseline": []}
    try:
        for run in range(args.runs):
            out = work / f"cold{run}"
            times["cold"].append(_bkbk(data, out))
            times["full"].append(_bkbk(data, out, "--force"))
            times["rerun"].append(_bkbk(data, out))
            print(f"run {run + 1}: cold {times['cold'][-1]:.1f} s, full {times['full'][-1]:.1f} s,"
                  f" re-run {times['rerun'][-1]:.2f} s", flush=True)
        period = _period(work / "cold0")
        for run in range(args.baseline_runs or args.runs):
            times["baseline"].append(_baseline(data, period, work / f"baseline{run}"))
            print(f"baseline {run + 1}: {times['baseline'][-1]:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    medians = {name: statistics.median(values) for name, values in times.items()}
    speedup = medians["baseline"] / medians["full"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print(f"\nmedians over {args.runs} run(s) ({args.baseline_runs or args.runs} for the "
          f"baseline), 12 reports, HTML and PDF:")
    print(f"  cold run (validate + render): {medians['cold']:7.1f} s")
    print(f"  full run (--force):           {medians['full']:7.1f} s   goal < "
          f"{FULL_RUN_GOAL_S:.0f} s: {verdict(medians['full'] < FULL_RUN_GOAL_S)}")
    print(f"  re-run, nothing changed:      {medians['rerun']:7.2f} s   goal < "
          f"{RERUN_GOAL_S:.0f} s: {verdict(medians['rerun'] < RERUN_GOAL_S)}")
    print(f"  baseline CLI loop:            {medians['baseline']:7.1f} s")
    print(f"  speed-up full vs baseline:    {speedup:7.2f}x   goal >= "
          f"{SPEEDUP_GOAL:.0f}x: {verdict(speedup >= SPEEDUP_GOAL)}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": times, "medians": medians, "speedup": speedup},
                                  indent=2) + "\n")


if __name__ == "__main__":
    main()
