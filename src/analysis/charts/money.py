"""Charts of the Iuran dan anggaran section: contributions, continuity, budget realization."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts.axes import (
    MONTH_STEPS,
    RECENT_MONTHS,
    month_label_cm,
    percent_axis,
    percent_formatter,
    recent_months,
    rupiah_axis,
    set_month_axis,
    set_month_limits,
    to_months,
    window_title,
)
from analysis.charts.style import (
    CATEGORY_COLORS,
    CM,
    HOUSE_RC,
    NEUTRAL_COLOR,
    SEQUENTIAL_CMAP,
    TARGET_COLOR,
    category_name,
    describe,
    describe_spread,
    empty_figure,
    extremes,
    has_rows,
    new_figure,
    require_columns,
    right_labels,
    rows_height_cm,
    set_title,
    top_legend,
)
from analysis.inputs.dataset import CATEGORIES
from analysis.text.formatting import format_month, format_percent, format_rupiah, label
from analysis.text.messages import message

BAR_DAYS = 20
MONTH_COLUMN = re.compile(r"^\d{4}-\d{2}$")
ANNOTATED_MONTHS = 15  # up to this many heatmap columns carry a percentage in each cell
HEATMAP_MARGINS_CM = 5.0  # district names on the left and the colour bar on the right
SCALE_STEP = 0.1  # the colour scale starts at the tens of percent below the lowest value
NARROWEST_SCALE = 0.9  # ...and at 90% at most, so that 98% and 100% do not look far apart


def plot_monthly_contributions(frame: pd.DataFrame, lang: str = "id",
                               title: str | None = None,
                               months_shown: int | None = RECENT_MONTHS) -> Figure:
    """Contributions (Rupiah) by covered month, MME and PR stacked.

    ``frame``: ``month``, ``MME``, ``PR``, ``total``.  Only the last ``months_shown`` months
    are drawn (all with None); the title names them.
    """
    title = title or label("title_monthly_contributions", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["month", *CATEGORIES], "plot_monthly_contributions")
    data = frame.assign(month=to_months(frame["month"])).sort_values("month")
    data = data[recent_months(data["month"], months_shown)]
    fig, ax = new_figure("wide")
    set_title(fig, window_title(title, data["month"], lang))
    width = pd.Timedelta(days=BAR_DAYS)
    bottom = np.zeros(len(data))
    for category in CATEGORIES:
        values = data[category].fillna(0).to_numpy(dtype=float)
        ax.bar(data["month"], values, width=width, bottom=bottom,
               color=CATEGORY_COLORS[category])
        bottom += values
    top_legend(ax, [Patch(color=CATEGORY_COLORS[c]) for c in CATEGORIES],
                  [category_name(c, lang) for c in CATEGORIES])
    rupiah_axis(ax.yaxis, lang)
    set_month_axis(ax.xaxis, data["month"], lang)
    set_month_limits(ax, data["month"], width)
    ax.set_ylabel(label("contributions", lang))
    ax.set_xlabel(label("month", lang))
    months = data["month"]
    describe(fig, "monthly_contributions", lang, first=format_month(months.iloc[0], lang),
             last=format_month(months.iloc[-1], lang),
             amount=format_rupiah(bottom[-1], lang), sum=format_rupiah(bottom.sum(), lang))
    return fig


def _text_color(shade: float) -> str:
    """Black on light cells, white on dark ones (``shade``: 0..1 along the colour map)."""
    red, green, blue = to_rgb(SEQUENTIAL_CMAP(shade))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.55 else "white"


def colour_floor(values: np.ndarray) -> float:
    """Where the continuity colour scale starts: the tens of percent at or below the lowest
    value, at most ``NARROWEST_SCALE`` (0 without values)."""
    known = values[~np.isnan(values)]
    if not known.size:
        return 0.0
    floor = np.floor(known.min() / SCALE_STEP + 1e-9) * SCALE_STEP
    return float(np.clip(floor, 0.0, NARROWEST_SCALE))


def plot_continuity_heatmap(frame: pd.DataFrame, lang: str = "id",
                            title: str | None = None) -> Figure:
    """Share of villages paying, by kecamatan (rows) and month (columns), with percentages.

    ``frame``: ``district_name`` and one column per month named ``YYYY-MM`` with values
    0..1; NaN (no village to pay) is shown as a grey cell marked with a dash.  The colour
    scale runs from :func:`colour_floor` to 100%, stated beside the colour bar, so that 83%
    and 100% differ as much as the data let them.
    """
    title = title or label("title_continuity_heatmap", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["district_name"], "plot_continuity_heatmap")
    months = sorted(c for c in frame.columns if MONTH_COLUMN.match(str(c)))
    if not months:
        return empty_figure(title, lang)
    values = frame[months].to_numpy(dtype=float)
    fig, ax = new_figure("wide", height_cm=rows_height_cm(len(frame), 0.45, 3.4))
    set_title(fig, title)
    norm = Normalize(colour_floor(values), 1.0)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=SEQUENTIAL_CMAP, norm=norm,
                      aspect="auto", interpolation="nearest")
    ax.set_yticks(np.arange(len(frame)), frame["district_name"])
    axis_cm = fig.get_figwidth() / CM - HEATMAP_MARGINS_CM
    room = max(1, int(axis_cm / month_label_cm(HOUSE_RC["xtick.labelsize"])))
    step = next((s for s in MONTH_STEPS if -(-len(months) // s) <= room), 12)
    ticks = [i for i, m in enumerate(months) if (int(m[5:]) - 1) % step == 0]
    ax.set_xticks(ticks, [format_month(months[i], lang, short=True) for i in ticks])
    ax.tick_params(axis="x", length=0, labeltop=False)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if len(months) <= ANNOTATED_MONTHS:
        size = 7 if len(months) <= 8 else 6
        for (row, column), value in np.ndenumerate(values):
            text = "–" if np.isnan(value) else format_percent(value, 0, lang)
            color = "#555555" if np.isnan(value) else _text_color(norm(value))
            ax.text(column, row, text, ha="center", va="center", fontsize=size, color=color,
                    in_layout=False)  # inside its cell: the layout need not measure it
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, format=percent_formatter(lang))
    bar.outline.set_visible(False)
    bar.ax.tick_params(labelsize=7)
    scale = {"low": format_percent(norm.vmin, 0, lang), "high": format_percent(1.0, 0, lang)}
    bar.set_label(message("charts.colour_scale", lang, **scale), fontsize=7)
    ax.set_xlabel(label("month", lang))
    ax.set_ylabel(label("district", lang))
    found = extremes(frame["district_name"], values[:, -1])
    if found is not None:
        low, low_value, high, high_value = found
        describe(fig, "continuity", lang, month=format_month(months[-1], lang), low=low,
                 low_value=format_percent(low_value, 1, lang), high=high,
                 high_value=format_percent(high_value, 1, lang),
                 scale_low=scale["low"], scale_high=scale["high"])
    return fig


def plot_budget_realization(frame: pd.DataFrame, lang: str = "id",
                            title: str | None = None) -> Figure:
    """Contributions so far this year against each kecamatan's BKBK allocation, in percent.

    ``frame``: ``district_name``, ``allocation``, ``contributions_ytd`` (Rupiah) and
    ``realization`` (their ratio; NaN when nothing was allocated).
    """
    title = title or label("title_budget_realization", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    columns = ["district_name", "allocation", "contributions_ytd", "realization"]
    require_columns(frame, columns, "plot_budget_realization")
    data = frame.sort_values("realization", ascending=True, na_position="first")
    positions = np.arange(len(data))
    ratios = data["realization"].to_numpy(dtype=float)
    fig, ax = new_figure("wide", height_cm=rows_height_cm(len(data), 0.42))
    set_title(fig, title)
    ax.barh(positions, np.nan_to_num(ratios), height=0.62, color=NEUTRAL_COLOR)
    ax.axvline(1.0, color=TARGET_COLOR, linewidth=1.0, linestyle="--")
    texts = [message("charts.of_allocation", lang, ratio=format_percent(ratio, 0, lang),
                     paid=format_rupiah(paid, lang), allocated=format_rupiah(allocated, lang))
             for ratio, paid, allocated in zip(ratios, data["contributions_ytd"],
                                               data["allocation"], strict=True)]
    right_labels(ax, positions, texts)
    ax.set_xlim(0, max(1.0, float(np.nan_to_num(ratios).max())) * 1.08)
    ax.set_yticks(positions, data["district_name"])
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    percent_axis(ax.xaxis, lang)
    ax.set_xlabel(label("realization_ratio", lang))
    ax.set_ylabel(label("district", lang))
    top_legend(ax, [Line2D([], [], color=TARGET_COLOR, linestyle="--")],
                  [label("allocation_used", lang)])
    describe_spread(fig, "budget", data["district_name"], ratios, lang)
    return fig
