"""Attack two quarters of rendered public outputs on the demo data: no small cell falls."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from attacker import (
    REFERENCE,
    Attacker,
    district_codes,
    html_tables,
    known_relations,
    narrowed,
    notebook_html,
    read_metrics,
    read_report,
    read_workbook,
)
from rich.console import Console

from analysis.run import runner

pytestmark = pytest.mark.slow

PERIODS = ["2025Q3", "2025Q4"]
REGENCIES = {"15.07": "1507-kab-tanjung-jabung-timur", "15.71": "1571-kota-jambi"}
THRESHOLD, SMALLEST_AMOUNT_JUTA = 5, 1.5


@pytest.fixture(scope="module")
def published(demo_dir, tmp_path_factory) -> Path:
    """The public outputs of two consecutive quarters, rendered as a run renders them."""
    out = tmp_path_factory.mktemp("public")
    for period in PERIODS:
        request = runner.ReportRequest(data=demo_dir, period=period, regencies=list(REGENCIES),
                                       out=out, formats=("html",), jobs=2)
        assert runner.run_reports(request, Console(record=True, width=200)) == 0
    return out


def truth(demo_dir: Path) -> dict[tuple, float]:
    """Every cell's true value, counted here from the raw claims file."""
    claims = pd.read_csv(demo_dir / "claims.csv", dtype=str)
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
    return values


def attack(folder: Path) -> tuple[Attacker, int]:
    """Read every public output of the quarters; returns the attacker and the report rows."""
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
        assert not any("Penerima kumulatif" in t[0] for t in html_tables(index) if t)
    for regency, codes in districts.items():
        known_relations(attacker, PERIODS, regency, codes)
    return attacker, rows


def test_the_attacker_recovers_no_small_cell(published, demo_dir):
    attacker, rows = attack(published)
    kecamatan = sum(1 for regency, _ in district_codes() if regency in REGENCIES)
    assert rows == len(PERIODS) * 2 * kecamatan  # the HTML page and the executed notebook
    values = truth(demo_dir)
    bounds = attacker.bounds()
    assert len(bounds) > 300
    # The bounds are right: every hidden cell's true value lies within them.
    assert all(low - 1e-6 <= values.get(key, 0.0) <= high + 1e-6
               for key, (low, high) in bounds.items())
    assert narrowed(bounds, values, THRESHOLD, SMALLEST_AMOUNT_JUTA) == []


def test_no_small_count_is_shown(published, demo_dir):
    attacker, _ = attack(published)
    values = truth(demo_dir)
    shown_small = [key for key in attacker.shown if key[-1] != "amount"
                   and 1 <= values.get(key, 0.0) < THRESHOLD]
    assert shown_small == []


def test_the_same_cells_are_hidden_everywhere(published):
    attacker, _ = attack(published)
    assert attacker.hidden & attacker.shown == set()


def test_disclosure_json_lists_every_hidden_cell_without_values(published):
    record = json.loads((published / "2025Q4" / "disclosure.json").read_text())
    assert record["audit"]["passed"] and record["audience"] == "public"
    assert record["hidden"]["primary"] > 0 and record["hidden"]["secondary"] > 0
    cells = [cell for table in record["tables"] for cell in table["cells"]]
    assert sum(record["hidden"].values()) == len(cells)
    assert set(cells[0]) == {"district", "column", "reason", "interval_width", "can_be_zero"}
    primary = [c for c in cells if c["reason"] == "primary"]
    assert all(c["can_be_zero"] or c["interval_width"] >= THRESHOLD for c in primary
               if c["column"] != "amount")
