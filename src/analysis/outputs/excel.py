"""The period's Excel workbook: the main tables of the reports, one sheet each.

Headers are Indonesian; numbers stay numbers with Excel number formats (the reader's Excel
shows its own separators). Claims per kecamatan are suppressed for the public audience.
The file is deterministic: the same data give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analysis.atomic import write_bytes
from analysis.disclosure.claims import COLUMNS, QUARTER_TABLE
from analysis.disclosure.pattern import HiddenCells, hidden_cells, hidden_mask
from analysis.disclosure.suppression import from_mask, marker
from analysis.inputs.dataset import Dataset
from analysis.metrics import catalog
from analysis.metrics.benefits import claims_by_benefit, claims_by_district
from analysis.metrics.composite import COMPONENTS, ranking_table
from analysis.metrics.contributions import (
    budget_by_district,
    continuity_by_district,
    monthly_contributions,
)
from analysis.metrics.coverage import coverage_comparison
from analysis.metrics.enrolment import attainment_by_district, monthly_active
from analysis.metrics.quarter_figures import QuarterFigures
from analysis.outputs.naming import workbook_name
from analysis.outputs.sheets import (
    A4_PAPER,
    DECIMAL,
    FONT_NAME,
    HEADER_COLOUR,
    INT,
    LINE_HEIGHT_PT,
    MONTH,
    PAGE_MARKS,
    PERCENT,
    RUPIAH,
    SCORE,
    TEXT,
    Column,
    Sheet,
    column_width,
    header_lines,
    header_width,
    name_columns,
    page_footer,
    row_lines,
    sheet_pages_wide,
    text_width,
)
from analysis.reference.geography import districts, province_code
from analysis.reference.parameters import disclosure_threshold, index_weights, load_parameters
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope, regency_scopes
from analysis.report_sections.summary import partial_data_note
from analysis.text.formatting import (
    format_date,
    format_month,
    format_percent,
    format_quarter,
    label,
)
from analysis.text.messages import message

HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOUR)
HEADER_FONT = Font(name=FONT_NAME, bold=True)
BODY_FONT = Font(name=FONT_NAME)


def _scopes() -> list[Scope]:
    """The province and the 11 regencies, in report order."""
    return [Scope.province(), *regency_scopes()]


def _per_scope(build: Callable[[Scope], pd.DataFrame], scopes: list[Scope]):
    """One frame per scope, stacked, with the scope's code and name in front."""
    frames = []
    for scope in scopes:
        frame = build(scope)
        frame.insert(0, "scope_name", scope.name)
        frame.insert(0, "scope", scope.code)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _per_regency(table: pd.DataFrame) -> pd.DataFrame:
    """A table per kecamatan of the whole province, stacked as ``_per_scope`` stacks the
    regencies' own tables: a kecamatan has the same row in both, and one table of the province
    is computed much faster than eleven."""
    regency = table["district_code"].map(districts().set_index("district_code")["regency_code"])
    return _per_scope(lambda scope: table[regency == scope.code].reset_index(drop=True),
                      regency_scopes())


def _metric(key: str, number_format: str = TEXT) -> Column:
    """A column of a metric, headed by its catalog label."""
    return Column(key, label(key), number_format)


SCOPE_COLUMNS = [_metric("scope"), Column("scope_name", "Wilayah")]
REGENCY_COLUMNS = [Column("scope", "Kode kab/kota"), Column("scope_name", "Kabupaten/kota")]
DISTRICT_COLUMNS = [Column("district_code", "Kode kecamatan"), Column("district_name", "Kecamatan")]


