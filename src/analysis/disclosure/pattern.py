"""The run's pattern of hidden cells: chosen once from the dataset, read by every output.

``compute_pattern(dataset, quarter)`` chooses, per regency, the cells that the quarter's public
tables below regency level hide (SPEC "Disclosure control"): the claims per kecamatan and the
reconciliation's counts per kecamatan, and audits the choice (the attacker's bounds of every
hidden cell). ``disclosure_record`` makes ``disclosure.json`` of it. ``hidden_cells(dataset,
quarter, folder)`` is what the outputs call: it reads the record the run stored in its cache
folder, or computes it once per process. The pattern depends only on the dataset and the
parameters, so the run, every report kernel, the workbook and a notebook opened alone in
JupyterLab hide the same cells.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.disclosure.claims import (
    AMOUNT,
    AMOUNT_UNIT,
    QUARTER_TABLE,
    CellKey,
    add_claims,
    claims_tables,
)
from analysis.disclosure.lists import (
    LIST_COLUMNS,
    LIST_ROWS,
    RECONCILIATION_TABLE,
    add_reconciliation,
    reconciliation_tables,
)
from analysis.disclosure.protection import (
    TOLERANCE,
    Problem,
    ProblemBuilder,
    ProtectionError,
    attacker_bounds,
    choose_hidden,
    is_protected,
)
from analysis.disclosure.suppression import marker
from analysis.inputs import cache
from analysis.inputs.dataset import Dataset
from analysis.reconciliation.summary import quarter_counts
from analysis.reference.parameters import disclosure_threshold, in_force
from analysis.reference.periods import Quarter
from analysis.reference.scope import regency_codes

PRIMARY, SECONDARY = "primary", "secondary"
REGENCY_REPORT = "regency report (html, pdf, executed notebook)"
PUBLISHED_IN = {QUARTER_TABLE: [REGENCY_REPORT, "workbook"],
                RECONCILIATION_TABLE: [REGENCY_REPORT]}
FIXED_BENEFITS = ("jkm_death_lump_sum", "jkm_periodic", "funeral")
NOT_FOR_PUBLICATION = ("Audit record for the publisher: it tells small cells (primary) from "
                       "cells hidden to protect them (secondary), which the reports' one "
                       "marker does not; keep it with the run, do not publish it.")


def smallest_benefit_amount(on: date) -> int:
    """Smallest fixed benefit amount in force (Rupiah): the unit a hidden amount is
    protected in."""
    block = in_force("benefits", on)
    return int(min([block[name] for name in FIXED_BENEFITS] + block["scholarship_yearly"]))


@dataclass
class TableRelease:
    """One regency's public table of a quarter: its cells, the hidden ones and the attacker's
    bounds of each."""

    table: str
    regency: str
    keys: list[CellKey]
    problem: Problem
    hidden: np.ndarray
    smallest: np.ndarray
    largest: np.ndarray

    @property
    def protected(self) -> np.ndarray:
        """Per cell: False where the attacker narrows a small cell too much."""
        return is_protected(self.problem, self.smallest, self.largest)


@dataclass(frozen=True)
class HiddenCells:
    """The hidden cells of a quarter's public tables and why: what every output reads."""

    period: str
    reasons: dict[tuple[str, str, str, str], str]

    def reason(self, table: str, regency: str, district: str, column: str) -> str | None:
        """``primary``, ``secondary`` or None (shown)."""
        return self.reasons.get((table, regency, district, column))

    def mask(self, table: str, regency: str, districts: pd.Series,
             columns: Sequence[str]) -> pd.DataFrame:
        """Hidden cells of a regency's table, one row per entry of ``districts`` (codes)."""
        return pd.DataFrame({
            column: [self.reason(table, regency, d, column) is not None for d in districts]
            for column in columns}, index=districts.index)

    def counts(self) -> dict[str, int]:
        """Number of hidden cells by reason."""
        reasons = list(self.reasons.values())
        return {PRIMARY: reasons.count(PRIMARY), SECONDARY: reasons.count(SECONDARY)}

    @classmethod
    def from_record(cls, record: dict) -> HiddenCells:
        """The cells listed in a ``disclosure.json`` record."""
        return cls(record["period"], {
            (table["table"], table["regency"], cell["district"], cell["column"]): cell["reason"]
            for table in record["tables"] for cell in table["cells"]})


