"""The findings of SPEC "Village lists and reconciliation", one function per rule.

For a period with end t and year y: every list row of year y gets exactly one finding, the
first rule of ``LIST_FINDINGS`` that applies to it; every person active at t in a village
who is on no list row of year y (any village) gets ``tidak_dalam_daftar`` there. People are
identified by their person key (the NIK's pseudonym); enrolments count as in the metrics
(active at t: ``enrolled_on <= t`` and ``ended_on`` empty or ``> t``). The rules work on
integer codes of person, village_code and category (``encode``), so that they stay fast on a
whole province; ``analysis.reconciliation.reconcile`` codes and decodes.
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
CODE_SPAN = 1 << 21  # integer codes stay below this (two million people, villages, ...)
CODED = ("person", "village_code", "category")


@dataclass(frozen=True)
class Records:
    """What BPJS Ketenagakerjaan's records say about people at the period end t."""

    end: date
    enrolled: np.ndarray  # persons with an enrolment starting on or before t
    active: pd.DataFrame  # person, village_code, category of the enrolments active at t
    died: np.ndarray  # persons with a death benefit whose event_on <= t

    @classmethod
    def at(cls, participants: pd.DataFrame, claims: pd.DataFrame, end: date) -> Records:
        """The records at ``end`` (participants and claims with coded ``person``, -1 for
        none)."""
        after = day_after(end)
        people = participants[participants["person"] >= 0]
        started = people[people["enrolled_on"] < after]
        active = started[started["ended_on"].isna() | (started["ended_on"] >= after)]
        deaths = claims[(claims["benefit"] == DEATH_BENEFIT) & (claims["event_on"] < after)]
        return cls(end, started["person"].unique(),
                   active[list(CODED)].drop_duplicates(),
                   deaths["person"][deaths["person"] >= 0].unique())


def _key(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per row for the combination of integer-coded columns."""
    key = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        key = key * CODE_SPAN + frame[column].to_numpy(np.int64)
    return key


def _isin(rows: pd.DataFrame, other: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return np.isin(_key(rows, columns), _key(other, columns))


def nik_tidak_valid(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """1. The NIK is not of the valid form (checked at load: ``nik_valid``)."""
    return ~rows["nik_valid"].to_numpy(bool)


def ganda_daftar(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """2. The person is on two or more rows of the year's lists, in any villages."""
    return rows["person"].duplicated(keep=False).to_numpy()


def meninggal(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """3. A death benefit (kematian, JKK or JKM) of the person has event_on <= t."""
    return np.isin(rows["person"], records.died)


def belum_terdaftar(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """4. No enrolment of the person with enrolled_on <= t."""
    return ~np.isin(rows["person"], records.enrolled)


def nonaktif(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """5. Enrolled on or before t, but no enrolment active at t."""
    return (np.isin(rows["person"], records.enrolled)
            & ~np.isin(rows["person"], records.active["person"]))


def beda_desa(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """6. Active at t only in other villages."""
    here = _isin(rows, records.active, ["person", "village_code"])
    return np.isin(rows["person"], records.active["person"]) & ~here


def beda_kategori(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """7. Active at t in this village, but only in the other category."""
    return _isin(rows, records.active, ["person", "village_code"]) & ~cocok(rows, records)


def cocok(rows: pd.DataFrame, records: Records) -> np.ndarray:
    """8. Active at t in this village and category."""
    return _isin(rows, records.active, ["person", "village_code", "category"])


def encode(frames: list[pd.DataFrame]) -> tuple[list[pd.DataFrame], dict[str, pd.Index]]:
    """The frames with person, village_code and category as integer codes shared by all of
    them (-1 where missing), and the values of each code, for ``decode``."""
    values, coded = {}, [frame.copy() for frame in frames]
    for column in CODED:
        present = [frame for frame in coded if column in frame.columns]
        codes, uniques = pd.factorize(pd.concat([frame[column] for frame in present]))
        start = 0
        for frame in present:
            frame[column] = codes[start:start + len(frame)]
            start += len(frame)
        values[column] = uniques
    return coded, values


def decode(frame: pd.DataFrame, values: dict[str, pd.Index]) -> pd.DataFrame:
    """The frame with its coded columns back to their values."""
    return frame.assign(**{column: values[column].take(frame[column].to_numpy())
                           for column in CODED if column in frame.columns})


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
    unlisted = active[~np.isin(active["person"], rows["person"])]
    return unlisted.drop_duplicates(["person", "village_code"]).reset_index(drop=True)
