"""Coverage from the workforce table: latest year, province sums, null ratios."""

import pytest
from builders import (
    ALANG_ALANG,
    Q4_2025,
    SUNGAI_PENUH_CITY,
    TANJAB_TIMUR,
    make_dataset,
    person,
    workforce_row,
)

from analysis.metrics.coverage import coverage, coverage_comparison
from analysis.metrics.scope_metrics import compute_metrics
from analysis.reference.scope import Scope


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(
        participants=[person(ALANG_ALANG, "MME", "2022-10-01")],
        workforce=[
            # regency, year, employed, formal, informal, covered formal, covered informal
            workforce_row(TANJAB_TIMUR, 2023, 1_000, 300, 700, 150, 70),
            workforce_row(TANJAB_TIMUR, 2024, 1_100, 330, 770, 200, 110),
            workforce_row(TANJAB_TIMUR, 2026, 9_999, 9_999, 9_999, 1, 1),  # later than 2025
            workforce_row(SUNGAI_PENUH_CITY, 2024, 500, 200, 300, 100, 60),
            workforce_row("15", 2024, 1, 1, 1, 1, 1),  # not a regency: never summed
        ],
    )


def test_latest_year_not_after_the_period(dataset):
    c = compute_metrics(dataset, TANJAB_TIMUR, "2025Q4")["coverage"]
    assert c["year"] == 2024
    assert c["formal"] == pytest.approx(200 / 330)
    assert c["informal"] == pytest.approx(110 / 770)
    assert c["total"] == pytest.approx((200 + 110) / 1_100)
    c = compute_metrics(dataset, TANJAB_TIMUR, "2023Q4")["coverage"]
    assert (c["year"], c["total"]) == (2023, pytest.approx(220 / 1_000))


def test_no_workforce_year_gives_nulls(dataset):
    expected = {"year": None, "formal": None, "informal": None, "total": None}
    assert compute_metrics(dataset, TANJAB_TIMUR, "2022Q4")["coverage"] == expected
    assert compute_metrics(dataset, "15.01", "2025Q4")["coverage"] == expected


def test_province_sums_the_regencies(dataset):
    c = compute_metrics(dataset, "15", "2024Q4")["coverage"]
    # 2024: employed 1,100 + 500; formal 330 + 200; informal 770 + 300;
    # covered formal 200 + 100; covered informal 110 + 60.
    assert c["year"] == 2024
    assert c["formal"] == pytest.approx(300 / 530)
    assert c["informal"] == pytest.approx(170 / 1_070)
    assert c["total"] == pytest.approx(470 / 1_600)


def test_zero_denominators_are_null():
    dataset = make_dataset(workforce=[workforce_row(TANJAB_TIMUR, 2025, 0, 0, 0, 0, 0)])
    assert coverage(dataset.workforce, TANJAB_TIMUR, 2025) == {
        "year": 2025, "formal": None, "informal": None, "total": None}


def test_coverage_comparison_for_a_regency(dataset):
    table = coverage_comparison(dataset, Scope.resolve("Tanjab Timur"), Q4_2025)
    assert list(table.columns) == ["scope_code", "name", "year", "formal", "informal", "total"]
    assert table["scope_code"].tolist() == [TANJAB_TIMUR, "15"]
    assert table["name"].tolist() == ["Kab. Tanjung Jabung Timur", "Provinsi Jambi"]
    assert table["total"].tolist() == pytest.approx([310 / 1_100, 470 / 1_600])


def test_coverage_comparison_for_the_province(dataset):
    table = coverage_comparison(dataset, Scope.resolve("15"), Q4_2025)
    assert len(table) == 12 and table["scope_code"].iloc[-1] == "15"
    rows = table.set_index("scope_code")
    assert rows.loc[SUNGAI_PENUH_CITY, "formal"] == pytest.approx(100 / 200)
    assert rows.loc["15.01"].drop("name").isna().all()  # Kerinci has no workforce rows
