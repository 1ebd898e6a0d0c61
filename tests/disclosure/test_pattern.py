"""The run's pattern: chosen per regency and table, checked by the attacker."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from attacker import AMOUNT_UNIT, Attacker, list_relations, narrowed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure.claims import QUARTER_TABLE, claims_tables
from analysis.disclosure.lists import RECONCILIATION_TABLE, reconciliation_tables
from analysis.disclosure.pattern import (
    PRIMARY,
    HiddenCells,
    claims_release,
    compute_pattern,
    disclosure_record,
    reconciliation_release,
)
from analysis.reconciliation.findings import MATCHED, NOT_LISTED
from analysis.reconciliation.summary import quarter_counts
from analysis.reference.periods import Quarter

QUARTER = Quarter.parse("2025Q4")
LIMITS = (5, 1_500_000)
PER_CLAIM = 20_000_000
WINDOW = {QUARTER_TABLE: "quarter", RECONCILIATION_TABLE: "reconciliation"}


def claims(counts: list[int], beneficiaries: list[int] | None = None) -> pd.DataFrame:
    """A regency's claims per kecamatan (each claim Rp 20 juta; one beneficiary per claim
    unless given)."""
    counts = np.array(counts)
    return pd.DataFrame({"count": counts, "amount": counts * PER_CLAIM,
                         "beneficiaries": counts if beneficiaries is None else beneficiaries},
                        index=pd.Index([f"15.99.{i + 1:02d}" for i in range(len(counts))]))


def lists(list_rows: list[int], matched: list[int], not_listed: list[int]) -> pd.DataFrame:
    """A regency's reconciliation counts per kecamatan."""
    return pd.DataFrame({"list_rows": list_rows, MATCHED: matched, NOT_LISTED: not_listed},
                        index=pd.Index([f"15.99.{i + 1:02d}" for i in range(len(list_rows))]))


def publish(attacker: Attacker, truth: dict, table: str, regency: str, period: str,
            frame: pd.DataFrame, hidden: set[tuple[str, str]]) -> None:
    """Show a table with ``hidden`` cells (kecamatan, column) to the attacker."""
    window = WINDOW[table]
    for column in frame.columns:
        keys = []
        for district, value in frame[column].items():
            key = (period, window, regency, district, column)
            attacker.see(key, "x" if (district, column) in hidden else str(value))
            truth[key] = value / AMOUNT_UNIT if column == "amount" else value
            keys.append(key)
        attacker.sum_is(keys, str(int(frame[column].sum())))
    for district in frame.index:
        def key(measure, district=district):
            return (period, window, regency, district, measure)

        if table == QUARTER_TABLE:
            attacker.at_least({key("count"): 1.0, key("beneficiaries"): -1.0})
            attacker.at_least({key("count"): 1e5, key("amount"): -1.0})
        else:
            rate = "x" if {(district, "list_rows"), (district, MATCHED)} & hidden else \
                f"{frame.loc[district, MATCHED] / frame.loc[district, 'list_rows']:.1%}" \
                .replace(".", ",") if frame.loc[district, "list_rows"] else "–"
            attacker.rate_is(key(MATCHED), key("list_rows"), rate)


def hidden_cells(release) -> set[tuple[str, str]]:
    return {(k.district, k.column) for k, h in zip(release.keys, release.hidden, strict=True)
            if h}


def attack(release, frame: pd.DataFrame, before: tuple[pd.DataFrame, set] | None = None
           ) -> list:
    """Publish a table with the release's hidden cells and let the attacker at it; with
    ``before``, the previous quarter's table (counts, hidden cells) too."""
    attacker, truth = Attacker(), {}
    periods = [QUARTER.label]
    publish(attacker, truth, release.table, release.regency, QUARTER.label, frame,
            hidden_cells(release))
    if before is not None:
        periods.insert(0, QUARTER.previous.label)
        publish(attacker, truth, release.table, release.regency, QUARTER.previous.label,
                *before)
    if release.table == RECONCILIATION_TABLE:
        list_relations(attacker, periods, release.regency, list(frame.index))
    return narrowed(attacker.bounds(), truth, LIMITS[0], LIMITS[1] / AMOUNT_UNIT)


