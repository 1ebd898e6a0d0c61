"""The run's pattern of hidden cells: chosen once from the dataset, read by every output.

``compute_pattern(dataset, quarter)`` chooses, per regency, the rows of the claims tables that
the quarter's public outputs hide (SPEC "Disclosure control"), protecting the small cells of
this quarter and of the previous quarter's release, and audits the choice (the attacker's
bounds of every hidden cell). ``disclosure_record`` makes ``disclosure.json`` of it.
``hidden_cells(dataset, quarter, folder)`` is what the outputs call: it reads the record the
run stored in its cache folder, or computes it once per process. The pattern depends only on
the dataset and the parameters, so the run, every report kernel, the workbook and a notebook
opened alone in JupyterLab hide the same cells.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.disclosure.claims import (
    AMOUNT,
    AMOUNT_UNIT,
    BENEFICIARIES,
    COLUMNS,
    COUNT,
    CUMULATIVE_TABLE,
    QUARTER_TABLE,
    TABLES,
    CellKey,
    add_release,
    link_releases,
    release_tables,
)
from analysis.disclosure.protection import (
    TOLERANCE,
    Problem,
    ProblemBuilder,
    attacker_bounds,
    choose_hidden,
    is_protected,
)
from analysis.disclosure.suppression import marker
from analysis.inputs import cache
from analysis.inputs.dataset import Dataset
from analysis.reference.parameters import disclosure_threshold, in_force
from analysis.reference.periods import Quarter
from analysis.reference.scope import regency_codes

PRIMARY, SECONDARY = "primary", "secondary"
PUBLISHED_IN = {
    QUARTER_TABLE: ["regency report (html, pdf, executed notebook)", "workbook"],
    CUMULATIVE_TABLE: ["regency report (html, pdf, executed notebook)"],
}
FIXED_BENEFITS = ("jkm_death_lump_sum", "jkm_periodic", "funeral")


def smallest_benefit_amount(on: date) -> int:
    """Smallest fixed benefit amount in force (Rupiah): the unit a hidden amount is
    protected in."""
    block = in_force("benefits", on)
    return int(min([block[name] for name in FIXED_BENEFITS] + block["scholarship_yearly"]))


@dataclass
class RegencyRelease:
    """One regency's cells (this quarter's and the previous quarter's), the hidden ones and
    the attacker's bounds of each."""

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
    """The hidden cells of a quarter's claims tables and why: what every output reads."""

    period: str
    reasons: dict[tuple[str, str, str, str], str]

    def reason(self, table: str, regency: str, district: str, column: str) -> str | None:
        """``primary``, ``secondary`` or None (shown)."""
        return self.reasons.get((table, regency, district, column))

    def mask(self, table: str, regency: str, districts: pd.Series,
             columns: list[str]) -> pd.DataFrame:
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
    previous: str
    threshold: int
    smallest_amount: int
    seconds: float
    regencies: list[RegencyRelease] = field(default_factory=list)

    @property
    def cells(self) -> HiddenCells:
        """This quarter's hidden cells and their reasons."""
        return HiddenCells(self.period, {
            (key.table, key.regency, key.district, key.column):
                PRIMARY if primary else SECONDARY
            for release in self.regencies
            for key, hidden, primary in zip(release.keys, release.hidden,
                                            release.problem.primary, strict=True)
            if hidden and key.period == self.period})

    def unprotected(self) -> list[CellKey]:
        """Small cells of this or the previous release that the attacker pins down."""
        return [key for release in self.regencies
                for key, ok in zip(release.keys, release.protected, strict=True) if not ok]


Rows = dict[tuple[str, str, str], bool]  # (table, period, district) -> hidden


def _rows(keys: list[CellKey], hidden: np.ndarray) -> Rows:
    return {(k.table, k.period, k.district): bool(h) for k, h in zip(keys, hidden, strict=True)}


Tables = dict[str, pd.DataFrame]  # a release's tables of one regency
LADDER = (((COUNT, BENEFICIARIES), True), ((COUNT, BENEFICIARIES), False), (COLUMNS, False))


def _choose(code: str, releases: dict[str, Tables], limits: tuple[int, int],
            columns: tuple[str, ...], fixed: Rows | None = None,
            cheaper: set[tuple[str, str]] | frozenset = frozenset(),
            targets: str | None = None) -> Rows:
    """The rows a regency hides in one release, or in two linked ones ({period: tables},
    oldest first). fixed: rows already decided; targets: protect only this period's small
    cells (the others are checked afterwards). One MILP per regency: solved together, the
    regencies take the solver ten times longer."""
    builder = ProblemBuilder()
    for period, tables in releases.items():
        add_release(builder, tables, code, period, *limits, fixed=fixed, cheaper=cheaper,
                    columns=columns)
    periods = list(releases)
    if len(periods) == 2:
        link_releases(builder, releases[periods[1]][QUARTER_TABLE].index, code, periods[1],
                      periods[0], columns)
    if targets is not None:
        builder.groups = [g for g in builder.groups if g and builder.keys[g[0]].period == targets]
    return _rows(builder.keys, choose_hidden(builder.build()))


def _audit_model(code: str, before: Tables, now: Tables, quarter: Quarter,
                 limits: tuple[int, int]) -> ProblemBuilder:
    """The full model of a regency's two releases, which every choice is checked on."""
    builder = ProblemBuilder()
    for when, tables in ((quarter.previous.label, before), (quarter.label, now)):
        add_release(builder, tables, code, when, *limits)
    link_releases(builder, now[QUARTER_TABLE].index, code, quarter.label,
                  quarter.previous.label)
    return builder


