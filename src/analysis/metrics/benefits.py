"""Benefits (manfaat): claims and santunan paid under JKK and JKM.

Claims are counted by ``paid_on``; a count is a number of rows (payments). "Cumulative" means
every payment from the start of the data to the period end. Days to payment: ``paid_on -
event_on`` in days.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.inputs.dataset import BENEFITS, CATEGORIES, PROGRAMS, Dataset
from analysis.reference.periods import Quarter, day_after, month_end, report_months
from analysis.reference.scope import Scope, in_scope, reference_villages, scope_mask


def paid_between(claims: pd.DataFrame, first: date | None, last: date) -> pd.Series:
    """Mask of claims paid within [first, last] (no lower bound when ``first`` is None)."""
    mask = claims["paid_on"] < day_after(last)
    if first is not None:
        mask &= claims["paid_on"] >= pd.Timestamp(first)
    return mask


def _window(claims: pd.DataFrame, quarter: Quarter, cumulative: bool) -> pd.DataFrame:
    """Claims paid in the quarter, or from the start to its end when ``cumulative``."""
    return claims[paid_between(claims, None if cumulative else quarter.start, quarter.end)]


def claims_summary(claims: pd.DataFrame) -> dict:
    """Count and amount of the given claims, in total, by program and by benefit."""
    program = claims["program"].astype(str).to_numpy()
    benefit = claims["benefit"].astype(str).to_numpy()
    amount = claims["amount"].to_numpy(dtype=np.int64)

    def count_amount(mask: np.ndarray) -> dict[str, int]:
        return {"count": int(mask.sum()), "amount": int(amount[mask].sum())}

    return {
        "count": len(claims),
        "amount": int(amount.sum()),
        "by_program": {p: count_amount(program == p) for p in PROGRAMS},
        "by_benefit": {b: count_amount(benefit == b) for b in BENEFITS},
    }


def payment_days(claims: pd.DataFrame) -> pd.Series:
    """Whole days from event to payment of each claim."""
    return (claims["paid_on"] - claims["event_on"]).dt.days.astype("int64")


def median_days_to_payment(claims: pd.DataFrame) -> float | None:
    """Median days from event to payment of the given claims; None when there are none."""
    return float(np.median(payment_days(claims))) if len(claims) else None


def claim_categories(claims: pd.DataFrame, participants: pd.DataFrame) -> pd.Series:
    """Category (MME/PR) of each claim's participant: the enrolment in force at ``event_on``
    (the latest started on or before it), else the participant's latest enrolment; NA when
    the participant is unknown. Indexed like ``claims``."""
    # only the claimants' enrolments: a regency's claims against a nation's millions of rows
    claimants = participants["participant_id"].isin(claims["participant_id"].unique())
    enrolments = participants.loc[claimants, ["participant_id", "enrolled_on", "category"]].astype(
        {"participant_id": "str", "category": "str"}
    )
    pairs = (
        claims[["participant_id", "event_on"]].astype({"participant_id": "str"})
        .reset_index(names="claim_row")
        .merge(enrolments, on="participant_id", how="inner")
    )
    pairs["started_before_event"] = pairs["enrolled_on"] <= pairs["event_on"]
    chosen = pairs.sort_values(["started_before_event", "enrolled_on"]).drop_duplicates(
        "claim_row", keep="last"
    )
    categories = pd.Series(pd.NA, index=claims.index, dtype="str")
    categories.loc[chosen["claim_row"].to_numpy()] = chosen["category"].to_numpy()
    return categories


def _program_benefit_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Program and benefit combinations present in the data, in the canonical order."""
    pairs = claims[["program", "benefit"]].astype(str).drop_duplicates()
    pairs["p"] = pairs["program"].map(PROGRAMS.index)
    pairs["b"] = pairs["benefit"].map(lambda b: BENEFITS.index(b) if b in BENEFITS else 99)
    return pairs.sort_values(["p", "b", "benefit"])[["program", "benefit"]].reset_index(drop=True)


