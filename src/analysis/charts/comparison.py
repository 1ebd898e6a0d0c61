"""Charts comparing regencies: coverage, composite index ranking, scatter, small multiples."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.charts.axes import (
    count_axis,
    percent_axis,
    ratio_limits,
    set_month_axis,
    set_month_limits,
    to_months,
)
from analysis.charts.placement import place_labels
from analysis.charts.style import (
    CATEGORY_COLORS,
    CM,
    HIGHLIGHT_COLOR,
    NEUTRAL_COLOR,
    OTHER_COLOR,
    REFERENCE_COLOR,
    TARGET_COLOR,
    describe,
    empty_figure,
    extremes,
    has_rows,
    in_columns,
    new_figure,
    require_columns,
    rows_height_cm,
    set_title,
    short_regency_name,
    top_legend,
)
from analysis.reference.geography import province_code
from analysis.text.formatting import (
    format_decimal,
    format_month,
    format_number,
    format_percent,
    label,
)
from analysis.text.messages import message

MEASURES = ("formal", "informal", "total")
GROUPED_SCOPES = 4  # up to this many scopes are drawn as grouped bars, more as panels
GREYS = (REFERENCE_COLOR, "#999999", "#BDBDBD", "#DDDDDD")  # one per scope not highlighted


def _latest_year(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("year").groupby("scope_code", sort=False).tail(1)


def _with_years(title: str, years) -> str:
    return f"{title}, {', '.join(str(int(y)) for y in sorted(set(years)))}"


def plot_coverage_comparison(frame: pd.DataFrame, highlight_code: str | None = None,
                             lang: str = "id", title: str | None = None,
                             columns: int = 1) -> Figure:
    """Formal, informal and total coverage of each scope, the highlighted one in colour.

    ``frame``: ``scope_code``, ``name``, ``year``, ``formal``, ``informal``, ``total``
    (ratios); the latest year of each scope is drawn, scopes without workforce data (no year)
    are left out.  A few scopes (a regency against the province) are grouped bars; more are
    three panels of bars sorted by total coverage (``columns``: their rows in that many blocks
    side by side, for the 39 rows of a national slide).
    """
    title = title or label("title_coverage_comparison", lang)
    if has_rows(frame) and "year" in frame:
        frame = frame[frame["year"].notna()]
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["scope_code", "name", "year", *MEASURES],
                    "plot_coverage_comparison")
    data = _latest_year(frame)
    if len(data) <= GROUPED_SCOPES:
        fig = _coverage_grouped(data, highlight_code, lang)
    else:
        fig = _coverage_panels(data, highlight_code, lang, columns)
    set_title(fig, _with_years(title, data["year"]))
    _describe_coverage(fig, data, highlight_code, lang)
    return fig


def _describe_coverage(fig: Figure, data: pd.DataFrame, highlight_code: str | None,
                       lang: str) -> None:
    """Alt text: each scope's total coverage (the highlighted first), or the highest and
    lowest of many."""
    year = ", ".join(str(int(y)) for y in sorted(set(data["year"])))
    names = [short_regency_name(n) for n in data["name"]]
    if len(data) > GROUPED_SCOPES:
        found = extremes(names, data["total"])
        if found is not None:
            low, low_value, high, high_value = found
            describe(fig, "coverage_spread", lang, year=year, low=low, high=high,
                     low_value=format_percent(low_value, 1, lang),
                     high_value=format_percent(high_value, 1, lang))
        return
    order = sorted(range(len(data)), key=lambda i: data["scope_code"].iloc[i] != highlight_code)
    values = [message("charts.coverage_item", lang, name=names[i],
                      value=format_percent(data["total"].iloc[i], 1, lang)) for i in order]
    describe(fig, "coverage", lang, year=year, values=", ".join(values))


def _coverage_grouped(data: pd.DataFrame, highlight_code: str | None, lang: str) -> Figure:
    highlighted = data["scope_code"] == highlight_code
    data = pd.concat([data[highlighted], data[~highlighted]])
    fig, ax = new_figure("wide")
    width = 0.8 / len(data)
    greys = iter(GREYS)
    handles = []
    for index, row in enumerate(data.itertuples(index=False)):
        color = HIGHLIGHT_COLOR if row.scope_code == highlight_code else next(greys)
        values = [float(getattr(row, m)) for m in MEASURES]
        positions = np.arange(len(MEASURES)) - 0.4 + width * (index + 0.5)
        bars = ax.bar(positions, np.nan_to_num(values), width=width * 0.92, color=color)
        for position, value in zip(positions, values, strict=True):
            ax.text(position, np.nan_to_num(value), format_percent(value, 1, lang),
                    ha="center", va="bottom", fontsize=7)
        handles.append(bars)
    ax.set_xticks(np.arange(len(MEASURES)), [label(f"coverage_{m}", lang) for m in MEASURES])
    top = float(np.nan_to_num(data[list(MEASURES)].to_numpy(dtype=float)).max())
    ax.set_ylim(0, max(top, 0.01) * 1.15)
    ax.tick_params(axis="x", length=0)
    percent_axis(ax.yaxis, lang)
    ax.set_ylabel(label("coverage", lang))
    top_legend(ax, handles, list(data["name"]))
    return fig


def _scope_color(code: str, highlight_code: str | None) -> str:
    if code == highlight_code:
        return HIGHLIGHT_COLOR
    return REFERENCE_COLOR if code == province_code() else OTHER_COLOR


def _coverage_panels(data: pd.DataFrame, highlight_code: str | None, lang: str,
                     columns: int = 1) -> Figure:
    """Three panels (formal, informal, total) of bars sorted by total coverage, the highest
    on top; ``columns``: the rows in that many blocks of three panels side by side."""
    data = data.sort_values("total", ascending=True, na_position="first")
    blocks, per_column = in_columns(data, columns)
    fig, axes = new_figure("wide", height_cm=rows_height_cm(per_column, 0.45),
                           ncols=len(MEASURES) * columns)
    top = float(np.nan_to_num(data[list(MEASURES)].to_numpy(dtype=float)).max())
    for block, (part, positions) in enumerate(blocks):
        colors = [_scope_color(code, highlight_code) for code in part["scope_code"]]
        panels = axes[block * len(MEASURES):(block + 1) * len(MEASURES)]
        for ax, measure in zip(panels, MEASURES, strict=True):
            values = part[measure].to_numpy(dtype=float)
            ax.barh(positions, np.nan_to_num(values), height=0.65, color=colors)
            for position, value in zip(positions, values, strict=True):
                ax.text(np.nan_to_num(value) + top * 0.02, position,
                        format_percent(value, 0, lang), va="center", fontsize=6.5)
            ax.set_title(message(f"charts.panel_{measure}", lang), fontsize=8)
            ax.set_xlim(0, max(top, 0.01) * 1.3)
            ax.set_ylim(-0.6, per_column - 0.4)
            ax.set_yticks(positions, part["name"])
            ax.tick_params(axis="y", labelleft=ax is panels[0])
            ax.grid(axis="y", visible=False)
            ax.grid(axis="x", visible=True)
            percent_axis(ax.xaxis, lang)
            ax.tick_params(axis="x", labelsize=6.5)
        panels[1].set_xlabel(label("coverage", lang))
    return fig


def _highlighted(frame: pd.DataFrame, highlight: str | None) -> pd.Series:
    """Rows matching ``highlight`` by regency code (when present) or by name."""
    matches = frame["regency_name"] == highlight
    if "regency_code" in frame.columns:
        matches |= frame["regency_code"] == highlight
    return matches


def plot_regency_ranking(frame: pd.DataFrame, lang: str = "id", title: str | None = None,
                         highlight: str | None = None) -> Figure:
    """Regencies ranked by the composite index score (rank 1 on top), scores annotated.

    ``frame``: ``regency_name``, ``rank``, ``score`` (0-100) and the components (not drawn
    here; the report's table lists them).  ``highlight``: a regency code or name in colour.
    """
    title = title or label("title_regency_ranking", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["regency_name", "rank", "score"], "plot_regency_ranking")
    data = frame.sort_values(["score", "regency_name"], ascending=[True, False])
    positions = np.arange(len(data))
    fig, ax = new_figure("wide", height_cm=rows_height_cm(len(data), 0.5))
    set_title(fig, title)
    marked = _highlighted(data, highlight).to_numpy()
    base = OTHER_COLOR if marked.any() else NEUTRAL_COLOR
    scores = data["score"].to_numpy(dtype=float)
    ax.barh(positions, np.nan_to_num(scores), height=0.65,
            color=[HIGHLIGHT_COLOR if m else base for m in marked])
    for position, score in zip(positions, scores, strict=True):
        ax.text(np.nan_to_num(score) + 1, position, format_decimal(score, 1, lang),
                va="center", fontsize=7)
    names = [f"{format_decimal(rank, 0, lang)}. {name}"
             for rank, name in zip(data["rank"], data["regency_name"], strict=True)]
    ax.set_yticks(positions, names)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlim(0, max(100.0, float(np.nan_to_num(scores).max()) * 1.08))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    count_axis(ax.xaxis, lang)
    ax.set_xlabel(label("index_score", lang))
    ax.set_ylabel(label("regency", lang))
    first, last = data.iloc[-1], data.iloc[0]
    describe(fig, "ranking", lang, first=short_regency_name(first["regency_name"]),
             first_score=format_decimal(first["score"], 1, lang),
             last=short_regency_name(last["regency_name"]),
             last_rank=format_number(last["rank"], lang),
             last_score=format_decimal(last["score"], 1, lang))
    return fig


def plot_attainment_vs_continuity(frame: pd.DataFrame, lang: str = "id",
                                  title: str | None = None,
                                  highlight: str | None = None) -> Figure:
    """Each regency's attainment of targets (x) against continuity of payments (y), labelled.

    ``frame``: ``regency_name``, ``attainment``, ``continuity`` (ratios).
    """
    title = title or label("title_attainment_vs_continuity", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["regency_name", "attainment", "continuity"],
                    "plot_attainment_vs_continuity")
    data = frame.dropna(subset=["attainment", "continuity"])
    if data.empty:
        return empty_figure(title, lang)
    fig, ax = new_figure("wide", height_cm=10.5)
    set_title(fig, title)
    marked = _highlighted(data, highlight).to_numpy()
    base = NEUTRAL_COLOR if not marked.any() else OTHER_COLOR
    x = data["attainment"].to_numpy(dtype=float)
    y = data["continuity"].to_numpy(dtype=float)
    ax.scatter(x, y, s=28, zorder=3, edgecolors="white", linewidths=0.6,
               color=[HIGHLIGHT_COLOR if m else base for m in marked])
    ax.axvline(1.0, color=TARGET_COLOR, linewidth=1.0, linestyle="--", zorder=1)
    ax.set_xlim(*ratio_limits(x, pad=0.15, least_span=0.06))
    low, high = float(y.min()), float(y.max())
    pad = max((high - low) * 0.18, 0.05)
    # room for labels around the points, little beyond 100% (continuity cannot exceed it)
    ax.set_ylim(low - pad, min(high + pad, max(high, 1.0) + pad / 3))
    percent_axis(ax.xaxis, lang)
    percent_axis(ax.yaxis, lang)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(label("attainment", lang))
    ax.set_ylabel(label("continuity", lang))
    top_legend(ax, [Line2D([], [], color=TARGET_COLOR, linestyle="--")],
                  [label("attainment_target", lang)])
    names = [short_regency_name(n) for n in data["regency_name"]]
    place_labels(ax, x, y, names)
    low, low_value, high, high_value = extremes(names, x)
    continuity = extremes(names, y)
    describe(fig, "scatter", lang, low=low, low_value=format_percent(low_value, 1, lang),
             high=high, high_value=format_percent(high_value, 1, lang),
             continuity_low=continuity[0],
             continuity_low_value=format_percent(continuity[1], 1, lang),
             continuity_high=continuity[2],
             continuity_high_value=format_percent(continuity[3], 1, lang))
    return fig


def plot_small_multiples(frame: pd.DataFrame, lang: str = "id", title: str | None = None,
                         highlight: str | None = None, ncols: int = 3) -> Figure:
    """Active participants by month, one small chart per regency on a shared scale.

    ``frame``: ``regency_name``, ``month``, ``total``.  Eleven regencies fill a 4 x 3 grid.
    """
    title = title or label("title_small_multiples", lang)
    if not has_rows(frame):
        return empty_figure(title, lang)
    require_columns(frame, ["regency_name", "month", "total"], "plot_small_multiples")
    data = frame.assign(month=to_months(frame["month"])).sort_values("month")
    names = sorted(data["regency_name"].unique())
    nrows = -(-len(names) // ncols)
    fig, axes = new_figure("wide", height_cm=3.0 + 3.6 * nrows, nrows=nrows, ncols=ncols,
                           sharex=True, sharey=True, squeeze=False)
    set_title(fig, title)
    panel_cm = (fig.get_figwidth() / CM - 1.5) / ncols - 0.3
    marked = set(data.loc[_highlighted(data, highlight), "regency_name"])
    for ax, name in zip(axes.flat, names, strict=False):
        rows = data[data["regency_name"] == name]
        color = HIGHLIGHT_COLOR if name in marked else CATEGORY_COLORS["total"]
        ax.fill_between(rows["month"], rows["total"], color=color, alpha=0.12, linewidth=0)
        ax.plot(rows["month"], rows["total"], color=color, linewidth=1.3)
        ax.set_title(short_regency_name(name), fontsize=7.5, fontweight="bold")
        ax.tick_params(labelsize=6.5)
    for index in range(len(names), axes.size):
        axes.flat[index].set_visible(False)
        axes.flat[index - ncols].xaxis.set_tick_params(labelbottom=True)
    first = axes.flat[0]
    first.set_ylim(bottom=0)
    set_month_limits(first, data["month"])
    count_axis(first.yaxis, lang)
    set_month_axis(first.xaxis, data["month"], lang, axis_cm=panel_cm, fontsize=6.5)
    fig.supylabel(label("active", lang), fontsize=8)
    latest = data[data["month"] == data["month"].max()]
    found = extremes([short_regency_name(n) for n in latest["regency_name"]], latest["total"])
    if found is not None:
        low, low_value, high, high_value = found
        describe(fig, "small_multiples", lang, month=format_month(latest["month"].iloc[0], lang),
                 low=low, low_value=format_number(low_value, lang), high=high,
                 high_value=format_number(high_value, lang))
    return fig
