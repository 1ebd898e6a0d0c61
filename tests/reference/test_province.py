"""The province as a setting: parameters per province over the national defaults, the
geography of any province, the province of a set of village codes."""

from __future__ import annotations

import tomllib

import pytest

from analysis.reference import geography
from analysis.reference.parameters import in_force, load_parameters, village_target
from analysis.reference.paths import REFERENCE_DIR
from analysis.reference.province import (
    ENVIRONMENT,
    NATIONAL,
    check_province,
    province_of_codes,
    province_parameters,
    province_setting,
)


@pytest.fixture
def jawa_barat(monkeypatch):
    """The run is about Jawa Barat (32) for the test's duration."""
    monkeypatch.setenv(ENVIRONMENT, "32")


def test_jambi_is_the_default_with_its_own_parameters(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    params = load_parameters()
    assert params["province"] == {
        "code": "15", "name": "Provinsi Jambi", "basis": "2022",
        "reference_list": "wilayah_jambi.csv",
        "programme": "BKBK Jamsostek (Bantuan Keuangan Bersifat Khusus untuk jaminan sosial "
                     "ketenagakerjaan)"}
    assert [m["participants"] for m in params["milestones"]] == [76_016, 112_538, 118_875]
    assert in_force("bkbk", "2024-06-30")["source"].startswith("Kepwal Kota Jambi 519/2024")
    assert params["index"]["references"]["growth_yoy"]["source"].startswith("target 2024")
    # what Jambi's file does not say comes from the national defaults
    assert params["disclosure"] == {"threshold": 5, "marker": "x"}
    assert params["contribution_rates"][0]["jkm_monthly"] == 6_800


def test_a_province_without_a_file_runs_on_the_national_defaults(jawa_barat):
    params = load_parameters()
    assert params["province"]["code"] == "32"
    assert params["province"]["name"] == "Provinsi Jawa Barat"
    assert params["province"]["basis"] == "2025"
    assert params["milestones"] == [] and params["santunan_milestones"] == []
    assert village_target("MME", "2024-01-01") == 50 and village_target("PR", "2024-01-01") == 25
    assert in_force("bkbk", "2024-01-01")["source"].startswith("skema Jambi sebagai templat")
    defaults = tomllib.loads((REFERENCE_DIR / "parameters.toml").read_text("utf-8"))
    assert params["village_targets"] == defaults["village_targets"]


def test_a_province_file_replaces_lists_whole_and_merges_tables():
    jambi = province_parameters("15")
    own = tomllib.loads((REFERENCE_DIR / "provinces" / "15.toml").read_text("utf-8"))
    assert jambi["milestones"] == own["milestones"]
    references = jambi["index"]["references"]
    assert references["growth_yoy"] == own["index"]["references"]["growth_yoy"]
    assert set(references) == {"coverage_total", "coverage_informal", "growth_yoy",
                               "continuity", "attainment"}


def test_unknown_province_is_refused_with_the_valid_codes():
    with pytest.raises(ValueError, match="unknown province '99'.*32 Jawa Barat"):
        check_province("99")
    assert check_province(" ALL ") == NATIONAL


def test_province_of_village_codes():
    assert province_of_codes(["15.01.01.2001", "15.71.01.1001"]) == "15"
    assert province_of_codes(["32.79.01.1001"]) == "32"
    assert province_of_codes(["15.01.01.2001", "32.79.01.1001"]) == NATIONAL
    # one stray code among a province's villages leaves the dataset that province's
    jambi = [f"15.01.01.{2001 + i}" for i in range(99)]
    assert province_of_codes([*jambi, "16.01.07.2001"]) == "15"
    assert province_of_codes([*jambi[:18], "16.01.07.2001"]) == NATIONAL
    assert province_of_codes(["", "99.01.01.2001", "garbage"]) is None


def test_geography_of_another_province_is_the_2025_list(jawa_barat):
    frame = geography.villages()
    assert len(frame) == 5_957 and frame["village_code"].str.startswith("32.").all()
    assert frame["district_code"].nunique() == 627
    regencies = geography.regencies()
    assert len(regencies) == 27
    assert (regencies[0].code, regencies[0].name) == ("32.01", "Kab. Bogor")
    assert geography.find_regency("Kota Bogor").code == "32.71"
    assert geography.find_regency("KABUPATEN BOGOR").code == "32.01"
    with pytest.raises(geography.UnknownRegionError, match="Kab. Bogor or Kota Bogor"):
        geography.find_regency("Bogor")
    assert geography.resolve_scope("Jawa Barat") == ("32", "Provinsi Jawa Barat")
    assert geography.resolve_scope("provinsi") == ("32", "Provinsi Jawa Barat")
    with pytest.raises(ValueError, match="no 2022 reference list"):
        geography.villages("2022")


def test_the_nation_is_every_province_on_its_basis(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, NATIONAL)
    frame = geography.villages()
    assert len(frame) == 83_762 - 1_585 + 1_562  # Jambi on its 2022 basis
    assert frame["village_code"].is_unique
    assert frame["village_code"].str[:2].nunique() == 38
    assert len(geography.regencies()) == 514


def test_a_national_run_names_a_province_code_and_similar_regencies_not_all_514():
    with province_setting(NATIONAL):
        with pytest.raises(geography.UnknownRegionError) as province:
            geography.find_regency("32")
        with pytest.raises(geography.UnknownRegionError) as typo:
            geography.find_regency("Bandungg")
    text = str(province.value)
    assert text.startswith("'32' is the province Jawa Barat, not a regency; its 27 regencies: "
                           "32.01 Kab. Bogor, ")
    assert "32.79 Kota Banjar" in text and "15.01" not in text
    assert str(typo.value) == (
        "unknown regency 'Bandungg'; similar: 32.04 Kab. Bandung, 32.73 Kota Bandung, 51.03 "
        "Kab. Badung, 32.17 Kab. Bandung Barat, 65.04 Kab. Tana Tidung; every regency of the "
        "run: bkbk regions --province all")
