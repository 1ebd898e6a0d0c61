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


def coverage(report: Report) -> HTML:
    """Cakupan: formal, informal and total coverage against the province."""
    lang, say = report.lang, report.say
    frame = coverage_comparison(report.dataset, report.code, report.quarter)
    return page(
        heading(say("Cakupan", "Coverage"), css_class=SECTION),
        paragraphs([narrative.coverage(report.metrics, report.province, lang)]),
        figure(charts.plot_coverage_comparison(frame, highlight_code=report.code, lang=lang)),
        table(frame, [
            Column("name", say("Wilayah", "Area")),
            Column("year", say("Tahun data", "Data year")),
            Column("formal", label("coverage_formal", lang), "percent"),
            Column("informal", label("coverage_informal", lang), "percent"),
            Column("total", label("coverage_total", lang), "percent"),
        ], lang),
        note(say("Cakupan formal: peserta penerima upah aktif dibagi pekerja formal; cakupan "
                 "informal: peserta bukan penerima upah aktif (termasuk BKBK) dibagi pekerja "
                 "informal; cakupan total: keduanya dibagi seluruh penduduk bekerja.",
                 "Formal coverage: active wage-earner participants over formal workers; "
                 "informal coverage: active non-wage participants (BKBK included) over informal "
                 "workers; total coverage: both over all employed persons.")),
    )