def _summary_rows(metrics_by_scope: dict[str, dict]) -> pd.DataFrame:
    """One row per scope with the headline metrics of metrics.json."""
    rows = []
    for scope in _scopes():
        m = metrics_by_scope[scope.code]
        claims = m["claims_in_period"]
        index = m.get("index") or {}
        rows.append({
            "scope": scope.code, "scope_name": m["scope_name"], "villages": m["villages"],
            **{f"active_{c}": m["active"][c] for c in ("MME", "PR", "total")},
            "active_prev_quarter": m["active_prev_quarter"]["total"],
            "active_prev_year": m["active_prev_year"]["total"],
            "growth_qoq": m["growth_qoq"], "growth_yoy": m["growth_yoy"],
            "new": m["new"]["total"], "exits": m["exits"]["total"],
            "target": m["target"]["total"],
            **{f"attainment_{c}": m["attainment"][c] for c in ("MME", "PR", "total")},
            "villages_on_target": m["villages_on_target"],
            "continuity": m["continuity"],
            "contributions_in_period": m["contributions_in_period"],
            "contributions_cumulative": m["contributions_cumulative"],
            "budget_realization_ytd": m["budget_realization_ytd"],
            "claims_count": claims["count"], "claims_amount": claims["amount"],
            "santunan_cumulative": m["santunan_cumulative"],
            "benefit_contribution_ratio": m["benefit_contribution_ratio"],
            "median_days_to_payment": m["median_days_to_payment"],
            "coverage_year": m["coverage"]["year"],
            **{f"coverage_{k}": m["coverage"][k] for k in ("formal", "informal", "total")},
            "index_score": index.get("score"), "index_rank": index.get("rank"),
        })
    return pd.DataFrame(rows)


SUMMARY_COLUMNS = SCOPE_COLUMNS + [
    Column("villages", "Desa/kelurahan", INT),
    _metric("active_MME", INT),
    _metric("active_PR", INT),
    _metric("active_total", INT),
    _metric("active_prev_quarter", INT),
    _metric("active_prev_year", INT),
    _metric("growth_qoq", PERCENT),
    _metric("growth_yoy", PERCENT),
    Column("new", "Peserta baru dalam triwulan", INT),
    Column("exits", "Peserta keluar dalam triwulan", INT),
    Column("target", "Target peserta", INT),
    _metric("attainment_MME", PERCENT),
    _metric("attainment_PR", PERCENT),
    _metric("attainment_total", PERCENT),
    _metric("villages_on_target", INT),
    Column("continuity", "Kesinambungan iuran", PERCENT),
    Column("contributions_in_period", "Iuran triwulan", RUPIAH),
    _metric("contributions_cumulative", RUPIAH),
    _metric("budget_realization_ytd", PERCENT),
    Column("claims_count", "Jumlah klaim triwulan", INT),
    Column("claims_amount", "Santunan triwulan", RUPIAH),
    _metric("santunan_cumulative", RUPIAH),
    _metric("benefit_contribution_ratio", PERCENT),
    _metric("median_days_to_payment", DECIMAL),
    _metric("coverage_year", "0"),
    _metric("coverage_formal", PERCENT),
    _metric("coverage_informal", PERCENT),
    _metric("coverage_total", PERCENT),
    Column("index_score", "Skor indeks kinerja", SCORE),
    _metric("index_rank", "0"),
]

CATEGORY_COUNTS = [Column("month", "Bulan", MONTH), Column("MME", "MME", INT),
                   Column("PR", "PR", INT), Column("total", "Total", INT)]
CATEGORY_AMOUNTS = [Column("month", "Bulan", MONTH), Column("MME", "MME (Rp)", RUPIAH),
                    Column("PR", "PR (Rp)", RUPIAH), Column("total", "Total (Rp)", RUPIAH)]
