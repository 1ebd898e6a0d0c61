"""Contributions by covered month, continuity, budget realization and their frames."""

from datetime import date

import pandas as pd
import pytest
from builders import (
    ALANG_ALANG,
    LAMBUR,
    NIPAH_PANJANG_I,
    Q4_2025,
    SUNGAI_PENUH,
    TANJAB_TIMUR,
    TANJAB_TIMUR_SCOPE,
    allocation,
    make_dataset,
    payment,
    person,
)

from analysis.metrics import contributions
from analysis.metrics.scope_metrics import compute_metrics
from analysis.reference.scope import Scope

SIMBUR_NAIK = "15.07.01.2004"  # Muara Sabak Timur, no participants


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(
        participants=[
            person(ALANG_ALANG, "MME", "2024-01-01"),
            person(LAMBUR, "PR", "2024-01-01"),
            person(NIPAH_PANJANG_I, "MME", "2024-01-01"),
            person(SUNGAI_PENUH, "MME", "2024-01-01"),
        ],
        contributions=[
            payment(ALANG_ALANG, "MME", "2024-12", 5_000),  # cumulative only
            payment(ALANG_ALANG, "MME", "2025-01", 1_000),  # year to date
            payment(ALANG_ALANG, "MME", "2025-09", 9, paid_on="2025-10-05"),  # covers Q3
            payment(ALANG_ALANG, "MME", "2025-10", 100),
            payment(ALANG_ALANG, "MME", "2025-11", 200),
            payment(ALANG_ALANG, "MME", "2025-12", 300, paid_on="2026-01-15"),  # covers Q4
            payment(ALANG_ALANG, "MME", "2026-01", 7_000),  # after the period end
            payment(LAMBUR, "PR", "2025-10", 400),
            payment(LAMBUR, "PR", "2025-11", 0),  # zero: not a payment...
            payment(LAMBUR, "MME", "2025-11", 50),  # ...but the MME row pays November
            payment(LAMBUR, "PR", "2025-12", 500),
            payment(NIPAH_PANJANG_I, "MME", "2025-10", 600),
            payment(NIPAH_PANJANG_I, "MME", "2025-11", 0),  # a row, but nothing paid
            payment(NIPAH_PANJANG_I, "MME", "2025-12", 700),
            *[payment(SIMBUR_NAIK, "MME", m, 10) for m in ("2025-10", "2025-11", "2025-12")],
            payment(SUNGAI_PENUH, "MME", "2025-10", 1_000_000),
        ],
        allocations=[
            allocation(ALANG_ALANG, 2025),  # 100,000,000 x (0.10 + 0.05) = 15,000,000
            allocation(LAMBUR, 2025, bkbk_amount=80_000_000),  # x 0.15 = 12,000,000
            allocation(NIPAH_PANJANG_I, 2024),  # another year
            allocation(SUNGAI_PENUH, 2025),
        ],
        as_of=date(2026, 1, 31),
    )


