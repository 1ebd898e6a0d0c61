"""Calibration knobs of the synthetic demo dataset.

Rates, targets, shares and benefit amounts are read from ``data/reference/parameters.toml``.
The knobs below only shape the synthetic population (fill rates, turnover, claim frequencies,
payment habits) so that province totals land near the published figures of docs/methodology.md.
Each knob names the figure it was tuned against; rates are per person and year. How regencies
differ (``regency_profiles``) is read from ``data/reference/demo_regencies.csv`` and, for
regencies without a row there, drawn from the ranges of ``data/reference/demo_calibration.toml``.
"""

from __future__ import annotations

import tomllib
from datetime import date

import numpy as np
import pandas as pd

from analysis.reference.paths import REFERENCE_DIR

# Cover runs from the first month after Pergub Jambi 16/2022 (24 Aug 2022) to the as-of date.
COVER_START = date(2022, 9, 1)
AS_OF = date(2025, 12, 31)
DATASET_SOURCE = (
    "Data sintetis dari `bkbk demo-data`, dikalibrasi ke angka publikasi (docs/methodology.md)"
)

# Enrolment.  docs/methodology.md: 76,016 MME at end 2022 (quota 78,100);
# 112,538 at end 2023 (74,617 MME + 37,921 PR); target 118,875 in 2024; 117 ribu in 2023/2024.
LATE_START_YEARS = (2023, 2024)
LATE_START_YEAR_WEIGHTS = (0.6, 0.4)
LATE_START_DAYS = (30, 300)          # first registration day within the start year
VILLAGE_FILL_SD = 0.07               # village fill noise around its regency's mean
PR_FILL_RATIO = 0.98                 # PR lists a little shorter (37,921 of 39,050 in 2023)
OVERACHIEVER_SHARE = 0.10            # villages listing well above the target (+10% to +50%)
UNDERACHIEVER_SHARE = 0.10           # villages listing well below the target (-15% to -55%)
ENROLLED_AT_BATCH = 0.90             # share of a village's first list registered on one day
FIRST_BATCH_WINDOW_DAYS = 60         # MME registration spread over Sep-Nov 2022
PR_BATCH_MEAN_DELAY_DAYS = 10        # PR registration spread over January 2023

# Turnover: exits by moving away or taking work, the yearly list revision on 1 January,
# and deaths; exits are replaced with a probability that depends on the year (the 2024
# drive towards the 118,875 target replaced nearly everyone).
OTHER_EXIT_RATE = 0.04
LIST_REVISION_DROP = 0.055
REVISION_MIN_DAYS = 30               # people registered in December stay on the new list
REPLACEMENT_PROBABILITY = {2022: 0.90, 2023: 0.35, 2024: 0.97}  # 2025: the regency profile
REPLACEMENT_REGENCY_SPREAD = 0.06
SAME_DAY_REPLACEMENT_AT_REVISION = 0.7
RE_ENROLMENT_SHARE = 0.08            # replacements who are the same person coming back
TOPUP_YEARS = (2024, 2025)           # drives to the target; the share of villages below
TOPUP_WINDOW_DAYS = 75               # target taking part is in the regency profile (Jan-Mar)

# Claims.  docs/methodology.md: santunan to MME of about Rp 7.7 miliar
# by mid-2024 (under-claiming: far below the 6.8 per 1,000 crude death rate); BPU work
# accidents about 2.2 per 1,000 a year.
JKM_DEATH_CLAIM_RATE = 1.15e-3       # claimed non-work deaths at age 45
DEATH_AGE_SLOPE = 0.045              # log hazard per year of age
JKK_DEATH_RATE = 0.12e-3
ACCIDENT_RATE = 1.8e-3               # non-fatal work accidents
STMB_SHARE = 0.55                    # accidents with time off work paid as STMB
DISABILITY_SHARE = 0.08              # accidents leaving a disability
DISABILITY_PERCENTAGES = (0.05, 0.10, 0.20, 0.30, 0.50, 0.70, 1.00)
DISABILITY_WEIGHTS = (0.30, 0.25, 0.17, 0.12, 0.08, 0.05, 0.03)
MEDICAL_MEDIAN = 2_500_000           # perawatan: skewed, Rp 0.5-30 juta
MEDICAL_SIGMA = 0.9
MEDICAL_RANGE = (500_000, 30_000_000)
SCHOLARSHIP_SHARE_JKK = 0.5          # JKK deaths leaving school-age children
SCHOLARSHIP_SHARE_JKM = 0.5          # JKM deaths after the membership period, same
SCHOLARSHIP_LEVEL_WEIGHTS = (0.45, 0.25, 0.2, 0.1)  # TK/SD, SMP, SMA, higher education
PAYMENT_LAG_MIN_DAYS = 7             # claim paid 7-60 days after the event, with a long tail
PAYMENT_LAG_MEDIAN_DAYS = 18
PAYMENT_LAG_SIGMA = 0.7

