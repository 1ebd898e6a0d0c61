"""Axis formatters in the report's language (never the system locale) and the month axis."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axis import Axis
from matplotlib.ticker import FuncFormatter, Locator, MaxNLocator, NullLocator

from analysis.charts.style import CM
from analysis.text.formatting import format_decimal, format_month, format_number, format_rupiah
from analysis.text.messages import message

MONTH_STEPS = (1, 2, 3, 6, 12)
MINOR_TICK_CM = 0.25  # monthly minor ticks only when months are at least this far apart
RECENT_MONTHS = 18  # months shown where the quarter is the point: it and the 15 before it


def month_label_cm(fontsize: float) -> float:
    """Room one ``Sep 2025`` label takes on the axis at a font size, with a gap."""
    return 8 * 0.6 * fontsize / 72 * 2.54 + 0.3


class FittingLocator(MaxNLocator):
    """Round ticks, as many as the axis has room for without their labels touching.

    The room is measured when the figure is drawn, after the layout has sized the axes:
    along x from the width of the formatted labels, along y from the font height.
    """

    def tick_values(self, vmin, vmax):
        if self.axis is not None:
            self.set_params(nbins=self._room(vmin, vmax))
        return super().tick_values(vmin, vmax)

    def _room(self, vmin: float, vmax: float) -> int:
        axis = self.axis
        points = axis.get_major_ticks(1)[0].label1.get_fontsize() * axis.figure.dpi / 72
        if axis.axis_name == "x":
            formatter = axis.get_major_formatter()
            chars = max(len(formatter(vmin, 0)), len(formatter(vmax, 0)))
            return int(np.clip(axis.axes.bbox.width / ((chars * 0.62 + 2) * points), 1, 9))
        return int(np.clip(axis.axes.bbox.height / (3.5 * points), 1, 9))


class MonthTicks(Locator):
    """Ticks at given month starts, those inside the axis' view (fixed dates: no date rule
    to evaluate at every draw, unlike matplotlib's month and year locators)."""

    def __init__(self, months: pd.DatetimeIndex):
        self.locs = mdates.date2num(months)

    def __call__(self):
        low, high = sorted(self.axis.get_view_interval())
        return self.tick_values(low, high)

    def tick_values(self, vmin, vmax):
        tolerance = 1e-9 * max(1.0, abs(vmax))
        return self.locs[(self.locs >= vmin - tolerance) & (self.locs <= vmax + tolerance)]


def _is_whole(value: float) -> bool:
    return abs(value - round(value)) < 1e-9


def thousands_formatter(lang: str = "id") -> FuncFormatter:
    """Ticks as counts: ``1.234`` (one decimal only when a tick is not whole)."""
    def fmt(value, _pos=None):
        return format_number(value, lang) if _is_whole(value) else format_decimal(value, 1, lang)
    return FuncFormatter(fmt)


def abs_thousands_formatter(lang: str = "id") -> FuncFormatter:
    """Like :func:`thousands_formatter` without the sign (bars drawn below zero)."""
    plain = thousands_formatter(lang)
    return FuncFormatter(lambda value, pos=None: plain(abs(value), pos))


def rupiah_formatter(lang: str = "id") -> FuncFormatter:
    """Ticks as money: ``Rp 500 juta``, ``Rp 2 miliar``, ``Rp 1,25 miliar``, ``Rp 0``."""
    return FuncFormatter(lambda value, _pos=None: format_rupiah(value, lang, digits=2))


def percent_formatter(lang: str = "id") -> FuncFormatter:
    """Ticks for ratios: 0.4 -> ``40%`` (one decimal only when needed: ``12,5%``)."""
    def fmt(value, _pos=None):
        percent = value * 100
        digits = 0 if _is_whole(round(percent, 6)) else 1
        return format_decimal(percent, digits, lang) + "%"
    return FuncFormatter(fmt)


def month_formatter(lang: str = "id") -> FuncFormatter:
    """Date ticks as short month and year: ``Jan 2024``, ``Agu 2025``."""
    return FuncFormatter(
        lambda value, _pos=None: format_month(mdates.num2date(value).replace(tzinfo=None),
                                              lang, short=True))


