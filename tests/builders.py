"""Hand-built small datasets for tests, with the canonical columns and dtypes of
analysis.inputs.dataset (region codes are looked up in the reference geography)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from datetime import date
from itertools import count
from pathlib import Path

import pandas as pd

from analysis.inputs.dataset import Dataset, DatasetMeta, Issue
from analysis.reference.geography import villages
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope

# Real reference villages used across the tests.
ALANG_ALANG = "15.07.01.2001"  # Muara Sabak Timur, Tanjab Timur
LAMBUR = "15.07.01.2002"  # Muara Sabak Timur, Tanjab Timur
NIPAH_PANJANG_I = "15.07.02.1001"  # Nipah Panjang, Tanjab Timur
SUNGAI_PENUH = "15.72.01.1001"  # Sungai Penuh, Kota Sungai Penuh
TANJAB_TIMUR = "15.07"
SUNGAI_PENUH_CITY = "15.72"
TANJAB_TIMUR_VILLAGES = 93
TANJAB_TIMUR_SCOPE = Scope.resolve(TANJAB_TIMUR)
Q4_2025 = Quarter(2025, 4)
PROVINCE_VILLAGES = 1562

_ids = count(1)


def _day(value: date | str | None) -> pd.Timestamp:
    return pd.NaT if value is None else pd.Timestamp(value)


def person(village: str, category: str, enrolled_on: date | str,
           ended_on: date | str | None = None, participant_id: str | None = None) -> dict:
    """One enrolment."""
    return {
        "participant_id": participant_id or f"P{next(_ids)}",
        "village_code": village,
        "category": category,
        "sex": pd.NA,
        "birth_year": pd.NA,
        "occupation": pd.NA,
        "enrolled_on": _day(enrolled_on),
        "ended_on": _day(ended_on),
    }


def payment(village: str, category: str, month: str, amount: int, participants: int = 1,
            paid_on: date | str | None = None) -> dict:
    """One contribution row; ``month`` is 'YYYY-MM', the covered month."""
    period = pd.Timestamp(f"{month}-01")
    return {
        "village_code": village,
        "category": category,
        "period": period,
        "participants": participants,
        "amount": amount,
        "paid_on": _day(paid_on) if paid_on else period,
    }


def claim(village: str, program: str, benefit: str, event_on: date | str,
          paid_on: date | str, amount: int, participant_id: str | None = None) -> dict:
    """One benefit payment."""
    number = next(_ids)
    return {
        "claim_id": f"C{number}",
        "participant_id": participant_id or f"P{number}",
        "village_code": village,
        "program": program,
        "benefit": benefit,
        "event_on": _day(event_on),
        "paid_on": _day(paid_on),
        "amount": amount,
    }


def allocation(village: str, year: int, bkbk_amount: int = 100_000_000,
               mme_share: float = 0.10, pr_share: float = 0.05) -> dict:
    """One village's BKBK allocation for a year."""
    return {"village_code": village, "year": year, "bkbk_amount": bkbk_amount,
            "mme_share": mme_share, "pr_share": pr_share}


def workforce_row(regency: str, year: int, employed: int, employed_formal: int,
                  employed_informal: int, covered_formal: int, covered_informal: int) -> dict:
    """One regency's workforce and coverage totals for a year."""
    return {"regency_code": regency, "year": year, "employed": employed,
            "employed_formal": employed_formal, "employed_informal": employed_informal,
            "covered_formal": covered_formal, "covered_informal": covered_informal}


_COLUMNS = {
    "participants": {"participant_id": "str", "village_code": "str", "category": "str",
                     "sex": "str", "birth_year": "Int64", "occupation": "str",
                     "enrolled_on": "datetime64[ns]", "ended_on": "datetime64[ns]"},
    "contributions": {"village_code": "str", "category": "str", "period": "datetime64[ns]",
                      "participants": "int64", "amount": "int64", "paid_on": "datetime64[ns]"},
    "claims": {"claim_id": "str", "participant_id": "str", "village_code": "str",
               "program": "str", "benefit": "str", "event_on": "datetime64[ns]",
               "paid_on": "datetime64[ns]", "amount": "int64"},
    "allocations": {"village_code": "str", "year": "int64", "bkbk_amount": "int64",
                    "mme_share": "float64", "pr_share": "float64"},
    "workforce": {"regency_code": "str", "year": "int64", "employed": "int64",
                  "employed_formal": "int64", "employed_informal": "int64",
                  "covered_formal": "int64", "covered_informal": "int64"},
}


def frame(table: str, rows: Iterable[dict]) -> pd.DataFrame:
    """A table with canonical dtypes; village tables get district_code and regency_code."""
    dtypes = _COLUMNS[table]
    data = pd.DataFrame(list(rows), columns=list(dtypes)).astype(dtypes)
    if "village_code" not in dtypes:
        return data
    regions = villages().set_index("village_code")[["district_code", "regency_code"]]
    unknown = sorted(set(data["village_code"]) - set(regions.index))
    if unknown:
        raise ValueError(f"not reference villages: {unknown}")
    position = data.columns.get_loc("village_code") + 1
    for offset, column in enumerate(["district_code", "regency_code"]):
        data.insert(position + offset, column,
                    data["village_code"].map(regions[column]).astype("str"))
    return data


def make_dataset(participants: Iterable[dict] = (), contributions: Iterable[dict] = (),
                 claims: Iterable[dict] = (), allocations: Iterable[dict] = (),
                 workforce: Iterable[dict] = (), as_of: date = date(2025, 12, 31),
                 synthetic: bool = True, warnings: Iterable[Issue] = ()) -> Dataset:
    """A Dataset from row dictionaries (see person, payment, claim, allocation,
    workforce_row)."""
    return Dataset(
        path=Path("tests/hand-built"),
        meta=DatasetMeta(name="hand-built", source="tests", synthetic=synthetic, as_of=as_of),
        participants=frame("participants", participants),
        contributions=frame("contributions", contributions),
        claims=frame("claims", claims),
        allocations=frame("allocations", allocations),
        workforce=frame("workforce", workforce),
        warnings=list(warnings),
    )


def changed_copy(source: Path, out: Path,
                 change: Callable[[pd.DataFrame], pd.DataFrame]) -> Path:
    """A copy of the dataset folder ``source`` in ``out`` with ``change`` applied to each of
    its CSV tables (read as text, empty cells kept empty); other files copied as they are."""
    out.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix != ".csv":
            shutil.copy(path, out / path.name)
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        change(frame).to_csv(out / path.name, index=False)
    return out


def recoded_villages(recode: dict[str, str]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A table change for ``changed_copy``: village codes replaced by ``recode``."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        if "village_code" in frame.columns:
            frame["village_code"] = frame["village_code"].replace(recode)
        return frame
    return change
