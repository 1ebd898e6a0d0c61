"""Synthetic contributions (iuran): one row per village, category and paid month.

The head count of a row is the number of the village's participants of that category
active on the last day of the month. Villages pay monthly, per quarter (in arrears or in
advance), per semester or once a year, always within the budget year of the covered month.
Villages pause paying for a few months at their regency's ``pause_rate`` (more in some
kecamatan than others), and a share of each regency's villages stopped paying in late 2025.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.enrolment import CATEGORY_NAMES, Enrolments, VillagePlan
from analysis.demo.regional import list_quality
from analysis.demo.timeline import (
    END,
    MONTH_NUMBERS,
    MONTH_STARTS,
    MONTH_YEARS,
    MONTHS,
    PERIODS,
    iso,
    month_index,
)
from analysis.reference.parameters import monthly_contribution

MONTHLY, QUARTER_ARREARS, QUARTER_ADVANCE, SEMESTER, ANNUAL = range(5)


def active_at_month_ends(plan: VillagePlan, en: Enrolments) -> np.ndarray:
    """Participants active on the last day of each month, shape (villages x 2, months)."""
    n_months = len(MONTHS)
    first = month_index(en.enrolled)
    stop = month_index(np.minimum(en.ended, END + 1))
    row = en.village * 2 + en.category
    diff = np.zeros((len(plan.codes) * 2, n_months + 1), dtype=np.int64)
    np.add.at(diff, (row, np.clip(first, 0, n_months)), 1)
    np.add.at(diff, (row, np.clip(stop, 0, n_months)), -1)
    return np.cumsum(diff, axis=1)[:, :n_months]


def _month_start(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Day number of the first day of (year, month), months may run past 12."""
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _month_range(section: dict) -> tuple[int, int]:
    """Indices in MONTHS of a section's first_month and last_month."""
    periods = list(PERIODS)
    return periods.index(section["first_month"]), periods.index(section["last_month"])


def _missed_months(plan: VillagePlan, rng: np.random.Generator) -> np.ndarray:
    """Months without payment, shape (villages, months)."""
    n, n_months = len(plan.codes), len(MONTHS)
    first, last = _month_range(cal.PAUSES)
    district = np.unique(np.char.rpartition(plan.codes.astype(str), ".")[:, 0],
                         return_inverse=True)[1]
    shape = cal.PAUSES["district_spread"] ** -2
    clustered = rng.gamma(shape, 1 / shape, district.max() + 1)[district]
    years_open = (last - first + 1) / 12
    village = np.repeat(np.arange(n), rng.poisson(plan.of_village("pause_rate") * clustered
                                                  * years_open))
    start = rng.integers(first, last + 1, len(village))
    low, high = cal.PAUSES["months"]
    stop = np.minimum(start + rng.integers(low, high + 1, len(village)), n_months)
    paused = np.zeros((n, n_months + 1), dtype=np.int64)
    np.add.at(paused, (village, start), 1)
    np.add.at(paused, (village, stop), -1)
    stopped = rng.random(n) < plan.of_village("stopped_2025_share")
    stop_first, stop_last = _month_range(cal.STOPPED)
    stop_from = rng.integers(stop_first, stop_last + 1, n)
    month = np.arange(n_months)
    return (np.cumsum(paused, axis=1)[:, :n_months] > 0) | (
        stopped[:, None] & (month >= stop_from[:, None]))


def _paid_on(plan: VillagePlan, village, category, month, rng) -> np.ndarray:
    """Payment day of each (village, category, month) row under the village's regime."""
    n, n_years = len(plan.codes), len(np.unique(MONTH_YEARS))
    usual = rng.choice(5, size=n, p=cal.PAYMENT_REGIME_WEIGHTS)
    other = rng.choice(5, size=(n, n_years), p=cal.PAYMENT_REGIME_WEIGHTS)
    regime = np.where(rng.random((n, n_years)) < cal.REGIME_KEPT_PER_YEAR, usual[:, None], other)
    offset = rng.integers(0, 100, size=(n, n_years, 12))

    year, number = MONTH_YEARS[month], MONTH_NUMBERS[month]
    year_row = year - MONTH_YEARS[0]
    rule = regime[village, year_row]
    quarter_first = (number - 1) // 3 * 3 + 1
    half_first = (number - 1) // 6 * 6 + 1
    group = np.select(
        [rule == MONTHLY, rule <= QUARTER_ADVANCE, rule == SEMESTER],
        [number - 1, quarter_first - 1, half_first - 1],
        0,
    )
    u = offset[village, year_row, group]
    paid = np.select(
        [rule == MONTHLY, rule == QUARTER_ARREARS, rule == QUARTER_ADVANCE, rule == SEMESTER],
        [
            MONTH_STARTS[month] + 9 + u % 31,
            _month_start(year, quarter_first + 3) + 4 + u % 42,
            _month_start(year, quarter_first) + u % 26,
            _month_start(year, half_first + 5) + u % 28,
        ],
        _month_start(year, np.full_like(number, 3)) + u % 76,
    )
    paid = np.maximum(paid, plan.start[village, category] + 14)
    year_end = _month_start(year + 1, np.ones_like(number)) - 1
    december = _month_start(year, np.full_like(number, 12)) + 9 + offset[village, year_row, 11] % 22
    return np.where(paid > year_end, december, paid)


def build_contributions(plan: VillagePlan, en: Enrolments, rng: np.random.Generator):
    """The contributions table, sorted by village, category and period."""
    active = active_at_month_ends(plan, en)
    missed = np.repeat(_missed_months(plan, rng), 2, axis=0)
    row, month = np.nonzero((active > 0) & ~missed)
    village, category = row // 2, row % 2
    rate = np.array([monthly_contribution(str(m)) for m in MONTHS.astype("datetime64[D]")])
    participants = active[row, month]
    return pd.DataFrame({
        "village_code": plan.codes[village],
        "category": np.array(CATEGORY_NAMES)[category],
        "period": PERIODS[month],
        "participants": participants,
        "amount": participants * rate[month],
        "paid_on": iso(_paid_on(plan, village, category, month, rng)),
    })


def miscount_head_counts(contributions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Some payment rows count 1-3 people more or fewer than are active (never below one),
    at ``calibration.HEAD_COUNT_OFF_SHARE`` times the regency's list quality."""
    quality = list_quality(contributions["village_code"].str[:5].to_numpy())
    off = rng.random(len(contributions)) < cal.HEAD_COUNT_OFF_SHARE * quality
    more = rng.random(len(contributions)) < cal.HEAD_COUNT_OVER_SHARE
    people = rng.integers(1, 4, len(contributions))
    counted = contributions["participants"].to_numpy()
    change = np.where(more, people, -np.minimum(people, counted - 1))
    counted = counted + np.where(off, change, 0)
    rate = contributions["amount"].to_numpy() // contributions["participants"].to_numpy()
    return contributions.assign(participants=counted, amount=counted * rate)
