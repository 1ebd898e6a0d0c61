"""Statistical disclosure control for published breakdowns below regency level.

``suppress(table, count_columns)`` hides small counts and whatever would let a reader work
them out, and returns a ``SuppressedTable``: the numeric table with hidden cells as <NA>, the
masks of hidden cells, and ``display()`` for rendering (a notebook cell ending with the call
renders it)::

    table = benefits.claims_by_district(dataset, "15.07", "2025Q4")
    suppress(table, ["count", "beneficiaries"], linked_columns={"count": ["amount"]},
             enabled=audience == "public")

Rules:
- primary: a count from 1 to threshold - 1 is hidden and shown with the parameters' label
  (``<5``); 0 is shown. The threshold defaults to ``parameters.disclosure_threshold()``.
- secondary: every count column is a line whose total is published (the regency figure, or
  ``total_row``); with ``total_column`` each row is a line too. A line with exactly one
  hidden cell gets its smallest visible non-zero cell hidden as well (a zero only when no
  non-zero cell is left); this repeats until no line has exactly one hidden cell. Such cells
  are shown as the secondary label (``x``). A line of a single cell cannot be protected this way.
- linked columns: amounts that would reveal a hidden count (a fixed benefit amount times the
  count) are hidden in every row where that count is hidden.
- totals (``total_row``, ``total_column``) are never hidden: they are regency-level figures.
Limits: this is the simple "never a lone hidden cell" rule of the SPEC; it does not compute
protection intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.reference.parameters import disclosure_threshold, load_parameters


def primary_label() -> str:
    """Label of a small count in published tables (``<5``)."""
    return str(load_parameters()["disclosure"]["label"])


def secondary_label() -> str:
    """Label of a cell hidden only so that a small count cannot be recovered (``x``)."""
    return str(load_parameters()["disclosure"]["secondary_label"])


@dataclass(frozen=True)
class SuppressedTable:
    """A table after disclosure control.

    values: the table with hidden cells as <NA> (integer columns become Int64, floats Float64).
    hidden: True where a cell is hidden; primary: True where it is hidden for being small.
    """

    values: pd.DataFrame
    hidden: pd.DataFrame
    primary: pd.DataFrame

    def display(self, formatter: Callable[[object], str] | None = None) -> pd.DataFrame:
        """The table to render: small counts as ``<5``, other hidden cells as ``x``, visible
        numbers of the suppressible columns passed through ``formatter`` when given."""
        shown = self.values.astype(object)
        columns = [c for c in self.hidden.columns if c in shown.columns]
        if formatter is not None:
            for column in columns:
                visible = ~self.hidden[column]
                shown.loc[visible, column] = shown.loc[visible, column].map(formatter)
        small, other = primary_label(), secondary_label()
        for column in columns:
            shown.loc[self.hidden[column] & ~self.primary[column], column] = other
            shown.loc[self.primary[column], column] = small
        return shown

    @property
    def hidden_cells(self) -> int:
        """Number of hidden cells."""
        return int(self.hidden.to_numpy().sum())

    def _repr_html_(self) -> str:
        return self.display().to_html(index=False)


def _lines(rows: int, columns: int, by_row: bool) -> list[list[tuple[int, int]]]:
    lines = [[(i, j) for i in range(rows)] for j in range(columns)]
    if by_row:
        lines += [[(i, j) for j in range(columns)] for i in range(rows)]
    return lines


def _complementary(values: np.ndarray, hidden: np.ndarray,
                   line: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Visible cell of a line to hide with its lone hidden cell: smallest non-zero first."""
    visible = [cell for cell in line if not hidden[cell] and not np.isnan(values[cell])]
    if not visible:
        return None
    return min(visible, key=lambda cell: (values[cell] == 0, values[cell], cell))


def hide_cells(values: np.ndarray, threshold: int, by_row: bool) -> tuple[np.ndarray, np.ndarray]:
    """Primary and secondary suppression on a matrix of counts (NaN = no value).

    Returns (hidden, primary) boolean matrices."""
    primary = (values >= 1) & (values < threshold)
    hidden = primary.copy()
    lines = _lines(*values.shape, by_row=by_row)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[cell] for cell in line) != 1:
                continue
            cell = _complementary(values, hidden, line)
            if cell is not None:
                hidden[cell] = True
                changed = True
    return hidden, primary


def _nullable(column: pd.Series) -> pd.Series:
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.astype("Int64")
    if pd.api.types.is_float_dtype(column.dtype):
        return column.astype("Float64")
    return column


def suppress(
    table: pd.DataFrame,
    count_columns: Sequence[str],
    threshold: int | None = None,
    total_row: Hashable | None = None,
    *,
    total_column: str | None = None,
    linked_columns: dict[str, Sequence[str]] | Sequence[str] | None = None,
    enabled: bool = True,
) -> SuppressedTable:
    """Disclosure control of a breakdown (rules in the module docstring).

    count_columns: counts of claims or beneficiaries to protect. total_row: index label of a
    row holding the column totals (never hidden). total_column: column holding each row's
    total of ``count_columns`` (rows become lines). linked_columns: columns to hide with a
    hidden count, as {count column: [columns]} or a list linked to every count column.
    enabled=False returns the table unchanged (internal audience).
    """
    threshold = disclosure_threshold() if threshold is None else int(threshold)
    count_columns = list(count_columns)
    if isinstance(linked_columns, dict):
        links = {c: list(linked_columns.get(c, [])) for c in count_columns}
    else:
        links = {c: list(linked_columns or []) for c in count_columns}
    linked = [c for c in dict.fromkeys(sum(links.values(), [])) if c not in count_columns]
    masked = count_columns + linked
    missing = [c for c in masked + ([total_column] if total_column else [])
               if c not in table.columns]
    if missing:
        raise KeyError(f"columns not in the table: {', '.join(missing)}")
    hidden = pd.DataFrame(False, index=table.index, columns=masked)
    primary = hidden.copy()
    body = table.index != total_row if total_row is not None else np.ones(len(table), bool)
    if enabled:
        counts = table.loc[body, count_columns].to_numpy(dtype="float64", na_value=np.nan)
        cells, small = hide_cells(counts, threshold, by_row=total_column is not None)
        hidden.loc[body, count_columns] = cells
        primary.loc[body, count_columns] = small
        for count, columns in links.items():
            for column in columns:
                hidden[column] |= hidden[count]
    values = table.copy()
    for column in masked:
        values[column] = _nullable(values[column]).mask(hidden[column])
    return SuppressedTable(values=values, hidden=hidden, primary=primary)
