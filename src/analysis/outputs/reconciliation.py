"""``bkbk reconcile``: reconciliation.json and the regencies' follow-up workbooks.

Writes under ``<out>/<period>-rekonsiliasi/``: ``reconciliation.json`` (SPEC "Village lists
and reconciliation") for the villages of the regencies asked for (default: the province),
and one INTERNAL workbook per regency. Findings are always computed on the whole dataset
(a person listed twice may be listed in two regencies); the scope only selects what is
written. Every file is written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from analysis.atomic import write_json
from analysis.inputs.loading import load_with_identities
from analysis.inputs.opening import dataset_folder
from analysis.inputs.reading import read_meta
from analysis.outputs.naming import coding_suffix
from analysis.outputs.reconciliation_workbook import follow_up_rows, write_regency_workbook
from analysis.reconciliation import reconcile
from analysis.reconciliation.summary import reconciliation_json, village_counts
from analysis.reference.geography import coding_setting, province_code
from analysis.reference.periods import quarter_for, resolve_quarter
from analysis.reference.scope import Scope, regency_scopes

JSON_FILE = "reconciliation.json"


def output_folder(out: Path, period: str, coding: str = "") -> Path:
    """``<out>/2025Q4-rekonsiliasi`` (``-kode2025`` added in a coding other than the basis)."""
    return Path(out) / f"{period}-rekonsiliasi{coding_suffix(coding)}"


@dataclass(frozen=True)
class ReconcileRequest:
    """What ``bkbk reconcile`` was asked for."""

    data: Path | None
    period: str
    regencies: list[str] | None
    out: Path
    coding: str = ""  # village coding of the lists, "2022" or "2025" (empty: the basis)


def _scopes(regencies: list[str] | None) -> list[Scope]:
    """The regencies asked for; the province (in a national run, a province) is its
    regencies."""
    if not regencies:
        return regency_scopes()
    asked = [Scope.resolve(text) for text in regencies]
    return [scope for scope in regency_scopes() if any(a.covers(scope.code) for a in asked)]


def run_reconcile(request: ReconcileRequest, console: Console) -> list[Path]:
    """Load, reconcile and write; returns the files written."""
    from analysis.inputs.province import use_dataset_geography

    folder = dataset_folder(request.data or "")
    use_dataset_geography(folder, request.coding)
    scopes = _scopes(request.regencies)
    meta, _ = read_meta(folder)
    if meta is not None:  # a quarter after as_of is refused before the data are loaded
        resolve_quarter(request.period, meta.as_of, None)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Memuat data", total=len(scopes) + 3)
        dataset, identities = load_with_identities(folder)
        quarter = quarter_for(dataset, request.period)
        progress.update(task, advance=1, description=f"Rekonsiliasi {quarter}")
        result = reconcile(dataset, quarter, identities)
        del identities
        progress.update(task, advance=1, description="reconciliation.json")
        counts = village_counts(result, province_code())
        counts = counts[counts["regency_code"].isin([scope.code for scope in scopes])]
        folder = output_folder(request.out, quarter.label, coding_setting())
        written = [folder / JSON_FILE]
        write_json(written[0], reconciliation_json(result, counts))
        follow_up = follow_up_rows(result)
        progress.update(task, advance=1)
        for scope in scopes:
            progress.update(task, description=f"Buku kerja {scope.name}")
            written.append(write_regency_workbook(
                result, counts[counts["regency_code"] == scope.code],
                follow_up[follow_up["regency_code"] == scope.code], scope, folder,
                dataset.meta.synthetic, dataset.meta.as_of))
            progress.update(task, advance=1)
        progress.update(task, description="Selesai")
    console.print(f"{len(written) - 1} buku kerja dan {JSON_FILE} di {folder}")
    return written