# Contributions (published): Rp 22.68 miliar in 2023, Rp 23.96 miliar in 2024; BKBK often pays
# many months at once.  Regimes: monthly, quarterly in arrears, quarterly in advance,
# per semester, once a year.
PAYMENT_REGIME_WEIGHTS = (0.30, 0.30, 0.10, 0.15, 0.15)
REGIME_KEPT_PER_YEAR = 0.8           # chance a village keeps its usual regime in a year

# Workforce.  docs/methodology.md (BPS Sakernas, BPJS Ketenagakerjaan).
# Per regency (Jambi), in data/reference/demo_regency_figures.csv: employed persons in 2021
# (BPS Sakernas), the relative formal share, the 2024 coverage where published, the landscape
# and the village list quality.
REGENCY_FIGURES = pd.read_csv(REFERENCE_DIR / "demo_regency_figures.csv",
                              dtype={"regency_code": str}).set_index("regency_code")


def _per_regency(column: str) -> dict:
    """A column of REGENCY_FIGURES by regency code, without its empty cells."""
    return REGENCY_FIGURES[column].dropna().to_dict()


EMPLOYED_2021 = {code: int(value) for code, value in _per_regency("employed_2021").items()}
WORKFORCE_YEARS = (2021, 2022, 2023, 2024, 2025)
# Province employed and formal share: 1.747 juta (37.99%) 2021, 1.80 juta 2023,
# 1.83 juta (41.65%) 2024; 2022 interpolated, 2025 extrapolated.
PROVINCE_EMPLOYED = {2022: 1_772_000, 2023: 1_800_000, 2024: 1_830_000, 2025: 1_852_000}
PROVINCE_FORMAL_SHARE = {2021: 0.3799, 2022: 0.3900, 2023: 0.4040, 2024: 0.4165, 2025: 0.4200}
# Relative formal share by regency (illustrative: the city most formal, highlands least).
FORMAL_PROFILE = _per_regency("formal_profile")
# Coverage (covered / employed) in 2024: published for five regencies (infojambi.com,
# 12 Aug 2024), the others scaled so that the province lands on 39.52%.
COVERAGE_YEAR = 2024
PUBLISHED_COVERAGE_2024 = _per_regency("coverage_2024")
OTHER_COVERAGE_PROFILE_2024 = _per_regency("coverage_profile_2024")
PROVINCE_COVERAGE_2024 = 0.3952
# Formal coverage relative to 2024, and the other (non-BKBK) BPU cover as a share of informal
# workers with its growth; BPJS TK active participants grew steadily (Kemnaker, Dec 2023).
FORMAL_COVERAGE_YEAR_FACTOR = {2021: 0.86, 2022: 0.90, 2023: 0.95, 2024: 1.00, 2025: 1.03}
OTHER_BPU_SHARE = (0.04, 0.09)
FORMAL_COVERAGE_CEILING = 0.85       # beyond it, a regency's extra cover is non-BKBK BPU
OTHER_BPU_YEAR_FACTOR = {2021: 0.80, 2022: 0.85, 2023: 0.92, 2024: 1.00, 2025: 1.05}

