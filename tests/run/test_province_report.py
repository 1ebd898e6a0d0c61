"""Reports of another province: the Jawa Barat demo renders its province report and a
regency's, with Jawa Barat's names and its parameters' targets."""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console

from analysis.demo import write_demo_dataset
from analysis.reference.geography import NEW_VILLAGES
from analysis.reference.province import ENVIRONMENT
from analysis.run import runner


@pytest.fixture
def jawa_barat_reports(tmp_path, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, "15")  # the run sets Jawa Barat; later tests get Jambi
    monkeypatch.setenv(NEW_VILLAGES, "")
    data = tmp_path / "demo-32"
    write_demo_dataset(data, province="32")
    request = runner.ReportRequest(data=data, regencies=["Kota Banjar", "provinsi"],
                                   out=tmp_path / "reports", formats=("html",), jobs=1)
    assert runner.run_reports(request, Console(record=True, width=200)) == 0
    return tmp_path / "reports" / "2025Q4"


def test_jawa_barat_reports_carry_its_names_and_targets(jawa_barat_reports):
    out = jawa_barat_reports
    province = (out / "32-provinsi-jawa-barat.html").read_text("utf-8")
    banjar = (out / "3279-kota-banjar.html").read_text("utf-8")
    assert "<title>Provinsi Jawa Barat · Triwulan IV 2025" in province
    assert "<title>Kota Banjar · Triwulan IV 2025" in banjar
    assert "Kab. Bogor" in province and "Kota Banjar" in province  # regency tables
    for page in (province, banjar):
        text = re.sub(r"<[^>]+>", " ", page)
        # Jambi is named only where a source is cited (the scheme used as the template)
        for hit in re.finditer(r"Jambi", text):
            context = text[max(0, hit.start() - 200):hit.end() + 80]
            assert "Pergub Jambi" in context or "templat" in context or "Gubernur" in context \
                or "Kota Jambi 519" in context, context
    metrics = json.loads((out / "32-provinsi-jawa-barat.metrics.json").read_text("utf-8"))
    assert metrics["scope"] == "32" and metrics["scope_name"] == "Provinsi Jawa Barat"
    assert metrics["villages"] == 5_957
    assert metrics["target"] == {"MME": 50 * 5_957, "PR": 25 * 5_957, "total": 75 * 5_957}
    banjar_metrics = json.loads((out / "3279-kota-banjar.metrics.json").read_text("utf-8"))
    assert banjar_metrics["villages"] == 25 and banjar_metrics["target"]["total"] == 75 * 25


def test_a_national_run_renders_a_provinces_report_beside_its_regencies(
        nation_dir, province_demo_dirs, tmp_path, monkeypatch):
    """``--regency 34`` in a national run is Yogyakarta's province report, with the figures of
    Yogyakarta's own dataset, listed in the index at the head of its province's group."""
    from analysis.inputs.opening import open_dataset
    from analysis.metrics.scope_metrics import compute_all_metrics

    monkeypatch.setenv(ENVIRONMENT, "15")
    monkeypatch.setenv(NEW_VILLAGES, "")
    request = runner.ReportRequest(data=nation_dir, regencies=["34", "Kota Yogyakarta"],
                                   out=tmp_path / "reports", formats=("html",), jobs=1)
    console = Console(record=True, width=200)
    assert runner.run_reports(request, console) == 0, console.export_text()
    out = tmp_path / "reports" / "2025Q4"
    slug = "34-provinsi-daerah-istimewa-yogyakarta"
    page = (out / f"{slug}.html").read_text("utf-8")
    assert "<title>Provinsi Daerah Istimewa Yogyakarta · Triwulan IV 2025" in page
    assert "Kota Yogyakarta" in page and "Kab. Sleman" in page  # its regencies compared
    assert "Kota Administrasi Jakarta" not in page  # nothing of the other province
    metrics = json.loads((out / f"{slug}.metrics.json").read_text("utf-8"))
    own = compute_all_metrics(open_dataset(province_demo_dirs["34"]), "2025Q4")["34"]
    assert {**metrics, "warnings": 0} == {**own, "warnings": 0}
    assert metrics["village_coding"] == "2025"
    index = (out / "index.html").read_text("utf-8")
    row = index.split('<tr class="province">')[1].split("</tr>")[0]
    assert f'href="{slug}.html"' in row
    assert index.index("Daerah Istimewa Yogyakarta (34) ·") < index.index(slug) < index.index(
        "3471-kota-yogyakarta.html")
