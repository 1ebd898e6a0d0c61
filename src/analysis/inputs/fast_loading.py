"""Loading a large dataset (a national one: millions of rows) with the checks of ``loading``.

``load_large_dataset`` runs the steps of ``loading`` (headers through the alias table, the
parsers of ``parsing``, the table's pandera schema, duplicate keys, the cross-table
warnings) in a form whose cost grows with the number of distinct values, not of rows:

- a CSV file without blank lines, and with one row a line (``"Ahmad Yani, S.E."`` is quoted,
  but no line end is), or a Parquet file of text, integer and date columns, is read by
  pyarrow;
- each column is parsed once per distinct text (``parsing.parse``: every reader works cell
  by cell) and the schema's column checks, which are rules on single values, run on the
  distinct parsed values; its row checks run on the whole table;
- duplicate keys are looked for on integer codes of the key columns; without them a table
  has no exact duplicate rows either.

A table that is not in that form (an Excel file, a line end in quotes, another encoding, a
NIK-only participant key), or in which any of these finds a problem, is loaded by ``loading`` as
``bkbk validate`` loads it: the messages (file, row, column, value, rule) are the same and
nothing is accepted that ``loading`` refuses. Village lists are not read (no metric uses
them) and no person key is derived (no metric uses it): a NIK column is checked, then
dropped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

from analysis.inputs.dataset import TABLES, Dataset, DatasetMeta, Issue
from analysis.inputs.identities import IDENTIFYING_COLUMNS
from analysis.inputs.issues import SourceTable
from analysis.inputs.loading import _load_table, _map_headers, load_with_identities
from analysis.inputs.parsing import as_text, parse
from analysis.inputs.pseudonym import PseudonymKeyError, load_key
from analysis.inputs.reading import (
    LONE_CR,
    NOT_CSV,
    detect_delimiter,
    fields_of,
    find_table_file,
    last_line,
    last_line_start,
    quotes_closed,
)
from analysis.inputs.schemas import DTYPES, KEYS, NIK_TABLES, table_fields, table_schema

BLOCK = 1 << 24  # bytes scanned at a time
# A blank line (pyarrow skips it, pandas counts it as a row); with ``reading.LONE_CR``, two
# patterns that each begin with one character, found much faster than one of both.
BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")
NIK_FORM = r"\d{16}"
WHOLE_COLUMN_KINDS = ("id",)
# Names are free text without a rule, read only for record linkage, which the metrics do not
# do; birth dates are checked like every column, then left out like names.
UNCHECKED = ("name",)
ACROSS_TABLES = "checks across the tables"
PARQUET_TYPES = (pa.types.is_string, pa.types.is_large_string, pa.types.is_integer,
                 pa.types.is_date32)

# The raw cells a cross-table warning shows (``checks``); the others are let go once read.
SHOWN_IN_WARNINGS = {"claims": ("participant_id",)}

Loaded = tuple[SourceTable | None, pd.DataFrame, list[Issue]]


def load_large_dataset(path: Path, progress: Callable[[str], None] | None = None) -> Dataset:
    """Load and validate a dataset folder for its metrics; raises DatasetError listing
    every problem, as ``loading.load_dataset`` does. ``progress`` is told the name of each
    step as it starts: each table, then the checks across the tables."""
    step = progress or (lambda _: None)

    def each_table(folder: Path, table: str, meta: DatasetMeta | None) -> Loaded:
        step(table)
        loaded = load_table(folder, table, meta)
        if table == TABLES[-1]:
            step(ACROSS_TABLES)
        return loaded

    return load_with_identities(Path(path), each_table, optional=False)[0]


def load_table(folder: Path, table: str, meta: DatasetMeta | None) -> Loaded:
    """One table, the fast way when it vouches for the whole table, else by ``loading``."""
    fast = _fast_table(folder, table, meta) if meta is not None else None
    return fast if fast is not None else _load_table(folder, table, meta)


def _plain_csv_header(path: Path) -> tuple[str, list[str], int] | None:
    """(delimiter, column names, lines after the header) of a UTF-8 CSV file without blank
    lines and with no quote left open at its end, else None."""
    with open(path, "rb") as handle:
        head = handle.read(BLOCK)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, *NOT_CSV)):
            return None
        tail = b""  # the last line, and the line end before it
        newlines = 0
        block = head
        while block:
            window = tail + block
            if BLANK_LINE.search(window) or LONE_CR.search(window):
                return None
            newlines += block.count(b"\n")
            tail = window[max(last_line_start(window) - 1, 0):]  # with the line end before
            block = handle.read(BLOCK)
    try:
        header = head.decode("utf-8-sig").splitlines()[0]
    except (UnicodeDecodeError, IndexError):
        return None
    delimiter = detect_delimiter(header)
    names = fields_of(header, delimiter)
    stripped = {name.strip() for name in names}
    if not all(stripped) or len(stripped) != len(names) or not quotes_closed(
            last_line(tail), delimiter):
        return None
    return delimiter, names, newlines - tail.endswith(b"\n")  # as ``reading.data_lines``


def _header(path: Path) -> tuple[str | None, list[str], int | None] | None:
    """(CSV delimiter or None for Parquet, column names, a CSV file's lines after the header)
    of a file the fast reader can stand for ``reading.read_table`` with, else None."""
    if path.suffix == ".csv":
        return _plain_csv_header(path)
    if path.suffix != ".parquet":
        return None
    schema = pq.read_schema(path)
    if not all(any(kind(field.type) for kind in PARQUET_TYPES) for field in schema):
        return None
    return None, list(schema.names), None


def _read_columns(path: Path, delimiter: str | None, names: list[str], encoded: set[str],
                  lines: int | None) -> pa.Table | None:
    """The named columns of the file as text: large strings (which pandas takes without a
    copy), dictionary-encoded for the ``encoded`` ones; None when pyarrow cannot read them,
    or reads other rows than the CSV file's ``lines`` (a line end inside quotes)."""
    def text_type(name: str) -> pa.DataType:
        return pa.dictionary(pa.int32(), pa.large_string()) if name in encoded else (
            pa.large_string())

    try:
        if delimiter is None:
            table = pq.read_table(path, columns=names)
            return pa.table({name: pc.cast(table[name], pa.large_string()) if name not in encoded
                             else pc.dictionary_encode(pc.cast(table[name], pa.large_string()))
                             for name in names})
        table = pv.read_csv(
            path, parse_options=pv.ParseOptions(delimiter=delimiter),
            read_options=pv.ReadOptions(block_size=BLOCK),
            convert_options=pv.ConvertOptions(
                include_columns=names, column_types={name: text_type(name) for name in names},
                strings_can_be_null=False),
        )
        return table if table.num_rows == lines else None
    except (pa.ArrowInvalid, OSError):
        return None


def _dictionary(column: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array, pa.ChunkedArray]:
    """(code of each cell, -1 when missing; the distinct texts; the codes as Arrow) of a
    dictionary-encoded column."""
    unified = column.unify_dictionaries()
    chunks = [chunk for chunk in unified.chunks if len(chunk)]
    dictionary = chunks[0].dictionary if chunks else pa.array([], pa.large_string())
    indices = pa.chunked_array([chunk.indices for chunk in chunks], type=pa.int32())
    return pc.fill_null(indices, -1).to_numpy().astype(np.intp), dictionary, indices


def _parsed_column(column: pd.Series | pa.ChunkedArray, kind: str, required: bool
                   ) -> tuple[pd.Series, np.ndarray | None, pd.Series] | None:
    """(the parsed column, the code of each cell or None, the parsed values of the codes or
    the parsed column); None when a cell is unreadable or a required one empty.

    Identifiers (mostly distinct) come as text and are stripped as a whole; any other column
    comes dictionary-encoded, is parsed once per distinct text and is the raw column itself
    when parsing changes no text."""
    if kind in WHOLE_COLUMN_KINDS:
        values, bad = parse(kind, as_text(column))
        if bad.any() or (required and values.isna().any()):
            return None
        return values.astype(DTYPES[kind]), None, values
    codes, dictionary, indices = _dictionary(column)
    distinct = dictionary.to_pandas()
    text = as_text(distinct.astype("str"))
    values, bad = parse(kind, text)
    if bad.any() or (required and ((codes < 0).any() or text.isna().any())):
        return None
    values = values.astype(DTYPES[kind])
    if DTYPES[kind] == "str" and values.notna().all() and (
            values.to_numpy() == distinct.to_numpy(dtype=object)).all():
        return pc.take(dictionary, indices).to_pandas().astype("str"), codes, values
    return pd.Series(values.array.take(codes, allow_fill=True)), codes, values


def _nik_checked(source: SourceTable, meta: DatasetMeta) -> bool:
    """The NIK column holds a 16-digit NIK in every row and the pseudonym key is at hand
    (``loading`` needs it too); then the column is dropped from the raw cells."""
    niks = as_text(source.raw["nik"])
    if not niks.str.fullmatch(NIK_FORM).fillna(False).all():
        return False
    try:
        load_key(meta.demo_key)
    except PseudonymKeyError:
        return False
    source.raw = source.raw.drop(columns="nik")
    return True


def _ids_without_nik(ids: pd.Series) -> bool:
    """No participant_id looks like a NIK (``loading`` would pseudonymise it)."""
    return not ids.str.fullmatch(NIK_FORM).fillna(False).any()


def _no_duplicate_keys(parsed: dict[str, tuple[np.ndarray | None, pd.Series]],
                       key: tuple[str, ...]) -> bool:
    """No two rows share their key (so no two rows are identical either); ``parsed``: by
    column, the code of each cell and the parsed values of the codes (or no codes and the
    parsed column)."""
    combined = None
    for column in key:
        codes, values = parsed[column]
        value_codes, distinct = pd.factorize(values)
        rows = (value_codes if codes is None else value_codes.take(codes)).astype(np.int64)
        combined = rows if combined is None else combined * len(distinct) + rows
    return combined is None or not pd.Series(combined).duplicated().any()


def _fast_table(folder: Path, table: str, meta: DatasetMeta) -> Loaded | None:
    """The table read, parsed and checked the fast way; None when it needs ``loading``."""
    path, _ = find_table_file(folder, table)
    header = None if path is None else _header(path)
    if header is None:
        return None
    delimiter, names, lines = header
    written = {name.strip(): name for name in names}
    source, header_issues = _map_headers(table, path.name, pd.DataFrame(columns=list(written)),
                                         2 if delimiter else 1)
    if source is None:
        return None
    read = [c for c in source.raw.columns if c not in UNCHECKED]
    if "nik" in read and delimiter is None and not pa.types.is_string(
            pq.read_schema(path).field(written[source.header("nik")]).type):
        return None  # a NIK stored as a number: ``loading`` says whether it survived
    kinds = {spec.name: spec.kind for spec in table_fields(table)}
    encoded = {c for c in read if c in kinds and kinds[c] not in WHOLE_COLUMN_KINDS}
    arrow = _read_columns(path, delimiter, [written[source.header(c)] for c in read],
                          {written[source.header(c)] for c in encoded}, lines)
    if arrow is None:
        return None
    arrow = arrow.rename_columns(read)
    source.raw = arrow.select([c for c in read if c not in encoded]).to_pandas()
    rows = pd.RangeIndex(arrow.num_rows)
    if "nik" in read and (table not in NIK_TABLES or "participant_id" not in read
                          or not _nik_checked(source, meta)):
        return None
    schema = table_schema(table, meta.as_of)
    shown = SHOWN_IN_WARNINGS.get(table, ())
    columns: dict[str, pd.Series] = {}
    parsed: dict[str, tuple[np.ndarray | None, pd.Series]] = {}
    for spec in table_fields(table):
        if spec.name not in read:
            if spec.name not in UNCHECKED:
                columns[spec.name] = pd.Series(pd.NA, index=rows).astype(DTYPES[spec.kind])
            continue
        cells = arrow[spec.name] if spec.name in encoded else source.raw[spec.name]
        column = _parsed_column(cells, spec.kind, spec.required)
        if column is None:
            return None
        columns[spec.name], codes, values = column
        if not all(check(values).check_passed for check in schema.columns[spec.name].checks):
            return None
        if spec.name in KEYS[table]:
            parsed[spec.name] = codes, values
        if spec.name in source.raw.columns and spec.name not in shown:
            source.raw = source.raw.drop(columns=spec.name)
    if "participant_id" in columns and not _ids_without_nik(columns["participant_id"]):
        return None
    frame = pd.DataFrame(columns, index=rows)
    if not all(check(frame).check_passed for check in schema.checks):
        return None
    if not _no_duplicate_keys(parsed, KEYS[table]):
        return None
    for column in IDENTIFYING_COLUMNS:
        frame = frame.drop(columns=column, errors="ignore")
    source.raw = source.raw[[c for c in shown if c in source.raw]]
    return source, frame, header_issues
