"""The report runner: change detection, atomic writes, and a batch that survives a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from analysis.atomic import atomic_path, is_temporary, write_bytes, write_json
from analysis.inputs.cache import data_hash, source_hash
from analysis.reference.scope import Scope
from analysis.run import runner
from analysis.run.fingerprint import Manifest, fingerprint, notebook_hash


def _notebook(path: Path, sources: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    return path


# --- fingerprints ------------------------------------------------------------------------------

def test_data_hash_follows_file_contents(tmp_path):
    (tmp_path / "participants.csv").write_text("participant_id\nA\n")
    (tmp_path / "dataset.toml").write_text('name = "x"\n')
    first = data_hash(tmp_path)
    assert data_hash(tmp_path) == first
    (tmp_path / ".hidden").write_text("editor state")
    assert data_hash(tmp_path) == first
    (tmp_path / "participants.csv").write_text("participant_id\nB\n")
    assert data_hash(tmp_path) != first


def _package_and_reference(tmp_path: Path) -> tuple[Path, Path]:
    """A one-module package and a one-file reference folder."""
    package, reference = tmp_path / "pkg", tmp_path / "ref"
    package.mkdir()
    reference.mkdir()
    (package / "metrics.py").write_text("RATE = 1\n")
    (reference / "parameters.toml").write_text("threshold = 5\n")
    return package, reference


def test_source_hash_follows_package_and_reference_files(tmp_path):
    package, reference = _package_and_reference(tmp_path)
    first = source_hash(package, reference)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "metrics.cpython-311.pyc").write_bytes(b"\0")
    assert source_hash(package, reference) == first
    (reference / "parameters.toml").write_text("threshold = 3\n")
    second = source_hash(package, reference)
    assert second != first
    (package / "metrics.py").write_text("RATE = 2\n")
    assert source_hash(package, reference) not in (first, second)


def test_a_provinces_own_parameters_change_the_source_hash(tmp_path):
    package, reference = _package_and_reference(tmp_path)
    (reference / "provinces").mkdir()
    own = reference / "provinces" / "15.toml"
    own.write_text("[[village_targets]]\nMME = 50\n")
    first = source_hash(package, reference)
    own.write_text("[[village_targets]]\nMME = 51\n")
    assert source_hash(package, reference) != first


def test_outputs_written_under_the_reference_folder_do_not_change_the_source_hash(tmp_path):
    package, reference = _package_and_reference(tmp_path)
    first = source_hash(package, reference)
    period = reference / "2025Q4"
    (period / "executed").mkdir(parents=True)
    (period / "15-provinsi-jambi.metrics.json").write_text("{}")
    (period / "manifest.json").write_text("{}")
    (reference / ".hidden.json").write_text("{}")
    assert source_hash(package, reference) == first


def _killed_writers(targets: list[Path]) -> None:
    """Writers of ``targets`` killed before they finished: their temporary files stay."""
    code = ("import os, sys\nfrom contextlib import ExitStack\nfrom pathlib import Path\n"
            "from analysis.atomic import atomic_path\nstack = ExitStack()\n"
            "for target in sys.argv[1:]:\n    stack.enter_context(atomic_path(Path(target)))\n"
            "os._exit(9)")
    done = subprocess.run([sys.executable, "-c", code, *map(str, targets)], check=False)
    assert done.returncode == 9


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path):
    executed = tmp_path / "executed"
    executed.mkdir()
    _killed_writers([executed / "1507-kab-tanjung-jabung-timur.ipynb",
                     tmp_path / "1507-kab-tanjung-jabung-timur.html",
                     tmp_path / "1507-kab-tanjung-jabung-timur.metrics.json"])
    # and one as earlier versions named them
    (executed / ".1507-kab-tanjung-jabung-timur.ipynb.k2j3.tmp").write_bytes(b"")
    stale = [*tmp_path.glob(".*"), *executed.glob(".*")]
    assert len(stale) == 4
    kept = [executed / "1507-kab-tanjung-jabung-timur.ipynb", tmp_path / "index.html",
            tmp_path / ".hidden.json", tmp_path / "tmp.json"]
    for path in kept:
        path.write_text("x")
    assert runner.remove_stale_temporaries(tmp_path) == 4
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)


def test_a_temporary_file_keeps_its_targets_type_in_its_name(tmp_path):
    """Tools that go by the name see a notebook as a notebook (papermill warns otherwise)."""
    with atomic_path(tmp_path / "1509-kab-tebo.ipynb") as temporary:
        assert temporary.name.startswith(".1509-kab-tebo.ipynb.")
        assert temporary.suffixes[-2:] == [".tmp", ".ipynb"]
        assert is_temporary(temporary)
    assert not is_temporary(tmp_path / "1509-kab-tebo.ipynb")


def test_a_second_run_into_the_same_folder_waits_its_turn(tmp_path):
    with runner._period_lock(tmp_path) as first:
        assert first
        with runner._period_lock(tmp_path) as second:
            assert not second
    with runner._period_lock(tmp_path) as again:
        assert again


def test_notebook_hash_ignores_outputs_but_not_code(tmp_path):
    path = _notebook(tmp_path / "report.ipynb", ['scope = "15.07"', "print(scope)"])
    first = notebook_hash(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="15.07\n")]
    nb.cells[1].execution_count = 3
    nbformat.write(nb, path)
    assert notebook_hash(path) == first
    nb.cells[1].source = "print(scope, 'changed')"
    nbformat.write(nb, path)
    assert notebook_hash(path) != first


def test_fingerprint_changes_with_any_parameter():
    base = {"data": "d1", "source": "s1", "notebook": "n1", "scope": "15.07",
            "period": "2025Q4", "lang": "id", "audience": "public"}
    reference = fingerprint(**base)
    assert fingerprint(**dict(reversed(list(base.items())))) == reference
    for key, value in [("data", "d2"), ("notebook", "n2"), ("period", "2025Q3"),
                       ("lang", "en"), ("audience", "internal"), ("scope", "15.01")]:
        assert fingerprint(**{**base, key: value}) != reference, key


def test_manifest_is_current_only_with_same_fingerprint_and_files(tmp_path):
    manifest = Manifest.load(tmp_path)
    assert not manifest.is_current("15.07", "abc", ["r.html"])
    (tmp_path / "r.html").write_text("<html></html>")
    (tmp_path / "r.pdf").write_bytes(b"%PDF")
    manifest.record("15.07", "abc", ["r.html", "r.pdf"])
    manifest.save()
    again = Manifest.load(tmp_path)
    assert again.is_current("15.07", "abc", ["r.html"])
    assert not again.is_current("15.07", "abd", ["r.html"])
    assert not again.is_current("15.07", "abc", ["r.html", "r.metrics.json"])
    (tmp_path / "r.pdf").unlink()
    assert not again.is_current("15.07", "abc", ["r.html"])


def test_unreadable_manifest_counts_as_empty(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    assert Manifest.load(tmp_path).entries == {}


# --- atomic writes -----------------------------------------------------------------------------

def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "report.html"
    write_bytes(target, b"old")
    write_json(target, {"a": 1})
    assert json.loads(target.read_text()) == {"a": 1}
    assert os.listdir(tmp_path) == ["report.html"]


def test_failed_writer_leaves_old_file_and_no_partial_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"complete old report")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        with open(temporary, "wb") as handle:
            handle.write(b"half of a new rep")
        raise RuntimeError("renderer crashed")
    assert target.read_bytes() == b"complete old report"
    assert os.listdir(tmp_path) == ["report.pdf"]


def test_failed_first_write_leaves_nothing(tmp_path):
    target = tmp_path / "sub" / "report.pdf"
    with pytest.raises(ValueError), atomic_path(target) as temporary:
        temporary.write_bytes(b"partial")
        raise ValueError("stop")
    assert list((tmp_path / "sub").iterdir()) == []


# --- a batch with one failing report -----------------------------------------------------------

PARAMETERS = """scope: str = "15.07"
period: str = "latest"
data_dir: str = ""
lang: str = "id"
audience: str = "public"
cache_dir: str = \"\""""

