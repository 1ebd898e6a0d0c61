"""The ``bkbk`` command: regions, validate, metrics and their exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.cli import main


def run(args, capsys):
    """Run ``bkbk ARGS``; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as excinfo:
        main(args)
    captured = capsys.readouterr()
    return excinfo.value.code, captured.out, captured.err


def test_regions_prints_published_counts(capsys):
    code, out, _ = run(["regions"], capsys)
    assert code == 0
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in out.splitlines() if line.startswith("│")}
    # code -> name, kecamatan, kelurahan, desa, desa + kelurahan (published Kemendagri counts)
    assert rows["15.07"] == ["Kab. Tanjung Jabung Timur", "11", "20", "73", "93"]
    assert rows["15.71"] == ["Kota Jambi", "11", "62", "0", "62"]
    assert rows["15"] == ["Provinsi Jambi", "141", "163", "1.399", "1.562"]
    assert len(rows) == 12


def test_validate_demo_exits_zero(demo_dir, capsys):
    code, out, _ = run(["validate", str(demo_dir)], capsys)
    assert code == 0
    assert "Dataset valid" in out


def test_validate_broken_dataset_exits_one(demo_dir, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(demo_dir, broken)
    lines = (broken / "participants.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("category")] = "XYZ"
    lines[1] = ",".join(cells)
    (broken / "participants.csv").write_text("\n".join(lines) + "\n")
    code, out, _ = run(["validate", str(broken)], capsys)
    assert code == 1
    assert "participants.csv" in out and "XYZ" in out and "category" in out
    # the CSV line the user sees: header is line 1, the first data row line 2
    assert any("│   2 │" in line and "XYZ" in line for line in out.splitlines())


def test_metrics_prints_json_for_a_regency_name(demo_dir, capsys):
    code, out, _ = run(["metrics", "--data", str(demo_dir), "--scope", "Tanjab Timur",
                        "--period", "2025Q4"], capsys)
    assert code == 0
    result = json.loads(out)
    assert result["scope"] == "15.07"
    assert result["period_end"] == "2025-12-31"
    assert result["villages"] == 93
    assert result["active"]["total"] == result["active"]["MME"] + result["active"]["PR"]


def test_unknown_regency_is_a_clear_error(demo_dir, capsys):
    code, _, err = run(["metrics", "--data", str(demo_dir), "--scope", "Bogor"], capsys)
    assert code == 2
    assert "unknown regency 'Bogor'" in err
    assert "Traceback" not in err


def test_bad_period_is_a_clear_error(demo_dir, capsys):
    code, _, err = run(["metrics", "--data", str(demo_dir), "--period", "2025-4"], capsys)
    assert code == 2
    assert "2025Q4" in err
