"""The dataset cache: same dataset back, loaded once per data and code version, no NIK."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.inputs import cache, loading, opening
from analysis.inputs.dataset import TABLES


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    """An empty cache root and an empty in-process memo for each test."""
    root = tmp_path / "cache"
    monkeypatch.setenv("BKBK_CACHE_DIR", str(root))
    monkeypatch.setattr(opening, "_OPENED", {})
    code_version = cache.source_hash()  # the code does not change during a test
    monkeypatch.setattr(cache, "source_hash", lambda: code_version)
    return root


@pytest.fixture
def counted_loads(monkeypatch):
    """Count the loads from the raw files."""
    calls = []
    original = loading.load_dataset

    def counting(folder, *args, **kwargs):
        calls.append(folder)
        return original(folder, *args, **kwargs)

    monkeypatch.setattr(loading, "load_dataset", counting)
    return calls


def test_a_stored_dataset_comes_back_equal(demo_dataset, cache_root):
    folder = cache_root / "version"
    cache.save_dataset(folder, demo_dataset)
    again = cache.load_dataset(folder)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(again, table), getattr(demo_dataset, table))
    assert again.meta == demo_dataset.meta
    assert again.warnings == demo_dataset.warnings
    pd.testing.assert_frame_equal(again.village_lists, demo_dataset.village_lists)


def test_the_village_lists_are_read_when_first_used(demo_dataset, cache_root, monkeypatch):
    folder = cache_root / "version"
    cache.save_dataset(folder, demo_dataset)
    read = []
    original = cache.read_table

    def counting(path):
        read.append(Path(path).stem)
        return original(path)

    monkeypatch.setattr(cache, "read_table", counting)
    again = cache.load_dataset(folder)
    assert again.regencies_present == demo_dataset.regencies_present
    assert sorted(read) == sorted(TABLES)
    lists = again.village_lists
    assert read.count("village_lists") == 1
    assert again.village_lists is lists  # read once
    pd.testing.assert_frame_equal(lists, demo_dataset.village_lists)


def test_a_dataset_without_village_lists_has_none(demo_dataset, cache_root):
    folder = cache_root / "version"
    cache.save_dataset(folder, dataclasses.replace(demo_dataset, village_lists=None))
    assert cache.load_dataset(folder).village_lists is None


def test_the_raw_files_are_read_once_per_version(demo_dir, cache_root, counted_loads, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(demo_dir, data)
    first, folder = opening.open_cached(data)
    second, _ = opening.open_cached(data)  # a second "Run All" in the same kernel
    assert second is first and len(counted_loads) == 1
    opening._OPENED.clear()  # a new kernel or process: read from the cache folder
    third, again = opening.open_cached(data)
    assert again == folder and len(counted_loads) == 1
    pd.testing.assert_frame_equal(third.participants, first.participants)

    with open(data / "workforce.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")  # any change of a file is a new version
    _, changed = opening.open_cached(data)
    assert changed != folder and len(counted_loads) == 2


def test_the_cache_lives_outside_the_data_and_is_not_executable(demo_dir, cache_root):
    _, folder = opening.open_cached(demo_dir)
    assert folder.is_relative_to(cache_root) and not folder.is_relative_to(demo_dir)
    suffixes = {path.suffix for path in folder.iterdir()}
    assert suffixes <= {".parquet", ".json"}, suffixes


def test_the_cache_holds_no_nik_name_or_birth_date(demo_dir, cache_root):
    raw = pd.concat([pd.read_csv(path, dtype=str) for path in demo_dir.glob("*.csv")])
    personal = {column for column in raw.columns if column in {"nik", "name", "birth_date"}}
    secrets = set()
    for column in personal:
        secrets |= set(raw[column].dropna().astype(str))
    _, folder = opening.open_cached(demo_dir)
    for path in folder.glob("*.parquet"):
        table = pq.read_table(path).to_pandas()
        assert not personal & set(table.columns), path.name
        for column in table.select_dtypes(exclude="number").columns:
            assert not secrets & set(table[column].dropna().astype(str)), (path.name, column)
    text = (folder / cache.META_FILE).read_text(encoding="utf-8")
    assert not any(secret in text for secret in secrets)
    json.loads(text)


def test_clear_removes_every_version(demo_dir, cache_root):
    opening.open_cached(demo_dir)
    assert any(cache_root.iterdir())
    cache.clear()
    assert not cache_root.exists()


def test_a_long_table_comes_back_equal_and_in_one_piece(tmp_path):
    # pd.read_parquet gives Arrow-backed columns in pieces of 131,072 rows
    frame = pd.DataFrame({"regency_code": pd.array([f"15.{i % 11 + 1:02d}" for i in
                                                    range(300_000)], dtype="str"),
                          "count": range(300_000)})
    cache.save_table(tmp_path, "long", frame)
    read = cache.load_table(tmp_path, "long")
    pd.testing.assert_frame_equal(read, frame)
    assert read["regency_code"].array.__arrow_array__().num_chunks == 1
