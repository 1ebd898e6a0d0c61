"""CSV rows with quotes or of another length: both readers read them alike, a row is refused
by its number and never shown (it may hold a NIK, a name, a birth date)."""

from __future__ import annotations

import csv
import io
import random
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from raw_fixtures import random_nik, valid_tables, write_dataset

from analysis.inputs import fast_loading
from analysis.inputs import pseudonym as ps
from analysis.inputs.dataset import DatasetError
from analysis.inputs.fast_loading import load_large_dataset
from analysis.inputs.loading import load_dataset
from analysis.inputs.reading import (
    UnreadableFile,
    _read_rows,
    data_lines,
    last_line,
    quotes_closed,
    read_table,
)

LOADERS = [load_dataset, load_large_dataset]
NAMES = ["Ahmad Yani, S.E.", 'Siti "Ani" Rahma', "Hj. Nurhayati"]
BIRTH_DATES = ["1980-04-12", "1990-07-30", "1975-01-02"]


def participants_csv(path: Path, quoted: bool, change=None) -> list[str]:
    """participants.csv of the valid tables with a NIK, a name and a birth date per row,
    every field quoted or none (then names lose their commas and quotes); ``change`` edits
    the list of lines (header first). Returns the NIKs written."""
    rng = random.Random(7)
    people = valid_tables()["participants"]
    niks = [random_nik(rng) for _ in people]
    rows = [{"nik": nik, "name": name if quoted else name.replace(",", "").replace('"', ""),
             "birth_date": born, **person}
            for person, nik, name, born in zip(people, niks, [*NAMES, "Rusli"],
                                               [*BIRTH_DATES, "1970-03-03"], strict=True)]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n",
                            quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_NONE)
    writer.writeheader()
    writer.writerows(rows)
    lines = out.getvalue().splitlines()
    path.write_text("\n".join(change(lines) if change else lines) + "\n")
    return niks


def refused(folder: Path, loader) -> list:
    with pytest.raises(DatasetError) as caught:
        loader(folder)
    return caught.value.issues


def assert_shows_no_identity(issues, niks: list[str]) -> None:
    text = " ".join(str(issue) for issue in issues)
    for secret in [*niks, "Ahmad Yani", "Nurhayati", *BIRTH_DATES]:
        assert secret not in text


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(ps.KEY_ENV, "k" * ps.MIN_KEY_LENGTH)
    return write_dataset(tmp_path / "data")


def _cut(lines: list[str], quoted: bool) -> list[str]:
    """The third person's row (line 4) loses enrolled_on and ended_on."""
    lines[3] = lines[3].rsplit(",", 2)[0]
    return lines


def _lengthen(lines: list[str], quoted: bool) -> list[str]:
    """The second person's row (line 3) gains a field."""
    lines[2] += ',"x"' if quoted else ",x"
    return lines


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
@pytest.mark.parametrize(("change", "row", "fields"), [(_cut, 4, 9), (_lengthen, 3, 12)],
                         ids=["short", "long"])
def test_a_row_of_another_length_is_refused_by_its_number_and_not_shown(
        folder, loader, quoted, change, row, fields):
    niks = participants_csv(folder / "participants.csv", quoted,
                            lambda lines: change(lines, quoted))
    issues = refused(folder, loader)
    assert [(i.file, i.row, i.rule) for i in issues] == [
        ("participants.csv", row, f"{fields} fields where the header has 11: check the row's "
                                  "separators and quotes")]
    assert_shows_no_identity(issues, niks)


@pytest.mark.parametrize("loader", LOADERS)
def test_a_separator_missing_mid_row_does_not_move_the_values_after_it(folder, loader):
    # Before, every value after the join moved one column to the left (the end date into
    # enrolled_on), silently: a row one field short.
    def join_fields(lines):
        fields = lines[2].split(",")
        lines[2] = ",".join(fields[:4] + [fields[4] + fields[5]] + fields[6:])
        return lines

    niks = participants_csv(folder / "participants.csv", False, join_fields)
    issues = refused(folder, loader)
    assert [(i.row, i.rule) for i in issues] == [
        (3, "10 fields where the header has 11: check the row's separators and quotes")]
    assert_shows_no_identity(issues, niks)


def test_short_rows_are_counted_and_blank_lines_are_not_rows():
    text = "a,b,c\n1,2,3\n\n   \n4,5\n6\n7,8,9\n"
    with pytest.raises(UnreadableFile) as caught:
        _read_rows(text, ",")
    assert (caught.value.row, str(caught.value)) == (
        5, "2 fields where the header has 3 (1 more row like it): check the row's separators "
           "and quotes")
    assert len(_read_rows("a;b;c\n1;2;3\n\n  \n\"x\ny\";;\n", ";")) == 4


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_rows_all_a_field_longer_than_the_header_are_refused_not_shifted(folder, loader,
                                                                        quoted):
    # pandas took the first column for an index, moving every value one column to the left.
    niks = participants_csv(folder / "participants.csv", quoted,
                            lambda lines: [lines[0]] + [line + "," for line in lines[1:]])
    issues = refused(folder, loader)
    assert [i.rule for i in issues] == [
        "the rows have more fields than the header's 11: check the separators and quotes, "
        "and that the header names every column"]
    assert_shows_no_identity(issues, niks)


def test_a_field_longer_than_the_csv_modules_limit_is_counted_as_pandas_reads_it():
    # A quote left open joins 20.000 lines into one field: pandas reads it, and the count of
    # fields must too (the csv module stops at 131.072 characters unless told otherwise).
    joined = "\n".join(["y" * 10] * 20_000)
    frame = _read_rows(f'a,b,c\n1,"{joined}",3\n4,5,6\n', ",")
    assert len(frame) == 2 and len(frame.loc[0, "b"]) > 131_072
    with pytest.raises(UnreadableFile) as caught:
        _read_rows(f'a,b,c\n1,"{joined}",3\n4,5\n', ",")
    assert caught.value.row == 3


