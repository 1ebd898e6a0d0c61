"""The disclosure problem of claims per kecamatan, for one quarter's release.

A quarter's public outputs publish, per regency and kecamatan, the claims paid in the quarter
(``claims_quarter``: regency report and workbook) with count, amount and beneficiaries, and the
regency totals (the total row, metrics.json, the province report, index.html). Claims to date
are published per regency only: a cumulative table per kecamatan would tie this quarter's cells
to the previous quarter's (cumulative(t) = cumulative(t-1) + quarter(t)) and hide most of both.
Where the regency's claims or beneficiaries of the quarter are themselves small, every
kecamatan row is hidden. A reader knows, per regency and kecamatan:

- each column sums to its regency total;
- beneficiaries (distinct people) are at most the claims;
- an amount is 0 when its count is 0 (amount <= regency total x count).

Quarters publish claims paid in disjoint periods, so no relation ties one quarter's kecamatan
cells to another's. A kecamatan's row (count, amount, beneficiaries) is hidden or shown as a
whole, so that no visible amount or beneficiary count gives a hidden count away.

Amounts are in millions of Rupiah inside the problem.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.disclosure.protection import ZERO_COST, ProblemBuilder
from analysis.inputs.dataset import Dataset
from analysis.metrics.benefits import claims_by_district
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope

QUARTER_TABLE = "claims_quarter"
COUNT, AMOUNT, BENEFICIARIES = "count", "amount", "beneficiaries"
COLUMNS = (COUNT, AMOUNT, BENEFICIARIES)
AMOUNT_UNIT = 1_000_000
STABLE_COST = 0.5  # factor for a row the previous quarter hides as well


@dataclass(frozen=True)
class CellKey:
    """One published cell: table, quarter, regency, kecamatan and column."""

    table: str
    period: str
    regency: str
    district: str
    column: str


def claims_tables(dataset: Dataset, quarter: Quarter) -> dict[str, pd.DataFrame]:
    """A quarter's claims per kecamatan per regency: {regency: frame indexed by district_code
    with count, amount, beneficiaries}, from the same function as the reports' tables."""
    frame = claims_by_district(dataset, Scope.province(), quarter)
    frame = frame.set_index("district_code")[list(COLUMNS)]
    regency = frame.index.str.rsplit(".", n=1).str[0]
    return {code: part for code, part in frame.groupby(regency, sort=True)}


def is_small(values: np.ndarray, threshold: int) -> np.ndarray:
    """Counts SPEC protects: from 1 to threshold - 1."""
    return (values >= 1) & (values < threshold)


def add_claims(builder: ProblemBuilder, frame: pd.DataFrame, regency: str, period: str,
               threshold: int, smallest_amount: float,
               cheaper: frozenset[str] | set[str] = frozenset()) -> None:
    """Add a regency's claims table of one quarter with its relations.

    A kecamatan's count, amount and beneficiaries are hidden together, and they are primary
    when the count or the beneficiaries are small. cheaper: kecamatan whose row the previous
    quarter hides, cheaper to hide again (the pattern stays stable from quarter to quarter).
    """
    amount_total = float(frame[AMOUNT].sum()) / AMOUNT_UNIT
    counts = frame[COUNT].to_numpy(dtype=float)
    small = is_small(counts, threshold) | is_small(frame[BENEFICIARIES].to_numpy(), threshold)
    cost = np.where(counts == 0, ZERO_COST, 1.0) * np.where(frame.index.isin(list(cheaper)),
                                                             STABLE_COST, 1.0)
    cell: dict[str, dict[str, int]] = {district: {} for district in frame.index}
    for column in COLUMNS:
        scale = AMOUNT_UNIT if column == AMOUNT else 1
        values = frame[column].to_numpy(dtype=float) / scale
        required = smallest_amount * threshold / AMOUNT_UNIT if column == AMOUNT else threshold
        total = float(values.sum())
        for index, district in enumerate(frame.index):
            cell[district][column] = builder.cell(
                CellKey(QUARTER_TABLE, period, regency, district, column), values[index],
                primary=bool(small[index]), cost=cost[index] if column == COUNT else 0.0,
                upper=total, required=required)
        builder.equal({cell[d][column]: 1.0 for d in frame.index}, total)
    for row in cell.values():
        builder.together.append(list(row.values()))
        builder.groups.append([p for p in row.values() if builder.is_primary(p)])
        builder.at_least({row[COUNT]: 1.0, row[BENEFICIARIES]: -1.0})
        builder.at_least({row[COUNT]: amount_total, row[AMOUNT]: -1.0})
    if is_small(np.array([counts.sum(), frame[BENEFICIARIES].sum()]), threshold).any():
        # A small regency total: its whole breakdown is hidden (SPEC).
        builder.together.append([p for row in cell.values() for p in row.values()])
