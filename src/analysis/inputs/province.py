"""Which province a dataset is for: ``province`` in its ``dataset.toml`` when it says so,
else the province of its village codes (of several provinces: the national dataset)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from analysis.inputs.aliases import match_headers
from analysis.inputs.dataset import Issue
from analysis.inputs.reading import META_FILE, UnreadableFile, find_table_file, read_table
from analysis.reference.geography import normalize_code, use_coding
from analysis.reference.province import (
    check_province,
    default_province,
    province_of_codes,
    use_province,
)

# Tables read, in this order, for the village codes when dataset.toml does not name a province.
TABLES_WITH_VILLAGES = ("allocations", "contributions", "participants", "claims")


def dataset_province(folder: Path) -> tuple[str, list[Issue]]:
    """The province of a dataset folder (``NATIONAL`` for several) and the problem with a
    ``province`` of ``dataset.toml`` that names none; the default province when nothing
    tells."""
    try:
        said = tomllib.loads((folder / META_FILE).read_text("utf-8-sig")).get("province")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        said = None  # read_meta reports the file's problems
    if said is not None:
        try:
            return check_province(str(said)), []
        except ValueError as exc:
            return default_province(), [Issue("error", META_FILE, None, "province", str(said),
                                              str(exc))]
    for table in TABLES_WITH_VILLAGES:
        path, _ = find_table_file(folder, table)
        if path is None:
            continue
        try:
            frame = read_table(path).frame
        except UnreadableFile:
            continue
        header = match_headers(table, list(frame.columns), ["village_code"]).columns.get(
            "village_code")
        if header is None:
            continue
        found = province_of_codes(normalize_code(code) for code in frame[header].dropna().unique())
        if found is not None:
            return found, []
    return default_province(), []


def use_dataset_geography(folder: Path, coding: str | None = None) -> str:
    """Make the province of a dataset folder, and a village coding (empty: the province's
    basis), the run's; return the coding."""
    use_province(dataset_province(folder)[0])
    return use_coding(coding)
