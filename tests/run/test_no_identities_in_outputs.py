"""No NIK, name or birth date of the demo's people in any file that ``bkbk reconcile``, a
report run (reports, executed notebooks, workbook, slides, caches) or the reconciliation
exploration notebook writes: every file is read back, PDF text and workbook XML included."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import papermill
import pytest
from pypdf import PdfReader
from rich.console import Console

from analysis.outputs.reconciliation import ReconcileRequest, run_reconcile
from analysis.reference.paths import REPO_ROOT
from analysis.run import runner

pytestmark = pytest.mark.slow

DIGIT_RUN = re.compile(r"(?<![\d.])\d{15,16}(?!\d)")
DATES = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}")
WORD = re.compile(r"[a-z.]+")


def _secrets(demo_dir: Path) -> tuple[set[str], set[str], set[str]]:
    """(NIKs, lower-case names, birth dates as ISO and dd/mm/yyyy) of the demo's raw files."""
    people = pd.read_csv(demo_dir / "participants.csv", dtype=str)
    lists = pd.read_csv(demo_dir / "village_lists.csv", dtype=str)
    niks = set(people["nik"]) | set(lists["nik"])
    names = set(people["name"].str.lower()) | set(lists["name"].str.lower())
    born = pd.to_datetime(pd.concat([people["birth_date"], lists["birth_date"]]).unique())
    dates = set(born.strftime("%Y-%m-%d")) | set(born.strftime("%d/%m/%Y"))
    return niks, names, dates


def _text(path: Path) -> str:
    """What a reader of the file can see, as text."""
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if path.suffix == ".parquet":
        return pd.read_parquet(path).to_csv()
    if path.suffix == ".png":
        return ""
    return path.read_bytes().decode("utf-8", errors="replace")


def _leaks(text: str, niks: set[str], names: set[str], dates: set[str]) -> list[str]:
    found = [run for run in DIGIT_RUN.findall(text) if run in niks]
    found += [day for day in DATES.findall(text) if day in dates]
    words = WORD.findall(text.lower())
    for size in (2, 3):
        found += [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)
                  if " ".join(words[i:i + size]) in names]
    return found


@pytest.fixture(scope="module")
def written(demo_dir, tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("outputs")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BKBK_CACHE_DIR", str(out / "cache"))
        run_reconcile(ReconcileRequest(demo_dir, "2025Q4", None, out / "reports"),
                      Console(record=True))
        request = runner.ReportRequest(data=demo_dir, regencies=["15.07"],
                                       out=out / "reports", jobs=1)
        assert runner.run_reports(request, Console(record=True, width=200)) == 0
        papermill.execute_notebook(
            REPO_ROOT / "notebooks" / "explore" / "reconcile_village.ipynb",
            out / "reconcile_village.ipynb", parameters={"data_dir": str(demo_dir)},
            progress_bar=False, cwd=str(out))
    return [path for path in out.rglob("*") if path.is_file()]


def test_every_kind_of_output_was_written(written):
    suffixes = {path.suffix for path in written}
    assert {".json", ".xlsx", ".html", ".pdf", ".ipynb", ".parquet"} <= suffixes
    assert sum(path.name.startswith("rekonsiliasi-") for path in written) == 11


def test_no_nik_name_or_birth_date_in_any_file(demo_dir, written):
    niks, names, dates = _secrets(demo_dir)
    assert len(niks) > 100_000 and len(names) > 1_000
    leaks = {str(path): found[:5] for path in written
             if (found := _leaks(_text(path), niks, names, dates))}
    assert leaks == {}


def test_the_scan_finds_planted_identities(demo_dir):
    niks, names, dates = _secrets(demo_dir)
    nik, name, day = sorted(niks)[0], sorted(names)[0], sorted(dates)[0]
    text = f"<td>{nik}</td> ratio 0.{nik} {name.upper()} lahir {day}"
    assert _leaks(text, niks, names, dates) == [nik, day, name]
