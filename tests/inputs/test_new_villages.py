"""A 2025-coded export holding villages new in the 2025 list (no 2022 code): it validates
and the new villages are reported on the basis under their 2025 kecamatan and regency."""

from __future__ import annotations

import pytest
from builders import changed_copy, recoded_villages

from analysis.inputs.loading import load_dataset
from analysis.inputs.opening import open_dataset
from analysis.metrics.scope_metrics import compute_metrics
from analysis.reference import geography
from analysis.reference.periods import Quarter

QUARTER = Quarter.parse("2025Q4")
# A village of the basis whose rows the export gives to a village new in 2025 of its kecamatan.
NEW_OF = {"15.09.04.2002": "15.09.04.1009", "15.71.07.1001": "15.71.07.1011"}


@pytest.fixture
def export_2025(demo_dir, tmp_path, monkeypatch):
    """The demo in the 2025 coding, with the rows of two villages under new 2025 villages."""
    monkeypatch.setenv(geography.NEW_VILLAGES, "")
    moved = geography.crosswalk()[geography.crosswalk()["change"] == "moved"]
    recode = dict(zip(moved["code_2022"], moved["code_2025"], strict=True)) | NEW_OF
    return changed_copy(demo_dir, tmp_path, recoded_villages(recode))


def test_the_new_villages_are_in_the_crosswalk_and_kecamatan_of_the_basis():
    new = geography.new_village_codes()
    assert len(new) == 23 and set(NEW_OF.values()) <= new
    basis_districts = set(geography.villages("2022")["district_code"])
    assert {code[:8] for code in new} <= basis_districts


def test_export_with_new_villages_validates_and_reports_them(export_2025, demo_dataset):
    scopes = ("15.09", "15.71", "15")
    demo = {scope: compute_metrics(demo_dataset, scope, QUARTER) for scope in scopes}
    dataset = load_dataset(export_2025)
    assert dataset.meta.village_coding == "2025"
    assert dataset.meta.new_villages == tuple(sorted(NEW_OF.values()))
    reference = geography.villages().set_index("village_code")
    assert len(reference) == 1_562 + 2
    assert reference.loc["15.09.04.1009", ["village_name", "district_code", "district_name",
                                           "regency_code"]].tolist() == [
        "Sarana Agung", "15.09.04", reference.loc["15.09.04.2002", "district_name"], "15.09"]
    people = dataset.participants.set_index("village_code")
    assert (people.loc["15.71.07.1011", "district_code"] == "15.71.07").all()
    assert "15.71.07.1001" not in people.index

    # the same people, payments and claims: every regency's counts are the demo's
    for scope in scopes:
        recoded = compute_metrics(dataset, scope, QUARTER)
        for key in ("active", "new", "exits", "contributions_in_period", "claims_in_period"):
            assert recoded[key] == demo[scope][key], (scope, key)
        added = {"15.09": 1, "15.71": 1, "15": 2}[scope]  # the relabelled villages stay
        assert recoded["villages"] == demo[scope]["villages"] + added


def test_opening_the_export_again_keeps_its_new_villages(export_2025, demo_dir):
    open_dataset(export_2025)
    open_dataset(demo_dir)
    assert len(geography.villages()) == 1_562
    open_dataset(export_2025)  # from the cache
    assert len(geography.villages()) == 1_564


def test_reports_in_the_2025_coding_say_how_many_new_villages_have_no_rows(export_2025,
                                                                           demo_dir):
    from analysis.metrics.enrolment import _villages_at, targets, villages_below_target
    from analysis.reference.scope import Scope, new_villages_without_rows
    from analysis.text.narrative import region_codes

    geography.use_coding("2025")
    demo, export = load_dataset(demo_dir), load_dataset(export_2025)
    assert [len(new_villages_without_rows(demo, code)) for code in ("15", "15.09", "15.01")] == [
        23, 17, 0]
    # the export holds one new village of Tebo and one of Kota Jambi
    assert [len(new_villages_without_rows(export, code)) for code in ("15", "15.09", "15.71")] == [
        21, 16, 5]
    assert region_codes("15.09", "id", 16) == (
        "Kepmendagri 300.2.2-2138/2025 (12 kecamatan, 129 desa/kelurahan); 16 desa/kelurahan "
        "baru dalam daftar 2025 tidak ada dalam dataset ini dan terhitung tanpa peserta")
    # the list of villages furthest below target leaves out the new villages without rows
    # (each would show the full target of 75 missing) and keeps a new village with rows
    tebo = Scope.resolve("15.09")
    without_rows = new_villages_without_rows(export, "15.09")
    listed = villages_below_target(export, tebo, QUARTER, n=500)
    assert not set(listed["village_code"]) & without_rows
    assert "15.09.04.1009" in set(listed["village_code"])
    everything = _villages_at(export, "15.09", QUARTER.end)
    short = sum(everything[f"active_{c}"] < target for c, target in
                targets(QUARTER.end).items()) > 0
    assert len(without_rows) == 16 and (short & everything["village_code"].isin(without_rows)
                                        ).sum() == 16
    assert len(listed) == (short & ~everything["village_code"].isin(without_rows)).sum()
    geography.use_coding("")
    assert new_villages_without_rows(load_dataset(demo_dir), "15") == set()
