"""Disclosure control: primary and secondary suppression, linked columns, display."""

import pandas as pd
import pytest

from analysis.disclosure.suppression import primary_label, secondary_label, suppress
from analysis.reference.parameters import disclosure_threshold


def districts(**columns):
    return pd.DataFrame({"district_name": list("ABCD")[: len(next(iter(columns.values())))],
                         **columns})


def test_threshold_and_label_come_from_the_parameters():
    assert disclosure_threshold() == 5
    assert primary_label() == "<5"
    result = suppress(districts(count=[4, 5, 3]), ["count"])
    assert result.primary["count"].tolist() == [True, False, True]


def test_primary_and_secondary_in_a_column():
    result = suppress(districts(count=[0, 3, 12, 7]), ["count"], threshold=5)
    # 3 is small; the column total is published, so the smallest other non-zero cell (7)
    # is hidden too. 0 is shown.
    assert result.primary["count"].tolist() == [False, True, False, False]
    assert result.hidden["count"].tolist() == [False, True, False, True]
    assert result.display()["count"].tolist() == [0, "<5", 12, secondary_label()]
    assert result.values["count"].dtype == "Int64"
    assert result.values["count"].isna().tolist() == [False, True, False, True]
    assert result.hidden_cells == 2


def test_two_small_cells_protect_each_other():
    result = suppress(districts(count=[2, 3, 10]), ["count"], threshold=5)
    assert result.hidden["count"].tolist() == [True, True, False]
    assert not (result.hidden["count"] & ~result.primary["count"]).any()


def test_rows_with_a_total_column_are_protected_too():
    table = pd.DataFrame({"district_name": ["A", "B", "C"], "JKK": [2, 8, 6],
                          "JKM": [10, 9, 20], "total": [12, 17, 26]})
    result = suppress(table, ["JKK", "JKM"], threshold=5, total_column="total")
    # JKK column: 2 is small -> hide 6 (smallest other). Row A: hide its JKM 10.
    # Row C: its JKK 6 is hidden -> hide its JKM 20. Column JKM then has two hidden cells.
    assert result.hidden["JKK"].tolist() == [True, False, True]
    assert result.hidden["JKM"].tolist() == [True, False, True]
    assert not result.values["total"].isna().any()


def test_without_total_column_rows_are_not_lines():
    table = pd.DataFrame({"district_name": ["A", "B", "C"], "count": [2, 8, 6],
                          "beneficiaries": [2, 8, 6]})
    result = suppress(table, ["count", "beneficiaries"], threshold=5)
    # Each column: 2 small + 6 secondary. No row rule needed: count and beneficiaries are
    # different measures, no row total is shown.
    assert result.hidden["count"].tolist() == [True, False, True]
    assert result.hidden["beneficiaries"].tolist() == [True, False, True]


def test_linked_amounts_are_hidden_with_their_counts():
    table = districts(count=[3, 9, 6], amount=[60_000_000, 180_000_000, 120_000_000])
    result = suppress(table, ["count"], threshold=5, linked_columns={"count": ["amount"]})
    assert result.hidden["amount"].tolist() == [True, False, True]
    assert result.display()["amount"].tolist() == [secondary_label(), 180_000_000,
                                                   secondary_label()]
    same = suppress(table, ["count"], threshold=5, linked_columns=["amount"])
    pd.testing.assert_frame_equal(same.hidden, result.hidden)


def test_total_row_is_never_hidden():
    table = pd.DataFrame({"district_name": ["A", "B", "C", "Total"], "count": [1, 3, 0, 4]},
                         index=["a", "b", "c", "total"])
    result = suppress(table, ["count"], threshold=5, total_row="total")
    assert result.hidden["count"].tolist() == [True, True, False, False]
    assert result.values.loc["total", "count"] == 4


def test_zero_is_hidden_only_when_nothing_else_is_left():
    result = suppress(districts(count=[3, 0, 0]), ["count"], threshold=5)
    assert result.hidden["count"].tolist() == [True, True, False]


def test_disabled_for_internal_audience():
    table = districts(count=[1, 2, 30])
    result = suppress(table, ["count"], enabled=False)
    assert result.hidden_cells == 0
    assert result.values["count"].tolist() == [1, 2, 30]
    assert result.display()["count"].tolist() == [1, 2, 30]


def test_display_with_a_formatter_and_html():
    table = districts(count=[3, 1_234, 6], amount=[1, 2, 3])
    result = suppress(table, ["count"], threshold=5)
    shown = result.display(formatter=lambda v: f"{v:,}".replace(",", "."))
    assert shown["count"].tolist() == ["<5", "1.234", secondary_label()]
    assert shown["amount"].tolist() == [1, 2, 3]  # not a suppressible column: untouched
    assert "&lt;5" in result._repr_html_()


def test_unknown_columns_are_named():
    with pytest.raises(KeyError, match="beneficiaries"):
        suppress(districts(count=[1, 2]), ["count", "beneficiaries"])
