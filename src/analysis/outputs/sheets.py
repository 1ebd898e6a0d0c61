"""What every workbook of the project shares: Excel number formats, page marks, and the
description of a sheet (its rows and its columns with Indonesian headers)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

INT = "#,##0"
RUPIAH = '"Rp" #,##0'
PERCENT = "0.0%"
DECIMAL = "#,##0.0"
SCORE = "0.0"
MONTH = "mmm yyyy"
TEXT = "@"
MAX_WIDTH = 60
HEADER_COLOUR = "E6F4EF"
PAGE_MARKS = {"synthetic": "DATA SINTETIS", "internal": "INTERNAL - tidak untuk publikasi"}


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
