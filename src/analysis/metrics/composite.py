"""Composite performance index of the 11 regencies for a quarter.

An analytical aid in the spirit of Paritrana's published criteria, not the official award
score. Components (raw values from the regency's metrics): coverage_total, coverage_informal,
growth_yoy, continuity and attainment (total). Each is min-max scaled across the 11 regencies:
scaled = (value - min) / (max - min), so the best regency gets 1 and the weakest 0. When all
known values are equal the component does not separate regencies and every regency gets 0.5;
a regency whose value is unknown (null, e.g. growth without participants a year earlier or
coverage without workforce data) also gets the neutral 0.5. score = 100 x sum(weight x scaled)
with the weights of ``parameters.index_weights()`` (they sum to 1), so 0 <= score <= 100.
rank 1 = highest score; equal scores share the best rank (1, 2, 2, 4, ...).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.dataset import Dataset
from analysis.metrics.tallies import QuarterTallies
from analysis.reference.parameters import index_weights
from analysis.reference.periods import Quarter, quarter_for
from analysis.reference.scope import regency_codes, scope_name

COMPONENTS = ("coverage_total", "coverage_informal", "growth_yoy", "continuity", "attainment")
NEUTRAL = 0.5
_SCORE_DECIMALS = 9


def component_values(headline: dict) -> dict[str, float | None]:
    """Raw index components of one regency from its headline metrics."""
    return {
        "coverage_total": headline["coverage"]["total"],
        "coverage_informal": headline["coverage"]["informal"],
        "growth_yoy": headline["growth_yoy"],
        "continuity": headline["continuity"],
        "attainment": headline["attainment"]["total"],
    }


def min_max(values: pd.Series) -> pd.Series:
    """Scale to 0..1 by (value - min) / (max - min); 0.5 for unknown values or no spread."""
    low, high = values.min(), values.max()
    if pd.isna(low) or high == low:
        return pd.Series(NEUTRAL, index=values.index, dtype="float64")
    return ((values - low) / (high - low)).fillna(NEUTRAL).astype("float64")


def _checked_weights(weights: dict[str, float] | None) -> dict[str, float]:
    weights = index_weights() if weights is None else weights
    if set(weights) != set(COMPONENTS):
        raise ValueError(
            f"index weights must name exactly {', '.join(COMPONENTS)}; got {', '.join(weights)}"
        )
    return weights


def rank_regencies(headlines: dict[str, dict],
                   weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Ranking of the regencies from their headline metrics (keyed by regency code):
    regency_code, regency_name, rank, score, then each component and its scaled value."""
    weights = _checked_weights(weights)
    raw = pd.DataFrame(
        [component_values(headlines[code]) for code in headlines],
        index=list(headlines), columns=list(COMPONENTS), dtype="float64",
    )
    table = pd.DataFrame({"regency_code": raw.index,
                          "regency_name": [scope_name(code) for code in raw.index]})
    score = np.zeros(len(raw))
    for name in COMPONENTS:
        scaled = min_max(raw[name])
        table[name] = raw[name].to_numpy()
        table[f"{name}_scaled"] = scaled.to_numpy()
        score += weights[name] * scaled.to_numpy()
    table.insert(2, "score", 100.0 * score)
    table.insert(2, "rank", (-table["score"].round(_SCORE_DECIMALS)).rank(method="min")
                 .astype("int64"))
    return table.sort_values(["rank", "regency_code"], ignore_index=True)


def index_entries(ranking: pd.DataFrame) -> dict[str, dict]:
    """metrics.json ``index`` of each regency of a ranking, keyed by code and in rank order:
    regency_code, regency_name, score, rank and components ({name: {"value", "scaled"}})."""
    entries = {}
    for row in ranking.to_dict("records"):
        entries[row["regency_code"]] = {
            "regency_code": row["regency_code"],
            "regency_name": row["regency_name"],
            "score": float(row["score"]),
            "rank": int(row["rank"]),
            "components": {
                name: {"value": None if pd.isna(row[name]) else float(row[name]),
                       "scaled": float(row[f"{name}_scaled"])}
                for name in COMPONENTS
            },
        }
    return entries


def ranking_table(province_metrics: dict) -> pd.DataFrame:
    """The ranking stored in the province's metrics.json, as ``rank_regencies`` returns it."""
    rows = [
        {"regency_code": entry["regency_code"], "regency_name": entry["regency_name"],
         "rank": entry["rank"], "score": entry["score"],
         **{name: entry["components"][name]["value"] for name in COMPONENTS},
         **{f"{name}_scaled": entry["components"][name]["scaled"] for name in COMPONENTS}}
        for entry in province_metrics["index"]["ranking"]
    ]
    columns = ["regency_code", "regency_name", "rank", "score",
               *COMPONENTS, *(f"{name}_scaled" for name in COMPONENTS)]
    return pd.DataFrame(rows, columns=columns).astype(
        {name: "float64" for name in columns[3:]})


def regency_ranking(dataset: Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """Ranking of the 11 regencies for a quarter (see ``rank_regencies`` for the columns)."""
    quarter = quarter_for(dataset, quarter)
    tallies = QuarterTallies.build(dataset, quarter)
    return rank_regencies({code: tallies.headline(code) for code in regency_codes()})
