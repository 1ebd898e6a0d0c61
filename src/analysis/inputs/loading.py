"""Loading a dataset folder into canonical, validated tables (SPEC "Dataset contract").

Each table goes through: find its one file -> read it as is -> map headers through the alias
table -> parse values (codes, dates, amounts; NIK -> pseudonym) -> pandera schema ->
duplicates. Cross-table warnings follow. Every problem becomes an Issue; ``load_dataset``
raises DatasetError when any of them is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
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
from analysis.inputs.dataset import (
    OPTIONAL_TABLES,
    TABLES,
    Dataset,
    DatasetError,
    DatasetMeta,
    Issue,
    count_rows,
    missing_folder,
)
from analysis.inputs.identities import Identities, split_identities
from analysis.inputs.issues import SourceTable
from analysis.inputs.parsing import RULES, as_text, parse
from analysis.inputs.province import dataset_province
from analysis.inputs.pseudonym import (
    NIK_DAMAGED,
    NIK_INVALID,
    NIK_RECOVERED,
    PseudonymKeyError,
    forget_pseudonyms,
    load_key,
    mask_nik_column,
    nik_is_valid,
    pseudonymize,
    read_nik,
)
from analysis.inputs.reading import UnreadableFile, find_table_file, read_meta, read_table
from analysis.inputs.schemas import DTYPES, FIELDS, NIK_TABLES, table_fields
from analysis.reference.geography import (
    codes_in,
    new_village_codes,
    report_coding,
    use_new_villages,
    village_coding,
    villages,
)
from analysis.reference.province import use_province

UNICODE = ("utf-8", "utf-8-sig", "utf-16")
EMPTY = "required value is empty"
NIK_LIKE_ID = "participant_id holds 16-digit NIK-like numbers; replaced by pseudonyms"

Tables = dict[str, pd.DataFrame]
TableLoader = Callable[[Path, str, DatasetMeta | None],
                       tuple[SourceTable | None, pd.DataFrame, list[Issue]]]


def load_dataset(path: Path) -> Dataset:
    """Load and validate a dataset folder; raises DatasetError listing every problem."""
    return load_with_identities(path)[0]


def load_with_identities(path: Path, load_table: TableLoader | None = None,
                         optional: bool = True) -> tuple[Dataset, Identities]:
    """The dataset and, apart from it, the names and birth dates read for record linkage
    (``load_table`` and ``optional``: as for ``inspect_dataset``)."""
    meta, frames, issues = inspect_dataset(Path(path), load_table, optional)
    if meta is None or any(issue.severity == "error" for issue in issues):
        raise DatasetError(issues)
    tables = {table: _canonical(table, frames[table]) for table in TABLES if table in frames}
    lists = {table: _canonical(table, frames[table])
             for table in OPTIONAL_TABLES if table in frames}
    identities = split_identities(tables["participants"], lists.get("village_lists"))
    return Dataset(path=Path(path), meta=meta, warnings=issues, **tables, **lists), identities


def inspect_dataset(folder: Path, load_table: TableLoader | None = None,
                    optional: bool = True) -> tuple[DatasetMeta | None, Tables, list[Issue]]:
    """Read and check everything: (metadata or None, parsed tables, all issues).

    ``load_table`` reads, parses and checks one table (default: ``_load_table``);
    ``optional=False`` leaves the optional tables (village lists) unread."""
    load_table = load_table or _load_table
    if not folder.is_dir():
        return None, {}, [missing_folder(folder)]
    meta, issues = read_meta(folder)
    province, province_issues = dataset_province(folder)
    use_province(province)
    issues += province_issues
    frames: Tables = {}
    sources: dict[str, SourceTable] = {}
    try:
        for table in TABLES + (OPTIONAL_TABLES if optional else ()):
            if table in OPTIONAL_TABLES and find_table_file(folder, table)[0] is None:
                continue
            source, frame, table_issues = load_table(folder, table, meta)
            issues += table_issues
            if source is not None:
                frames[table], sources[table] = frame, source
    finally:
        forget_pseudonyms()
    if meta is not None:
        found, new = _to_report_coding(frames)
        meta = replace(meta, village_coding=found, province=province, new_villages=new,
                       coding=report_coding())
    if "participants" in frames and "claims" in frames:
        issues += claims_without_participant(sources["claims"], frames["claims"],
                                             frames["participants"])
    if "participants" in frames and "contributions" in frames:
        issues += payments_above_active(sources["contributions"], frames["contributions"],
                                        frames["participants"])
    return meta, frames, issues


def _to_report_coding(frames: Tables) -> tuple[str, tuple[str, ...]]:
    """Put every village code in the reports' coding (on the 2022 basis with the new 2025
    villages found added to it); return the coding the codes were in and those new
    villages."""
    with_codes = [frame for frame in frames.values() if "village_code" in frame.columns]
    codes = {code for frame in with_codes for code in frame["village_code"].dropna().unique()}
    use_new_villages(codes)
    coding = report_coding()
    for frame in with_codes:
        frame["village_code"] = codes_in(frame["village_code"], coding)
    return village_coding(codes), tuple(sorted(codes & new_village_codes()))


def _load_table(folder: Path, table: str, meta: DatasetMeta | None
                ) -> tuple[SourceTable | None, pd.DataFrame, list[Issue]]:
    """Read, map, parse and check one table file."""
    as_of = meta.as_of if meta else None
    path, issues = find_table_file(folder, table)
    if path is None:
        return None, pd.DataFrame(), issues
    try:
        raw = read_table(path)
    except UnreadableFile as exc:
        return None, pd.DataFrame(), [Issue("error", path.name, exc.row, None, None, str(exc))]
    if raw.encoding not in (None, *UNICODE):
        issues.append(Issue("warning", raw.file, None, None, None,
                            f"text is {raw.encoding}, not UTF-8; read as {raw.encoding}"))
    source, header_issues = _map_headers(table, raw.file, raw.frame, raw.row_offset)
    issues += header_issues
    if source is None:
        return None, pd.DataFrame(), issues
    frame, parse_issues = _parse(source, meta is not None and meta.demo_key)
    issues += parse_issues
    issues += schema_issues(source, frame, as_of)
    frame, duplicate_issues = drop_exact_duplicates(source, frame)
    issues += duplicate_issues + key_duplicates(source, frame)
    return source, frame, issues


def _map_headers(table: str, file: str, frame: pd.DataFrame, row_offset: int
                 ) -> tuple[SourceTable | None, list[Issue]]:
    """Rename the file's columns to canonical names; report missing, clashing, unused ones."""
    names = [spec.name for spec in table_fields(table)] + (["nik"] if table in NIK_TABLES
                                                             else [])
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
        issues.append(_missing_column(file, spec.name, accepted))
    if table == "village_lists" and "nik" not in match.columns:
        issues.append(_missing_column(file, "nik", accepted_headers(table, "nik")))
    if any(issue.severity == "error" for issue in issues):
        return None, issues
    raw = frame[list(match.columns.values())].set_axis(list(match.columns), axis=1)
    return SourceTable(table, file, row_offset, raw, dict(match.columns)), issues


