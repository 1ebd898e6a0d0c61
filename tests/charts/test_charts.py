"""Report charts: they draw small frames and empty ones, in the house colours and language."""

from __future__ import annotations

import re
from datetime import datetime
from itertools import combinations

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis import charts
from analysis.charts import (
    CATEGORY_COLORS,
    HIGHLIGHT_COLOR,
    PROGRAM_COLORS,
    month_formatter,
    new_figure,
    percent_formatter,
    rupiah_formatter,
    thousands_formatter,
)

MONTHS = pd.date_range("2022-09-01", "2025-12-01", freq="MS")
REGENCIES = ["Kab. Kerinci", "Kab. Merangin", "Kab. Sarolangun", "Kab. Batanghari",
             "Kab. Muaro Jambi", "Kab. Tanjung Jabung Timur", "Kab. Tanjung Jabung Barat",
             "Kab. Tebo", "Kab. Bungo", "Kota Jambi", "Kota Sungai Penuh"]
INDONESIAN_MONTH_LABEL = re.compile(
    r"^(Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}$")


def monthly_active():
    mme = np.linspace(3000, 4900, len(MONTHS)).round()
    pr = np.where(MONTHS >= "2023-01-01", 1500, 0)
    return pd.DataFrame({"month": MONTHS, "MME": mme, "PR": pr, "total": mme + pr})


def monthly_flows():
    rows = [{"month": m, "category": c, "new": 10 + i % 7, "exits": 2 + i % 3}
            for i, m in enumerate(MONTHS) for c in ("MME", "PR")]
    return pd.DataFrame(rows)


def attainment():
    return pd.DataFrame({"district_name": ["Sadu", "Berbak", "Dendang"],
                         "attainment_MME": [1.05, 0.8, 0.6],
                         "attainment_PR": [0.9, np.nan, 0.4],
                         "attainment_total": [1.0, 0.8, 0.53]})


def contributions():
    frame = pd.DataFrame({"month": [f"2025-{m:02d}" for m in range(1, 13)],
                          "MME": [84_000_000] * 12, "PR": [42_000_000] * 12})
    return frame.assign(total=frame["MME"] + frame["PR"])


def continuity():
    return pd.DataFrame({"district_name": ["Sadu", "Berbak"],
                         "2025-10": [0.85, np.nan], "2025-11": [1.0, 0.5],
                         "2025-12": [0.0, 0.25]})


def budget():
    return pd.DataFrame({"district_name": ["Sadu", "Berbak"],
                         "allocation": [150_000_000, 120_000_000],
                         "contributions_ytd": [120_000_000, 126_000_000],
                         "realization": [0.8, 1.05]})


def claims():
    return pd.DataFrame({"program": ["JKM", "JKM", "JKK"],
                         "benefit": ["kematian", "pemakaman", "perawatan"],
                         "count": [12, 3, 7],
                         "amount": [240_000_000, 30_000_000, 35_000_000],
                         "display": ["12", "<5", "7"]})


def cumulative():
    amount = np.full(len(MONTHS), 20_000_000.0)
    return pd.DataFrame({"month": MONTHS, "amount": amount, "cumulative": amount.cumsum(),
                         "MME_cumulative": (amount * 0.75).cumsum(),
                         "PR_cumulative": (amount * 0.25).cumsum()})


def days():
    return pd.DataFrame({"program": ["JKM"] * 5 + ["JKK"] * 4,
                         "benefit": ["kematian"] * 5 + ["perawatan"] * 4,
                         "days": [3, 7, 10, 14, 30, 5, 20, 21, 60]})


def coverage():
    return pd.DataFrame({"scope_code": ["15.07", "15"],
                         "name": ["Kab. Tanjung Jabung Timur", "Provinsi Jambi"],
                         "year": [2024, 2024], "formal": [0.5, 0.6],
                         "informal": [0.2, 0.27], "total": [0.27, 0.395]})


def ranking():
    scores = [55.0, 61.5, 40.2, 72.4, 80.1, 33.3, 47.8, 52.6, 90.0, 69.9, 25.5]
    frame = pd.DataFrame({"regency_name": REGENCIES, "score": scores,
                          "coverage_total": 0.4, "continuity": 0.8})
    return frame.assign(rank=frame["score"].rank(ascending=False).astype(int))


