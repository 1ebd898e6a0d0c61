"""load_large_dataset: the same tables, warnings and messages as load_dataset."""

import random

import pandas as pd
import pytest
from raw_fixtures import random_nik, valid_tables, write_dataset, write_raw_export

from analysis.inputs import fast_loading
from analysis.inputs import pseudonym as ps
from analysis.inputs.dataset import TABLES, DatasetError
from analysis.inputs.fast_loading import load_large_dataset
from analysis.inputs.loading import load_dataset
from analysis.inputs.schemas import table_schema


def _same(fast, full) -> None:
    """Same tables (the fast path derives no person key) and the same warnings."""
    for table in TABLES:
        assert getattr(fast, table).drop(columns="person", errors="ignore").equals(
            getattr(full, table).drop(columns="person", errors="ignore")), table
    assert [str(issue) for issue in fast.warnings] == [str(issue) for issue in full.warnings]
    assert fast.meta == full.meta


def _refuse_full_loading(monkeypatch) -> None:
    def full(*_):
        raise AssertionError("a table went to the full loader")

    monkeypatch.setattr(fast_loading, "_load_table", full)


def test_a_canonical_dataset_is_read_the_fast_way(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    full = load_dataset(folder)
    _refuse_full_loading(monkeypatch)
    _same(load_large_dataset(folder), full)


def test_parquet_tables_are_read_the_fast_way(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data", formats={t: "parquet" for t in TABLES})
    full = load_dataset(folder)
    _refuse_full_loading(monkeypatch)
    _same(load_large_dataset(folder), full)


def test_a_raw_export_goes_to_the_full_loader(tmp_path, monkeypatch):
    monkeypatch.setenv(ps.KEY_ENV, "k" * ps.MIN_KEY_LENGTH)
    folder = write_raw_export(tmp_path / "data", seed=3).folder
    _same(load_large_dataset(folder), load_dataset(folder))


def test_the_demo_dataset(demo_dir, demo_dataset):
    _same(load_large_dataset(demo_dir), demo_dataset)


def _broken(table: str, row: int, column: str, value: str):
    tables = valid_tables()
    tables[table][row][column] = value
    return tables


@pytest.mark.parametrize("tables", [
    _broken("participants", 1, "enrolled_on", "2023-13-45"),
    _broken("participants", 0, "village_code", "15.07.01.9999"),
    _broken("participants", 2, "village_code", ""),
    _broken("participants", 1, "ended_on", "2022-01-01"),
    _broken("contributions", 0, "amount", "-5"),
    _broken("contributions", 1, "category", "XX"),
    _broken("claims", 1, "claim_id", "C1"),
    _broken("claims", 0, "paid_on", "2026-03-01"),
    _broken("allocations", 0, "mme_share", "1.5"),
], ids=["date", "village", "empty", "ended-before", "amount", "category", "duplicate",
        "after-as-of", "share"])
def test_bad_input_gives_the_same_messages(tmp_path, tables):
    folder = write_dataset(tmp_path / "data", tables)
    with pytest.raises(DatasetError) as full:
        load_dataset(folder)
    with pytest.raises(DatasetError) as fast:
        load_large_dataset(folder)
    assert [str(issue) for issue in fast.value.issues] == [
        str(issue) for issue in full.value.issues]
    assert any(issue.severity == "error" and issue.row is not None
               for issue in fast.value.issues)


def test_progress_names_every_table_then_the_checks_across_them(tmp_path):
    steps = []
    load_large_dataset(write_dataset(tmp_path / "data"), progress=steps.append)
    assert steps == [*TABLES, fast_loading.ACROSS_TABLES]


def test_a_nik_stored_as_a_number_goes_to_the_full_loader(tmp_path, monkeypatch):
    monkeypatch.setenv(ps.KEY_ENV, "k" * ps.MIN_KEY_LENGTH)
    tables = valid_tables()
    rng = random.Random(7)
    for row in tables["participants"]:
        row["nik"] = int(random_nik(rng))
    folder = write_dataset(tmp_path / "data", tables, formats={"participants": "parquet"})
    _same(load_large_dataset(folder), load_dataset(folder))


def test_a_table_without_rows(tmp_path, monkeypatch):
    folder = write_dataset(tmp_path / "data")
    header = (folder / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "claims.csv").write_text(header + "\n", encoding="utf-8")
    full = load_dataset(folder)
    _refuse_full_loading(monkeypatch)
    _same(load_large_dataset(folder), full)


@pytest.mark.parametrize("table", TABLES)
def test_column_checks_are_rules_on_single_values(table, demo_dataset):
    """The fast loading runs a column's checks on its distinct values only: that is sound only
    while each check judges a value alone (a uniqueness rule, say, would pass there)."""
    schema = table_schema(table, demo_dataset.meta.as_of)
    frame = getattr(demo_dataset, table)
    for name, column in schema.columns.items():
        if name not in frame.columns:
            continue
        values = frame[name].dropna()
        values = pd.concat([values.head(100), values.head(100), values.tail(100)],
                           ignore_index=True)
        for check in column.checks:
            whole = check(values).check_output
            alone = [bool(check(values.iloc[[i]]).check_output.all()) for i in range(len(values))]
            assert list(whole.astype(bool)) == alone, (table, name, check)
