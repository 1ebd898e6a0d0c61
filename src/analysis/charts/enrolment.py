"""Charts of the Kepesertaan section: active participants, new and exits, attainment."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts.axes import (
    abs_thousands_formatter,
    count_axis,
    percent_axis,
    set_month_axis,
    set_month_limits,
    to_months,
)
from analysis.charts.style import (
    CATEGORY_COLORS,
    TARGET_COLOR,
    category_name,
    empty_figure,
    has_rows,
    new_figure,
    require_columns,
    rows_height_cm,
    set_title,
    top_legend,
)
from analysis.inputs.dataset import CATEGORIES
from analysis.text.formatting import label

BAR_DAYS = 20  # width of a monthly bar on a date axis


def plot_monthly_active(frame: pd.DataFrame, lang: str = "id",
                        title: str | None = None) -> Figure:
    """Active participants at each month's end, MME and PR stacked, the total as a line.

    ``frame``: ``month``, ``MME``, ``PR``, ``total``.
    """
    title = title or label("title_monthly_active", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["month", *CATEGORIES, "total"], "plot_monthly_active")
    data = frame.assign(month=to_months(frame["month"])).sort_values("month")
    fig, ax = new_figure("wide")
    set_title(fig, title)
    values = [data[c].fillna(0).to_numpy(dtype=float) for c in CATEGORIES]
    ax.stackplot(data["month"], *values, colors=[CATEGORY_COLORS[c] for c in CATEGORIES],
                 alpha=0.85, linewidth=0)
    ax.plot(data["month"], data["total"], color=CATEGORY_COLORS["total"])
    handles = [Patch(color=CATEGORY_COLORS[c], alpha=0.85) for c in CATEGORIES]
    handles.append(Line2D([], [], color=CATEGORY_COLORS["total"]))
    top_legend(ax, handles, [category_name(c, lang) for c in (*CATEGORIES, "total")])
    ax.set_ylim(bottom=0)
    set_month_limits(ax, data["month"])
    count_axis(ax.yaxis, lang)
    set_month_axis(ax.xaxis, data["month"], lang)
    ax.set_ylabel(label("active", lang))
    ax.set_xlabel(label("month", lang))
    return fig


def plot_monthly_flows(frame: pd.DataFrame, lang: str = "id", title: str | None = None) -> Figure:
    """New participants (bars up) and exits (bars down) by month, MME and PR stacked.

    ``frame``: ``month``, ``category``, ``new``, ``exits`` (one row per month and category).
    """
    title = title or label("title_monthly_flows", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["month", "category", "new", "exits"], "plot_monthly_flows")
    data = frame.assign(month=to_months(frame["month"]))
    months = pd.DatetimeIndex(sorted(data["month"].unique()))
    fig, ax = new_figure("wide")
    set_title(fig, title)
    width = pd.Timedelta(days=BAR_DAYS)
    up = np.zeros(len(months))
    down = np.zeros(len(months))
    for category in CATEGORIES:
        rows = data[data["category"] == category].groupby("month")[["new", "exits"]].sum()
        rows = rows.reindex(months, fill_value=0)
        new = rows["new"].to_numpy(dtype=float)
        exits = rows["exits"].to_numpy(dtype=float)
        color = CATEGORY_COLORS[category]
        ax.bar(months, new, width=width, bottom=up, color=color)
        ax.bar(months, -exits, width=width, bottom=-down, color=color, alpha=0.45,
               hatch="////", edgecolor="white", linewidth=0)
        up += new
        down += exits
    ax.axhline(0, color="#555555", linewidth=0.8)
    top = max(up.max(), down.max(), 1) * 1.12
    ax.set_ylim(-max(down.max(), top * 0.15) * 1.12, top)
    handles = [Patch(color=CATEGORY_COLORS[c]) for c in CATEGORIES]
    handles.append(Patch(facecolor="#999999", alpha=0.45, hatch="////", edgecolor="white"))
    names = [category_name(c, lang) for c in CATEGORIES] + [label("exits", lang)]
    top_legend(ax, handles, names)
    count_axis(ax.yaxis, lang)
    ax.yaxis.set_major_formatter(abs_thousands_formatter(lang))
    set_month_axis(ax.xaxis, months, lang)
    set_month_limits(ax, months, width)
    arrows = {"id": ("▲ baru", "▼ keluar"), "en": ("▲ new", "▼ exits")}[lang]
    ax.set_ylabel(f"{label('participants', lang)}: {arrows[1]} / {arrows[0]}")
    ax.set_xlabel(label("month", lang))
    return fig


def plot_attainment_by_district(frame: pd.DataFrame, lang: str = "id",
                                title: str | None = None) -> Figure:
    """Attainment of the village targets per kecamatan: MME and PR bars, total as a marker.

    ``frame``: ``district_name``, ``attainment_MME``, ``attainment_PR``, ``attainment_total``
    (ratios; NaN where no target applies).  Sorted with the highest total attainment on top.
    """
    title = title or label("title_attainment_by_district", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    columns = ["attainment_MME", "attainment_PR", "attainment_total"]
    require_columns(frame, ["district_name", *columns], "plot_attainment_by_district")
    data = frame.sort_values("attainment_total", ascending=True, na_position="first")
    positions = np.arange(len(data))
    fig, ax = new_figure("wide", height_cm=rows_height_cm(len(data)))
    set_title(fig, title)
    bar = 0.38
    for offset, category in ((bar / 2, "MME"), (-bar / 2, "PR")):
        ax.barh(positions + offset, data[f"attainment_{category}"].fillna(0), height=bar,
                color=CATEGORY_COLORS[category])
    ax.scatter(data["attainment_total"], positions, marker="D", s=14, zorder=3,
               color=CATEGORY_COLORS["total"])
    ax.axvline(1.0, color=TARGET_COLOR, linewidth=1.0, linestyle="--")
    ax.set_yticks(positions, data["district_name"])
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlim(0, max(1.1, float(np.nan_to_num(data[columns].to_numpy(dtype=float)).max()) * 1.05))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    percent_axis(ax.xaxis, lang)
    ax.set_xlabel(label("attainment", lang))
    ax.set_ylabel(label("district", lang))
    handles = [Patch(color=CATEGORY_COLORS[c]) for c in CATEGORIES]
    handles += [Line2D([], [], marker="D", linestyle="", markersize=4,
                       color=CATEGORY_COLORS["total"]),
                Line2D([], [], color=TARGET_COLOR, linestyle="--")]
    names = [category_name(c, lang) for c in (*CATEGORIES, "total")]
    top_legend(ax, handles, names + [label("attainment_target", lang)])
    return fig
