"""Composite index: scores against fixed reference points, weights, scores and ranks."""

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

from analysis.metrics.composite import (
    COMPONENTS,
    against_reference,
    rank_regencies,
    regency_ranking,
    shown_score,
)
from analysis.metrics.scope_metrics import compute_metrics
from analysis.reference.parameters import (
    index_reference_sources,
    index_references,
    index_weights,
)

EQUAL = dict.fromkeys(COMPONENTS, 0.2)
# Coverage goal 50%, growth 10%, full continuity and attainment.
REFERENCES = {"coverage_total": 0.5, "coverage_informal": 0.5, "growth_yoy": 0.1,
              "continuity": 1.0, "attainment": 1.0}


def headline(coverage_total, coverage_informal, growth, continuity, attainment):
    """The parts of a regency's metrics that the index reads."""
    return {"coverage": {"total": coverage_total, "informal": coverage_informal},
            "growth_yoy": growth, "continuity": continuity, "attainment": {"total": attainment}}


def test_scores_against_a_reference_point():
    scored = against_reference(pd.Series([0.2, 0.5, 0.7, -0.05, None]), 0.5)
    assert scored.tolist()[:4] == pytest.approx([0.4, 1.0, 1.0, 0.0])  # kept within 0..1
    assert pd.isna(scored.iloc[4])  # unknown stays unknown


def test_shown_score_rounds_half_up_to_one_decimal():
    assert shown_score(71.45) == 71.5
    assert shown_score(71.449) == 71.4
    assert shown_score(0.05) == 0.1


def test_scores_and_ranks_by_hand():
    ranking = rank_regencies({
        "15.01": headline(0.2, 0.1, 0.05, 0.9, 1.2),
        "15.02": headline(0.4, 0.3, -0.02, 0.5, 0.6),
        "15.03": headline(0.3, 0.3, None, 0.7, 0.6),
    }, weights=EQUAL, references=REFERENCES)
    # scored  cov_total cov_inf growth continuity attainment  known weight  score
    # 15.01     0.4      0.2    0.5      0.9        1 (cap)     1     100 x 0.2 x 3.0 = 60
    # 15.02     0.8      0.6    0 (cap)  0.5        0.6         1     100 x 0.2 x 2.5 = 50
    # 15.03     0.6      0.6    -        0.7        0.6        0.8    100 x 0.2 x 2.5 / 0.8 = 62.5
    assert ranking["regency_code"].tolist() == ["15.03", "15.01", "15.02"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking["score"].tolist() == pytest.approx([62.5, 60.0, 50.0])
    row = ranking.set_index("regency_code").loc["15.03"]
    assert row["regency_name"] == "Kab. Sarolangun"
    assert row["coverage_total"] == 0.3 and row["coverage_total_scaled"] == pytest.approx(0.6)
    assert pd.isna(row["growth_yoy"]) and pd.isna(row["growth_yoy_scaled"])


def test_a_score_does_not_depend_on_the_other_regencies():
    alone = rank_regencies({"15.01": headline(0.2, 0.1, 0.05, 0.9, 1.2)},
                           weights=EQUAL, references=REFERENCES)
    with_others = rank_regencies({"15.01": headline(0.2, 0.1, 0.05, 0.9, 1.2),
                                  "15.02": headline(0.5, 0.5, 0.1, 1.0, 1.0)},
                                 weights=EQUAL, references=REFERENCES)
    assert alone["score"].iloc[0] == with_others.set_index("regency_code").loc["15.01", "score"]


def test_ties_share_the_best_rank():
    ranking = rank_regencies({
        "15.01": headline(0.1, 0.1, 0.01, 0.1, 0.1),
        "15.02": headline(0.5, 0.5, 0.1, 0.5, 0.5),
        "15.03": headline(0.5, 0.5, 0.1, 0.5, 0.5),
        "15.04": headline(0.3, 0.3, 0.03, 0.3, 0.3),
    }, weights=EQUAL, references=REFERENCES)
    assert ranking["rank"].tolist() == [1, 1, 3, 4]
    assert ranking["regency_code"].tolist() == ["15.02", "15.03", "15.04", "15.01"]


def test_scores_equal_as_shown_share_a_rank():
    # Continuity 0.7152 and 0.7148 give 71.52 and 71.48: both shown as 71,5, so both rank 1.
    ranking = rank_regencies({
        "15.01": headline(None, None, None, 0.7152, None),
        "15.02": headline(None, None, None, 0.7148, None),
        "15.03": headline(None, None, None, 0.7100, None),
    }, weights=EQUAL, references=REFERENCES)
    assert ranking["score"].tolist() == [71.5, 71.5, 71.0]
    assert ranking["rank"].tolist() == [1, 1, 3]


def test_references_come_from_the_parameters_with_their_sources():
    references = index_references()
    assert set(references) == set(COMPONENTS) == set(index_reference_sources())
    assert references["continuity"] == 1.0 and references["attainment"] == 1.0
    # Growth: the 2024 target of 118,875 participants against 112,538 realised in 2023.
    assert references["growth_yoy"] == pytest.approx(118_875 / 112_538 - 1, abs=5e-5)
    assert all(index_reference_sources().values())


def test_references_must_be_positive_and_complete():
    with pytest.raises(ValueError, match="index references must give a positive value"):
        rank_regencies({"15.01": headline(0, 0, 0, 0, 0)}, weights=EQUAL,
                       references={**REFERENCES, "growth_yoy": 0.0})


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
    # No workforce data and nobody a year earlier: coverage and growth are unknown and left
    # out. Continuity: Tanjab Timur 1, Sungai Penuh 0, the others unknown (nobody active).
    # Attainment: 1 / (75 x 93) in Tanjab Timur, 1 / (75 x 69) in Sungai Penuh, 0 elsewhere.
    known = w["continuity"] + w["attainment"]
    expected = {
        TANJAB_TIMUR: 100 * (w["continuity"] + w["attainment"] / 6_975) / known,
        SUNGAI_PENUH_CITY: 100 * (w["attainment"] / 5_175) / known,
        "15.01": 0.0,
    }
    rows = table.set_index("regency_code")
    for code, score in expected.items():
        assert rows.loc[code, "score"] == pytest.approx(score, abs=0.05)
    assert rows.loc[TANJAB_TIMUR, "score"] == 57.1
    assert rows.loc[TANJAB_TIMUR, "rank"] == 1
    # Sungai Penuh's 0.04 is shown as 0,0 like the nine regencies without anyone: all rank 2.
    assert (rows.drop([TANJAB_TIMUR])["rank"] == 2).all()
    assert (rows.drop([TANJAB_TIMUR])["score"] == 0.0).all()


def test_metrics_index_matches_the_ranking(dataset):
    table = regency_ranking(dataset, "2025Q4").set_index("regency_code")
    index = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["index"]
    assert index["score"] == pytest.approx(table.loc[TANJAB_TIMUR, "score"])
    assert index["rank"] == 1
    assert index["components"]["continuity"] == {"value": 1.0, "scaled": 1.0}
    assert index["components"]["growth_yoy"] == {"value": None, "scaled": None}
    assert index["weights"] == index_weights()
    assert index["references"] == index_references()