def choose_regencies(tables: dict[str, tuple[Tables, Tables]], quarter: Quarter,
                     limits: tuple[int, int]) -> dict[str, RegencyRelease]:
    """This quarter's hidden rows of each regency ({regency: (previous quarter's tables,
    this quarter's)}), knowing the previous release (see ``compute_pattern``). Chosen on
    ever fuller models until the full model of both releases finds every small cell of the
    regency protected: counts and beneficiaries (amounts follow their counts) with this
    quarter's small cells as targets, then with every small cell, then all columns."""
    previous, period = quarter.previous.label, quarter.label
    audits = {code: _audit_model(code, *pair, quarter, limits) for code, pair in tables.items()}
    problems = {code: audit.build() for code, audit in audits.items()}
    releases: dict[str, RegencyRelease] = {}
    pending, alone = list(tables), {}
    for columns, targeted in LADDER:
        if not pending:
            break
        if columns not in alone:
            alone = {columns: {row: hidden for c in pending
                               for when, release in zip((previous, period), tables[c],
                                                        strict=True)
                               for row, hidden in _choose(c, {when: release}, limits,
                                                          columns).items()}}
        stand_alone = alone[columns]
        fixed = {row: hidden for row, hidden in stand_alone.items()
                 if row[1] == previous or hidden}
        cheaper = {(table, district) for (table, when, district), hidden in stand_alone.items()
                   if hidden and when == previous}
        for code in list(pending):
            rows = _choose(code, {previous: tables[code][0], period: tables[code][1]}, limits,
                           columns, fixed, cheaper, period if targeted else None)
            keys, problem = audits[code].keys, problems[code]
            hidden = np.array([rows[(k.table, k.period, k.district)] for k in keys])
            current = np.array([k.period == period for k in keys])
            smallest, largest = attacker_bounds(problem, hidden, widths=current)
            releases[code] = RegencyRelease(code, keys, problem, hidden, smallest, largest)
            if releases[code].protected.all():
                pending.remove(code)
    return releases


def compute_pattern(dataset: Dataset, quarter: Quarter) -> ReleasePattern:
    """Choose the pattern of a quarter's release.

    Per regency: S(t-1) and S(t), the patterns each quarter would hide alone, then P(t), the
    published one: it hides at least S(t), protects every small cell of both quarters given
    that the previous release hid S(t-1), and prefers cells S(t-1) hid. The previous release
    actually published P(t-1), which hides at least S(t-1): hiding more only widens what a
    reader can tell, so the protection holds against it too, and nothing but the dataset is
    needed to work it out.
    """
    started = time.perf_counter()
    threshold, smallest = disclosure_threshold(), smallest_benefit_amount(quarter.end)
    pattern = ReleasePattern(quarter.label, quarter.previous.label, threshold, smallest, 0.0)
    before, now = release_tables(dataset, quarter.previous), release_tables(dataset, quarter)
    releases = choose_regencies({code: (before[code], now[code]) for code in regency_codes()},
                                quarter, (threshold, smallest))
    pattern.regencies = [releases[code] for code in regency_codes()]
    pattern.seconds = time.perf_counter() - started
    return pattern


def record_name(quarter: Quarter) -> str:
    """Name under which a run stores a quarter's disclosure record in its cache folder."""
    return f"disclosure-{quarter.label}"


def disclosure_record(pattern: ReleasePattern) -> dict:
    """``disclosure.json`` of a public run: every public table, its hidden cells (primary or
    secondary, no values) and the attacker's interval width of each, and the audit."""
    tables = []
    for release in pattern.regencies:
        for table in TABLES:
            cells = []
            for key, hidden, primary, low, high in zip(
                    release.keys, release.hidden, release.problem.primary, release.smallest,
                    release.largest, strict=True):
                if not hidden or key.table != table or key.period != pattern.period:
                    continue
                unit = AMOUNT_UNIT if key.column == AMOUNT else 1
                cells.append({"district": key.district, "column": key.column,
                              "reason": PRIMARY if primary else SECONDARY,
                              "interval_width": round(float(high - low) * unit, 3),
                              "can_be_zero": bool(low <= TOLERANCE)})
            tables.append({"table": table, "period": pattern.period,
                           "regency": release.regency, "published_in": PUBLISHED_IN[table],
                           "cells": cells})
    failures = pattern.unprotected()
    return {
        "period": pattern.period,
        "audience": "public",
        "marker": marker(),
        "threshold": pattern.threshold,
        "smallest_benefit_amount": pattern.smallest_amount,
        "hidden": pattern.cells.counts(),
        "optimisation_seconds": round(pattern.seconds, 3),
        "audit": {"passed": not failures, "previous_release": pattern.previous,
                  "unprotected": [dataclasses.asdict(key) for key in failures]},
        "tables": tables,
    }


def hidden_cells(dataset: Dataset, quarter: Quarter, folder: Path | None = None) -> HiddenCells:
    """The quarter's hidden cells: read from the run's cache folder when the run stored them
    there, else chosen from the dataset (and stored), once per process."""
    record = cache.once(folder, record_name(quarter),
                        lambda: disclosure_record(compute_pattern(dataset, quarter)))
    return HiddenCells.from_record(record)


def claims_mask(cells: HiddenCells | None, table: str, regency: str,
                districts: pd.Series) -> pd.DataFrame:
    """Hidden cells (count, amount, beneficiaries) of a regency's claims table, one row per
    entry of ``districts``; none when ``cells`` is None (internal audience)."""
    if cells is None:
        return pd.DataFrame(False, index=districts.index, columns=list(COLUMNS))
    return cells.mask(table, regency, districts, list(COLUMNS))
