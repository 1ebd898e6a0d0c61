"""The run's pattern: chosen per regency for two linked releases, checked by the attacker."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from attacker import AMOUNT_UNIT, Attacker, known_relations, narrowed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure.claims import CUMULATIVE_TABLE, QUARTER_TABLE, release_tables
from analysis.disclosure.pattern import (
    PRIMARY,
    HiddenCells,
    choose_regencies,
    compute_pattern,
    disclosure_record,
)
from analysis.reference.periods import Quarter

QUARTER = Quarter.parse("2025Q4")
LIMITS = (5, 1_500_000)
WINDOW = {QUARTER_TABLE: "quarter", CUMULATIVE_TABLE: "cumulative"}
PER_CLAIM = 20_000_000


def frames(earlier: list[int], last: list[int], this: list[int]) -> tuple[dict, dict]:
    """A regency's tables of two quarters from claims per kecamatan: before the previous
    quarter, in it, and in this one (each claim Rp 20 juta, one beneficiary per claim)."""
    districts = [f"15.99.{i + 1:02d}" for i in range(len(this))]

    def table(counts):
        counts = np.array(counts)
        return pd.DataFrame({"count": counts, "amount": counts * PER_CLAIM,
                             "beneficiaries": counts}, index=pd.Index(districts))

    before = np.array(earlier) + np.array(last)
    return ({QUARTER_TABLE: table(last), CUMULATIVE_TABLE: table(before)},
            {QUARTER_TABLE: table(this), CUMULATIVE_TABLE: table(before + np.array(this))})


def attack(before: dict, now: dict, hidden_rows: set[tuple[str, str, str]],
           regency: str = "15.99") -> list:
    """Publish both releases with the given hidden rows and let the attacker at them."""
    attacker, truth = Attacker(), {}
    periods = [QUARTER.previous.label, QUARTER.label]
    for period, tables in zip(periods, (before, now), strict=True):
        for table, frame in tables.items():
            for column in frame.columns:
                keys = []
                for district, value in frame[column].items():
                    key = (period, WINDOW[table], regency, district, column)
                    shown = "x" if (table, period, district) in hidden_rows else str(value)
                    attacker.see(key, shown)
                    truth[key] = value / AMOUNT_UNIT if column == "amount" else value
                    keys.append(key)
                attacker.sum_is(keys, str(int(frame[column].sum())))
    known_relations(attacker, periods, regency, list(now[QUARTER_TABLE].index))
    return narrowed(attacker.bounds(), truth, LIMITS[0], LIMITS[1] / AMOUNT_UNIT)


def hidden_rows(release) -> set[tuple[str, str, str]]:
    return {(k.table, k.period, k.district)
            for k, hidden in zip(release.keys, release.hidden, strict=True) if hidden}


def test_a_small_quarter_cell_hides_its_cumulative_row_too():
    before, now = frames([20, 30, 25], [0, 0, 0], [2, 0, 9])
    release = choose_regencies({"15.99": (before, now)}, QUARTER, LIMITS)["15.99"]
    rows = hidden_rows(release)
    # 2 is small; the 0 beside it protects it in the quarter's table, and the cumulative
    # cells of both must go too, or cumulative minus the previous cumulative gives 2 away.
    assert {(QUARTER_TABLE, "2025Q4", "15.99.01"), (QUARTER_TABLE, "2025Q4", "15.99.02"),
            (CUMULATIVE_TABLE, "2025Q4", "15.99.01"),
            (CUMULATIVE_TABLE, "2025Q4", "15.99.02")} <= rows
    assert release.protected.all()
    assert attack(before, now, rows) == []


def test_the_previous_release_is_not_undone():
    # Last quarter hid kecamatan 1's small cumulative 3; this quarter nothing new happened
    # there, so showing its cumulative now would give last quarter's 3 away.
    before, now = frames([0, 20, 25], [3, 0, 0], [0, 6, 7])
    release = choose_regencies({"15.99": (before, now)}, QUARTER, LIMITS)["15.99"]
    rows = hidden_rows(release)
    assert (CUMULATIVE_TABLE, "2025Q3", "15.99.01") in rows
    assert (CUMULATIVE_TABLE, "2025Q4", "15.99.01") in rows
    assert attack(before, now, rows) == []


def test_nothing_small_nothing_hidden():
    before, now = frames([20, 30], [5, 6], [7, 8])
    release = choose_regencies({"15.99": (before, now)}, QUARTER, LIMITS)["15.99"]
    assert not release.hidden.any()


def small_regencies():
    """Kecamatan counts: many small cells, claims in one kecamatan only, or all small."""
    size = st.integers(2, 6)
    small = st.integers(0, 6)

    def many(k):
        return st.tuples(st.lists(st.integers(0, 30), min_size=k, max_size=k),
                         st.lists(small, min_size=k, max_size=k),
                         st.lists(small, min_size=k, max_size=k))

    def one(k):
        return st.tuples(st.integers(0, 9), st.integers(1, 6), st.integers(1, 6)).map(
            lambda t: ([t[0]] + [0] * (k - 1), [t[1]] + [0] * (k - 1),
                       [t[2]] + [0] * (k - 1)))

    def all_small(k):
        tiny = st.lists(st.integers(0, 2), min_size=k, max_size=k)
        return st.tuples(tiny, tiny, tiny)

    return size.flatmap(lambda k: st.one_of(many(k), one(k), all_small(k)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_regencies())
def test_no_generated_table_falls_to_the_attacker(counts):
    before, now = frames(*counts)
    release = choose_regencies({"15.99": (before, now)}, QUARTER, LIMITS)["15.99"]
    assert release.protected.all()
    assert attack(before, now, hidden_rows(release)) == []


@pytest.fixture(scope="module")
def demo_pattern(demo_dataset):
    return compute_pattern(demo_dataset, QUARTER)


def test_demo_quarter(demo_pattern):
    counts = demo_pattern.cells.counts()
    assert counts[PRIMARY] > 0 and counts["secondary"] > 0
    assert demo_pattern.unprotected() == []
    record = disclosure_record(demo_pattern)
    assert record["audit"]["passed"]
    assert HiddenCells.from_record(record) == demo_pattern.cells
    widths = [c for t in record["tables"] for c in t["cells"] if c["reason"] == PRIMARY]
    assert all(c["can_be_zero"] or c["interval_width"] >= LIMITS[0] for c in widths
               if c["column"] != "amount")


def test_same_dataset_same_pattern(demo_dataset, demo_pattern):
    assert compute_pattern(demo_dataset, QUARTER).cells == demo_pattern.cells


def test_a_regency_with_few_claims(demo_dataset):
    claims = demo_dataset.claims
    few = claims["village_code"].astype(str).str.startswith("15.72")
    keep = ~few | (few & (np.arange(len(claims)) % 40 == 0))
    sparse = dataclasses.replace(demo_dataset, claims=claims[keep])
    pattern = compute_pattern(sparse, QUARTER)
    assert pattern.unprotected() == []
    release = next(r for r in pattern.regencies if r.regency == "15.72")
    assert release.problem.primary.any()
    before = release_tables(sparse, QUARTER.previous)["15.72"]
    now = release_tables(sparse, QUARTER)["15.72"]
    assert sum(now[QUARTER_TABLE]["count"]) < 5  # the whole regency's quarter is small
    assert attack(before, now, hidden_rows(release), "15.72") == []
