"""Vectorised readers of raw cell values: text, codes, dates, periods, numbers and shares.

Every reader takes the text of a column (see ``as_text``) and returns ``(values, bad)``:
the parsed values (missing where the text is missing or unreadable) and a boolean mask of
the cells that hold text but could not be read. Missing cells are not ``bad``.
"""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pandas as pd

Parsed = tuple[pd.Series, pd.Series]

FIRST_DAY = pd.Timestamp("1900-01-01")  # earlier or later dates are typing errors
LAST_DAY = pd.Timestamp("2199-12-31")
MAX_WHOLE = 10**15  # larger whole numbers (a thousand trillion) are typing errors

SEX_WORDS = {
    "L": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "LAKI": "L", "PRIA": "L", "M": "L",
    "P": "P", "PEREMPUAN": "P", "WANITA": "P", "F": "P",
}

RULES = {
    "village": "not a village code (expected 15.07.01.2001 or 1507012001)",
    "regency": "not a regency code (expected 15.07 or 1507)",
    "date": "not a date (expected 2024-01-31 or 31/01/2024)",
    "period": "period must be YYYY-MM (e.g. 2024-01)",
    "amount": "not a whole Rupiah amount (expected 1234567, 1.234.567, 1.234.567,00 or Rp 16.800)",
    "count": "not a whole number (expected e.g. 1234 or 1.234)",
    "year": "not a year (expected e.g. 2024)",
    "ordinal": "not a row number (expected a whole number such as 12)",
    "share": "not a fraction (expected e.g. 0.10, 0,10 or 10%)",
}


