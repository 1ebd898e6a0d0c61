"""Checks of how a workbook sheet prints, read back from the .xlsx with openpyxl."""

from __future__ import annotations

import math
import textwrap
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib._afm import AFM
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from analysis.outputs.sheets import LINE_HEIGHT_PT, PRINTABLE_WIDTH_PX, SMALLEST_PRINT_SCALE

A4 = 9
DIGIT_PX = 7  # Excel's width unit: a Calibri 11 digit; a stored width includes the padding
BOLD_11PT_PX = 11 * 96 / 72 / 1000  # pixels of a thousandth of an em of 11-pt text


def printed_widths(sheet: Worksheet) -> tuple[list[float], int]:
    """The stored widths of the print area's columns and how many are repeated on every
    page."""
    _, _, last, _ = range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))
    widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, last + 1)]
    repeated = column_index_from_string(sheet.print_title_cols.split(":")[-1].strip("$"))
    return widths, repeated


def fewest_pages(widths: list[float], repeated: int) -> int:
    """Pages across that the sheet needs at least to print at the smallest legible scale:
    its width, with the repeated columns on every page, over a page's room."""
    room = PRINTABLE_WIDTH_PX / SMALLEST_PRINT_SCALE
    names = DIGIT_PX * sum(widths[:repeated])
    rest = DIGIT_PX * sum(widths[repeated:])
    return max(1, math.ceil(rest / (room - names)))


def assert_prints_legibly(sheet: Worksheet, footer: str = "Halaman &P dari &N",
                          whole_rows: bool = False) -> None:
    """A4 landscape, header row and name columns on every page, page numbers, and as many
    pages across as the text needs to print at 70 % or more, but not many more; one page
    across for a list read row by row (``whole_rows``)."""
    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", A4), sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0, sheet.title
    assert sheet.print_title_rows == "$1:$1", sheet.title
    widths, repeated = printed_widths(sheet)
    assert sheet.print_title_cols.startswith("$A:") and 1 <= repeated < len(widths)
    least, across = fewest_pages(widths, repeated), setup.fitToWidth or 1  # Excel's default: 1
    if whole_rows:
        assert across == 1, sheet.title
    else:
        assert least <= across <= least + 1, (sheet.title, across, least)
    assert footer in sheet.oddFooter.right.text, sheet.title


def assert_wrapped_rows_fit(sheet: Worksheet) -> None:
    """Every row is as tall as the lines of its wrapped cells (at a letter a width unit),
    and its cells start at the top: LibreOffice prints rows without a height one line tall,
    the wrapped text over the next rows."""
    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                width = sheet.column_dimensions[cell.column_letter].width
                lines = max(lines, len(textwrap.wrap(cell.value, int(width - 1))))
        if lines > 1:
            height = sheet.row_dimensions[row[0].row].height or 15
            assert height >= LINE_HEIGHT_PT * lines - 1e-6, (sheet.title, row[0].row)
            assert all(cell.alignment.vertical == "top" for cell in row
                       if cell.value is not None), (sheet.title, row[0].row)


@cache
def _helvetica_bold() -> AFM:
    """Helvetica Bold's metrics (Arial Bold's and Liberation Sans Bold's too), read by
    matplotlib's own parser."""
    with open(Path(matplotlib.get_data_path(), "fonts", "afm", "phvb8a.afm"), "rb") as file:
        return AFM(file)


def bold_lines(text: str, pixels: float) -> int:
    """Lines a bold 11-pt Arial text wraps into at spaces in ``pixels`` of room."""
    lines, line = 1, ""
    for word in text.split():
        wider = f"{line} {word}" if line else word
        if line and _helvetica_bold().string_width_height(wider)[0] * BOLD_11PT_PX > pixels:
            lines, wider = lines + 1, word
        line = wider
    return lines


def assert_header_row_fits(sheet: Worksheet) -> None:
    """The header row is as tall as its most wrapped header (measured in Arial Bold, with a
    cell's margins of 2 pixels a side) and no more than a line taller."""
    lines = max(bold_lines(str(cell.value), DIGIT_PX * sheet.column_dimensions[
        cell.column_letter].width - 4) for cell in sheet[1]
        if cell.value is not None and cell.alignment.wrap_text)
    height = sheet.row_dimensions[1].height or LINE_HEIGHT_PT
    assert LINE_HEIGHT_PT * lines <= height <= LINE_HEIGHT_PT * (lines + 1), (
        sheet.title, height, lines)
