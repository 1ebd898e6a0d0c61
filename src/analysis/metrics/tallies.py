"""Headline figures of a quarter for any scope, from per-village tallies computed once.

``QuarterTallies.build`` counts participants and sums contributions and budgets per reference
village for one quarter; ``headline(code)`` sums them over a scope's villages and adds the
claims and coverage figures. Every metric follows SPEC "Metrics"; the definitions are in the
docstrings of enrolment, contributions, benefits and coverage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.inputs.dataset import CATEGORIES, Dataset, check_coding
from analysis.metrics.benefits import claims_summary, median_days_to_payment, paid_between
from analysis.metrics.contributions import village_contributions
from analysis.metrics.coverage import coverage
from analysis.metrics.enrolment import targets, village_enrolment
from analysis.metrics.ratios import change, ratio
from analysis.reference.periods import Quarter
from analysis.reference.scope import in_scope, scope_mask

_COUNTED = ("active", "active_prev_quarter", "active_prev_year", "new", "exits")


@dataclass(frozen=True)
class QuarterTallies:
    """Per-village tallies of one quarter plus the claims paid up to its end."""

    quarter: Quarter
    villages: pd.DataFrame
    claims: pd.DataFrame
    workforce: pd.DataFrame

    @classmethod
    def build(cls, dataset: Dataset, quarter: Quarter) -> QuarterTallies:
        """Tally a dataset for a quarter (the quarter is not checked against the data)."""
        check_coding(dataset)
        villages = pd.concat(
            [
                village_enrolment(dataset.participants, quarter),
                village_contributions(dataset.contributions, dataset.allocations, quarter),
            ],
            axis=1,
        )
        target = targets(quarter.end)
        active_total = villages["active_MME"] + villages["active_PR"]
        villages["with_participants"] = active_total > 0
        villages["paying_all_months"] = villages["with_participants"] & villages[
            "paid_every_month"
        ]
        villages["on_target"] = on_target(villages, target)
        claims = dataset.claims[paid_between(dataset.claims, None, quarter.end)]
        in_quarter = paid_between(claims, quarter.start, quarter.end)
        return cls(quarter, villages, claims.assign(in_quarter=in_quarter), dataset.workforce)

    def headline(self, code: str) -> dict:
        """Every figure of SPEC "Metrics" for a scope code except the index."""
        villages = self.villages[scope_mask(code)]
        target = {c: t * len(villages) for c, t in targets(self.quarter.end).items()}
        return headline_figures(
            self.quarter, villages.sum(numeric_only=True), len(villages), target,
            in_scope(self.claims, code), coverage(self.workforce, code, self.quarter.year),
        )


def on_target(villages: pd.DataFrame, target: dict[str, int | np.ndarray]) -> np.ndarray:
    """Per village: active MME and PR both reach their targets (a number, or one per
    village)."""
    return np.logical_and.reduce([villages[f"active_{c}"] >= target[c] for c in CATEGORIES])


def headline_figures(quarter: Quarter, sums: pd.Series, villages: int,
                     target: dict[str, int], claims: pd.DataFrame, scope_coverage: dict) -> dict:
    """The headline figures of a scope from the sums of its villages' tallies (columns of
    ``QuarterTallies.villages``), its number of villages, its target by category, its claims
    paid up to the quarter end (with ``in_quarter``) and its coverage."""
    counts = {
        name: {**{c: int(sums[f"{name}_{c}"]) for c in CATEGORIES},
               "total": int(sum(sums[f"{name}_{c}"] for c in CATEGORIES))}
        for name in _COUNTED
    }
    target = {**target, "total": sum(target.values())}
    active = counts["active"]
    claims_in_period = claims[claims["in_quarter"]]
    santunan = int(claims["amount"].sum())
    cumulative = int(sums["contributions_cumulative"])
    return {
        "villages": villages,
        **counts,
        "target": target,
        "attainment": {key: ratio(active[key], target[key]) for key in target},
        "growth_qoq": change(active["total"], counts["active_prev_quarter"]["total"]),
        "growth_yoy": change(active["total"], counts["active_prev_year"]["total"]),
        "villages_on_target": int(sums["on_target"]),
        "villages_with_participants": int(sums["with_participants"]),
        "villages_paying_all_months": int(sums["paying_all_months"]),
        "continuity": ratio(sums["paying_all_months"], sums["with_participants"]),
        "contributions_in_period": int(sums["contributions_in_period"]),
        "contributions_ytd": int(sums["contributions_ytd"]),
        "allocation_year": int(sums["allocation"]),
        "budget_realization_ytd": ratio(sums["contributions_ytd"], sums["allocation"]),
        "contributions_cumulative": cumulative,
        "claims_in_period": claims_summary(claims_in_period),
        "santunan_cumulative": santunan,
        "benefit_contribution_ratio": ratio(santunan, cumulative),
        "median_days_to_payment": median_days_to_payment(claims_in_period),
        "coverage": scope_coverage,
    }
