"""The in-memory dataset: five validated tables plus metadata.

Canonical columns and dtypes after loading (see SPEC "Dataset contract"):

participants  participant_id str (pseudonymised when the source had a NIK),
              person str|NA (the NIK's pseudonym: the person key; NA without a NIK),
              village_code str dotted, region columns (district_code, regency_code),
              category {"MME","PR"}, sex str|NA, birth_year Int64, occupation str|NA,
              enrolled_on datetime64[ns], ended_on datetime64[ns] (NaT = still covered)
contributions village_code, district_code, regency_code, category, period datetime64[ns]
              (first day of the covered month), participants int64, amount int64,
              paid_on datetime64[ns]
claims        claim_id str, participant_id str, person str|NA, village_code,
              district_code, regency_code,
              program {"JKK","JKM"}, benefit str, event_on, paid_on datetime64[ns], amount int64
allocations   village_code, district_code, regency_code, year int64, bkbk_amount int64,
              mme_share float64, pr_share float64
workforce     regency_code str, year int64, employed, employed_formal, employed_informal,
              covered_formal, covered_informal int64
village_lists (optional) village_code, district_code, regency_code, year int64,
              list_row int64, person str (the NIK's pseudonym), nik_valid bool,
              category, sex str|NA, occupation str|NA

Names and birth dates are never part of a Dataset (see ``analysis.inputs.identities``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.reference.geography import BASIS, report_coding

TABLES = ("participants", "contributions", "claims", "allocations", "workforce")
OPTIONAL_TABLES = ("village_lists",)
CATEGORIES = ("MME", "PR")
PROGRAMS = ("JKK", "JKM")
BENEFITS = ("kematian", "berkala", "pemakaman", "beasiswa", "perawatan", "stmb", "cacat")


@dataclass(frozen=True)
class DatasetMeta:
    """Contents of ``dataset.toml``."""

    name: str
    source: str
    synthetic: bool
    as_of: date
    demo_key: bool = False  # pseudonyms made with the published demo key (synthetic only)
    village_coding: str = BASIS  # the coding the village codes were found in (geography)
    province: str | None = None  # the province the dataset is for (inputs.province)
    new_villages: tuple[str, ...] = ()  # villages new in 2025 it holds, added to the basis
    coding: str | None = None  # the coding its village codes were put in: the reports'

    def __post_init__(self) -> None:
        # stored as JSON in the dataset cache, the new villages come back as a list
        object.__setattr__(self, "new_villages", tuple(self.new_villages))


@dataclass(frozen=True)
class Issue:
    """One problem found in an input file; ``row`` is the line or Excel row the user sees.
    ``more``: the rows breaking the same rule beyond those listed, which this one issue
    stands for (listed issues stand for their own row); ``rows``: the rows a finding about a
    whole column is about (its rule says how many)."""

    severity: str  # "error" or "warning"
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    more: int = 0
    rows: int = 0

    @property
    def count(self) -> int:
        """The rows (or files) this issue stands for."""
        return self.more or self.rows or 1

    @property
    def text(self) -> str:
        """The rule, with the rows beyond those listed: ``… (and 2.899 more rows)``."""
        return f"{self.rule} (and {count_rows(self.more, 'more')})" if self.more else self.rule

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column!r}" if self.column else ""
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{self.severity}: {where}{value}: {self.text}"


def grouped(number: int) -> str:
    """A count in messages, its digits grouped the Indonesian way: '2.919'."""
    return f"{number:,}".replace(",", ".")


def count_rows(number: int, adjective: str = "") -> str:
    """'1 row', '1.234 more rows' (Indonesian digit grouping)."""
    words = " ".join(filter(None, [adjective, "row" if number == 1 else "rows"]))
    return f"{grouped(number)} {words}"


def missing_folder(folder: Path | str) -> Issue:
    """The error of a dataset folder that is not there."""
    return Issue("error", str(folder), None, None, None, "dataset folder not found")


class DatasetError(Exception):
    """A dataset that cannot be used; carries every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in dataset:\n" + "\n".join(map(str, errors)))

    def _render_traceback_(self) -> list[str]:
        """What Jupyter shows: the problems, not the code that found them."""
        return str(self).splitlines()


class ReadOnFirstUse:
    """A dataclass field that may be given a loader (a function without arguments) instead of
    its value: the loader is called, once, when the field is first read. The dataset cache
    leaves the village lists on disk this way until a reconciliation reads them."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._attribute = f"_{name}"

    def __get__(self, instance: object, owner: type | None = None):
        if instance is None:
            return None  # the field's default
        value = instance.__dict__[self._attribute]
        if callable(value):
            value = instance.__dict__[self._attribute] = value()
        return value

    def __set__(self, instance: object, value) -> None:
        instance.__dict__[self._attribute] = value


@dataclass
class Dataset:
    """A loaded, validated dataset."""

    path: Path
    meta: DatasetMeta
    participants: pd.DataFrame
    contributions: pd.DataFrame
    claims: pd.DataFrame
    allocations: pd.DataFrame
    workforce: pd.DataFrame
    warnings: list[Issue] = field(default_factory=list)
    # None when the dataset has no village lists; the cache gives a loader (ReadOnFirstUse)
    village_lists: pd.DataFrame | None = ReadOnFirstUse()

    @property
    def warning_rows(self) -> int:
        """Rows with a validation warning: each warning counted by the rows it stands for."""
        return sum(issue.count for issue in self.warnings if issue.severity == "warning")

    @cached_property
    def first_day(self) -> date | None:
        """Earliest date in the data: first enrolment, covered month or payment of a claim
        (found once: a national dataset has millions of rows)."""
        candidates = [self.participants["enrolled_on"].min(), self.contributions["period"].min(),
                      self.claims["paid_on"].min()]
        known = [pd.Timestamp(value).date() for value in candidates if pd.notna(value)]
        return min(known) if known else None

    @cached_property
    def villages_with_rows(self) -> frozenset[str]:
        """Codes of the villages with a participant, payment or allocation, found once (a
        report asks for each of its scopes)."""
        return frozenset().union(*(frame["village_code"].unique() for frame in
                                   (self.participants, self.contributions, self.allocations)))

    @cached_property
    def regencies_present(self) -> frozenset[str]:
        """Codes of the regencies with at least one row in one of the tables, found once (the
        dataset cache stores them, so that asking does not read the village lists)."""
        found: set[str] = set()
        for table in (*TABLES, *OPTIONAL_TABLES):
            frame = getattr(self, table)
            if isinstance(frame, pd.DataFrame) and "regency_code" in frame.columns:
                found.update(frame["regency_code"].dropna().unique())
        return frozenset(found)


def check_coding(dataset: Dataset) -> None:
    """ValueError when the dataset's village codes were read in another coding than the run's
    reports are made in: its villages would not be found in the reports' list."""
    coding = dataset.meta.coding
    if coding is not None and coding != report_coding():
        raise ValueError(f"the dataset {dataset.path} was read in the {coding} village coding "
                         f"and the reports are in the {report_coding()} coding: open it again "
                         "in the reports' coding")
