"""Render real reports (a regency and the province) on the demo data and read them back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from page_fill import page_content, thin_pages
from pypdf import PdfReader
from rich.console import Console
from slide_layout import CHROMIUM, slide_layout_problems

from analysis.metrics import catalog
from analysis.run import runner

pytestmark = pytest.mark.slow

REGENCY = ("15.07", "1507-kab-tanjung-jabung-timur", "Tanjung Jabung Timur")
# A regency whose reconciliation notes once filled a page of their own.
TEBO = ("15.09", "1509-kab-tebo", "Tebo")
PROVINCE = ("15", "15-provinsi-jambi", "Provinsi Jambi")
# A NIK-like number: 16 digits standing as a word. The decimals of a ratio (0.9963508322663253)
# do not count, nor 16 decimal digits inside a hex digest of the run's manifest.
SIXTEEN_DIGITS = re.compile(r"(?<![0-9A-Za-z.])\d{16}(?![0-9A-Za-z])")


def _indonesian(number: int) -> str:
    """12345 -> '12.345', written here by hand rather than with the package's formatter."""
    return f"{number:,}".replace(",", ".")


def _render(demo_dir: Path, out: Path, regencies: list[str], audience: str) -> Path:
    request = runner.ReportRequest(data=demo_dir, regencies=regencies, out=out,
                                   audience=audience, jobs=2)
    assert runner.run_reports(request, Console(record=True, width=200)) == 0
    return next(p for p in out.iterdir() if p.name != ".cache")


@pytest.fixture(scope="module")
def public_dir(demo_dir, tmp_path_factory):
    return _render(demo_dir, tmp_path_factory.mktemp("public"),
                   [REGENCY[0], TEBO[0], PROVINCE[0]], "public")


