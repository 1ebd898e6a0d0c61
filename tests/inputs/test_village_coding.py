"""Village codes of the 2022 basis or of Kepmendagri 2025: the same dataset, the same figures."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import changed_copy, recoded_villages

from analysis.inputs.loading import load_dataset
from analysis.inputs.validation import validate_dataset
from analysis.metrics.quarter_figures import metrics_of_quarter
from analysis.reference.geography import basis_codes, crosswalk, village_coding, villages
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
    assert basis_codes(pd.Series([row["code_2025"], "15.01.01.2001"])).tolist() == [
        "15.01.04.2001", "15.01.01.2001"]


def test_coding_of_a_set_of_codes():
    assert village_coding({"15.01.01.2001"}) == "2022/2025"
    assert village_coding({"15.01.01.2001", "15.01.04.2001"}) == "2022"
    assert village_coding({"15.01.22.2001"}) == "2025"
    # Pondok Saguang (2022) is Pondok Siguang (2025), found by review
    assert village_coding({"15.01.23.2009"}) == "2025"
    assert basis_codes(pd.Series(["15.01.23.2009"])).tolist() == ["15.01.08.2017"]
    assert village_coding({"15.01.22.2001", "15.01.04.2001"}) == "2022+2025"


def test_2025_coded_demo_validates_and_gives_the_same_metrics(demo_dir, demo_2025, demo_dataset):
    assert not [i for i in validate_dataset(demo_2025) if i.severity == "error"]
    recoded = load_dataset(demo_2025)
    assert recoded.meta.village_coding == "2025"
    assert demo_dataset.meta.village_coding == "2022"
    assert metrics_of_quarter(recoded, QUARTER, None) == metrics_of_quarter(demo_dataset,
                                                                            QUARTER, None)
