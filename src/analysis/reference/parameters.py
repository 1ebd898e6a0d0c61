"""Regulation and programme parameters read from ``data/reference/parameters.toml``.

Dated lists (contribution rates, village targets, BKBK shares, benefits) are looked up by
date: the block in force is the last one whose ``effective_from`` is on or before it.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.reference.paths import REFERENCE_DIR

PARAMETERS_FILE = REFERENCE_DIR / "parameters.toml"


@lru_cache(maxsize=4)
def load_parameters(path: Path = PARAMETERS_FILE) -> dict[str, Any]:
    """Parse the parameters file once."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def in_force(section: str, on: date | str, params: dict[str, Any] | None = None) -> dict:
    """The block of a dated list (e.g. ``"village_targets"``) in force on a date."""
    params = params or load_parameters()
    day = _as_date(on)
    blocks = sorted(params[section], key=lambda b: _as_date(b["effective_from"]))
    valid = [b for b in blocks if _as_date(b["effective_from"]) <= day]
    if not valid:
        raise ValueError(f"no '{section}' parameters in force on {day.isoformat()}")
    return valid[-1]


def village_target(category: str, on: date | str) -> int:
    """People per village targeted for a category (``MME`` or ``PR``) on a date."""
    return int(in_force("village_targets", on)[category])


def monthly_contribution(on: date | str) -> int:
    """Rupiah per person per month for the JKK + JKM package on a date."""
    rate = in_force("contribution_rates", on)
    return round(rate["declared_income"] * rate["jkk_rate"] + rate["jkm_monthly"])


def disclosure_threshold() -> int:
    """Smallest count shown as such in published breakdowns below regency level."""
    return int(load_parameters()["disclosure"]["threshold"])


def index_weights() -> dict[str, float]:
    """Weights of the composite performance index components."""
    return dict(load_parameters()["index"]["weights"])


def index_references() -> dict[str, float]:
    """Reference point of each index component: the value that earns its full score."""
    return {name: float(point["value"])
            for name, point in load_parameters()["index"]["references"].items()}


def index_reference_sources() -> dict[str, str]:
    """Where each index component's reference point comes from."""
    return {name: str(point["source"])
            for name, point in load_parameters()["index"]["references"].items()}
