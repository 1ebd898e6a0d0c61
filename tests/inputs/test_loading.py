"""Loading datasets into canonical frames: formats, header aliases, raw exports, NIK."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from raw_fixtures import (
    ALANG_ALANG,
    LAMBUR,
    META,
    SUNGAI_PENUH,
    valid_tables,
    write_csv,
    write_dataset,
    write_raw_export,
)

from analysis.inputs import pseudonym as ps
from analysis.inputs.aliases import alias_table, header_key, match_headers
from analysis.inputs.dataset import OPTIONAL_TABLES, TABLES, DatasetError
from analysis.inputs.loading import load_dataset
from analysis.inputs.schemas import NIK_TABLES, table_fields
from analysis.reference.paths import REPO_ROOT

KEY = "test-key-" + "9f" * 20


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch, tmp_path):
    monkeypatch.setenv(ps.KEY_ENV, KEY)
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(tmp_path / "unused.key"))


def day(text):
    return pd.Timestamp(text)


def test_canonical_csv_dataset_loads_with_canonical_dtypes(tmp_path):
    dataset = load_dataset(write_dataset(tmp_path / "ds"))
    assert dataset.meta.as_of.isoformat() == "2025-12-31" and dataset.meta.synthetic
    assert dataset.warnings == []
    people = dataset.participants
    assert list(people.columns) == ["participant_id", "village_code", "district_code",
                                    "regency_code", "category", "sex", "birth_year",
                                    "occupation", "enrolled_on", "ended_on", "person"]
    assert people["person"].isna().all()
    assert people["enrolled_on"].dtype == "datetime64[ns]"
    assert people["birth_year"].dtype == "Int64"
    assert people.loc[1, "ended_on"] == day("2024-03-01") and pd.isna(people.loc[0, "ended_on"])
    assert pd.isna(people.loc[2, "sex"]) and pd.isna(people.loc[2, "birth_year"])
    assert people.loc[3, ["district_code", "regency_code"]].tolist() == ["15.72.01", "15.72"]
    paid = dataset.contributions
    assert paid["period"].dtype == "datetime64[ns]"
    assert paid["period"].tolist() == [day("2023-01-01"), day("2023-02-01"), day("2022-10-01"),
                                       day("2023-05-01")]
    assert paid["amount"].dtype == "int64" and paid["amount"].sum() == 4 * 16800
    assert dataset.claims["amount"].tolist() == [42_000_000, 1_500_000]
    assert dataset.allocations[["mme_share", "pr_share"]].iloc[0].tolist() == [0.10, 0.05]
    assert dataset.workforce.iloc[0].tolist() == ["15.07", 2023, 120000, 40000, 80000,
                                                  15000, 20000]


def _canonical_frames(dataset):
    return {table: getattr(dataset, table) for table in TABLES}


@pytest.mark.parametrize("kind", ["xlsx", "parquet"])
def test_typed_xlsx_and_parquet_give_the_same_frames_as_csv(tmp_path, kind):
    """Canonical frames written with native types (Excel date cells, int and date columns)
    load back unchanged."""
    original = load_dataset(write_dataset(tmp_path / "csv"))
    folder = tmp_path / kind
    folder.mkdir()
    (folder / "dataset.toml").write_text((tmp_path / "csv" / "dataset.toml").read_text())
    for table, frame in _canonical_frames(original).items():
        regions = ["district_code", "regency_code"] if "village_code" in frame else []
        stored = frame.drop(columns=regions)
        if kind == "xlsx":
            stored.to_excel(folder / f"{table}.xlsx", index=False)
        else:
            stored.to_parquet(folder / f"{table}.parquet", index=False)
    reloaded = load_dataset(folder)
    for table, frame in _canonical_frames(original).items():
        pd.testing.assert_frame_equal(getattr(reloaded, table), frame, check_dtype=True)


def test_headers_match_aliases_whatever_case_spaces_and_underscores(tmp_path):
    tables = valid_tables()
    renames = {"village_code": "Kode Desa", "category": "KATEGORI", "enrolled_on":
               "tgl kepesertaan", "ended_on": "Tgl_Berakhir", "participant_id": "ID_PESERTA",
               "birth_year": "tahun lahir", "occupation": "Pekerjaan", "sex": "jenis_kelamin"}
    tables["participants"] = [{renames.get(k, k): v for k, v in row.items()}
                              for row in tables["participants"]]
    dataset = load_dataset(write_dataset(tmp_path / "ds", tables))
    assert dataset.participants["participant_id"].tolist() == ["K001", "K002", "K003", "K004"]
    assert dataset.participants["village_code"].tolist()[:2] == [ALANG_ALANG, ALANG_ALANG]


def test_header_key_ignores_case_spaces_underscores():
    assert header_key(" Kode_Desa ") == header_key("KODE DESA") == header_key("kode-desa")


def test_alias_table_only_names_canonical_columns_without_conflicts():
    aliases = alias_table()
    for row in aliases.itertuples():
        tables = TABLES + OPTIONAL_TABLES if row.table == "*" else (row.table,)
        for table in tables:
            names = [f.name for f in table_fields(table)] + (["nik"] if table in NIK_TABLES
                                                            else [])
            if row.table != "*":
                assert row.canonical in names, row
    for table in TABLES + OPTIONAL_TABLES:
        relevant = aliases[aliases["table"].isin([table, "*"])]
        keys = relevant.assign(key=relevant["alias"].map(header_key))
        assert not keys.duplicated("key").any(), table
    example = match_headers("claims", ["no_klaim", "NIK", "Nominal"],
                            ["claim_id", "nik", "amount"])
    assert example.columns == {"claim_id": "no_klaim", "nik": "NIK", "amount": "Nominal"}


def test_documented_alias_table_matches_the_reference_file():
    doc = (REPO_ROOT / "docs" / "data_contract.md").read_text(encoding="utf-8")
    for row in alias_table().itertuples():
        assert f"| {row.table} | `{row.alias}` | `{row.canonical}` |" in doc, row


def test_raw_export_loads_to_the_canonical_tables(tmp_path):
    raw = write_raw_export(tmp_path / "raw")
    dataset = load_dataset(raw.folder)
    key = KEY.encode()
    ids = [ps.pseudonym(nik, key) for nik in raw.niks]

    people = dataset.participants
    assert people["participant_id"].tolist() == ids
    assert people["village_code"].tolist() == [ALANG_ALANG, LAMBUR, SUNGAI_PENUH]
    assert people["category"].tolist() == ["MME", "PR", "MME"]
    assert people["sex"].tolist()[:2] == ["L", "P"] and pd.isna(people.loc[2, "sex"])
    assert people["birth_year"].tolist()[:2] == [1980, 1990]
    assert people["occupation"].tolist()[:2] == ["petani", "pedagang"]
    assert people["enrolled_on"].tolist() == [day("2023-01-15"), day("2023-02-01"),
                                              day("2023-05-20")]
    assert people.loc[1, "ended_on"] == day("2024-03-01")

    paid = dataset.contributions
    assert paid["village_code"].tolist() == [ALANG_ALANG, LAMBUR, SUNGAI_PENUH]
    assert paid["category"].tolist() == ["MME", "PR", "MME"]
    assert paid["period"].tolist() == [day("2023-01-01"), day("2023-02-01"), day("2023-05-01")]
    assert paid["amount"].tolist() == [16800, 16800, 16800]
    assert paid["paid_on"].tolist() == [day("2023-01-31"), day("2023-03-10"), day("2023-06-01")]

    claims = dataset.claims
    assert claims["claim_id"].tolist() == ["KL-01", "KL-02"]
    assert claims["participant_id"].tolist() == ids[:2]
    assert claims["program"].tolist() == ["JKM", "JKK"]
    assert claims["benefit"].tolist() == ["kematian", "perawatan"]
    assert claims["event_on"].tolist() == [day("2024-02-10"), day("2023-11-01")]
    assert claims["amount"].tolist() == [42_000_000, 1_234_567]

    assert dataset.allocations.iloc[0].tolist() == [ALANG_ALANG, "15.07.01", "15.07", 2023,
                                                    100_000_000, 0.10, 0.05]
    assert dataset.workforce.iloc[0].tolist() == ["15.07", 2023, 120_000, 40_000, 80_000,
                                                  15_000, 20_000]
    assert [(w.file, w.column) for w in dataset.warnings] == [("participants.xlsx", "NIK")]
    assert "1 row" in dataset.warnings[0].rule


def test_no_nik_survives_anywhere_in_the_dataset(tmp_path):
    raw = write_raw_export(tmp_path / "raw")
    dataset = load_dataset(raw.folder)
    for table, frame in _canonical_frames(dataset).items():
        assert "nik" not in [c.lower() for c in frame.columns], table
        cells = [str(cell) for cell in frame.to_numpy().ravel()]
        assert not [cell for cell in cells if re.search(r"\d{16}", cell)], table
    shown = repr(dataset) + " ".join(map(str, dataset.warnings))
    assert not re.search(r"\d{16}", shown)
    assert not any(nik in shown for nik in raw.niks)


def test_raw_export_without_key_fails_with_how_to_create_one(tmp_path, monkeypatch):
    monkeypatch.delenv(ps.KEY_ENV)
    raw = write_raw_export(tmp_path / "raw")
    with pytest.raises(DatasetError) as error:
        load_dataset(raw.folder)
    rules = [issue.rule for issue in error.value.issues if issue.severity == "error"]
    assert len(rules) == 2  # one for participants.xlsx, one for claims.csv
    assert all("secrets.token_hex(32)" in rule and "chmod 600" in rule for rule in rules)
    assert not any(nik in str(error.value) for nik in raw.niks)


def test_participant_ids_that_are_niks_are_pseudonymised(tmp_path):
    raw = write_raw_export(tmp_path / "raw")
    tables = valid_tables()
    tables["participants"][0]["participant_id"] = raw.niks[0]
    tables["claims"][0]["participant_id"] = raw.niks[0]
    dataset = load_dataset(write_dataset(tmp_path / "ds", tables))
    expected = ps.pseudonym(raw.niks[0], KEY.encode())
    assert dataset.participants.loc[0, "participant_id"] == expected
    assert dataset.claims.loc[0, "participant_id"] == expected
    assert {w.file for w in dataset.warnings} == {"participants.csv", "claims.csv"}


@pytest.mark.parametrize("sep, encoding, bom", [(";", "utf-8", False), (",", "utf-8", True),
                                                ("\t", "cp1252", False), (";", "utf-16", False)])
def test_csv_separators_and_encodings(tmp_path, sep, encoding, bom):
    folder = write_dataset(tmp_path / "ds")
    rows = valid_tables()["participants"]
    rows[0]["occupation"] = "pedagang \u2018kaki lima\u2019"
    path = write_csv(folder / "participants.csv", rows, sep=sep, encoding=encoding)
    if bom:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    dataset = load_dataset(folder)
    assert dataset.participants.loc[0, "occupation"] == "pedagang \u2018kaki lima\u2019"
    assert dataset.participants.loc[0, "village_code"] == ALANG_ALANG
    encoding_warnings = [w for w in dataset.warnings if "not UTF-8" in w.rule]
    assert len(encoding_warnings) == (encoding == "cp1252")


def test_dates_amounts_codes_and_categories_are_normalised(tmp_path):
    tables = valid_tables()
    paid = tables["contributions"]
    paid[0].update(village_code=" 15070 12001", category=" mme ", amount="Rp 16.800",
                   paid_on="31/01/2023")
    paid[1].update(amount="1.234.567,00", paid_on="10-03-2023 00:00")
    paid[2].update(amount="16800,00", paid_on="2022/11/05")
    paid[3].update(amount="1,234,567.00", participants="1.000", paid_on="01.06.2023")
    tables["allocations"][0].update(mme_share="10%", pr_share="0,05")
    tables["workforce"][0].update(regency_code="1507")
    dataset = load_dataset(write_dataset(tmp_path / "ds", tables))
    frame = dataset.contributions
    assert frame.loc[0, ["village_code", "category"]].tolist() == [ALANG_ALANG, "MME"]
    assert frame["amount"].tolist() == [16_800, 1_234_567, 16_800, 1_234_567]
    assert frame["paid_on"].tolist() == [day("2023-01-31"), day("2023-03-10"),
                                         day("2022-11-05"), day("2023-06-01")]
    assert frame.loc[3, "participants"] == 1000
    assert dataset.allocations.loc[0, ["mme_share", "pr_share"]].tolist() == [0.10, 0.05]
    assert dataset.workforce.loc[0, "regency_code"] == "15.07"


def test_exact_duplicate_rows_are_dropped_with_a_warning(tmp_path):
    tables = valid_tables()
    tables["contributions"].append(dict(tables["contributions"][0]))
    dataset = load_dataset(write_dataset(tmp_path / "ds", tables))
    assert len(dataset.contributions) == 4
    assert [(w.file, w.row, w.rule) for w in dataset.warnings] == [
        ("contributions.csv", 6, "exact duplicate of an earlier row; dropped")]
    assert dataset.contributions.index.tolist() == [0, 1, 2, 3]


def test_bad_dataset_raises_dataset_error_listing_every_problem(tmp_path):
    tables = valid_tables()
    tables["participants"][0]["category"] = "XX"
    tables["claims"][1]["amount"] = "0"
    with pytest.raises(DatasetError) as error:
        load_dataset(write_dataset(tmp_path / "ds", tables))
    errors = [i for i in error.value.issues if i.severity == "error"]
    assert {(i.file, i.row) for i in errors} == {("participants.csv", 2), ("claims.csv", 3)}
    assert "2 error(s)" in str(error.value)


def test_as_of_given_as_text_is_accepted(tmp_path):
    folder = write_dataset(tmp_path / "ds", meta={**META, "as_of": "2025-12-31"})
    assert load_dataset(folder).meta.as_of.isoformat() == "2025-12-31"


def test_a_workbook_saved_as_csv_is_named_as_such(tmp_path):
    folder = write_dataset(tmp_path / "ds")
    rows = pd.DataFrame(valid_tables()["participants"])
    rows.to_excel(tmp_path / "participants.xlsx", index=False)
    (folder / "participants.csv").write_bytes((tmp_path / "participants.xlsx").read_bytes())
    with pytest.raises(DatasetError) as excinfo:
        load_dataset(folder)
    [issue] = [i for i in excinfo.value.issues if i.file == "participants.csv"]
    assert "not a CSV file but an Excel workbook (.xlsx)" in issue.rule
    assert "encoding" not in issue.rule
