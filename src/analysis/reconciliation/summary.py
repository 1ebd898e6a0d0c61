"""Counts of a reconciliation per village and kecamatan, and ``reconciliation.json``.

``reconciliation.json`` = ``{"period", "period_end", "village_coding", "linkage", "villages":
{village_code: {finding: count, ..., "kemungkinan_salah_nik": pairs, "list_rows": n,
"payments": {"over", "under", "over_rupiah", "under_rupiah"}}}, "totals": {...}}``: every
finding key is present (0 when none); payments are in people-months and Rupiah over the
quarter's three months; villages are every reference village of the scope. ``match_rate``
(tables only) is cocok / list_rows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.inputs.dataset import Dataset
from analysis.reconciliation import Reconciliation
from analysis.reconciliation.findings import FINDINGS, MATCHED, PROBABLE_NIK_TYPO
from analysis.reference.geography import province_code, report_coding, villages_in
from analysis.reference.periods import Quarter
from analysis.reference.scope import in_scope

PAYMENTS = ("over", "under", "over_rupiah", "under_rupiah")
COUNTS = (*FINDINGS, PROBABLE_NIK_TYPO, "list_rows", *PAYMENTS)


def _per_village(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.groupby(["village_code", column]).size().unstack(column, fill_value=0)


def village_counts(result: Reconciliation, scope: str) -> pd.DataFrame:
    """One row per reference village of ``scope`` (a regency code, or the province):
    village and kecamatan codes and names, the count of each finding, typo pairs, list rows,
    payments over and under, and the match rate."""
    frame = villages_in(scope)[["village_code", "village_name", "district_code",
                                "district_name", "regency_code"]].set_index("village_code")
    findings = pd.concat([result.list_rows, result.unlisted])
    counts = _per_village(findings, "finding").reindex(columns=list(FINDINGS), fill_value=0)
    frame = frame.join(counts)
    frame[PROBABLE_NIK_TYPO] = result.pairs.groupby("village_code").size()
    frame["list_rows"] = result.list_rows.groupby("village_code").size()
    frame = frame.join(result.payments.groupby("village_code")[list(PAYMENTS)].sum())
    frame[list(COUNTS)] = frame[list(COUNTS)].fillna(0).astype("int64")
    frame["match_rate"] = match_rate(frame)
    return frame.reset_index()


def quarter_counts(dataset: Dataset, quarter: Quarter,
                   folder: Path | None = None) -> pd.DataFrame | None:
    """``village_counts`` of every village of the province for a quarter, or None when the
    dataset cannot be reconciled for it. Computed once per run: stored in the run's cache
    folder, where the report kernels and the slides read it."""
    from analysis.inputs import cache
    from analysis.reconciliation import reconcile, reconciliation_issues

    def compute() -> pd.DataFrame | None:
        if reconciliation_issues(dataset, quarter):
            return None
        return village_counts(reconcile(dataset, quarter), province_code())

    return cache.once(folder, f"reconciliation-{quarter.label}", compute, table=True)


def scope_counts(counts: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The rows of ``quarter_counts`` in a scope (a regency code, or the province: those of
    its regencies; a national run's counts hold every province)."""
    return in_scope(counts, scope).reset_index(drop=True)


def match_rate(counts: pd.DataFrame) -> pd.Series:
    """cocok / list_rows (NaN without list rows)."""
    return counts[MATCHED] / counts["list_rows"].where(counts["list_rows"] > 0)


def district_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """The village counts summed per kecamatan, with the kecamatan's match rate."""
    frame = counts.groupby(["district_code", "district_name"], as_index=False)[
        list(COUNTS)].sum()
    frame["villages"] = counts.groupby("district_code").size().to_numpy()
    frame["match_rate"] = match_rate(frame)
    return frame


def _entry(row: pd.Series) -> dict:
    entry = {name: int(row[name]) for name in (*FINDINGS, PROBABLE_NIK_TYPO, "list_rows")}
    entry["payments"] = {name: int(row[name]) for name in PAYMENTS}
    return entry


def reconciliation_json(result: Reconciliation, counts: pd.DataFrame) -> dict:
    """The content of ``reconciliation.json`` for the villages in ``counts``."""
    ordered = counts.sort_values("village_code")
    return {
        "period": result.quarter.label,
        "period_end": result.quarter.end.isoformat(),
        "village_coding": report_coding(),
        "linkage": result.linked,
        "villages": {row.village_code: _entry(pd.Series(row._asdict()))
                     for row in ordered.itertuples(index=False)},
        "totals": _entry(ordered[list(COUNTS)].sum()),
    }


def village_findings(result: Reconciliation, village_code: str) -> pd.DataFrame:
    """Every list row of one village (cocok included) and every person active there on no
    list, with their finding, in the village's list order."""
    rows = result.list_rows[result.list_rows["village_code"] == village_code]
    people = result.unlisted[result.unlisted["village_code"] == village_code]
    columns = ["list_row", "person", "category", "finding"]
    frame = pd.concat([rows[columns], people[columns[1:]]], ignore_index=True)
    return frame.astype({"list_row": "Int64"})