def hidden_rows(release) -> set[str]:
    return {k.district for k, hidden in zip(release.keys, release.hidden, strict=True)
            if hidden}


def test_a_zero_is_the_cheapest_protection_of_a_small_count():
    now = claims([2, 0, 9])
    release = claims_release("15.99", claims([0, 0, 0]), now, QUARTER, LIMITS)
    assert hidden_rows(release) == {"15.99.01", "15.99.02"}
    assert release.protected.all()
    assert attack(release, now) == []


def test_the_attacker_pins_a_small_count_hidden_alone():
    # The test's attacker can fail a pattern: the 2 hidden alone is its column total minus
    # what is shown; hidden with a zero, whose beneficiaries and amount are 0, it is not.
    now = claims([2, 0, 9])
    release = claims_release("15.99", claims([0, 0, 0]), now, QUARTER, LIMITS)
    alone = dataclasses.replace(release, hidden=release.hidden & release.problem.primary)
    assert [key[3] for key, *_ in attack(alone, now)] == ["15.99.01"] * 3


def test_small_beneficiaries_hide_their_row():
    now = claims([7, 6, 9, 8], beneficiaries=[3, 6, 9, 8])
    release = claims_release("15.99", claims([0, 0, 0, 0]), now, QUARTER, LIMITS)
    assert "15.99.01" in hidden_rows(release) and len(hidden_rows(release)) == 2
    assert attack(release, now) == []


def test_the_previous_quarters_hidden_rows_are_preferred():
    # Last quarter hid kecamatan 1 (small) and 4 (a zero, the cheapest protection). Now 1 is
    # small again and any of 2, 3, 4 protects it: 4 is chosen, as last quarter.
    now = claims([2, 7, 8, 6])
    release = claims_release("15.99", claims([3, 8, 9, 0]), now, QUARTER, LIMITS)
    assert hidden_rows(release) == {"15.99.01", "15.99.04"}
    assert attack(release, now) == []


def test_a_small_regency_total_hides_the_whole_breakdown():
    # Two claims in the regency: a zero beside the 2 would protect it, but SPEC hides all.
    now = claims([2, 0, 0, 0])
    release = claims_release("15.99", claims([0, 0, 0, 0]), now, QUARTER, LIMITS)
    assert release.hidden.all()
    assert attack(release, now) == []


def test_nothing_small_nothing_hidden():
    release = claims_release("15.99", claims([5, 6]), claims([7, 8]), QUARTER, LIMITS)
    assert not release.hidden.any()


def test_small_list_rows_and_their_matches_are_protected_together():
    frame = lists([3, 40, 52], [2, 30, 50], [9, 0, 12])
    release = reconciliation_release("15.99", frame, QUARTER, LIMITS[0])
    hidden = hidden_cells(release)
    assert {("15.99.01", "list_rows"), ("15.99.01", MATCHED)} <= hidden
    assert ("15.99.02", NOT_LISTED) not in hidden  # the zero is cheap, but nothing needs it
    assert release.protected.all()
    assert attack(release, frame) == []


def test_shown_match_rates_give_hidden_counts_away():
    # Why a rate goes with its counts: hidden counts 3/2 and 40/30 with both rates shown.
    attacker = Attacker()
    cell = {(d, m): (QUARTER.label, "reconciliation", "15.99", d, m)
            for d in ("a", "b") for m in ("list_rows", MATCHED)}
    for key in cell.values():
        attacker.see(key, "x")
    attacker.sum_is([cell["a", "list_rows"], cell["b", "list_rows"]], "43")
    attacker.sum_is([cell["a", MATCHED], cell["b", MATCHED]], "32")
    attacker.rate_is(cell["a", MATCHED], cell["a", "list_rows"], "66,7%")
    attacker.rate_is(cell["b", MATCHED], cell["b", "list_rows"], "75,0%")
    low, high = attacker.bounds()[cell["a", "list_rows"]]
    assert 2 < low <= 3 <= high < 4


