"""Enrolment (kepesertaan): active participants, new enrolments, exits and targets.

Active at day t: ``enrolled_on <= t`` and (``ended_on`` empty or ``ended_on > t``).
New in [first, last]: ``first <= enrolled_on <= last``; exits: ``first <= ended_on <= last``.
With these, active(end) = active(previous end) + new - exits for each category.
Targets: the per-village target in force at the period end times the villages in scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.inputs.dataset import CATEGORIES, Dataset
from analysis.metrics.ratios import ratio_series
from analysis.reference.parameters import village_target
from analysis.reference.periods import (
    Quarter,
    day_after,
    month_end,
    report_months,
)
from analysis.reference.scope import (
    Scope,
    in_scope,
    new_villages_without_rows,
    reference_villages,
    scope_mask,
    tally,
    village_positions,
)


@dataclass(frozen=True)
class Enrolments:
    """Participants as arrays, for fast repeated counting."""

    positions: np.ndarray
    category: np.ndarray
    enrolled_on: np.ndarray
    ended_on: np.ndarray

    @classmethod
    def of(cls, participants: pd.DataFrame) -> Enrolments:
        """Arrays of a participants frame (canonical columns)."""
        return cls(
            positions=village_positions(participants["village_code"]),
            category=participants["category"].to_numpy(dtype=str),
            enrolled_on=participants["enrolled_on"].to_numpy(dtype="datetime64[ns]"),
            ended_on=participants["ended_on"].to_numpy(dtype="datetime64[ns]"),
        )

    def active(self, day: date) -> np.ndarray:
        """Mask of enrolments active at the end of ``day``."""
        stop = day_after(day).to_datetime64()
        return (self.enrolled_on < stop) & (np.isnat(self.ended_on) | (self.ended_on >= stop))

    def entered(self, first: date, last: date) -> np.ndarray:
        """Mask of enrolments with ``first <= enrolled_on <= last``."""
        start, stop = pd.Timestamp(first).to_datetime64(), day_after(last).to_datetime64()
        return (self.enrolled_on >= start) & (self.enrolled_on < stop)

    def left(self, first: date, last: date) -> np.ndarray:
        """Mask of enrolments with ``first <= ended_on <= last``."""
        start, stop = pd.Timestamp(first).to_datetime64(), day_after(last).to_datetime64()
        return (self.ended_on >= start) & (self.ended_on < stop)

    def by_village(self, mask: np.ndarray) -> dict[str, np.ndarray]:
        """Per-village counts of the masked enrolments, by category."""
        return {c: tally(self.positions, mask & (self.category == c)) for c in CATEGORIES}


def targets(day: date) -> dict[str, int]:
    """Per-village target by category in force on a day."""
    return {c: village_target(c, day) for c in CATEGORIES}


def village_enrolment(participants: pd.DataFrame, quarter: Quarter) -> pd.DataFrame:
    """Per reference village: active at the quarter end, the previous quarter end and a year
    earlier, new and exits in the quarter, by category (columns like ``active_MME``)."""
    enrolments = Enrolments.of(participants)
    masks = {
        "active": enrolments.active(quarter.end),
        "active_prev_quarter": enrolments.active(quarter.previous.end),
        "active_prev_year": enrolments.active(quarter.year_earlier.end),
        "new": enrolments.entered(quarter.start, quarter.end),
        "exits": enrolments.left(quarter.start, quarter.end),
    }
    columns = {}
    for name, mask in masks.items():
        for category, counts in enrolments.by_village(mask).items():
            columns[f"{name}_{category}"] = counts
    return pd.DataFrame(columns, index=reference_villages()["village_code"])


def _villages_at(dataset: Dataset, code: str, day: date) -> pd.DataFrame:
    """Reference villages of a scope with their active participants at ``day``."""
    enrolments = Enrolments.of(in_scope(dataset.participants, code))
    frame = reference_villages().copy()
    for category, counts in enrolments.by_village(enrolments.active(day)).items():
        frame[f"active_{category}"] = counts
    return frame[scope_mask(code)].reset_index(drop=True)


def _sorted_dates(enrolments: Enrolments, category: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted enrolment dates and sorted (known) end dates of one category."""
    of_category = enrolments.category == category
    ended = enrolments.ended_on[of_category]
    return np.sort(enrolments.enrolled_on[of_category]), np.sort(ended[~np.isnat(ended)])


