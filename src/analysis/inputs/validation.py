"""``bkbk validate``: every problem of a dataset folder, printed as a table."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analysis.inputs.dataset import Issue, grouped
from analysis.inputs.loading import inspect_dataset

STYLES = {"error": "bold red", "warning": "yellow"}


def validate_dataset(path: Path) -> list[Issue]:
    """All issues (errors and warnings) of a dataset folder; never raises for bad input."""
    return inspect_dataset(Path(path))[2]


def _count(number: int, word: str) -> str:
    return f"{grouped(number)} {word}" + ("" if number == 1 else "s")


def summary(issues: list[Issue]) -> str:
    """'0 errors, 3 warnings' (rows counted, also those beyond the ones listed), or 'Dataset
    valid' when there is nothing to report."""
    if not issues:
        return "Dataset valid"
    errors = sum(issue.count for issue in issues if issue.severity == "error")
    warnings = sum(issue.count for issue in issues if issue.severity == "warning")
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"


def print_issues(issues: list[Issue], console: Console | None = None) -> None:
    """Print issues as a table (severity, file, row, column, value, rule) and a summary line."""
    console = console or Console()
    if issues:
        table = Table(show_lines=False)
        for name in ("severity", "file", "row", "column", "value", "rule"):
            table.add_column(name, justify="right" if name == "row" else "left",
                             overflow="fold")
        for issue in issues:
            cells = (issue.file, "" if issue.row is None else str(issue.row), issue.column or "",
                     "" if issue.value is None else issue.value, issue.text)
            table.add_row(Text(issue.severity, style=STYLES.get(issue.severity, "")),
                          *(Text(cell) for cell in cells))
        console.print(table)
    errors = any(issue.severity == "error" for issue in issues)
    style = "bold red" if errors else "bold green" if not issues else "yellow"
    console.print(Text(summary(issues), style=style))
