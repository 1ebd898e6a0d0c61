"""Suppressed tables for display: one marker for every hidden cell, whatever the reason.

``from_mask(table, hidden)`` hides the cells a run chose (``disclosure.pattern``), so that every
output of the run hides the same cells::

    cells = hidden_cells(dataset, quarter, folder)
    hidden = hidden_mask(cells, QUARTER_TABLE, regency, table["district_code"], COLUMNS)
    from_mask(table, hidden).display()  # hidden cells shown as the marker, "x"

Hidden cells are <NA> in ``values``; ``display()`` writes the marker there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.reference.parameters import load_parameters


def marker() -> str:
    """The one mark of every suppressed cell in public outputs (``x``)."""
    return str(load_parameters()["disclosure"]["marker"])


@dataclass(frozen=True)
class SuppressedTable:
    """A table after disclosure control.

    values: the table with hidden cells as <NA> (integer columns become Int64, floats Float64).
    hidden: True where a cell is hidden.
    """

    values: pd.DataFrame
    hidden: pd.DataFrame

    def display(self, formatter: Callable[[object], str] | None = None) -> pd.DataFrame:
        """The table to render: every hidden cell as the marker, visible numbers of the
        suppressible columns passed through ``formatter`` when given."""
        shown = self.values.astype(object)
        columns = [c for c in self.hidden.columns if c in shown.columns]
        for column in columns:
            visible = ~self.hidden[column]
            if formatter is not None:
                shown.loc[visible, column] = shown.loc[visible, column].map(formatter)
            shown.loc[self.hidden[column], column] = marker()
        return shown


def _nullable(column: pd.Series) -> pd.Series:
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.astype("Int64")
    if pd.api.types.is_float_dtype(column.dtype):
        return column.astype("Float64")
    return column


def from_mask(table: pd.DataFrame, hidden: pd.DataFrame) -> SuppressedTable:
    """The table with the cells of ``hidden`` (columns of the table, same index) hidden."""
    hidden = hidden.reindex(table.index, fill_value=False).astype(bool)
    values = table.copy()
    for column in hidden.columns:
        values[column] = _nullable(values[column]).mask(hidden[column])
    return SuppressedTable(values=values, hidden=hidden)
