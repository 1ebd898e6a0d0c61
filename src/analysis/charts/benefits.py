"""Charts of the Manfaat section: santunan by benefit, cumulative santunan, days to payment."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.charts.axes import (
    count_axis,
    rupiah_axis,
    set_month_axis,
    set_month_limits,
    to_months,
)
from analysis.charts.style import (
    CATEGORY_COLORS,
    PROGRAM_COLORS,
    category_name,
    describe,
    empty_figure,
    has_rows,
    new_figure,
    require_columns,
    right_labels,
    rows_height_cm,
    set_title,
    top_legend,
)
from analysis.inputs.dataset import PROGRAMS
from analysis.text.formatting import format_month, format_number, format_rupiah, is_missing, label
from analysis.text.messages import message, plural


def program_name(code: str, lang: str) -> str:
    """A programme as shown in legends: ``Jaminan Kematian (JKM)``."""
    return f"{label(code, lang)} ({code})"


def _count_text(value: object, lang: str) -> str:
    """A claim count as published: a number, or the suppression label kept as it is."""
    if isinstance(value, str):
        return value
    return format_number(value, lang)


def _claims_text(count: object, lang: str) -> str:
    """``12 klaim`` (``<5 klaim`` when the count is published as a label)."""
    number = 0 if isinstance(count, str) else int(count)
    return plural("common.claim_count", number, lang, count=_count_text(count, lang))


def plot_claims_by_benefit(frame: pd.DataFrame, lang: str = "id",
                           title: str | None = None) -> Figure:
    """Santunan paid by benefit type, coloured by programme, each bar with its claim count.

    ``frame``: ``program``, ``benefit``, ``count``, ``amount``; an optional ``display`` column
    holds the count as published (``"<5"`` after disclosure control) and is shown instead.
    """
    title = title or label("title_claims_by_benefit", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["program", "benefit", "count", "amount"], "plot_claims_by_benefit")
    order = {code: index for index, code in enumerate(PROGRAMS)}
    data = frame.assign(_order=frame["program"].map(order),
                        _amount=pd.to_numeric(frame["amount"], errors="coerce"))
    data = data.sort_values(["_order", "_amount"], ascending=[False, True])
    positions = np.arange(len(data))
    amounts = data["_amount"].to_numpy(dtype=float)
    fig, ax = new_figure("wide", height_cm=rows_height_cm(len(data), 0.55))
    set_title(fig, title)
    colors = [PROGRAM_COLORS.get(p, CATEGORY_COLORS["total"]) for p in data["program"]]
    ax.barh(positions, np.nan_to_num(amounts), height=0.65, color=colors)
    counts = data["display"] if "display" in data.columns else data["count"]
    texts = [f"{label('suppressed', lang) if is_missing(amount) else format_rupiah(amount, lang)}"
             f" · {_claims_text(count, lang)}"
             for amount, count in zip(amounts, counts, strict=True)]
    right_labels(ax, positions, texts)
    ax.set_xlim(0, max(float(np.nan_to_num(amounts).max()), 1.0) * 1.05)
    ax.set_yticks(positions, [f"{label(b, lang)} · {p}"
                              for p, b in zip(data["program"], data["benefit"], strict=True)])
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    rupiah_axis(ax.xaxis, lang)
    ax.set_xlabel(label("benefit_amount", lang))
    ax.set_ylabel(label("benefit", lang))
    shown = [p for p in PROGRAMS if p in set(data["program"])]
    top_legend(ax, [Patch(color=PROGRAM_COLORS[p]) for p in shown],
                  [program_name(p, lang) for p in shown])
    if not np.isnan(amounts).all():
        top = int(np.nanargmax(amounts))
        describe(fig, "claims", lang, benefit=label(data["benefit"].iloc[top], lang),
                 program=data["program"].iloc[top], amount=format_rupiah(amounts[top], lang),
                 count=_claims_text(counts.iloc[top], lang))
    return fig


def plot_cumulative_santunan(frame: pd.DataFrame, lang: str = "id",
                             title: str | None = None) -> Figure:
    """Santunan paid from the start to each month's end, in total and for MME and PR.

    ``frame``: ``month``, ``amount``, ``cumulative``, ``MME_cumulative``, ``PR_cumulative``.
    """
    title = title or label("title_cumulative_santunan", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["month", "cumulative", "MME_cumulative", "PR_cumulative"],
                    "plot_cumulative_santunan")
    data = frame.assign(month=to_months(frame["month"])).sort_values("month")
    fig, ax = new_figure("wide")
    set_title(fig, title)
    series = (("MME", "MME_cumulative"), ("PR", "PR_cumulative"), ("total", "cumulative"))
    for category, column in series:
        ax.plot(data["month"], data[column], color=CATEGORY_COLORS[category],
                linewidth=2.0 if category == "total" else 1.6)
    last = data.iloc[-1]
    ax.annotate(format_rupiah(last["cumulative"], lang), (last["month"], last["cumulative"]),
                xytext=(-4, 6), textcoords="offset points", ha="right", va="bottom",
                fontsize=7.5, fontweight="bold", color=CATEGORY_COLORS["total"])
    top_legend(ax, [Line2D([], [], color=CATEGORY_COLORS[c]) for c, _ in series],
                  [category_name(c, lang) for c, _ in series])
    ax.set_ylim(bottom=0, top=float(data["cumulative"].max()) * 1.12 or 1)
    set_month_limits(ax, data["month"])
    rupiah_axis(ax.yaxis, lang)
    set_month_axis(ax.xaxis, data["month"], lang)
    ax.set_ylabel(label("santunan_cumulative", lang))
    ax.set_xlabel(label("month", lang))
    describe(fig, "cumulative", lang, month=format_month(last["month"], lang),
             total=format_rupiah(last["cumulative"], lang),
             mme=format_rupiah(last["MME_cumulative"], lang),
             pr=format_rupiah(last["PR_cumulative"], lang))
    return fig


def plot_days_to_payment(frame: pd.DataFrame, lang: str = "id",
                         title: str | None = None) -> Figure:
    """Days from the event to payment, one box per programme with its median marked.

    ``frame``: ``program``, ``benefit``, ``days`` (one row per claim). No claim is drawn on
    its own (a public report shows no person's payment), and the axis ends past the longest
    whisker, so that one claim paid after two years does not squash the boxes.
    """
    title = title or label("title_days_to_payment", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["program", "days"], "plot_days_to_payment")
    days = pd.to_numeric(frame["days"], errors="coerce")
    groups = [(p, days[(frame["program"] == p).to_numpy()].dropna().to_numpy(dtype=float))
              for p in PROGRAMS]
    groups = [(p, values) for p, values in groups if len(values)]
    if not groups:
        return empty_figure(title, lang)
    fig, ax = new_figure("wide", height_cm=3.6 + 2.0 * len(groups))
    set_title(fig, title)
    positions = np.arange(len(groups))[::-1]
    boxes = ax.boxplot([values for _, values in groups], positions=positions,
                       orientation="horizontal", widths=0.5, patch_artist=True,
                       showfliers=False, medianprops={"color": "black", "linewidth": 2.0},
                       whiskerprops={"color": "#555555"}, capprops={"color": "#555555"})
    medians = []
    for position, (program, values), box in zip(positions, groups, boxes["boxes"],
                                                strict=True):
        color = PROGRAM_COLORS[program]
        box.set(facecolor=color, alpha=0.45, edgecolor=color)
        median = float(np.median(values))
        medians.append(message("charts.days_item", lang, program=program,
                               days=format_number(median, lang),
                               count=_claims_text(len(values), lang)))
        ax.annotate(f"{label('median', lang)} {format_number(median, lang)} "
                    f"{label('days', lang)} (n = {format_number(len(values), lang)})",
                    (median, position + 0.25), xytext=(0, 3), textcoords="offset points",
                    ha="left", va="bottom", fontsize=7, fontweight="bold")
    ax.set_yticks(positions, [program_name(p, lang) for p, _ in groups])
    ax.set_ylim(-0.6, len(groups) - 0.2)
    longest = max(float(np.max(whisker.get_xdata())) for whisker in boxes["whiskers"])
    ax.set_xlim(0, max(longest * 1.15, 10.0))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    count_axis(ax.xaxis, lang)
    ax.set_xlabel(label("days_to_payment", lang))
    ax.set_ylabel(label("program", lang))
    describe(fig, "days", lang, medians=", ".join(medians))
    return fig