# Occupations by landscape (illustrative): highland farming, plantations, coast, city.
OCCUPATIONS = (
    "petani", "pekebun", "nelayan", "pedagang", "buruh harian", "buruh tani", "ojek",
    "pekerja rumah tangga", "perajin",
)
OCCUPATION_WEIGHTS = {
    "highland": (0.46, 0.14, 0.00, 0.10, 0.10, 0.12, 0.04, 0.02, 0.02),
    "plantation": (0.18, 0.36, 0.03, 0.08, 0.15, 0.12, 0.04, 0.02, 0.02),
    "coast": (0.12, 0.22, 0.28, 0.09, 0.14, 0.08, 0.04, 0.02, 0.01),
    "city": (0.02, 0.02, 0.03, 0.30, 0.28, 0.02, 0.16, 0.12, 0.05),
}
LANDSCAPE = _per_regency("landscape")
FEMALE_SHARE = {"MME": 0.52, "PR": 0.38}
AGE_RANGE = (18, 70)                 # age in 2022
AGE_BETA = (2.2, 2.4)                # shape of the age distribution within the range

# Village lists (SK Kepala Desa / Lurah) against BPJS records, one list per village and year,
# drawn from the people active on 31 December, with discrepancies of the kinds the monitoring
# meetings reconcile (Kota Jambi M&E, Dec 2024). Rates are illustrative: shares of the people
# active at the year end, except where said; docs/methodology.md states them.
LIST_DISCREPANCY_RATES = {
    "not_listed": 0.030,      # registered and active, left off the list (tidak_dalam_daftar)
    "other_category": 0.015,  # listed in the other category (beda_kategori)
    "other_village": 0.010,   # listed by a neighbouring village only (beda_desa)
    "listed_twice": 0.008,    # listed by their village and a neighbouring one (ganda_daftar)
    "nik_typo": 0.015,        # NIK with two digits swapped or one digit changed
    "nik_invalid": 0.010,     # NIK of the wrong form (15 digits, serial 0000, day 32, ...)
    "not_registered": 0.030,  # people on the list unknown to BPJS (belum_terdaftar)
}
ENDED_STILL_LISTED = 0.25     # of those whose cover ended during the year and not renewed
DEATHS_STILL_LISTED = 0.40    # of those who died during the year (death benefit paid)
NAME_SPELLED_OTHERWISE = 0.20  # typo rows whose name the village wrote a little differently
# List quality by regency (multiplies every rate above): the city's mobile population moves
# between kelurahan; remote regencies type NIK by hand from paper lists more often.
LIST_QUALITY = _per_regency("list_quality")
# Payments for more or fewer people than are active: share of (village, category, month)
# payment rows whose head count is off by 1-3 people, and the share of those paying more.
HEAD_COUNT_OFF_SHARE = 0.04
HEAD_COUNT_OVER_SHARE = 0.6


# How regencies differ: their profiles (see data/reference/demo_calibration.toml).
PROFILES_FILE = REFERENCE_DIR / "demo_regencies.csv"
PROFILE_RANGES_FILE = REFERENCE_DIR / "demo_calibration.toml"
PROFILE_RANGES = tomllib.loads(PROFILE_RANGES_FILE.read_text("utf-8"))
PAUSES = PROFILE_RANGES["pauses"]
STOPPED = PROFILE_RANGES["stopped"]


def regency_profiles(regency_codes: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """One profile row per regency, in the order of ``regency_codes``: the row of
    ``PROFILES_FILE`` where there is one, else values drawn from the ranges."""
    n = len(regency_codes)
    drawn = pd.DataFrame(
        {name: rng.uniform(low, high, n) for name, (low, high) in PROFILE_RANGES["ranges"].items()},
        index=pd.Index(regency_codes, name="regency_code"),
    )
    late = PROFILE_RANGES["late_regencies"]
    for category in ("mme", "pr"):
        delayed = rng.random(n) < late[f"{category}_share"]
        low, high = late[f"{category}_delay_days"]
        drawn[f"{category}_delay_days"] = np.where(delayed, rng.integers(low, high + 1, n), 0)
    known = pd.read_csv(PROFILES_FILE, dtype={"regency_code": str}).set_index("regency_code")
    known = known.reindex(columns=drawn.columns).loc[known.index.intersection(drawn.index)]
    drawn.update(known)
    return drawn.astype({"mme_delay_days": np.int64, "pr_delay_days": np.int64})
