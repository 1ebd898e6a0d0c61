"""Coverage (cakupan) of the employed by BPJS Ketenagakerjaan, from the workforce table.

For a period of year Y the latest workforce year <= Y is used. formal = covered_formal /
employed_formal, informal = covered_informal / employed_informal, total = (covered_formal +
covered_informal) / employed. The province sums the rows of its regencies for that year.
"""

from __future__ import annotations

import pandas as pd

from analysis.inputs.dataset import Dataset
from analysis.metrics.ratios import ratio
from analysis.reference.geography import province_code
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope, regency_codes, scope_name

COUNTS = ("employed", "employed_formal", "employed_informal", "covered_formal",
          "covered_informal")


def _scope_rows(workforce: pd.DataFrame, code: str) -> pd.DataFrame:
    codes = regency_codes() if code == province_code() else [code]
    return workforce[workforce["regency_code"].isin(codes)]


def coverage(workforce: pd.DataFrame, code: str, year: int) -> dict:
    """{"year", "formal", "informal", "total"} of a scope for the latest workforce year <=
    ``year``; every value None when there is no such year."""
    return coverage_of(_scope_rows(workforce, code), year)


def coverage_of(rows: pd.DataFrame, year: int) -> dict:
    """``coverage`` of the workforce rows of a scope's regencies."""
    rows = rows[rows["year"] <= year]
    if rows.empty:
        return {"year": None, "formal": None, "informal": None, "total": None}
    latest = int(rows["year"].max())
    sums = {name: int(value) for name, value in
            rows[rows["year"] == latest][list(COUNTS)].sum().items()}
    return {
        "year": latest,
        "formal": ratio(sums["covered_formal"], sums["employed_formal"]),
        "informal": ratio(sums["covered_informal"], sums["employed_informal"]),
        "total": ratio(sums["covered_formal"] + sums["covered_informal"], sums["employed"]),
    }


def coverage_comparison(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Coverage of the scope beside the province (for the province: every regency, then the
    province): scope_code, name, year, formal, informal, total."""
    code = scope.code
    province = province_code()
    codes = [*regency_codes(), province] if code == province else [code, province]
    return coverage_table([
        {"scope_code": c, "name": scope_name(c), **coverage(dataset.workforce, c, quarter.year)}
        for c in codes
    ])


def coverage_table(rows: list[dict]) -> pd.DataFrame:
    """Coverage rows (scope_code, name and a ``coverage`` dict's year, formal, informal,
    total) as the table the coverage charts draw."""
    table = pd.DataFrame(rows, columns=["scope_code", "name", "year", "formal", "informal",
                                        "total"])
    return table.astype({"year": "Int64", "formal": "float64", "informal": "float64",
                         "total": "float64"})
