"""Look-ups of the exploration notebooks, on hand-built data."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from builders import ALANG_ALANG, LAMBUR, claim, make_dataset, payment, person

from analysis import explore
from analysis.inputs import validation
from analysis.inputs.dataset import Issue
from analysis.reference.geography import UnknownRegionError, villages
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope

MUARA_SABAK_TIMUR = "15.07.01"


@pytest.fixture(scope="module")
def dataset():
    people = [person(ALANG_ALANG, "MME", "2025-09-10", participant_id="A1"),
              person(ALANG_ALANG, "MME", "2025-10-05", participant_id="A2"),
              person(ALANG_ALANG, "PR", "2025-09-10", ended_on="2025-11-15", participant_id="A3"),
              person(LAMBUR, "MME", "2025-09-01", participant_id="L1")]
    payments = [payment(ALANG_ALANG, "MME", month, 33_600, 2) for month in
                ("2025-10", "2025-11", "2025-12")]
    payments += [payment(LAMBUR, "MME", month, 16_800) for month in ("2025-10", "2025-11")]
    claims = [claim(ALANG_ALANG, "JKK", "perawatan", "2025-11-01", "2025-11-11", 1_500_000,
                    participant_id="A1")]
    return make_dataset(participants=people, contributions=payments, claims=claims)


def test_find_village_by_code_or_name():
    assert explore.find_village("1507012001")["village_code"] == ALANG_ALANG
    name = explore.find_village(ALANG_ALANG)["village_name"]
    assert explore.find_village(f"  {name.upper()} ")["village_code"] == ALANG_ALANG


def test_ambiguous_name_lists_the_candidates():
    with pytest.raises(UnknownRegionError, match="give the village code"):
        explore.find_village("Sungai")
    with pytest.raises(UnknownRegionError, match="no desa/kelurahan"):
        explore.find_village("no such village name")


def test_active_by_month(dataset):
    table = explore.village_active_by_month(dataset, ALANG_ALANG)
    by_month = table.set_index("month")
    # September: A1 and A3; October: + A2; November: A3 ended on the 15th; December: A1, A2.
    assert by_month.loc["2025-09-01", ["MME", "PR", "total"]].tolist() == [1, 1, 2]
    assert by_month.loc["2025-10-01", ["MME", "PR", "total"]].tolist() == [2, 1, 3]
    assert by_month.loc["2025-11-01", ["MME", "PR", "total"]].tolist() == [2, 0, 2]
    assert list(table["month"])[-1] == pd.Timestamp("2025-12-01")


def test_members_carry_no_personal_columns(dataset):
    members = explore.village_members(dataset, ALANG_ALANG)
    assert list(members.columns) == ["participant_id", "category", "enrolled_on", "ended_on"]
    assert list(members["participant_id"]) == ["A1", "A3", "A2"]


def test_payments_flag_unpaid_months(dataset):
    table = explore.village_payments(dataset, LAMBUR)
    unpaid = table[table["unpaid"]]
    # Lambur's MME participant is active from September; contributions cover Oct and Nov.
    assert [m.strftime("%Y-%m") for m in unpaid["month"]] == ["2025-09", "2025-12"]
    assert table["amount"].sum() == 2 * 16_800


def test_claims_with_days_to_payment(dataset):
    table = explore.village_claims(dataset, ALANG_ALANG)
    assert table[["participant_id", "days_to_payment", "amount"]].values.tolist() == [
        ["A1", 10, 1_500_000]]


def test_compare_districts(dataset):
    table = explore.compare_districts(dataset, Scope.resolve("Tanjab Timur"), Quarter(2025, 4))
    table = table.set_index("district_code")
    row = table.loc[MUARA_SABAK_TIMUR]
    villages_in_district = int((villages()["district_code"] == MUARA_SABAK_TIMUR).sum())
    assert row["target"] == villages_in_district * (50 + 25)
    assert row["attainment"] == pytest.approx(3 / (villages_in_district * 75))
    # Two villages with participants; only Alang-Alang paid October, November and December.
    assert row["continuity"] == 0.5
    assert (row["claims"], row["santunan"]) == (1, 1_500_000)
    others = table.drop(index=MUARA_SABAK_TIMUR)
    assert all(math.isnan(value) for value in others["continuity"])


def test_issues_summary_counts_by_rule():
    issues = [Issue("warning", "claims.csv", 5, "participant_id", "X", "unknown participant"),
              Issue("error", "participants.csv", 3, "nik", "1", "not 16 digits"),
              Issue("warning", "claims.csv", 2, "participant_id", "Y", "unknown participant")]
    frame = explore.issues_frame(issues)
    assert list(frame["severity"]) == ["error", "warning", "warning"]
    assert list(frame["row"]) == [3, 2, 5]
    summary = explore.issues_summary(issues)
    assert summary[["severity", "count", "first_rows"]].values.tolist() == [
        ["error", 1, "3"], ["warning", 2, "2, 5"]]
    assert explore.issues_summary([]).empty


def test_the_rows_beyond_those_listed_count_in_their_rules_total():
    # One issue stands for the 2.899 rows after the first listed ones: the rule's count is
    # every row, in one line (it was a line of its own counted as one).
    listed = [Issue("warning", "claims.csv", row, "paid_on", None, "after the event")
              for row in (2, 3)]
    issues = [*listed, Issue("warning", "claims.csv", None, "paid_on", None, "after the event",
                             more=2_899)]
    summary = explore.issues_summary(issues)
    assert summary[["rule", "count", "first_rows"]].values.tolist() == [
        ["after the event", 2_901, "2, 3"]]
    assert str(issues[-1]).endswith("after the event (and 2.899 more rows)")
    assert validation.summary(issues) == "0 errors, 2.901 warnings"


def test_table_writes_headers_and_values_the_indonesian_way():
    frame = pd.DataFrame({
        "district_name": ["Jangkat", "Bangko"],
        "active_MME": [148_950, 3],
        "attainment": [1.024, None],
        "continuity": [0.5, 1.0],
        "santunan": [1_526_000, 0],
        "paid_on": pd.to_datetime(["2022-09-06", None]),
        "unpaid": [True, False],
        "rule": ["x" * 80, "y"],
    })
    html = explore.table(frame).to_html()
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html)
    assert cells[:8] == ["Kecamatan", "Peserta aktif MME", "Capaian",
                         "Kesinambungan pembayaran iuran", "Santunan triwulan", "Tanggal bayar",
                         "Tanpa iuran", "Aturan"]
    assert cells[8:16] == ["Jangkat", "148.950", "102,4%", "50,0%", "Rp 1,5 juta",
                           "6 September 2022", "Ya", "x" * 80]
    assert cells[16:23] == ["Bangko", "3", "–", "100,0%", "Rp 0", "–", "Tidak"]
    assert "white-space: normal" in html
