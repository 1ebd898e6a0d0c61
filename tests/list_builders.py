"""Hand-built datasets with person keys and village lists, for the reconciliation tests."""

from __future__ import annotations

import pandas as pd
from builders import make_dataset, person


def enrolment(who: str, village: str, category: str, start: str, end: str | None = None):
    """One enrolment of the person ``who`` (their person key), card number ``KPJ-who``."""
    return person(village, category, start, end, participant_id=f"KPJ-{who}") | {"person": who}


def list_row(village: str, row: int, who: str, category: str = "MME", year: int = 2025,
             valid: bool = True) -> dict:
    """One row of a village's list, as loaded (``person`` is the NIK's pseudonym)."""
    return {"village_code": village, "year": year, "list_row": row, "person": who,
            "nik_valid": valid, "category": category, "sex": pd.NA, "occupation": pd.NA}


def dataset_with(participants, lists, claims=(), contributions=()):
    """A dataset with person keys on participants and claims, and village lists."""
    data = make_dataset(participants=participants, claims=claims, contributions=contributions)
    data.participants["person"] = [p["person"] for p in participants]
    data.claims["person"] = pd.Series(pd.NA, index=data.claims.index, dtype="str")
    data.village_lists = pd.DataFrame(lists).astype({"person": "str", "year": "int64",
                                                     "list_row": "int64"})
    return data