ATTAINMENT_COLUMNS = REGENCY_COLUMNS + DISTRICT_COLUMNS + [
    Column("villages", "Desa/kelurahan", INT),
    _metric("active_MME", INT),
    _metric("active_PR", INT),
    _metric("target_MME", INT),
    _metric("target_PR", INT),
    _metric("attainment_MME", PERCENT),
    _metric("attainment_PR", PERCENT),
    _metric("attainment_total", PERCENT),
]
BUDGET_COLUMNS = REGENCY_COLUMNS + DISTRICT_COLUMNS + [
    Column("allocation", "Alokasi BKBK untuk iuran", RUPIAH),
    _metric("contributions_ytd", RUPIAH),
    Column("realization", "Realisasi", PERCENT),
]
BENEFIT_COLUMNS = SCOPE_COLUMNS + [
    Column("program", "Program"),
    Column("benefit", "Jenis manfaat"),
    Column("count", "Jumlah klaim", INT),
    Column("amount", "Nilai santunan", RUPIAH),
]
CLAIMS_DISTRICT_COLUMNS = REGENCY_COLUMNS + DISTRICT_COLUMNS + [
    Column("count", "Jumlah klaim", INT),
    Column("amount", "Nilai santunan", RUPIAH),
    Column("beneficiaries", "Penerima manfaat", INT),
]
COVERAGE_COLUMNS = [
    Column("scope_code", "Kode wilayah"),
    Column("name", "Wilayah"),
    Column("year", "Tahun data tenaga kerja", "0"),
    Column("formal", "Cakupan formal", PERCENT),
    Column("informal", "Cakupan informal", PERCENT),
    Column("total", "Cakupan total", PERCENT),
]
RANKING_COLUMNS = [
    Column("rank", "Peringkat", "0"),
    Column("regency_code", "Kode kab/kota"),
    Column("regency_name", "Kabupaten/kota"),
    Column("score", "Skor (0-100)", SCORE),
    *(Column(name, label(name), PERCENT) for name in COMPONENTS),
    *(Column(f"{name}_scaled", f"{label(name)} (skala 0-1)", "0.00") for name in COMPONENTS),
]


def _continuity_sheet(dataset: Dataset, quarter: Quarter) -> Sheet:
    """Continuity by kecamatan and month; month columns get Indonesian month names."""
    frame = _per_regency(continuity_by_district(dataset, Scope.province(), quarter))
    months = [c for c in frame.columns if re.fullmatch(r"\d{4}-\d{2}", str(c))]
    columns = REGENCY_COLUMNS + [Column("district_name", "Kecamatan")] + [
        Column(month, format_month(f"{month}-01", lang="id", short=True), PERCENT)
        for month in months
    ]
    return Sheet("Kesinambungan kecamatan", frame, columns)


def claims_in_districts(dataset: Dataset, scope: Scope, quarter: Quarter,
                        cells: HiddenCells | None) -> pd.DataFrame:
    """Claims per kecamatan of a regency with the run's hidden cells as the marker (text
    cells); ``cells`` None shows every figure (internal audience)."""
    table = claims_by_district(dataset, scope, quarter)
    hidden = hidden_mask(cells, QUARTER_TABLE, scope.code, table["district_code"], COLUMNS)
    return from_mask(table, hidden).display()


def suppressed_note() -> str:
    """The line a sheet with hidden cells carries."""
    return (f"{marker()}: disembunyikan untuk melindungi jumlah klaim atau penerima manfaat "
            f"di bawah {disclosure_threshold()}. Sel {marker()} berisi teks, sehingga jumlah "
            f"kolom (SUM) tidak memuatnya: total kabupaten/kota ada di sheet Ringkasan.")


def benefits_named(table: pd.DataFrame) -> pd.DataFrame:
    """Benefit codes replaced by their Indonesian names (``kematian`` -> Santunan kematian)."""
    return table.assign(benefit=table["benefit"].map(label))


def build_sheets(figures: QuarterFigures, audience: str) -> list[Sheet]:
    """The workbook's data sheets, in order."""
    dataset, quarter = figures.dataset, figures.quarter
    scopes, regencies, province = _scopes(), regency_scopes(), Scope.province()
    cells = hidden_cells(dataset, quarter, figures.folder) if audience == "public" else None
    claims = _per_scope(lambda s: claims_in_districts(dataset, s, quarter, cells), regencies)
    return [
        Sheet("Ringkasan", _summary_rows(figures.metrics), SUMMARY_COLUMNS),
        Sheet("Peserta bulanan",
              _per_scope(lambda s: monthly_active(dataset, s, quarter), scopes),
              SCOPE_COLUMNS + CATEGORY_COUNTS),
        Sheet("Capaian kecamatan",
              _per_regency(attainment_by_district(dataset, province, quarter)),
              ATTAINMENT_COLUMNS),
        _continuity_sheet(dataset, quarter),
        Sheet("Iuran bulanan",
              _per_scope(lambda s: monthly_contributions(dataset, s, quarter), scopes),
              SCOPE_COLUMNS + CATEGORY_AMOUNTS),
        Sheet("Anggaran kecamatan",
              _per_regency(budget_by_district(dataset, province, quarter)),
              BUDGET_COLUMNS),
        Sheet("Klaim per manfaat",
              _per_scope(lambda s: benefits_named(claims_by_benefit(dataset, s, quarter)),
                         scopes),
              BENEFIT_COLUMNS),
        Sheet("Klaim per kecamatan", claims, CLAIMS_DISTRICT_COLUMNS,
              suppressed_note() if cells is not None else ""),
        Sheet("Cakupan", coverage_comparison(dataset, province, quarter),
              COVERAGE_COLUMNS),
        Sheet("Peringkat indeks", ranking_table(figures.metrics[province_code()]),
              RANKING_COLUMNS, names=3),  # rank, code, name
    ]


