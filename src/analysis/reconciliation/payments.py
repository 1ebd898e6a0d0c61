"""Payments against active people: who each village pays for, month by month.

For each village, category and month of the quarter: paid = ``contributions.participants``
(0 without a payment row), active = enrolments active at the month's end; over =
max(0, paid - active), under = max(0, active - paid), in people-months and in Rupiah at the
contribution rate in force in that month.
"""

from __future__ import annotations

import pandas as pd

from analysis.reference.parameters import monthly_contribution
from analysis.reference.periods import Quarter, day_after, month_end

KEY = ["village_code", "category", "month"]
COLUMNS = [*KEY, "paid", "active", "over", "under", "over_rupiah", "under_rupiah"]


def _active_at_month_ends(participants: pd.DataFrame, months: list[pd.Timestamp]
                          ) -> pd.DataFrame:
    parts = []
    for month in months:
        after = day_after(month_end(month).date())
        active = (participants["enrolled_on"] < after) & (
            participants["ended_on"].isna() | (participants["ended_on"] >= after))
        counts = participants[active].groupby(["village_code", "category"]).size()
        parts.append(counts.rename("active").reset_index().assign(month=month))
    return pd.concat(parts, ignore_index=True)


def payment_gaps(participants: pd.DataFrame, contributions: pd.DataFrame, quarter: Quarter
                 ) -> pd.DataFrame:
    """Paid against active people per village, category and month of the quarter
    (combinations with neither a payment nor an active person are left out)."""
    months = [pd.Timestamp(m) for m in quarter.months]
    paid = contributions[contributions["period"].isin(months)]
    paid = paid.groupby(["village_code", "category", "period"])["participants"].sum()
    paid = paid.rename("paid").rename_axis(KEY).reset_index()
    frame = paid.merge(_active_at_month_ends(participants, months), on=KEY, how="outer")
    frame[["paid", "active"]] = frame[["paid", "active"]].fillna(0).astype("int64")
    frame["over"] = (frame["paid"] - frame["active"]).clip(lower=0)
    frame["under"] = (frame["active"] - frame["paid"]).clip(lower=0)
    rate = frame["month"].map({m: monthly_contribution(m.date()) for m in months})
    frame["over_rupiah"] = (frame["over"] * rate).astype("int64")
    frame["under_rupiah"] = (frame["under"] * rate).astype("int64")
    return frame[COLUMNS].sort_values(KEY, ignore_index=True)
