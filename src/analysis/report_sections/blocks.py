"""HTML building blocks of the report pages: headings, narrative, key figures, tables, charts.

Blocks are HTML fragments styled by ``templates/bkbk_report/report.css`` (class names start
with ``bkbk-``); the summary cards carry their own stylesheet, ``cards.css``, so that they
look the same in JupyterLab. Text is escaped here; numbers are formatted the report's way
before they reach a table. Charts are embedded as PNG at ``FIGURE_DPI`` (150 dpi), sized in
centimetres as the chart module drew them, so they print at their natural size at that
resolution, and described by their finding (``alt_text``).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from analysis.text.formatting import (
    format_date,
    format_decimal,
    format_month,
    format_number,
    format_percent,
    format_rupiah,
    is_missing,
)

FIGURE_DPI = 150
PNG_COMPRESS_LEVEL = 3  # zlib: within 1% of the default level's size, 3/4 of its time
TEXT_COLUMN_CHARS = 28  # a text column wider than this wraps
MIN_COLUMN_CHARS = 4
HEADER_CHAR_WIDTH = 1.2  # bold header letters are wider than the digits of the cells
# Digits of the printed table text (7.5 pt DejaVu Sans, 0.636 em each) across the A4 text
# column (178 mm): where a table's columns ask for more, its text columns wrap sooner.
PRINT_WIDTH_CHARS = 105
CM_PER_INCH = 2.54
CARDS_CSS = Path(__file__).with_name("cards.css")


def page(*fragments: str) -> HTML:
    """Fragments joined into one displayed HTML output."""
    return HTML("\n".join(f for f in fragments if f))


def heading(text: str, level: int = 2, css_class: str = "") -> str:
    """``<h2>`` (or another level) with optional classes."""
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<h{level}{attribute}>{escape(text)}</h{level}>"


def paragraphs(sentences: Iterable[str]) -> str:
    """The narrative: a paragraph per non-empty sentence."""
    paragraphs = "".join(f"<p>{escape(s)}</p>" for s in sentences if s)
    return f'<div class="bkbk-narrative">{paragraphs}</div>' if paragraphs else ""


def note(text: str) -> str:
    """A small explanatory note."""
    return f'<p class="bkbk-note">{escape(text)}</p>' if text else ""


def banner(title: str, detail: str, kind: str) -> str:
    """A coloured banner (``kind``: ``synthetic`` or ``internal``)."""
    return (f'<div class="bkbk-banner bkbk-banner-{kind}">{escape(title)}'
            f"<span>{escape(detail)}</span></div>")


def definitions(items: Iterable[tuple[str, str]]) -> str:
    """A list of terms and their definitions."""
    rows = "".join(f"<li><strong>{escape(term)}</strong>: {escape(text)}</li>"
                   for term, text in items)
    return f"<ul>{rows}</ul>"


def bullet_list(items: Iterable[str]) -> str:
    """A plain bulleted list."""
    rows = "".join(f"<li>{escape(item)}</li>" for item in items if item)
    return f"<ul>{rows}</ul>" if rows else ""


@dataclass(frozen=True)
class KeyFigure:
    """One card of the summary: a label, the value and a note (e.g. the change)."""

    label: str
    value: str
    note: str = ""
    direction: int = 0  # 1 up, -1 down, 0 neutral (colours the note)


@cache
def cards_css() -> str:
    """The stylesheet of the summary cards, without its comments."""
    css = re.sub(r"/\*.*?\*/", "", CARDS_CSS.read_text(encoding="utf-8"), flags=re.S)
    return css.strip()


def key_figures(cards: Sequence[KeyFigure]) -> str:
    """The grid of summary cards, with their stylesheet."""
    classes = {1: " up", -1: " down", 0: ""}
    body = "".join(
        f'<div class="bkbk-kpi"><div class="bkbk-kpi-label">{escape(card.label)}</div>'
        f'<div class="bkbk-kpi-value">{escape(card.value)}</div>'
        f'<div class="bkbk-kpi-change{classes[card.direction]}">{escape(card.note)}</div></div>'
        for card in cards
    )
    return f'<style>{cards_css()}</style><div class="bkbk-kpis">{body}</div>'


def png_bytes(fig: Figure, dpi: int = FIGURE_DPI) -> bytes:
    """The chart as an opaque RGB PNG.

    Drawn once on an Agg canvas (``savefig`` would lay the figure out in an extra draw) and
    saved without an alpha channel, which the PDF renderer would otherwise split off and
    compress again for every chart.
    """
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    size = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", size, canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def alt_text(fig: Figure, caption: str = "") -> str:
    """A chart's alt text: its title and the sentence stating its main finding."""
    title = " ".join((fig.get_suptitle() or caption).split())
    finding = getattr(fig, "alt_text", "")
    return f"{title}. {finding}" if title and finding else title or finding