def month_step(first: pd.Timestamp, last: pd.Timestamp, axis_cm: float,
               fontsize: float = 7.5) -> int:
    """Months between labels (1, 2, 3, 6, 12, 24, ...) so that they fit on the axis."""
    months = pd.period_range(first, last, freq="M").month
    room = max(1, int(axis_cm / month_label_cm(fontsize)))
    for step in MONTH_STEPS:
        if ((months - 1) % step == 0).sum() <= room:
            return step
    years = last.year - first.year + 1
    return 12 * -(-years // room)


def set_month_axis(axis: Axis, months: pd.Series | pd.DatetimeIndex, lang: str = "id",
                   axis_cm: float | None = None, fontsize: float | None = None) -> None:
    """A date axis labelled ``Jan 2024`` in ``lang``, thinned so that labels never overlap.

    Labels fall on months evenly spaced from January (every quarter: Jan, Apr, Jul, Okt).
    ``axis_cm`` (the axis length) and ``fontsize`` (of the tick labels) default to the
    axes' size before layout and the house style.
    """
    stamps = pd.DatetimeIndex(months).dropna()
    if stamps.empty:
        return
    if axis_cm is None:
        fig = axis.axes.figure
        box = axis.axes.get_position()
        along = box.width * fig.get_figwidth() if axis.axis_name == "x" \
            else box.height * fig.get_figheight()
        axis_cm = along / CM
    fontsize = fontsize or float(mpl.rcParams[f"{axis.axis_name}tick.labelsize"])
    step = month_step(stamps.min(), stamps.max(), axis_cm, fontsize)
    # Every month start from a year before the data to a year after (the view may be padded).
    every_month = pd.date_range(stamps.min().to_period("Y").start_time - pd.DateOffset(years=1),
                                stamps.max() + pd.DateOffset(years=1), freq="MS")
    if step <= 12:
        major = every_month[(every_month.month - 1) % step == 0]
    else:
        major = every_month[(every_month.month == 1) & (every_month.year % (step // 12) == 0)]
    axis.set_major_locator(MonthTicks(major))
    months = (stamps.max().year - stamps.min().year) * 12 + stamps.max().month \
        - stamps.min().month + 1
    if axis_cm / months >= MINOR_TICK_CM:
        axis.set_minor_locator(MonthTicks(every_month))
    else:
        axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(month_formatter(lang))


def set_month_limits(ax, months, pad: pd.Timedelta | None = None) -> None:
    """x limits from the first to the last month, ``pad`` beyond (half a month for one)."""
    first, last = pd.Timestamp(min(months)), pd.Timestamp(max(months))
    pad = pad if pad is not None else pd.Timedelta(0)
    if first == last:
        pad = max(pad, pd.Timedelta(days=16))
    ax.set_xlim(first - pad, last + pad)


def ratio_limits(values, target: float = 1.0, pad: float = 0.08,
                 least_span: float = 0.04) -> tuple[float, float]:
    """View limits of a ratio axis drawn as points: the data's range and the target in view.

    The span is at least ``least_span`` (4 points) so that equal values do not fill the axis
    with differences that are not there; ``pad`` of the span is added on each side, never
    below zero when the values are not.
    """
    known = np.asarray(values, dtype=float).ravel()
    known = known[~np.isnan(known)]
    low = min(float(known.min(initial=target)), target)
    high = max(float(known.max(initial=target)), target)
    grow = max(least_span - (high - low), 0) / 2
    low, high = low - grow, high + grow
    margin = (high - low) * pad
    bottom = low - margin
    return (max(bottom, 0.0) if low >= 0 else bottom), high + margin


def recent_months(months: pd.Series, count: int | None) -> pd.Series:
    """True for the last ``count`` months of a series of month starts (all when None)."""
    if count is None:
        return pd.Series(True, index=months.index)
    first = months.max().to_period("M") - (count - 1)
    return months >= first.start_time


def window_title(title: str, months: pd.Series, lang: str) -> str:
    """A chart title with the months it shows: ``..., Jul 2024–Des 2025``."""
    return message("charts.window", lang, title=title,
                   first=format_month(months.min(), lang, short=True),
                   last=format_month(months.max(), lang, short=True))


def count_axis(axis: Axis, lang: str = "id") -> None:
    """Whole-number ticks formatted as ``1.234``."""
    axis.set_major_locator(FittingLocator(integer=True, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(thousands_formatter(lang))


def rupiah_axis(axis: Axis, lang: str = "id") -> None:
    """Ticks at round amounts formatted as ``Rp 500 juta``."""
    axis.set_major_locator(FittingLocator(steps=[1, 2, 5, 10]))
    axis.set_major_formatter(rupiah_formatter(lang))


def percent_axis(axis: Axis, lang: str = "id") -> None:
    """Ticks for ratios at round percentages formatted as ``40%``."""
    axis.set_major_locator(FittingLocator(steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(percent_formatter(lang))


def to_months(values: pd.Series) -> pd.Series:
    """Month values (``"2025-12"``, dates or monthly periods) as first-of-month timestamps."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.to_timestamp()
    return pd.to_datetime(values).dt.to_period("M").dt.to_timestamp()
