"""Attack two quarters of rendered public outputs: no small cell falls.

On the demo data and on a copy in which Kota Jambi has few claims (about three in the last
quarter) and short village lists, so that most of its cells are small.
"""

from __future__ import annotations

import json
import shutil
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
from analysis.reference.periods import Quarter
from analysis.run import runner

pytestmark = pytest.mark.slow

PERIODS = ["2025Q3", "2025Q4"]
REGENCIES = {"15.07": "1507-kab-tanjung-jabung-timur", "15.71": "1571-kota-jambi"}
SPARSE = "15.71"
THRESHOLD, SMALLEST_AMOUNT_JUTA = 5, 1.5
TABLES_BY_KECAMATAN = 2  # claims, reconciliation


def sparse_copy(source: Path, out: Path) -> Path:
    """The dataset folder ``source`` with few claims and short lists in Kota Jambi."""
    shutil.copytree(source, out)
    claims = pd.read_csv(source / "claims.csv", dtype=str, keep_default_na=False)
    sparse_claims(claims, SPARSE).to_csv(out / "claims.csv", index=False)
    lists = pd.read_csv(source / "village_lists.csv", dtype=str, keep_default_na=False)
    thin(lists, SPARSE, 300).to_csv(out / "village_lists.csv", index=False)
    return out


@pytest.fixture(scope="module", params=["demo", "sparse"])
def dataset_dir(request, demo_dir, tmp_path_factory) -> Path:
    if request.param == "demo":
        return demo_dir
    return sparse_copy(demo_dir, tmp_path_factory.mktemp("sparse") / "data")


@pytest.fixture(scope="module")
def published(dataset_dir, tmp_path_factory) -> Path:
    """The public outputs of two consecutive quarters, rendered as a run renders them."""
    out = tmp_path_factory.mktemp("public")
    for period in PERIODS:
        request = runner.ReportRequest(data=dataset_dir, period=period,
                                       regencies=list(REGENCIES), out=out, formats=("html",),
                                       jobs=2)
        assert runner.run_reports(request, Console(record=True, width=200)) == 0
    return out


def truth(folder: Path) -> dict[tuple, float]:
    """Every cell's true value: claims counted here from the raw claims file, the
    reconciliation's counts from the reconciliation itself."""
    claims = pd.read_csv(folder / "claims.csv", dtype=str)
    villages = pd.read_csv(REFERENCE, dtype=str)
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
    dataset = load_dataset(folder)
    for period in PERIODS:
        counts = district_counts(quarter_counts(dataset, Quarter.parse(period)))
        for row in counts.itertuples(index=False):
            regency = row.district_code.rsplit(".", 1)[0]
            for measure in ("list_rows", MATCHED, NOT_LISTED):
                values[(period, "reconciliation", regency, row.district_code, measure)] = \
                    float(getattr(row, measure))
    return values


def attack(folder: Path) -> tuple[Attacker, int]:
    """Read every public output of the quarters; returns the attacker and the kecamatan rows
    of the reports' tables."""
    attacker, districts, rows = Attacker(), {}, 0
    for period in PERIODS:
        here = folder / period
        districts.update(read_workbook(attacker, here / f"tabel-bkbk-{period}.xlsx", period))
        for regency, slug in REGENCIES.items():
            rows += read_report(attacker, (here / f"{slug}.html").read_text(), period, regency)
            rows += read_report(attacker, notebook_html(here / "executed" / f"{slug}.ipynb"),
                                period, regency)
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
def attacked(published) -> tuple[Attacker, int]:
    return attack(published)


@pytest.fixture(scope="module")
def values(dataset_dir) -> dict[tuple, float]:
    return truth(dataset_dir)


def test_the_attacker_recovers_no_small_cell(attacked, values):
    attacker, rows = attacked
    kecamatan = sum(1 for regency, _ in district_codes() if regency in REGENCIES)
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


def test_disclosure_json_lists_every_hidden_cell_without_values(published, attacked):
    attacker, _ = attacked
    for period in PERIODS:
        record = json.loads((published / period / "disclosure.json").read_text())
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
