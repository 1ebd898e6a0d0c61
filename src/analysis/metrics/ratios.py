"""Ratios whose denominator may be zero: ``None`` (JSON null) or NaN in frames."""

from __future__ import annotations

import numpy as np
import pandas as pd


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator as a float; None when either is None or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return float(numerator) / float(denominator)


def change(current: float | None, before: float | None) -> float | None:
    """Relative change current / before - 1; None when it is undefined."""
    share = ratio(current, before)
    return None if share is None else share - 1.0


def ratio_series(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Element-wise ratio as float64, NaN where the denominator is 0."""
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (num / den.where(den != 0, np.nan)).astype("float64")
