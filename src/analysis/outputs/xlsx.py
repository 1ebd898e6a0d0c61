"""Writing sheets (``outputs.sheets.Sheet``) as an .xlsx file: the one writer of the period's
workbook and of the follow-up workbooks (xlsxwriter: a national workbook has tens of
thousands of rows)."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

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
    TEXT,
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


def workbook_bytes(sheets: list[Sheet], stamp: date, mark: str = "", lang: str = "id") -> bytes:
    """The .xlsx file of ``sheets``, dated ``stamp`` so that the same data give the same
    bytes: a sans font; bold, wrapped headers on a row tall enough for them; header row and
    name columns frozen and printed on every page; an autofilter; A4 landscape as many pages
    wide as keep the text legible (a list read row by row one page wide); ``mark`` (e.g.
    DATA SINTETIS) in every page header, page numbers and the note's first sentence in the
    footer."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": datetime.combine(stamp, time())})
    formats = {
        "header": book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                   "bg_color": f"#{HEADER_COLOUR}", "font_name": FONT_NAME}),
        "marker": book.add_format({"align": "right", "valign": "top", "font_name": FONT_NAME}),
        "note": book.add_format({"italic": True, "font_name": FONT_NAME}),
    }
    for sheet in sheets:
        page = book.add_worksheet(sheet.name)
        widths = _write_sheet(book, page, sheet, formats)
        _page_setup(page, sheet, widths, mark, lang)
    book.close()
    return buffer.getvalue()


def _write_sheet(book: xlsxwriter.Workbook, page: Worksheet, sheet: Sheet,
                 formats: dict[str, Format]) -> list[float]:
    """Headers, values (a marker such as "x" in a number column right-aligned), column
    widths fitted to their content, row heights fitted to their lines, the note beside the
    header row; the columns' widths."""
    widths, lines = [], 1
    for at, column in enumerate(sheet.columns):
        values = [_cell(value) for value in sheet.frame[column.source].tolist()]
        numeric = column.number_format != TEXT
        widest = max([header_width(column.header)]
                     + [display_width(value, column.number_format) for value in values])
        widths.append(column_width(widest, column.wrap))
        shown = {"num_format": column.number_format} if numeric else {}
        page.set_column(at, at, widths[-1], book.add_format(
            {**shown, "text_wrap": column.wrap, "valign": "top", "font_name": FONT_NAME}))
        page.write_string(0, at, column.header, formats["header"])
        page.write_column(1, at, values)
        if numeric:
            for row, value in enumerate(values, start=1):
                if isinstance(value, str):
                    page.write_string(row, at, value, formats["marker"])
        lines = max(lines, header_lines(column.header, column_pixels(widths[-1])))
    page.set_row(0, LINE_HEIGHT_PT * lines)
    for row, needed in enumerate(row_lines(sheet, widths), start=1):
        if needed > 1:
            page.set_row(row, LINE_HEIGHT_PT * needed)
    if sheet.note:
        page.write_string(0, len(sheet.columns) + 1, sheet.note, formats["note"])
    return widths


def _page_setup(page: Worksheet, sheet: Sheet, widths: list[float], mark: str,
                lang: str) -> None:
    """Frozen header row and name columns, an autofilter, and the printed page."""
    names = name_columns(sheet)
    last_row, last_column = max(len(sheet.frame), 1), len(sheet.columns) - 1
    page.freeze_panes(1, names)
    page.autofilter(0, 0, last_row, last_column)
    page.set_landscape()
    page.set_paper(A4_PAPER)
    page.fit_to_pages(sheet_pages_wide(sheet, widths), 0)
    page.repeat_rows(0)
    page.repeat_columns(0, names - 1)
    page.print_area(0, 0, last_row, last_column)
    page.set_header(f"&R{mark}")
    note = printed_note(sheet.note) if sheet.note else None
    page.set_footer((f"&L&8{note}" if note else "") + f"&R{page_footer(lang)}")


def _cell(value: object) -> object:
    """A value as xlsxwriter writes it: missing as an empty cell, numpy numbers as Python."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def display_width(value: object, number_format: str) -> float:
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
