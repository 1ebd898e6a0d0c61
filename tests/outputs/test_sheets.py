"""How wide a workbook sheet prints: pages across at a legible scale, repeated name columns."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.outputs.sheets import (
    INT,
    PRINTABLE_WIDTH_PX,
    SMALLEST_PRINT_SCALE,
    Column,
    Sheet,
    bold_pixels,
    column_pixels,
    column_width,
    header_lines,
    header_width,
    name_columns,
    page_footer,
    pages_wide,
    sheet_pages_wide,
    text_width,
)

ROOM = PRINTABLE_WIDTH_PX / SMALLEST_PRINT_SCALE  # pixels of sheet on one page at 70 %


def width_of(pixels: float) -> float:
    """The column width (characters) that prints ``pixels`` wide."""
    return (pixels - 5) / 7


def test_an_a4_landscape_page_holds_about_140_characters_at_the_smallest_scale():
    # 297 mm less two 0.75-inch margins is 10.19 inches, 978 pixels at 100 %.
    assert round(PRINTABLE_WIDTH_PX, 1) == 978.5
    assert column_pixels(10) == 75
    assert round(ROOM, 1) == 1397.9


def test_columns_that_fit_one_page_print_on_one():
    assert pages_wide([width_of(ROOM / 4)] * 4, titles=1) == 1
    assert pages_wide([10.0], titles=1) == 1


def test_one_column_more_than_a_page_holds_starts_a_second_page():
    assert pages_wide([width_of(ROOM / 4)] * 4 + [1.0], titles=1) == 2


def test_repeated_name_columns_take_room_on_every_page():
    # Names take 400 px of each page's 1,398: three 300-px columns fit beside them, not four.
    names = [width_of(200), width_of(200)]
    assert pages_wide(names + [width_of(300)] * 3, titles=2) == 1
    assert pages_wide(names + [width_of(300)] * 4, titles=2) == 2
    assert pages_wide(names + [width_of(300)] * 9, titles=2) == 3
    assert pages_wide(names + [width_of(300)] * 10, titles=2) == 4
    # Without repeating them, the same ten columns and the names need 3,400 px: three pages.
    assert pages_wide([width_of(300)] * 10 + names, titles=0) == 3


def test_a_column_wider_than_a_page_gets_a_page_of_its_own_and_is_not_split():
    assert pages_wide([10.0, 400.0], titles=1) == 1
    assert pages_wide([10.0, 400.0, 400.0, 5.0], titles=1) == 3


def test_a_bold_header_is_measured_in_arial_bold_and_wrapped_at_spaces():
    # "Pertumbuhan" (11 letters, 94 px in bold 11-pt Arial) in a 13-wide column broke as
    # "Pertumbuha / n": it needs 14.
    assert header_width("Pertumbuhan triwulanan") == 14
    assert header_width("") == 0
    # As LibreOffice shows them: "Peserta aktif / setahun lalu" in a 16-wide column, and
    # "Peserta / aktif, tidak / ada dalam / daftar" in an 11-wide one (laid out as 7 lines when
    # a bold letter counted as 1.25 digits and long words were broken).
    assert header_lines("Peserta aktif setahun lalu", column_pixels(16)) == 2
    assert header_lines("Peserta aktif, tidak ada dalam daftar", column_pixels(11)) == 4
    assert header_lines("Peserta aktif setahun lalu", column_pixels(35)) == 1
    assert header_lines("", column_pixels(10)) == 1
    # a word wider than the column is broken over as many lines as it needs
    assert bold_pixels("Ketenagakerjaan") == pytest.approx(8.003 * 11 * 96 / 72)
    assert header_lines("Ketenagakerjaan", 40) == 4  # 117 px in lines of 36
    assert header_lines("BPJS Ketenagakerjaan", 60) == 4  # "BPJS" then 3 lines of 56 px
    # a letter outside ASCII is measured as a digit
    assert bold_pixels("é") == bold_pixels("0")


def test_capitals_take_more_room_and_wrapped_columns_stay_narrow():
    assert round(text_width("Lambur"), 6) == 6.3
    assert round(text_width("P2HKA3BIINMB3NDIM"), 6) == 21.2  # a pseudonym: 14 capitals
    assert column_width(21.2) == 24  # rounded up, with a margin of two
    assert column_width(90) == 60
    assert column_width(90, wrap=True) == column_width(60, wrap=True) == 40
    assert column_width(10, wrap=True) == 12


def test_leading_text_columns_name_a_row():
    frame = pd.DataFrame(columns=["code", "name", "count", "note"])
    sheet = Sheet("s", frame, [Column("code", "Kode"), Column("name", "Nama"),
                               Column("count", "Jumlah", INT), Column("note", "Catatan")])
    assert name_columns(sheet) == 2
    wrapped = Sheet("s", frame, [Column("note", "Catatan", wrap=True), Column("code", "Kode")])
    assert name_columns(wrapped) == 1
    only_text = Sheet("s", frame, [Column("code", "Kode"), Column("name", "Nama")])
    assert name_columns(only_text) == 1  # one column is left to print beside the names
    ranked = Sheet("s", frame, [Column("count", "Peringkat", "0"), Column("code", "Kode"),
                                Column("name", "Nama"), Column("note", "Skor", INT)], names=3)
    assert name_columns(ranked) == 3


def test_page_numbers_in_the_footer_follow_the_language():
    assert page_footer() == "Halaman &P dari &N"
    assert page_footer("en") == "Page &P of &N"



def test_a_list_read_row_by_row_prints_one_page_wide_however_wide():
    frame = pd.DataFrame(columns=["name", "count"])
    columns = [Column("name", "Nama"), *[Column("count", "Jumlah", INT)] * 5]
    widths = [width_of(300), *[width_of(500)] * 5]  # two 500-px columns a page beside names
    assert sheet_pages_wide(Sheet("s", frame, columns), widths) == pages_wide(widths, 1) == 3
    assert sheet_pages_wide(Sheet("s", frame, columns, whole_rows=True), widths) == 1