def claims_by_benefit(dataset: Dataset, scope: Scope, quarter: Quarter,
                      cumulative: bool = False) -> pd.DataFrame:
    """Claims paid in the quarter (or up to its end) by program and benefit: program, benefit,
    count, amount. Every combination present anywhere in the data gets a row."""
    code = scope.code
    rows = _window(in_scope(dataset.claims, code), quarter, cumulative)
    sums = rows.astype({"program": "str", "benefit": "str"}).groupby(
        ["program", "benefit"]
    )["amount"].agg(["size", "sum"])
    table = _program_benefit_pairs(dataset.claims).merge(
        sums.reset_index(), on=["program", "benefit"], how="left"
    )
    table = table.rename(columns={"size": "count", "sum": "amount"})
    return table.fillna({"count": 0, "amount": 0}).astype({"count": "int64", "amount": "int64"})


def _paid_month(claims: pd.DataFrame) -> pd.Series:
    """First day of the month of payment of each claim."""
    return claims["paid_on"].dt.to_period("M").dt.start_time


def monthly_claims(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Claims by month of payment and program from the first month with data to the period
    end: month (month end), program, count, amount."""
    code = scope.code
    months = report_months(dataset, quarter)
    rows = _window(in_scope(dataset.claims, code), quarter, cumulative=True)
    sums = rows.groupby([_paid_month(rows).rename("start"), rows["program"].astype(str)])[
        "amount"
    ].agg(["size", "sum"])
    grid = pd.MultiIndex.from_product([months, list(PROGRAMS)], names=["start", "program"])
    table = sums.reindex(grid, fill_value=0).reset_index()
    return pd.DataFrame({
        "month": table["start"].map(month_end),
        "program": table["program"],
        "count": table["size"].astype("int64"),
        "amount": table["sum"].astype("int64"),
    })


def cumulative_santunan(dataset: Dataset, scope: Scope, quarter: Quarter) -> pd.DataFrame:
    """Santunan paid per month from the first month with data to the period end, with
    running totals: month (month end), amount, cumulative, MME_cumulative, PR_cumulative
    (by the participant's category; claims of unknown participants count only in
    ``cumulative``)."""
    code = scope.code
    months = report_months(dataset, quarter)
    rows = _window(in_scope(dataset.claims, code), quarter, cumulative=True)
    paid_month = _paid_month(rows)
    category = claim_categories(rows, dataset.participants)

    def monthly(mask: pd.Series) -> pd.Series:
        return rows.loc[mask, "amount"].groupby(paid_month[mask]).sum().reindex(
            months, fill_value=0
        ).astype("int64")

    everything = pd.Series(True, index=rows.index)
    table = pd.DataFrame({"month": [month_end(m) for m in months]})
    table["amount"] = monthly(everything).to_numpy()
    table["cumulative"] = table["amount"].cumsum()
    for c in CATEGORIES:
        table[f"{c}_cumulative"] = monthly((category == c).fillna(False)).cumsum().to_numpy()
    return table


def days_to_payment(dataset: Dataset, scope: Scope, quarter: Quarter,
                    cumulative: bool = False) -> pd.DataFrame:
    """One row per claim paid in the quarter (or up to its end): program, benefit, days."""
    code = scope.code
    rows = _window(in_scope(dataset.claims, code), quarter, cumulative)
    table = pd.DataFrame({
        "program": rows["program"].to_numpy(),
        "benefit": rows["benefit"].to_numpy(),
        "days": payment_days(rows).to_numpy(),
    }).astype({"program": "str", "benefit": "str"})
    return table.sort_values(["program", "benefit", "days"], ignore_index=True)


def claims_by_district(dataset: Dataset, scope: Scope, quarter: Quarter,
                       cumulative: bool = False) -> pd.DataFrame:
    """Claims per kecamatan paid in the quarter (or up to its end): district_code,
    district_name, count, amount, beneficiaries (distinct participants)."""
    code = scope.code
    rows = _window(in_scope(dataset.claims, code), quarter, cumulative)
    sums = rows.groupby("district_code").agg(
        count=("amount", "size"), amount=("amount", "sum"),
        beneficiaries=("participant_id", "nunique"),
    )
    districts = (
        reference_villages()[scope_mask(code)][["district_code", "district_name"]]
        .drop_duplicates()
        .sort_values("district_code")
    )
    table = districts.merge(sums.reset_index(), on="district_code", how="left")
    columns = ["count", "amount", "beneficiaries"]
    table[columns] = table[columns].fillna(0).astype("int64")
    return table.reset_index(drop=True)
