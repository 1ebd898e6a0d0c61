"""Time ``bkbk reconcile`` for the whole province (goal: under 15 s, linkage included).

On the demo dataset (about 120 thousand list rows of the year against 120 thousand active
enrolments), prints the median and minimum of N runs of:
- the whole command after start-up (``run_reconcile``: load and validate, findings, record
  linkage, reconciliation.json and the 11 workbooks),
- its steps: loading with identities, the findings without linkage, the findings with linkage,
- the package import the command needs, in a fresh interpreter (start-up cost).

Usage: python benchmarks/bench_reconcile.py [--runs 3] [--data DIR] [--period 2025Q4]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_loading import timed
from rich.console import Console

from analysis.inputs.loading import load_with_identities
from analysis.inputs.opening import dataset_folder
from analysis.outputs.reconciliation import ReconcileRequest, run_reconcile
from analysis.reconciliation import reconcile
from analysis.reference.periods import Quarter

GOAL_SECONDS = 15


def import_seconds() -> float:
    """Seconds a fresh interpreter needs to import what ``bkbk reconcile`` uses."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import analysis.outputs.reconciliation"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default="", help="dataset folder (default: the demo)")
    parser.add_argument("--period", default="2025Q4")
    args = parser.parse_args()
    folder = dataset_folder(args.data)
    quarter = Quarter.parse(args.period)
    dataset, identities = load_with_identities(folder)
    rows = int((dataset.village_lists["year"] == quarter.year).sum())
    print(f"{folder}: {rows:,} list rows in {quarter.year}, "
          f"{len(dataset.participants):,} enrolments")
    with tempfile.TemporaryDirectory() as out:
        request = ReconcileRequest(folder, quarter.label, None, Path(out))
        results = {
            "bkbk reconcile": timed(lambda: run_reconcile(request, Console(quiet=True)),
                                    args.runs),
            "  load with identities": timed(lambda: load_with_identities(folder), args.runs),
            "  findings": timed(lambda: reconcile(dataset, quarter), args.runs),
            "  findings + linkage": timed(lambda: reconcile(dataset, quarter, identities),
                                          args.runs),
            "import (start-up)": [import_seconds() for _ in range(args.runs)],
        }
    print(f"{'step':<24} {'median s':>9} {'min s':>7}")
    for name, seconds in results.items():
        print(f"{name:<24} {statistics.median(seconds):9.2f} {min(seconds):7.2f}")
    median = statistics.median(results["bkbk reconcile"])
    verdict = "within" if median <= GOAL_SECONDS else "over"
    print(f"bkbk reconcile: median {median:.1f} s, {verdict} the goal of {GOAL_SECONDS} s")


if __name__ == "__main__":
    main()
