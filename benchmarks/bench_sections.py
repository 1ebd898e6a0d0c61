"""Time each section of a report notebook, in one process, as a warm kernel runs them.

The sections are read from the report notebook's cells (``sections.<name>(report)``), the
report is opened once, every section runs once to warm up, then ``--repeat`` times; medians
are printed per section, with the part spent drawing charts to PNG (``blocks.png_bytes``:
layout, rasterising, encoding). This is where a report's kernel time goes, without the
kernel, papermill or the PDF.

    python benchmarks/bench_sections.py [--scope 15.09] [--period latest] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import defaultdict

import matplotlib

from analysis import report_sections as sections
from analysis.reference.paths import NOTEBOOKS_DIR
from analysis.report_sections import blocks

SECTION_CALL = re.compile(r"^sections\.(\w+)\(report\)\s*$", re.M)


def notebook_sections(province: bool) -> list[str]:
    """The section functions a report notebook calls, in order."""
    name = "province_report" if province else "regency_report"
    notebook = json.loads((NOTEBOOKS_DIR / "reports" / f"{name}.ipynb").read_text("utf-8"))
    return [match for cell in notebook["cells"] if cell["cell_type"] == "code"
            for match in SECTION_CALL.findall("".join(cell["source"]))]


class DrawingClock:
    """Seconds spent in ``blocks.png_bytes`` while it is installed."""

    def __init__(self):
        self.seconds = 0.0
        self._draw = blocks.png_bytes

    def __enter__(self):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self._draw(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        blocks.png_bytes = timed
        return self

    def __exit__(self, *_):
        blocks.png_bytes = self._draw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", default="15.09", help="regency code or name, or 'provinsi'")
    parser.add_argument("--period", default="latest", help="quarter YYYYQn or 'latest'")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of every section")
    args = parser.parse_args()

    report = sections.open_report(args.scope, args.period)
    names = notebook_sections(report.scope.is_province)
    totals, drawing = defaultdict(list), defaultdict(list)
    for run in range(args.repeat + 1):
        for name in names:
            with DrawingClock() as clock:
                start = time.perf_counter()
                getattr(sections, name)(report)
                seconds = time.perf_counter() - start
            if run:  # the first run warms caches up
                totals[name].append(seconds)
                drawing[name].append(clock.seconds)

    print(f"{report.scope.name}, {report.quarter}: matplotlib {matplotlib.__version__}, "
          f"medians of {args.repeat} runs")
    print(f"{'section':<24}{'seconds':>9}{'drawing':>9}")
    for name in names:
        print(f"{name:<24}{statistics.median(totals[name]):>9.3f}"
              f"{statistics.median(drawing[name]):>9.3f}")
    runs = [sum(totals[n][i] for n in names) for i in range(args.repeat)]
    drawn = [sum(drawing[n][i] for n in names) for i in range(args.repeat)]
    print(f"{'all sections':<24}{statistics.median(runs):>9.3f}{statistics.median(drawn):>9.3f}")


if __name__ == "__main__":
    main()
