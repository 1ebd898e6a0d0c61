"""The optional village_lists table, the person key, and names kept out of the dataset."""

from __future__ import annotations

import pickle
import random

import pandas as pd
import pytest
from raw_fixtures import LAMBUR, META, random_nik, valid_tables, write_dataset

from analysis.inputs import pseudonym as ps
from analysis.inputs.dataset import DatasetError
from analysis.inputs.loading import load_dataset, load_with_identities
from analysis.inputs.validation import validate_dataset

KEY = "village-list-key-" + "5a" * 20


@pytest.fixture(autouse=True)
def key(monkeypatch, tmp_path):
    monkeypatch.setenv(ps.KEY_ENV, KEY)
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(tmp_path / "unused.key"))


@pytest.fixture
def niks():
    rng = random.Random(9)
    return [random_nik(rng) for _ in range(4)]


def tables_with_lists(niks):
    """The valid dataset with NIK and names on participants and a two-village list."""
    tables = valid_tables()
    for row, nik, name in zip(tables["participants"], niks, ["Siti Aminah", "Budi", "Rahmat",
                                                            "Yanti"], strict=True):
        row.update({"nik": nik, "nama": name, "tgl_lahir": "12/03/1980"})
    tables["village_lists"] = [
        {"kode_desa": "1507012001", "tahun": "2025", "no_urut": "1", "nik": niks[0],
         "nama_lengkap": "Siti Aminah", "tanggal_lahir": "1980-03-12", "jenis_kelamin": "P",
         "pekerjaan": "Ketua RT", "kategori": "mme"},
        {"kode_desa": "1507012001", "tahun": "2025", "no_urut": "2", "nik": "1507 0112 3",
         "nama_lengkap": "Tono", "tanggal_lahir": "", "jenis_kelamin": "",
         "pekerjaan": "", "kategori": "PR"},
        {"kode_desa": LAMBUR, "tahun": "2025", "no_urut": "1", "nik": niks[2],
         "nama_lengkap": "Rahmat", "tanggal_lahir": "", "jenis_kelamin": "L",
         "pekerjaan": "petani", "kategori": "MME"},
    ]
    return tables


def test_lists_load_with_person_keys_and_without_names(tmp_path, niks):
    folder = write_dataset(tmp_path / "ds", tables_with_lists(niks))
    dataset, identities = load_with_identities(folder)
    lists = dataset.village_lists
    assert list(lists.columns) == ["village_code", "district_code", "regency_code", "year",
                                   "list_row", "category", "sex", "occupation", "person",
                                   "nik_valid"]
    key = KEY.encode()
    assert lists["person"].iloc[[0, 2]].tolist() == [ps.pseudonym(niks[0], key),
                                                     ps.pseudonym(niks[2], key)]
    assert lists["person"].iloc[1] == ps.pseudonym("150701123", key)
    assert lists["nik_valid"].tolist() == [True, False, True]
    assert lists["category"].tolist() == ["MME", "PR", "MME"]
    people = dataset.participants
    assert people["participant_id"].tolist() == ["K001", "K002", "K003", "K004"]
    assert people["person"].tolist() == [ps.pseudonym(nik, key) for nik in niks]
    assert "name" not in people.columns and "birth_date" not in people.columns
    assert identities.list_rows["name"].tolist() == ["Siti Aminah", "Tono", "Rahmat"]
    assert identities.people.set_index("person").loc[ps.pseudonym(niks[1], key), "name"] == "Budi"
    held = pickle.dumps(dataset)
    for secret in [*niks, "Siti Aminah", "Rahmat", "1980-03-12"]:
        assert secret.encode() not in held
    with pytest.raises(TypeError):
        pickle.dumps(identities)
    assert "Siti" not in repr(identities)


def test_list_problems_are_all_reported_with_file_row_column_and_rule(tmp_path, niks):
    tables = tables_with_lists(niks)
    tables["village_lists"][1].update({"no_urut": "1", "nik": "3.5E+15"})
    tables["village_lists"][2].update({"kode_desa": "15.07.01.2999", "tanggal_lahir": "31/02/1980"})
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables))
    errors = {(i.file, i.row, i.column, i.rule) for i in issues if i.severity == "error"}
    assert ("village_lists.csv", 3, "nik", ps.NIK_DAMAGED) in errors
    assert ("village_lists.csv", 4, "kode_desa", "unknown village code (not in the Kemendagri "
            "list of Jambi's desa/kelurahan)") in errors
    assert ("village_lists.csv", 4, "tanggal_lahir",
            "not a date (expected 2024-01-31 or 31/01/2024)") in errors
    duplicates = [i for i in issues if i.rule.startswith("duplicate (list_row")]
    assert [(i.row, i.column) for i in duplicates] == [(2, "no_urut"), (3, "no_urut")]
    shown = " ".join(str(i) for i in issues)
    assert "31/02/1980" not in shown and "Rahmat" not in shown
    with pytest.raises(DatasetError):
        load_dataset(tmp_path / "ds")


def test_lists_need_a_nik_column_and_a_row_number(tmp_path, niks):
    tables = tables_with_lists(niks)
    for row in tables["village_lists"]:
        del row["nik"]
        row["no_urut"] = "0"
    rules = {(i.column, i.rule) for i in validate_dataset(write_dataset(tmp_path / "ds", tables))}
    assert ("nik", "missing required column nik (accepted headers: nik, no_nik, "
            "nomor_induk_kependudukan, no_ktp)") in rules


def test_a_dataset_without_lists_loads_as_before(tmp_path):
    dataset = load_dataset(write_dataset(tmp_path / "ds"))
    assert dataset.village_lists is None
    assert dataset.participants["person"].isna().all()


def test_demo_key_only_for_synthetic_datasets(tmp_path, niks, monkeypatch):
    monkeypatch.delenv(ps.KEY_ENV)
    tables = tables_with_lists(niks)
    dataset = load_dataset(write_dataset(tmp_path / "demo", tables,
                                         meta={**META, "pseudonym_key": "demo"}))
    assert dataset.participants["person"].iloc[0] == ps.pseudonym(niks[0], ps.DEMO_KEY)
    real = write_dataset(tmp_path / "real", tables,
                         meta={**META, "synthetic": False, "pseudonym_key": "demo"})
    issues = validate_dataset(real)
    assert ("dataset.toml", "pseudonym_key") in [(i.file, i.column) for i in issues]
    monkeypatch.setenv(ps.KEY_ENV, ps.DEMO_KEY.decode())
    with pytest.raises(ps.PseudonymKeyError, match="published demo key"):
        ps.load_key()


def _nik(day: str, month: str, serial: str = "0001", region: str = "150701") -> str:
    """A NIK-shaped test value: region, day (41-71 for women), month, year 90, serial."""
    return f"{region}{day}{month}90{serial}"


def test_nik_form_rule():
    niks = pd.Series([_nik("45", "01"), _nik("71", "12"), _nik("32", "01"),
                      _nik("15", "13"), _nik("15", "12", serial="0000"),
                      _nik("15", "12", serial="001"), _nik("15", "12").replace("90", "9A", 1)])
    assert ps.nik_is_valid(niks).tolist() == [True, True, False, False, False, False, False]
