"""How much of each PDF report page is filled, from its words and drawn images."""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream

# The text area of an A4 report page (outputs/pdf.py: margins 20 mm top, 18 mm bottom), in
# points from the top edge; the running header and the page number sit outside it.
POINTS_PER_MM = 72 / 25.4
TEXT_AREA = (20 * POINTS_PER_MM, 841.89 - 18 * POINTS_PER_MM)
LEAST_FILL = 0.15


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF transformation matrices (a then b)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def page_content(reader: PdfReader, page: PageObject) -> tuple[int, list[tuple[float, float]]]:
    """Words in the page's text area and the vertical extent (top, bottom, in points from the
    top edge) of every line of text there and of every image drawn on the page."""
    height = float(page.mediabox.height)
    words, extents = 0, []

    def visit(text, cm, tm, font, size):
        nonlocal words
        top = height - _times(tm, cm)[5]
        if text.strip() and TEXT_AREA[0] < top < TEXT_AREA[1]:
            words += len(text.split())
            extents.append((top - size, top))

    page.extract_text(visitor_text=visit)
    images = page["/Resources"].get("/XObject", {})
    saved, matrix = [], [1.0, 0, 0, 1.0, 0, 0]
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            matrix = _times([float(x) for x in operands], matrix)
        elif operator == b"Do" and images[operands[0]].get_object()["/Subtype"] == "/Image":
            edges = sorted((height - matrix[5], height - matrix[5] - matrix[3]))
            extents.append((edges[0], edges[1]))
    return words, extents


def page_fills(path: Path) -> list[tuple[float, int]]:
    """Each page's filled share of the text area (first line or image to the last) and its
    word count."""
    reader = PdfReader(path)
    text_height = TEXT_AREA[1] - TEXT_AREA[0]
    fills = []
    for page in reader.pages:
        words, extents = page_content(reader, page)
        filled = ((max(b for _, b in extents) - min(t for t, _ in extents)) / text_height
                  if extents else 0.0)
        fills.append((filled, words))
    return fills


def thin_pages(path: Path) -> list[str]:
    """The pages of a report filled less than ``LEAST_FILL``, described."""
    return [f"{path.name} page {number}: {filled:.0%} of the page filled ({words} words)"
            for number, (filled, words) in enumerate(page_fills(path), start=1)
            if filled < LEAST_FILL]
