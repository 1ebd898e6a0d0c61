"""Time demo-data generation and dataset loading/validation.

Prints the median and minimum of N runs for:
- ``write_demo_dataset`` into a temporary folder (goal: under 15 s),
- ``load_dataset`` and ``validate_dataset`` of that folder (goal: under 5 s),
- a baseline: plain ``pandas.read_csv`` of the same five files, for a ratio.

Usage: python benchmarks/bench_loading.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from rich.console import Console

from analysis.demo import write_demo_dataset
from analysis.inputs.dataset import TABLES
from analysis.inputs.loading import load_dataset
from analysis.inputs.validation import validate_dataset


def timed(function, runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` calls."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    quiet = Console(quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        results = {
            "write_demo_dataset": timed(lambda: write_demo_dataset(folder, console=quiet),
                                        args.runs),
            "baseline read_csv": timed(
                lambda: [pd.read_csv(folder / f"{t}.csv") for t in TABLES], args.runs),
            "load_dataset": timed(lambda: load_dataset(folder), args.runs),
            "validate_dataset": timed(lambda: validate_dataset(folder), args.runs),
        }
    baseline = statistics.median(results["baseline read_csv"])
    print(f"{'step':<22} {'median s':>9} {'min s':>7} {'x baseline':>11}")
    for name, seconds in results.items():
        median = statistics.median(seconds)
        print(f"{name:<22} {median:9.2f} {min(seconds):7.2f} {median / baseline:11.1f}")


if __name__ == "__main__":
    main()
