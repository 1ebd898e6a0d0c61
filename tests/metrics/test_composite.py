"""Composite index: min-max scaling, weights, scores and ranks."""

import pandas as pd
import pytest
from builders import (
    ALANG_ALANG,
    SUNGAI_PENUH,
    SUNGAI_PENUH_CITY,
    TANJAB_TIMUR,
    make_dataset,
    payment,
    person,
)

from analysis.metrics.composite import COMPONENTS, min_max, rank_regencies, regency_ranking
from analysis.metrics.scope_metrics import compute_metrics
from analysis.reference.parameters import index_weights

EQUAL = dict.fromkeys(COMPONENTS, 0.2)


def headline(coverage_total, coverage_informal, growth, continuity, attainment):
    """The parts of a regency's metrics that the index reads."""
    return {"coverage": {"total": coverage_total, "informal": coverage_informal},
            "growth_yoy": growth, "continuity": continuity, "attainment": {"total": attainment}}


def test_min_max_scaling():
    scaled = min_max(pd.Series([2.0, 4.0, 3.0, None]))
    assert scaled.tolist() == pytest.approx([0.0, 1.0, 0.5, 0.5])  # unknown -> neutral 0.5
    assert min_max(pd.Series([0.3, 0.3])).tolist() == [0.5, 0.5]  # no spread
    assert min_max(pd.Series([None, None], dtype="float64")).tolist() == [0.5, 0.5]


def test_scores_and_ranks_by_hand():
    ranking = rank_regencies({
        "15.01": headline(0.2, 0.1, 0.5, 0.9, 1.0),
        "15.02": headline(0.4, 0.3, 0.1, 0.5, 0.6),
        "15.03": headline(0.3, 0.3, None, 0.7, 0.6),
    }, weights=EQUAL)
    # scaled  cov_total cov_inf growth continuity attainment   sum  score = 100 x 0.2 x sum
    # 15.01       0        0      1       1          1          3    60
    # 15.02       1        1      0       0          0          2    40
    # 15.03      0.5       1     0.5     0.5         0         2.5   50
    assert ranking["regency_code"].tolist() == ["15.01", "15.03", "15.02"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking["score"].tolist() == pytest.approx([60.0, 50.0, 40.0])
    row = ranking.set_index("regency_code").loc["15.03"]
    assert row["regency_name"] == "Kab. Sarolangun"
    assert row["coverage_total"] == 0.3 and row["coverage_total_scaled"] == pytest.approx(0.5)
    assert pd.isna(row["growth_yoy"]) and row["growth_yoy_scaled"] == 0.5


def test_ties_share_the_best_rank():
    ranking = rank_regencies({
        "15.01": headline(0.1, 0.1, 0.1, 0.1, 0.1),
        "15.02": headline(0.5, 0.5, 0.5, 0.5, 0.5),
        "15.03": headline(0.5, 0.5, 0.5, 0.5, 0.5),
        "15.04": headline(0.3, 0.3, 0.3, 0.3, 0.3),
    }, weights=EQUAL)
    assert ranking["rank"].tolist() == [1, 1, 3, 4]
    assert ranking["regency_code"].tolist() == ["15.02", "15.03", "15.04", "15.01"]


def test_default_weights_come_from_the_parameters():
    weights = index_weights()
    assert set(weights) == set(COMPONENTS)
    assert sum(weights.values()) == pytest.approx(1.0)
    headlines = {"15.01": headline(0.2, 0.1, 0.5, 0.9, 1.0),
                 "15.02": headline(0.4, 0.3, 0.1, 0.5, 0.6)}
    pd.testing.assert_frame_equal(rank_regencies(headlines), rank_regencies(headlines, weights))


def test_weights_must_name_every_component():
    with pytest.raises(ValueError, match="index weights must name exactly"):
        rank_regencies({"15.01": headline(0, 0, 0, 0, 0)}, weights={"coverage_total": 1.0})


@pytest.fixture(scope="module")
def dataset():
    # Tanjab Timur: one participant, paid all of Q4. Sungai Penuh: one, never paid.
    return make_dataset(
        participants=[person(ALANG_ALANG, "MME", "2025-07-01"),
                      person(SUNGAI_PENUH, "MME", "2025-07-01")],
        contributions=[payment(ALANG_ALANG, "MME", m, 16_800)
                       for m in ("2025-10", "2025-11", "2025-12")],
    )


def test_regency_ranking_by_hand(dataset):
    table = regency_ranking(dataset, "2025Q4")
    assert list(table.columns) == [
        "regency_code", "regency_name", "rank", "score",
        *[name for component in COMPONENTS for name in (component, f"{component}_scaled")]]
    assert len(table) == 11
    w = index_weights()  # 0.25, 0.25, 0.15, 0.20, 0.15 in parameters.toml
    # No workforce data and nobody a year earlier: coverage and growth are unknown -> 0.5.
    neutral = 0.5 * (w["coverage_total"] + w["coverage_informal"] + w["growth_yoy"])
    # Continuity: Tanjab Timur 1 -> 1; Sungai Penuh 0 -> 0; the others unknown -> 0.5.
    # Attainment: Tanjab 1 / (75 x 93), Sungai Penuh 1 / (75 x 69) = the maximum, others 0.
    tanjab_attainment = (1 / 6_975) / (1 / 5_175)
    expected = {
        TANJAB_TIMUR: 100 * (neutral + w["continuity"] + w["attainment"] * tanjab_attainment),
        SUNGAI_PENUH_CITY: 100 * (neutral + w["attainment"]),
        "15.01": 100 * (neutral + w["continuity"] * 0.5),
    }
    rows = table.set_index("regency_code")
    for code, score in expected.items():
        assert rows.loc[code, "score"] == pytest.approx(score)
    assert rows.loc[TANJAB_TIMUR, "rank"] == 1  # 63.6 with the current weights
    assert rows.loc[SUNGAI_PENUH_CITY, "rank"] == 2  # 47.5
    assert (rows.drop([TANJAB_TIMUR, SUNGAI_PENUH_CITY])["rank"] == 3).all()  # 42.5 each


def test_metrics_index_matches_the_ranking(dataset):
    table = regency_ranking(dataset, "2025Q4").set_index("regency_code")
    index = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["index"]
    assert index["score"] == pytest.approx(table.loc[TANJAB_TIMUR, "score"])
    assert index["rank"] == 1
    assert index["components"]["continuity"] == {"value": 1.0, "scaled": 1.0}
    assert index["components"]["growth_yoy"] == {"value": None, "scaled": 0.5}
    assert index["weights"] == index_weights()
