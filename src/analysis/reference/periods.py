"""Quarters (``2025Q4``) and months: the periods every metric is computed for.

A period is a calendar quarter; its end is the last day of its third month. Dates are
whole days: "up to the period end" includes the end day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from analysis.inputs.dataset import Dataset

_QUARTER_TEXT = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")
LATEST = "latest"


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, ordered in time."""

    year: int
    q: int

    def __post_init__(self) -> None:
        if self.q not in (1, 2, 3, 4):
            raise ValueError(f"quarter number must be 1 to 4, got {self.q}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2025Q4' (also '2025q4', '2025-Q4') -> Quarter(2025, 4)."""
        match = _QUARTER_TEXT.match(str(text))
        if match is None:
            raise ValueError(f"period must look like 2025Q4, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter containing a day."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        """'2025Q4'."""
        return f"{self.year}Q{self.q}"

    def __str__(self) -> str:
        return self.label

    @property
    def start(self) -> date:
        """First day of the quarter."""
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter (the period end of the metrics)."""
        return self.next.start - timedelta(days=1)

    @property
    def months(self) -> list[date]:
        """First days of the three months of the quarter."""
        return [date(self.year, 3 * self.q - 2 + i, 1) for i in range(3)]

    @property
    def previous(self) -> Quarter:
        """The quarter before."""
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    @property
    def next(self) -> Quarter:
        """The quarter after."""
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    @property
    def year_earlier(self) -> Quarter:
        """The same quarter one year earlier."""
        return Quarter(self.year - 1, self.q)


def latest_complete_quarter(as_of: date) -> Quarter:
    """The last quarter whose end is on or before ``as_of``."""
    quarter = Quarter.of(as_of)
    return quarter if quarter.end <= as_of else quarter.previous


def day_after(day: date) -> pd.Timestamp:
    """Exclusive upper bound for 'on or before ``day``' comparisons on datetime columns."""
    return pd.Timestamp(day) + pd.Timedelta(days=1)


def month_starts(first: date, last: date) -> pd.DatetimeIndex:
    """First days of the months from the month of ``first`` to the month of ``last``."""
    return pd.date_range(pd.Timestamp(first).to_period("M").start_time,
                         pd.Timestamp(last), freq="MS", unit="ns")


def month_end(month_start: pd.Timestamp) -> pd.Timestamp:
    """Last day of the month starting on ``month_start``."""
    return month_start + pd.offsets.MonthEnd(0)


def data_start(dataset: Dataset) -> date | None:
    """Earliest date in the data: first enrolment, covered month or payment of a claim."""
    return dataset.first_day


def quarter_for(dataset: Dataset, period: Quarter | str) -> Quarter:
    """Resolve ``"2025Q4"``, a Quarter or ``"latest"`` against a dataset's time span
    (``resolve_quarter``)."""
    return resolve_quarter(period, dataset.meta.as_of, data_start(dataset))


def resolve_quarter(period: Quarter | str, as_of: date, start: date | None) -> Quarter:
    """Resolve ``"2025Q4"``, a Quarter or ``"latest"`` against data that begin on ``start``
    and are complete up to ``as_of``.

    ``"latest"`` is the latest complete quarter of ``as_of``. A quarter that ends after
    ``as_of`` (not complete) or before the data start raises ValueError.
    """
    latest = latest_complete_quarter(as_of)
    if isinstance(period, Quarter):
        quarter = period
    elif str(period).strip().lower() == LATEST:
        quarter = latest
    else:
        quarter = Quarter.parse(period)
    if quarter.end > as_of:
        raise ValueError(
            f"period {quarter} ends on {quarter.end.isoformat()}, after the data's as_of date "
            f"{as_of.isoformat()}; the latest complete quarter is {latest}"
        )
    if start is not None and quarter.end < start:
        raise ValueError(
            f"period {quarter} ends before the data start ({start.isoformat()}); "
            f"the first quarter with data is {Quarter.of(start)}"
        )
    return quarter


def report_months(dataset: Dataset, quarter: Quarter) -> pd.DatetimeIndex:
    """First days of the months from the first month with data to the end of ``quarter``."""
    start = data_start(dataset)
    first = quarter.start if start is None or start > quarter.start else start
    return month_starts(first, quarter.end)