BODY = """from IPython.display import HTML
from analysis.reference.geography import resolve_scope
code, name = resolve_scope(scope)
HTML(f"<h1>Laporan {name}</h1><p>Periode {period}</p>")"""


@pytest.fixture
def small_notebooks(tmp_path, monkeypatch):
    """Two one-cell report templates instead of the real ones, and no workbook or slides."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebooks = {kind: _notebook(folder / f"{kind}.ipynb", [PARAMETERS, BODY])
                 for kind in ("regency", "province")}
    monkeypatch.setattr(runner, "REPORT_NOTEBOOKS", notebooks)
    monkeypatch.setattr(runner, "EXTRAS", {})
    return notebooks


def test_failing_report_does_not_stop_the_others(demo_dir, small_notebooks, tmp_path,
                                                 monkeypatch):
    original = runner._report_job

    def breaking(state, scope, slug):
        job = original(state, scope, slug)
        if scope.code == "15.02":
            job.parameters["scope"] = "99.99"  # no such regency: the notebook raises
        return job

    monkeypatch.setattr(runner, "_report_job", breaking)
    out = tmp_path / "reports"
    request = runner.ReportRequest(data=demo_dir, regencies=["15.01", "15.02", "15"], out=out,
                                   jobs=2)
    console = Console(record=True, width=250)
    assert runner.run_reports(request, console) == 1

    period_dir = next(p for p in out.iterdir() if p.name != ".cache")
    for slug in ("1501-kab-kerinci", "15-provinsi-jambi"):
        for name in (f"{slug}.html", f"{slug}.pdf", f"{slug}.metrics.json",
                     f"executed/{slug}.ipynb"):
            assert (period_dir / name).stat().st_size > 0, name
        assert (period_dir / f"{slug}.pdf").read_bytes().startswith(b"%PDF")
    assert "Laporan Kab. Kerinci" in (period_dir / "1501-kab-kerinci.html").read_text()
    assert not (period_dir / "1502-kab-merangin.html").exists()
    failed = period_dir / "executed" / "1502-kab-merangin.failed.ipynb"
    assert failed.exists()

    text = console.export_text()
    failure = next(line for line in text.splitlines() if "FAILED" in line)
    assert "1502-kab-merangin" in failure
    assert str(failed) in text.replace("\n", "")
    assert "UnknownRegionError" in failure and "99.99" in failure

    entries = Manifest.load(period_dir).entries
    assert {"15.01", "15"} <= set(entries) and "15.02" not in entries

    # A second run skips what succeeded and tries the failed report again.
    kept = (period_dir / "1501-kab-kerinci.html").stat().st_mtime_ns
    console = Console(record=True, width=250)
    assert runner.run_reports(request, console) == 1
    text = console.export_text()
    assert "Rendering 1 report(s)" in text
    assert (period_dir / "1501-kab-kerinci.html").stat().st_mtime_ns == kept


def test_unknown_format_is_refused(tmp_path):
    request = runner.ReportRequest(out=tmp_path, formats=("html", "docx"))
    with pytest.raises(ValueError, match="formats"):
        runner.run_reports(request, Console(record=True))


def test_a_national_run_renders_the_provinces_and_regencies_not_a_report_of_the_nation():
    from analysis.reference.province import NATIONAL, province_setting

    with province_setting(NATIONAL):
        scopes = runner.requested_scopes(None)
        assert len(scopes) == 38 + 514 and not any(scope.is_province for scope in scopes)
        assert [s.code for s in scopes[:3]] == ["11", "12", "13"]  # the provinces first
        assert all(s.is_regency for s in scopes[38:])
        assert [s.code for s in runner.requested_scopes(["32.73", "Kota Jambi", "32"])] == [
            "32.73", "15.71", "32"]
        assert runner._notebook(Scope.resolve("32")) == runner.REPORT_NOTEBOOKS["province"]
        with pytest.raises(ValueError, match="not a report of the nation: its sections compare "
                                             "a province's regencies"):
            runner.requested_scopes(["32.73", "all"])
    assert runner.requested_scopes(None)[0].code == "15"  # a province's run: its report first
