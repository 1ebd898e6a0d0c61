"""Turning failing rows of a table into Issues that point at the file as the user sees it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from analysis.inputs.dataset import Issue
from analysis.inputs.identities import IDENTIFYING_COLUMNS
from analysis.inputs.parsing import cell_text
from analysis.inputs.pseudonym import mask_digits, mask_nik

MAX_ROWS_PER_RULE = 20


@dataclass
class SourceTable:
    """A table file: its name, raw values under canonical names, and the original headers."""

    table: str
    file: str
    row_offset: int
    raw: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # canonical -> header in the file

    def header(self, column: str | None) -> str | None:
        """The header of a canonical column as written in the file."""
        return None if column is None else self.headers.get(column, column)

    def value(self, index: int, column: str | None) -> str | None:
        """A raw cell as shown in messages (long digit runs and NIK masked; names and birth
        dates never shown)."""
        if column is None or column not in self.raw.columns or column in IDENTIFYING_COLUMNS:
            return None
        text = cell_text(self.raw.at[index, column])
        if text is None:
            return None
        return mask_nik(text) if column == "nik" else mask_digits(text)

    def issue(self, rule: str, column: str | None = None, severity: str = "error",
              rows: int = 0) -> Issue:
        """One Issue about the whole file or a whole column (``rows``: the rows it is about,
        when it is about some)."""
        return Issue(severity, self.file, None, self.header(column), None, rule, rows=rows)

    def rows(
        self,
        index: Iterable[int],
        column: str | None,
        rule: str,
        severity: str = "error",
        values: pd.Series | None = None,
    ) -> list[Issue]:
        """Issues for failing rows: the first MAX_ROWS_PER_RULE, then a count of the rest."""
        index = list(index)
        header = self.header(column)
        issues = [
            Issue(severity, self.file, int(i) + self.row_offset, header,
                  str(values[i]) if values is not None else self.value(i, column), rule)
            for i in index[:MAX_ROWS_PER_RULE]
        ]
        if len(index) > MAX_ROWS_PER_RULE:
            issues.append(Issue(severity, self.file, None, header, None, rule,
                                more=len(index) - MAX_ROWS_PER_RULE))
        return issues
