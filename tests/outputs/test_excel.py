"""The period's Excel workbook, on a small hand-built dataset."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from builders import ALANG_ALANG, LAMBUR, NIPAH_PANJANG_I, claim, make_dataset, payment, person
from print_layout import assert_header_row_fits, assert_prints_legibly, assert_wrapped_rows_fit
from pypdf import PageObject, PdfReader

from analysis.metrics.contributions import budget_by_district, continuity_by_district
from analysis.metrics.enrolment import attainment_by_district
from analysis.metrics.quarter_figures import quarter_figures
from analysis.outputs.excel import build_sheets, write_workbook
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope, regency_scopes

QUARTER = "2025Q4"
SHEETS = ["Ringkasan", "Peserta bulanan", "Capaian kecamatan", "Kesinambungan kecamatan",
          "Iuran bulanan", "Anggaran kecamatan", "Klaim per manfaat", "Klaim per kecamatan",
          "Cakupan", "Peringkat indeks", "Catatan"]
MUARA_SABAK_TIMUR = "15.07.01"  # Alang-Alang and Lambur


def figures_of(dataset):
    """The quarter's figures as a run hands them to the workbook."""
    return quarter_figures(dataset, Quarter.parse(QUARTER))
TANJAB_TIMUR_OTHER_VILLAGE = "15.07.03.2001"


@pytest.fixture(scope="module")
def dataset():
    people = [person(ALANG_ALANG, "MME", "2024-02-01") for _ in range(3)]
    people.append(person(ALANG_ALANG, "PR", "2024-02-01", ended_on="2025-11-01"))
    people += [person(LAMBUR, "MME", "2024-03-10") for _ in range(2)]
    payments = [payment(ALANG_ALANG, "MME", f"2025-{m:02d}", 50_400, 3) for m in range(1, 13)]
    claims = [claim(ALANG_ALANG, "JKM", "kematian", "2025-10-01", "2025-10-20", 20_000_000),
              claim(LAMBUR, "JKK", "perawatan", "2025-11-01", "2025-11-15", 2_000_000)]
    claims += [claim(NIPAH_PANJANG_I, "JKK", "perawatan", "2025-10-01", "2025-10-10", 1_000_000)
               for _ in range(6)]
    claims += [claim(TANJAB_TIMUR_OTHER_VILLAGE, "JKK", "perawatan", "2025-10-01",
                     "2025-10-10", 1_000_000) for _ in range(7)]
    return make_dataset(participants=people, contributions=payments, claims=claims)


@pytest.fixture(scope="module")
def workbooks(dataset, tmp_path_factory):
    paths = {}
    for audience in ("public", "internal"):
        folder = tmp_path_factory.mktemp(audience)
        paths[audience] = write_workbook(figures_of(dataset), folder, audience)
    return paths


def rows(path, sheet):
    """A sheet as a list of dicts keyed by its header row."""
    values = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_sheets_and_file_name(workbooks):
    path = workbooks["public"]
    assert path.name == "tabel-bkbk-2025Q4.xlsx"
    assert openpyxl.load_workbook(path).sheetnames == SHEETS


def test_every_printed_page_is_marked(workbooks):
    public = openpyxl.load_workbook(workbooks["public"])
    internal = openpyxl.load_workbook(workbooks["internal"])
    # The hand-built dataset has rows of one regency only: partial data, marked as such.
    assert {sheet.oddHeader.right.text for sheet in public} == {"DATA SINTETIS · DATA SEBAGIAN"}
    assert all("INTERNAL" in sheet.oddHeader.right.text for sheet in internal)


def test_headers_are_indonesian_and_frozen(workbooks):
    book = openpyxl.load_workbook(workbooks["public"])
    for sheet in book:
        headers = [cell.value for cell in sheet[1]]
        assert all("_" not in str(h) for h in headers), (sheet.title, headers)
    summary = [cell.value for cell in book["Ringkasan"][1]]
    assert {"Wilayah", "Peserta aktif total", "Capaian total", "Kesinambungan iuran",
            "Santunan kumulatif", "Cakupan total", "Peringkat indeks"} <= set(summary)


