"""Attack two quarters of rendered public outputs: no small cell falls.

On the demo data and on a copy in which one regency has few claims (about three in the last
quarter) and short village lists, so that most of its cells are small: Kota Jambi in the
basis coding, and Kab. Kerinci (whose kecamatan the 2025 list changes) in reports made in the
2025 coding.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from attacker import (
    AREA_HEADER,
    REFERENCE,
    Attacker,
    district_codes,
    html_tables,
    known_relations,
    list_relations,
    narrowed,
    notebook_html,
    read_metrics,
    read_report,
    read_workbook,
)
from rich.console import Console
from test_pattern import sparse_claims, thin

from analysis.inputs.loading import load_dataset
from analysis.reconciliation.findings import MATCHED, NOT_LISTED
from analysis.reconciliation.summary import district_counts, quarter_counts
from analysis.reference import geography
from analysis.reference.periods import Quarter
from analysis.reference.province import CODING_ENVIRONMENT
from analysis.run import runner

pytestmark = pytest.mark.slow

PERIODS = ["2025Q3", "2025Q4"]
THRESHOLD, SMALLEST_AMOUNT_JUTA = 5, 1.5
TABLES_BY_KECAMATAN = 2  # claims, reconciliation


@dataclass(frozen=True)
class Setting:
    """One published run: its data (the demo, or a sparse copy), its coding, its regencies."""

    data: str  # "demo" or "sparse"
    coding: str  # "" (the basis) or "2025"
    regencies: tuple[tuple[str, str], ...]  # (code, report slug)
    sparse: str  # the regency the sparse copy thins

    @property
    def slugs(self) -> dict[str, str]:
        return dict(self.regencies)

    def villages(self) -> pd.DataFrame:
        """The public list of the reports' villages; in the 2025 coding also the 2022 codes
        of the villages that moved, under their 2025 kecamatan (the raw data's codes)."""
        if not self.coding:
            return pd.read_csv(REFERENCE, dtype=str)
        listed = geography.villages(self.coding)
        crosswalk = geography.crosswalk()
        moved = crosswalk[crosswalk["change"] == "moved"].set_index("code_2025")["code_2022"]
        old_codes = listed[listed["village_code"].isin(moved.index)].assign(
            village_code=lambda frame: frame["village_code"].map(moved))
        return pd.concat([listed, old_codes], ignore_index=True)

    def period_folder(self, period: str) -> str:
        return f"{period}-kode{self.coding}" if self.coding else period


KOTA_JAMBI = ("15.71", "1571-kota-jambi")
SETTINGS = {
    "demo": Setting("demo", "", (("15.07", "1507-kab-tanjung-jabung-timur"), KOTA_JAMBI),
                    "15.71"),
    "sparse": Setting("sparse", "", (("15.07", "1507-kab-tanjung-jabung-timur"), KOTA_JAMBI),
                      "15.71"),
    "sparse-2025": Setting("sparse", "2025", (("15.01", "1501-kab-kerinci"), KOTA_JAMBI),
                           "15.01"),
}


def sparse_copy(source: Path, out: Path, regency: str) -> Path:
    """The dataset folder ``source`` with few claims and short lists in ``regency``."""
    shutil.copytree(source, out)
    claims = pd.read_csv(source / "claims.csv", dtype=str, keep_default_na=False)
    sparse_claims(claims, regency).to_csv(out / "claims.csv", index=False)
    lists = pd.read_csv(source / "village_lists.csv", dtype=str, keep_default_na=False)
    thin(lists, regency, 300).to_csv(out / "village_lists.csv", index=False)
    return out


@pytest.fixture(scope="module", params=list(SETTINGS))
def setting(request) -> Iterator[Setting]:
    """A setting; the coding its run sets (for the process) is undone after its tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CODING_ENVIRONMENT, "")  # recorded, so that the context restores it
        yield SETTINGS[request.param]


@pytest.fixture(scope="module")
def dataset_dir(setting, demo_dir, tmp_path_factory) -> Path:
    if setting.data == "demo":
        return demo_dir
    return sparse_copy(demo_dir, tmp_path_factory.mktemp("sparse") / "data", setting.sparse)


@pytest.fixture(scope="module")
def published(setting, dataset_dir, tmp_path_factory) -> Path:
    """The public outputs of two consecutive quarters, rendered as a run renders them."""
    out = tmp_path_factory.mktemp("public")
    for period in PERIODS:
        request = runner.ReportRequest(data=dataset_dir, period=period,
                                       regencies=[code for code, _ in setting.regencies],
                                       out=out, formats=("html",), jobs=2,
                                       coding=setting.coding)
        assert runner.run_reports(request, Console(record=True, width=200)) == 0
    return out


def truth(setting: Setting, folder: Path) -> dict[tuple, float]:
    """Every cell's true value: claims counted here from the raw claims file, the
    reconciliation's counts from the reconciliation itself (in the reports' coding)."""
    claims = pd.read_csv(folder / "claims.csv", dtype=str)
    villages = setting.villages()
    claims["plain"] = claims["village_code"].str.replace(".", "", regex=False)
    villages["plain"] = villages["village_code"].str.replace(".", "", regex=False)
    claims = claims.merge(villages[["plain", "district_code", "regency_code"]], on="plain")
    claims["paid"] = pd.PeriodIndex(pd.to_datetime(claims["paid_on"]), freq="Q").astype(str)
    claims["amount"] = claims["amount"].astype(float) / 1e6
    values = {}
    for period in PERIODS:
        for window in ("quarter", "cumulative"):
            rows = claims[claims["paid"] == period] if window == "quarter" else \
                claims[claims["paid"] <= period]
            grouped = rows.groupby(["regency_code", "district_code"]).agg(
                count=("amount", "size"), amount=("amount", "sum"),
                beneficiaries=("participant_id", "nunique"))
            for (regency, district), row in grouped.iterrows():
                for measure in ("count", "amount", "beneficiaries"):
                    values[(period, window, regency, district, measure)] = float(row[measure])
    geography.use_coding(setting.coding)  # the reconciliation's kecamatan: the reports'
    dataset = load_dataset(folder)
    for period in PERIODS:
        counts = district_counts(quarter_counts(dataset, Quarter.parse(period)))
        for row in counts.itertuples(index=False):
            regency = row.district_code.rsplit(".", 1)[0]
            for measure in ("list_rows", MATCHED, NOT_LISTED):
                values[(period, "reconciliation", regency, row.district_code, measure)] = \
                    float(getattr(row, measure))
    return values


def attack(setting: Setting, folder: Path) -> tuple[Attacker, int]:
    """Read every public output of the quarters; returns the attacker and the kecamatan rows
    of the reports' tables."""
    attacker, districts, rows = Attacker(), {}, 0
    codes = district_codes(setting.villages())
    for period in PERIODS:
        here = folder / setting.period_folder(period)
        districts.update(read_workbook(attacker, here / f"tabel-bkbk-{period}.xlsx", period))
        for regency, slug in setting.regencies:
            rows += read_report(attacker, (here / f"{slug}.html").read_text(), period, regency,
                                codes)
            rows += read_report(attacker, notebook_html(here / "executed" / f"{slug}.ipynb"),
                                period, regency, codes)
            metrics = json.loads((here / f"{slug}.metrics.json").read_text())
            read_metrics(attacker, metrics, districts[regency])
        index = (here / "index.html").read_text()
        assert not any(t[0][0] == AREA_HEADER for t in html_tables(index) if t)
        assert "disclosure.json" not in index  # the publisher's audit record
    for regency, codes in districts.items():
        known_relations(attacker, PERIODS, regency, codes)
        list_relations(attacker, PERIODS, regency, codes)
    return attacker, rows


