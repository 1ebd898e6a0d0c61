"""Claims by payment date, santunan, days to payment and the benefit frames."""

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
    claim,
    make_dataset,
    payment,
    person,
)

from analysis.inputs.dataset import BENEFITS
from analysis.metrics import benefits
from analysis.metrics.scope_metrics import compute_metrics


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(
        participants=[
            # A was MME until June 2025, then PR (two enrolments of one person).
            person(ALANG_ALANG, "MME", "2023-01-01", "2025-06-01", participant_id="A"),
            person(ALANG_ALANG, "PR", "2025-06-01", participant_id="A"),
            person(LAMBUR, "PR", "2024-05-01", participant_id="B"),
            person(NIPAH_PANJANG_I, "MME", "2024-01-01", participant_id="C"),
            person(SUNGAI_PENUH, "MME", "2024-01-01", participant_id="D"),
        ],
        contributions=[
            payment(ALANG_ALANG, "MME", "2025-01", 1_000_000),
            payment(LAMBUR, "PR", "2025-10", 30_000_000),
        ],
        claims=[
            # 1: paid in Q2 (cumulative only); A was MME at the accident; 41 days.
            claim(ALANG_ALANG, "JKK", "perawatan", "2025-03-10", "2025-04-20", 3_000_000, "A"),
            # 2: Q4, A is PR by then; 28 days.
            claim(ALANG_ALANG, "JKK", "stmb", "2025-11-02", "2025-11-30", 1_500_000, "A"),
            # 3-5: death in Q3, paid in Q4 (the last on the period end day): 15, 15, 102 days.
            claim(LAMBUR, "JKM", "kematian", "2025-09-20", "2025-10-05", 20_000_000, "B"),
            claim(LAMBUR, "JKM", "pemakaman", "2025-09-20", "2025-10-05", 10_000_000, "B"),
            claim(LAMBUR, "JKM", "berkala", "2025-09-20", "2025-12-31", 12_000_000, "B"),
            # 6: paid after the period end: counted nowhere.
            claim(NIPAH_PANJANG_I, "JKM", "kematian", "2025-12-20", "2026-01-10", 20_000_000, "C"),
            # 7: unknown participant, paid in 2024; 27 days.
            claim(NIPAH_PANJANG_I, "JKK", "cacat", "2024-12-01", "2024-12-28", 5_000_000, "Z"),
            # 8: another regency.
            claim(SUNGAI_PENUH, "JKM", "kematian", "2025-10-01", "2025-10-11", 20_000_000, "D"),
        ],
        as_of=date(2026, 1, 31),
    )


def test_claims_in_period_by_paid_on(dataset):
    claims = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["claims_in_period"]
    # Claims 2-5: 1.5 + 20 + 10 + 12 = 43.5 million.
    assert (claims["count"], claims["amount"]) == (4, 43_500_000)
    assert claims["by_program"] == {"JKK": {"count": 1, "amount": 1_500_000},
                                    "JKM": {"count": 3, "amount": 42_000_000}}
    assert list(claims["by_benefit"]) == list(BENEFITS)
    assert claims["by_benefit"]["kematian"] == {"count": 1, "amount": 20_000_000}
    assert claims["by_benefit"]["berkala"] == {"count": 1, "amount": 12_000_000}
    assert claims["by_benefit"]["pemakaman"] == {"count": 1, "amount": 10_000_000}
    assert claims["by_benefit"]["stmb"] == {"count": 1, "amount": 1_500_000}
    assert claims["by_benefit"]["cacat"] == {"count": 0, "amount": 0}