def test_quoted_fields_are_read_the_fast_way(folder, monkeypatch):
    niks = participants_csv(folder / "participants.csv", quoted=True)
    full = load_dataset(folder)
    assert full.participants["participant_id"].tolist() == ["K001", "K002", "K003", "K004"]

    def refuse(*_):
        raise AssertionError("a table went to the full loader")

    monkeypatch.setattr(fast_loading, "_load_table", refuse)
    fast = load_large_dataset(folder)
    assert fast.participants.drop(columns="person", errors="ignore").equals(
        full.participants.drop(columns="person", errors="ignore"))
    assert not {"nik", "name", "birth_date"} & set(fast.participants.columns)
    assert niks


@pytest.mark.parametrize(("text", "lines", "closed"), [
    (b'a,b\n"Ahmad Yani, S.E.",1\n', 1, True),
    (b'a,b\r\n"Siti ""Ani""",1\r\n2,3', 2, True),
    (b'a,b\n', 0, True),
    (b'a,b\nx"y,1\n', 1, True),  # a quote inside a field is a quote to both readers
    (b'a,b\n"x\ny",1\n', 2, True),  # pandas reads one row: pyarrow's rows will not match
    (b'a,b\n1,"x\n', 1, False),  # open at the end: pyarrow reads 'x\n', pandas refuses
])
def test_lines_and_quotes_closed_on_the_last_line(text, lines, closed):
    assert data_lines(text) == lines
    assert quotes_closed(last_line(text), ",") is closed


CELLS = st.one_of(st.text(alphabet='ab ",;1', max_size=5),
                  st.text(alphabet='ab ",;1\n\r', max_size=5))
ROWS = st.one_of(st.lists(CELLS, min_size=3, max_size=3),  # as many as the header
                 st.lists(CELLS, min_size=1, max_size=4))


def _field(cell: str, style: str, sep: str, index: int) -> str:
    quoted = '"' + cell.replace('"', '""') + '"'
    if style == "all" or (style == "mixed" and index % 2 == 0):
        return quoted
    if style == "minimal":
        return quoted if any(c in cell for c in f'"{sep}\n\r') else cell
    return cell  # raw: quotes, separators and line ends as they come


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROWS, min_size=1, max_size=4),
       style=st.sampled_from(["all", "minimal", "mixed", "raw"]),
       sep=st.sampled_from([",", ";"]))
def test_the_fast_readers_read_quotes_as_pandas_does(rows, style, sep):
    """Whatever the quotes of a CSV file, pyarrow (the fast loader's reader, and pandas'
    pyarrow engine) gives pandas' own rows or is not used; never other rows."""
    header = sep.join(["a", "b", "c"])
    text = header + "\n" + "".join(
        sep.join(_field(cell, style, sep, i) for i, cell in enumerate(row)) + "\n"
        for row in rows)
    try:
        rows_read = _read_rows(text, sep)
        reference = rows_read.to_dict("list")
        kept = rows_read[~rows_read.eq("").all(axis=1)].to_dict("list")  # as read_table
    except Exception:  # noqa: BLE001 - refused by pandas: the fast reader must refuse too
        reference = kept = None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(text.encode())
        found = fast_loading._plain_csv_header(path)
        if found is not None:
            delimiter, names, lines = found
            table = fast_loading._read_columns(path, delimiter, names, {"b"}, lines)
            if table is not None:
                assert {name: [str(v) for v in table[name].to_pylist()] for name in
                        table.column_names} == reference
        try:
            full = read_table(path).frame.to_dict("list")
        except Exception:  # noqa: BLE001
            full = None
        assert full == kept


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROWS, min_size=1, max_size=4),
       style=st.sampled_from(["all", "minimal", "mixed", "raw"]),
       sep=st.sampled_from([",", ";"]))
def test_the_csv_module_splits_fields_as_pandas_does(rows, style, sep):
    """The short-row check counts fields with the csv module: wherever pandas reads a file,
    the csv module finds the same rows, and each field pandas reads, with the ones a short
    row lacks read as empty."""
    text = sep.join(["a", "b", "c"]) + "\n" + "".join(
        sep.join(_field(cell, style, sep, i) for i, cell in enumerate(row)) + "\n"
        for row in rows)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # as _read_rows
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype="str",
                                keep_default_na=False, skip_blank_lines=False, index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        return
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))[1:]
    assert [record + [""] * (3 - len(record)) for record in records] == frame.values.tolist()

@pytest.mark.parametrize(("text", "lines"), [
    (b'a,b,c\n"x,y",1,2\n"p ""q""",3,4\n', 2),
    (b'a,b,c\n"x\ny",1,2\n"p",3,4\n', 3),  # pyarrow's rows (2) will not match
    (b'a,b,c\n1,2,3\n\n4,5,6\n', None),  # a blank line
    (b'a,b,c\n1,2,3\r4,5,6\r\n', None),  # a carriage return alone ends a line
    (b'a,b,c\r\n1,2,3\r\n"x",5,6', 2),
    (b'a,b,c\r\n1,2,3\r\n"x,5,6', None),  # a quote left open at the end
])
def test_the_fast_reader_scans_a_file_block_by_block_as_a_whole(tmp_path, monkeypatch, text,
                                                                 lines):
    path = tmp_path / "t.csv"
    path.write_bytes(text)
    monkeypatch.setattr(fast_loading, "BLOCK", 8)  # lines across block ends
    assert fast_loading._plain_csv_header(path) == ((",", ["a", "b", "c"], lines) if lines
                                                     else None)
