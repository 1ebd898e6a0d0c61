"""The report being written: its scope, quarter, language, audience, data and metrics.

``open_report`` is the first call of a report notebook. Run by ``bkbk report``, it reads the
dataset and the metrics the runner already computed (``cache_dir``); opened in JupyterLab,
it loads and validates the dataset itself (the demo data when ``data_dir`` is empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.inputs.dataset import Dataset
from analysis.reference.geography import PROVINCE_CODE, resolve_scope
from analysis.reference.periods import Quarter, quarter_for
from analysis.text.formatting import LANGS, format_quarter

AUDIENCES = ("public", "internal")


@dataclass
class Report:
    """One report: what it covers, for whom, and the figures it shows."""

    code: str
    name: str
    quarter: Quarter
    lang: str
    audience: str
    dataset: Dataset
    metrics_by_scope: dict[str, dict]
    previous_by_scope: dict[str, dict] | None

    @property
    def metrics(self) -> dict:
        """metrics.json of this report."""
        return self.metrics_by_scope[self.code]

    @property
    def previous(self) -> dict | None:
        """This scope's metrics one quarter earlier (None before the data start)."""
        return None if self.previous_by_scope is None else self.previous_by_scope[self.code]

    @property
    def province(self) -> dict:
        """The province's metrics for the quarter."""
        return self.metrics_by_scope[PROVINCE_CODE]

    @property
    def is_province(self) -> bool:
        """True for the province report."""
        return self.code == PROVINCE_CODE

    @property
    def public(self) -> bool:
        """True when small counts are suppressed."""
        return self.audience == "public"

    @property
    def quarter_text(self) -> str:
        """``Triwulan IV 2025`` (``Q4 2025``)."""
        return format_quarter(self.quarter.label, self.lang)

    def say(self, indonesian: str, english: str) -> str:
        """The text in the report's language."""
        return indonesian if self.lang == "id" else english


def _all_metrics(dataset: Dataset, quarter: Quarter) -> dict[str, dict] | None:
    from analysis.metrics.scope_metrics import compute_all_metrics

    try:
        quarter_for(dataset, quarter)
    except ValueError:
        return None
    return compute_all_metrics(dataset, quarter)


def _from_cache(folder: Path, quarter: Quarter):
    from analysis.run import cache

    dataset = cache.load_dataset(folder)
    found, metrics = cache.load_metrics(folder, quarter.label)
    found_previous, previous = cache.load_metrics(folder, quarter.previous.label)
    if dataset is None or not found or not found_previous:
        return None
    return dataset, metrics, previous


def open_report(scope: str = "15.07", period: str = "latest", data_dir: str = "",
                lang: str = "id", audience: str = "public", cache_dir: str = "") -> Report:
    """Open the report of a scope (regency code or name, or ``15``) and quarter."""
    from analysis.charts import apply_house_style

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, got {audience!r}")
    code, name = resolve_scope(scope)
    cached = None
    if cache_dir and str(period).lower() != "latest":
        cached = _from_cache(Path(cache_dir), Quarter.parse(period))
    if cached is not None:
        dataset, metrics, previous = cached
        quarter = Quarter.parse(period)
    else:
        from analysis.inputs.opening import open_dataset

        dataset = open_dataset(data_dir)
        quarter = quarter_for(dataset, period)
        metrics = _all_metrics(dataset, quarter)
        previous = _all_metrics(dataset, quarter.previous)
    apply_house_style()
    return Report(code, name, quarter, lang, audience, dataset, metrics, previous)
