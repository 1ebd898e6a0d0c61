"""compute_metrics / compute_all_metrics: keys, scopes, periods, JSON and consistency."""

import dataclasses
import json
from datetime import date

import pytest
from builders import (
    ALANG_ALANG,
    LAMBUR,
    SUNGAI_PENUH,
    TANJAB_TIMUR,
    allocation,
    claim,
    make_dataset,
    payment,
    person,
    workforce_row,
)

from analysis.inputs.dataset import Issue
from analysis.metrics import catalog
from analysis.metrics.scope_metrics import compute_all_metrics, compute_metrics
from analysis.reference.geography import UnknownRegionError, regencies

REQUIRED = [
    "scope", "scope_name", "period", "period_end", "synthetic", "villages", "active",
    "active_prev_quarter", "active_prev_year", "new", "exits", "target", "attainment",
    "growth_qoq", "growth_yoy", "villages_on_target", "continuity", "budget_realization_ytd",
    "contributions_in_period", "contributions_cumulative", "claims_in_period",
    "santunan_cumulative", "benefit_contribution_ratio", "median_days_to_payment", "coverage",
    "index", "as_of", "warnings",
]


@pytest.fixture(scope="module")
def dataset():
    warning = Issue("warning", "claims.csv", 3, "participant_id", "X", "participant not found")
    return make_dataset(
        participants=[
            person(ALANG_ALANG, "MME", "2024-09-01", participant_id="A"),
            person(LAMBUR, "PR", "2025-02-01", "2025-11-01"),
            person(SUNGAI_PENUH, "MME", "2025-01-01"),
        ],
        contributions=[payment(ALANG_ALANG, "MME", m, 16_800)
                       for m in ("2025-10", "2025-11", "2025-12")],
        claims=[claim(ALANG_ALANG, "JKM", "kematian", "2025-10-01", "2025-10-21",
                      20_000_000, "A")],
        allocations=[allocation(ALANG_ALANG, 2025)],
        workforce=[workforce_row(TANJAB_TIMUR, 2025, 1_000, 300, 700, 100, 200)],
        as_of=date(2026, 2, 15),
        synthetic=True,
        warnings=[warning, warning],
    )


def test_every_required_key(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    assert [key for key in REQUIRED if key not in m] == []
    assert (m["scope"], m["scope_name"]) == ("15.07", "Kab. Tanjung Jabung Timur")
    assert (m["period"], m["period_end"], m["as_of"]) == ("2025Q4", "2025-12-31", "2026-02-15")
    assert m["synthetic"] is True and m["warnings"] == 2
    # a warning that stands for many rows counts them all
    many = dataclasses.replace(dataset, warnings=[
        dataclasses.replace(dataset.warnings[0], more=2_899),
        dataclasses.replace(dataset.warnings[0], rows=40)])
    assert compute_metrics(many, TANJAB_TIMUR, "2025Q4")["warnings"] == 2_899 + 40
    for key in ("active", "active_prev_quarter", "active_prev_year", "new", "exits", "target"):
        assert set(m[key]) == {"MME", "PR", "total"}
        assert all(type(v) is int for v in m[key].values())
    assert set(m["coverage"]) == {"year", "formal", "informal", "total"}
    assert set(m["index"]) >= {"score", "rank", "components"}


def test_json_ready(dataset):
    for m in compute_all_metrics(dataset, "2025Q4").values():
        text = json.dumps(m, allow_nan=False)  # no NaN, no numpy types
        assert json.loads(text) == m
        catalog.metrics_validator().validate(json.loads(text))


@pytest.mark.parametrize("scope", ["15.07", "1507", "Tanjab Timur",
                                   "Kab. Tanjung Jabung Timur"])
def test_scope_by_code_or_name(dataset, scope):
    assert compute_metrics(dataset, scope, "2025Q4")["scope"] == "15.07"


@pytest.mark.parametrize("scope", ["15", "province", "Provinsi Jambi"])
def test_province_scope(dataset, scope):
    m = compute_metrics(dataset, scope, "2025Q4")
    assert (m["scope"], m["scope_name"], m["villages"]) == ("15", "Provinsi Jambi", 1_562)


def test_unknown_scope(dataset):
    with pytest.raises(UnknownRegionError, match="unknown regency"):
        compute_metrics(dataset, "Atlantis", "2025Q4")


def test_latest_period(dataset):
    # as_of 2026-02-15: 2026Q1 is not complete yet.
    assert compute_metrics(dataset, TANJAB_TIMUR, "latest")["period"] == "2025Q4"


@pytest.mark.parametrize(("period", "message"), [
    ("2025-Q5", "period must look like 2025Q4"),
    ("2026Q1", "after the data's as_of date"),
    ("2024Q2", "before the data start"),
])
def test_bad_periods(dataset, period, message):
    with pytest.raises(ValueError, match=message):
        compute_metrics(dataset, TANJAB_TIMUR, period)


def test_all_metrics_match_single_scopes(dataset):
    every = compute_all_metrics(dataset, "2025Q4")
    assert list(every) == [r.code for r in regencies()] + ["15"]
    for code in ("15.07", "15.72", "15.01", "15"):
        assert every[code] == compute_metrics(dataset, code, "2025Q4")


def test_province_index_ranks_every_regency(dataset):
    index = compute_all_metrics(dataset, "2025Q4")["15"]["index"]
    assert index["score"] is None and index["rank"] is None
    ranking = index["ranking"]
    assert len(ranking) == 11
    assert {entry["regency_code"] for entry in ranking} == {r.code for r in regencies()}
    assert [entry["rank"] for entry in ranking] == sorted(entry["rank"] for entry in ranking)
    assert ranking[0]["rank"] == 1
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)


def test_a_regency_index_is_its_ranking_entry(dataset):
    every = compute_all_metrics(dataset, "2025Q4")
    entries = {e["regency_code"]: e for e in every["15"]["index"]["ranking"]}
    for code in ("15.07", "15.72"):
        own = every[code]["index"]
        assert (own["score"], own["rank"], own["components"]) == (
            entries[code]["score"], entries[code]["rank"], entries[code]["components"])


def test_headline_values(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    # A active all year; Lambur's PR enrolled Feb 2025 and left 1 Nov 2025.
    assert m["active"] == {"MME": 1, "PR": 0, "total": 1}
    assert m["active_prev_quarter"] == {"MME": 1, "PR": 1, "total": 2}
    assert m["exits"] == {"MME": 0, "PR": 1, "total": 1}
    assert m["growth_qoq"] == pytest.approx(-0.5)
    assert m["continuity"] == 1.0  # Alang-Alang paid Oct, Nov, Dec
    assert m["contributions_in_period"] == 3 * 16_800
    assert m["budget_realization_ytd"] == pytest.approx(50_400 / 15_000_000)
    assert m["median_days_to_payment"] == 20.0
    assert m["coverage"] == {"year": 2025, "formal": pytest.approx(100 / 300),
                             "informal": pytest.approx(200 / 700),
                             "total": pytest.approx(300 / 1_000)}
