"""Numbers, money, dates and the report vocabulary in Indonesian (default) or English.

Indonesian conventions (babel locale ``id_ID``): ``1.234.567``, ``12,3``, ``40,5%``,
``Rp 16.800``, ``Rp 7,7 miliar``, ``Triwulan IV 2025``, ``31 Desember 2025``.
English (``en_US``): ``1,234,567``, ``40.5%``, ``IDR 7.7 billion``, ``Q4 2025``.
Rounding is half away from zero, as a reader checking a figure by hand would do it.
A missing or infinite value (None, NaN, NA, NaT, inf) is shown as an en dash.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np
import pandas as pd
from babel.dates import format_date as babel_format_date
from babel.dates import get_month_names
from babel.numbers import format_decimal as babel_format_decimal

from analysis.metrics import catalog
from analysis.reference.parameters import load_parameters
from analysis.reference.periods import Quarter
from analysis.text.messages import message

LANGS = ("id", "en")
LOCALES = {"id": "id_ID", "en": "en_US"}
MISSING = "–"

_CURRENCY = {"id": "Rp", "en": "IDR"}
# Compact money units, largest first: (size, Indonesian, English).
_MONEY_UNITS = (
    (10**12, "triliun", "trillion"),
    (10**9, "miliar", "billion"),
    (10**6, "juta", "million"),
    (10**3, "ribu", "thousand"),
)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def locale_for(lang: str) -> str:
    """The babel locale of a report language (``"id"`` or ``"en"``)."""
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return LOCALES[lang]


def is_missing(value: object) -> bool:
    """True for None, NaN, pandas NA and NaT, and for infinities (nothing to show either)."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return not math.isfinite(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _rounded(value: float | int | Decimal, digits: int) -> Decimal:
    """``value`` rounded half away from zero to ``digits`` decimals, never ``-0``."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, int) or float(value).is_integer():
        exact = Decimal(int(value))
    else:
        exact = Decimal(repr(float(value)))
    result = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return result if result != 0 else abs(result)


def _pattern(digits: int, optional: bool = False) -> str:
    if digits <= 0:
        return "#,##0"
    return "#,##0." + ("#" if optional else "0") * digits


def _decimal_text(value: Decimal, digits: int, lang: str, optional: bool = False) -> str:
    # Keyed by the text of the value: Decimal("1.0") == Decimal("1.00"), but their digits differ.
    return _formatted_decimal(str(value), digits, lang, optional)


@lru_cache(maxsize=8192)
def _formatted_decimal(value: str, digits: int, lang: str, optional: bool) -> str:
    """babel's formatting of a decimal, kept: a report writes the same values many times."""
    return babel_format_decimal(Decimal(value), format=_pattern(digits, optional),
                                locale=locale_for(lang), decimal_quantization=False)


def format_number(value: float | int | None, lang: str = "id") -> str:
    """A whole number with thousands separators: ``1.234.567`` (``1,234,567`` in English)."""
    if is_missing(value):
        return MISSING
    return _decimal_text(_rounded(value, 0), 0, lang)


def format_decimal(value: float | int | None, digits: int = 1, lang: str = "id") -> str:
    """A number with a fixed number of decimals: ``12,3`` (``12.3`` in English)."""
    if is_missing(value):
        return MISSING
    return _decimal_text(_rounded(value, digits), digits, lang)


def format_percent(ratio: float | None, digits: int = 1, lang: str = "id") -> str:
    """A ratio as a percentage without a space: 0.405 -> ``40,5%``."""
    if is_missing(ratio):
        return MISSING
    return _decimal_text(_rounded(Decimal(repr(float(ratio))) * 100, digits), digits, lang) + "%"


_DIRECTION = {"id": ("naik", "turun", "tetap"), "en": ("up", "down", "unchanged")}


def _direction(value: Decimal, text: str, lang: str) -> str:
    up, down, same = _DIRECTION[lang]
    if value == 0:
        return same
    return f"{up if value > 0 else down} {text}"


MORE_CHANGE_DIGITS = 3  # a change of 1 in a million still shows: 0,0001%


def _shown_percent(ratio: float, digits: int) -> tuple[Decimal, int]:
    """``ratio`` in percent, rounded to ``digits`` decimals, or to the fewest more that show
    it as other than zero: a fall of 4 in 12.172 is 0,03%, never "unchanged"."""
    exact = Decimal(repr(float(ratio))) * 100
    for shown in range(digits, digits + MORE_CHANGE_DIGITS + 1):
        if (rounded := _rounded(exact, shown)) != 0:
            return rounded, shown
    return Decimal(0), digits


def is_no_change(ratio: float) -> bool:
    """True when a change (relative, or in percentage points) is shown as none at all."""
    return _shown_percent(ratio, 1)[0] == 0


def format_change(ratio: float | None, lang: str = "id", digits: int = 1) -> str:
    """A relative change (``new / old - 1``): ``naik 3,2%``, ``turun 1,0%`` or ``tetap``;
    more decimals when ``digits`` would show a change as none (``turun 0,03%``)."""
    if is_missing(ratio):
        return MISSING
    locale_for(lang)
    percent, shown = _shown_percent(ratio, digits)
    return _direction(percent, _decimal_text(abs(percent), shown, lang) + "%", lang)


def format_points(delta: float | None, lang: str = "id", digits: int = 1) -> str:
    """A change between two ratios in percentage points: 0.021 -> ``naik 2,1 poin persen``;
    more decimals when needed, as ``format_change``."""
    if is_missing(delta):
        return MISSING
    locale_for(lang)
    points, shown = _shown_percent(delta, digits)
    unit = "poin persen" if lang == "id" else "percentage points"
    return _direction(points, f"{_decimal_text(abs(points), shown, lang)} {unit}", lang)