@pytest.fixture(scope="module")
def internal_dir(demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("internal")
    saved = runner.EXTRAS
    runner.EXTRAS = {}  # the workbook and slides are checked in the public run
    try:
        return _render(demo_dir, out, [REGENCY[0]], "internal")
    finally:
        runner.EXTRAS = saved


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _claims_table(html: str) -> dict[str, list[str]]:
    """Rows of the 'Klaim per kecamatan' table: district -> cell texts."""
    start = html.index("Klaim per kecamatan")
    body = html[start:html.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        rows[cells[0]] = cells[1:]
    return rows


def _claims_by_district(demo_dir: Path, regency: str, quarter: str) -> dict[str, int]:
    """Claims of a regency paid in a quarter, counted per kecamatan from the raw CSV."""
    claims = pd.read_csv(demo_dir / "claims.csv", dtype=str)
    villages = pd.read_csv(Path(__file__).parents[2] / "data" / "reference" /
                           "wilayah_jambi.csv", dtype=str)
    year, q = int(quarter[:4]), int(quarter[-1])
    paid = pd.to_datetime(claims["paid_on"])
    in_quarter = (paid.dt.year == year) & (paid.dt.quarter == q)
    codes = claims["village_code"].str.replace(".", "", regex=False)
    villages["plain"] = villages["village_code"].str.replace(".", "", regex=False)
    merged = claims[in_quarter].assign(plain=codes[in_quarter]).merge(villages, on="plain")
    merged = merged[merged["regency_code"] == regency]
    return merged.groupby("district_name").size().to_dict()


@pytest.mark.parametrize("report", [REGENCY, PROVINCE])
def test_every_file_is_written(public_dir, report):
    _, slug, _ = report
    for name in (f"{slug}.html", f"{slug}.pdf", f"{slug}.metrics.json",
                 f"executed/{slug}.ipynb"):
        assert (public_dir / name).stat().st_size > 0, name
    assert (public_dir / "manifest.json").exists()



@pytest.mark.parametrize("report", [REGENCY, PROVINCE])
def test_only_the_analysts_reload_cell_is_skipped(public_dir, report):
    cells = json.loads((public_dir / "executed" / f"{report[1]}.ipynb").read_text())["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    skipped = [cell for cell in code if cell["execution_count"] is None]
    assert ["".join(cell["source"]) for cell in skipped] == ["%load_ext autoreload\n%autoreload 2"]
    assert len(code) - len(skipped) >= 10

@pytest.mark.parametrize("report", [REGENCY, PROVINCE])
def test_html_is_self_contained_and_shows_no_code(public_dir, report):
    _, slug, name = report
    html = (public_dir / f"{slug}.html").read_text(encoding="utf-8")
    assert name in html
    for code_trace in ("jp-InputArea", "jp-InputPrompt", "In&nbsp;[", "import ",
                       "report_sections", "injected-parameters", "cache_dir"):
        assert code_trace not in html, code_trace
    assert "data:image/png;base64," in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert re.search(r'<meta[^>]*name="viewport"', html)
    assert "DATA SINTETIS" in html


@pytest.mark.parametrize("report", [REGENCY, PROVINCE])
def test_pdf_holds_name_headline_and_marks_on_every_page(public_dir, report):
    _, slug, name = report
    metrics = json.loads((public_dir / f"{slug}.metrics.json").read_text())
    pages = _pdf_pages(public_dir / f"{slug}.pdf")
    assert len(pages) > 3
    text = "\n".join(pages)
    assert name in text
    assert _indonesian(metrics["active"]["total"]) in text
    for number, page in enumerate(pages, start=1):
        assert "DATA SINTETIS" in page, f"page {number}"
        assert f"Halaman {number} dari {len(pages)}" in page
        assert "INTERNAL" not in page


def test_page_fill_measures_text_and_images(public_dir):
    reader = PdfReader(public_dir / f"{PROVINCE[1]}.pdf")
    words, extents = page_content(reader, reader.pages[0])
    assert words > 100  # the title block, the key figures and the first sentences
    images = [extent for extent in extents if extent[1] - extent[0] > 100]
    assert images == [], "the first page holds no chart"
    words, extents = page_content(reader, reader.pages[1])
    assert max(bottom - top for top, bottom in extents) > 150  # the first chart


def test_no_report_page_is_nearly_empty(public_dir, internal_dir):
    reports = [path for folder in (public_dir, internal_dir) for path in folder.glob("*.pdf")
               if path.name != "slides.pdf"]
    assert len(reports) == 4  # every report this module renders, public and internal
    assert [page for path in reports for page in thin_pages(path)] == []


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_demo_slides_overflow_nowhere(public_dir):
    assert slide_layout_problems(public_dir / "slides.html") == []


def _page_body(html: str) -> str:
    """The visible text of a page's body."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", html[html.index("<body"):], flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_plain_nbconvert_gives_the_same_page(public_dir, tmp_path):
    _, slug, _ = REGENCY
    templates = Path(runner.__file__).parents[1] / "outputs" / "templates"
    tags = [f"--TagRemovePreprocessor.remove_cell_tags={tag}"
            for tag in ("parameters", "injected-parameters", "remove-cell")]
    subprocess.run([Path(sys.executable).with_name("jupyter"), "nbconvert",
                    str(public_dir / "executed" / f"{slug}.ipynb"), "--to", "html", "--no-input",
                    "--no-prompt", "--template", "bkbk_report",
                    f"--TemplateExporter.extra_template_basedirs={templates}",
                    "--TagRemovePreprocessor.enabled=True", *tags, "--output-dir", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    plain = (tmp_path / f"{slug}.html").read_text(encoding="utf-8")
    assert _page_body(plain) == _page_body((public_dir / f"{slug}.html").read_text())
    assert "report.css" not in plain and ".bkbk-table-wrap {" in plain  # the stylesheet, inlined
    assert not re.search(r'(?:src|href)="(?:https?:)?//', plain)


def test_every_metrics_json_matches_the_catalog_schema(public_dir, internal_dir):
    validator = catalog.metrics_validator()
    written = [*public_dir.glob("*.metrics.json"), *internal_dir.glob("*.metrics.json")]
    assert len(written) == 4
    for path in written:
        validator.validate(json.loads(path.read_text(encoding="utf-8")))


def test_no_sixteen_digit_number_anywhere(public_dir, internal_dir):
    for folder in (public_dir, internal_dir):
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".json", ".ipynb"):
                text = path.read_text(encoding="utf-8")
            elif path.suffix == ".pdf":
                text = "\n".join(_pdf_pages(path))
            else:
                continue
            assert not SIXTEEN_DIGITS.search(text), path


def test_public_report_suppresses_small_claim_counts(public_dir, demo_dir):
    _, slug, _ = REGENCY
    metrics = json.loads((public_dir / f"{slug}.metrics.json").read_text())
    expected = _claims_by_district(demo_dir, REGENCY[0], metrics["period"])
    assert any(1 <= n < 5 for n in expected.values())
    rows = _claims_table((public_dir / f"{slug}.html").read_text(encoding="utf-8"))
    for district, count in expected.items():
        shown = rows[district][0]
        if 1 <= count < 5:
            assert shown == "x", district
        else:
            assert shown in (_indonesian(count), "x"), district
    assert (public_dir / "disclosure.json").exists()


def test_internal_report_shows_every_count_and_says_so(internal_dir, demo_dir):
    _, slug, _ = REGENCY
    metrics = json.loads((internal_dir / f"{slug}.metrics.json").read_text())
    expected = _claims_by_district(demo_dir, REGENCY[0], metrics["period"])
    html = (internal_dir / f"{slug}.html").read_text(encoding="utf-8")
    rows = _claims_table(html)
    for district, count in expected.items():
        assert rows[district][0] == _indonesian(count), district
    assert all("x" not in cells for cells in rows.values())
    assert "INTERNAL" in html
    pages = _pdf_pages(internal_dir / f"{slug}.pdf")
    for number, page in enumerate(pages, start=1):
        assert "INTERNAL" in page, f"page {number}"


def test_each_report_explains_the_index_once(public_dir):
    # The province report explained it under its ranking and again in its notes.
    for _, slug, _ in (REGENCY, PROVINCE):
        html = (public_dir / f"{slug}.html").read_text(encoding="utf-8")
        assert html.count("Setiap komponen indeks") == 1, slug
