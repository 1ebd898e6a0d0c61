"""Loading a dataset folder into canonical, validated tables (SPEC "Dataset contract").

Each table goes through: find its one file -> read it as is -> map headers through the alias
table -> parse values (codes, dates, amounts; NIK -> pseudonym) -> pandera schema ->
duplicates. Cross-table warnings follow. Every problem becomes an Issue; ``load_dataset``
raises DatasetError when any of them is an error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from analysis.inputs.aliases import accepted_headers, match_headers
from analysis.inputs.checks import (
    claims_without_participant,
    drop_exact_duplicates,
    key_duplicates,
    payments_above_active,
    schema_issues,
)
from analysis.inputs.dataset import TABLES, Dataset, DatasetError, DatasetMeta, Issue
from analysis.inputs.issues import SourceTable, count_rows
from analysis.inputs.parsing import RULES, as_text, parse
from analysis.inputs.pseudonym import (
    NIK_RECOVERED,
    PseudonymKeyError,
    load_key,
    mask_nik,
    pseudonymize,
    read_nik,
)
from analysis.inputs.reading import UnreadableFile, find_table_file, read_meta, read_table
from analysis.inputs.schemas import DTYPES, FIELDS, NIK_TABLES
from analysis.reference.geography import villages

UNICODE = ("utf-8", "utf-8-sig", "utf-16")
EMPTY = "required value is empty"
NIK_LIKE_ID = "participant_id holds 16-digit NIK-like numbers; replaced by pseudonyms"

Tables = dict[str, pd.DataFrame]


def load_dataset(path: Path) -> Dataset:
    """Load and validate a dataset folder; raises DatasetError listing every problem."""
    meta, frames, issues = inspect_dataset(Path(path))
    if meta is None or any(issue.severity == "error" for issue in issues):
        raise DatasetError(issues)
    tables = {table: _canonical(table, frames[table]) for table in TABLES}
    return Dataset(path=Path(path), meta=meta, warnings=issues, **tables)


def inspect_dataset(folder: Path) -> tuple[DatasetMeta | None, Tables, list[Issue]]:
    """Read and check everything: (metadata or None, parsed tables, all issues)."""
    if not folder.is_dir():
        return None, {}, [Issue("error", str(folder), None, None, None,
                                "dataset folder not found")]
    meta, issues = read_meta(folder)
    as_of = meta.as_of if meta else None
    frames: Tables = {}
    sources: dict[str, SourceTable] = {}
    for table in TABLES:
        source, frame, table_issues = _load_table(folder, table, as_of)
        issues += table_issues
        if source is not None:
            frames[table], sources[table] = frame, source
    if "participants" in frames and "claims" in frames:
        issues += claims_without_participant(sources["claims"], frames["claims"],
                                             frames["participants"])
    if "participants" in frames and "contributions" in frames:
        issues += payments_above_active(sources["contributions"], frames["contributions"],
                                        frames["participants"])
    return meta, frames, issues


def _load_table(folder: Path, table: str, as_of: date | None
                ) -> tuple[SourceTable | None, pd.DataFrame, list[Issue]]:
    """Read, map, parse and check one table file."""
    path, issues = find_table_file(folder, table)
    if path is None:
        return None, pd.DataFrame(), issues
    try:
        raw = read_table(path)
    except UnreadableFile as exc:
        return None, pd.DataFrame(), [Issue("error", path.name, None, None, None, str(exc))]
    if raw.encoding not in (None, *UNICODE):
        issues.append(Issue("warning", raw.file, None, None, None,
                            f"text is {raw.encoding}, not UTF-8; read as {raw.encoding}"))
    source, header_issues = _map_headers(table, raw.file, raw.frame, raw.row_offset)
    issues += header_issues
    if source is None:
        return None, pd.DataFrame(), issues
    frame, parse_issues = _parse(source)
    issues += parse_issues
    issues += schema_issues(source, frame, as_of)
    frame, duplicate_issues = drop_exact_duplicates(source, frame)
    issues += duplicate_issues + key_duplicates(source, frame)
    return source, frame, issues


def _map_headers(table: str, file: str, frame: pd.DataFrame, row_offset: int
                 ) -> tuple[SourceTable | None, list[Issue]]:
    """Rename the file's columns to canonical names; report missing, clashing, unused ones."""
    names = [spec.name for spec in FIELDS[table]] + (["nik"] if table in NIK_TABLES else [])
    match = match_headers(table, list(frame.columns), names)
    issues = [Issue("warning", file, None, header, None, "column not in the dataset contract; "
                    "ignored") for header in match.unknown]
    for name, headers in match.clashes.items():
        issues.append(Issue("error", file, None, headers[0], None,
                            f"columns {', '.join(headers)} all mean {name}; keep one"))
    for spec in FIELDS[table]:
        if not spec.required or spec.name in match.columns:
            continue
        if spec.name == "participant_id" and "nik" in match.columns:
            continue
        accepted = accepted_headers(table, spec.name)
        if spec.name == "participant_id" and table in NIK_TABLES:
            accepted += accepted_headers(table, "nik")
        issues.append(Issue("error", file, None, spec.name, None,
                            f"missing required column {spec.name} (accepted headers: "
                            f"{', '.join(accepted)})"))
    if any(issue.severity == "error" for issue in issues):
        return None, issues
    raw = frame[list(match.columns.values())].set_axis(list(match.columns), axis=1)
    return SourceTable(table, file, row_offset, raw, dict(match.columns)), issues


