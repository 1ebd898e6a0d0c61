"""Property tests on generated small datasets: flow identity, province = sum of regencies
(checked against a direct count on the raw tables), ratios in range (disclosure control has
its own in tests/disclosure)."""

from datetime import date, timedelta

import pandas as pd
from builders import allocation, claim, make_dataset, payment, person, workforce_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.inputs.dataset import BENEFITS, CATEGORIES, PROGRAMS
from analysis.metrics.scope_metrics import compute_all_metrics

VILLAGES = ["15.07.01.2001", "15.07.01.2002", "15.07.02.1001", "15.72.01.1001",
            "15.72.01.2004", "15.01.01.2001"]
REGENCIES = ["15.01", "15.07", "15.72"]
FIRST_DAY = date(2022, 9, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days
QUARTERS = [f"{y}Q{q}" for y in (2022, 2023, 2024, 2025) for q in (1, 2, 3, 4)][2:]
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def day(offset: int) -> date:
    return FIRST_DAY + timedelta(days=offset)


@st.composite
def datasets(draw):
    people = draw(st.lists(st.tuples(
        st.sampled_from(VILLAGES), st.sampled_from(CATEGORIES), st.integers(0, DAYS),
        st.one_of(st.none(), st.integers(0, 500))), max_size=40))
    payments = draw(st.lists(st.tuples(
        st.sampled_from(VILLAGES), st.sampled_from(CATEGORIES), st.integers(0, 39),
        st.integers(0, 3) | st.integers(0, 2_000_000)), max_size=40))
    claims = draw(st.lists(st.tuples(
        st.sampled_from(VILLAGES), st.sampled_from(PROGRAMS), st.sampled_from(BENEFITS),
        st.integers(0, DAYS), st.integers(0, 90), st.integers(1, 50_000_000)), max_size=15))
    budgets = draw(st.lists(st.tuples(
        st.sampled_from(VILLAGES), st.integers(2022, 2025), st.integers(0, 200_000_000)),
        max_size=8, unique_by=lambda row: row[:2]))
    workforce = []
    for regency in REGENCIES:
        for year in draw(st.sets(st.integers(2022, 2025), max_size=3)):
            formal, informal = draw(st.integers(0, 5_000)), draw(st.integers(0, 5_000))
            workforce.append(workforce_row(
                regency, year, formal + informal, formal, informal,
                draw(st.integers(0, formal)), draw(st.integers(0, informal))))
    months = pd.period_range("2022-09", periods=40, freq="M").strftime("%Y-%m")
    return make_dataset(
        participants=[person(v, c, day(s), None if e is None else day(min(s + e, DAYS)))
                      for v, c, s, e in people],
        contributions=[payment(VILLAGES[0], "MME", "2022-09", 0)]  # data start: Sep 2022
        + [payment(v, c, months[m], a) for v, c, m, a in payments],
        claims=[claim(v, p, b, day(e), day(min(e + d, DAYS)), a)
                for v, p, b, e, d, a in claims],
        allocations=[allocation(v, y, a) for v, y, a in budgets],
        workforce=workforce,
    )


def direct_province(dataset, quarter_end: date) -> dict:
    """Province figures counted straight from the raw tables with pandas."""
    p = dataset.participants
    end = pd.Timestamp(quarter_end)
    active = (p["enrolled_on"] <= end) & (p["ended_on"].isna() | (p["ended_on"] > end))
    start = pd.Timestamp(quarter_end.year, quarter_end.month - 2, 1)
    c, k = dataset.contributions, dataset.claims
    in_quarter = k[(k["paid_on"] >= start) & (k["paid_on"] <= end)]
    return {
        "active": {cat: int((active & (p["category"] == cat)).sum()) for cat in CATEGORIES},
        "contributions_in_period": int(c.loc[(c["period"] >= start) & (c["period"] <= end),
                                             "amount"].sum()),
        "contributions_cumulative": int(c.loc[c["period"] <= end, "amount"].sum()),
        "claims": (len(in_quarter), int(in_quarter["amount"].sum())),
        "santunan_cumulative": int(k.loc[k["paid_on"] <= end, "amount"].sum()),
    }


@SETTINGS
@given(dataset=datasets(), period=st.sampled_from(QUARTERS))
def test_metric_identities(dataset, period):
    every = compute_all_metrics(dataset, period)
    province, regencies = every["15"], [m for code, m in every.items() if code != "15"]

    for m in every.values():
        # active(end) = active(previous end) + new - exits, per category and in total.
        for key in ("MME", "PR", "total"):
            assert m["active"][key] == (m["active_prev_quarter"][key] + m["new"][key]
                                        - m["exits"][key])
        # Ratios in range.
        assert all(v is None or v >= 0 for v in m["attainment"].values())
        for key in ("continuity",):
            assert m[key] is None or 0 <= m[key] <= 1
        for key in ("formal", "informal", "total"):
            assert m["coverage"][key] is None or 0 <= m["coverage"][key] <= 1
        for key in ("budget_realization_ytd", "benefit_contribution_ratio",
                    "median_days_to_payment"):
            assert m[key] is None or m[key] >= 0
        for key in ("growth_qoq", "growth_yoy"):
            assert m[key] is None or m[key] >= -1
        assert m["villages_on_target"] <= m["villages"]
        assert m["villages_paying_all_months"] <= m["villages_with_participants"]

    # Province = sum over the 11 regencies.
    for key in ("active", "active_prev_quarter", "active_prev_year", "new", "exits", "target"):
        for category in ("MME", "PR", "total"):
            assert province[key][category] == sum(m[key][category] for m in regencies)
    for key in ("villages", "villages_on_target", "villages_with_participants",
                "villages_paying_all_months", "contributions_in_period", "contributions_ytd",
                "contributions_cumulative", "allocation_year", "santunan_cumulative"):
        assert province[key] == sum(m[key] for m in regencies)
    claims = province["claims_in_period"]
    assert claims["count"] == sum(m["claims_in_period"]["count"] for m in regencies)
    assert claims["amount"] == sum(m["claims_in_period"]["amount"] for m in regencies)
    assert claims["count"] == sum(v["count"] for v in claims["by_program"].values())
    assert claims["amount"] == sum(v["amount"] for v in claims["by_benefit"].values())

    # ... and equal to a direct count on the raw tables.
    direct = direct_province(dataset, date.fromisoformat(province["period_end"]))
    assert {c: province["active"][c] for c in CATEGORIES} == direct["active"]
    assert province["contributions_in_period"] == direct["contributions_in_period"]
    assert province["contributions_cumulative"] == direct["contributions_cumulative"]
    assert (claims["count"], claims["amount"]) == direct["claims"]
    assert province["santunan_cumulative"] == direct["santunan_cumulative"]

    # Index: scores within 0..100, component scores within 0..1 and unknown exactly when the
    # value is, rank 1 exists.
    ranking = province["index"]["ranking"]
    assert min(entry["rank"] for entry in ranking) == 1
    for entry in ranking:
        assert 0 <= entry["score"] <= 100
        for component in entry["components"].values():
            assert (component["scaled"] is None) == (component["value"] is None)
            assert component["scaled"] is None or 0 <= component["scaled"] <= 1

