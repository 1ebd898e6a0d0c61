"""Suppressed tables for display: one marker for every hidden cell, whatever the reason.

Two ways to get one:

- ``from_mask(table, hidden, primary)``: the cells a run chose (``disclosure.pattern``) for
  the claims tables, so that every output of the run hides the same cells;
- ``suppress(table, count_columns, total_row=...)``: a table that stands alone (its cells
  appear nowhere else below regency level), protected by the same optimisation: small
  counts (1 to threshold - 1) are primary, and the cheapest set of other cells is hidden so
  that, given the column totals (and the row totals with ``total_column``), every small
  count can be 0::

    protected = suppress(table, ["cocok", "belum_terdaftar"], total_row="total",
                         enabled=report.public)
    protected.display()  # hidden cells shown as the marker, "x"

Hidden cells are <NA> in ``values``; ``display()`` writes the marker there.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.disclosure.protection import (
    ZERO_COST,
    ProblemBuilder,
    ProtectionError,
    attacker_bounds,
    choose_hidden,
    is_protected,
)
from analysis.reference.parameters import disclosure_threshold, load_parameters


def marker() -> str:
    """The one mark of every suppressed cell in public outputs (``x``)."""
    return str(load_parameters()["disclosure"]["marker"])


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

    @property
    def hidden_cells(self) -> int:
        """Number of hidden cells."""
        return int(self.hidden.to_numpy().sum())

    def _repr_html_(self) -> str:
        return self.display().to_html(index=False)


def _nullable(column: pd.Series) -> pd.Series:
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.astype("Int64")
    if pd.api.types.is_float_dtype(column.dtype):
        return column.astype("Float64")
    return column


def from_mask(table: pd.DataFrame, hidden: pd.DataFrame,
              primary: pd.DataFrame | None = None) -> SuppressedTable:
    """The table with the cells of ``hidden`` (columns of the table, same index) hidden."""
    hidden = hidden.reindex(table.index, fill_value=False).astype(bool)
    if primary is None:
        primary = pd.DataFrame(False, index=hidden.index, columns=hidden.columns)
    primary = primary.reindex(table.index, fill_value=False).astype(bool)
    values = table.copy()
    for column in hidden.columns:
        values[column] = _nullable(values[column]).mask(hidden[column])
    return SuppressedTable(values=values, hidden=hidden, primary=primary)


def _links(count_columns: list[str],
           linked_columns: dict[str, Sequence[str]] | Sequence[str] | None) -> dict:
    if isinstance(linked_columns, dict):
        return {c: list(linked_columns.get(c, [])) for c in count_columns}
    return {c: list(linked_columns or []) for c in count_columns}


def hide_cells(counts: np.ndarray, threshold: int, by_row: bool) -> tuple[np.ndarray, np.ndarray]:
    """Primary and secondary suppression of a matrix of counts whose column totals (and row
    totals when ``by_row``) are published; returns (hidden, primary) boolean matrices.

    Raises ProtectionError when no pattern protects every small count (e.g. a table of one
    row, whose cells are its published totals)."""
    builder = ProblemBuilder()
    rows, columns = counts.shape
    for (i, j), value in np.ndenumerate(counts):
        builder.cell((i, j), value, primary=bool(1 <= value < threshold),
                     cost=ZERO_COST if value == 0 else 1.0,
                     upper=float(counts[:, j].sum()), required=threshold)
    lines = [[(i, j) for i in range(rows)] for j in range(columns)]
    if by_row:
        lines += [[(i, j) for j in range(columns)] for i in range(rows)]
    for line in lines:
        builder.equal({builder.position[cell]: 1.0 for cell in line},
                      float(sum(counts[cell] for cell in line)))
    builder.groups = [[p] for p in range(len(builder.keys)) if builder.is_primary(p)]
    problem = builder.build()
    hidden = choose_hidden(problem)
    smallest, largest = attacker_bounds(problem, hidden)
    if not is_protected(problem, smallest, largest).all():
        raise ProtectionError("no pattern of hidden cells protects every small count")
    return hidden.reshape(rows, columns), problem.primary.reshape(rows, columns)


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
    """Disclosure control of a table that stands alone (see the module docstring).

    count_columns: counts to protect (missing values count as 0). total_row: index label of
    the row of column totals (never hidden; the totals are published). total_column: column
    of each row's total of ``count_columns`` (rows become lines too). linked_columns: columns
    hidden with a hidden count of the same row (e.g. its amount), as {count: [columns]} or a
    list linked to every count column. enabled=False returns the table unchanged (internal).
    Raises ProtectionError when no pattern protects every small count (a one-row table).
    """
    threshold = disclosure_threshold() if threshold is None else int(threshold)
    count_columns = list(count_columns)
    links = _links(count_columns, linked_columns)
    linked = [c for c in dict.fromkeys(sum(links.values(), [])) if c not in count_columns]
    missing = [c for c in count_columns + linked + ([total_column] if total_column else [])
               if c not in table.columns]
    if missing:
        raise KeyError(f"columns not in the table: {', '.join(missing)}")
    hidden = pd.DataFrame(False, index=table.index, columns=count_columns + linked)
    primary = hidden.copy()
    body = table.index != total_row if total_row is not None else np.ones(len(table), bool)
    if enabled and body.any():
        counts = table.loc[body, count_columns].to_numpy(dtype="float64", na_value=0.0)
        cells, small = hide_cells(counts, threshold, by_row=total_column is not None)
        hidden.loc[body, count_columns] = cells
        primary.loc[body, count_columns] = small
        for count, columns in links.items():
            for column in columns:
                hidden[column] |= hidden[count]
    return from_mask(table, hidden, primary)
