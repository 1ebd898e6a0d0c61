"""The period's Excel workbook: the main tables of the reports, one sheet each.

Headers and notes are in the run's language (Indonesian by default); numbers stay numbers with
Excel number formats (the reader's Excel shows its own separators). Claims per kecamatan are
suppressed for the public audience. The file is deterministic: the same data give the same
bytes.
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
    PERCENT,
    RUPIAH,
    SCORE,
    TEXT,
    Column,
    Sheet,
    column_pixels,
    column_width,
    header_lines,
    header_width,
    name_columns,
    page_footer,
    printed_note,
    row_lines,
    sheet_pages_wide,
    text_width,
)
from analysis.reference.geography import districts, province_code
from analysis.reference.parameters import (
    disclosure_threshold,
    in_language,
    index_weights,
    load_parameters,
)
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope, new_villages_without_rows, regency_scopes
from analysis.report_sections.summary import partial_data_note
from analysis.text import narrative
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


def _say(key: str, lang: str, **values: str) -> str:
    return message(f"workbook.{key}", lang, **values)


def _metric(key: str, lang: str, number_format: str = TEXT) -> Column:
    """A column of a metric, headed by its catalog label."""
    return Column(key, label(key, lang), number_format)


def _scope_columns(lang: str) -> list[Column]:
    return [_metric("scope", lang), Column("scope_name", _say("area", lang))]


def _regency_columns(lang: str) -> list[Column]:
    return [Column("scope", _say("regency_code", lang)),
            Column("scope_name", _say("regency", lang))]


def _district_columns(lang: str) -> list[Column]:
    return [Column("district_code", _say("district_code", lang)),
            Column("district_name", _say("district", lang))]


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


def _summary_columns(lang: str) -> list[Column]:
    def metric(key: str, number_format: str = TEXT) -> Column:
        return _metric(key, lang, number_format)

    def own(key: str, number_format: str) -> Column:
        return Column(key, _say(key, lang), number_format)

    return _scope_columns(lang) + [
        own("villages", INT),
        *(metric(f"active_{c}", INT) for c in ("MME", "PR", "total")),
        metric("active_prev_quarter", INT),
        metric("active_prev_year", INT),
        metric("growth_qoq", PERCENT),
        metric("growth_yoy", PERCENT),
        own("new", INT),
        own("exits", INT),
        own("target", INT),
        *(metric(f"attainment_{c}", PERCENT) for c in ("MME", "PR", "total")),
        metric("villages_on_target", INT),
        own("continuity", PERCENT),
        own("contributions_in_period", RUPIAH),
        metric("contributions_cumulative", RUPIAH),
        metric("budget_realization_ytd", PERCENT),
        own("claims_count", INT),
        own("claims_amount", RUPIAH),
        metric("santunan_cumulative", RUPIAH),
        metric("benefit_contribution_ratio", PERCENT),
        metric("median_days_to_payment", DECIMAL),
        metric("coverage_year", "0"),
        *(metric(f"coverage_{k}", PERCENT) for k in ("formal", "informal", "total")),
        own("index_score", SCORE),
        metric("index_rank", "0"),
    ]


def _by_month(lang: str, number_format: str) -> list[Column]:
    """Month, MME, PR and total: counts, or Rupiah (headers then say so)."""
    def head(name: str) -> str:
        return _say("rupiah", lang, name=name) if number_format == RUPIAH else name

    return [Column("month", _say("month", lang), MONTH),
            *(Column(key, head(key if key != "total" else label("total", lang)),
                     number_format) for key in ("MME", "PR", "total"))]


def _attainment_columns(lang: str) -> list[Column]:
    return _regency_columns(lang) + _district_columns(lang) + [
        Column("villages", _say("villages", lang), INT),
        *(_metric(key, lang, INT) for key in ("active_MME", "active_PR", "target_MME",
                                              "target_PR")),
        *(_metric(f"attainment_{c}", lang, PERCENT) for c in ("MME", "PR", "total")),
    ]


def _budget_columns(lang: str) -> list[Column]:
    return _regency_columns(lang) + _district_columns(lang) + [
        Column("allocation", _say("allocation", lang), RUPIAH),
        _metric("contributions_ytd", lang, RUPIAH),
        Column("realization", _say("realization", lang), PERCENT),
    ]


def _benefit_columns(lang: str) -> list[Column]:
    return _scope_columns(lang) + [
        Column("program", _say("program", lang)),
        Column("benefit", _say("benefit", lang)),
        Column("count", _say("claims", lang), INT),
        Column("amount", _say("amount", lang), RUPIAH),
    ]


def _claims_district_columns(lang: str) -> list[Column]:
    return _regency_columns(lang) + _district_columns(lang) + [
        Column("count", _say("claims", lang), INT),
        Column("amount", _say("amount", lang), RUPIAH),
        Column("beneficiaries", _say("beneficiaries", lang), INT),
    ]


def _coverage_columns(lang: str) -> list[Column]:
    return [
        Column("scope_code", _say("area_code", lang)),
        Column("name", _say("area", lang)),
        Column("year", _say("workforce_year", lang), "0"),
        *(Column(k, _say(f"coverage_{k}", lang), PERCENT)
          for k in ("formal", "informal", "total")),
    ]


def _ranking_columns(lang: str) -> list[Column]:
    return [
        Column("rank", _say("rank", lang), "0"),
        Column("regency_code", _say("regency_code", lang)),
        Column("regency_name", _say("regency", lang)),
        Column("score", _say("score", lang), SCORE),
        *(Column(name, label(name, lang), PERCENT) for name in COMPONENTS),
        *(Column(f"{name}_scaled", _say("scaled", lang, name=label(name, lang)), "0.00")
          for name in COMPONENTS),
    ]


def _continuity_sheet(dataset: Dataset, quarter: Quarter, lang: str) -> Sheet:
    """Continuity by kecamatan and month; month columns get the language's month names."""
    frame = _per_regency(continuity_by_district(dataset, Scope.province(), quarter))
    months = [c for c in frame.columns if re.fullmatch(r"\d{4}-\d{2}", str(c))]
    columns = _regency_columns(lang) + [Column("district_name", _say("district", lang))] + [
        Column(month, format_month(f"{month}-01", lang=lang, short=True), PERCENT)
        for month in months
    ]
    return Sheet(_say("sheets.continuity", lang), frame, columns)