def test_santunan_cumulative_and_ratio(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    # Q4 43.5 million + claim 1 (3 million) + claim 7 (5 million); claim 6 paid later.
    assert m["santunan_cumulative"] == 51_500_000
    # Contributions of months up to December 2025: 1 + 30 million.
    assert m["contributions_cumulative"] == 31_000_000
    assert m["benefit_contribution_ratio"] == pytest.approx(51_500_000 / 31_000_000)


def test_median_days_to_payment(dataset):
    # Q4 claims: 28, 15, 15, 102 days -> (15 + 28) / 2.
    assert compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["median_days_to_payment"] == 21.5
    # 2024Q4: claim 7 only.
    assert compute_metrics(dataset, TANJAB_TIMUR, "2024Q4")["median_days_to_payment"] == 27.0
    # 2025Q3: no payment at all -> null; ratio still defined by cumulative figures.
    q3 = compute_metrics(dataset, TANJAB_TIMUR, "2025Q3")
    assert q3["median_days_to_payment"] is None
    assert q3["claims_in_period"]["count"] == 0


def test_province_claims(dataset):
    claims = compute_metrics(dataset, "15", "2025Q4")["claims_in_period"]
    assert (claims["count"], claims["amount"]) == (5, 63_500_000)


def test_ratio_null_without_contributions():
    dataset = make_dataset(
        participants=[person(ALANG_ALANG, "MME", "2025-01-01", participant_id="A")],
        claims=[claim(ALANG_ALANG, "JKM", "kematian", "2025-10-01", "2025-10-02", 1, "A")],
    )
    assert compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["benefit_contribution_ratio"] is None


def test_claims_by_benefit(dataset):
    table = benefits.claims_by_benefit(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["program", "benefit", "count", "amount"]
    # Every combination present in the data, in program then benefit order.
    assert list(zip(table["program"], table["benefit"], strict=True)) == [
        ("JKK", "perawatan"), ("JKK", "stmb"), ("JKK", "cacat"),
        ("JKM", "kematian"), ("JKM", "berkala"), ("JKM", "pemakaman")]
    assert table["count"].tolist() == [0, 1, 0, 1, 1, 1]
    assert table["amount"].tolist() == [0, 1_500_000, 0, 20_000_000, 12_000_000, 10_000_000]
    total = benefits.claims_by_benefit(dataset, TANJAB_TIMUR_SCOPE, Q4_2025, cumulative=True)
    assert total["count"].tolist() == [1, 1, 1, 1, 1, 1]
    assert total["amount"].sum() == 51_500_000


def test_monthly_claims(dataset):
    table = benefits.monthly_claims(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["month", "program", "count", "amount"]
    assert len(table) == 36 * 2  # Jan 2023 (first enrolment) to Dec 2025, two programs
    rows = table.set_index([table["month"].dt.strftime("%Y-%m"), "program"])
    assert rows.loc[("2025-10", "JKM")].tolist()[1:] == [2, 30_000_000]
    assert rows.loc[("2025-10", "JKK")].tolist()[1:] == [0, 0]
    assert rows.loc[("2025-12", "JKM")].tolist()[1:] == [1, 12_000_000]
    assert rows.loc[("2024-12", "JKK")].tolist()[1:] == [1, 5_000_000]
    assert table["amount"].sum() == 51_500_000


def test_cumulative_santunan(dataset):
    table = benefits.cumulative_santunan(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["month", "amount", "cumulative", "MME_cumulative",
                                   "PR_cumulative"]
    rows = table.set_index(table["month"].dt.strftime("%Y-%m"))
    # April 2025: claim 1 (A was MME at the event) on top of claim 7 (unknown participant).
    assert rows.loc["2025-04"].tolist()[1:] == [3_000_000, 8_000_000, 3_000_000, 0]
    # December 2025: claim 5; PR: claims 2-5 = 43.5 million; claim 7 only in the total.
    assert rows.loc["2025-12"].tolist()[1:] == [12_000_000, 51_500_000, 3_000_000, 43_500_000]


def test_claim_category_is_the_enrolment_at_the_event(dataset):
    claims = dataset.claims
    categories = benefits.claim_categories(claims, dataset.participants)
    by_id = dict(zip(claims["claim_id"], categories, strict=True))
    first, second, unknown = (claims["claim_id"].iloc[i] for i in (0, 1, 6))
    assert by_id[first] == "MME" and by_id[second] == "PR"
    assert pd.isna(by_id[unknown])


def test_days_to_payment(dataset):
    table = benefits.days_to_payment(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["program", "benefit", "days"]
    assert table.values.tolist() == [["JKK", "stmb", 28], ["JKM", "berkala", 102],
                                     ["JKM", "kematian", 15], ["JKM", "pemakaman", 15]]
    total = benefits.days_to_payment(dataset, TANJAB_TIMUR_SCOPE, Q4_2025, cumulative=True)
    assert sorted(total["days"]) == [15, 15, 27, 28, 41, 102]


def test_claims_by_district(dataset):
    table = benefits.claims_by_district(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["district_code", "district_name", "count", "amount",
                                   "beneficiaries"]
    assert len(table) == 11
    rows = table.set_index("district_code")
    # Muara Sabak Timur: claims 2-5 of A and B.
    assert rows.loc["15.07.01", ["count", "amount", "beneficiaries"]].tolist() == [
        4, 43_500_000, 2]
    assert rows.loc["15.07.02", ["count", "amount", "beneficiaries"]].tolist() == [0, 0, 0]
    total = benefits.claims_by_district(dataset, TANJAB_TIMUR_SCOPE, Q4_2025, cumulative=True)
    rows = total.set_index("district_code")
    assert rows.loc["15.07.01", ["count", "amount", "beneficiaries"]].tolist() == [
        5, 46_500_000, 2]
    assert rows.loc["15.07.02", ["count", "amount", "beneficiaries"]].tolist() == [
        1, 5_000_000, 1]