def _missing_column(file: str, name: str, accepted: list[str]) -> Issue:
    return Issue("error", file, None, name, None,
                 f"missing required column {name} (accepted headers: {', '.join(accepted)})")


def _parse(source: SourceTable, demo_key: bool) -> tuple[pd.DataFrame, list[Issue]]:
    """Parse every canonical column; unreadable and missing required values become Issues."""
    columns: dict[str, pd.Series] = {}
    issues: list[Issue] = []
    index = source.raw.index
    for spec in table_fields(source.table):
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
    if source.table == "village_lists":
        (columns["person"], columns["nik_valid"]), nik_issues = _list_persons(source, demo_key)
        issues += nik_issues
    elif "nik" in source.raw.columns:
        columns["person"], nik_issues = _persons_from_nik(source, demo_key)
        issues += nik_issues
        if "participant_id" not in source.headers:
            columns["participant_id"] = columns["person"]
    elif "participant_id" in columns:
        columns["participant_id"], columns["person"], id_issues = _hide_nik_like_ids(
            source, columns["participant_id"], demo_key)
        issues += id_issues
    return pd.DataFrame(columns, index=index), issues


def _read_source_niks(source: SourceTable, failing_rules: tuple[str, ...]
                      ) -> tuple[pd.Series, pd.Series, list[Issue]]:
    """(NIK texts, rule broken per cell, issues) of the nik column; the raw NIK is masked at
    once. Cells breaking one of ``failing_rules`` are errors; recovered NIKs are a warning."""
    niks, rules = read_nik(source.raw["nik"])
    source.raw["nik"] = mask_nik_column(as_text(source.raw["nik"]))
    issues = source.rows(niks.index[niks.isna() & rules.isna()], "nik", EMPTY)
    for rule in rules.dropna().unique():
        failing = rules.index[rules == rule]
        if rule == NIK_RECOVERED:
            issues.append(source.issue(f"{rule}: {count_rows(len(failing))}", "nik",
                                       "warning", rows=len(failing)))
        elif rule in failing_rules:
            issues += source.rows(failing, "nik", rule)
    return niks, rules, issues


