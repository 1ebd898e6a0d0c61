"""The run's audit: disclosure.json, and no public file when a small cell can be narrowed."""

from __future__ import annotations

import json

import numpy as np
import pytest
from rich.console import Console

from analysis.disclosure import audit, pattern
from analysis.disclosure.claims import QUARTER_TABLE, CellKey
from analysis.disclosure.protection import ProblemBuilder, ProtectionError
from analysis.reference.periods import Quarter
from analysis.run import runner

QUARTER = Quarter.parse("2025Q4")


def pinned_pattern() -> pattern.ReleasePattern:
    """A release whose only small cell (2) is hidden but pinned by its column total."""
    builder = ProblemBuilder()
    key = CellKey(QUARTER_TABLE, QUARTER.label, "15.07", "15.07.01", "count")
    cell = builder.cell(key, 2, primary=True, upper=2, required=5)
    builder.equal({cell: 1.0}, 2)
    release = pattern.TableRelease(QUARTER_TABLE, "15.07", [key], builder.build(),
                                   np.array([True]), np.array([2.0]), np.array([2.0]))
    return pattern.ReleasePattern(QUARTER.label, 5, 1_500_000, 0.1, [release])


def test_a_failing_audit_writes_nothing_and_names_the_cell(monkeypatch, tmp_path):
    monkeypatch.setattr(audit, "compute_pattern", lambda *_: pinned_pattern())
    console = Console(record=True, width=200)
    assert not audit.publish_disclosure(None, QUARTER, "public", tmp_path / "out",
                                        tmp_path / "cache", console)
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()
    text = console.export_text()
    assert "Disclosure audit failed" in text and "15.07.01" in text and "count" in text
    assert "--audience internal" in text  # what an analyst can do instead


def test_no_possible_pattern_stops_the_run_with_a_message(monkeypatch, tmp_path):
    def impossible(*_):
        raise ProtectionError("no pattern of hidden cells protects every small cell")

    monkeypatch.setattr(audit, "compute_pattern", impossible)
    console = Console(record=True, width=200)
    assert not audit.publish_disclosure(None, QUARTER, "public", tmp_path, tmp_path, console)
    assert "no public file was written" in console.export_text()
    assert not (tmp_path / audit.DISCLOSURE_FILE).exists()


def test_an_internal_run_says_nothing_was_suppressed(tmp_path):
    assert audit.publish_disclosure(None, QUARTER, "internal", tmp_path, tmp_path, Console())
    record = json.loads((tmp_path / audit.DISCLOSURE_FILE).read_text())
    assert (record["audience"], record["suppressed"], record["period"]) == \
        ("internal", False, "2025Q4")


def test_the_record_names_a_pinned_cell():
    record = pattern.disclosure_record(pinned_pattern())
    assert not record["audit"]["passed"]
    assert record["audit"]["unprotected"] == [
        {"table": QUARTER_TABLE, "period": "2025Q4", "regency": "15.07",
         "district": "15.07.01", "column": "count"}]
    cell = record["tables"][0]["cells"][0]
    assert cell == {"district": "15.07.01", "column": "count", "reason": "primary",
                    "interval_width": 0.0, "can_be_zero": False}


def passed_record() -> dict:
    record = pattern.disclosure_record(pinned_pattern())
    record["audit"] = {"passed": True, "unprotected": []}
    return record


def test_a_record_that_passed_is_reused_by_the_next_run(monkeypatch, tmp_path):
    monkeypatch.setattr(audit, "disclosure_record", lambda _: passed_record())
    monkeypatch.setattr(audit, "compute_pattern", lambda *_: pinned_pattern())
    assert audit.publish_disclosure(None, QUARTER, "public", tmp_path / "a", tmp_path / "cache",
                                    Console())

    def not_again(*_):
        raise AssertionError("the pattern was chosen again")

    monkeypatch.setattr(audit, "compute_pattern", not_again)
    console = Console(record=True, width=200)
    assert audit.publish_disclosure(None, QUARTER, "public", tmp_path / "b", tmp_path / "cache",
                                    console)
    first, second = ((tmp_path / run / audit.DISCLOSURE_FILE).read_text() for run in "ab")
    assert first == second and json.loads(second)["audit"]["passed"]
    assert "chosen by an earlier run of the same data and code" in console.export_text()


def test_a_failed_record_is_not_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(audit, "compute_pattern", lambda *_: pinned_pattern())
    for _ in range(2):
        console = Console(record=True, width=200)
        assert not audit.publish_disclosure(None, QUARTER, "public", tmp_path, tmp_path, console)
        assert "Disclosure audit failed" in console.export_text()


def test_a_failed_record_in_the_cache_is_not_published(monkeypatch, tmp_path):
    # A notebook opened outside a run chooses the pattern itself and keeps whatever it got.
    from analysis.inputs import cache

    cache.save_json(tmp_path / "cache", pattern.record_name(QUARTER),
                    pattern.disclosure_record(pinned_pattern()))
    monkeypatch.setattr(audit, "compute_pattern", lambda *_: pinned_pattern())
    console = Console(record=True, width=200)
    assert not audit.publish_disclosure(None, QUARTER, "public", tmp_path / "out",
                                        tmp_path / "cache", console)
    assert "Disclosure audit failed" in console.export_text()
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_bkbk_report_writes_no_public_file_when_the_audit_fails(demo_dir, tmp_path,
                                                                 monkeypatch):
    # A cache of its own: a record kept by another test's run would pass the audit.
    monkeypatch.setenv("BKBK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(audit, "compute_pattern", lambda *_: pinned_pattern())
    request = runner.ReportRequest(data=demo_dir, regencies=["15.07"], out=tmp_path / "out",
                                   jobs=1)
    assert runner.run_reports(request, Console(record=True, width=200)) == 1
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()
               and p.suffix in (".html", ".pdf", ".xlsx", ".json", ".ipynb")
               and p.name != "manifest.json"]
    assert written == []
