"""Suppression of a table that stands alone: one marker, optimal secondary cells."""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from analysis.disclosure.protection import ProtectionError
from analysis.disclosure.suppression import from_mask, marker, suppress
from analysis.reference.parameters import disclosure_threshold


def districts(**columns):
    size = len(next(iter(columns.values())))
    return pd.DataFrame({"district_name": list("ABCDEF")[:size], **columns})


def column_bounds(values: list[int], hidden: list[bool], cell: int) -> tuple[float, float]:
    """Smallest and largest value of a hidden cell of a column whose total is published,
    worked out here with an LP of its own."""
    hidden_cells = [i for i, h in enumerate(hidden) if h]
    left = sum(values) - sum(v for v, h in zip(values, hidden, strict=True) if not h)
    objective = np.array([1.0 if i == cell else 0.0 for i in hidden_cells])
    low = linprog(objective, A_eq=[np.ones(len(hidden_cells))], b_eq=[left], method="highs")
    high = linprog(-objective, A_eq=[np.ones(len(hidden_cells))], b_eq=[left], method="highs")
    return low.fun, -high.fun


def test_threshold_and_marker_come_from_the_parameters():
    assert disclosure_threshold() == 5
    assert marker() == "x"
    result = suppress(districts(count=[4, 5, 3]), ["count"])
    assert result.primary["count"].tolist() == [True, False, True]


def test_a_zero_is_the_cheapest_protecting_cell():
    result = suppress(districts(count=[0, 3, 12, 7]), ["count"], threshold=5)
    # 3 is small; hiding the 0 beside it lets a reader only say "0 to 3": nobody is revealed.
    assert result.primary["count"].tolist() == [False, True, False, False]
    assert result.hidden["count"].tolist() == [True, True, False, False]
    assert result.display()["count"].tolist() == ["x", "x", 12, 7]
    assert column_bounds([0, 3, 12, 7], [True, True, False, False], 1) == (0.0, 3.0)
    assert result.values["count"].dtype == "Int64"
    assert result.hidden_cells == 2


def test_without_a_zero_the_smallest_other_cell_is_hidden():
    result = suppress(districts(count=[3, 12, 7]), ["count"], threshold=5)
    assert result.hidden["count"].tolist() == [True, False, True]
    assert column_bounds([3, 12, 7], [True, False, True], 0) == (0.0, 10.0)


def test_two_small_cells_protect_each_other():
    result = suppress(districts(count=[2, 3, 10]), ["count"], threshold=5)
    assert result.hidden["count"].tolist() == [True, True, False]
    assert not (result.hidden["count"] & ~result.primary["count"]).any()


def test_rows_with_a_total_column_need_a_rectangle():
    table = pd.DataFrame({"district_name": ["A", "B", "C"], "JKK": [2, 8, 6],
                          "JKM": [10, 9, 20], "total": [12, 17, 26]})
    result = suppress(table, ["JKK", "JKM"], threshold=5, total_column="total")
    hidden = result.hidden[["JKK", "JKM"]].to_numpy()
    # Row A and column JKK each need a second hidden cell, which needs a fourth: the cheapest
    # protection is a rectangle through A's 2.
    assert hidden.sum() == 4
    assert hidden[0].all()
    assert (hidden[:, 0] == hidden[:, 1]).all()
    assert not result.values["total"].isna().any()


def test_a_table_of_one_row_cannot_be_protected():
    with pytest.raises(ProtectionError):
        suppress(districts(count=[3]), ["count"], threshold=5)


def test_a_row_total_equal_to_its_only_small_cell_cannot_be_protected():
    table = districts(count=[0, 1])
    table["total"] = table["count"]
    with pytest.raises(ProtectionError):
        suppress(table, ["count"], threshold=2, total_column="total")


def test_linked_amounts_are_hidden_with_their_counts():
    table = districts(count=[3, 9, 6], amount=[60_000_000, 180_000_000, 120_000_000])
    result = suppress(table, ["count"], threshold=5, linked_columns={"count": ["amount"]})
    assert result.hidden["amount"].tolist() == [True, False, True]
    assert result.display()["amount"].tolist() == ["x", 180_000_000, "x"]
    same = suppress(table, ["count"], threshold=5, linked_columns=["amount"])
    pd.testing.assert_frame_equal(same.hidden, result.hidden)


def test_total_row_is_never_hidden():
    table = pd.DataFrame({"district_name": ["A", "B", "C", "Total"], "count": [1, 3, 0, 4]},
                         index=["a", "b", "c", "total"])
    result = suppress(table, ["count"], threshold=5, total_row="total")
    assert result.hidden["count"].tolist() == [True, True, False, False]
    assert result.values.loc["total", "count"] == 4


def test_disabled_for_internal_audience():
    table = districts(count=[1, 2, 30])
    result = suppress(table, ["count"], enabled=False)
    assert result.hidden_cells == 0
    assert result.display()["count"].tolist() == [1, 2, 30]


def test_one_marker_whatever_the_reason():
    table = districts(count=[3, 1_234, 6], amount=[1, 2, 3])
    result = suppress(table, ["count"], threshold=5)
    shown = result.display(formatter=lambda v: f"{v:,}".replace(",", "."))
    assert shown["count"].tolist() == ["x", "1.234", "x"]
    assert shown["amount"].tolist() == [1, 2, 3]  # not a suppressible column: untouched
    assert "<5" not in result._repr_html_()


def test_from_mask_hides_the_given_cells():
    table = districts(count=[3, 8], amount=[5, 6])
    hidden = pd.DataFrame({"count": [True, False], "amount": [True, False]})
    result = from_mask(table, hidden)
    assert result.display()["count"].tolist() == ["x", 8]
    assert result.values["amount"].isna().tolist() == [True, False]


def test_unknown_columns_are_named():
    with pytest.raises(KeyError, match="beneficiaries"):
        suppress(districts(count=[1, 2]), ["count", "beneficiaries"])
