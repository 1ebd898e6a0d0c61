"""Contributions (iuran) and the BKBK budget earmarked for them.

Contributions are counted by the month they cover (``period``), never by ``paid_on``.
A village with active participants at a month end "paid" that month when it has a
contribution with amount > 0 for it (any category); the metrics built on this (continuity,
budget_realization_ytd) are defined in the metric catalog, data/reference/metrics.toml.
Earmarked budget of a village and year: ``bkbk_amount x (mme_share + pr_share)``, rounded to
whole Rupiah per village.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.inputs.dataset import CATEGORIES, Dataset
from analysis.metrics.enrolment import Enrolments
from analysis.metrics.ratios import ratio_series
from analysis.reference.periods import (
    Quarter,
    day_after,
    month_end,
    month_starts,
    report_months,
)
from analysis.reference.scope import (
    Scope,
    in_scope,
    reference_villages,
    scope_mask,
    tally,
    village_positions,
)

CONTINUITY_MONTHS = 12


def _covered_between(contributions: pd.DataFrame, first: date | None, last: date) -> np.ndarray:
    """Mask of rows whose covered month starts within [first, last] (no lower bound: None)."""
    period = contributions["period"]
    mask = period < day_after(last)
    if first is not None:
        mask &= period >= pd.Timestamp(first)
    return mask.to_numpy()


def _amounts(contributions: pd.DataFrame) -> np.ndarray:
    return contributions["amount"].to_numpy(dtype=np.int64)


def paying_villages(contributions: pd.DataFrame, month: date,
                    positions: np.ndarray | None = None) -> np.ndarray:
    """Boolean per reference village: a contribution with amount > 0 covers ``month``
    (``positions``: the rows' ``village_positions``, when already known)."""
    if positions is None:
        positions = village_positions(contributions["village_code"])
    mask = (contributions["period"] == pd.Timestamp(month)).to_numpy() & (
        _amounts(contributions) > 0
    )
    return tally(positions, mask) > 0


def earmarked_by_village(allocations: pd.DataFrame, year: int) -> np.ndarray:
    """Rupiah earmarked for contributions per reference village in a year."""
    rows = allocations[allocations["year"] == year]
    earmarked = np.rint(
        rows["bkbk_amount"].to_numpy(dtype=np.float64)
        * (rows["mme_share"].to_numpy(dtype=np.float64) + rows["pr_share"].to_numpy(np.float64))
    ).astype(np.int64)
    return tally(village_positions(rows["village_code"]), values=earmarked)


def village_contributions(contributions: pd.DataFrame, allocations: pd.DataFrame,
                          quarter: Quarter) -> pd.DataFrame:
    """Per reference village: contributions covering the quarter, the year up to the quarter
    end and all months up to it; whether every month of the quarter was paid; the year's
    earmarked budget."""
    positions = village_positions(contributions["village_code"])
    amounts = _amounts(contributions)
    paid_every_month = np.ones(len(reference_villages()), dtype=bool)
    for month in quarter.months:
        paid_every_month &= paying_villages(contributions, month, positions)
    return pd.DataFrame(
        {
            "contributions_in_period": tally(
                positions, _covered_between(contributions, quarter.start, quarter.end), amounts
            ),
            "contributions_ytd": tally(
                positions,
                _covered_between(contributions, date(quarter.year, 1, 1), quarter.end),
                amounts,
            ),
            "contributions_cumulative": tally(
                positions, _covered_between(contributions, None, quarter.end), amounts
            ),
            "paid_every_month": paid_every_month,
            "allocation": earmarked_by_village(allocations, quarter.year),
        },
        index=reference_villages()["village_code"],
    )


def monthly_contributions(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Rupiah by covered month and category: month (month end), MME, PR, total."""
    code = scope.code
    rows = in_scope(dataset.contributions, code)
    months = report_months(dataset, quarter)
    sums = (
        rows[rows["period"].isin(months)]
        .groupby(["period", "category"], observed=True)["amount"].sum()
        .unstack("category")
        .reindex(index=months, columns=list(CATEGORIES), fill_value=0)
        .fillna(0)
        .astype("int64")
    )
    table = pd.DataFrame({"month": [month_end(m) for m in months]})
    for category in CATEGORIES:
        table[category] = sums[category].to_numpy()
    table["total"] = table[list(CATEGORIES)].sum(axis=1)
    return table


def continuity_by_district(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Per kecamatan and month of the last 12 months up to the period end: share of villages
    with active participants at the month end that have a contribution with amount > 0 for
    the month (NaN where no village had participants). Columns: district_code, district_name,
    'YYYY-MM'..."""
    code = scope.code
    first = (pd.Timestamp(quarter.end).to_period("M") - (CONTINUITY_MONTHS - 1)).start_time
    months = month_starts(first.date(), quarter.end)
    enrolments = Enrolments.of(in_scope(dataset.participants, code))
    contributions = in_scope(dataset.contributions, code)
    positions = village_positions(contributions["village_code"])
    in_scope_villages = scope_mask(code)
    frame = reference_villages()[in_scope_villages][["district_code", "district_name"]].copy()
    labels = []
    for month in months:
        active = tally(enrolments.positions, enrolments.active(month_end(month).date())) > 0
        paying = paying_villages(contributions, month.date(), positions)
        label = month.strftime("%Y-%m")
        labels.append(label)
        frame[f"active {label}"] = active[in_scope_villages]
        frame[f"paying {label}"] = (active & paying)[in_scope_villages]
    sums = frame.groupby(["district_code", "district_name"], as_index=False).sum()
    table = sums[["district_code", "district_name"]].copy()
    for label in labels:
        table[label] = ratio_series(sums[f"paying {label}"], sums[f"active {label}"])
    return table.reset_index(drop=True)


def budget_by_district(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Earmarked budget of the period's year against contributions for its months up to the
    period end, per kecamatan: district_code, district_name, allocation, contributions_ytd,
    realization."""
    code = scope.code
    figures = village_contributions(
        in_scope(dataset.contributions, code), in_scope(dataset.allocations, code), quarter
    )
    frame = reference_villages()[["district_code", "district_name"]].copy()
    frame["allocation"] = figures["allocation"].to_numpy()
    frame["contributions_ytd"] = figures["contributions_ytd"].to_numpy()
    table = frame[scope_mask(code)].groupby(
        ["district_code", "district_name"], as_index=False
    ).sum()
    table["realization"] = ratio_series(table["contributions_ytd"], table["allocation"])
    return table.sort_values("district_code", ignore_index=True)