def _count_before(sorted_dates: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """How many of the sorted dates fall before each stop."""
    return np.searchsorted(sorted_dates, stops, side="left").astype(np.int64)


def monthly_active(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Active participants at each month end from the first month with data to the period
    end: month, MME, PR, total.

    Counted as enrolments before the day after the month end minus ends before it (an
    enrolment never ends before it starts, so every end counted is of a counted enrolment).
    """
    enrolments = Enrolments.of(in_scope(dataset.participants, scope.code))
    months = report_months(dataset, quarter)
    ends = pd.DatetimeIndex([month_end(start) for start in months])
    stops = (ends + pd.Timedelta(days=1)).to_numpy(dtype="datetime64[ns]")
    frame = pd.DataFrame({"month": ends})
    for category in CATEGORIES:
        enrolled, ended = _sorted_dates(enrolments, category)
        frame[category] = _count_before(enrolled, stops) - _count_before(ended, stops)
    frame["total"] = frame[list(CATEGORIES)].sum(axis=1)
    return frame[["month", *CATEGORIES, "total"]]


def monthly_flows(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """New enrolments and exits per month and category: month, category, new, exits."""
    enrolments = Enrolments.of(in_scope(dataset.participants, scope.code))
    months = report_months(dataset, quarter)
    ends = pd.DatetimeIndex([month_end(start) for start in months])
    starts = months.to_numpy(dtype="datetime64[ns]")
    stops = (ends + pd.Timedelta(days=1)).to_numpy(dtype="datetime64[ns]")
    frames = []
    for category in CATEGORIES:
        enrolled, ended = _sorted_dates(enrolments, category)
        frames.append(pd.DataFrame({
            "month": ends, "category": category,
            "new": _count_before(enrolled, stops) - _count_before(enrolled, starts),
            "exits": _count_before(ended, stops) - _count_before(ended, starts),
        }))
    flows = pd.concat(frames).sort_values(["month", "category"], kind="stable")
    return flows.reset_index(drop=True)[["month", "category", "new", "exits"]]


def attainment_by_district(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Active participants against targets per kecamatan at the period end."""
    code = scope.code
    frame = _villages_at(dataset, code, quarter.end)
    table = frame.groupby(["district_code", "district_name"], as_index=False).agg(
        villages=("village_code", "size"),
        active_MME=("active_MME", "sum"),
        active_PR=("active_PR", "sum"),
    )
    for category, target in targets(quarter.end).items():
        table[f"target_{category}"] = table["villages"] * target
    for category in CATEGORIES:
        table[f"attainment_{category}"] = ratio_series(
            table[f"active_{category}"], table[f"target_{category}"]
        )
    table["attainment_total"] = ratio_series(
        table["active_MME"] + table["active_PR"], table["target_MME"] + table["target_PR"]
    )
    return table.sort_values("district_code", ignore_index=True)[
        ["district_code", "district_name", "villages", "active_MME", "active_PR", "target_MME",
         "target_PR", "attainment_MME", "attainment_PR", "attainment_total"]
    ]


def villages_below_target(dataset: Dataset, scope: Scope, quarter: Quarter,
                          n: int = 10) -> pd.DataFrame:
    """The ``n`` villages furthest below target at the period end.

    gap = people missing to reach the targets, summed over categories (a surplus in one
    category does not make up for a shortfall in the other); largest gap first, villages
    that reach both targets are left out, and so are villages new in the 2025 list that the
    dataset has no rows for (no export has listed them yet; the title block counts them).
    """
    code = scope.code
    frame = _villages_at(dataset, code, quarter.end)
    frame = frame[~frame["village_code"].isin(new_villages_without_rows(dataset, code))]
    target = targets(quarter.end)
    frame["target_total"] = sum(target.values())
    frame["gap"] = sum((target[c] - frame[f"active_{c}"]).clip(lower=0) for c in CATEGORIES)
    frame["attainment_total"] = ratio_series(
        frame["active_MME"] + frame["active_PR"], frame["target_total"]
    )
    below = frame[frame["gap"] > 0].sort_values(["gap", "village_code"],
                                                ascending=[False, True])
    return below.head(n).reset_index(drop=True)[
        ["village_code", "village_name", "district_name", "active_MME", "active_PR",
         "target_total", "gap", "attainment_total"]
    ]
