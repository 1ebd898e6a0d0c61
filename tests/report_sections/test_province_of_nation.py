"""A province's report made from a national dataset is the report of the province's own
dataset; the nation's stored tables stay the nation's; the nation has no report of its own."""

from __future__ import annotations

import re

import pytest

from analysis import report_sections as sections
from analysis.inputs import cache, opening
from analysis.reference.geography import NEW_VILLAGES, UnknownRegionError, resolve_scope
from analysis.reference.province import ENVIRONMENT, NATIONAL, province_setting
from analysis.report_sections.parameters import ParameterError, checked_scope
from analysis.report_sections.reconciliation import reconciliation_counts

YOGYAKARTA, JAKARTA = "34", "31"
SECTIONS = ("summary", "enrolment", "attainment", "villages_below_target", "contributions",
            "budget", "benefits", "claims_by_area", "coverage", "comparison", "milestones",
            "reconciliation")


def _html(report, name: str) -> str:
    return getattr(sections, name)(report).data


def _dataset_line(html: str) -> str:
    """The title block without the line naming the dataset (the national one has its name)."""
    without = re.sub(r"Dataset:</dt> <dd>[^<]*", "", html)
    assert without != html
    return without


@pytest.fixture(autouse=True)
def _own_geography(monkeypatch):
    """Opening a national dataset or a province of it makes it the process's; the tests after
    these get Jambi's again."""
    monkeypatch.setenv(ENVIRONMENT, "15")
    monkeypatch.setenv(NEW_VILLAGES, "")


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """A cache of its own: nothing of the nation is stored before the test opens it."""
    monkeypatch.setenv("BKBK_CACHE_DIR", str(tmp_path / "cache"))


def test_a_provinces_report_of_a_national_dataset_is_that_of_its_own_dataset(
        nation_dir, province_demo_dirs, fresh_cache):
    of_nation = sections.open_report(YOGYAKARTA, data_dir=str(nation_dir))
    assert (of_nation.code, of_nation.name) == ("34", "Provinsi Daerah Istimewa Yogyakarta")
    assert of_nation.is_province and len(of_nation.dataset.participants) > 0
    assert of_nation.dataset.participants["regency_code"].str.startswith("34.").all()
    nation_metrics = of_nation.metrics_by_scope
    own = sections.open_report(YOGYAKARTA, data_dir=str(province_demo_dirs[YOGYAKARTA]))
    # the same figures; the validation warnings counted are the whole dataset's
    assert {**of_nation.metrics, "warnings": 0} == {**own.metrics, "warnings": 0}
    assert of_nation.metrics["warnings"] == nation_metrics[NATIONAL]["warnings"]
    for name in SECTIONS:
        assert _html(of_nation, name) == _html(own, name), name
    assert _dataset_line(_html(of_nation, "title_block")) == _dataset_line(
        _html(own, "title_block"))
    assert JAKARTA in nation_metrics and NATIONAL in nation_metrics  # read from the nation's


def test_the_nations_stored_tables_stay_the_nations_after_a_province_report(
        nation_dir, province_demo_dirs, fresh_cache):
    """The province report stores nothing narrowed to its province where the nation's
    reports read: a Jakarta regency's reconciliation, opened after Yogyakarta's province
    report, is the one of Jakarta's own dataset."""
    sections.reconciliation(sections.open_report(YOGYAKARTA, data_dir=str(nation_dir)))
    of_nation = sections.open_report("31.71", data_dir=str(nation_dir))
    own = sections.open_report("31.71", data_dir=str(province_demo_dirs[JAKARTA]))
    assert reconciliation_counts(own)["list_rows"].sum() > 0  # lists to compare
    assert _html(of_nation, "reconciliation") == _html(own, "reconciliation")
    assert {**of_nation.metrics, "warnings": 0} == {**own.metrics, "warnings": 0}


