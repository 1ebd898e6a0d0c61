"""The disclosure problem of the reconciliation's counts per kecamatan, for one quarter.

The regency report's reconciliation section publishes, per kecamatan, the village lists' rows
(``list_rows``), those that match BPJS records (``cocok``), the people active there on no list
(``tidak_dalam_daftar``) and the match rate, with the regency totals (its total row, the
findings table, the province report's table per regency). A reader knows, per regency:

- each column sums to its regency total;
- matched rows are at most the list rows;
- a visible match rate with a visible count gives the other count (so the rate is hidden with
  either).

Each count is hidden on its own, and a column whose regency total is small as a whole; a
kecamatan's small list rows and matched rows are protected together (no list rows means no
matched rows).

The quarters of a year count the same lists (year y's), so a reader also knows that a
kecamatan's list rows are those of the previous quarter's table when both are of one year.
Every quarter of a year therefore hides the same list rows at least (``year_list_hidden``),
and its cells are chosen with the previous quarter's table in view (``disclosure.pattern``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.disclosure.claims import CellKey, is_small
from analysis.disclosure.protection import ZERO_COST, ProblemBuilder, choose_hidden
from analysis.reconciliation.findings import MATCHED, NOT_LISTED
from analysis.reconciliation.summary import district_counts

RECONCILIATION_TABLE = "reconciliation_by_district"
LIST_ROWS = "list_rows"
LIST_COLUMNS = (LIST_ROWS, MATCHED, NOT_LISTED)


def reconciliation_tables(counts: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The reconciliation's counts per kecamatan per regency ({regency: frame indexed by
    district_code}) from the counts per village (``reconciliation.summary.quarter_counts``)."""
    frame = district_counts(counts).set_index("district_code")[list(LIST_COLUMNS)]
    regency = frame.index.str.rsplit(".", n=1).str[0]
    return {code: part for code, part in frame.groupby(regency, sort=True)}


def _add_column(builder: ProblemBuilder, values: pd.Series, key, threshold: int,
                states: np.ndarray) -> list[int]:
    """A column of counts by kecamatan that sums to its regency total: small counts are
    primary, and a small total hides the whole column. Returns the cells' positions."""
    numbers = values.to_numpy(dtype=float)
    small, total = is_small(numbers, threshold), float(numbers.sum())
    cells = [builder.cell(key(district), number, primary=bool(is_primary),
                          cost=ZERO_COST if number == 0 else 1.0, upper=total,
                          required=threshold, fixed=state)
             for district, number, is_primary, state in zip(values.index, numbers, small,
                                                            states, strict=True)]
    builder.equal(dict.fromkeys(cells, 1.0), total)
    if is_small(np.array([total]), threshold).any():
        builder.together.append(cells)  # a small regency total: the column is hidden (SPEC)
    return cells


def year_list_hidden(list_rows: pd.Series, threshold: int) -> np.ndarray:
    """The list rows by kecamatan that every quarter of their year hides: the small ones and
    the cheapest others that protect them, chosen from the list rows alone, so that each
    quarter of the year makes the same choice. (A quarter hides more where its own small
    cells need it.)"""
    builder = ProblemBuilder()
    cells = _add_column(builder, list_rows, lambda district: district, threshold,
                        np.full(len(list_rows), np.nan))
    builder.groups += [[cell] for cell in cells if builder.is_primary(cell)]
    return choose_hidden(builder.build())


def add_reconciliation(builder: ProblemBuilder, frame: pd.DataFrame, regency: str,
                       period: str, threshold: int,
                       states: pd.DataFrame | None = None) -> dict[str, dict[str, int]]:
    """Add a regency's reconciliation table of one quarter with its relations; ``states``:
    cells hidden (1) or shown (0) whatever the choice, NaN to choose; by default the year's
    hidden list rows (``year_list_hidden``) and a choice for the rest. Returns each cell's
    position by kecamatan and column."""
    if states is None:
        states = pd.DataFrame(np.nan, index=frame.index, columns=list(LIST_COLUMNS))
        states[LIST_ROWS] = np.where(year_list_hidden(frame[LIST_ROWS], threshold), 1.0,
                                     np.nan)
    cell: dict[str, dict[str, int]] = {district: {} for district in frame.index}
    for column in LIST_COLUMNS:
        positions = _add_column(
            builder, frame[column],
            lambda district, column=column: CellKey(RECONCILIATION_TABLE, period, regency,
                                                    district, column),
            threshold, states[column].to_numpy(dtype=float))
        for district, position in zip(frame.index, positions, strict=True):
            cell[district][column] = position
    for row in cell.values():
        builder.at_least({row[LIST_ROWS]: 1.0, row[MATCHED]: -1.0})
        listed = [row[c] for c in (LIST_ROWS, MATCHED) if builder.is_primary(row[c])]
        builder.groups += [listed] + [[row[NOT_LISTED]]] * builder.is_primary(row[NOT_LISTED])
    return cell


def rate_hidden(hidden: pd.DataFrame) -> pd.Series:
    """Where the match rate is hidden: with its list rows or its matched rows."""
    return hidden[LIST_ROWS] | hidden[MATCHED]

