"""Scopes: codes and names, villages in scope, the rows of a scope, the regencies in the data."""

import numpy as np
import pandas as pd
from builders import (
    ALANG_ALANG,
    SUNGAI_PENUH,
    TANJAB_TIMUR,
    make_dataset,
    payment,
    person,
    workforce_row,
)

from analysis.reference.scope import (
    Scope,
    in_scope,
    reference_villages,
    regencies_in_data,
    scope_mask,
    scope_name,
    tally,
    village_positions,
)


def test_codes_and_names():
    assert Scope.resolve("Tanjab Timur") == Scope.resolve("1507")
    assert Scope.resolve("1507").code == TANJAB_TIMUR
    assert Scope.resolve("province") == Scope.province()
    assert Scope.province().code == "15" and Scope.province().is_province
    assert not Scope.resolve("Tanjab Timur").is_province
    assert scope_name("15.72") == "Kota Sungai Penuh"


def test_scope_masks_cover_the_reference_villages():
    assert scope_mask("15").sum() == 1_562
    assert scope_mask(TANJAB_TIMUR).sum() == 93
    assert reference_villages().loc[scope_mask(TANJAB_TIMUR), "regency_code"].eq(
        TANJAB_TIMUR).all()


def test_tally_counts_and_sums_per_village():
    positions = village_positions(
        pd.Series([ALANG_ALANG, ALANG_ALANG, SUNGAI_PENUH, "99.99.99.9999"]))
    assert positions[-1] == -1  # not a reference village: ignored
    counts = tally(positions)
    sums = tally(positions, mask=np.array([True, False, True, True]),
                 values=np.array([5, 7, 11, 13]))
    alang, sungai = positions[0], positions[2]
    assert (counts[alang], counts[sungai], counts.sum()) == (2, 1, 3)
    assert (sums[alang], sums[sungai], sums.sum()) == (5, 11, 16)


def test_in_scope_keeps_the_rows_of_the_scope():
    dataset = make_dataset(
        participants=[person(ALANG_ALANG, "MME", "2025-01-01"),
                      person(SUNGAI_PENUH, "PR", "2025-01-01")],
        contributions=[payment(SUNGAI_PENUH, "PR", "2025-01", 10)],
        workforce=[workforce_row(TANJAB_TIMUR, 2025, 1, 1, 0, 0, 0)],
    )
    regency = in_scope(dataset.participants, TANJAB_TIMUR)
    assert regency["village_code"].tolist() == [ALANG_ALANG]
    assert in_scope(dataset.contributions, TANJAB_TIMUR).empty
    assert len(in_scope(dataset.workforce, TANJAB_TIMUR)) == 1
    assert len(in_scope(dataset.participants, "15")) == 2
    assert len(in_scope(dataset.participants, "15.72")) == 1


def test_a_regency_with_rows_in_any_table_is_in_the_data():
    dataset = make_dataset(participants=[person(ALANG_ALANG, "MME", "2025-01-01")])
    assert regencies_in_data(dataset) == [TANJAB_TIMUR]
    with_lists = make_dataset(participants=[person(ALANG_ALANG, "MME", "2025-01-01")])
    with_lists.village_lists = pd.DataFrame({"village_code": [SUNGAI_PENUH],
                                             "regency_code": ["15.72"]})
    assert regencies_in_data(with_lists) == [TANJAB_TIMUR, "15.72"]
