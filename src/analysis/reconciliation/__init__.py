"""Reconciliation of the village lists with BPJS Ketenagakerjaan's records (SPEC "Village
lists and reconciliation").

``reconcile`` gives every list row of the period's year its finding, finds the active people
on no list, pairs probable NIK typos by record linkage when names and birth dates are at hand,
and sets payments against active people. ``analysis.reconciliation.summary`` turns the result
into counts per village and ``reconciliation.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.inputs.dataset import Dataset, DatasetError, Issue
from analysis.inputs.identities import LIST_KEY, Identities
from analysis.reconciliation.findings import (
    NOT_LISTED,
    NOT_REGISTERED,
    Records,
    classify_list_rows,
    decode,
    encode,
    tidak_dalam_daftar,
)
from analysis.reconciliation.linkage import PAIR_COLUMNS, probable_nik_typos
from analysis.reconciliation.payments import payment_gaps
from analysis.reference.geography import villages
from analysis.reference.periods import Quarter

__all__ = ["Reconciliation", "reconcile", "reconciliation_issues"]

TABLE = "village_lists"


@dataclass(frozen=True)
class Reconciliation:
    """The findings of one period: list rows, people not listed, NIK typo pairs, payments."""

    quarter: Quarter
    list_rows: pd.DataFrame  # village_code, district_code, regency_code, list_row, person,
    #                          category, finding, match_probability (of a typo pair, else NaN)
    unlisted: pd.DataFrame  # village_code, district_code, regency_code, person, category,
    #                         finding, match_probability
    pairs: pd.DataFrame  # village_code, list_row, person, match_probability
    payments: pd.DataFrame  # see analysis.reconciliation.payments
    linked: bool  # whether record linkage ran (names and birth dates were given)


def reconciliation_issues(dataset: Dataset, quarter: Quarter) -> list[Issue]:
    """What keeps a dataset from being reconciled for a quarter (empty when nothing)."""
    lists = dataset.village_lists
    if lists is None:
        return [Issue("error", TABLE, None, None, None,
                      "no village_lists table: reconciliation needs the villages' lists "
                      "(village_lists.csv, .xlsx or .parquet; see docs/data_contract.md)")]
    issues = []
    if dataset.participants["person"].isna().all():
        issues.append(Issue("error", "participants", None, "nik", None,
                            "participants have no person key: give each enrolment its NIK "
                            "(column nik beside participant_id); reconciliation matches "
                            "people by NIK"))
    if not (lists["year"] == quarter.year).any():
        years = ", ".join(str(y) for y in sorted(lists["year"].unique())) or "none"
        issues.append(Issue("error", TABLE, None, "year", str(quarter.year),
                            f"no village list for {quarter.year}, the year of period "
                            f"{quarter}; lists found for: {years}"))
    return issues


def _claims_with_person(dataset: Dataset) -> pd.DataFrame:
    """Claims whose person comes from their own NIK or else from their participant_id."""
    claims = dataset.claims
    ids = dataset.participants.dropna(subset=["person"]).drop_duplicates("participant_id")
    by_id = claims["participant_id"].map(ids.set_index("participant_id")["person"])
    return claims.assign(person=claims["person"].fillna(by_id))


def _with_regions(frame: pd.DataFrame) -> pd.DataFrame:
    regions = villages().set_index("village_code")[["district_code", "regency_code"]]
    frame = frame.drop(columns=["district_code", "regency_code"], errors="ignore")
    return frame.join(regions, on="village_code")


def _typo_pairs(rows: pd.DataFrame, unlisted: pd.DataFrame, identities: Identities
                ) -> pd.DataFrame:
    listed = identities.list_rows[identities.list_rows["year"] == rows["year"].iloc[0]]
    unregistered = rows[rows["finding"] == NOT_REGISTERED][LIST_KEY].merge(listed, on=LIST_KEY)
    people = unlisted[["village_code", "person"]].merge(identities.people, on="person")
    return probable_nik_typos(unregistered, people, (listed, identities.people))


def reconcile(dataset: Dataset, quarter: Quarter, identities: Identities | None = None
              ) -> Reconciliation:
    """Reconcile the lists of the quarter's year with the records at the quarter's end;
    raises DatasetError when the dataset cannot be reconciled (see reconciliation_issues)."""
    issues = reconciliation_issues(dataset, quarter)
    if issues:
        raise DatasetError(issues)
    lists = dataset.village_lists
    (rows, participants, claims), values = encode([
        lists[lists["year"] == quarter.year].reset_index(drop=True),
        dataset.participants[["person", "village_code", "category", "enrolled_on",
                              "ended_on"]],
        _claims_with_person(dataset)[["person", "benefit", "event_on"]]])
    records = Records.at(participants, claims, quarter.end)
    unlisted = decode(tidak_dalam_daftar(rows, records), values).assign(finding=NOT_LISTED)
    rows = decode(rows.assign(finding=classify_list_rows(rows, records)), values)
    linked = (identities is not None and not identities.list_rows.empty
              and not identities.people.empty)
    pairs = (_typo_pairs(rows, unlisted, identities) if linked
             else pd.DataFrame(columns=PAIR_COLUMNS))
    rows = rows.merge(pairs[["village_code", "list_row", "match_probability"]],
                      on=["village_code", "list_row"], how="left")
    unlisted = unlisted.merge(pairs[["village_code", "person", "match_probability"]],
                              on=["village_code", "person"], how="left")
    columns = ["village_code", "district_code", "regency_code", "list_row", "person",
               "category", "finding", "match_probability"]
    return Reconciliation(
        quarter=quarter,
        list_rows=_with_regions(rows)[columns],
        unlisted=_with_regions(unlisted)[[c for c in columns if c != "list_row"]],
        pairs=pairs,
        payments=_with_regions(payment_gaps(dataset.participants, dataset.contributions,
                                            quarter)),
        linked=linked,
    )
