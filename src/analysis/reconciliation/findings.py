"""The findings of SPEC "Village lists and reconciliation", one function per rule.

For a period with end t and year y: every list row of year y gets exactly one finding, the
first rule of ``LIST_FINDINGS`` that applies to it; every person active at t in a village
who is on no list row of year y (any village) gets ``tidak_dalam_daftar`` there. People are
identified by their person key (the NIK's pseudonym); enrolments count as in the metrics
(active at t: ``enrolled_on <= t`` and ``ended_on`` empty or ``> t``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.reference.periods import day_after

NIK_INVALID = "nik_tidak_valid"
LISTED_TWICE = "ganda_daftar"
DIED = "meninggal"
NOT_REGISTERED = "belum_terdaftar"
INACTIVE = "nonaktif"
OTHER_VILLAGE = "beda_desa"
OTHER_CATEGORY = "beda_kategori"
MATCHED = "cocok"
NOT_LISTED = "tidak_dalam_daftar"
PROBABLE_NIK_TYPO = "kemungkinan_salah_nik"

LIST_FINDINGS = (NIK_INVALID, LISTED_TWICE, DIED, NOT_REGISTERED, INACTIVE, OTHER_VILLAGE,
                 OTHER_CATEGORY, MATCHED)
FINDINGS = (*LIST_FINDINGS, NOT_LISTED)
DEATH_BENEFIT = "kematian"


@dataclass(frozen=True)
class Records:
    """What BPJS Ketenagakerjaan's records say about people at the period end t."""

    end: date
    enrolled: pd.Index  # persons with an enrolment starting on or before t
    active: pd.DataFrame  # person, village_code, category of the enrolments active at t
    died: pd.Index  # persons with a death benefit whose event_on <= t

    @classmethod
    def at(cls, participants: pd.DataFrame, claims: pd.DataFrame, end: date) -> Records:
        """The records at ``end`` (participants and claims with a ``person`` column)."""
        after = day_after(end)
        people = participants.dropna(subset=["person"])
        started = people[people["enrolled_on"] < after]
        active = started[started["ended_on"].isna() | (started["ended_on"] >= after)]
        deaths = claims[(claims["benefit"] == DEATH_BENEFIT) & (claims["event_on"] < after)]
        return cls(end, pd.Index(started["person"].unique()),
                   active[["person", "village_code", "category"]].drop_duplicates(),
                   pd.Index(deaths["person"].dropna().unique()))


def _pairs(frame: pd.DataFrame, columns: list[str]) -> pd.MultiIndex:
    return pd.MultiIndex.from_frame(frame[columns].astype("object"))


def nik_tidak_valid(rows: pd.DataFrame, records: Records) -> pd.Series:
    """1. The NIK is not of the valid form (checked at load: ``nik_valid``)."""
    return ~rows["nik_valid"].astype(bool)


def ganda_daftar(rows: pd.DataFrame, records: Records) -> pd.Series:
    """2. The person is on two or more rows of the year's lists, in any villages."""
    return rows["person"].duplicated(keep=False)


def meninggal(rows: pd.DataFrame, records: Records) -> pd.Series:
    """3. A death benefit (kematian, JKK or JKM) of the person has event_on <= t."""
    return rows["person"].isin(records.died)


def belum_terdaftar(rows: pd.DataFrame, records: Records) -> pd.Series:
    """4. No enrolment of the person with enrolled_on <= t."""
    return ~rows["person"].isin(records.enrolled)


def nonaktif(rows: pd.DataFrame, records: Records) -> pd.Series:
    """5. Enrolled on or before t, but no enrolment active at t."""
    return rows["person"].isin(records.enrolled) & ~rows["person"].isin(records.active["person"])


def beda_desa(rows: pd.DataFrame, records: Records) -> pd.Series:
    """6. Active at t only in other villages."""
    here = _pairs(rows, ["person", "village_code"]).isin(
        _pairs(records.active, ["person", "village_code"]))
    return rows["person"].isin(records.active["person"]) & ~here


def beda_kategori(rows: pd.DataFrame, records: Records) -> pd.Series:
    """7. Active at t in this village, but only in the other category."""
    here = _pairs(rows, ["person", "village_code"]).isin(
        _pairs(records.active, ["person", "village_code"]))
    return here & ~cocok(rows, records)


def cocok(rows: pd.DataFrame, records: Records) -> pd.Series:
    """8. Active at t in this village and category."""
    columns = ["person", "village_code", "category"]
    return pd.Series(_pairs(rows, columns).isin(_pairs(records.active, columns)),
                     index=rows.index)


RULES = {NIK_INVALID: nik_tidak_valid, LISTED_TWICE: ganda_daftar, DIED: meninggal,
         NOT_REGISTERED: belum_terdaftar, INACTIVE: nonaktif, OTHER_VILLAGE: beda_desa,
         OTHER_CATEGORY: beda_kategori, MATCHED: cocok}


def classify_list_rows(rows: pd.DataFrame, records: Records) -> pd.Series:
    """The finding of each list row of the year: the first rule, in SPEC order, that applies."""
    if rows.empty:
        return pd.Series([], index=rows.index, dtype="str")
    hits = [np.asarray(RULES[name](rows, records), dtype=bool) for name in LIST_FINDINGS]
    return pd.Series(np.select(hits, LIST_FINDINGS, default=""), index=rows.index, dtype="str")


def tidak_dalam_daftar(rows: pd.DataFrame, records: Records) -> pd.DataFrame:
    """People active at t in a village and on no list row of the year (any village): one row
    per person and village, with the category of the active enrolment."""
    active = records.active
    unlisted = active[~active["person"].isin(rows["person"])]
    return unlisted.drop_duplicates(["person", "village_code"]).reset_index(drop=True)