def test_contributions_counted_by_covered_month(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    # Oct-Dec: Alang-Alang 100+200+300, Lambur 400+0+50+500, Nipah 600+700, Simbur 3 x 10.
    assert m["contributions_in_period"] == 600 + 950 + 1_300 + 30  # 2,880
    # 2025 up to December: + Jan 1,000 + Sep 9.
    assert m["contributions_ytd"] == 2_880 + 1_000 + 9  # 3,889
    # Every covered month up to December 2025: + Dec 2024 5,000; Jan 2026 excluded.
    assert m["contributions_cumulative"] == 3_889 + 5_000  # 8,889
    assert isinstance(m["contributions_in_period"], int)


def test_province_contributions_include_every_regency(dataset):
    m = compute_metrics(dataset, "15", "2025Q4")
    assert m["contributions_in_period"] == 2_880 + 1_000_000


def test_continuity(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    # Villages with participants: Alang-Alang, Lambur, Nipah Panjang I (Simbur Naik pays but
    # has nobody, so it is not counted). Paid all three months: Alang-Alang; Lambur (its MME
    # row covers November). Nipah's only November row is 0: not paid.  2 / 3.
    assert m["villages_with_participants"] == 3
    assert m["villages_paying_all_months"] == 2
    assert m["continuity"] == pytest.approx(2 / 3)


def test_continuity_null_without_participants():
    dataset = make_dataset(contributions=[payment(ALANG_ALANG, "MME", "2025-10", 10)])
    assert compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["continuity"] is None


def test_budget_realization(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    assert m["allocation_year"] == 15_000_000 + 12_000_000  # Nipah's 2024 row not counted
    assert m["budget_realization_ytd"] == pytest.approx(3_889 / 27_000_000)


def test_budget_realization_null_without_allocation(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2024Q4")
    # 2024 allocation: Nipah 15,000,000; contributions of 2024 months: Dec 5,000.
    assert m["budget_realization_ytd"] == pytest.approx(5_000 / 15_000_000)
    empty = make_dataset(participants=[person(ALANG_ALANG, "MME", "2025-01-01")])
    assert compute_metrics(empty, TANJAB_TIMUR, "2025Q4")["budget_realization_ytd"] is None


def test_monthly_contributions(dataset):
    table = contributions.monthly_contributions(dataset, Scope.resolve("Tanjab Timur"), Q4_2025)
    assert list(table.columns) == ["month", "MME", "PR", "total"]
    # First month with data: January 2024 (enrolments), to December 2025: 24 months.
    assert len(table) == 24 and table["month"].iloc[-1] == pd.Timestamp("2025-12-31")
    by_month = table.set_index(table["month"].dt.strftime("%Y-%m"))
    assert by_month.loc["2025-10"].tolist()[1:] == [100 + 600 + 10, 400, 1_110]
    assert by_month.loc["2025-11"].tolist()[1:] == [200 + 50 + 10, 0, 260]
    assert by_month.loc["2025-09", "total"] == 9
    assert by_month.loc["2024-12", "MME"] == 5_000
    assert by_month.loc["2025-10":"2025-12", "total"].sum() == 2_880


def test_continuity_by_district(dataset):
    table = contributions.continuity_by_district(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    assert list(table.columns) == ["district_code", "district_name", *months]
    assert len(table) == 11
    rows = table.set_index("district_name")
    # Muara Sabak Timur: Alang-Alang and Lambur have participants (Simbur Naik has none).
    assert rows.loc["Muara Sabak Timur", ["2025-10", "2025-11", "2025-12"]].tolist() == [1, 1, 1]
    assert rows.loc["Muara Sabak Timur", "2025-01"] == 0.5  # only Alang-Alang paid
    assert rows.loc["Muara Sabak Timur", "2025-02"] == 0.0
    assert rows.loc["Nipah Panjang", ["2025-10", "2025-11", "2025-12"]].tolist() == [1, 0, 1]
    assert rows.loc["Sadu", months].isna().all()  # nobody enrolled in Sadu


def test_budget_by_district(dataset):
    table = contributions.budget_by_district(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["district_code", "district_name", "allocation",
                                   "contributions_ytd", "realization"]
    rows = table.set_index("district_code")
    assert rows.loc["15.07.01", "allocation"] == 27_000_000
    # Alang-Alang 1,000 + 9 + 600, Lambur 950, Simbur Naik 30.
    assert rows.loc["15.07.01", "contributions_ytd"] == 2_589
    assert rows.loc["15.07.01", "realization"] == pytest.approx(2_589 / 27_000_000)
    assert rows.loc["15.07.02", "contributions_ytd"] == 1_300
    assert pd.isna(rows.loc["15.07.02", "realization"])  # no 2025 allocation
    assert table["contributions_ytd"].sum() == 3_889


def test_earmarked_budget_is_whole_rupiah():
    dataset = make_dataset(allocations=[allocation(ALANG_ALANG, 2025, 123_456_789, 0.1, 0.05)])
    earmarked = contributions.earmarked_by_village(dataset.allocations, 2025)
    assert earmarked.sum() == 18_518_518  # 123,456,789 x 0.15 = 18,518,518.35
