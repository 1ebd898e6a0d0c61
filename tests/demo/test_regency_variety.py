"""The demo's regencies differ as SPEC asks: attainment, continuity, growth and late starts,
from the regency profiles (data/reference/demo_regencies.csv, demo_calibration.toml)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.demo.calibration import PROFILE_RANGES, PROFILES_FILE, regency_profiles
from analysis.reference import geography

QUARTERS = {"2024Q2": ("2024-04", "2024-05", "2024-06"),
            "2024Q4": ("2024-10", "2024-11", "2024-12"),
            "2025Q4": ("2025-10", "2025-11", "2025-12")}
QUARTER_ENDS = {"2024Q2": "2024-06-30", "2024Q4": "2024-12-31", "2025Q4": "2025-12-31"}


@pytest.fixture(scope="module")
def people(demo_dir) -> pd.DataFrame:
    columns = ["village_code", "category", "enrolled_on", "ended_on"]
    return pd.read_csv(demo_dir / "participants.csv", dtype=str, keep_default_na=False,
                       usecols=columns)


@pytest.fixture(scope="module")
def paid(demo_dir) -> pd.DataFrame:
    return pd.read_csv(demo_dir / "contributions.csv", dtype={"period": str},
                       usecols=["village_code", "period", "amount"])


def active_on(people: pd.DataFrame, day: str) -> pd.Series:
    ended = people["ended_on"]
    return (people["enrolled_on"] <= day) & ((ended == "") | (ended > day))


def active_by_regency(people: pd.DataFrame, day: str) -> pd.Series:
    return people.loc[active_on(people, day), "village_code"].str[:5].value_counts().sort_index()


def test_attainment_differs_and_none_far_above_target(people):
    villages = geography.villages().groupby("regency_code").size()
    attainment = active_by_regency(people, "2025-12-31") / (villages * (50 + 25))
    assert attainment.max() <= 1.10
    assert attainment.min() <= 0.92
    assert attainment.max() - attainment.min() >= 0.12


def test_continuity_differs_in_every_quarter(people, paid):
    paying = paid[paid["amount"] > 0]
    for quarter, months in QUARTERS.items():
        active = active_on(people, QUARTER_ENDS[quarter])
        with_people = pd.Series(sorted(set(people.loc[active, "village_code"])))
        months_paid = paying[paying["period"].isin(months)].groupby("village_code")["period"]
        all_months = with_people.map(months_paid.nunique().eq(3)).fillna(False).astype(bool)
        continuity = all_months.groupby(with_people.str[:5].to_numpy()).mean()
        assert continuity.max() >= 0.97, quarter
        assert continuity.min() <= 0.92, quarter
    assert continuity.min() <= 0.80  # 2025Q4: villages that stopped paying in late 2025


def test_some_regencies_grow_and_some_decline(people):
    growth = active_by_regency(people, "2025-12-31") / active_by_regency(people, "2024-12-31") - 1
    assert growth.max() >= 0.03 and growth.min() <= -0.03


def test_a_regency_registers_pr_months_after_the_others(people):
    pr = people[people["category"] == "PR"]
    first = pd.to_datetime(pr.groupby("village_code")["enrolled_on"].min())
    typical = first.groupby(first.index.str[:5]).median()
    assert (typical.max() - typical.min()).days >= 90


def test_jambi_regencies_take_their_row_of_the_profile_table():
    table = pd.read_csv(PROFILES_FILE, dtype={"regency_code": str}).set_index("regency_code")
    assert sorted(table.index) == sorted(geography.villages()["regency_code"].unique())
    profile = regency_profiles(["15.04", "15.07"], np.random.default_rng(0))
    assert set(profile.columns) == set(table.columns) - {"regency_name", "source"}
    for code in ("15.04", "15.07"):
        assert profile.loc[code].to_dict() == pytest.approx(table.loc[code, profile.columns]
                                                            .astype(float).to_dict())
    assert profile.loc["15.07", "pr_delay_days"] == 150


def test_a_province_without_published_figures_draws_its_profiles():
    codes = [f"32.{number:02d}" for number in range(1, 19)] + ["32.71", "32.72"]
    profile = regency_profiles(codes, np.random.default_rng(7))
    pd.testing.assert_frame_equal(profile, regency_profiles(codes, np.random.default_rng(7)))
    assert not profile.equals(regency_profiles(codes, np.random.default_rng(8)))
    for column, (low, high) in PROFILE_RANGES["ranges"].items():
        assert profile[column].between(low, high).all(), column
        assert profile[column].nunique() == len(codes), column
    late = PROFILE_RANGES["late_regencies"]
    for category in ("mme", "pr"):
        delay = profile[f"{category}_delay_days"]
        assert ((delay == 0) | delay.between(*late[f"{category}_delay_days"])).all()