def scatter():
    # clustered on purpose: labels must still not overlap
    attainment = [0.90, 0.91, 0.92, 0.90, 0.93, 0.95, 0.91, 1.02, 0.94, 0.92, 0.96]
    continuity = [0.80, 0.81, 0.80, 0.82, 0.79, 0.85, 0.83, 0.90, 0.81, 0.84, 0.80]
    return pd.DataFrame({"regency_name": REGENCIES, "attainment": attainment,
                         "continuity": continuity})


def small_multiples():
    return pd.concat([pd.DataFrame({"regency_name": name, "month": MONTHS,
                                    "total": np.arange(len(MONTHS)) * (i + 1)})
                      for i, name in enumerate(REGENCIES)])


CHARTS = {
    "plot_monthly_active": (monthly_active, {}),
    "plot_monthly_flows": (monthly_flows, {}),
    "plot_attainment_by_district": (attainment, {}),
    "plot_monthly_contributions": (contributions, {}),
    "plot_continuity_heatmap": (continuity, {}),
    "plot_budget_realization": (budget, {}),
    "plot_claims_by_benefit": (claims, {}),
    "plot_cumulative_santunan": (cumulative, {}),
    "plot_days_to_payment": (days, {}),
    "plot_coverage_comparison": (coverage, {"highlight_code": "15.07"}),
    "plot_regency_ranking": (ranking, {}),
    "plot_attainment_vs_continuity": (scatter, {}),
    "plot_small_multiples": (small_multiples, {}),
}


def all_texts(fig: Figure) -> list[str]:
    fig.draw_without_rendering()
    return [t.get_text() for t in fig.findobj(mpl.text.Text) if t.get_visible()]


def facecolors(ax) -> set[str]:
    colors = {to_hex(p.get_facecolor(), keep_alpha=False) for p in ax.patches}
    for collection in ax.collections:
        colors |= {to_hex(c, keep_alpha=False) for c in collection.get_facecolor()}
    return colors


def boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("name", sorted(CHARTS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_chart_draws_a_small_frame(name, lang):
    make, options = CHARTS[name]
    fig = getattr(charts, name)(make(), lang=lang, **options)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    fig.draw_without_rendering()


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_draws_a_single_row(name):
    make, options = CHARTS[name]
    fig = getattr(charts, name)(make().iloc[:1], **options)
    fig.draw_without_rendering()
    assert "Tidak ada data untuk periode ini" not in all_texts(fig)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_empty_frame_gives_a_no_data_figure(name):
    make, options = CHARTS[name]
    fig = getattr(charts, name)(make().iloc[0:0], **options)
    assert "Tidak ada data untuk periode ini" in all_texts(fig)
    fig_en = getattr(charts, name)(make().iloc[0:0], lang="en", **options)
    assert "No data for this period" in all_texts(fig_en)


def test_charts_show_themselves_in_notebooks():
    fig = charts.plot_monthly_active(monthly_active())
    assert "<svg" in fig._repr_svg_()
    assert fig._repr_png_().startswith(b"\x89PNG")


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="PR"):
        charts.plot_monthly_active(monthly_active().drop(columns="PR"))


@pytest.mark.parametrize(("name", "title"), [
    ("plot_monthly_active", "Peserta aktif per bulan menurut kategori"),
    ("plot_monthly_contributions", "Iuran per bulan menurut kategori, Jan 2025–Des 2025"),
    ("plot_claims_by_benefit", "Nilai santunan menurut program dan jenis manfaat"),
    ("plot_small_multiples", "Peserta aktif per bulan di setiap kabupaten/kota"),
    ("plot_coverage_comparison", "Cakupan jaminan sosial ketenagakerjaan, 2024"),
])
def test_titles_are_indonesian_by_default(name, title):
    make, options = CHARTS[name]
    assert getattr(charts, name)(make(), **options).get_suptitle() == title


def test_title_can_be_given_and_english_is_available():
    fig = charts.plot_monthly_active(monthly_active(), title="Kab. Tebo: peserta aktif")
    assert fig.get_suptitle() == "Kab. Tebo: peserta aktif"
    fig_en = charts.plot_monthly_active(monthly_active(), lang="en")
    assert fig_en.get_suptitle() == "Active participants by month and category"


def test_monthly_active_uses_the_category_colours_and_full_names():
    fig = charts.plot_monthly_active(monthly_active())
    ax = fig.axes[0]
    assert {CATEGORY_COLORS["MME"].lower(), CATEGORY_COLORS["PR"].lower()} <= facecolors(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Masyarakat Miskin Ekstrem (MME)", "Pekerja Rentan (PR)", "Total"]


def test_category_colours_are_the_same_in_every_chart():
    for fig in (charts.plot_monthly_contributions(contributions()),
                charts.plot_monthly_flows(monthly_flows()),
                charts.plot_attainment_by_district(attainment())):
        colors = facecolors(fig.axes[0])
        assert CATEGORY_COLORS["MME"].lower() in colors
        assert CATEGORY_COLORS["PR"].lower() in colors


def test_palette_keeps_categories_and_programmes_apart():
    colors = [*CATEGORY_COLORS.values(), *PROGRAM_COLORS.values(), HIGHLIGHT_COLOR]
    assert len({c.lower() for c in colors}) == len(colors)


def test_month_axis_uses_indonesian_short_names():
    fig = charts.plot_monthly_contributions(contributions())
    fig.draw_without_rendering()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    # twelve months on a 16.5 cm axis: room for fewer than twelve labels, so every other
    assert labels == ["Jan 2025", "Mar 2025", "Mei 2025", "Jul 2025", "Sep 2025", "Nov 2025"]
    fig_en = charts.plot_monthly_contributions(contributions(), lang="en")
    fig_en.draw_without_rendering()
    labels_en = [t.get_text() for t in fig_en.axes[0].get_xticklabels() if t.get_text()]
    assert "May 2025" in labels_en


@pytest.mark.parametrize("name", ["plot_monthly_active", "plot_monthly_flows",
                                  "plot_cumulative_santunan"])
def test_month_labels_of_a_long_series_are_thinned_and_do_not_overlap(name):
    make, _ = CHARTS[name]
    fig = getattr(charts, name)(make())
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert 3 <= len(labels) < len(MONTHS)
    assert all(INDONESIAN_MONTH_LABEL.match(t.get_text()) for t in labels)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(boxes_overlap(a, b) for a, b in combinations(boxes, 2))


def test_axis_formatters():
    rupiah = rupiah_formatter("id")
    assert rupiah(2_000_000_000, 0) == "Rp 2 miliar"
    assert rupiah(500_000_000, 0) == "Rp 500 juta"
    assert rupiah(1_250_000_000, 0) == "Rp 1,25 miliar"
    assert rupiah(0, 0) == "Rp 0"
    assert rupiah_formatter("en")(2_000_000_000, 0) == "IDR 2 billion"
    assert thousands_formatter("id")(1234, 0) == "1.234"
    assert thousands_formatter("en")(1234, 0) == "1,234"
    assert thousands_formatter("id")(2.5, 0) == "2,5"
    assert percent_formatter("id")(0.4, 0) == "40%"
    assert percent_formatter("id")(0.125, 0) == "12,5%"
    assert percent_formatter("en")(0.125, 0) == "12.5%"
    august = mdates.date2num(datetime(2024, 8, 1))
    assert month_formatter("id")(august, 0) == "Agu 2024"
    assert month_formatter("en")(august, 0) == "Aug 2024"


def test_rupiah_axis_of_contributions():
    fig = charts.plot_monthly_contributions(contributions())
    fig.draw_without_rendering()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert "Rp 0" in labels
    assert "Rp 100 juta" in labels


def test_new_figure_sizes_fit_an_a4_page():
    fig, ax = new_figure("wide")
    width_cm, height_cm = fig.get_size_inches() * 2.54
    assert 16 <= width_cm <= 17
    assert 6 <= height_cm <= 9
    fig, _ = new_figure("half")
    assert fig.get_size_inches()[0] * 2.54 <= 8.5
    fig, _ = new_figure("wide", height_cm=12)
    assert fig.get_size_inches()[1] * 2.54 == pytest.approx(12)
    with pytest.raises(ValueError):
        new_figure("poster")


def test_house_style():
    charts.apply_house_style()
    assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert not mpl.rcParams["axes.spines.top"]
    assert not mpl.rcParams["axes.spines.right"]
    assert mpl.rcParams["savefig.dpi"] == 150
    assert mpl.rcParams["font.size"] >= 7


def test_house_style_is_seaborn_paper_ticks_under_the_house_values():
    """The rcParams written out in the style module are those seaborn's theme would set."""
    import seaborn as sns

    from analysis.charts.style import HOUSE_RC

    with mpl.rc_context():
        mpl.rcdefaults()
        charts.apply_house_style()
        ours = dict(mpl.rcParams)
    with mpl.rc_context():
        mpl.rcdefaults()
        sns.set_theme(context="paper", style="ticks", rc=HOUSE_RC)
        mpl.rcParams.update(HOUSE_RC)
        seaborns = dict(mpl.rcParams)
    assert {key: ours[key] for key in ours if ours[key] != seaborns[key]} == {}


def test_report_charts_do_not_import_seaborn():
    import subprocess
    import sys

    code = "import sys, analysis.report_sections; print('seaborn' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert shown == "False"


def test_attainment_has_a_target_line_at_100_percent():
    fig = charts.plot_attainment_by_district(attainment())
    lines = [line for line in fig.axes[0].get_lines() if list(line.get_xdata()) == [1.0, 1.0]]
    assert lines


def test_heatmap_cells_carry_percentages_and_a_dash_when_missing():
    texts = all_texts(charts.plot_continuity_heatmap(continuity()))
    for expected in ("85%", "100%", "0%", "50%", "25%", "–", "Okt 2025", "Des 2025"):
        assert expected in texts


def test_claims_are_coloured_by_programme_and_show_suppressed_counts():
    fig = charts.plot_claims_by_benefit(claims())
    colors = facecolors(fig.axes[0])
    assert {PROGRAM_COLORS["JKK"].lower(), PROGRAM_COLORS["JKM"].lower()} <= colors
    texts = all_texts(fig)
    assert "Rp 30 juta · <5 klaim" in texts
    assert "Rp 240 juta · 12 klaim" in texts
    assert "Santunan kematian · JKM" in texts


def test_claims_without_display_column_format_the_counts():
    texts = all_texts(charts.plot_claims_by_benefit(claims().drop(columns="display")))
    assert "Rp 30 juta · 3 klaim" in texts


def test_days_to_payment_marks_the_medians():
    texts = all_texts(charts.plot_days_to_payment(days()))
    # JKM days 3, 7, 10, 14, 30 -> median 10; JKK 5, 20, 21, 60 -> median 20.5 -> 21
    assert "Median 10 hari (n = 5)" in texts
    assert "Median 21 hari (n = 4)" in texts


def test_days_to_payment_shows_no_single_claim_and_ends_past_the_whiskers():
    # One JKK claim paid after 780 days squashed both boxes into the left fifth of the axis,
    # and each claim was a dot of its own.
    frame = pd.concat([days(), pd.DataFrame({"program": ["JKK"], "benefit": ["perawatan"],
                                             "days": [780]})])
    ax = charts.plot_days_to_payment(frame).axes[0]
    assert not ax.collections  # no dots
    whiskers = max(max(line.get_xdata()) for line in ax.lines)
    assert whiskers < 100 and ax.get_xlim() == (0.0, pytest.approx(whiskers * 1.15))


def test_budget_realization_labels():
    texts = all_texts(charts.plot_budget_realization(budget()))
    assert "80%  (Rp 120 juta dari Rp 150 juta)" in texts
    assert "105%  (Rp 126 juta dari Rp 120 juta)" in texts


def test_coverage_highlights_the_regency():
    fig = charts.plot_coverage_comparison(coverage(), "15.07")
    ax = fig.axes[0]
    highlighted = [p for p in ax.patches if to_hex(p.get_facecolor()) == HIGHLIGHT_COLOR.lower()]
    assert len(highlighted) == 3
    assert sorted(round(p.get_height(), 3) for p in highlighted) == [0.2, 0.27, 0.5]


def test_coverage_without_highlight_uses_greys():
    frame = pd.DataFrame({"scope_code": ["15.01", "15.02", "15.03", "15"],
                          "name": ["Kab. Kerinci", "Kab. Merangin", "Kab. Sarolangun",
                                   "Provinsi Jambi"],
                          "year": 2024, "formal": 0.5, "informal": 0.2, "total": 0.3})
    fig = charts.plot_coverage_comparison(frame)
    colors = {to_hex(p.get_facecolor()) for p in fig.axes[0].patches}
    assert HIGHLIGHT_COLOR.lower() not in colors
    assert len(colors) == 4


def test_coverage_of_all_regencies_is_drawn_in_panels():
    frame = pd.DataFrame({"scope_code": [f"15.{i:02d}" for i in range(1, 12)],
                          "name": REGENCIES, "year": 2024, "formal": 0.5,
                          "informal": np.linspace(0.1, 0.3, 11), "total": 0.35})
    fig = charts.plot_coverage_comparison(frame, "15.05")
    assert len(fig.axes) == 3
    for ax in fig.axes:
        highlighted = [p for p in ax.patches
                       if to_hex(p.get_facecolor()) == HIGHLIGHT_COLOR.lower()]
        assert len(highlighted) == 1


def test_ranking_puts_the_best_score_on_top():
    fig = charts.plot_regency_ranking(ranking(), highlight="Kab. Bungo")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "1. Kab. Bungo"
    assert labels[0] == "11. Kota Sungai Penuh"
    top_bar = max(ax.patches, key=lambda p: p.get_y())
    assert to_hex(top_bar.get_facecolor()) == HIGHLIGHT_COLOR.lower()
    assert top_bar.get_width() == pytest.approx(90.0)


def test_scatter_labels_do_not_overlap():
    fig = charts.plot_attainment_vs_continuity(scatter())
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    notes = [t for t in ax.texts if t.get_text()]
    assert sorted(t.get_text() for t in notes) == sorted(
        name.removeprefix("Kab. ") for name in REGENCIES)
    boxes = [t.get_window_extent(renderer) for t in notes]
    assert not any(boxes_overlap(a, b) for a, b in combinations(boxes, 2))


def test_small_multiples_share_one_scale_in_a_four_by_three_grid():
    fig = charts.plot_small_multiples(small_multiples())
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(fig.axes) == 12
    assert len(visible) == 11
    assert len({ax.get_ylim() for ax in visible}) == 1
    titles = [ax.get_title(loc="left") for ax in visible]
    assert "Tanjung Jabung Timur" in titles
    assert "Kota Jambi" in titles


def flows_of_a_quarter():
    months = ["2025-10", "2025-11", "2025-12"]
    return pd.DataFrame({"month": months * 2, "category": ["MME"] * 3 + ["PR"] * 3,
                         "new": [5, 8, 2, 1, 1, 1], "exits": [1, 0, 2, 0, 1, 0]})


@pytest.mark.parametrize(("name", "make", "options", "finding"), [
    ("plot_monthly_active", monthly_active, {},
     "Akhir Desember 2025: 6.400 peserta aktif (4.900 MME dan 1.500 PR); terbanyak 6.400 "
     "pada Desember 2025."),
    ("plot_monthly_flows", flows_of_a_quarter, {},
     "Dari Oktober 2025 sampai Desember 2025: 18 peserta baru dan 4 keluar; peserta baru "
     "terbanyak pada November 2025 (9)."),
    ("plot_attainment_by_district", attainment, {},
     "Dendang paling rendah: 53,0% dari target; Sadu paling tinggi: 100,0%."),
    ("plot_attainment_by_district", attainment, {"overall": 0.781},
     "Dendang paling rendah: 53,0% dari target; Sadu paling tinggi: 100,0%; keseluruhan 78,1%."),
    ("plot_monthly_contributions", contributions, {},
     "Iuran Desember 2025: Rp 126 juta; jumlah Januari 2025–Desember 2025: Rp 1,5 miliar."),
    ("plot_continuity_heatmap", continuity, {},
     "Kesinambungan Desember 2025: terendah Sadu (0,0%), tertinggi Berbak (25,0%); skala warna "
     "0%–100%."),
    ("plot_budget_realization", budget, {},
     "Sadu paling rendah: 80,0% dari alokasi; Berbak paling tinggi: 105,0%."),
    ("plot_claims_by_benefit", claims, {},
     "Santunan terbesar: Santunan kematian (JKM), Rp 240 juta, 12 klaim."),
    ("plot_cumulative_santunan", cumulative, {},
     "Sampai Desember 2025: Rp 800 juta santunan dibayarkan, Rp 600 juta untuk MME dan "
     "Rp 200 juta untuk PR."),
    ("plot_days_to_payment", days, {},
     "Median lama pembayaran: JKK 21 hari (4 klaim), JKM 10 hari (5 klaim)."),
    ("plot_coverage_comparison", coverage, {"highlight_code": "15.07"},
     "Cakupan total 2024: Tanjung Jabung Timur 27,0%, Provinsi Jambi 39,5%."),
    ("plot_regency_ranking", ranking, {},
     "Bungo peringkat 1 dengan skor 90,0; Kota Sungai Penuh peringkat 11 dengan skor 25,5."),
    ("plot_attainment_vs_continuity", scatter, {},
     "Capaian target dari 90,0% (Batanghari) sampai 102,0% (Tebo); kesinambungan dari 79,0% "
     "(Muaro Jambi) sampai 90,0% (Tebo)."),
    ("plot_small_multiples", small_multiples, {},
     "Akhir Desember 2025: peserta aktif terbanyak di Kota Sungai Penuh (429), paling sedikit "
     "di Kerinci (39)."),
])
def test_alt_text_states_the_main_finding_from_the_numbers(name, make, options, finding):
    assert getattr(charts, name)(make(), **options).alt_text == finding


def test_every_chart_has_an_alt_text_in_english_too():
    for name, (make, options) in CHARTS.items():
        text = getattr(charts, name)(make(), lang="en", **options).alt_text
        assert text and text[0].isupper() and text.endswith("."), name
    fig = charts.plot_attainment_by_district(attainment(), lang="en", overall=0.781)
    assert fig.alt_text == "Dendang lowest: 53.0% of target; Sadu highest: 100.0%; overall 78.1%."


def test_alt_text_of_claims_keeps_the_published_count():
    frame = claims().assign(display=["<5", "<5", "7"])
    assert charts.plot_claims_by_benefit(frame).alt_text.endswith("Rp 240 juta, <5 klaim.")


def test_an_empty_chart_says_there_are_no_data():
    assert charts.plot_monthly_flows(monthly_flows().iloc[0:0]).alt_text == \
        "Tidak ada data untuk periode ini"


def close_to_target():
    return pd.DataFrame({"district_name": ["Sadu", "Berbak", "Dendang"],
                         "attainment_MME": [1.03, 0.99, 0.97],
                         "attainment_PR": [1.01, 0.98, 0.975],
                         "attainment_total": [1.02, 0.985, 0.972]})


def test_attainment_axis_spans_the_data_and_the_target_not_zero():
    ax = charts.plot_attainment_by_district(close_to_target()).axes[0]
    low, high = ax.get_xlim()
    assert low <= 0.97 and high >= 1.03
    assert high - low < 0.1  # 97% and 103% stand apart, not squeezed against a zero bar
    assert not ax.patches  # points, not bars cut off at the axis' start


def test_attainment_far_below_target_keeps_the_target_in_view():
    frame = attainment().assign(attainment_MME=[0.6, 0.55, 0.5], attainment_PR=[0.5, 0.45, 0.4],
                                attainment_total=[0.57, 0.52, 0.47])
    low, high = charts.plot_attainment_by_district(frame).axes[0].get_xlim()
    assert low <= 0.4 and high >= 1.0


def test_attainment_of_equal_values_does_not_blow_up_differences():
    frame = close_to_target().assign(attainment_MME=1.0, attainment_PR=1.0, attainment_total=1.0)
    low, high = charts.plot_attainment_by_district(frame).axes[0].get_xlim()
    assert low < 1.0 < high
    assert high - low >= 0.04


def test_scatter_axis_holds_the_target_and_every_point():
    frame = scatter().assign(attainment=np.linspace(0.8, 0.9, 11))
    ax = charts.plot_attainment_vs_continuity(frame).axes[0]
    low, high = ax.get_xlim()
    assert low <= 0.8 and high >= 1.0
    bottom, top = ax.get_ylim()
    assert bottom <= frame["continuity"].min() and top >= frame["continuity"].max()


def test_flows_show_the_last_eighteen_months_and_name_them():
    fig = charts.plot_monthly_flows(monthly_flows())
    ax = fig.axes[0]
    # one bar up and one down per month and category
    assert len(ax.patches) == 18 * 2 * 2
    first = min(mdates.num2date(p.get_x() + p.get_width() / 2) for p in ax.patches)
    assert (first.year, first.month) == (2024, 7)
    assert fig.get_suptitle() == "Peserta baru dan keluar per bulan, Jul 2024–Des 2025"
    every = charts.plot_monthly_flows(monthly_flows(), months_shown=None)
    assert len(every.axes[0].patches) == len(MONTHS) * 2 * 2


def test_contributions_show_the_last_eighteen_months():
    frame = pd.DataFrame({"month": [m.strftime("%Y-%m") for m in MONTHS], "MME": 1e6,
                          "PR": 5e5}).assign(total=1.5e6)
    ax = charts.plot_monthly_contributions(frame).axes[0]
    assert len(ax.patches) == 18 * 2
    assert len(charts.plot_monthly_contributions(frame.tail(5)).axes[0].patches) == 5 * 2


def continuity_high():
    return pd.DataFrame({"district_name": ["Sadu", "Berbak"],
                         "2025-11": [0.97, 1.0], "2025-12": [0.831, 0.99]})


def test_heatmap_scale_starts_below_the_lowest_value_and_is_stated():
    fig = charts.plot_continuity_heatmap(continuity_high())
    image = fig.axes[0].images[0]
    assert image.norm.vmin == pytest.approx(0.8)
    assert image.norm.vmax == 1.0
    assert "Skala warna 80%–100%" in all_texts(fig)
    assert fig.alt_text.endswith("terendah Sadu (83,1%), tertinggi Berbak (99,0%); skala warna "
                                 "80%–100%.")
    # 83% and 99% are far apart in colour, not two shades of dark blue
    cells = image.cmap(image.norm(np.array([0.831, 0.99])))
    assert abs(cells[0][:3] - cells[1][:3]).max() > 0.3


@pytest.mark.parametrize(("values", "floor"), [([0.0, 1.0], 0.0), ([0.8, 1.0], 0.8),
                                                ([0.97, 1.0], 0.9), ([1.0, 1.0], 0.9),
                                                ([np.nan, 0.456], 0.4)])
def test_heatmap_scale_floor(values, floor):
    frame = pd.DataFrame({"district_name": ["Sadu", "Berbak"], "2025-12": values})
    norm = charts.plot_continuity_heatmap(frame).axes[0].images[0].norm
    assert norm.vmin == pytest.approx(floor)


def test_flows_axis_says_which_way_is_new_and_which_exits():
    assert charts.plot_monthly_flows(monthly_flows()).axes[0].get_ylabel() == \
        "Peserta: ▼ keluar / ▲ baru"
    assert charts.plot_monthly_flows(monthly_flows(), lang="en").axes[0].get_ylabel() == \
        "Participants: ▼ exits / ▲ new"


def _names_by_column(fig: Figure) -> list[list[str]]:
    """The row names of each axis that shows them, top row first."""
    columns = []
    for ax in fig.axes:
        shown = [(t.get_position()[1], t.get_text()) for t in ax.get_yticklabels()
                 if t.get_text() and t.get_visible()]
        if shown and ax.yaxis.get_tick_params()["labelleft"]:
            columns.append([text for _, text in sorted(shown, reverse=True)])
    return columns


def test_many_rows_read_down_the_first_column_then_the_second():
    names = [f"Provinsi {i:02d}" for i in range(38)]
    frame = pd.DataFrame({"district_name": names, "attainment_MME": 1.0, "attainment_PR": 1.0,
                          "attainment_total": np.linspace(0.6, 1.2, 38)})
    one, two = (charts.plot_attainment_by_district(frame, columns=n) for n in (1, 2))
    highest_first = names[::-1]
    assert _names_by_column(one) == [highest_first]
    assert _names_by_column(two) == [highest_first[:19], highest_first[19:]]
    assert len({ax.get_xlim() for ax in two.axes}) == 1  # one scale
    assert len(two.legends) == 1  # one legend for both columns

    coverage = pd.DataFrame({"scope_code": [f"{i:02d}" for i in range(39)],
                             "name": [*names, "Indonesia"], "year": 2025, "formal": 0.7,
                             "informal": 0.2, "total": np.linspace(0.3, 0.5, 39)})
    fig = charts.plot_coverage_comparison(coverage, "38", columns=2)
    assert len(fig.axes) == 6  # formal, informal, total in each column
    left, right = _names_by_column(fig)
    assert left[0] == "Indonesia" and (len(left), len(right)) == (20, 19)
    assert right[-1] == "Provinsi 00"
