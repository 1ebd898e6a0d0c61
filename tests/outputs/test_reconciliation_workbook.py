"""The regency follow-up workbook: summary, one sheet per kecamatan, legend, INTERNAL marks."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from builders import ALANG_ALANG, LAMBUR, NIPAH_PANJANG_I
from list_builders import dataset_with, enrolment, list_row
from print_layout import assert_header_row_fits, assert_prints_legibly, assert_wrapped_rows_fit

from analysis.outputs.reconciliation_workbook import (
    follow_up_rows,
    workbook_name,
    write_regency_workbook,
)
from analysis.outputs.sheets import Column, Sheet
from analysis.outputs.xlsx import workbook_bytes
from analysis.reconciliation import reconcile
from analysis.reconciliation.summary import village_counts
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope

TANJAB_TIMUR = Scope.resolve("15.07")


@pytest.fixture
def sources():
    """A reconciliation of Tanjung Jabung Timur: its result, village counts, follow-up rows."""
    participants = [enrolment("a", ALANG_ALANG, "MME", "2024-01-05"),
                    enrolment("b", ALANG_ALANG, "PR", "2024-01-05"),
                    enrolment("c", ALANG_ALANG, "MME", "2024-01-05"),
                    enrolment("d", NIPAH_PANJANG_I, "PR", "2024-01-05")]
    lists = [list_row(ALANG_ALANG, 1, "a"), list_row(ALANG_ALANG, 2, "b", "MME"),
             list_row(ALANG_ALANG, 3, "z"), list_row(LAMBUR, 1, "x", valid=False)]
    result = reconcile(dataset_with(participants, lists), Quarter(2025, 4))
    result.pairs.loc[0] = [ALANG_ALANG, 3, "c", 0.97]  # a pair as the linkage would give
    return result, village_counts(result, "15.07"), follow_up_rows(result)


@pytest.fixture
def written(sources, tmp_path):
    return [write_regency_workbook(*sources, TANJAB_TIMUR, tmp_path / run, True,
                                   date(2025, 12, 31)) for run in ("one", "two")]


def test_sheets_rows_and_actions(written):
    path = written[0]
    assert path.name == workbook_name(TANJAB_TIMUR, "2025Q4") == \
        "rekonsiliasi-1507-kab-tanjung-jabung-timur-2025Q4.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == ["Ringkasan kecamatan", "Ringkasan desa"]
    assert book.sheetnames[-1] == "Keterangan"
    assert len(book.sheetnames) == 3 + 11  # Tanjung Jabung Timur has 11 kecamatan
    summary = pd.read_excel(path, sheet_name="Ringkasan desa")
    assert len(summary) == 93
    districts = pd.read_excel(path, sheet_name="Ringkasan kecamatan").set_index("Kecamatan")
    districts = districts.loc[:, "Desa/kelurahan":"Kekurangan bayar (Rp)"]  # not the note
    assert len(districts) == 11 + 1  # and the regency's total
    sabak = districts.loc["Muara Sabak Timur"]  # Alang-Alang's 3 rows and Lambur's 1
    assert (sabak["Baris daftar"], sabak["Cocok"], sabak["NIK tidak valid"]) == (4, 1, 1)
    assert sabak["Tingkat kecocokan"] == pytest.approx(1 / 4)
    total = districts.loc["Jumlah kabupaten/kota"]
    assert total["Desa/kelurahan"] == 93
    numbers = districts.drop(index="Jumlah kabupaten/kota").drop(columns="Tingkat kecocokan")
    assert (numbers.sum() == total.drop("Tingkat kecocokan")).all()
    assert total["Tingkat kecocokan"] == pytest.approx(total["Cocok"] / total["Baris daftar"])
    alang = summary.set_index("Kode desa/kelurahan").loc[ALANG_ALANG]
    assert alang["Baris daftar"] == 3 and alang["Cocok"] == 1
    assert alang["Belum terdaftar di BPJS Ketenagakerjaan"] == 1
    assert alang["Tingkat kecocokan"] == pytest.approx(1 / 3)
    rows = pd.read_excel(path, sheet_name="Kec. Muara Sabak Timur")
    assert rows[["Desa/kelurahan", "No. urut di daftar", "Pseudonim", "Temuan"]].astype(
        object).fillna("").values.tolist() == [
        ["Alang-Alang", 2, "b", "Aktif dengan kategori lain"],
        ["Alang-Alang", 3, "z", "Belum terdaftar di BPJS Ketenagakerjaan"],
        ["Alang-Alang", "", "c", "Peserta aktif, tidak ada dalam daftar"],
        ["Lambur", 1, "x", "NIK tidak valid"]]
    assert rows["Tindakan"].tolist() == [
        "samakan kategori di daftar dan di BPJS Ketenagakerjaan",
        "periksa NIK: kemungkinan salah ketik (BPJS: peserta c)",
        "periksa NIK di daftar: kemungkinan salah ketik di baris 3",
        "periksa NIK: cocokkan dengan KTP atau Kartu Keluarga"]
    assert rows["Probabilitas kecocokan"].tolist()[1:3] == [0.97, 0.97]
    sheet = openpyxl.load_workbook(path)["Kec. Muara Sabak Timur"]
    assert sheet["H3"].number_format == "0.00%"  # 0,9996 is 99,96%, not a certain 1,000
    nipah = pd.read_excel(path, sheet_name="Kec. Nipah Panjang")
    assert nipah[["Pseudonim", "Kategori", "Tindakan"]].values.tolist() == [
        ["d", "PR", "tambahkan ke daftar atau akhiri kepesertaan di BPJS Ketenagakerjaan"]]


def test_every_sheet_says_internal_and_the_file_is_deterministic(written):
    book = openpyxl.load_workbook(written[0])
    for sheet in book.worksheets:
        assert "INTERNAL" in sheet.oddHeader.right.text and "DATA SINTETIS" in \
            sheet.oddHeader.right.text
        assert any("INTERNAL" in str(cell.value) for cell in sheet[1]), sheet.title
    assert written[0].read_bytes() == written[1].read_bytes()
    with zipfile.ZipFile(written[0]) as archive:
        text = " ".join(archive.read(name).decode("utf-8", "replace")
                        for name in archive.namelist())
    assert not re.search(r"(?<![0-9A-Za-z.])\d{16}(?![0-9A-Za-z])", text)  # no NIK-like number


def test_every_sheet_prints_legibly_with_names_in_view_and_a_filter(written):
    book = openpyxl.load_workbook(written[0])
    for sheet in book.worksheets:  # a kecamatan's follow-up rows each on one page
        assert_prints_legibly(sheet, whole_rows=sheet.title.startswith("Kec. "))
        assert_wrapped_rows_fit(sheet)
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
    assert book["Ringkasan desa"].freeze_panes == "D2"  # Kecamatan, Desa/kelurahan, Kode
    assert book["Ringkasan desa"].page_setup.fitToWidth >= 2  # 17 columns
    assert book["Ringkasan kecamatan"].freeze_panes == "B2"  # Kecamatan
    assert book["Kec. Muara Sabak Timur"].freeze_panes == "B2"  # Desa/kelurahan
    assert book["Keterangan"].freeze_panes == "C2"  # Kode, Temuan
    for sheet in book.worksheets:  # the header row is as tall as its wrapped headers
        assert_header_row_fits(sheet)


def test_an_english_follow_up_workbook_is_marked_in_english(sources, tmp_path):
    path = write_regency_workbook(*sources, TANJAB_TIMUR, tmp_path, True, date(2025, 12, 31),
                                  "en")
    for sheet in openpyxl.load_workbook(path).worksheets:
        assert sheet.oddHeader.right.text == \
            "INTERNAL - not for publication · DATA SINTETIS (SYNTHETIC DATA)", sheet.title


def test_an_english_workbook_numbers_its_pages_in_english(tmp_path):
    sheet = Sheet("Summary", pd.DataFrame({"village": ["Lambur"], "rows": [3]}),
                  [Column("village", "Village"), Column("rows", "List rows", "0")])
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes([sheet], date(2025, 12, 31), "INTERNAL", "en"))
    assert_prints_legibly(openpyxl.load_workbook(path)["Summary"], footer="Page &P of &N")
