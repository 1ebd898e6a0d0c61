"""Look-ups for the exploration notebooks: one village's history, the kecamatan of a regency
side by side, and a dataset's validation issues.

Participant rows carry only the pseudonymous ``participant_id`` and cover dates: no NIK,
name, sex or birth year leaves these functions.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.inputs.dataset import CATEGORIES, Dataset, Issue
from analysis.metrics import catalog
from analysis.metrics.benefits import claims_by_district
from analysis.metrics.enrolment import targets
from analysis.metrics.ratios import ratio_series
from analysis.metrics.tallies import QuarterTallies
from analysis.reference.geography import UnknownRegionError, normalize_code, villages
from analysis.reference.periods import Quarter, month_end, month_starts
from analysis.reference.scope import Scope, reference_villages, scope_mask
from analysis.text.formatting import (
    MISSING,
    format_date,
    format_decimal,
    format_metric,
    format_month,
    format_number,
    format_percent,
    format_rupiah,
    format_yes_no,
    is_missing,
    label,
)

MAX_LISTED = 10


def find_village(text: str) -> pd.Series:
    """A village by code (``15.07.01.2001`` or ``1507012001``) or by name.

    A name matches case-insensitively, whole first and then as a part; several matches raise
    UnknownRegionError listing them with their kecamatan and regency.
    """
    frame = villages()
    by_code = frame[frame["village_code"] == normalize_code(text)]
    if len(by_code) == 1:
        return by_code.iloc[0]
    wanted = " ".join(str(text).lower().split())
    names = frame["village_name"].str.lower()
    matches = frame[names == wanted]
    if matches.empty:
        matches = frame[names.str.contains(wanted, regex=False)] if wanted else matches
    if len(matches) == 1:
        return matches.iloc[0]
    if matches.empty:
        raise UnknownRegionError(f"no desa/kelurahan with code or name {text!r}")
    listed = "; ".join(
        f"{r.village_code} {r.village_name} (Kec. {r.district_name}, {r.regency_name})"
        for r in matches.head(MAX_LISTED).itertuples()
    )
    more = f" and {len(matches) - MAX_LISTED} more" if len(matches) > MAX_LISTED else ""
    raise UnknownRegionError(
        f"{len(matches)} villages match {text!r}: {listed}{more}; give the village code"
    )


def _village_rows(frame: pd.DataFrame, village_code: str) -> pd.DataFrame:
    return frame[frame["village_code"] == village_code]


def village_members(dataset: Dataset, village_code: str) -> pd.DataFrame:
    """Enrolments of a village: pseudonymous id, category and cover dates, oldest first."""
    rows = _village_rows(dataset.participants, village_code)
    columns = ["participant_id", "category", "enrolled_on", "ended_on"]
    return rows[columns].sort_values(["enrolled_on", "participant_id"], ignore_index=True)


def village_active_by_month(dataset: Dataset, village_code: str,
                            until: date | None = None) -> pd.DataFrame:
    """Participants active at each month end, by category, from the first enrolment.

    Columns: ``month`` (first day), ``MME``, ``PR``, ``total``; months run to ``until``
    (default the dataset's as-of date). Empty when the village never had a participant.
    """
    members = village_members(dataset, village_code)
    if members.empty:
        return pd.DataFrame(columns=["month", *CATEGORIES, "total"])
    months = month_starts(members["enrolled_on"].min().date(), until or dataset.meta.as_of)
    ends = [month_end(month) for month in months]
    table = pd.DataFrame({"month": months})
    for category in CATEGORIES:
        group = members[members["category"] == category]
        table[category] = [
            int(((group["enrolled_on"] <= end)
                 & (group["ended_on"].isna() | (group["ended_on"] > end))).sum())
            for end in ends
        ]
    table["total"] = table[list(CATEGORIES)].sum(axis=1)
    return table


def village_payments(dataset: Dataset, village_code: str,
                     until: date | None = None) -> pd.DataFrame:
    """Each month and category: people active at month end against contributions paid.

    Columns: ``month``, ``category``, ``active``, ``paid_participants``, ``amount``,
    ``paid_on`` (latest payment for the month) and ``unpaid`` (active people but no amount).
    """
    active = village_active_by_month(dataset, village_code, until)
    long = active.melt(id_vars="month", value_vars=list(CATEGORIES),
                       var_name="category", value_name="active")
    paid = (
        _village_rows(dataset.contributions, village_code)
        .groupby(["period", "category"], as_index=False)
        .agg(paid_participants=("participants", "sum"), amount=("amount", "sum"),
             paid_on=("paid_on", "max"))
        .rename(columns={"period": "month"})
    )
    table = long.merge(paid, on=["month", "category"], how="outer")
    table[["active", "paid_participants", "amount"]] = (
        table[["active", "paid_participants", "amount"]].fillna(0).astype("int64")
    )
    table["unpaid"] = (table["active"] > 0) & (table["amount"] == 0)
    return table.sort_values(["month", "category"], ignore_index=True)


def village_claims(dataset: Dataset, village_code: str) -> pd.DataFrame:
    """Claims paid for a village's participants, with days from event to payment."""
    rows = _village_rows(dataset.claims, village_code)
    table = rows[["claim_id", "participant_id", "program", "benefit", "event_on", "paid_on",
                  "amount"]].sort_values(["paid_on", "claim_id"], ignore_index=True)
    table["days_to_payment"] = (table["paid_on"] - table["event_on"]).dt.days
    return table


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Validation issues as a table, errors first, in file and row order."""
    columns = ["severity", "file", "row", "column", "value", "rule", "count"]
    table = pd.DataFrame([[getattr(i, c) for c in columns] for i in issues], columns=columns)
    table["row"] = table["row"].astype("Int64")
    order = table["severity"].map({"error": 0, "warning": 1})
    return (table.assign(_order=order)
            .sort_values(["_order", "file", "row"], na_position="first", kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def issues_summary(issues: list[Issue]) -> pd.DataFrame:
    """Issues counted by severity, file, column and rule, with the first rows affected."""
    table = issues_frame(issues)
    if table.empty:
        return pd.DataFrame(columns=["severity", "file", "column", "rule", "count",
                                     "first_rows"])
    grouped = table.fillna({"column": ""}).groupby(["severity", "file", "column", "rule"],
                                                   sort=False)
    summary = grouped.agg(count=("count", "sum"),
                          first_rows=("row", lambda rows: ", ".join(
                              str(r) for r in rows.dropna().head(5))))
    return summary.reset_index().sort_values(["severity", "count"], ascending=[True, False],
                                             ignore_index=True)


def compare_districts(dataset: Dataset, regency: Scope, quarter: Quarter) -> pd.DataFrame:
    """The kecamatan of a regency side by side for a quarter, from the per-village tallies.

    Columns: district_code, district_name, villages, active_MME, active_PR, target,
    attainment, villages_on_target, continuity (villages paying every month of the quarter
    among those with participants), contributions_in_period, claims, santunan (claims paid
    in the quarter) and santunan_cumulative. Counts are not suppressed: for analysts only.
    """
    code = regency.code
    tallies = QuarterTallies.build(dataset, quarter)
    reference = reference_villages()
    frame = tallies.villages.reset_index(drop=True).assign(
        district_code=reference["district_code"], district_name=reference["district_name"]
    )[scope_mask(code)]
    table = frame.groupby(["district_code", "district_name"], as_index=False).agg(
        villages=("active_MME", "size"),
        active_MME=("active_MME", "sum"),
        active_PR=("active_PR", "sum"),
        villages_on_target=("on_target", "sum"),
        with_participants=("with_participants", "sum"),
        paying_all_months=("paying_all_months", "sum"),
        contributions_in_period=("contributions_in_period", "sum"),
    )
    table["target"] = table["villages"] * sum(targets(quarter.end).values())
    table["attainment"] = ratio_series(table["active_MME"] + table["active_PR"], table["target"])
    table["continuity"] = ratio_series(table["paying_all_months"], table["with_participants"])
    quarter_claims = claims_by_district(dataset, regency, quarter)[["district_code", "count",
                                                                 "amount"]]
    cumulative = claims_by_district(dataset, regency, quarter, cumulative=True)[
        ["district_code", "amount"]].rename(columns={"amount": "santunan_cumulative"})
    table = (table.merge(quarter_claims.rename(columns={"count": "claims", "amount": "santunan"}),
                         on="district_code")
             .merge(cumulative, on="district_code"))
    return table[["district_code", "district_name", "villages", "active_MME", "active_PR",
                  "target", "attainment", "villages_on_target", "continuity",
                  "contributions_in_period", "claims", "santunan", "santunan_cumulative"]]


PROFILE_DATES = {"participants": "enrolled_on", "contributions": "period", "claims": "paid_on",
                 "allocations": "year", "workforce": "year"}


def dataset_profile(dataset: Dataset) -> pd.DataFrame:
    """Per table: rows, reference villages present (of all villages) and the time span."""
    reference = len(reference_villages())
    rows = []
    for table, column in PROFILE_DATES.items():
        frame = getattr(dataset, table)
        present = frame["village_code"].nunique() if "village_code" in frame else None
        rows.append({"table": table, "rows": len(frame),
                     "villages": present,
                     "villages_share": None if present is None else present / reference,
                     "first": frame[column].min(), "last": frame[column].max()})
    return pd.DataFrame(rows).astype({"villages": "Int64"})


# Columns of the exploration frames that are shares or Rupiah without being metric keys.
SHARE_COLUMNS = ("attainment", "villages_share")
RUPIAH_COLUMNS = ("santunan",)


def _value_text(value: object, lang: str, monthly: bool = False) -> str:
    """A cell written by its type: whole numbers, decimals, days or months, yes/no."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return format_yes_no(value, lang)
    if isinstance(value, pd.Timestamp | date):
        return format_month(value, lang) if monthly else format_date(value, lang)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, float):
        return format_number(value, lang) if value.is_integer() else \
            format_decimal(value, digits=2, lang=lang)
    return str(value)


