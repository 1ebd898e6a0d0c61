"""The dataset cache: a validated dataset and what was computed from it, keyed by hashes.

Loading and validating the raw files takes seconds; the cache keeps the result so that a run's
report kernels, its workbook and slides, and a notebook's second "Run All" read it in
milliseconds. A cache folder is named by the hash of the dataset's files and of the package's
code and reference data, so a changed file or a new version of the code is never served a
stale cache. The raw data stay where they are.

The folder lives outside the repository and the report folders, under ``BKBK_CACHE_DIR``
(default ``$XDG_CACHE_HOME/bkbk``, i.e. ``~/.cache/bkbk``): it holds participant-level rows
(pseudonymised, no NIK, no names or birth dates), which must never be shared with a report.
Tables are stored as Parquet and the rest as JSON: nothing in it runs code when it is read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from analysis.atomic import write_json
from analysis.inputs.dataset import OPTIONAL_TABLES, Dataset, DatasetMeta, Issue
from analysis.reference.geography import coding_setting
from analysis.reference.paths import PROVINCES_FOLDER, REFERENCE_DIR

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = {".py", ".j2", ".css", ".json", ".toml", ".csv", ".gz"}
META_FILE = "dataset.json"
KEPT_FOLDERS = 4


def hash_files(paths: Iterable[Path], root: Path) -> str:
    """SHA-256 over the files' names (relative to ``root``) and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def data_hash(data_dir: Path) -> str:
    """Hash of every (non-hidden) file of a dataset folder."""
    files = [p for p in Path(data_dir).iterdir() if p.is_file() and not p.name.startswith(".")]
    return hash_files(files, Path(data_dir))


def _source_files(root: Path, skip: Path | None = None) -> list[Path]:
    return [
        p for p in root.rglob("*")
        if p.is_file() and p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts
        and not p.name.startswith(".") and (skip is None or not p.is_relative_to(skip))
    ]


def source_hash(package_dir: Path = PACKAGE_DIR, reference_dir: Path = REFERENCE_DIR) -> str:
    """Hash of the package's code and templates and of the committed reference data.

    Only the reference data's own files count: those of the folder and of its ``provinces/``
    parameters, no hidden files and nothing in other sub-folders, where outputs may have been
    written, so a report written under ``data/reference/`` does not change the fingerprint of
    the next run.
    """
    digest = hashlib.sha256()
    digest.update(hash_files(_source_files(package_dir), package_dir).encode())
    reference = [p for folder in (Path(reference_dir), Path(reference_dir) / PROVINCES_FOLDER)
                 if folder.is_dir() for p in folder.iterdir()
                 if p.is_file() and p.suffix in SOURCE_SUFFIXES and not p.name.startswith(".")]
    digest.update(hash_files(reference, Path(reference_dir)).encode())
    return digest.hexdigest()