@pytest.fixture(scope="module")
def attacked(setting, published) -> tuple[Attacker, int]:
    return attack(setting, published)


@pytest.fixture(scope="module")
def values(setting, dataset_dir) -> dict[tuple, float]:
    return truth(setting, dataset_dir)


def test_the_attacker_recovers_no_small_cell(setting, attacked, values):
    attacker, rows = attacked
    kecamatan = sum(1 for regency, _ in district_codes(setting.villages())
                    if regency in setting.slugs)
    # Both tables by kecamatan, in the HTML page and the executed notebook.
    assert rows == len(PERIODS) * 2 * TABLES_BY_KECAMATAN * kecamatan
    bounds = attacker.bounds()
    assert len(bounds) > 150
    # The bounds are right: every hidden cell's true value lies within them.
    assert all(low - 1e-6 <= values.get(key, 0.0) <= high + 1e-6
               for key, (low, high) in bounds.items())
    assert narrowed(bounds, values, THRESHOLD, SMALLEST_AMOUNT_JUTA) == []


def test_small_cells_are_there_to_protect(attacked, values):
    attacker, _ = attacked
    small = {key[2:4] for key in attacker.hidden if 1 <= values.get(key, 0.0) < THRESHOLD}
    windows = {key[1] for key in attacker.hidden if 1 <= values.get(key, 0.0) < THRESHOLD}
    assert len(small) > 10 and "quarter" in windows


def test_no_small_count_is_shown(attacked, values):
    attacker, _ = attacked
    shown_small = [key for key in attacker.shown if key[-1] != "amount"
                   and 1 <= values.get(key, 0.0) < THRESHOLD]
    assert shown_small == []


def test_the_same_cells_are_hidden_everywhere(attacked):
    attacker, _ = attacked
    assert attacker.hidden & attacker.shown == set()


def test_claims_to_date_are_not_published_by_kecamatan(attacked):
    attacker, _ = attacked
    assert not any(key[1] == "cumulative" for key in attacker.hidden | attacker.shown)


def test_disclosure_json_lists_every_hidden_cell_without_values(setting, published, attacked):
    attacker, _ = attacked
    for period in PERIODS:
        record = json.loads((published / setting.period_folder(period) / "disclosure.json")
                            .read_text())
        assert record["audit"]["passed"] and record["audience"] == "public"
        assert "do not publish" in record["note"]
        cells = {(period, table["table"], table["regency"], cell["district"], cell["column"])
                 for table in record["tables"] for cell in table["cells"]}
        assert sum(record["hidden"].values()) == len(cells)
        assert all(set(cell) == {"district", "column", "reason", "interval_width",
                                 "can_be_zero"}
                   for table in record["tables"] for cell in table["cells"])
        # Every cell the outputs hide is listed (the workbook and reports of two regencies).
        hidden = {key for key in attacker.hidden if key[0] == period}
        listed = {(key[0], key[2], key[3], key[4]) for key in hidden}
        assert listed <= {(p, r, d, c) for p, _, r, d, c in cells}
