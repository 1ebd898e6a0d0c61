"""What every workbook of the project shares: Excel number formats, page marks, how wide a
sheet prints, and the description of a sheet (its rows and its columns with Indonesian
headers)."""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
import pandas as pd

from analysis.outputs.pdf import PAGE_WORDS

INT = "#,##0"
RUPIAH = '"Rp" #,##0'
PERCENT = "0.0%"
DECIMAL = "#,##0.0"
SCORE = "0.0"
MONTH = "mmm yyyy"
TEXT = "@"
FONT_NAME = "Arial"  # in Excel everywhere; LibreOffice shows its metric twin Liberation Sans
MAX_WIDTH = 60
WRAPPED_WIDTH = 40  # a column whose text wraps: narrower, so that a row prints on one page
LINE_HEIGHT_PT = 15  # one line of 11 pt text
HEADER_COLOUR = "E6F4EF"


@dataclass(frozen=True)
class Column:
    """A workbook column: source column, Indonesian header and Excel number format."""

    source: str
    header: str
    number_format: str = TEXT
    wrap: bool = False


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, rows and columns."""

    name: str
    frame: pd.DataFrame
    columns: list[Column]
    note: str = ""  # written beside the header row
    names: int = 0  # leading columns that name a row; 0: its leading text columns
    whole_rows: bool = False  # a list read row by row: printed one page wide, however small


def name_columns(sheet: Sheet) -> int:
    """How many leading columns name a row (code, region, kecamatan): as the sheet says, else
    its leading text columns; at least one."""
    if sheet.names:
        return sheet.names
    leading = 0
    for column in sheet.columns:
        if column.number_format != TEXT or column.wrap:
            break
        leading += 1
    return max(1, min(leading, len(sheet.columns) - 1))


# Widths in Excel's unit, a digit of the default font (Calibri 11, 7 pixels).
DIGIT_PX = 7
CAPITAL = 1.3  # an Arial capital letter (measured in LibreOffice)
FONT_PX = 11 * 96 / 72  # an em of 11-pt text at 96 pixels per inch
CELL_MARGINS_PX = 4  # left and right inside a cell
HELVETICA_BOLD = Path(matplotlib.get_data_path()) / "fonts" / "afm" / "phvb8a.afm"

# Printing: A4 landscape, 0.75-inch side margins, at Excel's 96 pixels per inch.
PRINTABLE_WIDTH_PX = (297 / 25.4 - 2 * 0.75) * 96
SMALLEST_PRINT_SCALE = 0.7  # 11-pt cells print at 7.7 pt or more
A4_PAPER = 9  # the paper size code of A4 in Excel's page setup


def text_width(text: str) -> float:
    """Width units a text takes in a cell: a unit a character, more for a capital."""
    return sum(CAPITAL if character.isupper() else 1 for character in text)


def column_width(widest: float, wrap: bool = False) -> int:
    """Width of a column whose widest content takes ``widest`` units, with a margin."""
    return min(WRAPPED_WIDTH if wrap else MAX_WIDTH, math.ceil(widest) + 2)


@lru_cache(maxsize=1)
def _bold_advances() -> dict[str, float]:
    """Advance widths in em of the printable ASCII characters in Helvetica Bold, whose metrics
    Arial Bold and Liberation Sans Bold share (the Adobe font metrics matplotlib ships)."""
    text = HELVETICA_BOLD.read_text(encoding="latin-1")
    return {chr(int(code)): int(width) / 1000
            for code, width in re.findall(r"^C (\d+) ; WX (\d+) ;", text, re.MULTILINE)
            if 32 <= int(code) < 127}


def bold_pixels(text: str) -> float:
    """Pixels a text takes in bold 11-pt Arial (another character: as wide as a digit)."""
    advances = _bold_advances()
    return FONT_PX * sum(advances.get(character, advances["0"]) for character in text)


def header_width(header: str) -> int:
    """Column width that holds the longest word of a bold header on one line."""
    return math.ceil(max((bold_pixels(word) for word in header.split()), default=0)
                     / DIGIT_PX)


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text takes in a column ``width`` characters wide."""
    return max(1, len(textwrap.wrap(text, int(width - 1))))


def row_lines(sheet: Sheet, widths: list[float]) -> list[int]:
    """Lines each data row of ``sheet`` takes, as tall as its most wrapped cell (written as
    row heights: LibreOffice does not work them out itself)."""
    wrapped = [(column.source, width) for column, width in zip(sheet.columns, widths,
                                                                 strict=True) if column.wrap]
    if not wrapped:
        return [1] * len(sheet.frame)
    cells = sheet.frame[[source for source, _ in wrapped]].itertuples(index=False)
    return [max((wrapped_lines(text, width) for text, (_, width) in
                 zip(texts, wrapped, strict=True) if isinstance(text, str)), default=1)
            for texts in cells]


def header_lines(header: str, pixels: float) -> int:
    """Lines a bold header takes in a column ``pixels`` wide, wrapped at spaces as Excel and
    LibreOffice do (a word longer than a line is broken)."""
    room, space = pixels - CELL_MARGINS_PX, bold_pixels(" ")
    lines, used = 1, None
    for word in header.split():
        width = bold_pixels(word)
        if used is not None and used + space + width <= room:
            used += space + width
            continue
        if used is not None:
            lines += 1
        broken = max(1, math.ceil(width / room))  # a word wider than the column is broken
        lines += broken - 1
        used = width - (broken - 1) * room
    return lines


def column_pixels(width: float) -> float:
    """Width in pixels of an Excel column ``width`` characters wide, as typed in Excel or
    given to xlsxwriter: 7 pixels a Calibri digit and 5 of padding."""
    return width * DIGIT_PX + 5


def pages_wide(widths: list[float], titles: int) -> int:
    """Pages across that print columns of ``widths`` at SMALLEST_PRINT_SCALE or larger when
    the first ``titles`` columns are repeated on every page; a column is never split."""
    room = PRINTABLE_WIDTH_PX / SMALLEST_PRINT_SCALE
    repeated = sum(column_pixels(w) for w in widths[:titles])
    pages, used = 1, repeated
    for width in widths[titles:]:
        pixels = column_pixels(width)
        if used + pixels > room and used > repeated:
            pages, used = pages + 1, repeated
        used += pixels
    return pages


def sheet_pages_wide(sheet: Sheet, widths: list[float]) -> int:
    """Pages across for a sheet whose columns are ``widths`` wide: one for a list read row by
    row, else as many as ``pages_wide`` needs."""
    return 1 if sheet.whole_rows else pages_wide(widths, name_columns(sheet))


FOOTER_LINE = 110  # characters of an 8-pt footer line beside the page number (A4 landscape)


def printed_note(note: str) -> str | None:
    """The first sentence of a sheet's note (the marker's legend, what the sheet compares) as
    its left-hand page footer, so that it prints on every page (the note beside the header
    row is outside the print area); None when it is longer than a footer line."""
    first = note.split(". ")[0].rstrip(".") + "."
    return first.replace("&", "&&") if len(first) <= FOOTER_LINE else None  # & starts a code


def page_footer(lang: str = "id") -> str:
    """Excel's right-hand footer code for "Halaman 3 dari 12" in ``lang``."""
    page, of = PAGE_WORDS.get(lang, PAGE_WORDS["id"])
    return f"{page}&P{of}&N"
