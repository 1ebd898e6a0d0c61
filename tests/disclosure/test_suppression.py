"""Suppressed tables for display: one marker for every hidden cell."""

import pandas as pd

from analysis.disclosure.suppression import from_mask, marker
from analysis.reference.parameters import disclosure_threshold


def districts(**columns):
    size = len(next(iter(columns.values())))
    return pd.DataFrame({"district_name": list("ABCDEF")[:size], **columns})


def test_threshold_and_marker_come_from_the_parameters():
    assert disclosure_threshold() == 5
    assert marker() == "x"


def test_from_mask_hides_the_given_cells():
    table = districts(count=[3, 8], amount=[5, 6])
    hidden = pd.DataFrame({"count": [True, False], "amount": [True, False]})
    result = from_mask(table, hidden)
    assert result.display()["count"].tolist() == ["x", 8]
    assert result.values["amount"].isna().tolist() == [True, False]
    assert result.values["count"].dtype == "Int64"


def test_one_marker_whatever_the_reason():
    table = districts(count=[3, 1_234, 6], amount=[1, 2, 3])
    hidden = pd.DataFrame({"count": [True, False, True]})  # small, shown, protecting
    shown = from_mask(table, hidden).display(formatter=lambda v: f"{v:,}".replace(",", "."))
    assert shown["count"].tolist() == ["x", "1.234", "x"]
    assert shown["amount"].tolist() == [1, 2, 3]  # not in the mask: untouched


def test_rows_missing_from_the_mask_are_shown():
    table = districts(count=[3, 8, 9])
    hidden = pd.DataFrame({"count": [True]}, index=[0])
    assert from_mask(table, hidden).display()["count"].tolist() == ["x", 8, 9]
