"""The deterministic synthetic demo dataset written by ``bkbk demo-data``.

``write_demo_dataset`` simulates enrolments in all reference villages of a province (default
Jambi, calibrated to its published figures; any other on the national default parameters),
derives the contributions, claims, allocations, workforce and village list tables from them,
and writes the dataset folder atomically. The national dataset (``province="all"``) is made
province by province, each on its own seed stream, and written table by table as it goes;
it has no village lists. Calibration knobs live in ``analysis.demo.calibration``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console

from analysis.demo import claims as claim_table
from analysis.demo import participants as participant_table
from analysis.demo.allocations import build_allocations
from analysis.demo.claims import build_claims
from analysis.demo.contributions import build_contributions, miscount_head_counts
from analysis.demo.enrolment import simulate_enrolments
from analysis.demo.identities import district_digits, draw_identities
from analysis.demo.participants import build_participants, participant_ids
from analysis.demo.summary import calibration_summary, combine_summaries, print_summary
from analysis.demo.village_lists import build_village_lists
from analysis.demo.workforce import build_workforce
from analysis.demo.writer import (
    METADATA,
    README,
    TRUTH,
    metadata_text,
    readme_text,
    render_files,
    staged_folder,
    table_csv,
    write_atomically,
)
from analysis.inputs.dataset import TABLES
from analysis.reference.paths import DEMO_DIR
from analysis.reference.province import (
    NATIONAL,
    active_province,
    check_province,
    default_province,
    province_names,
    province_setting,
)

__all__ = ["build_tables", "write_demo_dataset"]


def build_tables(seed: int = 2022, village_lists: bool = True,
                 id_prefixes: tuple[str, str] = (participant_table.ID_PREFIX,
                                                 claim_table.ID_PREFIX),
                 ) -> dict[str, pd.DataFrame]:
    """The tables of the demo dataset of the run's province, as written to CSV (dates as ISO
    text), with the village lists and the reconciliation truth (``TRUTH``) unless left out.
    Ids start with ``id_prefixes`` (participants, claims). Jambi draws from the seed alone,
    another province from the seed and its code."""
    province = active_province()
    own = [] if province == default_province() else [int(province)]
    (enrolment_rng, payment_rng, claim_rng, workforce_rng, identity_rng, list_rng,
     head_count_rng) = (np.random.default_rng([seed, stream, *own]) for stream in range(7))
    plan, enrolments, people = simulate_enrolments(enrolment_rng)
    n_people = len(people.sex)
    ids = participant_ids(plan, enrolments, n_people, id_prefixes[0])
    home = np.empty(n_people, dtype=np.int64)
    home[enrolments.person] = enrolments.village  # a person keeps one village
    identities = draw_identities(district_digits(plan.codes[home]), people.sex,
                                 people.birth_year, identity_rng)
    claims = build_claims(enrolments, ids, plan.codes, claim_rng, id_prefixes[1])
    lists = {}
    if village_lists:
        lists["village_lists"], lists[TRUTH] = build_village_lists(
            plan, enrolments, people, ids, identities, claims, list_rng)
    nik_of = pd.Series(identities.nik, index=ids)
    claims.insert(2, "nik", nik_of[claims["participant_id"]].to_numpy())
    contributions = build_contributions(plan, enrolments, payment_rng)
    return {
        "participants": build_participants(plan, enrolments, people, ids, identities),
        "contributions": miscount_head_counts(contributions, head_count_rng),
        "claims": claims,
        "allocations": build_allocations(plan.codes),
        "workforce": build_workforce(plan, enrolments, workforce_rng),
        **lists,
    }


def write_demo_dataset(
    out: Path = DEMO_DIR, seed: int = 2022, console: Console | None = None,
    province: str | None = None,
) -> dict:
    """Write the demo dataset of a province (default Jambi; ``"all"``: the national one)
    into ``out`` and return its calibration figures."""
    out, province = Path(out), check_province(province or default_province())
    with province_setting(province):
        if province == NATIONAL:
            summary = _write_national(out, seed)
        else:
            tables = build_tables(seed)
            summary = calibration_summary(tables)
            write_atomically(out, render_files(tables, summary, seed))
        print_summary(summary, console or Console(), str(out))
    return summary


def _write_national(out: Path, seed: int) -> dict:
    """Every province's tables, appended to the national files one province at a time."""
    names = {METADATA, README, *(f"{name}.csv" for name in TABLES)}
    summaries, workforce = [], []
    with staged_folder(out, names) as staging:
        for number, code in enumerate(province_names()):
            with province_setting(code):
                tables = build_tables(seed, village_lists=False,
                                      id_prefixes=(f"BKBK-{code}-", f"KLM-{code}-"))
            for name in TABLES:
                with open(staging / f"{name}.csv", "a" if number else "w", encoding="utf-8",
                          newline="") as handle:
                    handle.write(table_csv(tables[name], header=number == 0))
            summaries.append(calibration_summary(tables))
            workforce.append(tables["workforce"])
        summary = combine_summaries(summaries, pd.concat(workforce, ignore_index=True))
        (staging / METADATA).write_text(metadata_text(seed), encoding="utf-8")
        (staging / README).write_text(readme_text(summary, seed), encoding="utf-8")
    return summary
