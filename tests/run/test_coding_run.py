"""``bkbk report --coding 2025``: Jambi's reports in the Kepmendagri 2025 coding, from the
demo's 2022-coded files, in a folder of their own."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from analysis.cli import main
from analysis.reference.province import ENVIRONMENT
from analysis.run import runner


def test_reports_in_the_2025_coding_show_its_kecamatan(demo_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, "15")
    request = runner.ReportRequest(data=demo_dir, regencies=["Kerinci"], out=tmp_path,
                                   formats=("html",), jobs=1, coding="2025")
    assert runner.run_reports(request, Console(record=True, width=200)) == 0
    out = tmp_path / "2025Q4-kode2025"
    page = (out / "1501-kab-kerinci.html").read_text("utf-8")
    assert "Kepmendagri 300.2.2-2138/2025 (18 kecamatan, 287 desa/kelurahan)" in page
    assert "Tanah Cogok" in page  # kecamatan 15.01.23, new in the 2025 list
    assert "<title>Kab. Kerinci · Triwulan IV 2025 · Kode wilayah 2025 ·" in page
    executed = json.loads((out / "executed" / "1501-kab-kerinci.ipynb").read_text("utf-8"))
    assert executed["metadata"]["papermill"]["parameters"]["coding"] == "2025"
    metrics = json.loads((out / "1501-kab-kerinci.metrics.json").read_text("utf-8"))
    assert (metrics["village_coding"], metrics["villages"]) == ("2025", 287)
    assert not (tmp_path / "2025Q4").exists()

    # the basis run is another report: rendered into its own folder, not "unchanged"
    request.coding = ""
    console = Console(record=True, width=200)
    assert runner.run_reports(request, console) == 0
    page = (tmp_path / "2025Q4" / "1501-kab-kerinci.html").read_text("utf-8")
    assert "Kemendagri basis 2022, daftar program (16 kecamatan, 287 desa/kelurahan)" in page
    assert "Tanah Cogok" not in page and "<title>Kab. Kerinci · Triwulan IV 2025 · BKBK" in page
    metrics = json.loads((tmp_path / "2025Q4" / "1501-kab-kerinci.metrics.json").read_text())
    assert metrics["village_coding"] == "2022"
    assert "unchanged" not in console.export_text()


def test_a_coding_the_province_has_no_list_in_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, "15")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "dataset.toml").write_text('province = "32"\n', "utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--data", str(tmp_path / "data"), "--coding", "2022",
              "--out", str(tmp_path / "out")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "no village list of Provinsi Jawa Barat in the coding '2022'; give one of: 2025" \
        in " ".join(err.split())
    assert not (tmp_path / "out").exists()


def test_a_reconciliation_in_the_2025_coding_covers_its_villages(demo_dir, tmp_path, capsys,
                                                                  monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, "15")
    with pytest.raises(SystemExit) as finished:
        main(["reconcile", "--data", str(demo_dir), "--regency", "Kota Jambi", "--coding",
              "2025", "--out", str(tmp_path)])
    assert finished.value.code == 0
    folder = tmp_path / "2025Q4-rekonsiliasi-kode2025"
    content = json.loads((folder / "reconciliation.json").read_text("utf-8"))
    assert content["village_coding"] == "2025"
    # Kota Jambi's 62 villages of the basis and its 6 new in 2025, which list no one
    new = {code for code, counts in content["villages"].items() if counts["list_rows"] == 0}
    assert len(content["villages"]) == 68 and len(new) == 6
    assert all(code.startswith("15.71.") for code in content["villages"])
    assert not (tmp_path / "2025Q4-rekonsiliasi").exists()
