"""Open the dataset a notebook or command works on: a given folder, or the demo data.

The demo dataset is generated on first use, so a notebook runs as it is on a fresh clone.
"""

from __future__ import annotations

from pathlib import Path

from analysis.inputs.dataset import Dataset
from analysis.reference.paths import DEMO_DIR

METADATA_FILE = "dataset.toml"


def dataset_folder(data_dir: str | Path = "") -> Path:
    """The folder to read: ``data_dir`` when given, else the demo folder (built if missing)."""
    if str(data_dir).strip():
        return Path(data_dir).expanduser()
    if not (DEMO_DIR / METADATA_FILE).exists():
        from analysis.demo import write_demo_dataset

        write_demo_dataset(DEMO_DIR)
    return DEMO_DIR


def open_dataset(data_dir: str | Path = "") -> Dataset:
    """Load and validate ``data_dir``, or the demo dataset when it is empty."""
    from analysis.inputs.loading import load_dataset

    return load_dataset(dataset_folder(data_dir))
