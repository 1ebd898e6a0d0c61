"""Time ``bkbk metrics --scope all`` on the national demo (goal: <= 60 s, <= 4 GB peak).

Builds the national demo dataset (``bkbk demo-data --province all``: every province, about
84 thousand villages and 6 million enrolments) into a temporary folder, or reuses the one
given with ``--data``, then prints:
- the median and minimum of N runs of the whole command in a fresh process (start-up,
  loading and checking the files, the metrics of every regency, province and the nation,
  writing the JSON) and the peak resident memory of those processes;
- today's path on Jambi as the baseline: ``load_dataset`` and ``compute_all_metrics`` on the
  Jambi demo, in this process, and the ratio of the national command to it;
- the machine's load average, since the machine may be shared.

Usage: python benchmarks/bench_national.py [--runs 3] [--data DIR] [--jambi DIR]
       [--period 2025Q4]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_loading import timed

from analysis.demo import write_demo_dataset
from analysis.inputs.loading import load_dataset
from analysis.inputs.opening import dataset_folder
from analysis.metrics.scope_metrics import compute_all_metrics
from analysis.reference.province import NATIONAL

GOAL_SECONDS = 60
GOAL_BYTES = 4 * 1024**3  # 4 GiB


def national_demo(given: str, scratch: Path) -> Path:
    """The national demo folder: the one given, else one written into ``scratch``."""
    if given:
        return Path(given)
    folder = scratch / "national-demo"
    print(f"writing the national demo into {folder} ...", flush=True)
    write_demo_dataset(folder, province=NATIONAL)
    return folder


def rows(path: Path) -> int:
    """Data rows of a CSV file (lines after the header)."""
    with open(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1


def command_run(data: Path, period: str, out: Path) -> float:
    """Seconds of one ``bkbk metrics --scope all`` in a fresh process."""
    bkbk = Path(sys.executable).with_name("bkbk")
    start = time.perf_counter()
    subprocess.run([str(bkbk), "metrics", "--data", str(data), "--scope", NATIONAL,
                    "--period", period, "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default="", help="national dataset folder (default: the "
                                                   "national demo, written to a tmp folder)")
    parser.add_argument("--jambi", default="", help="Jambi dataset folder (default: the demo)")
    parser.add_argument("--period", default="2025Q4")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bkbk-bench-national-") as scratch:
        data = national_demo(args.data, Path(scratch))
        print(f"{data}: {rows(data / 'participants.csv'):,} enrolments, "
              f"{rows(data / 'allocations.csv'):,} village-years of allocations")
        out = Path(scratch) / "metrics.json"
        national = [command_run(data, args.period, out) for _ in range(args.runs)]
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    jambi = dataset_folder(args.jambi)
    baseline = timed(lambda: compute_all_metrics(load_dataset(jambi), args.period), args.runs)
    median, base = statistics.median(national), statistics.median(baseline)
    print(f"{'run':<52} {'median s':>9} {'min s':>7}")
    print(f"{'bkbk metrics --scope all, national demo':<52} {median:9.2f} {min(national):7.2f}")
    print(f"{'today on Jambi: load_dataset + compute_all_metrics':<52} {base:9.2f} "
          f"{min(baseline):7.2f}")
    print(f"ratio national / Jambi today: {median / base:.1f}")
    print(f"peak memory of the national runs: {peak / 1024**3:.2f} GiB")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
          + f" on {os.cpu_count()} cores")
    verdict = "within" if median <= GOAL_SECONDS and peak <= GOAL_BYTES else "over"
    print(f"national metrics: median {median:.1f} s, peak {peak / 1024**3:.2f} GiB, {verdict} "
          f"the goal of {GOAL_SECONDS} s and {GOAL_BYTES / 1024**3:.0f} GiB")


if __name__ == "__main__":
    main()
