"""Charts of the Kepesertaan section: active participants, new and exits, attainment."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts.axes import (
    RECENT_MONTHS,
    abs_thousands_formatter,
    count_axis,
    percent_axis,
    ratio_limits,
    recent_months,
    set_month_axis,
    set_month_limits,
    to_months,
    window_title,
)
from analysis.charts.style import (
    CATEGORY_COLORS,
    OTHER_COLOR,
    TARGET_COLOR,
    category_name,
    describe,
    describe_spread,
    empty_figure,
    has_rows,
    in_columns,
    new_figure,
    require_columns,
    rows_height_cm,
    set_title,
    top_legend,
)
from analysis.inputs.dataset import CATEGORIES
from analysis.text.formatting import format_month, format_number, label
from analysis.text.messages import message

BAR_DAYS = 20  # width of a monthly bar on a date axis
CATEGORY_OFFSETS = {"MME": 0.17, "PR": -0.17}  # MME and PR dots above and below the total


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
    last, peak = data.iloc[-1], data.loc[data["total"].idxmax()]
    describe(fig, "monthly_active", lang, month=format_month(last["month"], lang),
             total=format_number(last["total"], lang), mme=format_number(last["MME"], lang),
             pr=format_number(last["PR"], lang), peak=format_number(peak["total"], lang),
             peak_month=format_month(peak["month"], lang))
    return fig


def plot_monthly_flows(frame: pd.DataFrame, lang: str = "id", title: str | None = None,
                       months_shown: int | None = RECENT_MONTHS) -> Figure:
    """New participants (bars up) and exits (bars down) by month, MME and PR stacked.

    ``frame``: ``month``, ``category``, ``new``, ``exits`` (one row per month and category).
    Only the last ``months_shown`` months are drawn (all with None), so that the quarter is
    seen against the months before it rather than against the programme's first enrolments;
    the title names the months.
    """
    title = title or label("title_monthly_flows", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["month", "category", "new", "exits"], "plot_monthly_flows")
    data = frame.assign(month=to_months(frame["month"]))
    data = data[recent_months(data["month"], months_shown)]
    months = pd.DatetimeIndex(sorted(data["month"].unique()))
    fig, ax = new_figure("wide")
    set_title(fig, window_title(title, data["month"], lang))
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
    ax.set_ylabel(message("charts.flows_axis", lang, participants=label("participants", lang)))
    ax.set_xlabel(label("month", lang))
    busiest = int(np.argmax(up))
    describe(fig, "monthly_flows", lang, first=format_month(months[0], lang),
             last=format_month(months[-1], lang), new=format_number(up.sum(), lang),
             exits=format_number(down.sum(), lang),
             busiest=format_month(months[busiest], lang),
             busiest_new=format_number(up[busiest], lang))
    return fig


def plot_attainment_by_district(frame: pd.DataFrame, lang: str = "id",
                                title: str | None = None,
                                overall: float | None = None, columns: int = 1) -> Figure:
    """Attainment of the village targets per kecamatan: MME and PR dots, the total as a
    diamond on a stem from the 100% target.

    ``frame``: ``district_name``, ``attainment_MME``, ``attainment_PR``, ``attainment_total``
    (ratios; NaN where no target applies).  Sorted with the highest total attainment on top.
    Points, not bars: the axis spans the data and the target, so that 97% and 103% look
    different, and a bar that does not start at zero would misstate its length.
    ``overall`` (the scope's total attainment) is named in the alt text. ``columns``: the
    sorted rows in that many columns side by side on one scale (38 provinces on a slide).
    """
    title = title or label("title_attainment_by_district", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    columns_drawn = ["attainment_MME", "attainment_PR", "attainment_total"]
    require_columns(frame, ["district_name", *columns_drawn], "plot_attainment_by_district")
    data = frame.sort_values("attainment_total", ascending=True, na_position="first")
    blocks, per_column = in_columns(data, columns)
    fig, axes = new_figure("wide", height_cm=rows_height_cm(per_column), ncols=columns,
                           sharex=True, squeeze=False)
    set_title(fig, title)
    limits = ratio_limits(data[columns_drawn].to_numpy(dtype=float))
    for ax, (part, positions) in zip(axes[0], blocks, strict=True):
        _draw_attainment(ax, part, positions, per_column, lang)
        ax.set_xlim(*limits)
    ax = axes[0][0]
    ax.set_ylabel(label("district", lang))
    handles = [Line2D([], [], marker="o", linestyle="", markersize=4.5,
                      color=CATEGORY_COLORS[c]) for c in CATEGORIES]
    handles += [Line2D([], [], marker="D", linestyle="", markersize=4,
                       color=CATEGORY_COLORS["total"]),
                Line2D([], [], color=TARGET_COLOR, linestyle="--")]
    names = [category_name(c, lang) for c in (*CATEGORIES, "total")]
    names.append(label("attainment_target", lang))
    if columns == 1:
        top_legend(ax, handles, names)
    else:  # above every column: one axis's legend would claim the figure's width
        fig.legend(handles, names, loc="outside lower center", ncols=len(names), frameon=False,
                   handlelength=1.4, columnspacing=1.2)
    describe_spread(fig, "attainment", data["district_name"],
                    data["attainment_total"].to_numpy(dtype=float), lang, overall)
    return fig


def _draw_attainment(ax, data: pd.DataFrame, positions: np.ndarray, rows: int,
                     lang: str) -> None:
    """Rows of ``data`` at their ``positions`` on an axis ``rows`` high."""
    total = data["attainment_total"].to_numpy(dtype=float)
    reached = ~np.isnan(total)
    ax.hlines(positions[reached], 1.0, total[reached], color=OTHER_COLOR, linewidth=2.4,
              zorder=1)
    ax.axvline(1.0, color=TARGET_COLOR, linewidth=1.0, linestyle="--", zorder=2)
    for category, offset in CATEGORY_OFFSETS.items():
        ax.scatter(data[f"attainment_{category}"], positions + offset, s=18, zorder=3,
                   color=CATEGORY_COLORS[category], edgecolors="white", linewidths=0.4)
    ax.scatter(total, positions, marker="D", s=22, zorder=4, color=CATEGORY_COLORS["total"])
    ax.set_yticks(positions, data["district_name"])
    ax.set_ylim(-0.6, rows - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    percent_axis(ax.xaxis, lang)
    ax.set_xlabel(label("attainment", lang))

