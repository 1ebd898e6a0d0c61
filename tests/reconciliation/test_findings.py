"""Every finding of SPEC "Village lists and reconciliation" on hand-built cases, with the
precedence between them, the payments over and under, and reconciliation.json."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import ALANG_ALANG, LAMBUR, NIPAH_PANJANG_I, claim, payment
from list_builders import dataset_with, enrolment, list_row

from analysis.inputs.dataset import DatasetError
from analysis.reconciliation import reconcile, reconciliation_issues
from analysis.reconciliation.findings import FINDINGS
from analysis.reconciliation.summary import (
    district_counts,
    reconciliation_json,
    village_counts,
    village_findings,
)
from analysis.reference.periods import Quarter

Q4 = Quarter(2025, 4)
RATE = 16_800


@pytest.fixture
def case():
    participants = [
        enrolment("twice", ALANG_ALANG, "MME", "2023-01-10"),
        enrolment("dead", ALANG_ALANG, "MME", "2023-01-10", "2025-08-16"),
        enrolment("ended", ALANG_ALANG, "MME", "2023-01-10", "2025-10-01"),
        enrolment("ends_at_t", ALANG_ALANG, "PR", "2023-01-10", "2025-12-31"),
        enrolment("moved", LAMBUR, "MME", "2024-02-01"),
        enrolment("other_category", ALANG_ALANG, "PR", "2024-02-01"),
        enrolment("match", ALANG_ALANG, "MME", "2023-01-10"),
        enrolment("starts_at_t", ALANG_ALANG, "MME", "2025-12-31"),
        enrolment("unlisted", NIPAH_PANJANG_I, "PR", "2024-03-01"),
        enrolment("back", ALANG_ALANG, "MME", "2023-01-10", "2024-01-01"),
        enrolment("back", ALANG_ALANG, "MME", "2024-06-01"),
    ]
    lists = [
        list_row(ALANG_ALANG, 1, "bad nik", valid=False),
        list_row(ALANG_ALANG, 2, "bad nik", valid=False),
        list_row(ALANG_ALANG, 3, "twice"),
        list_row(LAMBUR, 1, "twice"),
        list_row(ALANG_ALANG, 4, "dead"),
        list_row(ALANG_ALANG, 5, "nobody"),
        list_row(ALANG_ALANG, 6, "ended"),
        list_row(ALANG_ALANG, 7, "ends_at_t", "PR"),
        list_row(ALANG_ALANG, 8, "moved"),
        list_row(ALANG_ALANG, 9, "other_category", "MME"),
        list_row(ALANG_ALANG, 10, "match"),
        list_row(ALANG_ALANG, 11, "starts_at_t"),
        list_row(ALANG_ALANG, 12, "back"),
        list_row(ALANG_ALANG, 1, "unlisted", year=2024),
    ]
    claims = [claim(ALANG_ALANG, "JKK", "kematian", "2025-08-15", "2025-09-01", 70_000_000,
                    participant_id="KPJ-dead")]
    return dataset_with(participants, lists, claims)


def findings_by_row(result) -> dict:
    rows = result.list_rows
    return dict(zip(zip(rows["village_code"], rows["list_row"], strict=True),
                    rows["finding"], strict=True))


def test_every_list_row_gets_the_first_finding_that_applies(case):
    result = reconcile(case, Q4)
    assert findings_by_row(result) == {
        (ALANG_ALANG, 1): "nik_tidak_valid",  # before ganda_daftar: the same invalid NIK twice
        (ALANG_ALANG, 2): "nik_tidak_valid",
        (ALANG_ALANG, 3): "ganda_daftar",  # on two villages' lists: both rows
        (LAMBUR, 1): "ganda_daftar",
        (ALANG_ALANG, 4): "meninggal",  # a JKK death, found through participant_id
        (ALANG_ALANG, 5): "belum_terdaftar",
        (ALANG_ALANG, 6): "nonaktif",
        (ALANG_ALANG, 7): "nonaktif",  # ended_on = t: no longer covered at t
        (ALANG_ALANG, 8): "beda_desa",
        (ALANG_ALANG, 9): "beda_kategori",
        (ALANG_ALANG, 10): "cocok",
        (ALANG_ALANG, 11): "cocok",  # enrolled_on = t: covered at t
        (ALANG_ALANG, 12): "cocok",  # re-enrolled after an earlier enrolment ended
    }
    unlisted = result.unlisted
    assert unlisted[["village_code", "person", "category", "finding"]].values.tolist() == [
        [NIPAH_PANJANG_I, "unlisted", "PR", "tidak_dalam_daftar"]]  # the 2024 list does not count


def test_findings_depend_on_the_period_end(case):
    result = reconcile(case, Quarter(2025, 2))
    found = findings_by_row(result)
    assert found[(ALANG_ALANG, 4)] == "cocok"  # died after t
    assert found[(ALANG_ALANG, 6)] == "cocok"
    assert found[(ALANG_ALANG, 11)] == "belum_terdaftar"  # enrolled after t


def test_a_death_recorded_on_the_claim_itself(case):
    case.claims["participant_id"] = "unknown"
    case.claims["person"] = "dead"
    assert findings_by_row(reconcile(case, Q4))[(ALANG_ALANG, 4)] == "meninggal"


def test_payments_over_and_under_per_month():
    participants = [enrolment(f"p{i}", ALANG_ALANG, "MME", "2025-01-01") for i in range(2)]
    participants.append(enrolment("late", ALANG_ALANG, "MME", "2025-11-15"))
    contributions = [payment(ALANG_ALANG, "MME", "2025-10", 5 * RATE, participants=5),
                     payment(ALANG_ALANG, "MME", "2025-12", 3 * RATE, participants=3),
                     payment(LAMBUR, "PR", "2025-11", 2 * RATE, participants=2)]
    data = dataset_with(participants, [list_row(ALANG_ALANG, 1, "p0")],
                        contributions=contributions)
    gaps = reconcile(data, Q4).payments.set_index(["village_code", "category", "month"])
    october, november = pd.Timestamp("2025-10-01"), pd.Timestamp("2025-11-01")
    assert gaps.loc[(ALANG_ALANG, "MME", october), ["paid", "active", "over", "under"]].tolist() \
        == [5, 2, 3, 0]
    assert gaps.loc[(ALANG_ALANG, "MME", november), ["paid", "active", "under",
                                                      "under_rupiah"]].tolist() \
        == [0, 3, 3, 3 * RATE]
    assert gaps.loc[(LAMBUR, "PR", november), ["over", "over_rupiah"]].tolist() == [2, 2 * RATE]
    counts = village_counts(reconcile(data, Q4), "15.07").set_index("village_code")
    assert counts.loc[ALANG_ALANG, ["over", "under", "over_rupiah", "under_rupiah"]].tolist() \
        == [3, 3, 3 * RATE, 3 * RATE]


def test_json_has_every_key_for_every_village(case):
    result = reconcile(case, Q4)
    counts = village_counts(result, "15.07")
    content = reconciliation_json(result, counts)
    assert content["period"] == "2025Q4" and content["period_end"] == "2025-12-31"
    assert len(content["villages"]) == 93
    alang = content["villages"][ALANG_ALANG]
    assert {key: alang[key] for key in FINDINGS} == {
        "nik_tidak_valid": 2, "ganda_daftar": 1, "meninggal": 1, "belum_terdaftar": 1,
        "nonaktif": 2, "beda_desa": 1, "beda_kategori": 1, "cocok": 3, "tidak_dalam_daftar": 0}
    assert alang["list_rows"] == 12 and alang["kemungkinan_salah_nik"] == 0
    assert set(alang["payments"]) == {"over", "under", "over_rupiah", "under_rupiah"}
    totals = content["totals"]
    assert totals["list_rows"] == 13 and totals["ganda_daftar"] == 2
    assert totals["tidak_dalam_daftar"] == 1
    row = counts.set_index("village_code").loc[ALANG_ALANG]
    assert row["match_rate"] == pytest.approx(3 / 12)
    district = district_counts(counts).set_index("district_code").loc["15.07.01"]
    assert district["list_rows"] == 13 and district["match_rate"] == pytest.approx(3 / 13)


def test_what_is_missing_is_said_clearly(case):
    case.participants["person"] = pd.NA
    rules = [issue.rule for issue in reconciliation_issues(case, Quarter(2023, 4))]
    assert rules[0].startswith("participants have no person key")
    assert rules[1] == ("no village list for 2023, the year of period 2023Q4; lists found for: "
                        "2024, 2025")
    case.village_lists = None
    with pytest.raises(DatasetError, match="no village_lists table"):
        reconcile(case, Q4)


def test_one_village_in_list_order(case):
    rows = village_findings(reconcile(case, Q4), NIPAH_PANJANG_I)
    assert rows.values.tolist() == [[pd.NA, "unlisted", "PR", "tidak_dalam_daftar"]]
    rows = village_findings(reconcile(case, Q4), LAMBUR)
    assert rows[["list_row", "finding"]].values.tolist() == [[1, "ganda_daftar"]]