NOTES_COLUMNS = [Column("item", "Butir"), Column("text", "Keterangan", wrap=True)]


def notes_sheet(dataset: Dataset, quarter: Quarter, audience: str, partial: str = "") -> Sheet:
    """The "Catatan" sheet: what the workbook holds, where the data come from, definitions;
    ``partial`` says what a partial dataset leaves out."""
    meta = dataset.meta
    params = load_parameters()
    weights = ", ".join(f"{label(key)} {format_percent(weight, digits=0)}"
                        for key, weight in index_weights().items())
    index_text = catalog.definition("index.score", **catalog.parameter_values(quarter.end))
    public = audience == "public"
    rows = [
        ("Judul", f"{params['province']['programme']}, {params['province']['name']}"),
        ("Periode", f"{format_quarter(quarter.label)} ({quarter.label}): "
                    f"{format_date(quarter.start)} s.d. {format_date(quarter.end)}"),
        ("Data", meta.name),
        ("Sumber data", meta.source),
        (label("as_of"), format_date(meta.as_of)),
        (label("synthetic"), "Ya: angka buatan, bukan data resmi" if meta.synthetic else "Tidak"),
        *([(message("sections.title.partial_banner", "id"), partial)] if partial else []),
        ("Khalayak", "Publik" if public else "Internal: tanpa penyembunyian angka kecil, "
                                              "tidak untuk publikasi"),
        ("Penyembunyian angka kecil",
         f"Jumlah klaim atau penerima manfaat di bawah {disclosure_threshold()} per kecamatan, "
         f"nilai santunannya, dan sel lain yang dapat membukanya ditampilkan sebagai "
         f"{marker()} (satu tanda untuk semua sel yang disembunyikan; lihat "
         f"docs/methodology.md). Sel {marker()} berisi teks dan tidak ikut dijumlah."
         if public else "Tidak diterapkan (khalayak internal)."),
        *catalog.definitions(catalog.explained(), "id", quarter.end),
        (label("index"), f"{index_text} {label('index.weights')}: {weights}."),
        ("Rasio", "Ditulis sebagai pecahan dengan format persen; kosong bila penyebutnya nol."),
        ("Sumber parameter", "; ".join(sorted({b['source'] for key in
                                               ('contribution_rates', 'village_targets', 'bkbk')
                                               for b in params[key]}))),
    ]
    return Sheet("Catatan", pd.DataFrame(rows, columns=["item", "text"]), NOTES_COLUMNS)


