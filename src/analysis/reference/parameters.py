"""Regulation and programme parameters of the run's province: its own
``data/reference/provinces/<code>.toml`` over the national defaults of
``data/reference/parameters.toml`` (``analysis.reference.province``).

Dated lists (contribution rates, village targets, BKBK shares, benefits) are looked up by
date: the block in force is the last one whose ``effective_from`` is on or before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from analysis.reference.province import active_province, province_parameters


def load_parameters(province: str | None = None) -> dict[str, Any]:
    """The parameters of a province (default: the run's province)."""
    return province_parameters(province or active_province())


def in_language(block: Mapping[str, Any], field: str, lang: str) -> str:
    """A parameter's text (a ``source`` or ``label``) in a report's language: its English
    twin ``<field>_en`` in English reports, else the text as written (Indonesian)."""
    return str(block[f"{field}_en"] if lang == "en" and f"{field}_en" in block else block[field])


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


def index_reference_sources(lang: str = "id") -> dict[str, str]:
    """Where each index component's reference point comes from."""
    return {name: in_language(point, "source", lang)
            for name, point in load_parameters()["index"]["references"].items()}
