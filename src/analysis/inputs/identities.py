"""Names and birth dates: read only for record linkage, held in memory, never stored.

``participants`` and ``village_lists`` may carry ``name`` and ``birth_date``. The loader
parses and checks them like any column, then ``split_identities`` takes them out of the
tables, so that a ``Dataset`` (which is pickled by the report cache and shown in notebooks)
never holds them. Only ``analysis.reconciliation.linkage`` reads an ``Identities``; messages
about these columns never show their values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

IDENTIFYING_COLUMNS = ("name", "birth_date")
LIST_KEY = ["village_code", "year", "list_row"]


@dataclass(frozen=True)
class Identities:
    """Names and birth dates by person (participants) and by list row (village lists)."""

    people: pd.DataFrame  # person, name, birth_date: one row per person with a NIK
    list_rows: pd.DataFrame  # village_code, year, list_row, name, birth_date

    def __getstate__(self):
        raise TypeError("names and birth dates are held in memory only; never pickle them")

    def __repr__(self) -> str:
        return (f"Identities({len(self.people)} people, {len(self.list_rows)} list rows; "
                "values hidden)")


def _take(frame: pd.DataFrame | None, key: list[str]) -> pd.DataFrame:
    """The identifying columns with ``key``, dropped from ``frame`` in place."""
    columns = [c for c in IDENTIFYING_COLUMNS if frame is not None and c in frame.columns]
    if frame is None or not columns:
        return pd.DataFrame(columns=[*key, *IDENTIFYING_COLUMNS])
    taken = frame[key + columns].copy()
    for column in columns:
        del frame[column]
    for column in IDENTIFYING_COLUMNS:
        if column not in taken.columns:
            taken[column] = pd.NA
    return taken.dropna(subset=list(IDENTIFYING_COLUMNS), how="all")


def split_identities(participants: pd.DataFrame, village_lists: pd.DataFrame | None
                     ) -> Identities:
    """Take names and birth dates out of the loaded tables (in place)."""
    people = _take(participants, ["person"])
    people = people.dropna(subset=["person"]).drop_duplicates("person", ignore_index=True)
    return Identities(people, _take(village_lists, LIST_KEY).reset_index(drop=True))
