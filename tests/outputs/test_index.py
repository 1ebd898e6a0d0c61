"""The period's index page: built from two hand-made metrics dicts."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from analysis.outputs.index import INDEX_FILE, write_index
from analysis.reference.province import ENVIRONMENT, NATIONAL


@dataclass(frozen=True)
class Request:
    """The fields of the report request the index reads."""

    lang: str = "id"
    audience: str = "public"
    formats: tuple[str, ...] = ("html", "pdf")


def metrics(scope: str, name: str, active: int, previous: int, synthetic: bool = True,
            rank: int | None = None) -> dict:
    """A metrics.json dict with the keys the index shows."""
    return {
        "scope": scope,
        "scope_name": name,
        "period": "2025Q4",
        "period_end": "2025-12-31",
        "synthetic": synthetic,
        "active": {"MME": active, "PR": 0, "total": active},
        "active_prev_quarter": {"MME": previous, "PR": 0, "total": previous},
        "growth_qoq": active / previous - 1,
        "attainment": {"MME": 0.5, "PR": None, "total": 0.405},
        "continuity": 0.9876,
        "claims_in_period": {"count": 3, "amount": 7_654_321_000},
        "coverage": {"year": 2024, "formal": 0.6, "informal": 0.2, "total": 0.3952},
        "index": {"rank": rank, "score": None},
    }


def two_reports(synthetic: bool = True) -> dict[str, dict]:
    return {
        "15.07": metrics("15.07", "Kab. Tanjung Jabung Timur", 1234, 1200, synthetic, rank=4),
        "15": metrics("15", "Provinsi Jambi", 1_234_567, 1_200_000, synthetic),
    }


class Links(HTMLParser):
    """Collects every href and src of a page."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value for key, value in attrs if key in ("href", "src")]


PERIOD_FILES = ("tabel-bkbk-2025Q4.xlsx", "slides.html", "slides.pdf")


def render(tmp_path, synthetic=True, request=Request(), present=PERIOD_FILES) -> str:
    for name in present:
        (tmp_path / name).write_bytes(b"")
    path = write_index(tmp_path, two_reports(synthetic), request)
    assert path == tmp_path / INDEX_FILE
    return path.read_text(encoding="utf-8")


def test_links_to_every_file_are_relative(tmp_path):
    parser = Links()
    parser.feed(render(tmp_path))
    targets = parser.targets
    for stem in ("15-provinsi-jambi", "1507-kab-tanjung-jabung-timur"):
        for name in (f"{stem}.html", f"{stem}.pdf", f"{stem}.metrics.json",
                     f"executed/{stem}.ipynb"):
            assert name in targets
    assert set(PERIOD_FILES) <= set(targets)
    assert all("://" not in t and not t.startswith("/") for t in targets)


def test_workbook_and_slides_linked_only_when_written(tmp_path):
    parser = Links()
    parser.feed(render(tmp_path, present=("slides.html",)))
    assert "slides.html" in parser.targets
    assert "slides.pdf" not in parser.targets
    assert "tabel-bkbk-2025Q4.xlsx" not in parser.targets


def test_pdf_links_only_when_pdfs_are_rendered(tmp_path):
    parser = Links()
    parser.feed(render(tmp_path, request=Request(formats=("html",))))
    assert "15-provinsi-jambi.html" in parser.targets
    assert "15-provinsi-jambi.pdf" not in parser.targets


def test_numbers_are_formatted_the_indonesian_way(tmp_path):
    page = render(tmp_path)
    assert "1.234.567" in page and ">1.234<" in page
    assert "+34.567" in page  # 1,234,567 - 1,200,000
    assert "naik 2,88%" in page  # 1,234,567 / 1,200,000 - 1 = 2.8806%
    assert "naik 2,83%" in page  # 1,234 / 1,200 - 1 = 2.8333%
    assert "40,5%" in page and "98,8%" in page and "39,5%" in page
    assert "Rp 7,7 miliar" in page
    assert "Triwulan IV 2025" in page


def test_province_comes_first(tmp_path):
    page = render(tmp_path)
    assert page.index("Provinsi Jambi") < page.index("Kab. Tanjung Jabung Timur")


def test_english(tmp_path):
    page = render(tmp_path, request=Request(lang="en"))
    assert "1,234,567" in page and "Q4 2025" in page and "IDR 7.7 billion" in page


@pytest.mark.parametrize("synthetic", [True, False])
def test_synthetic_banner(tmp_path, synthetic):
    page = render(tmp_path, synthetic=synthetic)
    assert ("DATA SINTETIS" in page) is synthetic


def test_self_contained(tmp_path):
    page = render(tmp_path)
    assert "<style>" in page and "<link" not in page and "<script" not in page
    assert 'name="viewport"' in page


def test_a_national_index_groups_the_regencies_by_province(tmp_path, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT, NATIONAL)
    reports = {code: metrics(code, name, 1000, 990, rank=rank) for code, name, rank in [
        ("32.73", "Kota Bandung", 15), ("15.71", "Kota Jambi", 7), ("32.04", "Kab. Bandung", 3),
        ("32", "Provinsi Jawa Barat", None)]}
    page = write_index(tmp_path, reports, Request()).read_text(encoding="utf-8")
    jambi, jawa_barat = "Jambi (15) · peringkat indeks", "Jawa Barat (32) · peringkat indeks"
    assert page.count(jambi) == page.count(jawa_barat) == 1
    order = [page.index(text) for text in (jambi, "Kota Jambi", jawa_barat,
                                           "Provinsi Jawa Barat", "Kab. Bandung", "Kota Bandung")]
    assert order == sorted(order)
    assert "4 laporan" in page  # the headings are not reports
    # the province's report leads its group, marked as the province's row
    assert page.count('<tr class="province">') == 1
    assert "Provinsi Jawa Barat" in page.split('<tr class="province">')[1].split("</tr>")[0]
