"""The deterministic synthetic demo dataset written by ``bkbk demo-data``.

``write_demo_dataset`` simulates enrolments in all reference villages, derives the
contributions, claims, allocations and workforce tables from them, and writes the
dataset folder atomically. Calibration knobs live in ``analysis.demo.calibration``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console

from analysis.demo.allocations import build_allocations
from analysis.demo.claims import build_claims
from analysis.demo.contributions import build_contributions
from analysis.demo.enrolment import simulate_enrolments
from analysis.demo.participants import build_participants, participant_ids
from analysis.demo.summary import calibration_summary, print_summary
from analysis.demo.workforce import build_workforce
from analysis.demo.writer import render_files, write_atomically
from analysis.reference.paths import DEMO_DIR

__all__ = ["build_tables", "write_demo_dataset"]


def build_tables(seed: int = 2022) -> dict[str, pd.DataFrame]:
    """The five tables of the demo dataset, as written to CSV (dates as ISO text)."""
    enrolment_rng, payment_rng, claim_rng, workforce_rng = (
        np.random.default_rng([seed, stream]) for stream in range(4)
    )
    plan, enrolments, people = simulate_enrolments(enrolment_rng)
    ids = participant_ids(plan, enrolments, len(people.sex))
    return {
        "participants": build_participants(plan, enrolments, people, ids),
        "contributions": build_contributions(plan, enrolments, payment_rng),
        "claims": build_claims(enrolments, ids, plan.codes, claim_rng),
        "allocations": build_allocations(plan.codes),
        "workforce": build_workforce(plan, enrolments, workforce_rng),
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
