"""The reports' village coding is a setting: the province's basis unless a run asks for the
other coding its province has a list in (SPEC "Geography versions")."""

from __future__ import annotations

import pytest

from analysis.reference import geography
from analysis.reference.province import province_setting, use_province


def test_reports_in_the_2025_coding_have_its_kecamatan_and_villages():
    assert geography.use_coding("2025") == "2025" and geography.report_coding() == "2025"
    assert len(geography.villages()) == 1_585
    assert geography.villages()["district_code"].nunique() == 144
    assert geography.districts("15.01")["district_code"].tolist()[-2:] == ["15.01.22",
                                                                         "15.01.23"]
    assert [r.code for r in geography.regencies()] == [
        "15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09",
        "15.71", "15.72"]
    assert geography.find_regency("Tanjab Timur").code == "15.07"
    assert geography.use_coding("") == "2022" and geography.coding_setting() == ""
    assert len(geography.villages()) == 1_562


def test_the_basis_asked_by_name_is_the_default():
    assert geography.use_coding(2022) == "2022"  # papermill's -p coding 2022 gives a number
    assert geography.coding_setting() == ""


@pytest.mark.parametrize("coding", ["2024", "kepmendagri"])
def test_an_unknown_coding_is_refused_with_the_valid_ones(coding):
    with pytest.raises(ValueError, match=f"no village list of Provinsi Jambi in the coding "
                                         f"'{coding}'; give one of: 2022, 2025 "
                                         r"\(default: 2022\)"):
        geography.use_coding(coding)


def test_a_province_without_a_2022_list_refuses_that_coding():
    with province_setting("32"):
        with pytest.raises(ValueError, match="no village list of Provinsi Jawa Barat in the "
                                             "coding '2022'; give one of: 2025"):
            geography.use_coding("2022")
        assert geography.use_coding("") == "2025"


def test_another_province_starts_on_its_basis(monkeypatch):
    monkeypatch.setenv("BKBK_PROVINCE", "15")
    geography.use_coding("2025")
    use_province("15")  # the same province keeps its setting
    assert geography.report_coding() == "2025"
    use_province("32")
    assert geography.coding_setting() == "" and geography.report_coding() == "2025"
    use_province("15")
    assert geography.report_coding() == "2022"


def test_a_national_run_in_the_2025_coding_has_every_village_of_the_list():
    with province_setting("all"):
        basis = geography.villages()
        geography.use_coding("2025")
        listed = geography.villages()
    # on the basis Jambi has its 2022 list; in 2025 its 23 new villages are there too
    assert len(listed) == len(basis) + 23
    assert listed["village_code"].is_unique
