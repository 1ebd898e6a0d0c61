"""Report sentences written from hand-chosen figures, in Indonesian and English."""

from __future__ import annotations

import pytest

from analysis.text import narrative


def _metrics(**changes) -> dict:
    """A small metrics dict (SPEC "Metrics" keys) with figures chosen by hand."""
    m = {
        "scope": "15.07",
        "scope_name": "Kab. Tanjung Jabung Timur",
        "period": "2025Q4",
        "period_end": "2025-12-31",
        "villages": 93,
        "active": {"MME": 8000, "PR": 4345, "total": 12345},
        "new": {"MME": 300, "PR": 200, "total": 500},
        "exits": {"MME": 10, "PR": 7, "total": 17},
        "target": {"MME": 4650, "PR": 2325, "total": 6975},
        "attainment": {"MME": 0.9855, "PR": 0.5, "total": 0.8237},
        # 12,345 active now against 11,962 a quarter earlier: +3.2%
        "growth_qoq": 12345 / 11962 - 1,
        "growth_yoy": None,
        "villages_on_target": 31,
        "villages_with_participants": 80,
        "villages_paying_all_months": 70,
        "continuity": 70 / 80,
        "contributions_in_period": 340_149_600,
        "contributions_ytd": 1_376_104_800,
        "allocation_year": 1_395_000_000,
        "budget_realization_ytd": 1_376_104_800 / 1_395_000_000,
        "contributions_cumulative": 4_000_000_000,
        "claims_in_period": {
            "count": 8, "amount": 74_201_000,
            "by_program": {"JKK": {"count": 5, "amount": 32_201_000},
                           "JKM": {"count": 3, "amount": 42_000_000}},
        },
        "santunan_cumulative": 1_200_000_000,
        "benefit_contribution_ratio": 0.3,
        "median_days_to_payment": 16.0,
        "coverage": {"year": 2025, "formal": 0.4914, "informal": 0.1737, "total": 0.2733},
        "index": {"score": 22.08, "rank": 11},
    }
    m.update(changes)
    return m


@pytest.mark.parametrize(("ratio", "since", "lang", "expected"), [
    (0.032, "quarter", "id", "naik 3,2% dibanding triwulan lalu"),
    (-0.0104, "year", "id", "turun 1,0% dibanding setahun sebelumnya"),
    # A small change is shown with the decimals it needs, never as "unchanged".
    (-4 / 12_172, "quarter", "id", "turun 0,03% dibanding triwulan lalu"),
    (0.0004, "quarter", "id", "naik 0,04% dibanding triwulan lalu"),
    (1 / 116_974, "year", "en", "up 0.001% on a year earlier"),
    (0.0, "quarter", "id", "tidak berubah dibanding triwulan lalu"),
    (0.032, "quarter", "en", "up 3.2% on the previous quarter"),
    (-0.25, "year", "en", "down 25.0% on a year earlier"),
])
def test_change_phrase(ratio, since, lang, expected):
    assert narrative.change_phrase(ratio, since, lang) == expected


def test_change_phrase_without_a_comparison_is_none():
    assert narrative.change_phrase(None, "quarter", "id") is None
    assert narrative.points_phrase(0.5, None, "quarter", "id") is None
    assert narrative.count_phrase(3, None, "quarter", "id") is None


def test_points_and_count_phrases():
    assert narrative.points_phrase(0.978, 0.957, "quarter", "id") == \
        "naik 2,1 poin persen dibanding triwulan lalu"
    assert narrative.points_phrase(0.5, 0.52, "quarter", "en") == \
        "down 2.0 percentage points on the previous quarter"
    assert narrative.points_phrase(0.9783, 0.9786, "quarter", "id") == \
        "turun 0,03 poin persen dibanding triwulan lalu"
    assert narrative.points_phrase(0.5, 0.5, "year", "en") == "unchanged on a year earlier"
    assert narrative.count_phrase(31, 35, "quarter", "id") == "berkurang 4 dibanding triwulan lalu"
    assert narrative.count_phrase(1200, 1000, "quarter", "en") == "up 200 on the previous quarter"


def test_active_participants_indonesian():
    assert narrative.active_participants(_metrics(), "id") == (
        "Pada akhir Triwulan IV 2025 tercatat 12.345 peserta aktif (8.000 MME dan 4.345 PR). "
        "Peserta aktif naik 3,2% dibanding triwulan lalu."
    )


