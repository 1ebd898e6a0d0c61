"""The ``bkbk`` command: regions, validate, metrics, reconcile and their exit codes."""

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
    # the demo pays for a few people more than are active: warnings, not errors
    assert "0 errors" in out and "pays for more people than were active" in out


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


def test_a_file_given_as_dataset_folder_is_named(tmp_path, capsys):
    table = tmp_path / "participants.csv"
    table.write_text("participant_id\n")
    for args in (["report", "--data", str(table)], ["validate", str(table)]):
        code, _, err = run(args, capsys)
        assert code == 2
        assert f"{table} is a file; give the dataset folder" in err
        assert "Traceback" not in err


@pytest.mark.parametrize("command", [["report", "--data"], ["metrics", "--data"],
                                     ["metrics", "--scope", "all", "--data"],
                                     ["reconcile", "--data"], ["validate"]])
def test_a_missing_dataset_folder_is_named_like_validate_names_it(tmp_path, capsys, command):
    missing = tmp_path / "ekspor-2025q4"
    code, out, err = run([*command, str(missing)], capsys)
    assert code == 1
    assert str(missing) in out + err and "dataset folder not found" in out + err
    assert "Traceback" not in out + err and "Errno" not in out + err
    assert not missing.exists()


@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_a_number_of_jobs_below_one_is_refused(jobs, capsys):
    code, _, err = run(["report", "--jobs", jobs], capsys)
    assert code == 2
    assert f"'{jobs}' is not a number of processes (1 or more)" in err


def test_an_output_folder_below_a_file_is_refused(tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("")
    code, _, err = run(["report", "--out", str(blocker / "reports")], capsys)
    assert code == 2
    assert f"{blocker} is a file, so {blocker / 'reports'} cannot be a folder" in err


@pytest.mark.parametrize(("period", "expected"), [
    ("2030Q1", "period 2030Q1 ends on 2030-03-31, after the data's as_of date 2025-12-31; "
               "the latest complete quarter is 2025Q4"),
    ("2019Q4", "period 2019Q4 ends before the data start (2022-09-01); "
               "the first quarter with data is 2022Q3"),
])
def test_a_quarter_outside_the_data_is_refused_alike_by_every_command(demo_dir, tmp_path,
                                                                     capsys, period, expected):
    for command in (["report", "--out", str(tmp_path / "reports")], ["metrics"],
                    ["reconcile", "--out", str(tmp_path / "reports")]):
        code, out, err = run([*command, "--data", str(demo_dir), "--period", period], capsys)
        assert code == 2, command
        assert expected in " ".join((out + err).split()), command
    assert not list((tmp_path / "reports").glob(f"{period}*"))


def test_reconcile_refuses_a_quarter_after_the_data_before_loading_them(demo_dir, tmp_path,
                                                                       capsys, monkeypatch):
    def load(*_):
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr("analysis.outputs.reconciliation.load_with_identities", load)
    code, _, err = run(["reconcile", "--data", str(demo_dir), "--period", "2026Q1",
                        "--out", str(tmp_path)], capsys)
    assert code == 2
    assert "period 2026Q1 ends on 2026-03-31, after the data's as_of date" in err


def test_bad_period_is_a_clear_error(demo_dir, capsys):
    code, _, err = run(["metrics", "--data", str(demo_dir), "--period", "2025-4"], capsys)
    assert code == 2
    assert "2025Q4" in err


def test_reconcile_writes_the_json_and_a_workbook_per_regency(demo_dir, tmp_path, capsys):
    code, out, _ = run(["reconcile", "--data", str(demo_dir), "--period", "2025Q4",
                        "--regency", "Sungai Penuh", "--out", str(tmp_path)], capsys)
    assert code == 0
    folder = tmp_path / "2025Q4-rekonsiliasi"
    assert sorted(p.name for p in folder.iterdir()) == [
        "reconciliation.json", "rekonsiliasi-1572-kota-sungai-penuh-2025Q4.xlsx"]
    content = json.loads((folder / "reconciliation.json").read_text())
    assert content["period"] == "2025Q4" and content["period_end"] == "2025-12-31"
    assert content["village_coding"] == "2022"
    assert len(content["villages"]) == 69 and all(code.startswith("15.72.")
                                                 for code in content["villages"])
    assert content["totals"]["list_rows"] == sum(v["list_rows"]
                                                 for v in content["villages"].values())
    assert "1 buku kerja" in out


def _lists_broken(demo_dir, tmp_path, change):
    """A copy of the demo whose village_lists.csv lines went through ``change``."""
    broken = tmp_path / "broken"
    shutil.copytree(demo_dir, broken)
    path = broken / "village_lists.csv"
    path.write_text("\n".join(change(path.read_text().splitlines())) + "\n")
    return broken


def _same_row_number(lines):
    cells = lines[2].split(",")
    cells[2] = lines[1].split(",")[2]
    return [*lines[:2], ",".join(cells), *lines[3:]]


def _nik_as_excel_number(lines):
    cells = lines[1].split(",")
    cells[3] = "3.5E+15"
    return [lines[0], ",".join(cells), *lines[2:]]


def _unknown_village(lines):
    return [lines[0], "15.01.99.2999" + lines[1][len("15.01.01.1004"):], *lines[2:]]


@pytest.mark.parametrize(("change", "expected"), [
    (_same_row_number, "duplicate"), (_nik_as_excel_number, "damaged"),
    (_unknown_village, "unknown village"),
])
def test_reconcile_bad_lists_exit_like_validate(demo_dir, tmp_path, capsys, change, expected):
    broken = _lists_broken(demo_dir, tmp_path, change)
    code, _, err = run(["reconcile", "--data", str(broken), "--period", "2025Q4",
                        "--out", str(tmp_path / "out")], capsys)
    validate_code, out, _ = run(["validate", str(broken)], capsys)
    assert code == validate_code == 1
    assert "village_lists.csv" in err and expected in err and expected in out
    assert not (tmp_path / "out").exists()


def test_reconcile_a_year_without_lists_says_so(demo_dir, tmp_path, capsys):
    broken = _lists_broken(demo_dir, tmp_path, lambda lines: [
        line for line in lines if ",2025," not in line])
    code, _, err = run(["reconcile", "--data", str(broken), "--period", "2025Q4",
                        "--out", str(tmp_path / "out")], capsys)
    assert code == 1
    assert "no village list for 2025" in " ".join(err.split())
