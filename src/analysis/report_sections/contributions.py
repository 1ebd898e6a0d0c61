"""Iuran dan anggaran: contributions, continuity and budget realization."""

from __future__ import annotations

from IPython.display import HTML

from analysis import charts
from analysis.metrics.contributions import (
    budget_by_district,
    continuity_by_district,
    monthly_contributions,
)
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
    area_word,
    by_regency,
    relabel_areas,
    total_row,
)
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import (
    label,
)
from analysis.text.messages import message


def contributions(report: Report) -> HTML:
    """Iuran dan anggaran: contributions by month and continuity of payment."""
    m, lang = report.metrics, report.lang
    data, scope, quarter = report.dataset, report.scope, report.quarter
    parts = [
        heading(message("sections.contributions.heading", lang), css_class=SECTION),
        paragraphs([narrative.contributions(m, report.previous, lang)]),
        figure(charts.plot_monthly_contributions(monthly_contributions(data, scope, quarter),
                                                 lang)),
        heading(label("continuity", lang), 3),
        paragraphs([narrative.continuity(m, lang)]),
    ]
    if report.is_province:
        frame = total_row(by_regency(report), "district_name", label("total", lang),
                           continuity=m["continuity"])
        parts.append(table(frame, [
            Column("district_name", label("regency", lang)),
            Column("with_participants",
                   message("sections.contributions.with_participants", lang), "int"),
            Column("paying", message("sections.contributions.paying", lang), "int"),
            Column("continuity", label("continuity", lang), "percent"),
        ], lang, caption=message("sections.contributions.continuity", lang,
                                 quarter=report.quarter_text), total_rows=1))
    else:
        parts.append(figure(charts.plot_continuity_heatmap(
            continuity_by_district(data, scope, quarter), lang)))
        parts.append(note(message("sections.contributions.heatmap_note", lang)))
    return page(*parts)


def budget(report: Report) -> HTML:
    """Budget realization against the BKBK allocation, per kecamatan (per regency)."""
    m, lang = report.metrics, report.lang
    if report.is_province:
        frame = by_regency(report)
        title = label("title_budget_realization_by_regency", lang)
    else:
        frame = budget_by_district(report.dataset, report.scope, report.quarter)
        title = None
    fig = charts.plot_budget_realization(frame, lang, title=title)
    relabel_areas(report, fig)
    shown = total_row(frame[["district_name", "allocation", "contributions_ytd",
                              "realization"]], "district_name", label("total", lang),
                       realization=m["budget_realization_ytd"])
    year = str(report.quarter.year)
    return page(
        heading(message("sections.contributions.budget_heading", lang), 3),
        paragraphs([narrative.budget_realization(m, lang)]),
        figure(fig),
        table(shown, [
            Column("district_name", area_word(report)),
            Column("allocation", message("sections.contributions.allocation", lang, year=year),
                   "rupiah"),
            Column("contributions_ytd", label("contributions_ytd", lang), "rupiah"),
            Column("realization", label("realization", lang), "percent"),
        ], lang, total_rows=1),
    )
