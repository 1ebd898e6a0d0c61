"""Report blocks: summary cards that carry their look, charts with a finding as alt text."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import charts
from analysis.report_sections import blocks
from analysis.report_sections.blocks import KeyFigure, alt_text, figure, key_figures, page


def _cards() -> str:
    return key_figures([KeyFigure("Peserta aktif", "1.234", "naik 2,0%", 1),
                        KeyFigure("Capaian target", "97,4%", "turun 0,3 poin", -1)])


def test_cards_carry_their_own_scoped_stylesheet():
    html = _cards()
    style = re.fullmatch(r"<style>(.*?)</style>(.*)", html, flags=re.S)
    assert style, "the cards start with their stylesheet"
    css = re.sub(r"/\*.*?\*/", "", style.group(1), flags=re.S)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", css)
                 for s in block.split(",")]
    assert ".bkbk-kpi" in selectors and ".bkbk-kpi-change.up" in selectors
    assert all(s.startswith(".bkbk-kpi") for s in selectors), selectors  # nothing else styled
    assert "grid-template-columns" in css
    assert "url(" not in css and "@import" not in css  # no request leaves the page
    assert "/*" not in html  # the stylesheet's comments stay in the source
    assert 'class="bkbk-kpi-change up">naik 2,0%' in style.group(2)


def test_cards_look_the_same_in_a_notebook():
    shown = page(_cards())._repr_html_()
    assert shown.startswith("<style>") and ".bkbk-kpis {" in shown


def test_a_chart_is_described_by_its_title_and_its_finding():
    frame = pd.DataFrame({"district_name": ["Sadu", "Berbak"], "allocation": [150e6, 120e6],
                          "contributions_ytd": [120e6, 126e6], "realization": [0.8, 1.05]})
    fig = charts.plot_budget_realization(frame)
    assert alt_text(fig) == ("Realisasi iuran terhadap alokasi BKBK per kecamatan. Sadu paling "
                             "rendah: 80,0% dari alokasi; Berbak paling tinggi: 105,0%.")
    assert f'alt="{alt_text(fig)}"' in figure(fig)


def test_a_wide_table_wraps_its_text_columns_before_it_breaks_a_header_word():
    # The province's villages furthest from target: three text columns of long names and
    # five numbers. Scaled down as a whole, "Kekurangan" was printed "Kekuranga / n".
    header = ["Desa/kelurahan", "Kecamatan", "Kabupaten/kota", "Aktif MME", "Aktif PR",
              "Target", "Kekurangan (orang)", "Capaian"]
    rows = [["Pematang Pauh Sebrang Ulu", "Muara Sabak Timur Laut", "Kab. Tanjung Jabung Barat",
             "30", "15", "75", "30", "60,0%"]]
    numeric = [False] * 3 + [True] * 5
    widths = blocks._column_widths(header, rows, numeric)
    chars = [width / 100 * blocks.PRINT_WIDTH_CHARS for width in widths]
    for title, room in zip(header, chars, strict=True):
        word = max(len(part) for part in title.split())
        assert room >= blocks.HEADER_CHAR_WIDTH * word + 2 - 1e-9, title
    assert sum(chars) == pytest.approx(blocks.PRINT_WIDTH_CHARS)
    # a table that fits keeps its columns in proportion to their text
    narrow = blocks._column_widths(["Kecamatan", "Klaim"], [["Tebo Tengah", "12"]],
                                   [False, True])
    assert narrow == pytest.approx([100 * 13 / 21, 100 * 8 / 21])
