"""Composite performance index of the 11 regencies for a quarter.

An analytical aid in the spirit of Paritrana's published criteria, not the official award
score. Components (raw values from the regency's metrics): coverage_total, coverage_informal,
growth_yoy, continuity and attainment (total). Each is scored against its fixed reference point
of ``parameters.index_references()``: scaled = value / reference kept within 0..1, so a score
means the same from quarter to quarter whatever the other regencies do. A component whose value
is unknown (null, e.g. growth without participants a year earlier or coverage without workforce
data) is left out and the weights of the known components are rescaled to sum to 1.
score = 100 x sum(weight x scaled) with the weights of ``parameters.index_weights()``, rounded
half up to one decimal as the reports show it, so 0 <= score <= 100. rank 1 = highest score;
equal scores share the best rank (1, 2, 2, 4, ...).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from analysis.inputs.dataset import Dataset
from analysis.metrics.tallies import QuarterTallies
from analysis.reference.parameters import index_references, index_weights
from analysis.reference.periods import Quarter, quarter_for
from analysis.reference.scope import regency_codes, scope_name

COMPONENTS = ("coverage_total", "coverage_informal", "growth_yoy", "continuity", "attainment")
SCORE_DECIMALS = 1


def component_values(headline: dict) -> dict[str, float | None]:
    """Raw index components of one regency from its headline metrics."""
    return {
        "coverage_total": headline["coverage"]["total"],
        "coverage_informal": headline["coverage"]["informal"],
        "growth_yoy": headline["growth_yoy"],
        "continuity": headline["continuity"],
        "attainment": headline["attainment"]["total"],
    }


def against_reference(values: pd.Series, reference: float) -> pd.Series:
    """Score of each value against a reference point: value / reference within 0..1
    (NaN stays NaN: an unknown value has no score)."""
    return (values / reference).clip(lower=0.0, upper=1.0).astype("float64")


def shown_score(score: float) -> float:
    """A score rounded half up to one decimal, as the reports write it (71.45 -> 71.5)."""
    exact = Decimal(repr(float(score)))
    return float(exact.quantize(Decimal(1).scaleb(-SCORE_DECIMALS), rounding=ROUND_HALF_UP))


def _checked_weights(weights: dict[str, float] | None) -> dict[str, float]:
    weights = index_weights() if weights is None else weights
    if set(weights) != set(COMPONENTS):
        raise ValueError(
            f"index weights must name exactly {', '.join(COMPONENTS)}; got {', '.join(weights)}"
        )
    return weights


def _checked_references(references: dict[str, float] | None) -> dict[str, float]:
    references = index_references() if references is None else references
    if set(references) != set(COMPONENTS) or min(references.values()) <= 0:
        raise ValueError(f"index references must give a positive value to exactly "
                         f"{', '.join(COMPONENTS)}; got {references}")
    return references


def rank_regencies(headlines: dict[str, dict], weights: dict[str, float] | None = None,
                   references: dict[str, float] | None = None) -> pd.DataFrame:
    """Ranking of the regencies from their headline metrics (keyed by regency code):
    regency_code, regency_name, rank, score, then each component and its scaled value."""
    weights = _checked_weights(weights)
    references = _checked_references(references)
    raw = pd.DataFrame(
        [component_values(headlines[code]) for code in headlines],
        index=list(headlines), columns=list(COMPONENTS), dtype="float64",
    )
    table = pd.DataFrame({"regency_code": raw.index,
                          "regency_name": [scope_name(code) for code in raw.index]})
    weighted = np.zeros(len(raw))
    known_weight = np.zeros(len(raw))
    for name in COMPONENTS:
        scaled = against_reference(raw[name], references[name]).to_numpy()
        table[name] = raw[name].to_numpy()
        table[f"{name}_scaled"] = scaled
        known = ~np.isnan(scaled)
        weighted += np.where(known, weights[name] * scaled, 0.0)
        known_weight += np.where(known, weights[name], 0.0)
    table.insert(2, "score", [shown_score(100.0 * w / k) for w, k in
                              zip(weighted, known_weight, strict=True)])
    table.insert(2, "rank", (-table["score"]).rank(method="min").astype("int64"))
    return table.sort_values(["rank", "regency_code"], ignore_index=True)


def _known(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


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
                name: {"value": _known(row[name]), "scaled": _known(row[f"{name}_scaled"])}
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
