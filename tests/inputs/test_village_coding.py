"""Village codes of the 2022 basis or of Kepmendagri 2025: the same dataset, the same figures."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import changed_copy, recoded_villages

from analysis.inputs.loading import load_dataset
from analysis.inputs.validation import validate_dataset
from analysis.metrics.quarter_figures import metrics_of_quarter
from analysis.reference.geography import (
    codes_in,
    crosswalk,
    use_coding,
    village_coding,
    villages,
)
from analysis.reference.periods import Quarter

QUARTER = Quarter.parse("2025Q4")


@pytest.fixture(scope="module")
def demo_2025(demo_dir, tmp_path_factory):
    """The demo with every moved village under its 2025 code, as a 2025 export would be."""
    moved = crosswalk()[crosswalk()["change"] == "moved"]
    to_2025 = dict(zip(moved["code_2022"], moved["code_2025"], strict=True))
    return changed_copy(demo_dir, tmp_path_factory.mktemp("demo-2025"), recoded_villages(to_2025))


def test_crosswalk_counts_match_the_two_lists():
    changes = crosswalk()["change"].value_counts().to_dict()
    assert changes == {"same": 1510, "renamed": 16, "moved": 36, "new": 23}
    assert len(villages("2022")) == 1562 and len(villages("2025")) == 1585
    assert villages("2025")["district_code"].nunique() == 144
    # every 2025 village is in the crosswalk once, every 2022 village too
    assert crosswalk()["code_2025"].dropna().is_unique
    assert set(crosswalk()["code_2022"].dropna()) == set(villages("2022")["village_code"])
    assert set(crosswalk()["code_2025"].dropna()) == set(villages("2025")["village_code"])


def test_moved_village_keeps_its_name_and_regency():
    row = crosswalk().set_index("code_2022").loc["15.01.04.2001"]
    assert row["change"] == "moved" and row["code_2025"].startswith("15.01.22.")
    assert row["name_2022"] == row["name_2025"] == "Kayu Aro Ambai"
    assert codes_in(pd.Series([row["code_2025"], "15.01.01.2001"]), "2022").tolist() == [
        "15.01.04.2001", "15.01.01.2001"]
    assert codes_in(pd.Series(["15.01.04.2001", row["code_2025"]]), "2025").tolist() == [
        row["code_2025"]] * 2


def test_coding_of_a_set_of_codes():
    assert village_coding({"15.01.01.2001"}) == "2022/2025"
    assert village_coding({"15.01.01.2001", "15.01.04.2001"}) == "2022"
    assert village_coding({"15.01.22.2001"}) == "2025"
    # Pondok Saguang (2022) is Pondok Siguang (2025), found by review
    assert village_coding({"15.01.23.2009"}) == "2025"
    assert codes_in(pd.Series(["15.01.23.2009"]), "2022").tolist() == ["15.01.08.2017"]
    assert village_coding({"15.01.22.2001", "15.01.04.2001"}) == "2022+2025"


def test_2025_coded_demo_validates_and_gives_the_same_metrics(demo_dir, demo_2025, demo_dataset):
    assert not [i for i in validate_dataset(demo_2025) if i.severity == "error"]
    recoded = load_dataset(demo_2025)
    assert recoded.meta.village_coding == "2025"
    assert demo_dataset.meta.village_coding == "2022"
    assert metrics_of_quarter(recoded, QUARTER, None) == metrics_of_quarter(demo_dataset,
                                                                            QUARTER, None)


def test_either_coding_gives_the_same_report_in_the_2025_coding(demo_dir, demo_2025,
                                                                 demo_dataset):
    basis = metrics_of_quarter(demo_dataset, QUARTER, None)
    use_coding("2025")
    with pytest.raises(ValueError, match="read in the 2022 village coding and the reports "
                                         "are in the 2025 coding"):
        metrics_of_quarter(demo_dataset, QUARTER, None)
    from_2022, from_2025 = load_dataset(demo_dir), load_dataset(demo_2025)
    assert from_2022.meta.coding == from_2025.meta.coding == "2025"
    assert from_2022.meta.village_coding == "2022"
    figures = metrics_of_quarter(from_2022, QUARTER, None)
    assert figures == metrics_of_quarter(from_2025, QUARTER, None)

    # a moved village's people are under its 2025 code and kecamatan
    row = crosswalk().set_index("code_2022").loc["15.01.04.2001"]
    people = from_2022.participants
    moved = people[people["village_code"] == row["code_2025"]]
    assert len(moved) == (demo_dataset.participants["village_code"] == "15.01.04.2001").sum() > 0
    assert set(moved["district_code"]) == {row["code_2025"][:8]}
    assert "15.01.04.2001" not in set(people["village_code"])

    # the same people and payments; the 23 new villages are listed, without rows
    for scope in ("15", "15.01", "15.09", "15.71"):
        for key in ("active", "new", "exits", "contributions_in_period", "claims_in_period"):
            assert figures[scope][key] == basis[scope][key], (scope, key)
    assert figures["15"]["villages"] == 1_585 and basis["15"]["villages"] == 1_562
    assert figures["15.09"]["villages"] == basis["15.09"]["villages"] + 17
    assert figures["15"]["target"]["total"] == 75 * 1_585


def test_the_2025_coding_is_kept_apart_in_the_dataset_cache(demo_dir):
    from analysis.inputs.opening import open_cached

    in_basis, basis_folder = open_cached(demo_dir)
    use_coding("2025")
    in_2025, folder = open_cached(demo_dir)
    assert folder != basis_folder and folder.name.endswith("-2025")
    assert in_2025.meta.coding == "2025" and in_basis.meta.coding == "2022"
    use_coding("")
    assert open_cached(demo_dir)[0] is in_basis and len(villages()) == 1_562
    assert open_cached(demo_dir)[1] == basis_folder