def cache_root() -> Path:
    """Where cache folders live: ``BKBK_CACHE_DIR``, else the user's cache directory."""
    configured = os.environ.get("BKBK_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "bkbk"


def cache_folder(data_digest: str, source_digest: str, coding: str = "") -> Path:
    """The cache folder of one dataset version read by one code version, its village codes
    in ``coding`` (empty: the province's basis)."""
    return cache_root() / "-".join(filter(None, (data_digest[:16], source_digest[:16], coding)))


def folder_for(data_dir: Path) -> Path:
    """The cache folder of a dataset folder as its files and the code are now, in the run's
    village coding."""
    return cache_folder(data_hash(data_dir), source_hash(), coding_setting())


def _frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {f.name: getattr(dataset, f.name) for f in dataclasses.fields(dataset)
            if isinstance(getattr(dataset, f.name), pd.DataFrame)}


def save_dataset(folder: Path, dataset: Dataset) -> None:
    """Store a validated dataset (all at once: a reader sees the whole folder or none)."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, frame in _frames(dataset).items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        meta = {
            "path": str(dataset.path),
            "meta": {**dataclasses.asdict(dataset.meta), "as_of": dataset.meta.as_of.isoformat()},
            "warnings": [dataclasses.asdict(issue) for issue in dataset.warnings],
            "tables": sorted(_frames(dataset)),
            "regencies_present": sorted(dataset.regencies_present),
        }
        (staging / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_table(path: Path) -> pd.DataFrame:
    """A stored table, each column in one piece: ``pd.read_parquet`` hands Arrow-backed
    columns over in pieces of 131,072 rows, and taking a regency's rows out of a national
    table in 59 pieces was nine times slower."""
    return pq.ParquetFile(path).read().to_pandas()


def load_dataset(folder: Path) -> Dataset | None:
    """The stored dataset, or None when the folder holds none."""
    folder = Path(folder)
    meta_path = folder / META_FILE
    if not meta_path.exists():
        return None
    stored = json.loads(meta_path.read_text(encoding="utf-8"))
    meta = stored["meta"]
    readers = {name: partial(read_table, folder / f"{name}.parquet")
               for name in stored["tables"]}
    # Only a reconciliation reads the village lists (432,000 rows in the demo): they are read
    # when first used (``ReadOnFirstUse``).
    tables = {name: read if name in OPTIONAL_TABLES else read() for name, read in readers.items()}
    dataset = Dataset(
        path=Path(stored["path"]),
        meta=DatasetMeta(**{**meta, "as_of": date.fromisoformat(meta["as_of"])}),
        warnings=[Issue(**issue) for issue in stored["warnings"]],
        **tables,
    )
    dataset.regencies_present = frozenset(stored["regencies_present"])  # the cached property
    return dataset


def save_json(folder: Path, name: str, value: Any) -> None:
    """Store something computed from the dataset (metrics, the latest quarter) as JSON."""
    write_json(Path(folder) / f"{name}.json", value)


def load_json(folder: Path, name: str) -> tuple[bool, Any]:
    """(found, value) of something stored with ``save_json``."""
    path = Path(folder) / f"{name}.json"
    if not path.exists():
        return False, None
    return True, json.loads(path.read_text(encoding="utf-8"))


def save_table(folder: Path, name: str, frame: pd.DataFrame) -> None:
    """Store a table computed from the dataset (atomically, as Parquet)."""
    from analysis.atomic import atomic_path

    with atomic_path(Path(folder) / f"{name}.parquet") as temporary:
        frame.to_parquet(temporary, index=False)


def load_table(folder: Path, name: str) -> pd.DataFrame | None:
    """A table stored with ``save_table``, or None."""
    path = Path(folder) / f"{name}.parquet"
    return read_table(path) if path.exists() else None


_KEPT: dict[tuple[Path, str], Any] = {}


def once(folder: Path | None, name: str, compute: Callable[[], Any],
         table: bool = False) -> Any:
    """What ``compute()`` returns, computed once per cache folder: kept in memory, else read
    from the folder, else computed and stored there (JSON, or Parquet when ``table``; a table
    that is None is not stored). Without a folder nothing names the dataset: computed anew."""
    if folder is None:
        return compute()
    key = (Path(folder), name)
    if key not in _KEPT:
        if table:
            value = load_table(folder, name)
            if value is None:
                value = compute()
                if value is not None:
                    save_table(folder, name, value)
        else:
            found, value = load_json(folder, name)
            if not found:
                value = compute()
                save_json(folder, name, value)
        _KEPT[key] = value
    return _KEPT[key]


def forget_kept() -> None:
    """Empty the in-memory copies (as in a new process); the folders stay."""
    _KEPT.clear()


def prune(keep: Path) -> None:
    """Remove all but the most recently used cache folders (``keep`` always stays)."""
    root = Path(keep).parent
    if not root.is_dir():
        return
    others = sorted((p for p in root.iterdir() if p.is_dir() and p != Path(keep)),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEPT_FOLDERS - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def clear() -> None:
    """Remove every cache folder (``make clean``)."""
    shutil.rmtree(cache_root(), ignore_errors=True)
