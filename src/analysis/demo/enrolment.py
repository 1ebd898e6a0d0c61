"""Synthetic participants: village lists, turnover, replacements, re-enrolments, top-ups.

Each village holds a number of places per category (its list). A place is filled by a
person; when the person leaves (moving away, the yearly list revision, death) the village
may enrol a replacement after a delay, sometimes the same person again. Villages below
the target top their lists up in the drives of 2024 and 2025. How a regency's villages fill
their lists, when they start, whether they replace leavers and take part in the drives is its
profile (``calibration.regency_profiles``). Everything is vectorised over places.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.regional import regency_landscape
from analysis.demo.timeline import END, NEVER, START, day, new_year, years
from analysis.reference.geography import villages
from analysis.reference.parameters import load_parameters, village_target

CATEGORY_NAMES = ("MME", "PR")
EXIT_NONE, EXIT_OTHER, EXIT_REVISION, EXIT_JKM_DEATH, EXIT_JKK_DEATH = range(5)
YEAR_DAYS = 365.25
REFERENCE_AGE = 45


@dataclass
class VillagePlan:
    """Villages in code order with their regency and the start of each category's cover."""

    codes: np.ndarray
    regency: np.ndarray  # index into regency_codes
    regency_codes: list[str]
    late: np.ndarray
    start: np.ndarray  # shape (villages, 2): first registration day of MME and PR
    fill: np.ndarray  # shape (villages, 2): list size relative to the target
    profile: pd.DataFrame  # one row per regency, in the order of regency_codes

    def of_village(self, column: str) -> np.ndarray:
        """A profile value for each village (its regency's)."""
        return self.profile[column].to_numpy()[self.regency]


@dataclass
class Enrolments:
    """One entry per enrolment (a row of participants.csv), arrays of equal length."""

    person: np.ndarray
    village: np.ndarray
    category: np.ndarray  # 0 = MME, 1 = PR
    enrolled: np.ndarray
    ended: np.ndarray  # NEVER while still covered
    reason: np.ndarray  # EXIT_* code
    birth_year: np.ndarray

    def active_on(self, when: int) -> np.ndarray:
        """Mask of enrolments covering a day."""
        return (self.enrolled <= when) & (self.ended > when)

    @staticmethod
    def concat(parts: list[Enrolments]) -> Enrolments:
        """All enrolments of several parts."""
        names = [f.name for f in fields(Enrolments)]
        return Enrolments(**{k: np.concatenate([getattr(p, k) for p in parts]) for k in names})


@dataclass
class People:
    """Attributes of each person, indexed by person number."""

    sex: np.ndarray  # 0 = L, 1 = P
    birth_year: np.ndarray
    occupation: np.ndarray  # index into calibration.OCCUPATIONS


def first_pr_day() -> int:
    """First day on which a PR target is in force."""
    blocks = load_parameters()["village_targets"]
    return min(day(b["effective_from"]) for b in blocks if b["PR"] > 0)


def targets_on(category: str, days: np.ndarray) -> np.ndarray:
    """Per-village target in force on each day."""
    unique, inverse = np.unique(days, return_inverse=True)
    values = np.array([village_target(category, str(d)) for d in unique.astype("datetime64[D]")])
    return values[inverse]


def plan_villages(rng: np.random.Generator) -> VillagePlan:
    """Villages with late starters, registration days and list sizes."""
    frame = villages().sort_values("village_code", ignore_index=True)
    codes = frame["village_code"].to_numpy(dtype=str)
    regency_codes = sorted(frame["regency_code"].unique())
    regency = np.searchsorted(regency_codes, frame["regency_code"].to_numpy(dtype=str))
    n, n_reg = len(codes), len(regency_codes)
    profile = cal.regency_profiles(regency_codes, rng)
    delay = {c: profile[f"{c}_delay_days"].to_numpy()[regency] for c in ("mme", "pr")}

    late = rng.random(n) < profile["late_village_share"].to_numpy()[regency]
    late_year = rng.choice(cal.LATE_START_YEARS, size=n, p=cal.LATE_START_YEAR_WEIGHTS)
    late_day = np.array([new_year(y) for y in late_year]) + rng.integers(*cal.LATE_START_DAYS, n)
    regency_offset = rng.integers(0, 31, size=n_reg)
    start_mme = (START + regency_offset[regency] + delay["mme"]
                 + rng.integers(0, cal.FIRST_BATCH_WINDOW_DAYS, n))
    pr_delay = np.minimum(rng.exponential(cal.PR_BATCH_MEAN_DELAY_DAYS, n).astype(np.int64), 90)
    start_pr = first_pr_day() + 1 + delay["pr"] + pr_delay
    start = np.where(late[:, None], late_day[:, None], np.column_stack([start_mme, start_pr]))

    fill = profile["fill"].to_numpy()[regency] + rng.normal(0, cal.VILLAGE_FILL_SD, n)
    kind = rng.random(n)
    fill += np.where(kind < cal.OVERACHIEVER_SHARE, rng.uniform(0.10, 0.50, n), 0)
    fill -= np.where(kind > 1 - cal.UNDERACHIEVER_SHARE, rng.uniform(0.15, 0.55, n), 0)
    fill_pr = cal.PR_FILL_RATIO * fill + rng.normal(0, 0.05, n)
    return VillagePlan(codes, regency, regency_codes, late, start, np.column_stack([fill, fill_pr]),
                       profile)


