"""Helpers shared by the report sections: changes, previous figures, regency tables."""

from __future__ import annotations

import pandas as pd

from analysis.inputs.dataset import CATEGORIES
from analysis.reference.scope import regency_codes
from analysis.report_sections.context import Report
from analysis.text.formatting import (
    label,
)

BELOW_TARGET_ROWS = 10
SECTION = "bkbk-section-break"


def sign(value: float | None) -> int:
    if value is None or round(value, 3) == 0:
        return 0
    return 1 if value > 0 else -1


def change_note(phrase: str | None, change: float | None) -> tuple[str, int]:
    """A key figure's note and the direction of its change."""
    return phrase or "", sign(change)


def difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def previous(report: Report, *keys: str):
    value = report.previous
    for key in keys:
        if value is None:
            return None
        value = value.get(key)
    return value


def by_regency(report: Report) -> pd.DataFrame:
    """The 11 regencies' figures from their metrics, in code order (province tables)."""
    rows = []
    for code in regency_codes():
        m = report.metrics_by_scope[code]
        rows.append({
            "code": code,
            "district_name": m["scope_name"],
            "villages": m["villages"],
            **{f"active_{c}": m["active"][c] for c in CATEGORIES},
            **{f"target_{c}": m["target"][c] for c in CATEGORIES},
            **{f"attainment_{c}": m["attainment"][c] for c in (*CATEGORIES, "total")},
            "with_participants": m["villages_with_participants"],
            "paying": m["villages_paying_all_months"],
            "continuity": m["continuity"],
            "allocation": m["allocation_year"],
            "contributions_ytd": m["contributions_ytd"],
            "realization": m["budget_realization_ytd"],
            "claims_count": m["claims_in_period"]["count"],
            "claims_amount": m["claims_in_period"]["amount"],
            "santunan_cumulative": m["santunan_cumulative"],
        })
    return pd.DataFrame(rows).astype({"attainment_MME": "float64", "attainment_PR": "float64",
                                      "attainment_total": "float64", "continuity": "float64",
                                      "realization": "float64"})


def total_row(frame: pd.DataFrame, name_column: str, text: str, **ratios) -> pd.DataFrame:
    """The frame with a total row named ``text``: counts and amounts (integer columns) summed,
    ratios as given in ``ratios`` (the scope's own figures; a sum of ratios means nothing)."""
    sums = frame.select_dtypes("integer").sum()
    total = {column: sums.get(column) for column in frame.columns}
    total.update({name_column: text, **ratios})
    return pd.concat([frame, pd.DataFrame([total], index=["total"])])


def area_word(report: Report) -> str:
    return label("regency" if report.is_province else "district", report.lang)


def relabel_areas(report: Report, fig) -> None:
    """Charts drawn per kecamatan show regencies in the province report."""
    if report.is_province:
        fig.axes[0].set_ylabel(label("regency", report.lang))