def test_opening_a_province_of_the_nation_leaves_the_nations_cache_whole(
        nation_dir, fresh_cache):
    report = sections.open_report(JAKARTA, data_dir=str(nation_dir))
    sections.reconciliation(report)
    folder = report.figures.folder
    stored = cache.load_table(folder, f"reconciliation-{report.quarter.label}")
    listed = stored[stored["list_rows"] > 0]
    assert set(listed["regency_code"].str[:2]) == {JAKARTA, YOGYAKARTA}
    national = opening.cached_dataset(folder)
    assert set(national.participants["regency_code"].str[:2]) == {JAKARTA, YOGYAKARTA}


@pytest.mark.parametrize("given", ["34", 34, " 34 ", "Provinsi Daerah Istimewa Yogyakarta",
                                   "daerah istimewa yogyakarta province",
                                   "Daerah Istimewa Yogyakarta"])
def test_a_national_run_names_a_province_by_code_or_name(given):
    with province_setting(NATIONAL):
        assert resolve_scope(given) == ("34", "Provinsi Daerah Istimewa Yogyakarta")
        assert checked_scope(given, "id").code == "34"


def test_a_province_name_that_is_also_a_regencys_is_refused_in_a_national_run():
    with province_setting(NATIONAL), pytest.raises(UnknownRegionError,
                                                   match="'Jambi' may mean a regency or the "
                                                         "province: give '15'"):
        resolve_scope("Jambi")
    with province_setting(NATIONAL):
        assert resolve_scope("Kota Jambi")[0] == "15.71"
        assert resolve_scope("Provinsi Jambi") == ("15", "Provinsi Jambi")


@pytest.mark.parametrize(("lang", "start"), [
    ("id", "Laporan seluruh Indonesia tidak dibuat: bagian-bagiannya membandingkan "
           "kabupaten/kota satu provinsi"),
    ("en", "No report of the whole of Indonesia is made"),
])
def test_the_nation_has_no_report_of_its_own(lang, start):
    with province_setting(NATIONAL):
        for given in ("provinsi", "all", "Indonesia"):
            with pytest.raises(ParameterError, match=re.escape(start)):
                checked_scope(given, lang)


def test_an_unknown_scope_of_a_national_run_lists_the_provinces_not_514_regencies():
    with province_setting(NATIONAL), pytest.raises(ParameterError) as excinfo:
        checked_scope("Atlantis", "id")
    text = str(excinfo.value)
    assert "15 (Provinsi Jambi)" in text and "34 (Provinsi Daerah Istimewa Yogyakarta)" in text
    assert "15.07" not in text and text.endswith("bkbk regions --province all).")


def test_reconciling_a_province_of_a_national_run_is_reconciling_its_regencies():
    from analysis.outputs.reconciliation import _scopes

    with province_setting(NATIONAL):
        asked = _scopes(["34", "Kota Bandung"])
        assert [s.code for s in asked] == ["32.73", "34.01", "34.02", "34.03", "34.04", "34.71"]
    assert len(_scopes(["15.07", "provinsi"])) == 11  # a province's run: the province is all
    assert [s.code for s in _scopes(["Kota Jambi", "15.07"])] == ["15.07", "15.71"]


def test_a_national_dataset_of_two_provinces_names_them_not_503_regencies(nation_dir):
    from analysis.inputs.opening import open_dataset
    from analysis.reference.scope import Scope
    from analysis.report_sections.summary import partial_data_note

    dataset = open_dataset(nation_dir)  # the nation becomes the run's
    note = partial_data_note(dataset, Scope.province(), "id")
    assert note.startswith("Dataset ini hanya memuat 11 dari 514 kabupaten/kota, di 2 provinsi: "
                           "Daerah Khusus Ibukota Jakarta dan Daerah Istimewa Yogyakarta. ")
    assert "target dan capaian dihitung atas semua desa/kelurahan di Indonesia" in note
    assert "Kab. Aceh" not in note
