"""Days as integers (days since 1970-01-01) and the covered months of the demo dataset."""

from __future__ import annotations

from datetime import date

import numpy as np

from analysis.demo.calibration import AS_OF, COVER_START

NEVER = np.iinfo(np.int64).max // 2  # ended_on of an enrolment still covered


def day(value: date | str) -> int:
    """Day number of a date."""
    return int(np.datetime64(value, "D").astype(np.int64))


def iso(days: np.ndarray) -> np.ndarray:
    """ISO dates (YYYY-MM-DD) of day numbers."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"))


def years(days: np.ndarray) -> np.ndarray:
    """Calendar year of day numbers."""
    as_days = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    return as_days.astype("datetime64[Y]").astype(np.int64) + 1970


def new_year(year: int) -> int:
    """Day number of 1 January of a year."""
    return day(f"{year}-01-01")


START = day(COVER_START)
END = day(AS_OF)
MONTHS = np.arange(np.datetime64(COVER_START, "M"), np.datetime64(AS_OF, "M") + 1)
MONTH_STARTS = MONTHS.astype("datetime64[D]").astype(np.int64)
MONTH_ENDS = (MONTHS + 1).astype("datetime64[D]").astype(np.int64) - 1
MONTH_YEARS = MONTHS.astype("datetime64[Y]").astype(np.int64) + 1970
MONTH_NUMBERS = MONTHS.astype(np.int64) % 12 + 1
PERIODS = np.array([str(m) for m in MONTHS])  # "YYYY-MM"


def month_index(days: np.ndarray) -> np.ndarray:
    """Index in MONTHS of the month containing each day (may fall outside 0..len-1)."""
    months = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]")
    return (months - MONTHS[0]).astype(np.int64)
