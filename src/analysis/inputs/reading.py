"""Reading the files of a dataset folder as they are: ``dataset.toml`` and the raw tables.

Tables come as ``.csv`` (any of UTF-8, UTF-8 with BOM, UTF-16 or Windows-1252; comma,
semicolon, tab or pipe separated), ``.xlsx`` (first sheet, header in row 1) or ``.parquet``.
Raw frames keep every value as found and are indexed so that ``index + row_offset`` is the
row the user sees: the CSV line or Excel row (header = 1), or the parquet row (first = 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tomllib
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import charset_normalizer
import pandas as pd

from analysis.inputs.dataset import DatasetMeta, Issue

META_FILE = "dataset.toml"
DEMO_KEY_NAME = "demo"  # dataset.toml: pseudonym_key = "demo" (synthetic datasets only)
SUFFIXES = (".csv", ".xlsx", ".parquet")
DELIMITERS = (",", ";", "\t", "|")


@dataclass
class RawTable:
    """One table file as read, before headers are mapped and values parsed."""

    file: str
    frame: pd.DataFrame
    row_offset: int
    encoding: str | None = None  # text encoding of a CSV file


class UnreadableFile(Exception):
    """A table file that cannot be read at all; the message says why, ``row`` where."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


def read_meta(folder: Path) -> tuple[DatasetMeta | None, list[Issue]]:
    """Parse ``dataset.toml``; every problem becomes an Issue."""
    path = folder / META_FILE

    def problem(rule: str, column: str | None = None, value: object = None) -> Issue:
        return Issue("error", META_FILE, None, column, None if value is None else str(value),
                     rule)

    if not path.is_file():
        return None, [problem("missing dataset.toml (name, source, synthetic, as_of)")]
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return None, [problem(f"malformed dataset.toml: {exc}")]
    issues = []
    for key in ("name", "source"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            issues.append(problem(f"'{key}' must be a non-empty text", key, meta.get(key)))
    if not isinstance(meta.get("synthetic"), bool):
        issues.append(problem("'synthetic' must be true or false", "synthetic",
                              meta.get("synthetic")))
    as_of = _as_date(meta.get("as_of"))
    if as_of is None:
        issues.append(problem("'as_of' must be a date such as 2025-12-31", "as_of",
                              meta.get("as_of")))
    demo_key = meta.get("pseudonym_key") == DEMO_KEY_NAME
    if "pseudonym_key" in meta and not (demo_key and meta.get("synthetic") is True):
        issues.append(problem(f"'pseudonym_key' may only be \"{DEMO_KEY_NAME}\", and only in a "
                              "dataset marked synthetic = true; real data use the key outside "
                              "the repository", "pseudonym_key", meta.get("pseudonym_key")))
    if issues:
        return None, issues
    return DatasetMeta(meta["name"].strip(), meta["source"].strip(), meta["synthetic"], as_of,
                       demo_key), []


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def find_table_file(folder: Path, table: str) -> tuple[Path | None, list[Issue]]:
    """The one file holding a table, or the Issue saying it is missing or ambiguous."""
    found = [path for path in (folder / (table + s) for s in SUFFIXES) if path.is_file()]
    if len(found) == 1:
        return found[0], []
    names = ", ".join(table + suffix for suffix in SUFFIXES)
    if not found:
        return None, [Issue("error", table, None, None, None, f"missing table file ({names})")]
    rule = "several files for one table: " + ", ".join(p.name for p in found) + "; keep one"
    return None, [Issue("error", found[0].name, None, None, None, rule)]


def read_table(path: Path) -> RawTable:
    """Read one table file; raises UnreadableFile with a clear message."""
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".parquet": _read_parquet}
    try:
        table = readers[path.suffix](path)
    except UnreadableFile:
        raise
    except Exception as exc:  # any failure of a reader means the file cannot be used
        raise UnreadableFile(f"cannot read {path.suffix[1:]} file: {exc}") from exc
    frame = table.frame
    frame.columns = [str(name).strip() for name in frame.columns]
    table.frame = frame[~(frame.isna() | frame.eq("")).all(axis=1)]
    return table


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file's bytes."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UnreadableFile("cannot tell the text encoding; save the file as UTF-8")
    return str(best), best.encoding


def fields_of(line: str, sep: str) -> list[str]:
    """The fields of one CSV line (a header), quotes read as a CSV reader reads them."""
    return next(csv.reader([line], delimiter=sep))


def detect_delimiter(header_line: str) -> str:
    """The separator used in the header line (outside quotes); comma when none is found."""
    fields = {sep: len(fields_of(header_line, sep)) for sep in DELIMITERS}
    best = max(DELIMITERS, key=lambda sep: fields[sep])
    return best if fields[best] > 1 else ","


# The first bytes of the files people save under a .csv name by mistake.
NOT_CSV = {b"PK\x03\x04": "an Excel workbook (.xlsx); rename it to .xlsx or save it as CSV",
           b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls); save it as .xlsx or CSV",
           b"PAR1": "a Parquet file; rename it to .parquet"}


def _read_csv(path: Path) -> RawTable:
    data = path.read_bytes()
    for signature, kind in NOT_CSV.items():
        if data.startswith(signature):
            raise UnreadableFile(f"not a CSV file but {kind}")
    text, encoding = decode(data)
    if not text.strip():
        raise UnreadableFile("empty file")
    header_line = text.lstrip("\ufeff").splitlines()[0]
    sep = detect_delimiter(header_line)
    frame = _pyarrow_rows(text.lstrip("\ufeff").encode("utf-8"), header_line, sep)
    if frame is None:
        frame = _read_rows(text, sep)
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:") and
               (frame[c].fillna("").str.strip() == "").all()]
    return RawTable(path.name, frame.drop(columns=unnamed), 2, encoding)