def cell_text(value: object) -> str | None:
    """One cell as the text a user would type: ``1507012001.0`` -> ``'1507012001'``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        if np.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, datetime | pd.Timestamp):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def as_text(values: pd.Series) -> pd.Series:
    """A raw column as stripped text (``str`` dtype), missing where the cell is empty."""
    if isinstance(values.dtype, pd.StringDtype):
        text = values.str.strip()
    else:
        text = values.map(cell_text, na_action="ignore").astype("str")
    return text.where(text != "")


def _empty(text: pd.Series, dtype: str) -> pd.Series:
    return pd.Series(pd.NA if dtype in ("Int64", "str") else np.nan, index=text.index,
                     dtype=dtype)


def matches(text: pd.Series, pattern: str) -> pd.Series:
    """Boolean mask of the cells whose whole text matches ``pattern`` (missing -> False)."""
    return text.str.fullmatch(pattern).fillna(False).astype(bool)


def parse_code(text: pd.Series, widths: tuple[int, ...]) -> Parsed:
    """Dotted or undotted region codes, stray spaces removed: '1507012001' -> '15.07.01.2001'."""
    dotted = r"\.".join(rf"\d{{{w}}}" for w in widths)
    codes = text.where(matches(text, dotted))
    rest = text.notna() & codes.isna()
    if rest.any():
        digits = text[rest].str.replace(r"[\s.]", "", regex=True)
        undotted = digits[matches(digits, rf"\d{{{sum(widths)}}}")]
        parts, start = [], 0
        for width in widths:
            parts.append(undotted.str.slice(start, start + width))
            start += width
        codes[undotted.index] = parts[0].str.cat(parts[1:], sep=".")
    return codes, text.notna() & codes.isna()


def parse_upper(text: pd.Series) -> Parsed:
    """Categories and programs: ' mme ' -> 'MME' (checked against the list by the schema)."""
    return text.str.upper(), _no_bad(text)


def parse_benefit(text: pd.Series) -> Parsed:
    """Benefit types in lower case: 'Kematian' -> 'kematian'; 'STMB' -> 'stmb'."""
    return text.str.lower(), _no_bad(text)


def parse_sex(text: pd.Series) -> Parsed:
    """'L', 'P', 'Laki-laki', 'Perempuan', ... -> 'L' or 'P'; others kept for the schema."""
    upper = text.str.upper()
    return upper.map(SEX_WORDS).fillna(upper).astype("str"), _no_bad(text)


def parse_plain(text: pd.Series) -> Parsed:
    """Identifiers and free text, already stripped."""
    return text, _no_bad(text)


def _no_bad(text: pd.Series) -> pd.Series:
    return pd.Series(False, index=text.index)


def _days(dates: pd.Series) -> pd.Series:
    """Dates from FIRST_DAY to LAST_DAY as datetime64[ns]; others missing (input errors)."""
    inside = (dates >= FIRST_DAY) & (dates <= LAST_DAY)
    return dates.where(inside).astype("datetime64[ns]")


def _from_parts(parts: pd.DataFrame, year: int, month: int, day: int) -> pd.Series:
    numbers = parts.astype(float)
    numbers = numbers.where(numbers[year].between(FIRST_DAY.year, LAST_DAY.year), axis=0)
    frame = pd.DataFrame({"year": numbers[year], "month": numbers[month], "day": numbers[day]})
    return _days(pd.to_datetime(frame, errors="coerce"))


def parse_date(text: pd.Series) -> Parsed:
    """ISO ``2024-01-31`` or Indonesian ``31/01/2024`` (also ``31-01-2024``, ``31.01.2024``).

    A numeric date with slashes is always read day first, as Indonesians write it.
    A time of day after the date is dropped.
    """
    dates = _days(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))
    rest = text.notna() & dates.isna()
    if rest.any():
        clock = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
        iso = text[rest].str.extract(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){clock}$")
        dmy = text[rest].str.extract(rf"^(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){clock}$")
        found = _from_parts(iso, 0, 1, 2).fillna(_from_parts(dmy, 2, 1, 0))
        dates[rest] = found
    return dates, text.notna() & dates.isna()


def parse_period(text: pd.Series) -> Parsed:
    """``YYYY-MM`` -> the first day of that month (an Excel date on the 1st is accepted)."""
    plain = matches(text, r"\d{4}-\d{2}")
    periods = _days(pd.to_datetime(text.where(plain), format="%Y-%m", errors="coerce"))
    first_day = text.notna() & ~plain & matches(text, r"\d{4}-\d{2}-01")
    if first_day.any():
        periods[first_day] = _days(pd.to_datetime(text[first_day], format="%Y-%m-%d",
                                                  errors="coerce"))
    return periods, text.notna() & periods.isna()


NUMBER_FORMATS = (
    # (pattern, thousands separator, decimal separator)
    (r"-?\d+", "", "."),
    (r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", ".", ","),  # 1.234.567,00 (Indonesian)
    (r"-?\d+,\d+", "", ","),  # 16800,00
    (r"-?\d+\.\d+", "", "."),  # 16800.0
    (r"-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|-?\d{1,3}(?:,\d{3})+\.\d+", ",", "."),  # 1,234,567.00
)


def _number(text: pd.Series) -> pd.Series:
    """Numbers written the Indonesian or the plain way, as floats (NaN when unreadable)."""
    compact = text.str.replace(r"^(?:rp|idr)\.?|\s", "", case=False, regex=True)
    result = pd.Series(np.nan, index=text.index)
    pending = compact.notna()
    for pattern, thousands, decimal in NUMBER_FORMATS:
        hit = pending & matches(compact, pattern)
        if hit.any():
            plain = compact[hit]
            if thousands:
                plain = plain.str.replace(thousands, "", regex=False)
            numbers = pd.to_numeric(plain.str.replace(decimal, ".", regex=False), errors="coerce")
            result[hit] = numbers.astype("float64")
            pending &= ~hit
    return result


def parse_whole(text: pd.Series) -> Parsed:
    """Whole numbers and Rupiah amounts: ``1.234.567,00``, ``Rp 16.800``, ``1234`` -> Int64."""
    values = _empty(text, "Int64")
    plain = matches(text, r"-?\d{1,15}")
    values[plain] = text[plain].astype("int64")
    rest = text.notna() & ~plain
    if rest.any():
        numbers = _number(text[rest])
        whole = numbers[(numbers == np.floor(numbers)) & (numbers.abs() < MAX_WHOLE)]
        values[whole.index] = whole.astype("int64")
    return values, text.notna() & values.isna()


def parse_share(text: pd.Series) -> Parsed:
    """Fractions ``0.10``, ``0,10`` or ``10%`` -> 0.10."""
    compact = text.str.replace(r"\s", "", regex=True)
    percent = matches(compact, r".*%")
    numbers = pd.to_numeric(
        compact.str.rstrip("%").str.replace(",", ".", regex=False), errors="coerce"
    ).astype("float64")
    numbers[percent] = numbers[percent] / 100
    return numbers, text.notna() & numbers.isna()


PARSERS = {
    "id": parse_plain,
    "text": parse_plain,
    "village": lambda text: parse_code(text, (2, 2, 2, 4)),
    "regency": lambda text: parse_code(text, (2, 2)),
    "category": parse_upper,
    "program": parse_upper,
    "benefit": parse_benefit,
    "sex": parse_sex,
    "date": parse_date,
    "period": parse_period,
    "amount": parse_whole,
    "count": parse_whole,
    "year": parse_whole,
    "ordinal": parse_whole,
    "share": parse_share,
}


def parse(kind: str, text: pd.Series) -> Parsed:
    """Read a column of a given kind (see ``analysis.inputs.schemas.FIELDS``)."""
    return PARSERS[kind](text)
