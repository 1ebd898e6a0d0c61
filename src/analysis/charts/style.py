"""The house style shared by every chart: fonts, sizes for A4, one colour palette, figures.

Figures are sized in centimetres as printed: a "wide" chart fills the 16-17 cm text width of
an A4 page at its natural size, so the 8 pt text is printed at 8 pt.  Colours come from the
Okabe-Ito palette (safe for the common colour-vision deficiencies); MME and PR keep their
colours in every chart.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from analysis.text.formatting import format_percent, is_missing, label
from analysis.text.messages import message

CM = 1 / 2.54  # inches per centimetre

CATEGORY_COLORS = {"MME": "#0072B2", "PR": "#E69F00", "total": "#333333"}
PROGRAM_COLORS = {"JKK": "#009E73", "JKM": "#CC79A7"}
HIGHLIGHT_COLOR = "#D55E00"  # this regency
OTHER_COLOR = "#BDBDBD"  # the other regencies
NEUTRAL_COLOR = "#5F7A8C"  # a single series that is neither a category nor a programme
REFERENCE_COLOR = "#666666"  # the province, targets and other reference marks
TARGET_COLOR = "#B2182B"  # the 100% target line
MISSING_COLOR = "#EEEEEE"  # heatmap cells without a value
SEQUENTIAL_CMAP = LinearSegmentedColormap.from_list(
    "bkbk_sequential", ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]
).with_extremes(bad=MISSING_COLOR)

FIGURE_SIZES_CM = {"wide": (16.5, 8.0), "half": (8.0, 7.0), "square": (12.0, 12.0)}

# seaborn's "paper" context and "ticks" style where the house style below does not set its
# own value, written out so that a report kernel does not import seaborn (and scipy.stats)
# for a theme: 1.1 s of every cold notebook.
PAPER_TICKS_RC = {
    "lines.markersize": 4.8,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "patch.linewidth": 0.8,
    "text.color": ".15",
    "xtick.major.width": 1.0,
    "xtick.minor.size": 3.2,
    "xtick.minor.width": 0.8,
    "ytick.major.width": 1.0,
    "ytick.minor.size": 3.2,
    "ytick.minor.width": 0.8,
}

HOUSE_RC = {
    **PAPER_TICKS_RC,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8,
    "axes.labelcolor": "#333333",
    "axes.edgecolor": "#888888",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "axes.formatter.use_locale": False,
    "axes.prop_cycle": mpl.cycler(color=["#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                         "#56B4E9", "#D55E00", "#F0E442", "#333333"]),
    "grid.color": "#E3E3E3",
    "grid.linewidth": 0.5,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "xtick.major.size": 3,
    "ytick.major.size": 0,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "legend.title_fontsize": 7.5,
    "lines.linewidth": 1.6,
    "figure.titlesize": 10,
    "figure.titleweight": "bold",
    "figure.dpi": 150,
    "figure.facecolor": "white",
    "figure.constrained_layout.use": True,
    "savefig.dpi": 150,
    "savefig.facecolor": "white",
    "svg.fonttype": "path",
    "svg.hashsalt": "bkbk",
    "pdf.fonttype": 42,
    "image.cmap": "bkbk_sequential",
}


class ReportFigure(Figure):
    """A figure that shows itself in notebooks (SVG, with PNG as fallback) without pyplot.

    Charts are made without pyplot so that batch rendering keeps no figure alive and a
    notebook cell shows a returned chart once.  ``alt_text`` is the chart's main finding in
    one sentence, for readers who cannot see it.
    """

    alt_text = ""

    def _render(self, fmt: str) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        return buffer.getvalue()

    def _repr_svg_(self) -> str:
        return self._render("svg").decode("utf-8")

    def _repr_png_(self) -> bytes:
        return self._render("png")


def apply_house_style() -> None:
    """Set the matplotlib rcParams of the house style (idempotent)."""
    if "bkbk_sequential" not in mpl.colormaps:
        mpl.colormaps.register(SEQUENTIAL_CMAP)
    mpl.rcParams.update(HOUSE_RC)


def new_figure(kind: str = "wide", height_cm: float | None = None, **subplots):
    """A figure sized for A4 and its axes: ``(fig, ax)`` (an array of axes with ``nrows``).

    ``kind`` is ``"wide"`` (16.5 x 8 cm, the full text width), ``"half"`` (8 x 7 cm, two
    side by side) or ``"square"`` (12 x 12 cm); ``height_cm`` overrides the height.
    """
    if kind not in FIGURE_SIZES_CM:
        raise ValueError(f"unknown figure kind {kind!r}; expected {sorted(FIGURE_SIZES_CM)}")
    apply_house_style()
    width, height = FIGURE_SIZES_CM[kind]
    fig = ReportFigure(figsize=(width * CM, (height_cm or height) * CM), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.subplots(**subplots)
    return fig, ax


def set_title(fig: Figure, title: str) -> None:
    """The figure's title, left-aligned and wrapped to the figure width."""
    width_cm = fig.get_figwidth() / CM
    wrapped = textwrap.fill(title, width=max(30, int(width_cm * 5.3)))
    fig.suptitle(wrapped, x=0.01, ha="left")


