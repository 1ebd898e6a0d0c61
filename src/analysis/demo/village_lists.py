"""Synthetic village lists: one list per village and year, with realistic discrepancies.

Each year's list starts from the people active in the village on 31 December and is then
spoilt at the rates of ``calibration.LIST_DISCREPANCY_RATES`` times the regency's
``LIST_QUALITY``: people left off, listed in the other category, listed by a neighbouring
village instead or as well, NIKs mistyped or of the wrong form, people unknown to BPJS,
and people whose cover ended or who died still on the list. The generator also writes what
it injected (``reconciliation_truth.csv``): for each list row that is not simply right the
finding that the reconciliation at the year's end must give (every other row is ``cocok``),
and for each person active but on no list (with the right NIK) ``tidak_dalam_daftar``; NIK
typos carry the participant_id of the person meant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.enrolment import (
    CATEGORY_NAMES,
    EXIT_JKK_DEATH,
    EXIT_JKM_DEATH,
    Enrolments,
    People,
    VillagePlan,
)
from analysis.demo.identities import (
    UNREGISTERED_SERIAL,
    Identities,
    district_digits,
    draw_identities,
)
from analysis.demo.regional import list_quality
from analysis.demo.timeline import day, new_year

KINDS = ("listed", *cal.LIST_DISCREPANCY_RATES)  # "listed": on the list as recorded
EXPECTED = {"listed": "cocok", "other_category": "beda_kategori", "other_village": "beda_desa",
            "listed_twice": "ganda_daftar", "nik_typo": "belum_terdaftar",
            "nik_invalid": "nik_tidak_valid", "not_registered": "belum_terdaftar",
            "ended": "nonaktif", "died": "meninggal"}
LIST_COLUMNS = ["village_code", "year", "list_row", "nik", "name", "birth_date", "sex",
                "occupation", "category"]
TRUTH_COLUMNS = ["village_code", "year", "list_row", "participant_id", "injected", "finding"]


def _neighbours(codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each village (index), another village of the same kecamatan (itself if alone)."""
    districts = np.char.rpartition(codes.astype(str), ".")[:, 0]
    neighbour = np.arange(len(codes))
    for district in np.unique(districts):
        members = np.flatnonzero(districts == district)
        if len(members) > 1:
            offset = rng.integers(1, len(members), len(members))
            neighbour[members] = members[(np.arange(len(members)) + offset) % len(members)]
    return neighbour


def _typo(nik: str, rng: np.random.Generator, taken: set[str]) -> str:
    """A NIK of the valid form that differs from ``nik`` by two swapped neighbouring digits or
    one changed digit in the birth year or serial, and is nobody's."""
    while True:
        digits = list(nik)
        at = int(rng.integers(10, 16))
        if rng.random() < 0.5 and at < 15 and digits[at] != digits[at + 1]:
            digits[at], digits[at + 1] = digits[at + 1], digits[at]
        else:
            digits[at] = str((int(digits[at]) + int(rng.integers(1, 10))) % 10)
        typo = "".join(digits)
        if typo not in taken and typo[12:] != "0000":
            taken.add(typo)
            return typo


def _invalid(nik: str, rng: np.random.Generator) -> str:
    """A NIK of the wrong form: a digit missing, serial 0000, month 13 or day 32."""
    way = int(rng.integers(0, 4))
    if way == 0:
        return nik[:15]
    if way == 1:
        return nik[:12] + "0000"
    if way == 2:
        return nik[:8] + "13" + nik[10:]
    return nik[:6] + "32" + nik[8:]


def _respelt(name: str, rng: np.random.Generator) -> str:
    """The name as a village may write it: one letter dropped from the family name."""
    first, _, family = name.rpartition(" ")
    at = int(rng.integers(1, len(family)))
    return f"{first} {family[:at]}{family[at + 1:]}"


def _upper(names: np.ndarray) -> np.ndarray:
    return pd.Series(names, dtype=str).str.upper().to_numpy(dtype=str)


