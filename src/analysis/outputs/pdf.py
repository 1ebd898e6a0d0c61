"""HTML report -> A4 PDF with WeasyPrint (no LaTeX, no browser).

The PDF is printed from the same HTML as the web page; this module adds the page rules:
A4 margins, a running header (programme, regency, quarter), page numbers in the footer
("Halaman 3 dari 12"), a "DATA SINTETIS" mark on every page when the data are synthetic and
an "INTERNAL" mark on every page of unsuppressed reports.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_WORDS = {
    "id": ("Halaman ", " dari "),
    "en": ("Page ", " of "),
}
SYNTHETIC_MARK = {"id": "DATA SINTETIS", "en": "DATA SINTETIS (SYNTHETIC DATA)"}
INTERNAL_MARK = {
    "id": "INTERNAL - tanpa sensor sel kecil, tidak untuk publikasi",
    "en": "INTERNAL - small cells not suppressed, not for publication",
}


@dataclass(frozen=True)
class PageInfo:
    """What every page of a report carries besides its content."""

    header: str
    lang: str = "id"
    synthetic: bool = False
    internal: bool = False


def _css_string(text: str) -> str:
    """A CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_css(info: PageInfo) -> str:
    """The @page rules for a report."""
    page, of = PAGE_WORDS.get(info.lang, PAGE_WORDS["id"])
    synthetic = SYNTHETIC_MARK.get(info.lang, SYNTHETIC_MARK["id"]) if info.synthetic else ""
    internal = INTERNAL_MARK.get(info.lang, INTERNAL_MARK["id"]) if info.internal else ""
    return f"""
@page {{
  size: A4;
  margin: 20mm 16mm 18mm 16mm;
  font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
  @top-left {{
    content: {_css_string(info.header)};
    font-size: 7.5pt; color: #5b6770; vertical-align: bottom; padding-bottom: 3mm;
  }}
  @top-right {{
    content: {_css_string(synthetic)};
    font-size: 8pt; font-weight: bold; color: #b42318; vertical-align: bottom;
    padding-bottom: 3mm;
  }}
  @bottom-left {{
    content: {_css_string(internal)};
    font-size: 7.5pt; font-weight: bold; color: #8a4b00; vertical-align: top; padding-top: 3mm;
  }}
  @bottom-right {{
    content: {_css_string(page)} counter(page) {_css_string(of)} counter(pages);
    font-size: 7.5pt; color: #5b6770; vertical-align: top; padding-top: 3mm;
  }}
}}
"""


def html_to_pdf(html: str, info: PageInfo) -> bytes:
    """Print a report page to PDF bytes."""
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=page_css(info))])
