"""Regency knobs of the demo for any province: Jambi's calibrated values of
``analysis.demo.calibration`` where there are some, the (illustrative) defaults below for
every other regency; another province's employed persons are ``EMPLOYED_PER_VILLAGE`` per
village in 2021, growing as Jambi's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal

DEFAULT_LANDSCAPE = {"kabupaten": "plantation", "kota": "city"}
DEFAULT_LIST_QUALITY = 1.0
DEFAULT_FORMAL_PROFILE = {"kabupaten": 0.9, "kota": 1.5}
EMPLOYED_PER_VILLAGE = 1_727  # BPS Sakernas Aug 2024: 144,64 juta bekerja / 83.762 desa/kel.


def regency_kind(code: str) -> str:
    """'kota' for a city (Kemendagri regency number 71 and above), else 'kabupaten'."""
    return "kota" if int(code[3:5]) >= 71 else "kabupaten"


def regency_landscape(code: str) -> str:
    """Landscape of a regency, which sets its occupations."""
    return cal.LANDSCAPE.get(code) or DEFAULT_LANDSCAPE[regency_kind(code)]


def list_quality(codes: np.ndarray) -> np.ndarray:
    """Village list quality of each regency code (multiplies the discrepancy rates)."""
    quality = pd.Series(codes).map(cal.LIST_QUALITY).fillna(DEFAULT_LIST_QUALITY)
    return quality.to_numpy(dtype=np.float64)


def formal_profile(code: str) -> float:
    """Relative formal share of a regency."""
    return cal.FORMAL_PROFILE.get(code) or DEFAULT_FORMAL_PROFILE[regency_kind(code)]