def _parse(source: SourceTable) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse every canonical column; unreadable and missing required values become Issues."""
    columns: dict[str, pd.Series] = {}
    issues: list[Issue] = []
    index = source.raw.index
    for spec in FIELDS[source.table]:
        if spec.name not in source.raw.columns:
            columns[spec.name] = pd.Series(pd.NA, index=index).astype(DTYPES[spec.kind])
            continue
        text = as_text(source.raw[spec.name])
        values, bad = parse(spec.kind, text)
        if bad.any():
            issues += source.rows(index[bad.to_numpy()], spec.name, RULES[spec.kind])
        if spec.required:
            issues += source.rows(index[text.isna().to_numpy()], spec.name, EMPTY)
        columns[spec.name] = values.astype(DTYPES[spec.kind])
    if "nik" in source.raw.columns:
        columns["participant_id"], nik_issues = _participant_from_nik(source, columns)
        issues += nik_issues
    elif "participant_id" in columns:
        columns["participant_id"], id_issues = _hide_nik_like_ids(source,
                                                                  columns["participant_id"])
        issues += id_issues
    return pd.DataFrame(columns, index=index), issues


def _participant_from_nik(source: SourceTable, columns: dict[str, pd.Series]
                          ) -> tuple[pd.Series, list[Issue]]:
    """Replace the NIK column by pseudonyms; the raw NIK is masked at once."""
    niks, rules = read_nik(source.raw["nik"])
    source.raw["nik"] = as_text(source.raw["nik"]).map(mask_nik, na_action="ignore")
    if "participant_id" in source.headers:
        return columns["participant_id"], [source.issue(
            "NIK column dropped: participant_id is used", "nik", "warning")]
    issues = source.rows(niks.index[niks.isna() & rules.isna()], "nik", EMPTY)
    for rule in rules.dropna().unique():
        failing = rules.index[rules == rule]
        if rule == NIK_RECOVERED:
            issues.append(source.issue(f"{rule}: {count_rows(len(failing))}", "nik",
                                       "warning"))
        else:
            issues += source.rows(failing, "nik", rule)
    try:
        key = load_key()
    except PseudonymKeyError as exc:
        issues.append(source.issue(str(exc), "nik"))
        return pd.Series(pd.NA, index=niks.index, dtype="str"), issues
    return pseudonymize(niks, key), issues


def _hide_nik_like_ids(source: SourceTable, ids: pd.Series) -> tuple[pd.Series, list[Issue]]:
    """A participant_id that looks like a NIK (16 digits) is pseudonymised like one."""
    nik_like = ids.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    if not nik_like.any():
        return ids, []
    try:
        key = load_key()
    except PseudonymKeyError as exc:
        return ids.where(~nik_like), [source.issue(f"{NIK_LIKE_ID}: {exc}", "participant_id")]
    ids = ids.copy()
    ids[nik_like] = pseudonymize(ids[nik_like], key)
    count = count_rows(int(nik_like.sum()))
    return ids, [source.issue(f"{NIK_LIKE_ID}: {count}", "participant_id", "warning")]


def _canonical(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The validated frame in the canonical dtypes, with region codes beside village_code."""
    frame = frame.reset_index(drop=True)
    for spec in FIELDS[table]:
        if spec.required and DTYPES[spec.kind] == "Int64":
            frame[spec.name] = frame[spec.name].astype("int64")
    if "village_code" in frame.columns:
        regions = villages().set_index("village_code")
        at = frame.columns.get_loc("village_code") + 1
        for offset, column in enumerate(("district_code", "regency_code")):
            codes = frame["village_code"].map(regions[column]).astype("str")
            frame.insert(at + offset, column, codes)
    return frame
