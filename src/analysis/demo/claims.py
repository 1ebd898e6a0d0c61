"""Synthetic claims (santunan): one row per benefit payment.

Deaths come from the enrolment simulation (a death ends cover the next day); work
accidents are drawn over each enrolment's covered days. Amounts follow the benefit rules
in force on the event day; claims not paid by the as-of date are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.enrolment import EXIT_JKK_DEATH, EXIT_JKM_DEATH, YEAR_DAYS, Enrolments
from analysis.demo.participants import first_enrolled
from analysis.demo.timeline import END, iso
from analysis.inputs.dataset import BENEFITS
from analysis.reference.parameters import in_force

ID_PREFIX = "KLM-"


def _rule(section: str, key: str, days: np.ndarray) -> np.ndarray:
    """A parameter in force on each day."""
    unique, inverse = np.unique(days, return_inverse=True)
    values = [in_force(section, str(d))[key] for d in unique.astype("datetime64[D]")]
    return np.asarray(values, dtype=np.float64)[inverse]


def _lag(rng: np.random.Generator, n: int) -> np.ndarray:
    """Days from event to payment: mostly one to eight weeks, with a long tail."""
    tail = rng.lognormal(np.log(cal.PAYMENT_LAG_MEDIAN_DAYS), cal.PAYMENT_LAG_SIGMA, n)
    return cal.PAYMENT_LAG_MIN_DAYS + np.rint(tail).astype(np.int64)


def _rows(enrolment, program, benefit, event, paid, amount) -> pd.DataFrame:
    n = len(enrolment)
    return pd.DataFrame({
        "enrolment": enrolment, "program": np.broadcast_to(program, n),
        "benefit": np.broadcast_to(benefit, n), "event": event, "paid": paid,
        "amount": np.rint(amount).astype(np.int64),
    })


def _scholarships(enrolment, program, event, paid, rng) -> list[pd.DataFrame]:
    """Yearly scholarship payments for one or two children of each deceased participant."""
    n = len(enrolment)
    children = 1 + (rng.random(n) < 0.5)
    per_level = np.asarray(in_force("benefits", iso(END))["scholarship_yearly"])
    levels = rng.choice(len(per_level), size=(n, 2), p=cal.SCHOLARSHIP_LEVEL_WEIGHTS)
    yearly = per_level[levels]
    yearly = yearly[:, 0] + np.where(children == 2, yearly[:, 1], 0)
    cap = _rule("benefits", "scholarship_max_total", paid)
    first = paid + rng.integers(14, 61, n)
    parts, year = [], 0
    while (due := first + round(year * YEAR_DAYS) <= END).any():
        amount = np.clip(cap - year * yearly, 0, yearly)
        keep = due & (amount > 0)
        parts.append(_rows(enrolment[keep], program[keep], "beasiswa", event[keep],
                           (first + round(year * YEAR_DAYS))[keep], amount[keep]))
        year += 1
    return parts


def _deaths(en: Enrolments, first_day: np.ndarray, rng) -> list[pd.DataFrame]:
    died = np.flatnonzero(np.isin(en.reason, (EXIT_JKM_DEATH, EXIT_JKK_DEATH)))
    event = en.ended[died] - 1
    paid = event + _lag(rng, len(died))
    work = en.reason[died] == EXIT_JKK_DEATH
    program = np.where(work, "JKK", "JKM")
    wage = _rule("contribution_rates", "declared_income", event)
    lump = np.where(
        work,
        _rule("benefits", "jkk_death_wage_multiple", event) * wage,
        _rule("benefits", "jkm_death_lump_sum", event),
    )
    parts = [
        _rows(died, program, "kematian", event, paid, lump),
        _rows(died, program, "berkala", event, paid, _rule("benefits", "jkm_periodic", event)),
        _rows(died, program, "pemakaman", event, paid, _rule("benefits", "funeral", event)),
    ]
    member_years = (event - first_day[en.person[died]]) / YEAR_DAYS
    needed = _rule("benefits", "scholarship_min_membership_years_jkm", event)
    draw = rng.random(len(died))
    children = np.where(
        work, draw < cal.SCHOLARSHIP_SHARE_JKK,
        (member_years >= needed) & (draw < cal.SCHOLARSHIP_SHARE_JKM),
    )
    return parts + _scholarships(
        died[children], program[children], event[children], paid[children], rng
    )


def _accidents(en: Enrolments, rng) -> list[pd.DataFrame]:
    stop = np.minimum(en.ended, END + 1)
    exposure = stop - en.enrolled
    count = rng.poisson(cal.ACCIDENT_RATE * exposure / YEAR_DAYS)
    hurt = np.repeat(np.arange(len(exposure)), count)
    event = en.enrolled[hurt] + np.floor(rng.random(len(hurt)) * exposure[hurt]).astype(np.int64)
    n = len(hurt)
    wage = _rule("contribution_rates", "declared_income", event)
    low, high = cal.MEDICAL_RANGE
    medical = np.clip(rng.lognormal(np.log(cal.MEDICAL_MEDIAN), cal.MEDICAL_SIGMA, n), low, high)
    parts = [_rows(hurt, "JKK", "perawatan", event, event + _lag(rng, n), np.round(medical, -3))]

    full_months = _rule("benefits", "stmb_months_full", event).astype(np.int64)
    months = np.minimum(rng.geometric(0.45, n), full_months)
    off_work = rng.random(n) < cal.STMB_SHARE
    paid = event + 30 * months + _lag(rng, n)
    parts.append(_rows(hurt[off_work], "JKK", "stmb", event[off_work], paid[off_work],
                       (months * wage)[off_work]))

    share = rng.choice(cal.DISABILITY_PERCENTAGES, size=n, p=cal.DISABILITY_WEIGHTS)
    disabled = rng.random(n) < cal.DISABILITY_SHARE
    amount = share * _rule("benefits", "disability_total_multiple", event) * wage
    paid = event + rng.integers(90, 241, n) + _lag(rng, n)
    parts.append(_rows(hurt[disabled], "JKK", "cacat", event[disabled], paid[disabled],
                       amount[disabled]))
    return parts


def build_claims(en: Enrolments, ids: np.ndarray, codes: np.ndarray, rng,
                 prefix: str = ID_PREFIX) -> pd.DataFrame:
    """The claims table, sorted by payment day, with claim ids in that order."""
    first_day = first_enrolled(en, len(ids))
    rows = pd.concat(_deaths(en, first_day, rng) + _accidents(en, rng), ignore_index=True)
    rows = rows[rows["paid"] <= END]
    enrolment = rows["enrolment"].to_numpy()
    frame = pd.DataFrame({
        "participant_id": ids[en.person[enrolment]],
        "village_code": codes[en.village[enrolment]],
        "program": rows["program"].to_numpy(),
        "benefit": rows["benefit"].to_numpy(),
        "event_on": iso(rows["event"].to_numpy()),
        "paid_on": iso(rows["paid"].to_numpy()),
        "amount": rows["amount"].to_numpy(),
    })
    frame["order"] = frame["benefit"].map({b: i for i, b in enumerate(BENEFITS)})
    keys = ["paid_on", "event_on", "participant_id", "order", "amount"]
    frame = frame.sort_values(keys, ignore_index=True, kind="stable")
    frame.insert(0, "claim_id", [f"{prefix}{i:06d}" for i in range(1, len(frame) + 1)])
    return frame.drop(columns="order")
