"""The tables of the dataset contract: their columns and the rules their values obey.

``FIELDS`` says which columns each table has and how raw values are read (``kind``).
``table_schema`` returns the pandera schema that the parsed values of a table must pass;
it is validated with ``lazy=True`` so that every failure of a file is reported at once.
Format errors (a text that is not a date, a number or a code) are found while parsing,
before the schema runs, so schema columns are nullable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from analysis.inputs.dataset import BENEFITS, CATEGORIES, PROGRAMS
from analysis.reference.geography import (
    province_code,
    province_name,
    readable_codes,
    regencies,
    report_coding,
)
from analysis.reference.province import NATIONAL, province_names

SEXES = ("L", "P")
FIRST_YEAR = 1900  # earliest birth year accepted
FIRST_DATA_YEAR = 2000  # earliest allocation or workforce year accepted


@dataclass(frozen=True)
class Field:
    """One canonical column: its name, how its raw values are read, and if it must exist."""

    name: str
    kind: str
    required: bool = True


FIELDS: dict[str, tuple[Field, ...]] = {
    "participants": (
        Field("participant_id", "id"),
        Field("village_code", "village"),
        Field("category", "category"),
        Field("sex", "sex", required=False),
        Field("birth_year", "year", required=False),
        Field("occupation", "text", required=False),
        Field("enrolled_on", "date"),
        Field("ended_on", "date", required=False),
    ),
    "contributions": (
        Field("village_code", "village"),
        Field("category", "category"),
        Field("period", "period"),
        Field("participants", "count"),
        Field("amount", "amount"),
        Field("paid_on", "date"),
    ),
    "claims": (
        Field("claim_id", "id"),
        Field("participant_id", "id"),
        Field("village_code", "village"),
        Field("program", "program"),
        Field("benefit", "benefit"),
        Field("event_on", "date"),
        Field("paid_on", "date"),
        Field("amount", "amount"),
    ),
    "allocations": (
        Field("village_code", "village"),
        Field("year", "year"),
        Field("bkbk_amount", "amount"),
        Field("mme_share", "share"),
        Field("pr_share", "share"),
    ),
    "workforce": (
        Field("regency_code", "regency"),
        Field("year", "year"),
        Field("employed", "count"),
        Field("employed_formal", "count"),
        Field("employed_informal", "count"),
        Field("covered_formal", "count"),
        Field("covered_informal", "count"),
    ),
    "village_lists": (
        Field("village_code", "village"),
        Field("year", "year"),
        Field("list_row", "ordinal"),
        Field("category", "category"),
        Field("sex", "sex", required=False),
        Field("occupation", "text", required=False),
    ),
}

# Columns read only for record linkage: parsed and checked like the others, then held in
# memory apart from the dataset (analysis.inputs.identities), never stored or shown.
IDENTIFYING: dict[str, tuple[Field, ...]] = {
    "participants": (Field("name", "text", required=False),
                     Field("birth_date", "date", required=False)),
    "village_lists": (Field("name", "text", required=False),
                      Field("birth_date", "date", required=False)),
}

# Tables with a ``nik`` column (replaced by a pseudonym): participants and claims may use it
# instead of participant_id or beside it (then as the person key); village lists require it.
NIK_TABLES = ("participants", "claims", "village_lists")

# Columns that identify a row: two rows with the same key but other content are an error.
KEYS: dict[str, tuple[str, ...]] = {
    "participants": ("participant_id", "enrolled_on"),
    "contributions": ("village_code", "category", "period"),
    "claims": ("claim_id",),
    "allocations": ("village_code", "year"),
    "workforce": ("regency_code", "year"),
    "village_lists": ("list_row", "village_code", "year"),
}

DTYPES = {
    "id": "str", "text": "str", "village": "str", "regency": "str", "category": "str",
    "program": "str", "benefit": "str", "sex": "str", "date": "datetime64[ns]",
    "period": "datetime64[ns]", "amount": "Int64", "count": "Int64", "year": "Int64",
    "ordinal": "Int64",
    "share": "float64",
}

def _prefixes() -> tuple[str, ...]:
    """How the codes of the run's province begin ("15."); every province's when national."""
    code = province_code()
    return tuple(f"{c}." for c in province_names()) if code == NATIONAL else (f"{code}.",)


def _in_reference(codes: set[str], rule: str) -> pa.Check:
    """Codes of the province must exist in the reference; other provinces fail elsewhere."""
    prefixes = _prefixes()
    return pa.Check(lambda s: ~s.str.startswith(prefixes) | s.astype(object).isin(codes),
                    error=rule)


def _in_province(noun: str) -> pa.Check:
    where = ("Indonesia (no province code of the Kepmendagri list)"
             if province_code() == NATIONAL
             else f"{province_name().removeprefix('Provinsi ')} (province {province_code()}; "
                  f"a dataset of several provinces says province = \"all\" in dataset.toml)")
    prefixes = _prefixes()
    return pa.Check(lambda s: s.str.startswith(prefixes), error=f"not a {noun} of {where}")


def _choice_checks(kind: str) -> list[pa.Check]:
    """Rules of the columns whose values come from a closed list or the reference."""
    name = province_name().removeprefix("Provinsi ")
    if kind == "village":
        return [_in_province("village"), _in_reference(
            readable_codes(),
            f"unknown village code (not in the Kemendagri list of {name}'s desa/kelurahan)")]
    if kind == "regency":
        count = len(regencies())
        return [_in_province("regency"), _in_reference(
            {r.code for r in regencies()}, f"unknown regency code (not one of {name}'s {count} "
            "kabupaten/kota)")]
    allowed = {"category": CATEGORIES, "program": PROGRAMS, "benefit": BENEFITS, "sex": SEXES}
    if kind in allowed:
        return [pa.Check.isin(allowed[kind], error=f"{kind} must be one of "
                              + ", ".join(allowed[kind]))]
    return []


def _column_checks(table: str, spec: Field, as_of: date | None) -> list[pa.Check]:
    """The value rules of one column."""
    kind = spec.kind
    if kind == "amount" and table == "claims":
        return [pa.Check.gt(0, error="claim amount must be more than 0")]
    if kind == "amount":
        return [pa.Check.ge(0, error="negative amount")]
    if kind == "count":
        return [pa.Check.ge(0, error="must be 0 or more")]
    if kind == "ordinal":
        return [pa.Check.ge(1, error="must be 1 or more")]
    if kind == "share":
        return [pa.Check.in_range(0, 1, error="share outside [0, 1] (write 0.10 or 10%)")]
    if as_of is None:
        return _choice_checks(kind)
    if kind == "year" and spec.name == "birth_year":
        return [pa.Check.in_range(FIRST_YEAR, as_of.year,
                                  error=f"birth year outside {FIRST_YEAR}-{as_of.year}")]
    if kind == "year":
        last = as_of.year + 1
        return [pa.Check.in_range(FIRST_DATA_YEAR, last,
                                  error=f"year outside {FIRST_DATA_YEAR}-{last}")]
    if kind == "year" and table == "village_lists":
        return [pa.Check.in_range(FIRST_DATA_YEAR, as_of.year,
                                  error=f"list year outside {FIRST_DATA_YEAR}-{as_of.year}")]
    if kind == "date" and spec.name != "ended_on":
        return [pa.Check.le(pd.Timestamp(as_of), error=f"date after the dataset's as_of {as_of}")]
    return _choice_checks(kind)


def _row_checks(table: str) -> list[pa.Check]:
    """Rules between columns of one row; each check's ``name`` is the column blamed."""
    if table == "participants":
        return [pa.Check(lambda df: ~(df["ended_on"] < df["enrolled_on"]), name="ended_on",
                         error="ended_on is before enrolled_on")]
    if table == "claims":
        return [pa.Check(lambda df: ~(df["paid_on"] < df["event_on"]), name="paid_on",
                         error="paid_on is before event_on")]
    return []


def table_fields(table: str) -> tuple[Field, ...]:
    """The canonical columns of a table, identifying ones included."""
    return FIELDS[table] + IDENTIFYING.get(table, ())


def table_schema(table: str, as_of: date | None) -> pa.DataFrameSchema:
    """The pandera schema of a parsed table (``as_of`` None skips the as-of date rules) for
    the run's province and coding."""
    return _table_schema(table, as_of, province_code(), report_coding())


@lru_cache(maxsize=32)
def _table_schema(table: str, as_of: date | None, province: str,
                  coding: str) -> pa.DataFrameSchema:
    # ``province`` and ``coding`` only key the cache: the rules read the run's geography
    columns = {
        spec.name: pa.Column(DTYPES[spec.kind], _column_checks(table, spec, as_of), nullable=True)
        for spec in table_fields(table)
    }
    return pa.DataFrameSchema(columns, checks=_row_checks(table), name=table)
