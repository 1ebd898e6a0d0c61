"""Active participants, new, exits, targets, attainment and the enrolment frames."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from builders import (
    ALANG_ALANG,
    LAMBUR,
    NIPAH_PANJANG_I,
    PROVINCE_VILLAGES,
    Q4_2025,
    SUNGAI_PENUH,
    TANJAB_TIMUR,
    TANJAB_TIMUR_SCOPE,
    TANJAB_TIMUR_VILLAGES,
    make_dataset,
    person,
)

from analysis.metrics import enrolment
from analysis.metrics.scope_metrics import compute_metrics
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope

SIMBUR_NAIK = "15.07.01.2004"  # Muara Sabak Timur


@pytest.fixture(scope="module")
def dataset():
    # Period 2025Q4: start 2025-10-01, end 2025-12-31; previous end 2025-09-30;
    # a year earlier 2024-12-31.  Marks: E = active at end, Q = at previous quarter end,
    # Y = a year earlier, N = new in Q4, X = exit in Q4.
    return make_dataset(
        participants=[
            person(ALANG_ALANG, "MME", "2024-06-01"),  # A: E Q Y
            person(ALANG_ALANG, "MME", "2025-12-31"),  # B: enrolled on the end day: E N
            person(ALANG_ALANG, "MME", "2026-01-01"),  # C: after the end: nothing
            person(LAMBUR, "PR", "2025-03-01", "2025-10-01"),  # D: ended on the start: Q X
            person(LAMBUR, "PR", "2025-05-01", "2025-12-31"),  # E: ended on the end day: Q X
            person(LAMBUR, "PR", "2024-01-01", "2026-01-01"),  # F: ends after: E Q Y
            person(NIPAH_PANJANG_I, "MME", "2025-11-15", "2025-12-10"),  # G: N X
            person(NIPAH_PANJANG_I, "MME", "2024-12-31", "2025-09-30"),  # H: Y only
            person(SUNGAI_PENUH, "MME", "2025-01-01"),  # I: other regency: E Q
        ],
        as_of=date(2026, 1, 31),
    )


def test_active_new_exits_at_boundaries(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    # E: MME A,B = 2; PR F = 1.   Q: MME A = 1; PR D,E,F = 3.   Y: MME A,H = 2; PR F = 1.
    assert m["active"] == {"MME": 2, "PR": 1, "total": 3}
    assert m["active_prev_quarter"] == {"MME": 1, "PR": 3, "total": 4}
    assert m["active_prev_year"] == {"MME": 2, "PR": 1, "total": 3}
    # N: MME B,G = 2.   X: MME G = 1; PR D,E = 2.
    assert m["new"] == {"MME": 2, "PR": 0, "total": 2}
    assert m["exits"] == {"MME": 1, "PR": 2, "total": 3}
    # Identity: MME 1 + 2 - 1 = 2; PR 3 + 0 - 2 = 1.
    assert m["growth_qoq"] == pytest.approx(3 / 4 - 1)  # -0.25
    assert m["growth_yoy"] == pytest.approx(3 / 3 - 1)  # 0.0


def test_targets_and_attainment(dataset):
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    assert m["villages"] == TANJAB_TIMUR_VILLAGES == 93
    # 2025 targets: 50 MME and 25 PR per village, times all 93 villages of the regency.
    assert m["target"] == {"MME": 50 * 93, "PR": 25 * 93, "total": 75 * 93}
    assert m["attainment"]["MME"] == pytest.approx(2 / 4650)
    assert m["attainment"]["PR"] == pytest.approx(1 / 2325)
    assert m["attainment"]["total"] == pytest.approx(3 / 6975)
    assert m["villages_on_target"] == 0


def test_province_counts_every_regency(dataset):
    m = compute_metrics(dataset, "province", "2025Q4")
    # Tanjab Timur 2 MME + 1 PR, plus I in Sungai Penuh.
    assert m["active"] == {"MME": 3, "PR": 1, "total": 4}
    assert m["villages"] == PROVINCE_VILLAGES
    assert m["target"]["MME"] == 50 * 1562  # 78,100: the published 2022 quota basis


def test_growth_is_null_without_participants_before():
    dataset = make_dataset(participants=[person(ALANG_ALANG, "MME", "2025-11-01")])
    m = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")
    assert m["active_prev_quarter"]["total"] == 0
    assert m["growth_qoq"] is None and m["growth_yoy"] is None


def _people(village, category, count, enrolled="2022-10-01"):
    return [person(village, category, enrolled) for _ in range(count)]


@pytest.fixture(scope="module")
def target_dataset():
    return make_dataset(
        participants=[
            *_people(ALANG_ALANG, "MME", 50), *_people(ALANG_ALANG, "PR", 25),  # both reached
            *_people(LAMBUR, "MME", 50), *_people(LAMBUR, "PR", 24),  # PR one short
            *_people(NIPAH_PANJANG_I, "MME", 49), *_people(NIPAH_PANJANG_I, "PR", 30),
            *_people(SIMBUR_NAIK, "MME", 10),
        ],
    )


def test_villages_on_target_need_both_categories(target_dataset):
    assert compute_metrics(target_dataset, TANJAB_TIMUR, "2025Q4")["villages_on_target"] == 1


def test_no_pr_target_in_2022_makes_pr_trivially_reached(target_dataset):
    m = compute_metrics(target_dataset, TANJAB_TIMUR, "2022Q4")
    # 2022: 50 MME, no PR target. Reached: Alang-Alang and Lambur (50 MME each).
    assert m["target"] == {"MME": 50 * 93, "PR": 0, "total": 50 * 93}
    assert m["villages_on_target"] == 2
    assert m["attainment"]["PR"] is None  # zero denominator
    # total attainment: (50+50+49+10 MME + 25+24+30 PR) / 4650 = 238 / 4650
    assert m["attainment"]["total"] == pytest.approx(238 / 4650)


def test_monthly_active(dataset):
    table = enrolment.monthly_active(dataset, Scope.resolve("Tanjab Timur"), Q4_2025)
    assert list(table.columns) == ["month", "MME", "PR", "total"]
    # From the first month with data (F enrolled 2024-01-01) to Dec 2025: 24 month ends.
    assert len(table) == 24
    assert table["month"].iloc[0] == pd.Timestamp("2024-01-31")
    by_month = table.set_index(table["month"].dt.strftime("%Y-%m"))
    assert by_month.loc["2024-01", ["MME", "PR", "total"]].tolist() == [0, 1, 1]  # F
    assert by_month.loc["2025-09", ["MME", "PR"]].tolist() == [1, 3]  # A; D, E, F
    assert by_month.loc["2025-11", ["MME", "PR"]].tolist() == [2, 2]  # A, G; E, F
    assert by_month.loc["2025-12", ["MME", "PR", "total"]].tolist() == [2, 1, 3]


def test_monthly_flows(dataset):
    table = enrolment.monthly_flows(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == ["month", "category", "new", "exits"]
    q4 = table[table["month"] >= "2025-10-01"]
    q4 = q4.set_index([q4["month"].dt.strftime("%Y-%m"), "category"])[["new", "exits"]]
    assert q4.loc[("2025-10", "PR")].tolist() == [0, 1]  # D exits
    assert q4.loc[("2025-11", "MME")].tolist() == [1, 0]  # G enrols
    assert q4.loc[("2025-12", "MME")].tolist() == [1, 1]  # B enrols, G leaves
    assert q4.loc[("2025-12", "PR")].tolist() == [0, 1]  # E leaves
    # The months of the quarter add up to the quarter's new and exits (2 new, 3 exits).
    assert q4["new"].sum() == 2 and q4["exits"].sum() == 3


def test_attainment_by_district(dataset):
    table = enrolment.attainment_by_district(dataset, TANJAB_TIMUR_SCOPE, Q4_2025)
    assert list(table.columns) == [
        "district_code", "district_name", "villages", "active_MME", "active_PR", "target_MME",
        "target_PR", "attainment_MME", "attainment_PR", "attainment_total"]
    assert len(table) == 11 and table["villages"].sum() == 93
    row = table.set_index("district_code").loc["15.07.01"]  # Muara Sabak Timur, 12 villages
    assert row["district_name"] == "Muara Sabak Timur"
    assert [row["active_MME"], row["active_PR"], row["target_MME"], row["target_PR"]] == [
        2, 1, 600, 300]
    assert row["attainment_MME"] == pytest.approx(2 / 600)
    assert row["attainment_total"] == pytest.approx(3 / 900)
    nipah = table.set_index("district_code").loc["15.07.02"]  # G and H ended before the end
    assert nipah["attainment_total"] == 0.0


def test_attainment_by_district_without_pr_target(target_dataset):
    table = enrolment.attainment_by_district(target_dataset, TANJAB_TIMUR_SCOPE,
                                             Quarter(2022, 4))
    assert table["target_PR"].eq(0).all()
    assert table["attainment_PR"].isna().all()


def test_villages_below_target(target_dataset):
    table = enrolment.villages_below_target(target_dataset, TANJAB_TIMUR_SCOPE, Q4_2025, n=93)
    assert list(table.columns) == ["village_code", "village_name", "district_name",
                                   "active_MME", "active_PR", "target_total", "gap",
                                   "attainment_total"]
    # Alang-Alang reaches both targets and is left out: 92 villages below target.
    assert len(table) == 92 and ALANG_ALANG not in set(table["village_code"])
    # 89 villages without anyone (gap 75) come first, then Simbur Naik (40 MME + 25 PR
    # missing = 65), then the two villages one person short, in code order.
    assert table["gap"].head(89).eq(75).all()
    tail = table.tail(3).reset_index(drop=True)
    assert tail["village_code"].tolist() == [SIMBUR_NAIK, LAMBUR, NIPAH_PANJANG_I]
    assert tail["gap"].tolist() == [65, 1, 1]  # Nipah: MME 1 short; 5 PR surplus don't count
    assert tail.loc[0, "attainment_total"] == pytest.approx(10 / 75)
    assert tail.loc[2, "attainment_total"] == pytest.approx(79 / 75)
    assert len(enrolment.villages_below_target(target_dataset, TANJAB_TIMUR_SCOPE, Q4_2025)) == 10


def test_enrolments_identity_masks(dataset):
    arrays = enrolment.Enrolments.of(dataset.participants)
    end, before = date(2025, 12, 31), date(2025, 9, 30)
    for category in ("MME", "PR"):
        of = arrays.category == category
        active = np.sum(arrays.active(end) & of)
        previous = np.sum(arrays.active(before) & of)
        new = np.sum(arrays.entered(date(2025, 10, 1), end) & of)
        exits = np.sum(arrays.left(date(2025, 10, 1), end) & of)
        assert active == previous + new - exits