TOO_MANY_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _row_length(found: int, expected: int, row: int, more: int = 0) -> UnreadableFile:
    """A row of another length than the header, named by its number, never its content (it
    may hold a NIK); ``more``: other rows like it."""
    also = f" ({more} more row{'s' if more > 1 else ''} like it)" if more else ""
    return UnreadableFile(f"{found} field{'s' if found > 1 else ''} where the header has "
                          f"{expected}{also}: check the row's separators and quotes", row)


def _read_rows(text: str, sep: str) -> pd.DataFrame:
    """The rows of a CSV text by pandas' own reader. A row with more or fewer fields than the
    header is refused by its row number, never by its content (it may hold a NIK)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype="str", keep_default_na=False,
                                skip_blank_lines=False, index_col=False)
    except pd.errors.ParserWarning:  # every row longer than the header
        fields = len(fields_of(text.lstrip("\ufeff").splitlines()[0], sep))
        raise UnreadableFile(f"the rows have more fields than the header's {fields}: check "
                             "the separators and quotes, and that the header names every "
                             "column") from None
    except pd.errors.ParserError as exc:
        found = TOO_MANY_FIELDS.search(str(exc))
        if found is None:
            raise UnreadableFile(f"cannot read the rows: {str(exc).strip().splitlines()[0]}"
                                 ) from None
        expected, line, seen = found.groups()
        raise _row_length(int(seen), int(expected), int(line)) from None
    _refuse_short_rows(text, sep, len(frame.columns))
    return frame


def _refuse_short_rows(text: str, sep: str, header_fields: int) -> None:
    """Refuse the first row with fewer fields than the header, by its row number (header = 1,
    as pandas numbers rows). pandas reads such a row with its last fields empty, so a
    separator missing in the middle would silently move the values after it one column to
    the left. Blank lines and lines of spaces are not rows. The csv module splits fields as
    pandas does (a property test checks that)."""
    first, count = None, 0
    # pandas reads a field of any length (a quote left open joins lines into one); so must this
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    for number, fields in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""),
                                               delimiter=sep), start=1):
        if 0 < len(fields) < header_fields and any(field.strip() for field in fields):
            first, count = first or (number, len(fields)), count + 1
    if first:
        (row, found), more = first, count - 1
        raise _row_length(found, header_fields, row, more)


# A carriage return without a line feed: a line end to pandas and pyarrow, and with the line
# feed after it a blank line that pyarrow skips and pandas counts.
LONE_CR = re.compile(rb"\r(?=[^\n])")
BLANK_OR_LAST_BLANK_LINE = re.compile(rb"\n[ \t\r]*(?:\n|$)")


def _pyarrow_rows(utf8: bytes, header_line: str, sep: str) -> pd.DataFrame | None:
    """The rows by pandas' pyarrow engine (fast) when they are those of its own reader, else
    None: distinct header names, no blank line and no lone carriage return (pyarrow skips the
    blank lines these make, shifting the line numbers of messages), every row the length of
    the header (pyarrow's message of one that is not shows its content), one row a line
    (``data_lines``) and no quote open at the end (``quotes_closed``)."""
    headers = fields_of(header_line, sep)
    end = _content_end(utf8)
    if (len(set(headers)) != len(headers) or BLANK_OR_LAST_BLANK_LINE.search(utf8, 0, end)
            or LONE_CR.search(utf8, 0, end)):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(utf8), sep=sep, dtype="str", keep_default_na=False,
                            engine="pyarrow")
    except pd.errors.ParserError:
        return None
    if len(frame) != data_lines(utf8) or not quotes_closed(last_line(utf8), sep):
        return None
    return frame


def _content_end(data: bytes) -> int:
    """Where ``data`` ends but for its last line ends (without copying it)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    return end


def data_lines(data: bytes) -> int:
    """Lines after the header of CSV ``data``: as many rows as pandas' own reader numbers,
    unless a line end is inside quotes (pyarrow, which reads in blocks split at lines, reads
    fewer rows then, or none)."""
    return data.count(b"\n", 0, _content_end(data))


def last_line_start(data: bytes) -> int:
    """Where the last line of ``data`` begins."""
    return data.rfind(b"\n", 0, _content_end(data)) + 1


def last_line(data: bytes) -> bytes:
    """The last line of ``data`` (whole lines), without its line end."""
    return data[last_line_start(data):_content_end(data)]


def quotes_closed(line: bytes, delimiter: str) -> bool:
    """Every quote a CSV line opens is closed on it: at the end of a file, pyarrow reads an
    open quote to the end, pandas refuses it."""
    if b'"' not in line:
        return True
    try:
        list(csv.reader([line.decode("utf-8", "replace")], delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True


def _read_xlsx(path: Path) -> RawTable:
    import openpyxl  # a third of a second to import; only Excel tables need it

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise UnreadableFile("empty sheet")
    named = [i for i, name in enumerate(rows[0]) if name is not None and str(name).strip()]
    data = [[row[i] if i < len(row) else None for i in named] for row in rows[1:]]
    frame = pd.DataFrame(data, columns=[str(rows[0][i]) for i in named], dtype=object)
    return RawTable(path.name, frame, 2)


def _read_parquet(path: Path) -> RawTable:
    return RawTable(path.name, pd.read_parquet(path).reset_index(drop=True), 1)