def _page_setup(worksheet: Worksheet, sheet: Sheet, widths: list[float], mark: str) -> None:
    """Print on A4 landscape, as many pages wide as keep the text legible,
    header row and name columns on every page, ``mark`` (e.g. DATA SINTETIS) in the page
    header and page numbers in the footer."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = A4_PAPER
    worksheet.page_setup.fitToWidth = sheet_pages_wide(sheet, widths)
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = "1:1"
    worksheet.print_title_cols = f"A:{get_column_letter(name_columns(sheet))}"
    worksheet.print_area = f"A1:{get_column_letter(len(widths))}{worksheet.max_row}"
    worksheet.oddHeader.right.text = mark
    worksheet.oddFooter.right.text = page_footer()


def _write_sheet(sheet: Sheet, worksheet: Worksheet, mark: str) -> None:
    """Number formats, a sans font, bold wrapped header row tall enough for its lines, frozen
    header row and name columns, an autofilter, fitted column widths and the page setup."""
    lines = 1
    widths = []
    tall_rows = any(column.wrap for column in sheet.columns)  # cells then start at the top
    for position, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(position)
        header = worksheet.cell(row=1, column=position)
        header.font = HEADER_FONT
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        widest = header_width(column.header)
        for row in range(2, worksheet.max_row + 1):
            cell = worksheet.cell(row=row, column=position)
            cell.font = BODY_FONT
            if cell.value is not None and not isinstance(cell.value, str) \
                    and column.number_format != TEXT:
                cell.number_format = column.number_format
            if tall_rows:
                cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
            widest = max(widest, _display_width(cell.value, column.number_format))
        width = column_width(widest, column.wrap)
        worksheet.column_dimensions[letter].width = width
        widths.append(width)
        lines = max(lines, header_lines(column.header, width))
    worksheet.row_dimensions[1].height = LINE_HEIGHT_PT * lines
    for row, lines in enumerate(row_lines(sheet, widths), start=2):
        if lines > 1:
            worksheet.row_dimensions[row].height = LINE_HEIGHT_PT * lines
    worksheet.freeze_panes = worksheet.cell(row=2, column=name_columns(sheet) + 1).coordinate
    last = get_column_letter(len(sheet.columns))
    worksheet.auto_filter.ref = f"A1:{last}{max(worksheet.max_row, 2)}"
    _page_setup(worksheet, sheet, widths, mark)
    if sheet.note:
        note = worksheet.cell(row=1, column=len(sheet.columns) + 2, value=sheet.note)
        note.font = Font(name=FONT_NAME, italic=True)


def _display_width(value: object, number_format: str) -> float:
    """Characters Excel needs to show a value in a number format (an estimate)."""
    if value is None:
        return 0
    if number_format == MONTH:
        return 8
    if isinstance(value, int | float) and number_format in (INT, RUPIAH, DECIMAL):
        digits = len(f"{abs(value):,.0f}") + (2 if number_format == DECIMAL else 0)
        return digits + (3 if number_format == RUPIAH else 0) + (value < 0)
    if isinstance(value, float) and number_format == PERCENT:
        return len(f"{value:.1%}")
    return text_width(str(value))


def _frame_for(sheet: Sheet) -> pd.DataFrame:
    """The sheet's columns in order, renamed to their headers."""
    frame = sheet.frame[[c.source for c in sheet.columns]]
    return frame.set_axis([c.header for c in sheet.columns], axis=1)


def workbook_bytes(sheets: list[Sheet], stamp: date, mark: str = "") -> bytes:
    """The .xlsx file of ``sheets``, dated ``stamp``, ``mark`` on every printed page."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet in sheets:
            _frame_for(sheet).to_excel(writer, sheet_name=sheet.name, index=False)
            _write_sheet(sheet, writer.sheets[sheet.name], mark)
    return _fixed_dates(buffer.getvalue(), stamp)


def _fixed_dates(xlsx: bytes, stamp: date) -> bytes:
    """Rewrite the zip with ``stamp`` as every entry's time and the document's dates."""
    iso = f"{stamp.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso,
                                 content)
            entry = zipfile.ZipInfo(info.filename, date_time=(*stamp.timetuple()[:3], 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def write_workbook(figures: QuarterFigures, period_dir: Path, audience: str = "public") -> Path:
    """Write the period's workbook into ``period_dir`` atomically and return its path."""
    dataset, quarter = figures.dataset, figures.quarter
    partial = partial_data_note(dataset, Scope.province(), "id")
    sheets = [*build_sheets(figures, audience), notes_sheet(dataset, quarter, audience, partial)]
    marks = [PAGE_MARKS["synthetic"]] if dataset.meta.synthetic else []
    marks += [PAGE_MARKS["internal"]] if audience == "internal" else []
    if partial:
        marks.append(message("sections.title.partial_banner", "id"))
    data = workbook_bytes(sheets, dataset.meta.as_of, " · ".join(marks))
    out = Path(period_dir) / workbook_name(quarter.label)
    write_bytes(out, data)
    return out
