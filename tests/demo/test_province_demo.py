"""The demo of another province and the national demo: villages of the 2025 list, the
national default parameters, valid datasets; the national one is the provinces' tables one
after the other, without village lists."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

import analysis.demo as demo
from analysis.demo import build_tables, write_demo_dataset
from analysis.demo.summary import calibration_summary
from analysis.inputs.loading import load_dataset
from analysis.reference.geography import NEW_VILLAGES
from analysis.reference.province import ENVIRONMENT, NATIONAL, province_setting

JAKARTA, YOGYAKARTA = "31", "34"  # the provinces with the fewest villages: fast to generate


@pytest.fixture(autouse=True)
def _own_geography(monkeypatch):
    """Whatever province a test opens, the ones after it are Jambi's again."""
    monkeypatch.setenv(ENVIRONMENT, "15")
    monkeypatch.setenv(NEW_VILLAGES, "")


def _csv(folder, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def test_another_province_demo_is_its_2025_villages_on_the_default_parameters(tmp_path):
    write_demo_dataset(tmp_path, seed=7, province=JAKARTA)
    meta = tomllib.loads((tmp_path / "dataset.toml").read_text("utf-8"))
    assert meta["province"] == JAKARTA
    assert meta["name"] == "BKBK Jamsostek Provinsi Daerah Khusus Ibukota Jakarta (demo sintetis)"
    assert "tidak dikalibrasi" in meta["source"]
    allocations = _csv(tmp_path, "allocations")
    assert allocations["village_code"].nunique() == 267  # every kelurahan of the 2025 list
    assert allocations["village_code"].str.startswith("31.").all()
    assert set(allocations["mme_share"]) == {"0.1"}  # the national default shares
    assert (tmp_path / "village_lists.csv").is_file()
    readme = (tmp_path / "README.md").read_text("utf-8")
    assert "all 267 desa/kelurahan of Provinsi Daerah Khusus Ibukota Jakarta" in readme
    assert "published" not in readme.split("| figure")[1].split("\n")[0]

    dataset = load_dataset(tmp_path)  # validates
    assert dataset.meta.province == JAKARTA and dataset.meta.village_coding == "2025 basis"
    assert not [w for w in dataset.warnings if "village" in w.rule and "unknown" in w.rule]
    assert set(dataset.participants["regency_code"]) == {"31.01", "31.71", "31.72", "31.73",
                                                         "31.74", "31.75"}


def test_national_demo_is_each_province_in_turn_without_village_lists(tmp_path, monkeypatch):
    provinces = {JAKARTA: "Daerah Khusus Ibukota Jakarta", YOGYAKARTA: "Daerah Istimewa Yogyakarta"}
    monkeypatch.setattr(demo, "province_names", lambda: provinces)
    summary = write_demo_dataset(tmp_path, seed=7, province=NATIONAL)
    assert not (tmp_path / "village_lists.csv").exists()
    assert not (tmp_path / "reconciliation_truth.csv").exists()
    meta_text = (tmp_path / "dataset.toml").read_text("utf-8")
    assert 'province = "all"' in meta_text and "No village_lists.csv" in meta_text
    assert "no village lists" in (tmp_path / "README.md").read_text("utf-8")

    parts = []
    for code in provinces:
        with province_setting(code):
            parts.append(build_tables(7, village_lists=False,
                                      id_prefixes=(f"BKBK-{code}-", f"KLM-{code}-")))
    for name in ("participants", "contributions", "claims", "allocations", "workforce"):
        alone = pd.concat([_csv_frame(part[name]) for part in parts], ignore_index=True)
        pd.testing.assert_frame_equal(_csv(tmp_path, name), alone, check_dtype=False)
    participants = _csv(tmp_path, "participants")
    assert participants["participant_id"].is_monotonic_increasing
    assert participants["participant_id"].str.startswith(("BKBK-31-", "BKBK-34-")).all()
    alone = [calibration_summary(part) for part in parts]
    for year, counts in summary["participants"].items():
        assert counts["total"] == sum(s["participants"][year]["total"] for s in alone)
    assert summary["santunan_mme_to_mid_2024"] == sum(s["santunan_mme_to_mid_2024"]
                                                      for s in alone)

    dataset = load_dataset(tmp_path)  # validates: villages of two provinces
    assert dataset.meta.province == NATIONAL


def _csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as it reads back from its CSV file (every value text)."""
    from io import StringIO

    from analysis.demo.writer import table_csv

    return pd.read_csv(StringIO(table_csv(frame)), dtype=str, keep_default_na=False)
