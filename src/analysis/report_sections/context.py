"""The report being written: its scope, quarter, language, audience, data and metrics.

``open_report`` is the first call of a report notebook and the one place where its text
parameters become typed objects (a ``Scope``, a ``Quarter``). Run by ``bkbk report``, it reads
the dataset and the metrics that the run stored in its cache folder (``cache_dir``); opened in
JupyterLab, it opens the dataset through the dataset cache (the demo data when ``data_dir`` is
empty), so only the first "Run All" after a change of the data or the code loads the files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from analysis.inputs.dataset import Dataset
from analysis.metrics.quarter_figures import QuarterFigures, quarter_figures
from analysis.reference.geography import coding_setting, province_code, use_coding
from analysis.reference.periods import Quarter, quarter_for
from analysis.reference.scope import Scope, province_part
from analysis.report_sections.parameters import check_parameters, checked_coding, checked_scope
from analysis.text.formatting import format_quarter


@dataclass(frozen=True)
class Report:
    """One report: what it covers, for whom, and the figures it shows."""

    scope: Scope
    lang: str
    audience: str
    figures: QuarterFigures

    @property
    def code(self) -> str:
        """The scope's code ("15.07", "15")."""
        return self.scope.code

    @property
    def name(self) -> str:
        """The scope's display name."""
        return self.scope.name

    @property
    def quarter(self) -> Quarter:
        """The report's quarter."""
        return self.figures.quarter

    @property
    def dataset(self) -> Dataset:
        """The validated dataset."""
        return self.figures.dataset

    @property
    def metrics_by_scope(self) -> dict[str, dict]:
        """metrics.json of every scope for the quarter."""
        return self.figures.metrics

    @property
    def previous_by_scope(self) -> dict[str, dict] | None:
        """Every scope's metrics one quarter earlier (None before the data start)."""
        return self.figures.previous

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
        return self.metrics_by_scope[province_code()]

    @property
    def is_province(self) -> bool:
        """True for the province report."""
        return self.scope.is_province

    @property
    def public(self) -> bool:
        """True when small counts are suppressed."""
        return self.audience == "public"

    @property
    def quarter_text(self) -> str:
        """``Triwulan IV 2025`` (``Q4 2025``)."""
        return format_quarter(self.quarter, self.lang)


def _open_dataset(data_dir: str, cache_dir: str) -> tuple[Dataset, Path]:
    """The run's cached dataset when ``cache_dir`` holds one, else the dataset cache's."""
    from analysis.inputs.opening import cached_dataset, open_cached

    if cache_dir:
        dataset = cached_dataset(Path(cache_dir))
        if dataset is not None:
            return dataset, Path(cache_dir)
    return open_cached(data_dir)


def open_report(scope: str = "15.07", period: str = "latest", data_dir: str = "",
                lang: str = "id", audience: str = "public", cache_dir: str = "",
                coding: str = "") -> Report:
    """Open the report of a scope (regency code or name, or the province: its code or
    ``provinsi``) and quarter, in a village coding (empty: the province's basis); the scope
    is looked up in the dataset's province."""
    from analysis.charts import apply_house_style
    from analysis.inputs.province import dataset_province
    from analysis.reference.province import default_province, use_province

    check_parameters(period, lang, audience)
    given = str(data_dir).strip()
    use_province(dataset_province(Path(given).expanduser())[0] if given else default_province())
    checked_coding(coding, lang)
    region = checked_scope(scope, lang)
    dataset, folder = _open_dataset(data_dir, cache_dir)
    figures = quarter_figures(dataset, quarter_for(dataset, period), folder)
    if not region.is_regency and not region.is_province:
        figures, region = province_of_nation(figures, region.code), Scope.province()
    apply_house_style()
    return Report(region, lang, audience, figures)


def province_of_nation(figures: QuarterFigures, code: str) -> QuarterFigures:
    """A province's figures in a national run, and the province made the run's: its part of
    the dataset (``province_part``) with the run's metrics (computed with the province's
    parameters) and the run's reconciliation, stored before the data are narrowed so that
    the province's report shows what its regencies' reports show."""
    from analysis.inputs.opening import use_geography
    from analysis.reconciliation.summary import quarter_counts

    for quarter in (figures.quarter, figures.quarter.previous):
        quarter_counts(figures.dataset, quarter, figures.folder)
    part = province_part(figures.dataset, code)
    coding = coding_setting()
    use_geography(part)
    use_coding(coding)
    return dataclasses.replace(figures, dataset=part)
