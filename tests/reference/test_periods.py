"""Quarters: parsing, bounds, neighbours and resolution against a dataset."""

from datetime import date

import pandas as pd
import pytest
from builders import ALANG_ALANG, make_dataset, payment, person

from analysis.reference.periods import (
    Quarter,
    data_start,
    latest_complete_quarter,
    month_starts,
    quarter_for,
    report_months,
)


@pytest.mark.parametrize("text", ["2025Q4", "2025q4", " 2025-Q4 ", "2025 Q4"])
def test_parse_accepts_common_spellings(text):
    assert Quarter.parse(text) == Quarter(2025, 4)


@pytest.mark.parametrize("text", ["2025Q5", "2025Q0", "25Q4", "Q4 2025", "2025-12", "", "latest"])
def test_parse_rejects_bad_text_clearly(text):
    with pytest.raises(ValueError, match="period must look like 2025Q4"):
        Quarter.parse(text)


def test_quarter_number_must_be_1_to_4():
    with pytest.raises(ValueError, match="1 to 4"):
        Quarter(2025, 5)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2024, 1), date(2024, 1, 1), date(2024, 3, 31)),
        (Quarter(2024, 2), date(2024, 4, 1), date(2024, 6, 30)),
        (Quarter(2024, 3), date(2024, 7, 1), date(2024, 9, 30)),
        (Quarter(2025, 4), date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_start_and_end(quarter, start, end):
    assert (quarter.start, quarter.end) == (start, end)


def test_months_label_and_neighbours():
    q = Quarter(2025, 1)
    assert q.months == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert q.label == str(q) == "2025Q1"
    assert q.previous == Quarter(2024, 4)
    assert q.next == Quarter(2025, 2)
    assert Quarter(2025, 4).next == Quarter(2026, 1)
    assert q.year_earlier == Quarter(2024, 1)
    assert Quarter(2024, 4) < Quarter(2025, 1) < Quarter(2025, 2)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 12, 31), Quarter(2025, 4)),  # Q4 ends on as_of: complete
        (date(2025, 12, 30), Quarter(2025, 3)),  # one day short
        (date(2026, 1, 1), Quarter(2025, 4)),
        (date(2025, 3, 31), Quarter(2025, 1)),
        (date(2025, 1, 15), Quarter(2024, 4)),
    ],
)
def test_latest_complete_quarter(as_of, expected):
    assert latest_complete_quarter(as_of) == expected


def test_month_starts_span_whole_months():
    months = month_starts(date(2022, 9, 17), date(2022, 12, 31))
    assert list(months) == [pd.Timestamp(f"2022-{m:02d}-01") for m in (9, 10, 11, 12)]


def _dataset(as_of=date(2025, 12, 31)):
    # Data starts with the payment covering September 2022 (earlier than the enrolment).
    return make_dataset(
        participants=[person(ALANG_ALANG, "MME", "2022-10-03")],
        contributions=[payment(ALANG_ALANG, "MME", "2022-09", 16_800)],
        as_of=as_of,
    )


def test_data_start_is_the_earliest_date_of_any_table():
    assert data_start(_dataset()) == date(2022, 9, 1)
    assert data_start(make_dataset()) is None


def test_quarter_for_latest_and_explicit():
    dataset = _dataset(as_of=date(2025, 11, 30))
    assert quarter_for(dataset, "latest") == Quarter(2025, 3)
    assert quarter_for(dataset, "LATEST") == Quarter(2025, 3)
    assert quarter_for(dataset, "2023Q2") == Quarter(2023, 2)
    assert quarter_for(dataset, Quarter(2022, 3)) == Quarter(2022, 3)  # data start inside


def test_quarter_for_rejects_incomplete_quarter():
    dataset = _dataset(as_of=date(2025, 11, 30))
    with pytest.raises(ValueError, match="after the data's as_of date 2025-11-30.*2025Q3"):
        quarter_for(dataset, "2025Q4")


def test_quarter_for_rejects_quarter_before_data():
    with pytest.raises(ValueError, match="before the data start.*2022Q3"):
        quarter_for(_dataset(), "2022Q2")


def test_report_months_run_from_first_data_month_to_period_end():
    months = report_months(_dataset(), Quarter(2022, 4))
    assert [m.strftime("%Y-%m") for m in months] == ["2022-09", "2022-10", "2022-11", "2022-12"]
