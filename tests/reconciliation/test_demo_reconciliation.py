"""Reconciliation of the demo dataset against the discrepancies its generator injected."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.inputs.loading import load_with_identities
from analysis.reconciliation import reconcile
from analysis.reconciliation.findings import FINDINGS, MATCHED
from analysis.reconciliation.summary import reconciliation_json, village_counts
from analysis.reference.periods import Quarter


@pytest.fixture(scope="module")
def reconciled(demo_dir):
    dataset, identities = load_with_identities(demo_dir)
    result = reconcile(dataset, Quarter(2025, 4), identities)
    truth = pd.read_csv(demo_dir / "reconciliation_truth.csv", dtype=str)
    return dataset, result, truth[truth["year"] == "2025"]


def test_counts_equal_the_injected_truth_for_every_village(reconciled):
    dataset, result, truth = reconciled
    content = reconciliation_json(result, village_counts(result, "15"))
    found = pd.DataFrame.from_dict(content["villages"], orient="index")
    expected = truth.groupby(["village_code", "finding"]).size().unstack(fill_value=0)
    expected = expected.reindex(index=found.index, columns=list(FINDINGS), fill_value=0)
    lists = dataset.village_lists
    rows = lists[lists["year"] == 2025].groupby("village_code").size()
    expected[MATCHED] = rows.reindex(found.index, fill_value=0) - expected.drop(
        columns=[MATCHED, "tidak_dalam_daftar"]).sum(axis=1)
    pd.testing.assert_frame_equal(found[list(FINDINGS)].astype("int64"),
                                  expected.astype("int64"), check_names=False)
    assert content["totals"]["list_rows"] == int(rows.sum())
    assert all(content["totals"][name] > 0 for name in FINDINGS)


def test_linkage_finds_the_nik_typos_without_false_pairs(reconciled):
    dataset, result, truth = reconciled
    typos = truth[truth["injected"] == "nik_typo"]
    person_of = dataset.participants.drop_duplicates("participant_id").set_index(
        "participant_id")["person"]
    injected = set(zip(typos["village_code"], typos["list_row"].astype(int),
                       person_of[typos["participant_id"]], strict=True))
    found = set(zip(result.pairs["village_code"], result.pairs["list_row"],
                    result.pairs["person"], strict=True))
    assert len(found & injected) >= 0.95 * len(injected)
    assert found <= injected


def test_payments_over_and_under_on_the_demo(reconciled):
    _, result, _ = reconciled
    payments = result.payments
    assert (payments["over"] > 0).any() and (payments["under"] > 0).any()
    assert ((payments["over"] == 0) | (payments["under"] == 0)).all()
    assert (payments["over"] - payments["under"]
            == payments["paid"] - payments["active"]).all()
