"""Time the choice and audit of a quarter's disclosure pattern.

Loads a dataset once, computes the quarter's reconciliation counts once (a run does that before
the pattern, and keeps them in its cache folder), then times ``compute_pattern`` and prints the
median and minimum, the hidden cells (primary, secondary) and the machine's load.

    python benchmarks/bench_disclosure.py [--data data/demo] [--period 2025Q4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from analysis.disclosure.pattern import compute_pattern
from analysis.inputs.loading import load_dataset
from analysis.reconciliation.summary import quarter_counts
from analysis.reference.paths import DEMO_DIR
from analysis.reference.periods import Quarter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEMO_DIR, help="dataset folder")
    parser.add_argument("--period", default="2025Q4", help="quarter YYYYQn")
    parser.add_argument("--repeat", type=int, default=3, help="runs")
    args = parser.parse_args()

    dataset, quarter = load_dataset(args.data), Quarter.parse(args.period)
    with tempfile.TemporaryDirectory() as folder:
        quarter_counts(dataset, quarter, Path(folder))
        seconds, pattern = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            pattern = compute_pattern(dataset, quarter, Path(folder))
            seconds.append(time.perf_counter() - start)
    counts = pattern.cells.counts()
    print(f"compute_pattern {args.period}: median {statistics.median(seconds):.3f} s   "
          f"min {min(seconds):.3f} s   ({args.repeat} runs; load average "
          f"{os.getloadavg()[0]:.2f})")
    print(f"hidden cells: {counts['primary']} primary, {counts['secondary']} secondary")


if __name__ == "__main__":
    main()
