"""Header aliases: the Indonesian column names that exports use, mapped to canonical names.

The table lives in ``data/reference/column_aliases.csv`` (``table``, ``alias``, ``canonical``;
``*`` in ``table`` means every table). Canonical names are always accepted. Headers are
compared case-, space-, underscore-, hyphen- and dot-insensitively: ``Kode Desa``,
``KODE_DESA`` and ``kode-desa`` all match ``kode_desa``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from analysis.reference.paths import REFERENCE_DIR

ALIASES_FILE = REFERENCE_DIR / "column_aliases.csv"


def header_key(header: object) -> str:
    """The form in which headers are compared: lower case without spaces, ``_``, ``-``, ``.``."""
    return re.sub(r"[\s_\-.]+", "", str(header).replace("\ufeff", "")).lower()


@lru_cache(maxsize=1)
def alias_table() -> pd.DataFrame:
    """The documented alias table."""
    return pd.read_csv(ALIASES_FILE, dtype=str).apply(lambda column: column.str.strip())


@lru_cache(maxsize=1)
def _aliases_by_column() -> dict[tuple[str, str], tuple[str, ...]]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in alias_table().itertuples():
        grouped.setdefault((row.table, row.canonical), []).append(row.alias)
    return {key: tuple(aliases) for key, aliases in grouped.items()}


def accepted_headers(table: str, canonical: str) -> list[str]:
    """Every header accepted for a canonical column of a table, canonical name first."""
    by_column = _aliases_by_column()
    return [canonical, *by_column.get(("*", canonical), ()), *by_column.get((table, canonical), ())]


@dataclass
class HeaderMatch:
    """How the headers of one file map onto canonical columns."""

    columns: dict[str, str] = field(default_factory=dict)  # canonical -> header in the file
    unknown: list[str] = field(default_factory=list)  # headers that match nothing
    clashes: dict[str, list[str]] = field(default_factory=dict)  # canonical -> several headers


def match_headers(table: str, headers: list[str], canonical: list[str]) -> HeaderMatch:
    """Map a file's headers onto the canonical columns of ``table``."""
    keys = {header_key(name): name for name in canonical}
    for name in canonical:
        for alias in accepted_headers(table, name)[1:]:
            keys[header_key(alias)] = name
    match = HeaderMatch()
    for header in headers:
        name = keys.get(header_key(header))
        if name is None:
            match.unknown.append(header)
        elif name in match.columns:
            match.clashes.setdefault(name, [match.columns[name]]).append(header)
        else:
            match.columns[name] = header
    return match
