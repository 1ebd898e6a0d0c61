"""The "Rekonsiliasi data" report section: match rate by kecamatan under disclosure control,
findings by type, payments, and a clear sentence when the data hold no lists."""

from __future__ import annotations

import re

from builders import ALANG_ALANG, LAMBUR, NIPAH_PANJANG_I, make_dataset, payment
from list_builders import dataset_with, enrolment, list_row

from analysis.metrics.quarter_figures import QuarterFigures
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope
from analysis.report_sections import reconciliation
from analysis.report_sections.context import Report
from analysis.report_sections.reconciliation import reconciliation_line

Q4 = Quarter(2025, 4)


def _text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.data))


def _report(dataset, audience="public", lang="id") -> Report:
    return Report(Scope.resolve("15.07"), lang, audience, QuarterFigures(dataset, Q4, {}, None))


def _case():
    people = [enrolment(f"a{i}", ALANG_ALANG, "MME", "2024-01-05") for i in range(8)]
    people += [enrolment("n1", NIPAH_PANJANG_I, "MME", "2024-01-05"),
               enrolment("n2", NIPAH_PANJANG_I, "PR", "2024-01-05")]
    lists = [list_row(ALANG_ALANG, i + 1, f"a{i}") for i in range(6)]
    lists += [list_row(LAMBUR, 1, "a6"), list_row(NIPAH_PANJANG_I, 1, "nobody")]
    paid = [payment(ALANG_ALANG, "MME", "2025-10", 10 * 16_800, participants=10)]
    return dataset_with(people, lists, contributions=paid)


def test_public_section_hides_small_counts_by_kecamatan():
    public = _text(reconciliation(_report(_case())))
    assert "Rekonsiliasi data" in public
    assert "6 dari 8 baris daftar cocok (75,0%)" in public
    # Muara Sabak Timur (Alang-Alang and Lambur): 7 rows, 6 matched, 1 person not listed
    assert "Muara Sabak Timur 7 6 85,7% x " in public
    # Nipah Panjang: 1 row (small, hidden with its rate); one kecamatan's zero is hidden
    # too, so that the total of 8 rows gives nothing away. People not listed: 3 in the
    # regency, a small total, so the whole column is hidden.
    assert "Nipah Panjang x 0 x x " in public and public.count(" x 0 x x ") == 2
    assert public.count(" 0 0 – x ") == 8  # the other kecamatan: no list rows, shown
    assert "Total 8 6 75,0% 3 " in public
    assert "x: disembunyikan" in public
    assert "Belum terdaftar di BPJS Ketenagakerjaan 1 12,5%" in public
    assert "Aktif di desa/kelurahan lain 1 12,5%" in public
    # October: 10 paid, 8 active; November and December unpaid: 8 + 2 active each month
    assert "2 orang-bulan lebih banyak (Rp 33.600) dan 22 orang-bulan lebih sedikit " \
        "(Rp 369.600)" in public


def test_the_markers_legend_stands_only_under_a_table_that_hides_a_cell():
    people = [enrolment(f"a{i}", ALANG_ALANG, "MME", "2024-01-05") for i in range(10)]
    lists = [list_row(ALANG_ALANG, i + 1, f"a{i}") for i in range(10)]
    public = _text(reconciliation(_report(dataset_with(people, lists))))
    assert "Muara Sabak Timur 10 10 100,0% 0 " in public and " x " not in public
    assert "disembunyikan" not in public


def test_internal_section_shows_every_count():
    internal = _text(reconciliation(_report(_case(), audience="internal")))
    assert "Muara Sabak Timur 7 6 85,7% 1 " in internal
    assert "Nipah Panjang 1 0 0,0% 2 " in internal
    assert "x: disembunyikan" not in internal


def test_without_lists_the_section_says_so():
    text = _text(reconciliation(_report(make_dataset(), lang="en")))
    assert "no village lists for 2025" in text
    assert reconciliation_line(QuarterFigures(make_dataset(), Q4, {}, None), "id") is None


def test_the_counts_are_computed_once_per_run_and_read_from_its_cache(tmp_path, monkeypatch):
    from analysis.inputs import cache

    figures = QuarterFigures(_case(), Q4, {}, None, tmp_path)
    first = reconciliation_line(figures, "id")
    assert (tmp_path / "reconciliation-2025Q4.parquet").exists()
    section = _text(reconciliation(Report(Scope.resolve("15.07"), "id", "public", figures)))
    # the disclosure pattern works the year's quarters out in turn: their counts are kept too
    assert (tmp_path / "reconciliation-2025Q3.parquet").exists()
    cache.forget_kept()  # another kernel of the same run

    def no_second_reconciliation(*args, **kwargs):
        raise AssertionError("reconciled again")

    monkeypatch.setattr("analysis.reconciliation.reconcile", no_second_reconciliation)
    assert reconciliation_line(figures, "id") == first
    assert _text(reconciliation(Report(Scope.resolve("15.07"), "id", "public", figures))
                 ) == section


def test_slide_line():
    line = reconciliation_line(QuarterFigures(_case(), Q4, {}, None), "id")
    assert line.startswith("Rekonsiliasi daftar desa 2025: 75,0% baris daftar cocok")
    assert "1 belum terdaftar, 3 peserta aktif tidak ada dalam daftar" in line
    assert line.endswith("iuran untuk 2 orang-bulan lebih dan 22 kurang dari peserta aktif.")