def test_a_small_column_total_hides_the_whole_column():
    frame = lists([3, 0, 0], [1, 0, 0], [20, 30, 12])
    release = reconciliation_release("15.99", frame, QUARTER, LIMITS[0])
    hidden = hidden_cells(release)
    assert hidden == {(d, c) for d in frame.index for c in ("list_rows", MATCHED)}


def test_a_small_not_listed_count_is_protected_on_its_own():
    frame = lists([40, 41, 52], [30, 31, 50], [2, 0, 12])
    release = reconciliation_release("15.99", frame, QUARTER, LIMITS[0])
    hidden = hidden_cells(release)
    assert hidden == {("15.99.01", NOT_LISTED), ("15.99.02", NOT_LISTED)}
    assert attack(release, frame) == []


def test_a_reader_of_both_quarters_knows_the_years_list_rows():
    # Last quarter had no small cell and showed every list row; they are this quarter's too.
    # Alone, this quarter would protect the 4 by hiding list rows (the cheapest way): a
    # reader of both quarters then pins it to 3-5. With last quarter in view, four matched
    # counts with room up to their list rows are hidden instead.
    list_rows, not_listed = [5, 10, 10, 10, 10, 10], [9] * 6
    before = lists(list_rows, list_rows, not_listed)
    now = lists(list_rows, [4, 9, 9, 9, 9, 10], not_listed)
    shown_before = (before, set())
    alone = reconciliation_release("15.99", now, QUARTER, LIMITS[0])
    assert attack(alone, now) == []
    assert [key[3:] for key, *_ in attack(alone, now, shown_before)] == [
        ("15.99.01", MATCHED)]
    release = reconciliation_release("15.99", now, QUARTER, LIMITS[0],
                                     (before, np.zeros(3 * len(before), dtype=bool)))
    assert hidden_cells(release) == {("15.99.0" + str(i), MATCHED) for i in range(1, 6)}
    assert release.protected.all()
    assert attack(release, now, shown_before) == []


def test_a_small_cell_the_previous_quarter_pins_down_fails_the_audit():
    # Only 3 matched counts could take the 4: hiding every cell of the table cannot protect
    # it, so the audit names it (and a public run writes nothing).
    list_rows, not_listed = [5, 10, 10, 10, 10, 10], [9] * 6
    before = lists(list_rows, list_rows, not_listed)
    now = lists(list_rows, [4, 9, 9, 9, 10, 10], not_listed)
    release = reconciliation_release("15.99", now, QUARTER, LIMITS[0],
                                     (before, np.zeros(3 * len(before), dtype=bool)))
    assert release.hidden.all()
    assert [(k.district, k.column) for k, ok in zip(release.keys, release.protected,
                                                    strict=True) if not ok] == [
        ("15.99.01", MATCHED)]
    assert attack(release, now, (before, set())) != []


def test_every_quarter_of_a_year_hides_the_same_list_rows():
    list_rows = [3, 40, 52, 0]
    before = lists(list_rows, [2, 30, 50, 0], [9, 0, 12, 7])
    now = lists(list_rows, [3, 36, 44, 0], [8, 2, 12, 9])
    first = reconciliation_release("15.99", before, QUARTER.previous, LIMITS[0])
    second = reconciliation_release("15.99", now, QUARTER, LIMITS[0],
                                    (before, first.hidden))

    def hidden_list_rows(release):
        return {district for district, column in hidden_cells(release)
                if column == "list_rows"}

    assert "15.99.01" in hidden_list_rows(first)
    assert hidden_list_rows(second) == hidden_list_rows(first)
    assert attack(second, now, (before, hidden_cells(first))) == []


