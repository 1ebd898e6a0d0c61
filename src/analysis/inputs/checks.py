"""Rules checked on parsed tables: the pandera schema, duplicates and cross-table warnings."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from analysis.inputs.dataset import Issue
from analysis.inputs.issues import SourceTable
from analysis.inputs.schemas import KEYS, table_schema

EXACT_DUPLICATE = "exact duplicate of an earlier row; dropped"
CLAIM_WITHOUT_PARTICIPANT = "claim's participant is not in participants"
MORE_THAN_ACTIVE = ("pays for more people than were active in the village and category "
                    "at the end of the month")


def schema_issues(source: SourceTable, frame: pd.DataFrame, as_of: date | None) -> list[Issue]:
    """Every failure of the table's pandera schema, as Issues (lazy validation)."""
    schema = table_schema(source.table, as_of)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    issues: list[Issue] = []
    frame_checks = cases["schema_context"] == "DataFrameSchema"
    for (column, rule), group in cases[~frame_checks].groupby(["column", "check"], sort=False):
        rows = group["index"].dropna().astype("int64").unique()
        issues += source.rows(rows, column, rule) if len(rows) else [source.issue(rule, column)]
    for number, group in cases[frame_checks].groupby("check_number", sort=False):
        check = schema.checks[int(number)]
        rows = group["index"].dropna().astype("int64").unique()
        issues += source.rows(rows, check.name, check.error)
    return issues


def drop_exact_duplicates(source: SourceTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """Drop rows identical to an earlier one, with a warning for each."""
    repeated = frame.duplicated(keep="first")
    if not repeated.any():
        return frame, []
    issues = source.rows(frame.index[repeated], None, EXACT_DUPLICATE, severity="warning")
    return frame[~repeated], issues


def key_duplicates(source: SourceTable, frame: pd.DataFrame) -> list[Issue]:
    """Rows sharing a key (e.g. claim_id) but differing elsewhere: an error on each of them."""
    key = list(KEYS[source.table])
    complete = frame[key].notna().all(axis=1)
    clash = frame[key][complete].duplicated(keep=False)
    if not clash.any():
        return []
    rule = (f"duplicate {key[0]}" if len(key) == 1
            else "duplicate (" + ", ".join(key) + ") with different content")
    return source.rows(clash[clash].index, key[0], rule)


def _is_in(values: pd.Series, known: pd.Series) -> np.ndarray:
    """``values.isin(known)`` for texts, hashed by Arrow (millions of identifiers)."""
    def text(series: pd.Series) -> pyarrow.Array:
        return pyarrow.array(series.astype("str"), from_pandas=True).cast(pyarrow.large_string())

    found = pc.is_in(text(values), value_set=text(known))
    return found.to_numpy(zero_copy_only=False)


def claims_without_participant(
    source: SourceTable, claims: pd.DataFrame, participants: pd.DataFrame
) -> list[Issue]:
    """Warn about claims whose participant_id is not among the participants."""
    ids = claims["participant_id"]
    missing = ids.notna() & ~_is_in(ids, participants["participant_id"].dropna())
    column = "nik" if "nik" in source.headers else "participant_id"
    return source.rows(claims.index[missing], column, CLAIM_WITHOUT_PARTICIPANT,
                       severity="warning")


def _joint_codes(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` of the two columns one after the other, done per distinct value."""
    rows_first, first_values = pd.factorize(first)
    rows_second, second_values = pd.factorize(second)
    values = pd.Index(first_values).append(pd.Index(second_values)).unique()
    codes = np.concatenate([values.get_indexer(first_values).take(rows_first),
                            values.get_indexer(second_values).take(rows_second)])
    return codes, values


def _months(dates: pd.Series) -> np.ndarray:
    return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy("int64")


def active_at_month_end(contributions: pd.DataFrame, participants: pd.DataFrame) -> pd.Series:
    """People active at the end of each contribution row's month in its village and category.

    Active at t means enrolled_on <= t and (ended_on empty or ended_on > t); at a month's end
    that is: enrolled in that month or before, and not ended in that month or before.
    """
    people = participants[["village_code", "category", "enrolled_on", "ended_on"]].dropna(
        subset=["village_code", "category", "enrolled_on"])
    villages = _joint_codes(contributions["village_code"], people["village_code"])
    categories = _joint_codes(contributions["category"], people["category"])
    group_ids = villages[0].astype("int64") * len(categories[1]) + categories[0]
    span = 12 * 10_000  # months of any year 0..9999 fit under one group's block
    paid_group, people_group = group_ids[: len(contributions)], group_ids[len(contributions):]
    queries = paid_group * span + _months(contributions["period"])
    starts = np.sort(people_group * span + _months(people["enrolled_on"]))
    ended = people["ended_on"].notna().to_numpy()
    ends = np.sort(people_group[ended] * span + _months(people["ended_on"][ended]))

    def counted(events: np.ndarray) -> np.ndarray:
        return (np.searchsorted(events, queries, side="right")
                - np.searchsorted(events, paid_group * span, side="left"))

    return pd.Series(counted(starts) - counted(ends), index=contributions.index)


def payments_above_active(
    source: SourceTable, contributions: pd.DataFrame, participants: pd.DataFrame
) -> list[Issue]:
    """Warn about contribution rows paying for more people than were active then."""
    key = ["village_code", "category", "period", "participants"]
    rows = contributions[key].dropna(subset=key)
    active = active_at_month_end(rows, participants)
    over = rows["participants"].to_numpy("int64") > active.to_numpy()
    values = rows["participants"].astype("str") + " paid, " + active.astype("str") + " active"
    return source.rows(rows.index[over], "participants", MORE_THAN_ACTIVE, severity="warning",
                       values=values)
