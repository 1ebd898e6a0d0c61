"""The deterministic synthetic demo dataset written by ``bkbk demo-data``.

``write_demo_dataset`` simulates enrolments in all reference villages, derives the
contributions, claims, allocations, workforce and village list tables from them, and writes
the dataset folder atomically. Calibration knobs live in ``analysis.demo.calibration``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console

from analysis.demo.allocations import build_allocations
from analysis.demo.claims import build_claims
from analysis.demo.contributions import build_contributions, miscount_head_counts
from analysis.demo.enrolment import simulate_enrolments
from analysis.demo.identities import district_digits, draw_identities
from analysis.demo.participants import build_participants, participant_ids
from analysis.demo.summary import calibration_summary, print_summary
from analysis.demo.village_lists import build_village_lists
from analysis.demo.workforce import build_workforce
from analysis.demo.writer import TRUTH, render_files, write_atomically
from analysis.reference.paths import DEMO_DIR

__all__ = ["build_tables", "write_demo_dataset"]


def build_tables(seed: int = 2022) -> dict[str, pd.DataFrame]:
    """The tables of the demo dataset, as written to CSV (dates as ISO text), and the
    reconciliation truth (``TRUTH``)."""
    (enrolment_rng, payment_rng, claim_rng, workforce_rng, identity_rng, list_rng,
     head_count_rng) = (np.random.default_rng([seed, stream]) for stream in range(7))
    plan, enrolments, people = simulate_enrolments(enrolment_rng)
    n_people = len(people.sex)
    ids = participant_ids(plan, enrolments, n_people)
    home = np.empty(n_people, dtype=np.int64)
    home[enrolments.person] = enrolments.village  # a person keeps one village
    identities = draw_identities(district_digits(plan.codes[home]), people.sex,
                                 people.birth_year, identity_rng)
    claims = build_claims(enrolments, ids, plan.codes, claim_rng)
    lists, truth = build_village_lists(plan, enrolments, people, ids, identities, claims,
                                       list_rng)
    nik_of = pd.Series(identities.nik, index=ids)
    claims.insert(2, "nik", nik_of[claims["participant_id"]].to_numpy())
    contributions = build_contributions(plan, enrolments, payment_rng)
    return {
        "participants": build_participants(plan, enrolments, people, ids, identities),
        "contributions": miscount_head_counts(contributions, head_count_rng),
        "claims": claims,
        "allocations": build_allocations(plan.codes),
        "workforce": build_workforce(plan, enrolments, workforce_rng),
        "village_lists": lists,
        TRUTH: truth,
    }


def write_demo_dataset(
    out: Path = DEMO_DIR, seed: int = 2022, console: Console | None = None
) -> dict:
    """Write the demo dataset into ``out`` and return its calibration figures."""
    out = Path(out)
    tables = build_tables(seed)
    summary = calibration_summary(tables)
    write_atomically(out, render_files(tables, summary, seed))
    print_summary(summary, console or Console(), str(out))
    return summary