def test_active_participants_english_with_both_changes():
    # 12,345 against 13,000 a year earlier: 12345 / 13000 - 1 = -5.04%
    text = narrative.active_participants(_metrics(growth_yoy=12345 / 13000 - 1), "en")
    assert text == (
        "At the end of Q4 2025 there were 12,345 active participants (8,000 MME and 4,345 PR). "
        "Active participants were up 3.2% on the previous quarter and down 5.0% on a year "
        "earlier."
    )


def test_active_participants_without_comparison_says_so():
    text = narrative.active_participants(_metrics(growth_qoq=None), "id")
    assert "tidak dapat dihitung" in text
    assert "naik" not in text and "turun" not in text


def test_claims_by_programme():
    assert narrative.claims(_metrics(), "id") == (
        "Dalam Triwulan IV 2025 dibayarkan 8 klaim senilai Rp 74,2 juta: 3 klaim JKM "
        "(Rp 42 juta) dan 5 klaim JKK (Rp 32,2 juta). Median lama pembayaran 16 hari sejak "
        "kejadian."
    )
    assert narrative.claims(_metrics(), "en") == (
        "In Q4 2025, 8 claims worth IDR 74.2 million were paid: 3 JKM claims (IDR 42 million) "
        "and 5 JKK claims (IDR 32.2 million). The median claim was paid 16 days after the event."
    )


def test_no_claims():
    paid = {"count": 0, "amount": 0, "by_program": {}}
    m = _metrics(claims_in_period=paid, median_days_to_payment=None)
    assert narrative.claims(m, "id") == "Tidak ada klaim yang dibayarkan dalam Triwulan IV 2025."
    assert narrative.claims(m, "en") == "No claims were paid in Q4 2025."


def test_attainment_names_the_targets():
    assert narrative.attainment(_metrics(), "id") == (
        "Capaian target kepesertaan 82,4% dari target 6.975 orang (MME 98,6% dan PR 50,0%). "
        "31 dari 93 desa/kelurahan telah mencapai seluruh targetnya."
    )


def test_attainment_without_a_pr_target_leaves_pr_out():
    m = _metrics(target={"MME": 4650, "PR": 0, "total": 4650},
                 attainment={"MME": 0.9, "PR": None, "total": 0.9})
    text = narrative.attainment(m, "en")
    assert "MME 90.0%" in text
    assert "PR" not in text


def test_continuity_and_budget():
    # 70 of 80 villages = 87.5%; 1,376,104,800 / 1,395,000,000 = 98.6%
    assert narrative.continuity(_metrics(), "id") == (
        "87,5% desa/kelurahan yang memiliki peserta aktif (70 dari 80) membayar iuran untuk "
        "ketiga bulan Triwulan IV 2025."
    )
    assert narrative.budget_realization(_metrics(), "en") == (
        "Contributions for 2025 up to the quarter end total IDR 1.4 billion, 98.6% of that "
        "year's BKBK allocation for contributions (IDR 1.4 billion)."
    )


def test_contributions_against_previous_quarter():
    # 340,149,600 against 350,000,000: -2.8%
    previous = {"contributions_in_period": 350_000_000}
    assert narrative.contributions(_metrics(), previous, "id") == (
        "Iuran untuk bulan-bulan Triwulan IV 2025 berjumlah Rp 340,1 juta "
        "(turun 2,8% dibanding triwulan lalu)."
    )
    assert narrative.contributions(_metrics(), None, "en") == (
        "Contributions for the months of Q4 2025 total IDR 340.1 million."
    )


def test_coverage_compared_with_the_province():
    province = _metrics(scope="15", coverage={"year": 2025, "formal": 0.7, "informal": 0.18,
                                              "total": 0.404})
    assert narrative.coverage(_metrics(), province, "id") == (
        "Menurut data tenaga kerja tahun 2025, jaminan sosial ketenagakerjaan mencakup 27,3% "
        "penduduk bekerja: 49,1% pekerja formal dan 17,4% pekerja informal. Cakupan total ini "
        "di bawah angka provinsi (40,4%)."
    )
    higher = _metrics(coverage={"year": 2024, "formal": 0.8, "informal": 0.3, "total": 0.5})
    assert narrative.coverage(higher, province, "en").endswith(
        "This total coverage is above the province's (40.4%).")