def figure(fig: Figure, caption: str = "") -> str:
    """A chart as an embedded PNG at its drawn size."""
    png = png_bytes(fig)
    width_cm = fig.get_figwidth() * CM_PER_INCH
    data = base64.b64encode(png).decode("ascii")
    text = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="bkbk-figure"><img src="data:image/png;base64,{data}" '
            f'alt="{escape(alt_text(fig, caption))}" style="width: {width_cm:.2f}cm">'
            f"{text}</figure>")


# A table of at most this many rows is printed on one page (about a third of an A4 page).
SHORT_TABLE_ROWS = 15


@dataclass(frozen=True)
class Column:
    """A table column: the frame's column, its header and how its values are written.

    kind: ``text``, ``int``, ``percent``, ``rupiah``, ``decimal``, ``date`` or ``month``.
    A value that is already text (e.g. ``<5`` after disclosure control) is shown as it is.
    """

    key: str
    header: str
    kind: str = "text"


def format_value(value: object, kind: str, lang: str) -> str:
    """One table cell."""
    if isinstance(value, str) and kind != "text":
        return value
    if kind == "text":
        return "" if is_missing(value) else str(value)
    formatters = {
        "int": lambda v: format_number(v, lang),
        "percent": lambda v: format_percent(v, digits=1, lang=lang),
        "rupiah": lambda v: format_rupiah(v, lang),
        "decimal": lambda v: format_decimal(v, digits=1, lang=lang),
        "date": lambda v: format_date(v, lang),
        "month": lambda v: format_month(v, lang),
    }
    return formatters[kind](value)


def _column_widths(header: list[str], rows: list[list[str]], numeric: list[bool]) -> list[float]:
    """Relative column widths from the text they hold (longest header word, longest cell).

    Given to the table as ``<col>`` widths so that printing can use the fixed table layout
    (much faster than measuring every cell) and still size columns to their content. Where
    they ask for more than the printed page holds, the text columns wrap sooner, so that no
    number or header word is broken.
    """
    widths, narrowest = [], []
    for index, title in enumerate(header):
        cells = [row[index] for row in rows]
        longest = max((len(cell) for cell in cells), default=0)
        word = HEADER_CHAR_WIDTH * max((len(part) for part in title.split()), default=0)
        if not numeric[index]:
            longest = min(longest, TEXT_COLUMN_CHARS)
        widths.append(max(longest, word, MIN_COLUMN_CHARS) + 2)
        # a number or a header word never breaks; a text cell wraps between its words
        narrowest.append(widths[-1] if numeric[index] else max(word, MIN_COLUMN_CHARS) + 2)
    spare = [width - least for width, least in zip(widths, narrowest, strict=True)]
    excess = min(sum(widths) - PRINT_WIDTH_CHARS, sum(spare))
    if excess > 0:  # the text columns give up room in proportion to what they can spare
        widths = [width - excess * room / sum(spare)
                  for width, room in zip(widths, spare, strict=True)]
    total = sum(widths)
    return [100 * width / total for width in widths]


def table(frame: pd.DataFrame, columns: Sequence[Column], lang: str, caption: str = "",
          total_rows: int = 0) -> str:
    """A formatted HTML table; the last ``total_rows`` rows are styled as totals."""
    numeric = [c.kind not in ("text", "date", "month") for c in columns]
    header = [c.header for c in columns]
    rows = [[format_value(record[c.key], c.kind, lang) for c in columns]
            for record in frame.to_dict("records")]
    widths = _column_widths(header, rows, numeric)
    cls = {True: " class=num", False: ""}
    cols = "".join(f'<col style="width: {width:.1f}%">' for width in widths)
    head = "".join(f'<th{cls[n]} scope="col">{escape(h)}</th>'
                   for h, n in zip(header, numeric, strict=True))
    body = []
    for position, row in enumerate(rows):
        cells = "".join(f"<td{cls[n]}>{escape(text)}</td>"
                        for text, n in zip(row, numeric, strict=True))
        total = position >= len(rows) - total_rows
        body.append(f'<tr{" class=total" if total else ""}>{cells}</tr>')
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    kind = " bkbk-table-short" if len(rows) <= SHORT_TABLE_ROWS else ""
    return (f'<div class="bkbk-table-wrap{kind}"><table class="bkbk-table">{title}'
            f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")
