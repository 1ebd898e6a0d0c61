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
matched rows). The reconciliation of another quarter counts other lists against other
records: nothing ties the quarters' cells to each other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.disclosure.claims import CellKey, is_small
from analysis.disclosure.protection import ZERO_COST, ProblemBuilder
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


def add_reconciliation(builder: ProblemBuilder, frame: pd.DataFrame, regency: str,
                       period: str, threshold: int) -> None:
    """Add a regency's reconciliation table of one quarter with its relations."""
    cell: dict[str, dict[str, int]] = {district: {} for district in frame.index}
    for column in LIST_COLUMNS:
        values = frame[column].to_numpy(dtype=float)
        small, total = is_small(values, threshold), float(values.sum())
        for index, district in enumerate(frame.index):
            cell[district][column] = builder.cell(
                CellKey(RECONCILIATION_TABLE, period, regency, district, column),
                values[index], primary=bool(small[index]),
                cost=ZERO_COST if values[index] == 0 else 1.0, upper=total,
                required=threshold)
        builder.equal({cell[d][column]: 1.0 for d in frame.index}, total)
        if is_small(np.array([total]), threshold).any():
            # A small regency total: the whole column is hidden (SPEC).
            builder.together.append([cell[d][column] for d in frame.index])
    for row in cell.values():
        builder.at_least({row[LIST_ROWS]: 1.0, row[MATCHED]: -1.0})
        listed = [row[c] for c in (LIST_ROWS, MATCHED) if builder.is_primary(row[c])]
        builder.groups += [listed] + [[row[NOT_LISTED]]] * builder.is_primary(row[NOT_LISTED])


def rate_hidden(hidden: pd.DataFrame) -> pd.Series:
    """Where the match rate is hidden: with its list rows or its matched rows."""
    return hidden[LIST_ROWS] | hidden[MATCHED]

