"""A dataset that covers only some regencies: every report it can, and plain words on the rest."""

from __future__ import annotations

from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from builders import changed_copy
from rich.console import Console
from test_runner import small_notebooks  # noqa: F401 - the one-cell report templates

from analysis import report_sections as sections
from analysis.inputs.loading import load_dataset
from analysis.outputs.excel import write_workbook
from analysis.outputs.slides import write_slides
from analysis.reference.periods import Quarter
from analysis.reference.scope import regencies_in_data
from analysis.run import runner

KERINCI = "15.01"
QUARTER = Quarter.parse("2025Q4")


def _province_report_sections() -> list[str]:
    """The section calls of the province notebook, e.g. ``coverage``."""
    nb = nbformat.read(runner.REPORT_NOTEBOOKS["province"], as_version=4)
    calls = [cell.source.strip() for cell in nb.cells if cell.cell_type == "code"]
    return [call.removeprefix("sections.").removesuffix("(report)") for call in calls
            if call.startswith("sections.") and call.endswith("(report)")]


def regencies_only(source: Path, out: Path, codes: list[str]) -> Path:
    """A copy of the dataset folder ``source`` with the rows of the regencies ``codes`` only."""
    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        column = next((c for c in ("village_code", "regency_code") if c in frame.columns), None)
        return frame[frame[column].str[:5].isin(codes)] if column else frame
    return changed_copy(source, out, keep)


@pytest.fixture(scope="module")
def kerinci_only(demo_dir, tmp_path_factory) -> Path:
    """The demo with the rows of Kab. Kerinci only, as a pilot's export would be."""
    return regencies_only(demo_dir, tmp_path_factory.mktemp("kerinci-only"), [KERINCI])


def test_only_the_regencies_with_rows_are_covered(kerinci_only, demo_dataset):
    assert regencies_in_data(load_dataset(kerinci_only)) == [KERINCI]
    assert len(regencies_in_data(demo_dataset)) == 11


def test_province_report_and_slides_render_and_name_the_missing_regencies(kerinci_only,
                                                                          tmp_path):
    report = sections.open_report("15", QUARTER.label, str(kerinci_only))
    html = "".join(getattr(sections, name)(report).data for name in _province_report_sections())
    assert "DATA SEBAGIAN" in html
    assert "hanya memuat 1 dari 11 kabupaten/kota" in html
    assert "Kab. Merangin" in html and "Kota Sungai Penuh" in html.split("DATA SEBAGIAN")[1]
    html_path, pdf_path = write_slides(report.figures, tmp_path, "id")
    slides = html_path.read_text(encoding="utf-8")
    assert slides.count("DATA SEBAGIAN") >= 10  # the banner of every slide
    assert "hanya memuat 1 dari 11 kabupaten/kota" in slides and "Kab. Merangin" in slides
    assert pdf_path.stat().st_size > 0


def test_workbook_marks_every_page_and_names_the_missing_regencies(kerinci_only, tmp_path):
    report = sections.open_report("15", QUARTER.label, str(kerinci_only))
    book = openpyxl.load_workbook(write_workbook(report.figures, tmp_path))
    notes = {row[0]: row[1] for row in book["Catatan"].iter_rows(values_only=True)}
    assert "hanya memuat 1 dari 11 kabupaten/kota" in notes["DATA SEBAGIAN"]
    assert all("DATA SEBAGIAN" in sheet.oddHeader.right.text for sheet in book.worksheets)


def test_complete_data_carry_no_partial_mark(demo_dataset, tmp_path):
    report = sections.open_report("15", QUARTER.label)
    book = openpyxl.load_workbook(write_workbook(report.figures, tmp_path))
    notes = book["Catatan"].iter_rows(values_only=True)
    assert not any("DATA SEBAGIAN" in str(row) for row in notes)
    assert "DATA SEBAGIAN" not in write_slides(report.figures, tmp_path, "id")[0].read_text()


def test_report_of_a_regency_without_rows_says_so(kerinci_only):
    report = sections.open_report("15.02", QUARTER.label, str(kerinci_only), lang="en")
    assert "has no rows for Kab. Merangin" in sections.title_block(report).data
    kerinci = sections.open_report(KERINCI, QUARTER.label, str(kerinci_only))
    assert "DATA SEBAGIAN" not in sections.title_block(kerinci).data


def test_run_renders_the_covered_reports_and_names_the_others(kerinci_only, small_notebooks,  # noqa: F811
                                                              tmp_path):
    out = tmp_path / "reports"
    request = runner.ReportRequest(data=kerinci_only, regencies=[KERINCI, "15.02", "15"],
                                   out=out, formats=("html",), jobs=1)
    console = Console(record=True, width=250)
    assert runner.run_reports(request, console) == 0
    text = console.export_text()
    assert "No data for 1 region(s)" in text and "Kab. Merangin" in text
    assert "1502-kab-merangin │ no data" in text
    period_dir = out / QUARTER.label
    assert (period_dir / "1501-kab-kerinci.html").exists()
    assert (period_dir / "15-provinsi-jambi.html").exists()
    assert not (period_dir / "1502-kab-merangin.html").exists()