class _ListBuilder:
    """Builds the lists of every year from the enrolments, people and claims."""

    def __init__(self, plan: VillagePlan, en: Enrolments, people: People, ids: np.ndarray,
                 identities: Identities, claims: pd.DataFrame, rng: np.random.Generator):
        self.plan, self.en, self.people, self.ids, self.who = plan, en, people, ids, identities
        self.rng = rng
        self.neighbour = _neighbours(plan.codes, rng)
        self.quality = list_quality(np.array(plan.regency_codes))[plan.regency]
        self.taken = set(identities.nik)  # every NIK in use, so that no made-up one collides
        self.listed_names = _upper(identities.name)  # villages write names in capitals
        person_of = pd.Series(np.arange(len(ids)), index=ids)
        deaths = claims[claims["benefit"] == "kematian"]
        self.death_day = pd.Series(pd.to_datetime(deaths["event_on"]).to_numpy(),
                                   index=person_of[deaths["participant_id"]].to_numpy())
        self.parts: list[pd.DataFrame] = []
        self.unregistered = 0

    def _rows(self, village, year, person, category, kind, nik=None, name=None,
              birth_date=None, true_nik=True) -> None:
        """List rows of registered people (their own NIK, name and birth date unless given)."""
        who, people = self.who, self.people
        self.parts.append(pd.DataFrame({
            "village": village, "year": year,
            "nik": who.nik[person] if nik is None else nik,
            "name": self.listed_names[person] if name is None else _upper(name),
            "birth_date": who.birth_date[person] if birth_date is None else birth_date,
            "sex": np.array(["L", "P"])[people.sex[person]],
            "occupation": np.array(cal.OCCUPATIONS)[people.occupation[person]],
            "category": np.array(CATEGORY_NAMES)[category], "kind": kind,
            "participant_id": self.ids[person], "true_nik": true_nik, "person": person,
        }))

    def year(self, year: int) -> None:
        """The lists of one year."""
        en, rng = self.en, self.rng
        end = day(f"{year}-12-31")
        died_by_end = self.death_day.index[self.death_day <= pd.Timestamp(end, unit="D")]
        active = np.flatnonzero(en.active_on(end) & ~np.isin(en.person, died_by_end))
        rates = np.array([cal.LIST_DISCREPANCY_RATES[k] for k in KINDS[1:]])
        draws = rng.random(len(active))
        scaled = np.cumsum(rates[None, :] * self.quality[en.village[active]][:, None], axis=1)
        kind = np.array(KINDS)[np.where(draws < scaled[:, -1],
                                        (draws[:, None] >= scaled).sum(axis=1) + 1, 0)]
        person, village, category = en.person[active], en.village[active], en.category[active]
        neighbour = self.neighbour[village]
        alone = (neighbour == village) & np.isin(kind, ("other_village", "listed_twice"))
        kind[alone | ((kind == "other_category") & (year == cal.COVER_START.year))] = "listed"
        for name, where, category_on_list in (
                ("listed", np.isin(kind, ("listed", "not_registered")), category),
                ("other_category", kind == "other_category", 1 - category)):
            self._rows(village[where], year, person[where], category_on_list[where],
                       name if name == "listed" else kind[where])
        for places in (village, neighbour):
            moved = (kind == "listed_twice") | ((kind == "other_village") & (places is neighbour))
            self._rows(places[moved], year, person[moved], category[moved], kind[moved])
        self._wrong_niks(year, kind, person, village, category)
        newcomers = kind == "not_registered"
        self._newcomers(year, village[newcomers], category[newcomers])
        self._ended(year, end, died_by_end)
        self._died(year, end)

    def _wrong_niks(self, year, kind, person, village, category) -> None:
        """Rows whose NIK was mistyped (still of the valid form) or is of the wrong form."""
        rng, who = self.rng, self.who
        typo, invalid = kind == "nik_typo", kind == "nik_invalid"
        names = who.name[person[typo]].copy()
        respelt = rng.random(len(names)) < cal.NAME_SPELLED_OTHERWISE
        names[respelt] = [_respelt(n, rng) for n in names[respelt]]
        niks = np.array([_typo(n, rng, self.taken) for n in who.nik[person[typo]]], dtype=str)
        self._rows(village[typo], year, person[typo], category[typo], "nik_typo", nik=niks,
                   name=names, true_nik=False)
        niks = np.array([_invalid(n, rng) for n in who.nik[person[invalid]]], dtype=str)
        self._rows(village[invalid], year, person[invalid], category[invalid], "nik_invalid",
                   nik=niks, true_nik=False)

    def _newcomers(self, year: int, village: np.ndarray, category: np.ndarray) -> None:
        """People on a list whom BPJS does not know."""
        rng, n = self.rng, len(village)
        female = (rng.random(n) < np.array([cal.FEMALE_SHARE[c] for c in CATEGORY_NAMES]
                                           )[category]).astype(np.int64)
        birth_year = rng.integers(cal.COVER_START.year - cal.AGE_RANGE[1],
                                  cal.COVER_START.year - cal.AGE_RANGE[0] + 1, n)
        new = draw_identities(district_digits(self.plan.codes[village]), female, birth_year, rng)
        niks = []
        for nik in new.nik:
            while nik in self.taken:
                nik = nik[:12] + f"{UNREGISTERED_SERIAL + self.unregistered:04d}"
                self.unregistered += 1
            self.taken.add(nik)
            niks.append(nik)
        self.parts.append(pd.DataFrame({
            "village": village, "year": year, "nik": niks, "name": _upper(new.name),
            "birth_date": new.birth_date, "sex": np.array(["L", "P"])[female],
            "occupation": np.array(cal.OCCUPATIONS)[rng.integers(0, len(cal.OCCUPATIONS), n)],
            "category": np.array(CATEGORY_NAMES)[category], "kind": "not_registered",
            "participant_id": "", "true_nik": False, "person": -1,
        }))

    def _ended(self, year: int, end: int, died_by_end: pd.Index) -> None:
        """People whose cover ended during the year, not renewed, kept on the list."""
        en, rng = self.en, self.rng
        ended = np.flatnonzero((en.ended >= new_year(year)) & (en.ended <= end)
                               & ~np.isin(en.reason, (EXIT_JKM_DEATH, EXIT_JKK_DEATH)))
        gone = np.union1d(en.person[en.active_on(end)], died_by_end)
        ended = ended[~np.isin(en.person[ended], gone)]
        _, first = np.unique(en.person[ended], return_index=True)
        ended = ended[np.sort(first)]
        keep = ended[rng.random(len(ended))
                     < cal.ENDED_STILL_LISTED * self.quality[en.village[ended]]]
        self._rows(en.village[keep], year, en.person[keep], en.category[keep], "ended")

    def _died(self, year: int, end: int) -> None:
        """People who died during the year (a death benefit paid), kept on the list."""
        en, rng = self.en, self.rng
        died = self.death_day[(self.death_day >= pd.Timestamp(f"{year}-01-01"))
                              & (self.death_day <= pd.Timestamp(end, unit="D"))]
        people = np.unique(died.index.to_numpy())
        last = pd.Series(np.arange(len(en.person)), index=en.person).groupby(level=0).max()
        enrolment = last[people].to_numpy()
        keep = rng.random(len(people)) < (cal.DEATHS_STILL_LISTED
                                          * self.quality[en.village[enrolment]])
        self._rows(en.village[enrolment[keep]], year, people[keep],
                   en.category[enrolment[keep]], "died")

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(village_lists, truth) with list rows numbered in each village's own order."""
        rows = pd.concat(self.parts, ignore_index=True)
        rows["village_code"] = self.plan.codes[rows["village"].to_numpy()]
        rows["order"] = self.rng.random(len(rows))
        rows = rows.sort_values(["year", "village_code", "order"], ignore_index=True)
        rows["list_row"] = rows.groupby(["year", "village_code"]).cumcount() + 1
        rows["injected"] = rows["kind"]
        rows["finding"] = rows["kind"].map(EXPECTED)
        truth = [rows.loc[rows["kind"] != "listed", TRUTH_COLUMNS]]
        for year, listed in rows.groupby("year"):
            truth.append(self._unlisted_truth(int(year), listed.loc[listed["true_nik"],
                                                                    "person"].to_numpy()))
        return rows[LIST_COLUMNS], pd.concat(truth, ignore_index=True)

    def _unlisted_truth(self, year: int, listed: np.ndarray) -> pd.DataFrame:
        """Active people at the year's end whose own NIK is on no list of the year."""
        en = self.en
        active = np.flatnonzero(en.active_on(day(f"{year}-12-31")))
        active = active[~np.isin(en.person[active], listed)]
        return pd.DataFrame({
            "village_code": self.plan.codes[en.village[active]], "year": year,
            "list_row": pd.NA, "participant_id": self.ids[en.person[active]],
            "injected": "not_listed", "finding": "tidak_dalam_daftar",
        }).drop_duplicates(["village_code", "participant_id"])


def build_village_lists(plan: VillagePlan, en: Enrolments, people: People, ids: np.ndarray,
                        identities: Identities, claims: pd.DataFrame, rng: np.random.Generator
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(village_lists table, reconciliation truth) for every year of the demo."""
    builder = _ListBuilder(plan, en, people, ids, identities, claims, rng)
    for year in range(cal.COVER_START.year, cal.AS_OF.year + 1):
        builder.year(year)
    return builder.tables()
