"""Cakupan: formal, informal and total coverage against the province."""

from __future__ import annotations

from IPython.display import HTML

from analysis import charts
from analysis.metrics.coverage import coverage_comparison
from analysis.report_sections.blocks import (
    Column,
    figure,
    heading,
    note,
    page,
    paragraphs,
    table,
)
from analysis.report_sections.common import (
    SECTION,
)
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import (
    label,
)
from analysis.text.messages import message


def coverage(report: Report) -> HTML:
    """Cakupan: formal, informal and total coverage against the province."""
    lang = report.lang
    frame = coverage_comparison(report.dataset, report.scope, report.quarter)
    return page(
        heading(message("sections.coverage.heading", lang), css_class=SECTION),
        paragraphs([narrative.coverage(report.metrics, report.province, lang)]),
        figure(charts.plot_coverage_comparison(frame, highlight_code=report.code, lang=lang)),
        table(frame, [
            Column("name", message("common.area", lang)),
            Column("year", message("sections.coverage.data_year", lang)),
            Column("formal", label("coverage_formal", lang), "percent"),
            Column("informal", label("coverage_informal", lang), "percent"),
            Column("total", label("coverage_total", lang), "percent"),
        ], lang),
        note(message("sections.coverage.note", lang)),
    )
