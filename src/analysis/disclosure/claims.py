"""The disclosure problem of claims per kecamatan, for one quarter's release.

A quarter's public outputs publish, per regency and kecamatan, the claims paid in the quarter
(``claims_quarter``: regency report and workbook) and up to its end (``claims_cumulative``:
regency report), each with count, amount and beneficiaries, and the regency totals (the
total row, metrics.json, the province report, index.html). The previous quarter's release
published the same two tables for its quarter. A reader who holds both knows, per regency:

- each column sums to its regency total;
- count and amount: cumulative(t) = cumulative(t-1) + quarter(t), and cumulative >= quarter;
- beneficiaries (distinct people): quarter <= cumulative, cumulative(t-1) <= cumulative(t)
  <= cumulative(t-1) + quarter(t), and beneficiaries <= count;
- an amount is 0 when its count is 0 (amount <= regency total x count).

A kecamatan's row of a table (count, amount, beneficiaries) is hidden or shown as a whole,
so that no visible amount or beneficiary count gives a hidden count away.

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

QUARTER_TABLE, CUMULATIVE_TABLE = "claims_quarter", "claims_cumulative"
TABLES = (QUARTER_TABLE, CUMULATIVE_TABLE)
COUNT, AMOUNT, BENEFICIARIES = "count", "amount", "beneficiaries"
COLUMNS = (COUNT, AMOUNT, BENEFICIARIES)
AMOUNT_UNIT = 1_000_000
STABLE_COST = 0.5  # factor for a cell hidden in the previous release as well


@dataclass(frozen=True)
class CellKey:
    """One published cell: table, quarter, regency, kecamatan and column."""

    table: str
    period: str
    regency: str
    district: str
    column: str


def release_tables(dataset: Dataset, quarter: Quarter) -> dict[str, dict[str, pd.DataFrame]]:
    """The two published tables of a quarter per regency: {regency: {table: frame indexed by
    district_code}}, from the same function as the reports' tables."""
    tables: dict[str, dict[str, pd.DataFrame]] = {}
    for table in TABLES:
        frame = claims_by_district(dataset, Scope.province(), quarter,
                                   cumulative=table == CUMULATIVE_TABLE)
        frame = frame.set_index("district_code")[list(COLUMNS)]
        regency = frame.index.str.rsplit(".", n=1).str[0]
        for code, part in frame.groupby(regency, sort=True):
            tables.setdefault(code, {})[table] = part
    return tables


def is_small(values: np.ndarray, threshold: int) -> np.ndarray:
    """Counts SPEC protects: from 1 to threshold - 1."""
    return (values >= 1) & (values < threshold)


def add_release(builder: ProblemBuilder, tables: dict[str, pd.DataFrame], regency: str,
                period: str, threshold: int, smallest_amount: float,
                fixed: dict[tuple[str, str, str], bool] | None = None,
                cheaper: set[tuple[str, str]] | frozenset = frozenset(),
                columns: tuple[str, ...] = COLUMNS) -> None:
    """Add one quarter's two tables of a regency with their own relations.

    A kecamatan's count, amount and beneficiaries in a table are hidden together, and they
    are primary when the count or the beneficiaries are small. fixed: rows (table, period,
    district) whose state is already decided, hidden or not (the others are chosen);
    cheaper: rows (table, district) hidden in the previous release, cheaper to hide again;
    columns: the columns modelled (a smaller model whose choice the full one then checks).
    """
    for table, frame in tables.items():
        amount_total = float(frame[AMOUNT].sum()) / AMOUNT_UNIT
        counts = frame[COUNT].to_numpy(dtype=float)
        for column in columns:
            scale = AMOUNT_UNIT if column == AMOUNT else 1
            values = frame[column].to_numpy(dtype=float) / scale
            small = is_small(counts, threshold)
            if column != AMOUNT:
                small |= is_small(values, threshold)
            required = smallest_amount * threshold / AMOUNT_UNIT if column == AMOUNT \
                else threshold
            total = float(values.sum())
            terms = {}
            for district, value, count, primary in zip(frame.index, values, counts, small,
                                                       strict=True):
                key = CellKey(table, period, regency, district, column)
                earlier = (table, district) in cheaper
                cost = (ZERO_COST if count == 0 else 1.0) * (STABLE_COST if earlier else 1.0)
                state = float((fixed or {}).get((table, period, district), np.nan))
                terms[builder.cell(key, value, primary=bool(primary), published=state,
                                   cost=cost if column == COUNT else 0.0, upper=total,
                                   required=required)] = 1.0
            builder.equal(terms, total)
        for district in frame.index:
            cell = {c: builder.position[CellKey(table, period, regency, district, c)]
                    for c in columns}
            builder.together.append(list(cell.values()))
            builder.groups.append([p for p in cell.values() if builder.is_primary(p)])
            if BENEFICIARIES in cell:
                builder.at_least({cell[COUNT]: 1.0, cell[BENEFICIARIES]: -1.0})
            if AMOUNT in cell:
                builder.at_least({cell[COUNT]: amount_total, cell[AMOUNT]: -1.0})
    for district in tables[QUARTER_TABLE].index:
        for column in columns:
            quarter = builder.position[CellKey(QUARTER_TABLE, period, regency, district, column)]
            cumulative = builder.position[CellKey(CUMULATIVE_TABLE, period, regency, district,
                                                  column)]
            builder.at_least({cumulative: 1.0, quarter: -1.0})


def link_releases(builder: ProblemBuilder, districts: pd.Index, regency: str, period: str,
                  previous: str, columns: tuple[str, ...] = COLUMNS) -> None:
    """Relations between a quarter's tables and the previous quarter's."""
    def at(table: str, when: str, district: str, column: str) -> int:
        return builder.position[CellKey(table, when, regency, district, column)]

    for district in districts:
        for column in (c for c in (COUNT, AMOUNT) if c in columns):
            builder.equal({at(CUMULATIVE_TABLE, period, district, column): 1.0,
                           at(CUMULATIVE_TABLE, previous, district, column): -1.0,
                           at(QUARTER_TABLE, period, district, column): -1.0}, 0.0)
        if BENEFICIARIES in columns:
            now, before = at(CUMULATIVE_TABLE, period, district, BENEFICIARIES), \
                at(CUMULATIVE_TABLE, previous, district, BENEFICIARIES)
            builder.at_least({now: 1.0, before: -1.0})
            quarter = at(QUARTER_TABLE, period, district, BENEFICIARIES)
            builder.at_least({before: 1.0, quarter: 1.0, now: -1.0})
