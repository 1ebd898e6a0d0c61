"""Synthetic workforce: employed persons and BPJS Ketenagakerjaan coverage per regency.

Employed persons start from the published 2021 figures per regency and grow to the
province totals of docs/methodology.md; coverage in 2024 follows the published regency figures and
the province's 39.52%. Informal cover (BPU) always includes the regency's BKBK participants.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.enrolment import Enrolments, VillagePlan
from analysis.demo.regional import EMPLOYED_PER_VILLAGE, formal_profile
from analysis.demo.timeline import day


def _employed(codes: list[str], village_counts: np.ndarray, rng) -> dict[int, np.ndarray]:
    """Employed persons per regency and year: Jambi's published figures, or for another
    province ``EMPLOYED_PER_VILLAGE`` per village in 2021 growing as Jambi's."""
    calibrated = all(c in cal.EMPLOYED_2021 for c in codes)
    first = (np.array([cal.EMPLOYED_2021[c] for c in codes], dtype=np.float64) if calibrated
             else village_counts * float(EMPLOYED_PER_VILLAGE))
    jambi_2021 = sum(cal.EMPLOYED_2021.values())
    employed = {2021: first}
    for year in cal.WORKFORCE_YEARS[1:]:
        grown = employed[year - 1] * (1 + rng.normal(0, 0.01, len(codes)))
        total = (cal.PROVINCE_EMPLOYED[year] if calibrated
                 else first.sum() * cal.PROVINCE_EMPLOYED[year] / jambi_2021)
        employed[year] = grown * total / grown.sum()
    return {year: np.rint(values).astype(np.int64) for year, values in employed.items()}


def _published_coverage(codes: list[str], employed: np.ndarray) -> np.ndarray:
    """Coverage per regency in the year of the published figures (COVERAGE_YEAR)."""
    published = np.array([cal.PUBLISHED_COVERAGE_2024.get(c, 0.0) for c in codes])
    profile = np.array([cal.OTHER_COVERAGE_PROFILE_2024.get(
        c, 0.0 if c in cal.PUBLISHED_COVERAGE_2024 else 1.0) for c in codes])
    rest = cal.PROVINCE_COVERAGE_2024 * employed.sum() - (published * employed).sum()
    return published + profile * rest / (profile * employed).sum()


def _bkbk_active(plan: VillagePlan, en: Enrolments, year: int) -> np.ndarray:
    active = en.active_on(day(f"{year}-12-31"))
    regency = plan.regency[en.village[active]]
    return np.bincount(regency, minlength=len(plan.regency_codes))


def build_workforce(plan: VillagePlan, en: Enrolments, rng) -> pd.DataFrame:
    """One row per regency and year, sorted by regency and year."""
    codes = plan.regency_codes
    employed = _employed(codes, np.bincount(plan.regency, minlength=len(codes)), rng)
    profile = np.array([formal_profile(c) for c in codes])
    formal, informal, bkbk = {}, {}, {}
    for year in cal.WORKFORCE_YEARS:
        total = employed[year]
        scale = cal.PROVINCE_FORMAL_SHARE[year] * total.sum() / (profile * total).sum()
        formal[year] = np.rint(total * profile * scale).astype(np.int64)
        informal[year] = total - formal[year]
        bkbk[year] = _bkbk_active(plan, en, year)

    # Coverage as published in 2024: formal cover up to a ceiling, the rest non-BKBK BPU.
    known = cal.COVERAGE_YEAR
    other_bpu = rng.uniform(*cal.OTHER_BPU_SHARE, len(codes)) * cal.OTHER_BPU_YEAR_FACTOR[known]
    covered = _published_coverage(codes, employed[known]) * employed[known]
    formal_covered = covered - bkbk[known] - other_bpu * informal[known]
    ceiling = cal.FORMAL_COVERAGE_CEILING * formal[known]
    other_bpu += np.maximum(formal_covered - ceiling, 0) / informal[known]
    formal_ratio = np.minimum(formal_covered, ceiling) / formal[known]

    rows = []
    for year in cal.WORKFORCE_YEARS:
        bpu = np.rint(informal[year] * other_bpu * cal.OTHER_BPU_YEAR_FACTOR[year]
                      / cal.OTHER_BPU_YEAR_FACTOR[known]).astype(np.int64)
        ratio = formal_ratio * cal.FORMAL_COVERAGE_YEAR_FACTOR[year]
        ratio *= 1 + rng.normal(0, 0.01, len(codes))
        rows.append(pd.DataFrame({
            "regency_code": codes, "year": year, "employed": employed[year],
            "employed_formal": formal[year], "employed_informal": informal[year],
            "covered_formal": np.rint(np.clip(ratio, 0, 1) * formal[year]).astype(np.int64),
            "covered_informal": np.minimum(bkbk[year] + bpu, informal[year]),
        }))
    return pd.concat(rows).sort_values(["regency_code", "year"], ignore_index=True)