def category_name(code: str, lang: str) -> str:
    """A category as shown in legends: ``Masyarakat Miskin Ekstrem (MME)``, ``Total``."""
    name = label(code, lang)
    return name if code == "total" else f"{name} ({code})"


def describe(fig: Figure, key: str, lang: str, /, **values: str) -> None:
    """Set the chart's alt text from the message ``charts.<key>`` filled with ``values``."""
    fig.alt_text = message(f"charts.{key}", lang, **values)


def extremes(names, values) -> tuple[str, float, str, float] | None:
    """The name and value of the lowest and of the highest known value (None if none)."""
    known = [(float(v), n) for n, v in zip(names, values, strict=True) if not is_missing(v)]
    if not known:
        return None
    (low_value, low), (high_value, high) = min(known), max(known)
    return low, low_value, high, high_value


def describe_spread(fig: Figure, key: str, names: pd.Series, ratios, lang: str,
                    overall: float | None = None) -> None:
    """Alt text naming the areas with the lowest and the highest ratio (and the overall one
    when given, with the ``<key>_overall`` message)."""
    found = extremes([short_regency_name(n) for n in names], ratios)
    if found is None:
        return
    low, low_value, high, high_value = found
    if low == high:
        describe(fig, "single", lang, name=low, value=format_percent(low_value, 1, lang))
        return
    values = {"low": low, "low_value": format_percent(low_value, 1, lang), "high": high,
              "high_value": format_percent(high_value, 1, lang)}
    if overall is None:
        describe(fig, key, lang, **values)
    else:
        describe(fig, f"{key}_overall", lang, **values,
                 overall=format_percent(overall, 1, lang))


def empty_figure(title: str, lang: str, kind: str = "wide") -> Figure:
    """A figure with the title and a centred "no data" message."""
    fig, ax = new_figure(kind)
    set_title(fig, title)
    fig.alt_text = label("no_data", lang)
    ax.set_axis_off()
    ax.text(0.5, 0.5, label("no_data", lang), ha="center", va="center",
            transform=ax.transAxes, fontsize=9, color=REFERENCE_COLOR)
    return fig


def top_legend(ax: Axes, handles, labels, ncols: int | None = None) -> None:
    """A legend in one row between the title and the axes (the layout makes room for it),
    starting at the figure's left edge like the title, so that long row names left of the
    axes do not push it out of the figure."""
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.01, 1.01),
              bbox_transform=blended_transform_factory(ax.figure.transFigure, ax.transAxes),
              ncols=ncols or len(labels), borderaxespad=0, frameon=False,
              handlelength=1.4, columnspacing=1.2)


def has_rows(frame: pd.DataFrame | None) -> bool:
    """True when there is something to draw."""
    return frame is not None and not frame.empty


def require_columns(frame: pd.DataFrame, columns: list[str], chart: str) -> None:
    """Raise a ValueError naming the columns a chart needs and the frame lacks."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{chart}: missing column(s) {', '.join(missing)}")


def in_columns(data: pd.DataFrame,
               columns: int) -> tuple[list[tuple[pd.DataFrame, np.ndarray]], int]:
    """Rows sorted lowest first, set in ``columns`` columns read down the first and then the
    next (the highest row on top of the first): each column's rows (lowest first) with their
    y positions, top-aligned, and the rows a column holds."""
    chunks = np.array_split(np.arange(len(data))[::-1], columns)
    rows = len(chunks[0])
    return [(data.iloc[chunk[::-1]], np.arange(len(chunk)) + rows - len(chunk))
            for chunk in chunks], rows


def rows_height_cm(rows: int, per_row_cm: float = 0.5, base_cm: float = 3.2) -> float:
    """Height of a chart with one band per row (horizontal bars, heatmap rows)."""
    return base_cm + per_row_cm * max(rows, 1)


def short_regency_name(name: str) -> str:
    """``Kab. Tanjung Jabung Timur`` -> ``Tanjung Jabung Timur``; ``Kota Jambi`` stays."""
    for prefix in ("Kab. ", "Kabupaten "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def right_labels(ax: Axes, positions, texts: list[str]) -> None:
    """A column of value labels right of the plot, one per horizontal bar."""
    side = ax.secondary_yaxis("right")
    side.set_yticks(positions, texts)
    side.tick_params(length=0, labelsize=7, labelcolor="#333333")
    side.spines["right"].set_visible(False)
