"""The run's disclosure audit: ``disclosure.json``, and no public output when it fails.

``publish_disclosure`` runs before any report renders. For a public run it chooses the
quarter's pattern (``pattern.compute_pattern``), has the attacker bound every hidden cell, and
then either writes ``disclosure.json`` into the period folder (and the record into the run's
cache folder, where every report kernel and the workbook read it), or, when any small cell can
be narrowed down, writes nothing, names the cells and tells the run to stop. A record that
passed is reused by the next run of the same data and code (``--force`` included), which
would choose the same cells. An internal run writes a ``disclosure.json`` that says nothing
was suppressed.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from analysis.atomic import write_json
from analysis.disclosure.pattern import compute_pattern, disclosure_record, record_name
from analysis.disclosure.protection import ProtectionError
from analysis.inputs import cache
from analysis.inputs.dataset import Dataset
from analysis.reference.periods import Quarter

DISCLOSURE_FILE = "disclosure.json"


def internal_record(quarter: Quarter) -> dict:
    """``disclosure.json`` of an internal run: nothing is suppressed."""
    return {"period": quarter.label, "audience": "internal", "suppressed": False,
            "note": "Internal outputs show every figure; do not distribute."}


def publish_disclosure(dataset: Dataset, quarter: Quarter, audience: str, period_dir: Path,
                       cache_folder: Path, console: Console) -> bool:
    """Choose and audit the quarter's hidden cells and write ``disclosure.json``; False (with
    the reasons printed, nothing written) when the audit fails."""
    if audience != "public":
        write_json(Path(period_dir) / DISCLOSURE_FILE, internal_record(quarter))
        return True
    kept, record = cache.load_json(cache_folder, record_name(quarter))
    kept = kept and record["audit"]["passed"]  # a notebook may have stored a failed one
    if not kept:
        record = _audited_record(dataset, quarter, cache_folder, console)
        if record is None:
            return False
        cache.save_json(cache_folder, record_name(quarter), record)
    write_json(Path(period_dir) / DISCLOSURE_FILE, record)
    counts = record["hidden"]
    chosen = ("chosen by an earlier run of the same data and code" if kept
              else f"chosen in {record['optimisation_seconds']:.2f} s")
    console.print(f"Disclosure control: {counts['primary']} small and {counts['secondary']} "
                  f"protecting cell(s) hidden, {chosen}; audit passed ({DISCLOSURE_FILE}).")
    return True


def _audited_record(dataset: Dataset, quarter: Quarter, cache_folder: Path,
                    console: Console) -> dict | None:
    """The quarter's disclosure record when its audit passes, else None (reasons printed)."""
    try:
        pattern = compute_pattern(dataset, quarter, cache_folder)
    except ProtectionError as exc:
        console.print(f"[bold red]Disclosure control for {quarter.label}: {exc}; no public "
                      f"file was written.[/]")
        return None
    record = disclosure_record(pattern)
    if not record["audit"]["passed"]:
        console.print(f"[bold red]Disclosure audit failed for {quarter.label}: a reader of the "
                      f"public outputs could narrow these small cells down, so no public "
                      f"file was written:[/]")
        for cell in record["audit"]["unprotected"]:
            console.print(f"  {cell['table']} {cell['period']} kecamatan {cell['district']} "
                          f"(regency {cell['regency']}), {cell['column']}")
        console.print("Check these counts in the data; analysts can see every figure with "
                      "--audience internal (marked INTERNAL, not for publication).")
        return None
    return record
