"""Time the metrics of one quarter for the 11 regencies and the province.

Loads a dataset once, then times ``compute_all_metrics`` (per-village tallies computed once)
against a naive baseline of 12 separate ``compute_metrics`` calls, and prints the median and
minimum of each and their ratio.

    python benchmarks/bench_metrics.py [--data data/demo] [--period latest] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from analysis.inputs.loading import load_dataset
from analysis.metrics.scope_metrics import compute_all_metrics, compute_metrics
from analysis.reference.geography import province_code
from analysis.reference.paths import DEMO_DIR
from analysis.reference.scope import regency_codes


def timings(run: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` runs."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEMO_DIR, help="dataset folder")
    parser.add_argument("--period", default="latest", help="quarter YYYYQn or 'latest'")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each variant")
    args = parser.parse_args()

    start = time.perf_counter()
    dataset = load_dataset(args.data)
    print(f"loaded {args.data} in {time.perf_counter() - start:.1f} s: "
          f"{len(dataset.participants):,} participants, "
          f"{len(dataset.contributions):,} contribution rows, {len(dataset.claims):,} claims")

    scopes = [*regency_codes(), province_code()]
    together = timings(lambda: compute_all_metrics(dataset, args.period), args.repeat)
    separate = timings(lambda: [compute_metrics(dataset, s, args.period) for s in scopes],
                       args.repeat)
    for name, seconds in [("compute_all_metrics", together),
                          (f"{len(scopes)} x compute_metrics", separate)]:
        print(f"{name:<24} median {statistics.median(seconds):.3f} s   "
              f"min {min(seconds):.3f} s   ({args.repeat} runs)")
    print(f"naive / together: {statistics.median(separate) / statistics.median(together):.1f}x")


if __name__ == "__main__":
    main()
