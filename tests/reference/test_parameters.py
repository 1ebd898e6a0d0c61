"""Regulation parameters are read by date from parameters.toml."""

import tomllib

import pytest

from analysis.reference import parameters
from analysis.reference.paths import REFERENCE_DIR


def test_monthly_contribution_is_jkk_plus_jkm():
    # docs/methodology.md: JKK 1% of Rp 1.000.000 = Rp 10.000, plus JKM Rp 6.800 = Rp 16.800
    assert parameters.monthly_contribution("2024-06-30") == 10_000 + 6_800


@pytest.mark.parametrize(
    "category, day, target",
    [("MME", "2022-12-31", 50), ("PR", "2022-12-31", 0),
     ("MME", "2023-01-01", 50), ("PR", "2023-01-01", 25), ("PR", "2025-12-31", 25)],
)
def test_village_targets_change_in_2023(category, day, target):
    assert parameters.village_target(category, day) == target


def test_quota_2023_matches_published_figure():
    # docs/methodology.md: quota 117,150 = 1,562 villages x (50 + 25)
    per_village = parameters.village_target("MME", "2023-06-30")
    per_village += parameters.village_target("PR", "2023-06-30")
    assert per_village * 1562 == 117_150


def test_bkbk_share_pays_fifty_people_for_a_year():
    # cross-check: 50 people x Rp 16.800 x 12 = Rp 10,08 juta ~ 10% of Rp 100 juta
    block = parameters.in_force("bkbk", "2023-01-01")
    earmarked = block["amount_per_village"] * block["mme_share"]
    cost = 50 * parameters.monthly_contribution("2023-01-01") * 12
    assert abs(cost - earmarked) / earmarked < 0.01


def test_nothing_in_force_before_first_block():
    with pytest.raises(ValueError, match="village_targets"):
        parameters.in_force("village_targets", "2021-12-31")


def test_index_weights_sum_to_one():
    assert sum(parameters.index_weights().values()) == pytest.approx(1.0)


def test_disclosure_threshold_default():
    assert parameters.disclosure_threshold() == 5


def _texts(node, path=""):
    """Every (path, block) of a parameter file whose block has a ``source`` or ``label``."""
    if isinstance(node, dict):
        if "source" in node or "label" in node:
            yield path, node
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for at, item in enumerate(node):
            yield from _texts(item, f"{path}[{at}]")


@pytest.mark.parametrize("name", ["parameters.toml", "provinces/15.toml"])
def test_every_source_and_label_has_its_english_twin(name):
    content = tomllib.loads((REFERENCE_DIR / name).read_text("utf-8"))
    blocks = list(_texts(content))
    assert blocks
    for path, block in blocks:
        for field in ("source", "label"):
            if field in block:
                assert block.get(f"{field}_en", "").strip(), (name, path, field)


def test_a_text_is_read_in_the_reports_language():
    block = {"source": "skema Jambi sebagai templat", "source_en": "Jambi's scheme"}
    assert parameters.in_language(block, "source", "id") == "skema Jambi sebagai templat"
    assert parameters.in_language(block, "source", "en") == "Jambi's scheme"
    assert parameters.in_language({"label": "Antara"}, "label", "en") == "Antara"
    assert parameters.index_reference_sources("en")["continuity"] == (
        "every village paying contributions every month")
