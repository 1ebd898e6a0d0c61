"""Synthetic allocations: the BKBK grant and its contribution shares per village and year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demo.timeline import MONTH_YEARS
from analysis.reference.parameters import in_force


def build_allocations(codes: np.ndarray) -> pd.DataFrame:
    """One row per village and covered year, as the parameters in force on 1 January."""
    rows = []
    for year in np.unique(MONTH_YEARS):
        block = in_force("bkbk", f"{year}-01-01")
        rows.append(pd.DataFrame({
            "village_code": codes,
            "year": int(year),
            "bkbk_amount": int(block["amount_per_village"]),
            "mme_share": float(block["mme_share"]),
            "pr_share": float(block["pr_share"]),
        }))
    return pd.concat(rows).sort_values(["village_code", "year"], ignore_index=True)