@dataclass
class ReleasePattern:
    """The cells a quarter's public outputs hide, with the problems they were chosen from."""

    period: str
    threshold: int
    smallest_amount: int
    seconds: float
    tables: list[TableRelease] = field(default_factory=list)

    @property
    def cells(self) -> HiddenCells:
        """The hidden cells and their reasons."""
        return HiddenCells(self.period, {
            (key.table, key.regency, key.district, key.column):
                PRIMARY if primary else SECONDARY
            for release in self.tables
            for key, hidden, primary in zip(release.keys, release.hidden,
                                            release.problem.primary, strict=True)
            if hidden})

    def unprotected(self) -> list[CellKey]:
        """Small cells that the attacker pins down."""
        return [key for release in self.tables
                for key, ok in zip(release.keys, release.protected, strict=True) if not ok]


def _built(add: Callable[[ProblemBuilder], None]) -> ProblemBuilder:
    builder = ProblemBuilder()
    add(builder)
    return builder


def _audited(table: str, regency: str, builder: ProblemBuilder) -> TableRelease:
    """A table's cheapest protecting pattern with the attacker's bounds of its hidden
    cells."""
    problem = builder.build()
    hidden = choose_hidden(problem)
    smallest, largest = attacker_bounds(problem, hidden)
    return TableRelease(table, regency, builder.keys, problem, hidden, smallest, largest)


def claims_release(regency: str, before: pd.DataFrame, now: pd.DataFrame, quarter: Quarter,
                   limits: tuple[int, int]) -> TableRelease:
    """A regency's claims per kecamatan (``now``; ``before``: the previous quarter's).

    Where cells beside the small ones must be hidden, those of the kecamatan that the previous
    quarter's table hides on its own are cheaper (a stable pattern; no relation ties the
    quarters' cells, so this is for the reader's sake, not for protection). Where the small
    cells protect each other, nothing else is hidden whatever the prices.
    """
    def model(cheaper: set[str]) -> ProblemBuilder:
        return _built(lambda b: add_claims(b, now, regency, quarter.label, *limits, cheaper))

    release = _audited(QUARTER_TABLE, regency, model(set()))
    if not (release.hidden & ~release.problem.primary).any():
        return release
    previous = _built(lambda b: add_claims(b, before, regency, quarter.previous.label, *limits))
    cheaper = {key.district for key, hide in
               zip(previous.keys, choose_hidden(previous.build()), strict=True) if hide}
    return _audited(QUARTER_TABLE, regency, model(cheaper))


def reconciliation_release(regency: str, frame: pd.DataFrame, quarter: Quarter,
                           threshold: int,
                           before: tuple[pd.DataFrame, np.ndarray] | None = None
                           ) -> TableRelease:
    """A regency's reconciliation counts per kecamatan; ``before``: the previous quarter's
    counts and the cells its release hid, when it counts the same year's lists.

    Every quarter of a year hides the year's list rows (``lists.year_list_hidden``). With
    ``before``, the cells are chosen with the previous quarter's table as published and its
    equal list rows in view, so that neither quarter's small cells can be narrowed.
    """
    own = _built(lambda b: add_reconciliation(b, frame, regency, quarter.label, threshold))
    if before is None:
        return _audited(RECONCILIATION_TABLE, regency, own)
    counts_before, hidden_before = before
    alone = own.build()

    def with_previous(states: np.ndarray) -> Problem:
        joint = ProblemBuilder()
        past = add_reconciliation(joint, counts_before, regency, quarter.previous.label,
                                  threshold, _table_states(counts_before, hidden_before))
        now = add_reconciliation(joint, frame, regency, quarter.label, threshold,
                                 _table_states(frame, states))
        for district in frame.index.intersection(counts_before.index):
            if frame.at[district, LIST_ROWS] == counts_before.at[district, LIST_ROWS]:
                joint.equal({now[district][LIST_ROWS]: 1.0, past[district][LIST_ROWS]: -1.0},
                            0.0)
        return joint.build()

    problem = with_previous(alone.fixed)
    try:
        hidden = choose_hidden(problem)
    except ProtectionError:
        # The whole table hidden, as for a small regency total (SPEC); where the previous
        # quarter's list rows and the regency totals still pin a small cell down, the audit
        # names it and the run publishes nothing.
        problem = with_previous(np.ones(len(own.keys)))
        hidden = np.nan_to_num(problem.fixed) > 0.5
    smallest, largest = attacker_bounds(problem, hidden)
    mine = slice(len(hidden_before), None)  # the joint problem's cells: before's, then own
    return TableRelease(RECONCILIATION_TABLE, regency, own.keys, alone, hidden[mine],
                        smallest[mine], largest[mine])


