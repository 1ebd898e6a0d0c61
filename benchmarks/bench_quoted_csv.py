"""Time loading a dataset whose CSV files quote every field, against the same files unquoted.

Real exports quote fields (``"Ahmad Yani, S.E."``); both loaders read such files with
pyarrow when every row is on one line. Writes the Jambi demo (or ``--data``) twice into a
temporary folder, once as it is and once with every field quoted and a comma in every name,
then prints the median of N runs, each in a fresh process, of ``load_large_dataset`` (what
``bkbk metrics --scope all`` uses) and ``load_dataset`` (``bkbk validate`` and the reports)
on both, and the ratio quoted / unquoted.

Usage: python benchmarks/bench_quoted_csv.py [--runs 3] [--data DIR] [--loader NAME]
(``--data`` a national demo, ``bkbk demo-data --province all``, with ``--loader
load_large_dataset``: the national case.)
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis.inputs.opening import dataset_folder

LOADERS = {
    "load_large_dataset": "from analysis.inputs.fast_loading import load_large_dataset as load",
    "load_dataset": "from analysis.inputs.loading import load_dataset as load",
}


def write_quoted(source: Path, target: Path) -> None:
    """``source`` with every CSV field quoted and a comma after every name's first word."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix != ".csv":
            shutil.copy(path, target / path.name)
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "name" in frame:
            frame["name"] = frame["name"].str.replace(r"^(\S+) ", r"\1, ", n=1, regex=True)
        frame.to_csv(target / path.name, index=False, quoting=csv.QUOTE_ALL,
                     lineterminator="\n")


def seconds(loader: str, folder: Path) -> float:
    """Wall-clock seconds of one load in a fresh process (imports not counted)."""
    code = (f"{LOADERS[loader]}\nimport time\nstart = time.perf_counter()\n"
            f"load({str(folder)!r})\nprint(time.perf_counter() - start)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default="", help="dataset folder (default: the demo)")
    parser.add_argument("--loader", choices=sorted(LOADERS), action="append",
                        help="time only this loader (repeatable; default: both)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        plain = dataset_folder(args.data)
        quoted = Path(temporary) / "quoted"
        write_quoted(plain, quoted)
        for loader in args.loader or LOADERS:
            times = {name: [] for name in ("unquoted", "quoted")}
            for _ in range(args.runs):  # alternating, so that drift hits both alike
                times["unquoted"].append(seconds(loader, plain))
                times["quoted"].append(seconds(loader, quoted))
            medians = {name: statistics.median(values) for name, values in times.items()}
            print(f"{loader:20} unquoted {medians['unquoted']:.2f} s, quoted "
                  f"{medians['quoted']:.2f} s, ratio {medians['quoted'] / medians['unquoted']:.2f}"
                  f" (runs: {', '.join(f'{t:.2f}' for t in times['quoted'])})")


if __name__ == "__main__":
    main()