def test_header_row_and_name_columns_stay_in_view(workbooks):
    book = openpyxl.load_workbook(workbooks["public"])
    # The header row and the leading text columns that name a row.
    assert book["Ringkasan"].freeze_panes == "C2"  # Kode wilayah, Wilayah
    assert book["Kesinambungan kecamatan"].freeze_panes == "D2"  # ..., Kecamatan
    assert book["Klaim per kecamatan"].freeze_panes == "E2"  # ..., Kode kecamatan, Kecamatan
    assert book["Catatan"].freeze_panes == "B2"  # Butir
    assert book["Peringkat indeks"].freeze_panes == "D2"  # Peringkat, Kode, Kabupaten/kota


def test_every_sheet_prints_legibly_with_titles_and_a_filter(workbooks):
    book = openpyxl.load_workbook(workbooks["public"])
    for sheet in book:
        assert_prints_legibly(sheet)
        assert_wrapped_rows_fit(sheet)
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
    # The summary's 35 columns printed one page wide came out at about 4 pt.
    assert book["Ringkasan"].page_setup.fitToWidth >= 3
    assert (book["Catatan"].page_setup.fitToWidth or 1) == 1  # Excel's default: 1


def test_sans_font_and_header_rows_tall_enough_for_their_lines(workbooks):
    for sheet in openpyxl.load_workbook(workbooks["public"]):
        headers = [cell for cell in sheet[1] if cell.value is not None]
        assert {cell.font.name for row in sheet.iter_rows() for cell in row
                if cell.value is not None} == {"Arial"}, sheet.title
        assert all(cell.font.bold and cell.alignment.wrap_text for cell in headers[:-1])
        assert_header_row_fits(sheet)


def printed_sizes(page: PageObject) -> list[float]:
    """The printed size (pt) of every piece of text on a PDF page."""
    sizes = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                          tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            sizes.append(size * abs(a * d - b * c) ** 0.5)

    page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_workbook_landscape_and_legible(workbooks, tmp_path):
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(workbooks["public"])], check=True, capture_output=True, timeout=180)
    pages = PdfReader(tmp_path / workbooks["public"].with_suffix(".pdf").name).pages
    assert all(float(page.mediabox.width) > float(page.mediabox.height) for page in pages)
    texts = [" ".join(page.extract_text().split()) for page in pages]
    summary = openpyxl.load_workbook(workbooks["public"])["Ringkasan"]
    across = summary.page_setup.fitToWidth
    printed = " ".join(texts[:across])
    assert all(" ".join(cell.value.split()) in printed for cell in summary[1])  # 32 columns
    assert all("Kode wilayah" in text for text in texts[:across])  # names on every page
    for number, text in enumerate(texts, start=1):  # the header row repeated on every page
        assert any(name in text for name in ("Wilayah", "Kabupaten/kota", "Butir")), number
    smallest = min(min(printed_sizes(page)) for page in pages)
    assert smallest >= 7, f"text printed at {smallest:.1f} pt"  # 4 pt when one page wide
    claims = [text for text in texts if "Penerima manfaat" in text]  # Klaim per kecamatan
    assert claims and all("x: disembunyikan untuk melindungi" in text for text in claims)


def test_monthly_active_counted_by_hand(workbooks):
    # Tanjab Timur at 31 Dec 2025: 3 MME in Alang-Alang + 2 MME in Lambur; the PR ended.
    december = [r for r in rows(workbooks["public"], "Peserta bulanan")
                if r["Kode wilayah"] == "15.07" and r["Bulan"] == datetime(2025, 12, 31)]
    assert [(r["MME"], r["PR"], r["Total"]) for r in december] == [(5, 0, 5)]


def test_attainment_equals_the_frame(dataset, workbooks):
    frame = attainment_by_district(dataset, Scope.resolve("15.07"), Quarter.parse(QUARTER))
    frame = frame.set_index("district_code")
    sheet = {r["Kode kecamatan"]: r for r in rows(workbooks["public"], "Capaian kecamatan")}
    row = sheet[MUARA_SABAK_TIMUR]
    assert row["Capaian total"] == pytest.approx(frame.loc[MUARA_SABAK_TIMUR, "attainment_total"])
    assert row["Peserta aktif MME"] == 5
    cell = openpyxl.load_workbook(workbooks["public"])["Capaian kecamatan"]["L2"]
    assert cell.number_format == "0.0%"


