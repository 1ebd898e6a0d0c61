"""The figures of ``metrics.json``: every metric of SPEC "Metrics" for a scope and quarter.

Values are JSON-ready: amounts and counts are Python ints (whole Rupiah), ratios float
fractions, and a ratio whose denominator is zero is None (null). Beyond the required keys:
``as_of``, ``warnings`` (number of data warnings), ``period_start``, ``contributions_ytd`` and
``allocation_year`` (the two sides of budget_realization_ytd), ``villages_with_participants``
and ``villages_paying_all_months`` (the two sides of continuity).

``index``: for a regency {"score", "rank", "components": {name: {"value", "scaled"}},
"weights", "references"}; for the province score, rank and components are null and
``ranking`` lists every regency (best first) with its regency_code, regency_name, score, rank
and components.
"""

from __future__ import annotations

from analysis.inputs.dataset import Dataset
from analysis.metrics.composite import index_entries, rank_regencies
from analysis.metrics.tallies import QuarterTallies
from analysis.reference.geography import province_code, report_coding
from analysis.reference.parameters import index_references, index_weights
from analysis.reference.periods import Quarter, quarter_for
from analysis.reference.province import NATIONAL
from analysis.reference.scope import Scope, regency_codes, scope_name


def _index(entries: dict[str, dict], code: str) -> dict:
    method = {"weights": index_weights(), "references": index_references()}
    if code != province_code():
        own = entries[code]
        return {"score": own["score"], "rank": own["rank"], "components": own["components"],
                **method}
    return {"score": None, "rank": None, "components": None, **method,
            "ranking": list(entries.values())}


def _assemble(dataset: Dataset, quarter: Quarter, code: str, headline: dict,
              entries: dict[str, dict]) -> dict:
    return scope_record(dataset, quarter, code, scope_name(code), headline,
                        _index(entries, code))


def scope_record(dataset: Dataset, quarter: Quarter, code: str, name: str, headline: dict,
                 index: dict, coding: str | None = None) -> dict:
    """metrics.json of a scope from its headline figures and its ``index``; its village
    ``coding`` is the run's unless given (a province's in a national run)."""
    return {
        "scope": code,
        "scope_name": name,
        "village_coding": coding or report_coding(),
        "period": quarter.label,
        "period_start": quarter.start.isoformat(),
        "period_end": quarter.end.isoformat(),
        "as_of": dataset.meta.as_of.isoformat(),
        "synthetic": bool(dataset.meta.synthetic),
        "warnings": dataset.warning_rows,
        **headline,
        "index": index,
    }


def compute_all_metrics(dataset: Dataset, quarter: Quarter) -> dict[str, dict]:
    """Metrics of the 11 regencies and the province ("15") for a quarter, keyed by code;
    ValueError when the data do not cover the quarter. In a national run: every regency,
    ranked within its province by its province's parameters, every province and the nation,
    as ``bkbk metrics --scope all`` gives them (``national.compute_every_scope``)."""
    if province_code() == NATIONAL:
        from analysis.metrics.national import compute_every_scope  # it builds on this module

        return compute_every_scope(dataset, quarter)
    quarter = quarter_for(dataset, quarter)
    tallies = QuarterTallies.build(dataset, quarter)
    headlines = {code: tallies.headline(code) for code in [*regency_codes(), province_code()]}
    entries = index_entries(rank_regencies({code: headlines[code] for code in regency_codes()}))
    return {code: _assemble(dataset, quarter, code, headline, entries)
            for code, headline in headlines.items()}


def compute_metrics(dataset: Dataset, scope: Scope | str, quarter: Quarter | str) -> dict:
    """Metrics of one scope and quarter.

    An entry point for analysts: besides a Scope and a Quarter it takes their text (a regency
    code or name, '15'/'province'; '2025Q4' or 'latest', the latest complete quarter of the
    data's as_of) and resolves it once here.
    """
    code = (scope if isinstance(scope, Scope) else Scope.resolve(scope)).code
    if province_code() == NATIONAL:
        return compute_all_metrics(dataset, quarter)[code]
    quarter = quarter_for(dataset, quarter)
    tallies = QuarterTallies.build(dataset, quarter)
    regencies = {regency: tallies.headline(regency) for regency in regency_codes()}
    headline = regencies[code] if code in regencies else tallies.headline(code)
    return _assemble(dataset, quarter, code, headline, index_entries(rank_regencies(regencies)))
