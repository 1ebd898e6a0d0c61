"""The participants table: card numbers, NIK, names, attributes and enrolment dates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.enrolment import CATEGORY_NAMES, Enrolments, People, VillagePlan
from analysis.demo.identities import Identities
from analysis.demo.timeline import NEVER, iso

ID_PREFIX = "BKBK-"


def participant_ids(plan: VillagePlan, en: Enrolments, n_people: int,
                    prefix: str = ID_PREFIX) -> np.ndarray:
    """Id of each person, numbered by village, category and first enrolment."""
    first = first_enrolled(en, n_people)
    home = np.zeros(n_people, dtype=np.int64)
    home[en.person] = en.village * 2 + en.category
    order = np.lexsort((np.arange(n_people), first, home))
    number = np.empty(n_people, dtype=np.int64)
    number[order] = np.arange(1, n_people + 1)
    return np.char.add(prefix, np.char.zfill(number.astype(str), 7))


def first_enrolled(en: Enrolments, n_people: int) -> np.ndarray:
    """Day each person was first enrolled."""
    first = np.full(n_people, NEVER)
    np.minimum.at(first, en.person, en.enrolled)
    return first


def build_participants(plan: VillagePlan, en: Enrolments, people: People, ids: np.ndarray,
                       identities: Identities):
    """The participants table, sorted by participant_id and enrolled_on."""
    person = en.person
    still = en.ended == NEVER
    ended = np.where(still, "", iso(np.where(still, en.enrolled, en.ended)))
    frame = pd.DataFrame({
        "participant_id": ids[person],
        "nik": identities.nik[person],
        "name": identities.name[person],
        "birth_date": identities.birth_date[person],
        "village_code": plan.codes[en.village],
        "category": np.array(CATEGORY_NAMES)[en.category],
        "sex": np.array(["L", "P"])[people.sex[person]],
        "birth_year": people.birth_year[person],
        "occupation": np.array(cal.OCCUPATIONS)[people.occupation[person]],
        "enrolled_on": iso(en.enrolled),
        "ended_on": ended,
    })
    return frame.sort_values(["participant_id", "enrolled_on"], ignore_index=True)
