"""metrics.json of every scope of a dataset at once: each regency, each province, the nation.

One pass tallies every reference village of the run's geography (``QuarterTallies.build``:
the run's province, or every province in a national run); group sums carry the village
tallies to the regencies, the provinces and the nation, and each scope's figures come from
``headline_figures``, as metrics.json of one scope does. On one province the figures are
those of ``compute_all_metrics``, and a province is always the sum of its regencies.

Keys: regency codes ("15.07"), province codes ("15") and, in a national run, ``NATION``
("all", as in ``--scope all`` and ``--province all``) for the nation: every province. Each
province uses its own programme parameters (village targets, index weights and reference
points); the nation uses the national defaults.

``index``: a regency is ranked among the regencies of its province, as in the province
report; a province lists them in its ``ranking``. The nation's ``ranking`` lists every
regency with its own score and components, ranked against all regencies of the nation
(equal scores share the best rank); its score, rank and components are null.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.inputs.dataset import CATEGORIES, Dataset
from analysis.metrics.composite import index_entries, rank_regencies
from analysis.metrics.coverage import coverage_of
from analysis.metrics.enrolment import targets
from analysis.metrics.scope_metrics import scope_record
from analysis.metrics.tallies import QuarterTallies, headline_figures, on_target
from analysis.reference.geography import province_code, province_coding
from analysis.reference.parameters import index_references, index_weights
from analysis.reference.periods import Quarter, quarter_for
from analysis.reference.province import NATIONAL, province_parameters, province_setting
from analysis.reference.scope import reference_villages

NATION = NATIONAL
SCOPE_STEPS = ("village tallies", "scope sums", "regencies", "provinces and the nation")
Progress = Callable[[str], None]


def _province(codes: pd.Series) -> pd.Series:
    """Province code of region codes ("15.07.01.2001" -> "15")."""
    return codes.str[:2]


def _group_sums(villages: pd.DataFrame, keys: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Sums of the village tallies per key and the number of villages per key."""
    groups = villages.groupby(keys.to_numpy(), sort=True)
    return groups.sum(numeric_only=True), groups.size()


def _index_method() -> dict:
    return {"weights": index_weights(), "references": index_references()}


def _nation_ranking(rankings: list[pd.DataFrame]) -> dict[str, dict]:
    """Every regency's own index entry, ranked against all regencies of the nation."""
    table = pd.concat(rankings, ignore_index=True)
    table["rank"] = (-table["score"]).rank(method="min").astype("int64")
    return index_entries(table.sort_values(["rank", "regency_code"], ignore_index=True))


def compute_every_scope(dataset: Dataset, quarter: Quarter | str,
                        progress: Progress | None = None) -> dict[str, dict]:
    """metrics.json of every regency and province of the run's geography and, in a national
    run, of the nation (``NATION``) for a quarter, keyed by code; ValueError when the data
    do not cover the quarter. ``progress`` is told the name of each step as it starts."""
    step = progress or (lambda _: None)
    quarter = quarter_for(dataset, quarter)
    tallying, summing, regency_step, province_step = SCOPE_STEPS
    step(tallying)
    tallies = QuarterTallies.build(dataset, quarter)
    reference = reference_villages()
    regency = reference["regency_code"]
    province = _province(regency)
    provinces = sorted(province.unique())
    village_targets = {}
    for code in provinces:
        with province_setting(code):
            village_targets[code] = targets(quarter.end)
    villages = tallies.villages.reset_index(drop=True)
    for category in CATEGORIES:
        villages[f"target_{category}"] = province.map(
            {code: t[category] for code, t in village_targets.items()}).to_numpy("int64")
    villages["on_target"] = on_target(
        villages, {c: villages[f"target_{c}"].to_numpy() for c in CATEGORIES})

    step(summing)
    regency_sums, regency_villages = _group_sums(villages, regency)
    province_sums, province_villages = _group_sums(villages, province)
    claims = tallies.claims
    claims_regency = claims["regency_code"].astype("str")
    claims_by_regency = dict(tuple(claims.groupby(claims_regency.to_numpy(), sort=False)))
    no_claims = claims.iloc[0:0]
    workforce = tallies.workforce
    workforce_by_regency = dict(tuple(workforce.groupby("regency_code", sort=False)))
    no_workforce = workforce.iloc[0:0]
    names = reference.drop_duplicates("regency_code").set_index("regency_code")["regency_name"]

    def headline(sums: pd.Series, count: int, scope_claims: pd.DataFrame,
                 rows: pd.DataFrame) -> dict:
        target = {c: int(sums[f"target_{c}"]) for c in CATEGORIES}
        return headline_figures(quarter, sums, int(count), target, scope_claims,
                                coverage_of(rows, quarter.year))

    step(regency_step)
    headlines = {
        code: headline(regency_sums.loc[code], regency_villages[code],
                       claims_by_regency.get(code, no_claims),
                       workforce_by_regency.get(code, no_workforce))
        for code in regency_sums.index
    }
    step(province_step)
    results: dict[str, dict] = {}
    rankings = []
    for code in provinces:
        own = sorted(set(regency[province == code]))
        with province_setting(code):
            ranking = rank_regencies({r: headlines[r] for r in own}, index_weights(),
                                     index_references())
            entries = index_entries(ranking)
            method = _index_method()
        rankings.append(ranking)
        for r in own:
            entry = entries[r]
            index = {"score": entry["score"], "rank": entry["rank"],
                     "components": entry["components"], **method}
            results[r] = scope_record(dataset, quarter, r, str(names[r]), headlines[r], index,
                                      province_coding(code))
        figures = headline(province_sums.loc[code], province_villages[code],
                           claims[claims_regency.isin(own).to_numpy()],
                           workforce[workforce["regency_code"].isin(own)])
        index = {"score": None, "rank": None, "components": None, **method,
                 "ranking": list(entries.values())}
        name = str(province_parameters(code)["province"]["name"])
        results[code] = scope_record(dataset, quarter, code, name, figures, index,
                                     province_coding(code))
    if province_code() != NATION:
        return results
    nation = headline(villages.sum(numeric_only=True), len(villages),
                      claims[claims_regency.isin(set(regency)).to_numpy()],
                      workforce[workforce["regency_code"].isin(set(regency))])
    index = {"score": None, "rank": None, "components": None, **_index_method(),
             "ranking": list(_nation_ranking(rankings).values())}
    results[NATION] = scope_record(dataset, quarter, NATION,
                                   str(province_parameters(NATION)["province"]["name"]),
                                   nation, index)
    return results

