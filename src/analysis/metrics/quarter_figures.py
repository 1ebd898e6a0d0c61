"""The figures of a quarter, computed once and read by every output of a run.

``QuarterFigures`` holds the dataset, the quarter and the metrics of every scope for that
quarter and the one before (``None`` before the data start). A run computes them once and
stores the metrics beside the cached dataset; report notebooks, the workbook, the slides and
the index read them from there instead of computing them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.inputs import cache
from analysis.inputs.dataset import Dataset
from analysis.metrics.scope_metrics import compute_all_metrics
from analysis.reference.periods import Quarter, data_start
from analysis.reference.scope import Scope


@dataclass(frozen=True)
class QuarterFigures:
    """A quarter's dataset and metrics, shared by every output of a run."""

    dataset: Dataset
    quarter: Quarter
    metrics: dict[str, dict]
    previous: dict[str, dict] | None
    folder: Path | None = None  # the cache folder the figures were read from or stored in

    def of(self, scope: Scope) -> dict:
        """metrics.json of one scope."""
        return self.metrics[scope.code]

    @property
    def synthetic(self) -> bool:
        """True when the data are synthetic."""
        return bool(self.dataset.meta.synthetic)


def _has_data(dataset: Dataset, quarter: Quarter) -> bool:
    start = data_start(dataset)
    return quarter.end <= dataset.meta.as_of and (start is None or quarter.end >= start)


def metrics_of_quarter(dataset: Dataset, quarter: Quarter,
                       folder: Path | None = None) -> dict[str, dict] | None:
    """Metrics of every scope for a quarter (None when the data do not cover it), read from
    the cache folder when a run stored them there, else computed (and stored)."""
    def compute() -> dict[str, dict] | None:
        return compute_all_metrics(dataset, quarter) if _has_data(dataset, quarter) else None

    return cache.once(folder, f"metrics-{quarter.label}", compute)


def quarter_figures(dataset: Dataset, quarter: Quarter,
                    folder: Path | None = None) -> QuarterFigures:
    """The figures of ``quarter`` (which must be covered by the data) and the one before."""
    metrics = metrics_of_quarter(dataset, quarter, folder)
    if metrics is None:
        raise ValueError(f"the data do not cover {quarter}")
    return QuarterFigures(dataset, quarter, metrics,
                          metrics_of_quarter(dataset, quarter.previous, folder), folder)