def _cell_writer(column: str, lang: str):
    """How a column's values are written: by the metric catalog's format when the column is a
    metric, as a share or Rupiah for the known columns, else by each value's type."""
    if column in SHARE_COLUMNS:
        return lambda value: format_percent(value, lang=lang)
    if column in RUPIAH_COLUMNS:
        return lambda value: format_rupiah(value, lang=lang)
    if catalog.is_metric(column) and catalog.number_format(column) != "structure":
        return lambda value: format_metric(column, value, lang)
    return lambda value: _value_text(value, lang, monthly=column == "month")


def table(frame: pd.DataFrame, lang: str = "id") -> Styler:
    """A frame as an analyst reads it in the notebook: headers in the report's words, numbers,
    Rupiah, shares and dates written the Indonesian way, an en dash for an empty cell, long
    text wrapped rather than cut, no index."""
    writers = {column: _cell_writer(column, lang) for column in frame.columns}
    headers = {column: label(column, lang) if _has_label(column) else column
               for column in frame.columns}
    return (frame.style.format(writers).hide(axis="index")
            .format_index(lambda column: headers.get(column, column), axis="columns")
            .set_table_styles([{"selector": "td", "props": "white-space: normal; "
                                                           "max-width: 40em;"}]))


def _has_label(column: str) -> bool:
    try:
        label(column)
    except KeyError:
        return False
    return True
