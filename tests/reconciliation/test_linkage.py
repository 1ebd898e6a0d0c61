"""Probable NIK typos: a list row not registered and a person not listed in the same village
whose names and birth dates agree are paired, one to one, without changing their findings."""

from __future__ import annotations

import pandas as pd
from builders import ALANG_ALANG, LAMBUR
from list_builders import dataset_with, enrolment, list_row

from analysis.inputs.identities import Identities
from analysis.reconciliation import reconcile
from analysis.reconciliation.linkage import one_to_one, probable_nik_typos
from analysis.reconciliation.summary import reconciliation_json, village_counts
from analysis.reference.periods import Quarter

PEOPLE = [("siti", "Siti Aminah", "1980-03-12"), ("budi", "Budi Santoso", "1975-07-01"),
          ("rina", "Rina Lestari", "1990-11-30"), ("agus", "Agus Pratama", "1968-02-14"),
          ("joko", "Joko Susilo", "1983-05-09"), ("dewi", "Dewi Sartika", "1979-09-21")]


FIRST = ["Ahmad", "Sri", "Eko", "Nur", "Hasan", "Fitri", "Andi", "Yanti", "Rahmat", "Lina",
         "Bambang", "Ratna"]
LAST = ["Hidayat", "Wahyuni", "Saputra", "Rahman", "Harahap", "Siregar", "Nasution", "Putri",
        "Kurniawan", "Utami"]
# Others registered and listed in Lambur: the population from which chance agreement is learnt.
OTHERS = [(f"other{i}", f"{FIRST[i % 12]} {LAST[i // 12]}",
           (pd.Timestamp("1955-01-01") + pd.Timedelta(days=97 * i)).date().isoformat())
          for i in range(120)]


def identities(people, rows) -> Identities:
    return Identities(
        pd.DataFrame(people, columns=["person", "name", "birth_date"]).astype(
            {"birth_date": "datetime64[ns]"}),
        pd.DataFrame(rows, columns=["village_code", "year", "list_row", "name",
                                    "birth_date"]).astype({"birth_date": "datetime64[ns]"}))


def test_typos_pair_within_a_village_and_keep_their_findings():
    participants = [enrolment(who, ALANG_ALANG, "MME", "2024-01-05") for who, _, _ in PEOPLE]
    participants.append(enrolment("elsewhere", LAMBUR, "MME", "2024-01-05"))
    participants += [enrolment(who, LAMBUR, "MME", "2024-01-05") for who, _, _ in OTHERS]
    lists = [list_row(ALANG_ALANG, 1, "siti-typo"),  # Siti's NIK with two digits swapped
             list_row(ALANG_ALANG, 2, "budi-typo"),  # Budi's, name written differently
             list_row(ALANG_ALANG, 3, "stranger"),  # not registered, nobody alike
             list_row(ALANG_ALANG, 4, "rina"),
             list_row(ALANG_ALANG, 5, "agus"),
             list_row(ALANG_ALANG, 6, "joko"),
             list_row(ALANG_ALANG, 7, "dewi-typo"),  # like someone in another village only
             list_row(LAMBUR, 1, "lambur-person")]
    lists += [list_row(LAMBUR, 2 + i, who) for i, (who, _, _) in enumerate(OTHERS)]
    data = dataset_with(participants, lists)
    known = identities(
        [*PEOPLE, *OTHERS, ("elsewhere", "Wati", "1985-01-01")],
        [*((LAMBUR, 2025, 2 + i, name, born) for i, (_, name, born) in enumerate(OTHERS)),
         (ALANG_ALANG, 2025, 1, "SITI  AMINAH", "1980-03-12"),
         (ALANG_ALANG, 2025, 2, "Budi Santosa", "1975-07-01"),
         (ALANG_ALANG, 2025, 3, "Hasan Basri", "1962-04-04"),
         (ALANG_ALANG, 2025, 7, "Wati", "1985-01-01"),
         (LAMBUR, 2025, 1, "Dewi Sartika", "1979-09-21")])
    result = reconcile(data, Quarter(2025, 4), known)
    assert result.linked
    pairs = result.pairs[["village_code", "list_row", "person"]].values.tolist()
    assert pairs == [[ALANG_ALANG, 1, "siti"], [ALANG_ALANG, 2, "budi"]]
    assert (result.pairs["match_probability"] >= 0.9).all()
    rows = result.list_rows[result.list_rows["village_code"] == ALANG_ALANG].set_index("list_row")
    assert rows.loc[[1, 2, 3], "finding"].eq("belum_terdaftar").all()
    assert rows.loc[1, "match_probability"] >= 0.9 and pd.isna(rows.loc[3, "match_probability"])
    unlisted = result.unlisted.set_index("person")
    assert unlisted.loc[["siti", "budi", "dewi"], "finding"].eq("tidak_dalam_daftar").all()
    content = reconciliation_json(result, village_counts(result, "15.07"))
    assert content["linkage"] is True
    assert content["villages"][ALANG_ALANG]["kemungkinan_salah_nik"] == 2
    assert content["totals"]["kemungkinan_salah_nik"] == 2


def test_without_names_no_linkage_runs():
    data = dataset_with([enrolment("a", ALANG_ALANG, "MME", "2024-01-05")],
                        [list_row(ALANG_ALANG, 1, "b")])
    result = reconcile(data, Quarter(2025, 4))
    assert not result.linked and result.pairs.empty
    rows = pd.DataFrame(columns=["village_code", "list_row", "name", "birth_date"])
    people = pd.DataFrame(columns=["village_code", "person", "name", "birth_date"])
    empty = probable_nik_typos(rows, people, (rows, people))
    assert empty.empty


def test_each_record_is_paired_at_most_once_best_first():
    pairs = pd.DataFrame({"list_id": ["L0", "L0", "L1", "L1"],
                          "person_id": ["R0", "R1", "R0", "R1"],
                          "match_probability": [0.99, 0.95, 0.97, 0.91]})
    kept = one_to_one(pairs)
    assert kept[["list_id", "person_id"]].values.tolist() == [["L0", "R0"], ["L1", "R1"]]