def _compact_money(amount: Decimal, digits: int, lang: str) -> str:
    """``7,7 miliar``: trailing zeros dropped, moved to the next unit when it reaches 1000."""
    for index, (size, name_id, name_en) in enumerate(_MONEY_UNITS):
        if amount < size:
            continue
        scaled = _rounded(amount / size, digits)
        if scaled >= 1000 and index > 0:
            size, name_id, name_en = _MONEY_UNITS[index - 1]
            scaled = _rounded(amount / size, digits)
        unit = name_id if lang == "id" else name_en
        return f"{_decimal_text(scaled, digits, lang, optional=True)} {unit}"
    return _decimal_text(_rounded(amount, 0), 0, lang)


def format_rupiah(amount: float | int | None, lang: str = "id",
                  compact: bool | None = None, digits: int = 1) -> str:
    """Rupiah: ``Rp 16.800``; from Rp 1 juta on ``Rp 16,8 juta``, ``Rp 7,7 miliar``.

    ``compact=None`` shortens amounts of a million or more; ``True`` always shortens
    (``Rp 500 ribu``), ``False`` never does (``Rp 7.699.476.000``).  Short forms keep at
    most ``digits`` decimals.
    """
    if is_missing(amount):
        return MISSING
    locale_for(lang)
    currency = _CURRENCY[lang]
    exact = _rounded(amount, 0)
    size = abs(exact)
    shorten = size >= 10**6 if compact is None else compact
    text = _compact_money(size, digits, lang) if shorten else _decimal_text(size, 0, lang)
    return f"{'-' if exact < 0 else ''}{currency} {text}"


def format_quarter(quarter: Quarter | str, lang: str = "id") -> str:
    """``Triwulan IV 2025`` (``Q4 2025`` in English), of a Quarter or its label."""
    if not isinstance(quarter, Quarter):
        quarter = Quarter.parse(quarter)
    locale_for(lang)
    return f"Triwulan {_ROMAN[quarter.q]} {quarter.year}" if lang == "id" else \
        f"Q{quarter.q} {quarter.year}"


def month_name(month: int, lang: str = "id", short: bool = False) -> str:
    """``Januari`` / ``Jan`` (Indonesian), ``January`` / ``Jan`` (English), from babel."""
    names = get_month_names("abbreviated" if short else "wide", locale=locale_for(lang))
    return names[int(month)]


def _as_timestamp(value: object) -> pd.Timestamp:
    if isinstance(value, pd.Period):
        return value.start_time
    return pd.Timestamp(value)


def format_month(value: object, lang: str = "id", short: bool = False) -> str:
    """A month: ``Desember 2025`` or, short, ``Des 2025``; accepts ``"2025-12"`` too."""
    if is_missing(value):
        return MISSING
    stamp = _as_timestamp(value)
    return f"{month_name(stamp.month, lang, short)} {stamp.year}"


def format_date(value: date | datetime | str | None, lang: str = "id") -> str:
    """A day: ``31 Desember 2025`` (``31 December 2025`` in English)."""
    if is_missing(value):
        return MISSING
    day = _as_timestamp(value).date()
    return babel_format_date(day, "d MMMM y", locale=locale_for(lang))


def format_count_cell(value: float | int | None, suppressed: bool, lang: str = "id") -> str:
    """A count for a published table: the disclosure marker (``x``) when suppressed."""
    if suppressed:
        return str(load_parameters()["disclosure"]["marker"])
    return format_number(value, lang)



def format_yes_no(value: object, lang: str = "id") -> str:
    """``Ya`` or ``Tidak`` (``Yes`` / ``No`` in English)."""
    return {"id": ("Ya", "Tidak"), "en": ("Yes", "No")}[lang][0 if value else 1]


# How each number format of the metric catalog writes a value: (value, lang) -> text.
_METRIC_FORMATS = {
    "code": lambda value, lang: str(value),
    "text": lambda value, lang: str(value),
    "quarter": format_quarter,
    "date": format_date,
    "yes_no": format_yes_no,
    "integer": format_number,
    "year": lambda value, lang: str(int(value)),
    "percent": lambda value, lang: format_percent(value, lang=lang),
    "percent_whole": lambda value, lang: format_percent(value, digits=0, lang=lang),
    "change": lambda value, lang: format_change(value, lang=lang),
    "rupiah": lambda value, lang: format_rupiah(value, lang=lang),
    "decimal": lambda value, lang: format_decimal(value, digits=1, lang=lang),
    "days": lambda value, lang: f"{format_decimal(value, digits=0, lang=lang)} "
                                f"{label('days', lang)}",
}


def format_metric(key: str, value: object, lang: str = "id") -> str:
    """A metrics.json value written by its catalog format: ``format_metric("continuity",
    0.405)`` -> ``40,5%``; a missing value is an en dash."""
    style = catalog.number_format(key)
    if style not in _METRIC_FORMATS:
        raise ValueError(f"{key!r} is an object or a list ({style}), not a value to write")
    locale_for(lang)
    if is_missing(value):
        return MISSING
    return _METRIC_FORMATS[style](value, lang)


def label(key: str, lang: str = "id") -> str:
    """The report's word for ``key``: a metric's label from the catalog, else the word for a
    category, programme, benefit or column from the messages (``labels.<key>``)."""
    if catalog.is_metric(key):
        return catalog.label(key, lang)
    return message(f"labels.{key}", lang)