def _persons_from_nik(source: SourceTable, demo_key: bool) -> tuple[pd.Series, list[Issue]]:
    """The person key: pseudonyms of the NIK column (every NIK must be valid)."""
    niks, _, issues = _read_source_niks(source, (NIK_DAMAGED, NIK_INVALID))
    try:
        key = load_key(demo_key)
    except PseudonymKeyError as exc:
        issues.append(source.issue(str(exc), "nik"))
        return pd.Series(pd.NA, index=niks.index, dtype="str"), issues
    return pseudonymize(niks, key), issues


def _list_persons(source: SourceTable, demo_key: bool
                  ) -> tuple[tuple[pd.Series, pd.Series], list[Issue]]:
    """Village lists: (person, nik_valid). A NIK of the wrong form is a finding of the
    reconciliation, not an input error; one damaged by Excel must be exported again."""
    text = as_text(source.raw["nik"]).str.replace(r"\s", "", regex=True)
    niks, rules, issues = _read_source_niks(source, (NIK_DAMAGED,))
    written = niks.fillna(text.where(rules == NIK_INVALID))
    valid = pd.Series(False, index=niks.index)
    present = niks.dropna()
    valid[present.index] = nik_is_valid(present)
    try:
        key = load_key(demo_key)
    except PseudonymKeyError as exc:
        issues.append(source.issue(str(exc), "nik"))
        return (pd.Series(pd.NA, index=niks.index, dtype="str"), valid), issues
    return (pseudonymize(written, key), valid), issues


def _hide_nik_like_ids(source: SourceTable, ids: pd.Series, demo_key: bool
                       ) -> tuple[pd.Series, pd.Series, list[Issue]]:
    """A participant_id that looks like a NIK (16 digits) is pseudonymised like one and is
    then also the person key: (ids, person, issues)."""
    nik_like = ids.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    person = pd.Series(pd.NA, index=ids.index, dtype="str")
    if not nik_like.any():
        return ids, person, []
    try:
        key = load_key(demo_key)
    except PseudonymKeyError as exc:
        return (ids.where(~nik_like), person,
                [source.issue(f"{NIK_LIKE_ID}: {exc}", "participant_id")])
    ids = ids.copy()
    ids[nik_like] = pseudonymize(ids[nik_like], key)
    person[nik_like] = ids[nik_like]
    rows = int(nik_like.sum())
    return ids, person, [source.issue(f"{NIK_LIKE_ID}: {count_rows(rows)}", "participant_id",
                                      "warning", rows=rows)]


def _canonical(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The validated frame in the canonical dtypes, with region codes beside village_code."""
    frame = frame.reset_index(drop=True)
    for spec in FIELDS[table]:
        if spec.required and DTYPES[spec.kind] == "Int64":
            frame[spec.name] = frame[spec.name].astype("int64")
    if table in NIK_TABLES and "person" not in frame.columns:
        frame["person"] = pd.Series(pd.NA, index=frame.index, dtype="str")
    if "village_code" in frame.columns:
        regions = villages().set_index("village_code")
        at = frame.columns.get_loc("village_code") + 1
        positions, codes = pd.factorize(frame["village_code"])
        for offset, column in enumerate(("district_code", "regency_code")):
            found = pd.Series(codes).map(regions[column]).astype("str").to_numpy()
            region = pd.Series(found.take(positions), index=frame.index, dtype="str")
            frame.insert(at + offset, column, region.where(positions >= 0))
    return frame