def small_regencies():
    """Kecamatan counts: many small cells, claims in one kecamatan only, or all small."""
    size = st.integers(2, 7)
    small = st.integers(0, 6)

    def many(k):
        return st.lists(small, min_size=k, max_size=k)

    def one(k):
        return st.integers(1, 6).map(lambda n: [n] + [0] * (k - 1))

    def all_small(k):
        return st.lists(st.integers(0, 2), min_size=k, max_size=k)

    return size.flatmap(lambda k: st.one_of(many(k), one(k), all_small(k)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_regencies(), st.data())
def test_no_generated_claims_table_falls_to_the_attacker(counts, data):
    beneficiaries = [data.draw(st.integers(min(1, c), c)) for c in counts]
    now = claims(counts, beneficiaries)
    release = claims_release("15.99", claims([0] * len(counts)), now, QUARTER, LIMITS)
    assert release.protected.all()
    assert attack(release, now) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_regencies(), st.data())
def test_no_generated_reconciliation_table_falls_to_the_attacker(list_rows, data):
    matched = [data.draw(st.integers(0, n)) for n in list_rows]
    not_listed = data.draw(st.lists(st.integers(0, 6), min_size=len(list_rows),
                                    max_size=len(list_rows)))
    frame = lists(list_rows, matched, not_listed)
    release = reconciliation_release("15.99", frame, QUARTER, LIMITS[0])
    assert release.protected.all()
    assert attack(release, frame) == []


@pytest.fixture(scope="module")
def demo_pattern(demo_dataset):
    return compute_pattern(demo_dataset, QUARTER)


def test_demo_quarter(demo_pattern):
    assert demo_pattern.cells.counts()[PRIMARY] > 0
    assert demo_pattern.unprotected() == []
    record = disclosure_record(demo_pattern)
    assert record["audit"]["passed"]
    assert HiddenCells.from_record(record) == demo_pattern.cells
    assert {t["table"] for t in record["tables"]} == {QUARTER_TABLE, RECONCILIATION_TABLE}
    widths = [c for t in record["tables"] for c in t["cells"] if c["reason"] == PRIMARY]
    assert all(c["can_be_zero"] or c["interval_width"] >= LIMITS[0] for c in widths
               if c["column"] != "amount")


def test_same_dataset_same_pattern(demo_dataset, demo_pattern):
    assert compute_pattern(demo_dataset, QUARTER).cells == demo_pattern.cells


def thin(frame: pd.DataFrame, regency: str, every: int) -> pd.DataFrame:
    """The rows of ``frame`` outside the regency, and one in ``every`` of those inside."""
    inside = frame["village_code"].astype(str).str.startswith(regency)
    return frame[~inside | (inside.cumsum() % every == 0)]


def sparse_claims(claims: pd.DataFrame, regency: str) -> pd.DataFrame:
    """The claims with about three of the regency's left in the quarter."""
    paid = pd.to_datetime(claims["paid_on"])
    in_quarter = claims["village_code"].astype(str).str.startswith(regency) & \
        (paid >= pd.Timestamp(QUARTER.start)) & (paid <= pd.Timestamp(QUARTER.end))
    return thin(claims, regency, max(1, int(in_quarter.sum()) // 3))


def sparse_regency(dataset, regency: str = "15.72"):
    """The dataset with few claims in a regency and short lists (one row in 300)."""
    return dataclasses.replace(dataset, claims=sparse_claims(dataset.claims, regency),
                               village_lists=thin(dataset.village_lists, regency, 300))


def test_a_regency_with_few_claims_and_short_lists(demo_dataset):
    sparse = sparse_regency(demo_dataset)
    pattern = compute_pattern(sparse, QUARTER)
    assert pattern.unprotected() == []
    now = claims_tables(sparse, QUARTER)["15.72"]
    assert 1 <= sum(now["count"]) < 5  # the whole regency's quarter is small
    frame = reconciliation_tables(quarter_counts(sparse, QUARTER))["15.72"]
    for release, table in ((r, now if r.table == QUARTER_TABLE else frame)
                           for r in pattern.tables if r.regency == "15.72"):
        assert release.problem.primary.any()
        assert attack(release, table) == []