class _Registry:
    """Hands out person numbers and records the attributes of new people."""

    def __init__(self, rng: np.random.Generator, plan: VillagePlan):
        self.rng, self.plan, self.parts, self.count = rng, plan, [], 0
        weights = np.array([cal.OCCUPATION_WEIGHTS[regency_landscape(c)]
                            for c in plan.regency_codes])
        self.occupation_cdf = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)

    def new(self, village: np.ndarray, category: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Person numbers and birth years of new people."""
        n, rng = len(village), self.rng
        female = np.array([cal.FEMALE_SHARE[c] for c in CATEGORY_NAMES])[category]
        sex = (rng.random(n) < female).astype(np.int8)
        low, high = cal.AGE_RANGE
        age = low + np.floor((high - low + 1) * rng.beta(*cal.AGE_BETA, n)).astype(np.int64)
        birth_year = cal.COVER_START.year - np.minimum(age, high)
        cdf = self.occupation_cdf[self.plan.regency[village]]
        occupation = np.minimum((cdf < rng.random(n)[:, None]).sum(axis=1), cdf.shape[1] - 1)
        self.parts.append((sex, birth_year, occupation))
        ids = np.arange(self.count, self.count + n)
        self.count += n
        return ids, birth_year

    def people(self) -> People:
        """Attributes of everyone registered so far."""
        return People(*(np.concatenate([p[i] for p in self.parts]) for i in range(3)))


def _covered_years() -> range:
    return range(cal.COVER_START.year, cal.AS_OF.year + 1)


def _replacement_probability(rng: np.random.Generator, profile: pd.DataFrame) -> np.ndarray:
    """Chance that a place left is filled again, by year of leaving (rows 2022..2025) and
    regency: the year's province figure with some spread, then the regency's own."""
    spread = cal.REPLACEMENT_REGENCY_SPREAD
    own = np.clip(profile["replacement_2025"].to_numpy(), 0, 1)
    rows = [
        np.clip(cal.REPLACEMENT_PROBABILITY[year] * (1 + rng.uniform(-spread, spread, len(own))),
                0, 1) if year in cal.REPLACEMENT_PROBABILITY else own
        for year in _covered_years()
    ]
    return np.vstack(rows)


def _simulate(village, category, enrol, registry, replacement, rng) -> Enrolments:
    """Follow places from their first enrolment to the as-of date."""
    plan = registry.plan
    person, birth_year = registry.new(village, category)
    parts = []
    revision_days = [new_year(y) for y in _covered_years()[1:]]
    while len(enrol):
        n = len(enrol)
        age = years(enrol) - birth_year
        death_rate = cal.JKM_DEATH_CLAIM_RATE * np.exp(cal.DEATH_AGE_SLOPE * (age - REFERENCE_AGE))
        revised = np.full(n, NEVER)
        for when in reversed(revision_days):
            hit = (when > enrol + cal.REVISION_MIN_DAYS) & (rng.random(n) < cal.LIST_REVISION_DROP)
            revised = np.where(hit, when, revised)
        candidates = np.vstack([
            enrol + 1 + np.floor(rng.exponential(YEAR_DAYS / cal.OTHER_EXIT_RATE, n)),
            revised,
            enrol + 1 + np.floor(rng.exponential(YEAR_DAYS / death_rate)),
            enrol + 1 + np.floor(rng.exponential(YEAR_DAYS / cal.JKK_DEATH_RATE, n)),
        ]).astype(np.int64)
        leave = candidates.min(axis=0)
        exited = leave <= END
        ended = np.where(exited, leave, NEVER)
        reason = np.where(exited, candidates.argmin(axis=0) + EXIT_OTHER, EXIT_NONE)
        parts.append(Enrolments(person, village, category, enrol, ended, reason, birth_year))

        year_row = years(np.minimum(ended, END)) - cal.COVER_START.year
        replaced = exited & (rng.random(n) < replacement[year_row, plan.regency[village]])
        at_revision = reason == EXIT_REVISION
        same_day = rng.random(n) < cal.SAME_DAY_REPLACEMENT_AT_REVISION
        delay = np.where(
            at_revision,
            np.where(same_day, 0, rng.integers(14, 91, n)),
            rng.integers(20, 151, n),
        )
        came_back = rng.random(n) < cal.RE_ENROLMENT_SHARE
        again = np.isin(reason, (EXIT_OTHER, EXIT_REVISION)) & (delay > 0) & came_back
        follow = replaced & (ended + delay <= END)
        village, category = village[follow], category[follow]
        enrol, again = (ended + delay)[follow], again[follow]
        new_person, new_birth = registry.new(village[~again], category[~again])
        person_next, birth_next = person[follow].copy(), birth_year[follow].copy()
        person_next[~again], birth_next[~again] = new_person, new_birth
        person, birth_year = person_next, birth_next
    return Enrolments.concat(parts)


def _places(plan: VillagePlan, counts: np.ndarray, first_day: np.ndarray, rng) -> tuple:
    """Village, category and first enrolment day of each place."""
    n = len(plan.codes)
    flat = counts.reshape(-1)
    village = np.repeat(np.repeat(np.arange(n), 2), flat)
    category = np.repeat(np.tile(np.array([0, 1]), n), flat)
    batch = np.repeat(first_day.reshape(-1), flat)
    later = rng.random(len(batch)) >= cal.ENROLLED_AT_BATCH
    enrol = np.where(later, batch + rng.integers(7, 60, len(batch)), batch)
    keep = enrol <= END
    return village[keep], category[keep], enrol[keep]


def _top_up(plan: VillagePlan, so_far: Enrolments, year: int, registry: _Registry,
            replacement: np.ndarray, rng: np.random.Generator) -> Enrolments:
    """The drive of a year: villages below target (by the regency's ``topup_<year>`` share)
    enrol part or all of their shortfall in its first months."""
    drive = new_year(year)
    active = so_far.active_on(drive)
    held = np.zeros((len(plan.codes), 2), dtype=np.int64)
    np.add.at(held, (so_far.village[active], so_far.category[active]), 1)
    goal = np.column_stack([targets_on(c, np.full(len(plan.codes), drive)) for c in CATEGORY_NAMES])
    shortfall = np.where(plan.start < drive, np.maximum(goal - held, 0), 0)
    tops = rng.random(len(plan.codes)) < plan.of_village(f"topup_{year}")
    extra = np.where(tops[:, None], np.rint(shortfall * rng.uniform(0.5, 1.1, shortfall.shape)), 0)
    first = drive + 1 + rng.integers(0, cal.TOPUP_WINDOW_DAYS, shortfall.shape)
    return _simulate(*_places(plan, extra.astype(np.int64), first, rng), registry, replacement,
                     rng)


def simulate_enrolments(rng: np.random.Generator) -> tuple[VillagePlan, Enrolments, People]:
    """Every enrolment of the demo dataset with the attributes of each person."""
    plan = plan_villages(rng)
    registry = _Registry(rng, plan)
    replacement = _replacement_probability(rng, plan.profile)
    target = np.column_stack(
        [targets_on(name, plan.start[:, i]) for i, name in enumerate(CATEGORY_NAMES)]
    )
    counts = np.maximum(np.rint(target * plan.fill), 0).astype(np.int64)
    parts = [_simulate(*_places(plan, counts, plan.start, rng), registry, replacement, rng)]
    for year in cal.TOPUP_YEARS:
        parts.append(_top_up(plan, Enrolments.concat(parts), year, registry, replacement, rng))
    return plan, Enrolments.concat(parts), registry.people()