def claims_of(path, district):
    return next(r for r in rows(path, "Klaim per kecamatan") if r["Kode kecamatan"] == district)


def test_small_claim_counts_suppressed_for_the_public(workbooks):
    public = claims_of(workbooks["public"], MUARA_SABAK_TIMUR)
    # One marker, as text, for the count, its amount and its beneficiaries.
    assert (public["Jumlah klaim"], public["Nilai santunan"], public["Penerima manfaat"]) == \
        ("x", "x", "x")
    header = next(openpyxl.load_workbook(workbooks["public"])["Klaim per kecamatan"]
                  .iter_rows(min_row=1, max_row=1, values_only=True))
    assert any(text and "tidak memuatnya" in text for text in header)


def test_internal_workbook_is_not_suppressed(workbooks):
    internal = claims_of(workbooks["internal"], MUARA_SABAK_TIMUR)
    assert (internal["Jumlah klaim"], internal["Nilai santunan"]) == (2, 22_000_000)
    notes = {r["Butir"]: r["Keterangan"] for r in rows(workbooks["internal"], "Catatan")}
    assert notes["Khalayak"].startswith("Internal")
    assert notes["Data sintetis"].startswith("Ya")


def test_same_data_same_bytes(dataset, workbooks, tmp_path):
    again = write_workbook(figures_of(dataset), tmp_path, "public")
    assert again.read_bytes() == workbooks["public"].read_bytes()


@pytest.mark.parametrize("sheet_name, table", [
    ("Capaian kecamatan", attainment_by_district),
    ("Kesinambungan kecamatan", continuity_by_district),
    ("Anggaran kecamatan", budget_by_district),
])
def test_kecamatan_sheets_stack_each_regencys_own_table(dataset, sheet_name, table):
    sheet = next(s for s in build_sheets(figures_of(dataset), "public") if s.name == sheet_name)
    quarter = Quarter.parse(QUARTER)
    for regency in regency_scopes():
        rows_of = sheet.frame[sheet.frame["scope"] == regency.code]
        assert set(rows_of["scope_name"]) == {regency.name}
        own = table(dataset, regency, quarter)
        pd.testing.assert_frame_equal(
            rows_of.drop(columns=["scope", "scope_name"]).reset_index(drop=True), own)


def test_an_english_run_gets_an_english_workbook(dataset, workbooks, tmp_path):
    # The English run linked the Indonesian workbook, byte for byte, as its "Tables (Excel)".
    path = write_workbook(figures_of(dataset), tmp_path, "public", "en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Summary", "Monthly participants", "Attainment by district", "Continuity by district",
        "Monthly contributions", "Budget by district", "Claims by benefit",
        "Claims by district", "Coverage", "Index ranking", "Notes"]
    summary = [cell.value for cell in book["Summary"][1]]
    assert summary[1:3] == ["Area", "Villages"]
    assert "Contributions in the quarter" in summary and "Iuran triwulan" not in summary
    months = [cell.value for cell in book["Continuity by district"][1]][3:]
    assert months[-1] == "Dec 2025"
    notes = dict(row for row in book["Notes"].iter_rows(min_row=2, values_only=True))
    assert notes["Audience"] == "Public" and notes["Synthetic data"].startswith("Yes")
    assert "hidden to protect" in book["Claims by district"].cell(1, 9).value
    for sheet in book.worksheets:
        assert_prints_legibly(sheet, footer="Page &P of &N")
        assert sheet.oddHeader.right.text.startswith("DATA SINTETIS (SYNTHETIC DATA)")
    # the same figures as the Indonesian workbook's (names of benefits are translated)
    indonesian = openpyxl.load_workbook(workbooks["public"])

    def figures(sheet):
        return [[v for v in row if not isinstance(v, str)]
                for row in sheet.iter_rows(min_row=2, values_only=True)]

    for english, own in zip(book.worksheets[:-1], indonesian.worksheets[:-1], strict=True):
        assert figures(english) == figures(own), english.title