def test_coverage_without_workforce_data():
    m = _metrics(coverage={"year": None, "formal": None, "informal": None, "total": None})
    assert narrative.coverage(m, None, "id") == \
        "Data tenaga kerja untuk menghitung cakupan belum tersedia."


def test_ranking_and_spread():
    rows = [{"regency_name": "Kab. Bungo", "score": 81.25},
            {"regency_name": "Kab. Muaro Jambi", "score": 70.0},
            {"regency_name": "Kota Jambi", "score": 64.04},
            {"regency_name": "Kab. Kerinci", "score": 12.5}]
    assert narrative.ranking(rows, "id") == (
        "Skor indeks tertinggi dicapai Kab. Bungo (81,3), Kab. Muaro Jambi (70,0) dan "
        "Kota Jambi (64,0); skor terendah ada di Kab. Kerinci (12,5)."
    )
    values = {"Kab. Bungo": 0.95, "Kab. Tebo": 0.801, "Kota Jambi": None}
    assert narrative.spread(values, "Continuity", "en") == \
        "Continuity is highest in Kab. Bungo (95.0%) and lowest in Kab. Tebo (80.1%)."


def test_index_rank():
    assert narrative.index_rank(_metrics(), 11, "id") == (
        "Pada indeks kinerja komposit, Kab. Tanjung Jabung Timur berada di peringkat 11 dari "
        "11 kabupaten/kota dengan skor 22,1 (0-100)."
    )
    assert narrative.index_rank(_metrics(index={"rank": None}), 11, "id") == ""


def test_milestone_against_the_data():
    assert narrative.milestone(76_016, 75_000, "2022-12-31", "id") == (
        "Per 31 Desember 2022: angka publikasi 76.016 peserta, data mencatat 75.000 peserta "
        "aktif (1.016 lebih sedikit dari angka publikasi)."
    )
    assert narrative.milestone(100, 120, "2023-12-31", "en") == (
        "On 31 December 2023: 100 participants in the published figure, 120 active in the data "
        "(20 more than published)."
    )
    assert narrative.milestone(100, None, "2030-12-31", "id") == \
        "Data tidak mencakup 31 Desember 2030."
    # A published target is not a count of participants: the data are a share of it.
    assert narrative.milestone(118_875, 116_651, "2024-12-31", "id", target=True) == (
        "Per 31 Desember 2024: target 118.875 peserta, data mencatat 116.651 peserta aktif "
        "(98,1% dari target)."
    )


def test_villages_below_target():
    rows = [{"village_name": "Kota Baru", "gap": 30}, {"village_name": "Pandan Lagan", "gap": 28}]
    assert narrative.villages_below_target(rows, "id") == (
        "Kekurangan terbesar terhadap target ada di Kota Baru (kurang 30 orang) dan "
        "Pandan Lagan (kurang 28 orang)."
    )
    assert narrative.villages_below_target([], "en") == "Every village has reached its targets."


def test_join_words():
    assert narrative.join_words(["A"], "id") == "A"
    assert narrative.join_words(["A", "B", "C"], "id") == "A, B dan C"
    assert narrative.join_words(["A", "B"], "en") == "A and B"


@pytest.mark.parametrize(("province", "lang", "expected"), [
    ("15", "id", "Data sintetis untuk uji coba dan demonstrasi, dibuat mendekati angka yang "
                 "dipublikasikan (lihat Catatan data dan metodologi)"),
    ("32", "id", "Data sintetis untuk uji coba dan demonstrasi (lihat Catatan data dan "
                 "metodologi)"),
    ("all", "en", "Synthetic data for trials and demonstration (see Data notes and "
                  "methodology)"),
])
def test_synthetic_data_claim_closeness_to_published_figures_only_where_there_are_some(
        province, lang, expected):
    """Jambi's demo is calibrated to its published milestones; another province's (national
    default parameters, no milestones) and the nation's are not said to be."""
    from analysis.reference.province import province_setting

    with province_setting(province):
        assert narrative.data_source(True, "bkbk demo-data", lang) == expected
        assert narrative.data_source(False, "Ekspor BPJS 2025", lang) == "Ekspor BPJS 2025"
