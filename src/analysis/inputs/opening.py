"""Open the dataset a notebook or command works on: a given folder, or the demo data.

The demo dataset is generated on first use, so a notebook runs as it is on a fresh clone.
A dataset is loaded and validated once per version of its files and of the code: the result
is kept in the dataset cache (``analysis.inputs.cache``) and, within one Python process, in
memory, so a second "Run All" of a notebook, or another report of the same run, does not
load it again.
"""

from __future__ import annotations

from pathlib import Path

from analysis.inputs import cache
from analysis.inputs.dataset import Dataset, DatasetError, missing_folder
from analysis.reference.geography import use_coding, use_new_villages
from analysis.reference.paths import DEMO_DIR
from analysis.reference.province import use_province

METADATA_FILE = "dataset.toml"
_OPENED: dict[Path, Dataset] = {}


def dataset_folder(data_dir: str | Path = "") -> Path:
    """The folder to read: ``data_dir`` when given (DatasetError when it is not there), else
    the demo folder (built if missing)."""
    if str(data_dir).strip():
        folder = Path(data_dir).expanduser()
        if not folder.is_dir():
            raise DatasetError([missing_folder(folder)])
        return folder
    if not (DEMO_DIR / METADATA_FILE).exists():
        from analysis.demo import write_demo_dataset

        write_demo_dataset(DEMO_DIR)
    return DEMO_DIR


def use_geography(dataset: Dataset) -> None:
    """Make the dataset's province, the coding its village codes were put in and the new
    2025 villages it holds the run's."""
    if dataset.meta.province is not None:
        use_province(dataset.meta.province)
    if dataset.meta.coding is not None:
        use_coding(dataset.meta.coding)
    use_new_villages(dataset.meta.new_villages)


def cached_dataset(folder: Path) -> Dataset | None:
    """The dataset stored in a cache folder (kept in memory once read), or None."""
    folder = Path(folder)
    if folder not in _OPENED:
        dataset = cache.load_dataset(folder)
        if dataset is None:
            return None
        _OPENED[folder] = dataset
    use_geography(_OPENED[folder])
    return _OPENED[folder]


def open_cached(data_dir: str | Path = "") -> tuple[Dataset, Path]:
    """The validated dataset of ``data_dir`` (the demo when empty) and its cache folder.

    Raises ``DatasetError`` with every problem when the files do not meet the contract.
    """
    data = dataset_folder(data_dir).resolve()
    folder = cache.folder_for(data)
    dataset = cached_dataset(folder)
    if dataset is None:
        from analysis.inputs.loading import load_dataset  # pandera: only to validate

        dataset = load_dataset(data)
        cache.save_dataset(folder, dataset)
        cache.prune(folder)
        _OPENED[folder] = dataset
    use_geography(dataset)
    return dataset, folder


def open_dataset(data_dir: str | Path = "") -> Dataset:
    """Load and validate ``data_dir``, or the demo dataset when it is empty (cached)."""
    return open_cached(data_dir)[0]
