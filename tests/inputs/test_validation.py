"""Every defect of a dataset becomes an Issue naming file, row, column, value and rule."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest
from raw_fixtures import (
    ALANG_ALANG,
    random_nik,
    valid_tables,
    write_csv,
    write_dataset,
    write_xlsx,
)
from rich.console import Console

from analysis.inputs import pseudonym as ps
from analysis.inputs.checks import active_at_month_end
from analysis.inputs.dataset import Issue
from analysis.inputs.province import dataset_province
from analysis.inputs.validation import print_issues, validate_dataset
from analysis.reference.geography import villages

AS_OF_RULE = "date after the dataset's as_of 2025-12-31"


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch, tmp_path):
    monkeypatch.setenv(ps.KEY_ENV, "validation-key-" + "ab" * 20)


def errors(issues):
    return [issue for issue in issues if issue.severity == "error"]


def with_cell(tmp_path, table, row, column, value, formats=None):
    """Issues of the valid dataset with one cell changed."""
    tables = valid_tables()
    tables[table][row][column] = value
    return validate_dataset(write_dataset(tmp_path / "ds", tables, formats=formats))


def the_issue(issues, **expected) -> Issue:
    """The one issue whose fields equal ``expected`` (``rule`` is matched as a substring)."""
    rule = expected.pop("rule")
    found = [i for i in issues if rule in i.rule
             and all(getattr(i, name) == value for name, value in expected.items())]
    assert len(found) == 1, (expected, rule, issues)
    return found[0]


def test_valid_dataset_has_no_issues(tmp_path):
    assert validate_dataset(write_dataset(tmp_path / "ds")) == []


CELL_DEFECTS = [
    ("participants", 1, "village_code", "16.01.01.2001", "not a village of Jambi (province 15;"),
    ("participants", 1, "village_code", "1601012001", "not a village of Jambi (province 15;"),
    ("participants", 1, "village_code", "15.07.01.2999", "unknown village code"),
    ("participants", 1, "village_code", "15-07", "not a village code"),
    ("participants", 0, "category", "XX", "category must be one of MME, PR"),
    ("participants", 0, "enrolled_on", "2026-01-05", AS_OF_RULE),
    ("participants", 1, "ended_on", "2023-01-31", "ended_on is before enrolled_on"),
    ("participants", 0, "enrolled_on", "31/02/2023", "not a date"),
    ("participants", 0, "enrolled_on", "12/31/2023", "not a date"),
    ("participants", 0, "enrolled_on", "2500-01-01", "not a date"),
    ("participants", 0, "sex", "X", "sex must be one of L, P"),
    ("participants", 0, "birth_year", "1850", "birth year outside 1900-2025"),
    ("contributions", 0, "amount", "-16800", "negative amount"),
    ("contributions", 0, "amount", "enam belas ribu", "not a whole Rupiah amount"),
    ("contributions", 0, "amount", "16.800,50", "not a whole Rupiah amount"),
    ("contributions", 0, "amount", "1.000.000.000.000.000", "not a whole Rupiah amount"),
    ("contributions", 0, "period", "2023/01", "period must be YYYY-MM"),
    ("contributions", 0, "period", "Jan 2023", "period must be YYYY-MM"),
    ("contributions", 0, "period", "2023-13", "period must be YYYY-MM"),
    ("contributions", 0, "paid_on", "2026-01-02", AS_OF_RULE),
    ("contributions", 0, "participants", "-1", "must be 0 or more"),
    ("claims", 0, "amount", "0", "claim amount must be more than 0"),
    ("claims", 1, "amount", "-5", "claim amount must be more than 0"),
    ("claims", 0, "program", "BPJS", "program must be one of JKK, JKM"),
    ("claims", 0, "benefit", "santunan", "benefit must be one of kematian, berkala"),
    ("claims", 0, "paid_on", "2024-02-01", "paid_on is before event_on"),
    ("claims", 0, "paid_on", "2026-03-01", AS_OF_RULE),
    ("claims", 1, "event_on", "2026-01-01", AS_OF_RULE),
    ("allocations", 0, "mme_share", "10", "share outside [0, 1]"),
    ("allocations", 1, "pr_share", "-0,05", "share outside [0, 1]"),
    ("workforce", 0, "regency_code", "16.01", "not a regency of Jambi (province 15;"),
    ("workforce", 0, "regency_code", "1599", "unknown regency code"),
    ("workforce", 0, "year", "1999", "year outside 2000-2026"),
]


@pytest.mark.parametrize("table, row, column, value, rule", CELL_DEFECTS)
def test_defect_is_reported_with_file_row_column_value_and_rule(tmp_path, table, row, column,
                                                                value, rule):
    issues = with_cell(tmp_path, table, row, column, value)
    issue = the_issue(issues, file=f"{table}.csv", row=row + 2, column=column, value=value,
                      rule=rule)
    assert issue.severity == "error"
    assert str(issue).startswith(f"error: {table}.csv, row {row + 2}, column '{column}'")


def test_empty_required_value_is_an_error(tmp_path):
    issues = with_cell(tmp_path, "participants", 0, "enrolled_on", "")
    the_issue(issues, file="participants.csv", row=2, column="enrolled_on", value=None,
              rule="required value is empty")


def test_optional_values_may_be_empty(tmp_path):
    tables = valid_tables()
    tables["participants"][0].update(sex="", birth_year="", occupation="", ended_on="")
    assert validate_dataset(write_dataset(tmp_path / "ds", tables)) == []


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    tables = valid_tables()
    tables["participants"][0]["category"] = "XX"
    tables["participants"][2]["enrolled_on"] = "kemarin"
    tables["participants"][3]["village_code"] = "16.01.01.2001"
    issues = errors(validate_dataset(write_dataset(tmp_path / "ds", tables)))
    assert {(i.row, i.column) for i in issues} == {(4, "enrolled_on"), (5, "village_code"),
                                                   (2, "category")}


def test_one_stray_code_does_not_make_a_provinces_dataset_national(tmp_path):
    # The province is read from the allocations' codes: one code of Jambi's neighbour among
    # Jambi's villages is an error of that row, not a dataset of several provinces.
    tables = valid_tables()
    codes = villages()["village_code"].head(30).tolist()
    tables["allocations"] = [{**tables["allocations"][0], "village_code": code}
                             for code in [*codes, "16.01.07.2001"]]
    folder = write_dataset(tmp_path / "ds", tables)
    assert dataset_province(folder) == ("15", [])
    the_issue(validate_dataset(folder), file="allocations.csv", row=32,
              column="village_code", rule="not a village of Jambi (province 15; a dataset of "
                                          "several provinces says province = \"all\"")


def test_row_is_the_excel_row_and_the_header_as_written(tmp_path):
    tables = valid_tables()
    tables["participants"] = [{("Kategori" if k == "category" else k): v for k, v in r.items()}
                              for r in tables["participants"]]
    tables["participants"][2]["Kategori"] = "miskin"
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables,
                                            formats={"participants": "xlsx"}))
    the_issue(issues, file="participants.xlsx", row=4, column="Kategori", value="miskin",
              rule="category must be one of MME, PR")


def test_row_is_the_parquet_row_counted_from_one(tmp_path):
    issues = with_cell(tmp_path, "claims", 1, "program", "JKN", formats={"claims": "parquet"})
    the_issue(issues, file="claims.parquet", row=2, column="program", value="JKN",
              rule="program must be one of JKK, JKM")


def test_row_is_the_csv_line_even_after_blank_lines(tmp_path):
    folder = write_dataset(tmp_path / "ds")
    tables = valid_tables()
    tables["contributions"][3]["amount"] = "banyak"
    path = write_csv(folder / "contributions.csv", tables["contributions"], sep=";")
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:2], "", ";;;;;", *lines[2:]]) + "\n")
    issues = validate_dataset(folder)
    the_issue(issues, file="contributions.csv", row=7, column="amount", value="banyak",
              rule="not a whole Rupiah amount")


def test_windows_1252_value_is_shown_as_written(tmp_path):
    folder = write_dataset(tmp_path / "ds")
    rows = valid_tables()["participants"]
    rows[0]["category"] = "MM\u00c9"
    write_csv(folder / "participants.csv", rows, encoding="cp1252")
    issues = validate_dataset(folder)
    the_issue(issues, file="participants.csv", row=2, column="category", value="MM\u00c9",
              rule="category must be one of MME, PR")
    the_issue(issues, file="participants.csv", row=None, column=None, value=None,
              rule="not UTF-8")


def test_many_failing_rows_are_capped_with_a_count(tmp_path):
    tables = valid_tables()
    template = tables["contributions"][0]
    tables["contributions"] = [{**template, "period": f"{2000 + i}-01", "category": "mmx"}
                               for i in range(25)]
    issues = [i for i in validate_dataset(write_dataset(tmp_path / "ds", tables))
              if "category must be" in i.rule]
    assert [i.row for i in issues] == [*range(2, 22), None]
    assert issues[-1].text == "category must be one of MME, PR (and 5 more rows)"


def test_duplicate_participant_enrolment_with_different_content_is_an_error(tmp_path):
    tables = valid_tables()
    tables["participants"][1].update(participant_id="K001", enrolled_on="15/01/2023")
    issues = errors(validate_dataset(write_dataset(tmp_path / "ds", tables)))
    rule = "duplicate (participant_id, enrolled_on) with different content"
    assert [(i.row, i.column, i.value, i.rule) for i in issues] == [
        (2, "participant_id", "K001", rule), (3, "participant_id", "K001", rule)]


def test_duplicate_claim_id_is_an_error(tmp_path):
    issues = errors(with_cell(tmp_path, "claims", 1, "claim_id", "C1"))
    assert [(i.file, i.row, i.value, i.rule) for i in issues] == [
        ("claims.csv", 2, "C1", "duplicate claim_id"),
        ("claims.csv", 3, "C1", "duplicate claim_id"),
    ]


def test_exact_duplicate_row_is_a_warning(tmp_path):
    tables = valid_tables()
    tables["claims"].insert(1, dict(tables["claims"][0]))
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables))
    assert [(i.severity, i.file, i.row) for i in issues] == [("warning", "claims.csv", 3)]


def test_claim_of_an_unknown_participant_is_a_warning(tmp_path):
    issues = with_cell(tmp_path, "claims", 1, "participant_id", "K999")
    issue = the_issue(issues, file="claims.csv", row=3, column="participant_id", value="K999",
                      rule="claim's participant is not in participants")
    assert issue.severity == "warning" and len(issues) == 1


def test_payment_for_more_people_than_active_is_a_warning(tmp_path):
    # Alang-Alang MME at the end of January 2023: only K001 (enrolled 15 Jan) is active.
    issues = with_cell(tmp_path, "contributions", 0, "participants", "5")
    issue = the_issue(issues, file="contributions.csv", row=2, column="participants",
                      value="5 paid, 1 active", rule="pays for more people than were active")
    assert issue.severity == "warning" and len(issues) == 1


def test_active_at_month_end_follows_the_definition():
    day = pd.Timestamp
    people = pd.DataFrame({
        "village_code": [ALANG_ALANG] * 5 + ["15.07.01.2002"],
        "category": ["MME", "MME", "MME", "MME", "PR", "MME"],
        "enrolled_on": [day("2023-01-31"), day("2023-01-01"), day("2023-01-10"),
                        day("2023-02-01"), day("2023-01-01"), day("2023-01-01")],
        "ended_on": [pd.NaT, day("2023-02-01"), day("2023-01-31"), pd.NaT, pd.NaT, pd.NaT],
    })
    paid = pd.DataFrame({
        "village_code": [ALANG_ALANG, ALANG_ALANG, ALANG_ALANG, "15.07.01.2003"],
        "category": ["MME", "MME", "PR", "MME"],
        "period": [day("2023-01-01"), day("2023-02-01"), day("2022-12-01"), day("2023-01-01")],
    }, index=[10, 11, 12, 13])
    # Jan end: enrolled 31 Jan (active), ended 1 Feb (still active on 31 Jan), ended 31 Jan
    # (not active), enrolled 1 Feb (not yet) -> 2. Feb end: the 31 Jan and 1 Feb enrolments -> 2.
    assert active_at_month_end(paid, people).to_dict() == {10: 2, 11: 2, 12: 0, 13: 0}


def test_missing_required_column_names_the_accepted_headers(tmp_path):
    tables = valid_tables()
    for row in tables["contributions"]:
        del row["category"]
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables))
    the_issue(issues, file="contributions.csv", row=None, column="category", value=None,
              rule="missing required column category (accepted headers: category, kategori, "
                   "kategori_peserta, segmen)")


def test_missing_participant_column_mentions_nik(tmp_path):
    tables = valid_tables()
    for row in tables["claims"]:
        del row["participant_id"]
    issue = the_issue(validate_dataset(write_dataset(tmp_path / "ds", tables)),
                      file="claims.csv", rule="missing required column participant_id")
    assert "id_peserta" in issue.rule and "nik" in issue.rule


def test_two_headers_for_one_column_is_an_error(tmp_path):
    tables = valid_tables()
    for row in tables["allocations"]:
        row["kode_desa"] = row["village_code"]
    the_issue(validate_dataset(write_dataset(tmp_path / "ds", tables)), file="allocations.csv",
              rule="columns village_code, kode_desa all mean village_code")


def test_unknown_column_is_ignored_with_a_warning(tmp_path):
    tables = valid_tables()
    for row in tables["participants"]:
        row["keterangan"] = "pindahan"
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables))
    assert [(i.severity, i.column) for i in issues] == [("warning", "keterangan")]


def test_missing_table_file_is_an_error(tmp_path):
    folder = write_dataset(tmp_path / "ds")
    (folder / "workforce.csv").unlink()
    the_issue(validate_dataset(folder), file="workforce", row=None,
              rule="missing table file (workforce.csv, workforce.xlsx, workforce.parquet)")


def test_two_files_for_one_table_is_an_error(tmp_path):
    folder = write_dataset(tmp_path / "ds")
    write_xlsx(folder / "claims.xlsx", valid_tables()["claims"])
    the_issue(validate_dataset(folder), file="claims.csv",
              rule="several files for one table: claims.csv, claims.xlsx; keep one")


@pytest.mark.parametrize("text, rule", [
    ('name = "x"\nsource = \n', "malformed dataset.toml"),
    ('name = "x"\nsource = "y"\nsynthetic = "ya"\nas_of = 2025-12-31\n',
     "'synthetic' must be true or false"),
    ('name = "x"\nsource = "y"\nsynthetic = false\n', "'as_of' must be a date"),
    ('name = "x"\nsource = "y"\nsynthetic = false\nas_of = "31 Des"\n', "'as_of' must be a date"),
])
def test_bad_dataset_toml_is_an_error(tmp_path, text, rule):
    folder = write_dataset(tmp_path / "ds")
    (folder / "dataset.toml").write_text(text)
    the_issue(validate_dataset(folder), file="dataset.toml", rule=rule)


def test_malformed_toml_names_the_line(tmp_path):
    folder = write_dataset(tmp_path / "ds")
    (folder / "dataset.toml").write_text('name = "x"\nsource = \n')
    issue = the_issue(validate_dataset(folder), file="dataset.toml", rule="malformed")
    assert "line 2" in issue.rule


@pytest.mark.parametrize("name, content", [
    ("claims.xlsx", b"not a workbook"), ("claims.parquet", b"PAR1 broken"),
    ("claims.csv", b""), ("claims.csv", b"\x00\xff\xfe\x00garbage\x81\x8d"),
])
def test_unreadable_files_become_issues(tmp_path, name, content):
    folder = write_dataset(tmp_path / "ds")
    (folder / "claims.csv").unlink()
    (folder / name).write_bytes(content)
    issues = errors(validate_dataset(folder))
    assert issues and all(i.file == name for i in issues)


def test_missing_folder_is_an_issue(tmp_path):
    issues = validate_dataset(tmp_path / "nowhere")
    assert [(i.severity, i.rule) for i in issues] == [("error", "dataset folder not found")]


def nik_tables(niks):
    """The valid dataset with NIK instead of participant_id in participants and claims."""
    tables = valid_tables()
    ids = {}
    for row, nik in zip(tables["participants"], niks, strict=True):
        ids[row.pop("participant_id")] = nik
        row["nik"] = nik
    for row in tables["claims"]:
        row["nik"] = ids[row.pop("participant_id")]
    return tables


def test_nik_damaged_by_scientific_notation_is_an_error(tmp_path):
    niks = [random_nik(random.Random()) for _ in range(4)]
    tables = nik_tables(niks)
    tables["claims"][1]["nik"] = "3.5e+15"
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables))
    the_issue(issues, file="claims.csv", row=3, column="nik", value="3.5e+15",
              rule="NIK damaged by Excel scientific notation; export the column as text")


def test_nik_with_wrong_length_is_an_error_with_the_value_masked(tmp_path):
    niks = [random_nik(random.Random()) for _ in range(4)]
    tables = nik_tables(niks)
    tables["participants"][0]["nik"] = niks[0][:15]
    issues = validate_dataset(write_dataset(tmp_path / "ds", tables))
    issue = the_issue(issues, file="participants.csv", row=2, column="nik",
                      rule="NIK must be 16 digits")
    assert issue.value == niks[0][:4] + "*" * 7 + niks[0][11:15]
    assert not any(nik[:15] in str(i) for i in issues for nik in niks)


def test_nik_without_key_is_an_error_telling_how_to_create_one(tmp_path, monkeypatch):
    monkeypatch.delenv(ps.KEY_ENV)
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(tmp_path / "none.key"))
    niks = [random_nik(random.Random()) for _ in range(4)]
    issues = validate_dataset(write_dataset(tmp_path / "ds", nik_tables(niks)))
    issue = the_issue(issues, file="participants.csv", column="nik",
                      rule="no pseudonym key was found")
    assert "secrets.token_hex(32)" in issue.rule and "chmod 600" in issue.rule
    assert not re.search(r"\d{16}", " ".join(map(str, issues)))


def render(issues):
    console = Console(record=True, width=200)
    print_issues(issues, console=console)
    return console.export_text()


def test_print_issues_shows_a_table_and_a_summary():
    issues = [Issue("error", "claims.csv", 3, "nominal", "-5", "claim amount must be more than 0"),
              Issue("warning", "claims.csv", 4, "id_peserta", "K9", "claim's participant is not "
                    "in participants"),
              Issue("warning", "peserta.csv", None, "share", None, "share outside [0, 1]")]
    text = render(issues)
    for word in ("severity", "file", "row", "column", "value", "rule", "claims.csv", "nominal",
                 "-5", "claim amount must be more than 0", "share outside [0, 1]"):
        assert word in text
    assert text.strip().splitlines()[-1] == "1 error, 2 warnings"


def test_print_issues_says_valid_when_empty():
    assert render([]).strip() == "Dataset valid"


def test_print_issues_summary_counts_warnings_only():
    issues = [Issue("warning", "a.csv", 2, None, None, "x")] * 3
    assert render(issues).strip().splitlines()[-1] == "0 errors, 3 warnings"

