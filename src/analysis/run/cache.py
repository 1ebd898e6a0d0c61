"""The run cache: the validated dataset and its metrics, computed once per run and shared.

``bkbk report`` loads and validates the dataset once, computes the metrics of every scope
once, and stores them under ``<out>/.cache/<data hash>-<code hash>/``; each report kernel
then opens the pickled dataset in a few milliseconds instead of validating the files again.
The folder name changes whenever the data files or the package change, so a stale cache is
never read; older folders are pruned.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

from analysis.inputs.dataset import Dataset, Issue
from analysis.outputs.atomic import write_bytes, write_json, write_text

CACHE_DIR_NAME = ".cache"
DATASET_FILE = "dataset.pickle"
QUARTER_FILE = "latest_quarter.txt"
KEPT_CACHES = 3


def cache_dir(out: Path, data_digest: str, source_digest: str) -> Path:
    """The cache folder of a dataset and package version under an output folder."""
    return Path(out) / CACHE_DIR_NAME / f"{data_digest[:16]}-{source_digest[:16]}"


def save_dataset(folder: Path, dataset: Dataset) -> None:
    """Store a validated dataset."""
    write_bytes(Path(folder) / DATASET_FILE, pickle.dumps(dataset, protocol=5))


def load_dataset(folder: Path) -> Dataset | None:
    """The stored dataset, or None when there is none."""
    path = Path(folder) / DATASET_FILE
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        return pickle.load(handle)


def _metrics_path(folder: Path, period: str) -> Path:
    return Path(folder) / f"metrics-{period}.json"


def save_metrics(folder: Path, period: str, metrics: dict[str, dict] | None) -> None:
    """Store the metrics of every scope for a quarter (None: the quarter has no data)."""
    write_json(_metrics_path(folder, period), metrics)


def load_metrics(folder: Path, period: str) -> tuple[bool, dict[str, dict] | None]:
    """(found, metrics by scope) for a quarter."""
    path = _metrics_path(folder, period)
    if not path.exists():
        return False, None
    return True, json.loads(path.read_text(encoding="utf-8"))


def save_latest_quarter(folder: Path, period: str, warnings: list[Issue]) -> None:
    """Remember the latest complete quarter and the data warnings of a validated dataset."""
    write_text(Path(folder) / QUARTER_FILE, f"{period}\n{len(warnings)}\n")


def load_latest_quarter(folder: Path) -> tuple[str, int] | None:
    """(latest complete quarter, number of warnings) of a dataset validated before."""
    path = Path(folder) / QUARTER_FILE
    if not path.exists():
        return None
    period, warnings = path.read_text(encoding="utf-8").split()
    return period, int(warnings)


def prune(out: Path, keep: Path) -> None:
    """Remove all but the most recent cache folders (``keep`` always stays)."""
    root = Path(out) / CACHE_DIR_NAME
    others = sorted((p for p in root.iterdir() if p.is_dir() and p != keep),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEPT_CACHES - 1:]:
        shutil.rmtree(old, ignore_errors=True)

