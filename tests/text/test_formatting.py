"""Indonesian and English formatting of numbers, money, periods and the report vocabulary."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.metrics import catalog
from analysis.reference.parameters import load_parameters
from analysis.reference.periods import Quarter
from analysis.text.formatting import (
    format_change,
    format_count_cell,
    format_date,
    format_decimal,
    format_metric,
    format_month,
    format_number,
    format_percent,
    format_points,
    format_quarter,
    format_rupiah,
    label,
    month_name,
)


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1234567, "id", "1.234.567"),
    (1234567, "en", "1,234,567"),
    (1234, "id", "1.234"),
    (0, "id", "0"),
    (-4500, "id", "-4.500"),
    (np.int64(78100), "id", "78.100"),
    (2.5, "id", "3"),
    (112537.6, "id", "112.538"),
])
def test_format_number(value, lang, expected):
    assert format_number(value, lang=lang) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT, np.inf])
def test_missing_values_show_a_dash(missing):
    assert format_number(missing) == "–"
    assert format_percent(missing) == "–"
    assert format_rupiah(missing) == "–"
    assert format_change(missing) == "–"
    assert format_date(missing) == "–"


@pytest.mark.parametrize(("value", "digits", "lang", "expected"), [
    (12.345, 1, "id", "12,3"),
    (12.35, 1, "id", "12,4"),
    (12.0, 1, "id", "12,0"),
    (1234.5, 1, "id", "1.234,5"),
    (1234.5, 1, "en", "1,234.5"),
    (0.04, 1, "id", "0,0"),
    (-0.04, 1, "id", "0,0"),
    (3.14159, 2, "id", "3,14"),
])
def test_format_decimal(value, digits, lang, expected):
    assert format_decimal(value, digits=digits, lang=lang) == expected


@pytest.mark.parametrize(("ratio", "digits", "lang", "expected"), [
    (0.405, 1, "id", "40,5%"),
    (0.405, 1, "en", "40.5%"),
    (0.3952, 1, "id", "39,5%"),
    (1.0, 0, "id", "100%"),
    (0.12345, 2, "id", "12,35%"),
    (0.0, 1, "id", "0,0%"),
    (1.2345, 1, "id", "123,5%"),
])
def test_format_percent(ratio, digits, lang, expected):
    assert format_percent(ratio, digits=digits, lang=lang) == expected


@pytest.mark.parametrize(("ratio", "lang", "expected"), [
    (0.032, "id", "naik 3,2%"),
    (-0.01, "id", "turun 1,0%"),
    (0.0, "id", "tetap"),
    # a change that one decimal would show as none gets the decimals it needs
    (0.0004, "id", "naik 0,04%"),
    (-4 / 12_172, "id", "turun 0,03%"),
    (1e-6, "en", "up 0.0001%"),
    (1e-9, "en", "unchanged"),
    (0.032, "en", "up 3.2%"),
    (-0.01, "en", "down 1.0%"),
    (0.0, "en", "unchanged"),
    (0.1234, "id", "naik 12,3%"),
])
def test_format_change(ratio, lang, expected):
    assert format_change(ratio, lang) == expected


@pytest.mark.parametrize(("delta", "lang", "expected"), [
    (0.021, "id", "naik 2,1 poin persen"),
    (-0.021, "id", "turun 2,1 poin persen"),
    (0.0, "id", "tetap"),
    (-0.0003, "id", "turun 0,03 poin persen"),
    (0.021, "en", "up 2.1 percentage points"),
    (-0.005, "en", "down 0.5 percentage points"),
])
def test_format_points(delta, lang, expected):
    assert format_points(delta, lang) == expected


def test_changes_with_more_decimals():
    assert format_change(0.03249, digits=2) == "naik 3,25%"
    assert format_points(-0.00125, "en", digits=2) == "down 0.13 percentage points"


@pytest.mark.parametrize(("amount", "lang", "compact", "expected"), [
    (7_699_476_000, "id", None, "Rp 7,7 miliar"),
    (16_800, "id", None, "Rp 16.800"),
    (201_600, "id", None, "Rp 201.600"),
    (999_999, "id", None, "Rp 999.999"),
    (1_000_000, "id", None, "Rp 1 juta"),
    (16_800_000, "id", None, "Rp 16,8 juta"),
    (100_000_000, "id", None, "Rp 100 juta"),
    (22_680_000_000, "id", None, "Rp 22,7 miliar"),
    (1_200_000_000_000, "id", None, "Rp 1,2 triliun"),
    (999_960_000, "id", None, "Rp 1 miliar"),
    (0, "id", None, "Rp 0"),
    (-5_000_000, "id", None, "-Rp 5 juta"),
    (7_699_476_000, "id", False, "Rp 7.699.476.000"),
    (500_000, "id", True, "Rp 500 ribu"),
    (999_999, "id", True, "Rp 1 juta"),
    (750, "id", True, "Rp 750"),
    (7_699_476_000, "en", None, "IDR 7.7 billion"),
    (16_800, "en", None, "IDR 16,800"),
    (16_800_000, "en", None, "IDR 16.8 million"),
    (1_200_000_000_000, "en", None, "IDR 1.2 trillion"),
    (7_699_476_000, "en", False, "IDR 7,699,476,000"),
])
def test_format_rupiah(amount, lang, compact, expected):
    assert format_rupiah(amount, lang=lang, compact=compact) == expected


def test_format_rupiah_keeps_more_decimals_when_asked():
    assert format_rupiah(1_250_000_000, digits=2) == "Rp 1,25 miliar"
    assert format_rupiah(2_000_000_000, digits=2) == "Rp 2 miliar"


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2025Q4", "id", "Triwulan IV 2025"),
    ("2025Q1", "id", "Triwulan I 2025"),
    (Quarter(2024, 2), "id", "Triwulan II 2024"),
    (Quarter(2023, 3), "id", "Triwulan III 2023"),
    ("2025q4", "id", "Triwulan IV 2025"),
    ("2025Q4", "en", "Q4 2025"),
    (Quarter(2024, 1), "en", "Q1 2024"),
])
def test_format_quarter(value, lang, expected):
    assert format_quarter(value, lang=lang) == expected


@pytest.mark.parametrize("bad", ["2025Q5", "2025", "Q4 2025"])
def test_bad_quarters_are_rejected(bad):
    with pytest.raises(ValueError, match="2025Q4"):
        format_quarter(bad)


INDONESIAN_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                     "Agustus", "September", "Oktober", "November", "Desember"]
INDONESIAN_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                    "Nov", "Des"]


def test_indonesian_month_names():
    assert [month_name(m) for m in range(1, 13)] == INDONESIAN_MONTHS
    assert [month_name(m, short=True) for m in range(1, 13)] == INDONESIAN_SHORT


def test_english_month_names():
    assert month_name(5, "en") == "May"
    assert month_name(8, "en", short=True) == "Aug"
    assert month_name(12, "en") == "December"


@pytest.mark.parametrize(("value", "lang", "short", "expected"), [
    (pd.Timestamp("2025-12-31"), "id", False, "Desember 2025"),
    (pd.Timestamp("2025-12-31"), "id", True, "Des 2025"),
    ("2025-08", "id", False, "Agustus 2025"),
    (date(2024, 10, 1), "id", True, "Okt 2024"),
    (pd.Period("2024-05", freq="M"), "id", False, "Mei 2024"),
    (pd.Timestamp("2025-12-31"), "en", False, "December 2025"),
    ("2025-08", "en", True, "Aug 2025"),
])
def test_format_month(value, lang, short, expected):
    assert format_month(value, lang=lang, short=short) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (date(2025, 12, 31), "id", "31 Desember 2025"),
    ("2024-02-01", "id", "1 Februari 2024"),
    (pd.Timestamp("2022-08-24"), "id", "24 Agustus 2022"),
    (date(2025, 12, 31), "en", "31 December 2025"),
])
def test_format_date(value, lang, expected):
    assert format_date(value, lang=lang) == expected


def test_count_cell_shows_the_disclosure_marker_when_suppressed():
    assert format_count_cell(3, suppressed=True) == "x"
    assert load_parameters()["disclosure"]["marker"] == "x"
    assert format_count_cell(1234, suppressed=False) == "1.234"
    assert format_count_cell(1234, suppressed=False, lang="en") == "1,234"
    assert format_count_cell(None, suppressed=False) == "–"


@pytest.mark.parametrize(("key", "indonesian", "english"), [
    ("MME", "Masyarakat Miskin Ekstrem", "Extreme poor"),
    ("PR", "Pekerja Rentan", "Vulnerable workers"),
    ("JKK", "Jaminan Kecelakaan Kerja", "Work accident insurance"),
    ("JKM", "Jaminan Kematian", "Death insurance"),
    ("kematian", "Santunan kematian", "Death benefit"),
    ("berkala", "Santunan berkala", "Periodic benefit"),
    ("pemakaman", "Biaya pemakaman", "Funeral costs"),
    ("beasiswa", "Beasiswa", "Scholarship"),
    ("perawatan", "Perawatan medis", "Medical care"),
    ("stmb", "STMB (upah sementara)", "Temporary wage replacement (STMB)"),
    ("cacat", "Santunan cacat", "Disability benefit"),
    ("active", "Peserta aktif", "Active participants"),
    ("month", "Bulan", "Month"),
    ("claims_count", "Jumlah klaim", "Number of claims"),
    ("benefit_amount", "Nilai santunan", "Benefit amount"),
    ("attainment", "Capaian", "Attainment"),
    ("district", "Kecamatan", "District"),
    ("village", "Desa/kelurahan", "Village"),
    ("contributions", "Iuran", "Contributions"),
    ("realization", "Realisasi", "Realization"),
    ("coverage_formal", "Cakupan formal", "Formal coverage"),
    ("coverage_informal", "Cakupan informal", "Informal coverage"),
    ("coverage_total", "Cakupan total", "Total coverage"),
    ("no_data", "Tidak ada data untuk periode ini", "No data for this period"),
])
def test_label(key, indonesian, english):
    assert label(key) == indonesian
    assert label(key, "en") == english


def test_vocabulary_covers_every_category_programme_and_benefit():
    from analysis.inputs.dataset import BENEFITS, CATEGORIES, PROGRAMS

    for key in (*CATEGORIES, *PROGRAMS, *BENEFITS):
        assert label(key) and label(key, "en")


def test_unknown_label_and_language_are_errors():
    with pytest.raises(KeyError):
        label("no such key")
    with pytest.raises(ValueError):
        label("MME", "fr")
    with pytest.raises(ValueError):
        format_number(1, lang="fr")
    with pytest.raises(ValueError):
        format_rupiah(1, lang="fr")


@pytest.mark.parametrize(("key", "value", "lang", "expected"), [
    ("continuity", 0.405, "id", "40,5%"),
    ("attainment.PR", 0.98925, "en", "98.9%"),
    ("growth_yoy", -0.0108, "id", "turun 1,1%"),
    ("contributions_in_period", 7_699_476_000, "id", "Rp 7,7 miliar"),
    ("claims_in_period.by_program.JKM.amount", 84_000_000, "en", "IDR 84 million"),
    ("active.total", 6888, "id", "6.888"),
    ("coverage.year", 2025, "id", "2025"),
    ("median_days_to_payment", 26.0, "id", "26 hari"),
    ("index.score", 26.48, "id", "26,5"),
    ("index.weights.continuity", 0.2, "id", "20%"),
    ("period", "2025Q4", "id", "Triwulan IV 2025"),
    ("period_end", "2025-12-31", "en", "31 December 2025"),
    ("synthetic", True, "id", "Ya"),
    ("benefit_contribution_ratio", None, "id", "–"),
])
def test_format_metric_follows_the_catalog(key, value, lang, expected):
    assert format_metric(key, value, lang) == expected


def test_format_metric_refuses_objects_and_unknown_keys():
    with pytest.raises(ValueError, match="object"):
        format_metric("active", {"MME": 1}, "id")
    with pytest.raises(KeyError):
        format_metric("no_such_metric", 1, "id")


def test_metric_labels_come_from_the_catalog():
    for key in ("continuity", "coverage_total", "index.score", "active.MME"):
        assert label(key, "en") == catalog.label(key, "en")