def claims_in_districts(dataset: Dataset, scope: Scope, quarter: Quarter,
                        cells: HiddenCells | None) -> pd.DataFrame:
    """Claims per kecamatan of a regency with the run's hidden cells as the marker (text
    cells); ``cells`` None shows every figure (internal audience)."""
    table = claims_by_district(dataset, scope, quarter)
    hidden = hidden_mask(cells, QUARTER_TABLE, scope.code, table["district_code"], COLUMNS)
    return from_mask(table, hidden).display()


def suppressed_note(lang: str = "id") -> str:
    """The line a sheet with hidden cells carries."""
    return _say("suppressed", lang, marker=marker(), threshold=str(disclosure_threshold()),
                summary=_say("sheets.summary", lang))


def benefits_named(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Benefit codes replaced by their names (``kematian`` -> Santunan kematian)."""
    return table.assign(benefit=table["benefit"].map(lambda code: label(code, lang)))


def build_sheets(figures: QuarterFigures, audience: str, lang: str = "id") -> list[Sheet]:
    """The workbook's data sheets, in order."""
    dataset, quarter = figures.dataset, figures.quarter
    scopes, regencies, province = _scopes(), regency_scopes(), Scope.province()
    cells = hidden_cells(dataset, quarter, figures.folder) if audience == "public" else None
    claims = _per_scope(lambda s: claims_in_districts(dataset, s, quarter, cells), regencies)

    def sheet(key: str, frame: pd.DataFrame, columns: list[Column], **more) -> Sheet:
        return Sheet(_say(f"sheets.{key}", lang), frame, columns, **more)

    return [
        sheet("summary", _summary_rows(figures.metrics), _summary_columns(lang)),
        sheet("monthly_active", _per_scope(lambda s: monthly_active(dataset, s, quarter),
                                           scopes),
              _scope_columns(lang) + _by_month(lang, INT)),
        sheet("attainment", _per_regency(attainment_by_district(dataset, province, quarter)),
              _attainment_columns(lang)),
        _continuity_sheet(dataset, quarter, lang),
        sheet("contributions",
              _per_scope(lambda s: monthly_contributions(dataset, s, quarter), scopes),
              _scope_columns(lang) + _by_month(lang, RUPIAH)),
        sheet("budget", _per_regency(budget_by_district(dataset, province, quarter)),
              _budget_columns(lang)),
        sheet("benefits",
              _per_scope(lambda s: benefits_named(claims_by_benefit(dataset, s, quarter), lang),
                         scopes),
              _benefit_columns(lang)),
        sheet("claims", claims, _claims_district_columns(lang),
              note=suppressed_note(lang) if cells is not None else ""),
        sheet("coverage", coverage_comparison(dataset, province, quarter),
              _coverage_columns(lang)),
        sheet("ranking", ranking_table(figures.metrics[province_code()]),
              _ranking_columns(lang), names=3),  # rank, code, name
    ]


def notes_sheet(dataset: Dataset, quarter: Quarter, audience: str, partial: str = "",
                lang: str = "id") -> Sheet:
    """The notes sheet: what the workbook holds, where the data come from, definitions;
    ``partial`` says what a partial dataset leaves out."""
    meta = dataset.meta
    params = load_parameters()
    weights = ", ".join(f"{label(key, lang)} {format_percent(weight, digits=0, lang=lang)}"
                        for key, weight in index_weights().items())
    index_text = catalog.definition("index.score", lang,
                                    **catalog.parameter_values(quarter.end))

    def say(key: str, **values: str) -> str:
        return _say(f"notes.{key}", lang, **values)

    public = audience == "public"
    rows = [
        (say("title"), f"{params['province']['programme']}, {params['province']['name']}"),
        (say("period"), say("period_text", quarter=format_quarter(quarter.label, lang),
                            label=quarter.label, start=format_date(quarter.start, lang),
                            end=format_date(quarter.end, lang))),
        (say("data"), meta.name),
        (say("source"), meta.source),
        (message("sections.title.coding", lang), narrative.region_codes(
            province_code(), lang, len(new_villages_without_rows(dataset, province_code())))),
        (label("as_of", lang), format_date(meta.as_of, lang)),
        (label("synthetic", lang), say("synthetic_yes" if meta.synthetic else "synthetic_no")),
        *([(message("sections.title.partial_banner", lang), partial)] if partial else []),
        (say("audience"), say("public" if public else "internal")),
        (say("suppression"),
         say("suppression_public", threshold=str(disclosure_threshold()), marker=marker())
         if public else say("suppression_internal")),
        *catalog.definitions(catalog.explained(), lang, quarter.end),
        (label("index", lang), f"{index_text} {label('index.weights', lang)}: {weights}."),
        (say("ratio"), say("ratio_text")),
        (say("parameters"), "; ".join(sorted({in_language(b, "source", lang) for key in
                                              ('contribution_rates', 'village_targets', 'bkbk')
                                              for b in params[key]}))),
    ]
    return Sheet(_say("sheets.notes", lang), pd.DataFrame(rows, columns=["item", "text"]),
                 [Column("item", _say("item", lang)),
                  Column("text", _say("text", lang), wrap=True)])


def _page_setup(worksheet: Worksheet, sheet: Sheet, widths: list[float], mark: str,
                lang: str) -> None:
    """Print on A4 landscape, as many pages wide as keep the text legible,
    header row and name columns on every page, ``mark`` (e.g. DATA SINTETIS) in the page
    header, page numbers and the first sentence of the sheet's note in the footer."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = A4_PAPER
    worksheet.page_setup.fitToWidth = sheet_pages_wide(sheet, widths)
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = "1:1"
    worksheet.print_title_cols = f"A:{get_column_letter(name_columns(sheet))}"
    worksheet.print_area = f"A1:{get_column_letter(len(widths))}{worksheet.max_row}"
    worksheet.oddHeader.right.text = mark
    worksheet.oddFooter.right.text = page_footer(lang)
    if sheet.note and (note := printed_note(sheet.note)):
        worksheet.oddFooter.left.text = note  # the marker's legend prints with its cells
        worksheet.oddFooter.left.size = 8


def _write_sheet(sheet: Sheet, worksheet: Worksheet, mark: str, lang: str) -> None:
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
            numeric = column.number_format != TEXT
            marker = numeric and isinstance(cell.value, str)  # right-aligned under numbers
            if numeric and cell.value is not None and not marker:
                cell.number_format = column.number_format
            if marker or tall_rows:
                cell.alignment = Alignment(horizontal="right" if marker else None,
                                           wrap_text=column.wrap,
                                           vertical="top" if tall_rows else None)
            widest = max(widest, _display_width(cell.value, column.number_format))
        width = column_width(widest, column.wrap)
        worksheet.column_dimensions[letter].width = width
        widths.append(width)
        lines = max(lines, header_lines(column.header, column_pixels(width, padded=False)))
    worksheet.row_dimensions[1].height = LINE_HEIGHT_PT * lines
    for row, needed in enumerate(row_lines(sheet, widths), start=2):
        if needed > 1:
            worksheet.row_dimensions[row].height = LINE_HEIGHT_PT * needed
    worksheet.freeze_panes = worksheet.cell(row=2, column=name_columns(sheet) + 1).coordinate
    last = get_column_letter(len(sheet.columns))
    worksheet.auto_filter.ref = f"A1:{last}{max(worksheet.max_row, 2)}"
    _page_setup(worksheet, sheet, widths, mark, lang)
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


def workbook_bytes(sheets: list[Sheet], stamp: date, mark: str = "", lang: str = "id") -> bytes:
    """The .xlsx file of ``sheets``, dated ``stamp``, ``mark`` on every printed page."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet in sheets:
            _frame_for(sheet).to_excel(writer, sheet_name=sheet.name, index=False)
            _write_sheet(sheet, writer.sheets[sheet.name], mark, lang)
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


def write_workbook(figures: QuarterFigures, period_dir: Path, audience: str = "public",
                   lang: str = "id") -> Path:
    """Write the period's workbook into ``period_dir`` atomically and return its path."""
    dataset, quarter = figures.dataset, figures.quarter
    partial = partial_data_note(dataset, Scope.province(), lang)
    sheets = [*build_sheets(figures, audience, lang),
              notes_sheet(dataset, quarter, audience, partial, lang)]
    marks = [message("common.synthetic_banner", lang)] if dataset.meta.synthetic else []
    marks += [message("reconciliation.workbook.internal", lang)] if audience == "internal" \
        else []
    if partial:
        marks.append(message("sections.title.partial_banner", lang))
    data = workbook_bytes(sheets, dataset.meta.as_of, " · ".join(marks), lang)
    out = Path(period_dir) / workbook_name(quarter.label)
    write_bytes(out, data)
    return out