def reconciliation_releases(dataset: Dataset, quarter: Quarter, threshold: int,
                            folder: Path | None = None) -> list[TableRelease]:
    """Every regency's reconciliation release of a quarter. Each quarter's choice depends
    on the previous one's of the same year, so the year's quarters are chosen in turn from
    its first (or the first that can be reconciled), as their runs chose them."""
    releases, before = [], {}
    for step in range(1, quarter.q + 1):
        current = Quarter(quarter.year, step)
        counts = quarter_counts(dataset, current, folder)
        lists = {} if counts is None else reconciliation_tables(counts)
        releases = [reconciliation_release(code, lists[code], current, threshold,
                                           before.get(code))
                    for code in regency_codes() if code in lists]
        before = {release.regency: (lists[release.regency], release.hidden)
                  for release in releases}
    return releases


def _table_states(frame: pd.DataFrame, states: np.ndarray) -> pd.DataFrame:
    """Cell states in the builder's order (column by column) as a frame like ``frame``."""
    columns = list(LIST_COLUMNS)
    return pd.DataFrame(np.asarray(states, dtype=float).reshape(len(columns), len(frame)).T,
                        index=frame.index, columns=columns)


def compute_pattern(dataset: Dataset, quarter: Quarter,
                    folder: Path | None = None) -> ReleasePattern:
    """Choose and audit the pattern of a quarter's release; ``folder``: the run's cache
    folder, where the reconciliation counts are read from (or stored)."""
    started = time.perf_counter()
    threshold, smallest = disclosure_threshold(), smallest_benefit_amount(quarter.end)
    pattern = ReleasePattern(quarter.label, threshold, smallest, 0.0)
    before, now = claims_tables(dataset, quarter.previous), claims_tables(dataset, quarter)
    pattern.tables = [claims_release(code, before[code], now[code], quarter,
                                     (threshold, smallest)) for code in regency_codes()]
    pattern.tables += reconciliation_releases(dataset, quarter, threshold, folder)
    pattern.seconds = time.perf_counter() - started
    return pattern


def record_name(quarter: Quarter) -> str:
    """Name under which a run stores a quarter's disclosure record in its cache folder."""
    return f"disclosure-{quarter.label}"


def disclosure_record(pattern: ReleasePattern) -> dict:
    """``disclosure.json`` of a public run: every public table, its hidden cells (primary or
    secondary, no values) and the attacker's interval width of each, and the audit."""
    tables = []
    for release in pattern.tables:
        cells = []
        for key, hidden, primary, low, high in zip(
                release.keys, release.hidden, release.problem.primary, release.smallest,
                release.largest, strict=True):
            if hidden:
                unit = AMOUNT_UNIT if key.column == AMOUNT else 1
                cells.append({"district": key.district, "column": key.column,
                              "reason": PRIMARY if primary else SECONDARY,
                              "interval_width": round(float(high - low) * unit, 3),
                              "can_be_zero": bool(low <= TOLERANCE)})
        tables.append({"table": release.table, "period": pattern.period,
                       "regency": release.regency, "published_in": PUBLISHED_IN[release.table],
                       "cells": cells})
    failures = pattern.unprotected()
    return {
        "period": pattern.period,
        "audience": "public",
        "note": NOT_FOR_PUBLICATION,
        "marker": marker(),
        "threshold": pattern.threshold,
        "smallest_benefit_amount": pattern.smallest_amount,
        "hidden": pattern.cells.counts(),
        "optimisation_seconds": round(pattern.seconds, 3),
        "audit": {"passed": not failures,
                  "unprotected": [dataclasses.asdict(key) for key in failures]},
        "tables": tables,
    }


def hidden_cells(dataset: Dataset, quarter: Quarter, folder: Path | None = None) -> HiddenCells:
    """The quarter's hidden cells: read from the run's cache folder when the run stored them
    there, else chosen from the dataset (and stored), once per process."""
    record = cache.once(folder, record_name(quarter),
                        lambda: disclosure_record(compute_pattern(dataset, quarter, folder)))
    return HiddenCells.from_record(record)


def hidden_mask(cells: HiddenCells | None, table: str, regency: str, districts: pd.Series,
                columns: Sequence[str]) -> pd.DataFrame:
    """Hidden cells of a regency's public table, one row per entry of ``districts`` and one
    column per entry of ``columns``; none when ``cells`` is None (internal audience)."""
    if cells is None:
        return pd.DataFrame(False, index=districts.index, columns=list(columns))
    return cells.mask(table, regency, districts, columns)
