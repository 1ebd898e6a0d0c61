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


def contributions(report: Report) -> HTML:
    """Iuran dan anggaran: contributions by month and continuity of payment."""
    m, lang, say = report.metrics, report.lang, report.say
    data, code, quarter = report.dataset, report.code, report.quarter
    parts = [
        heading(say("Iuran dan anggaran", "Contributions and budget"), css_class=SECTION),
        paragraphs([narrative.contributions(m, report.previous, lang)]),
        figure(charts.plot_monthly_contributions(monthly_contributions(data, code, quarter),
                                                 lang)),
        heading(label("continuity", lang), 3),
        paragraphs([narrative.continuity(m, lang)]),
    ]
    if report.is_province:
        frame = total_row(by_regency(report), "district_name", label("total", lang),
                           continuity=m["continuity"])
        parts.append(table(frame, [
            Column("district_name", label("regency", lang)),
            Column("with_participants", say("Desa/kel. dengan peserta aktif",
                                            "Villages with active participants"), "int"),
            Column("paying", say("Membayar ketiga bulan", "Paid all three months"), "int"),
            Column("continuity", label("continuity", lang), "percent"),
        ], lang, caption=say(f"Kesinambungan iuran {report.quarter_text}",
                             f"Continuity of contributions, {report.quarter_text}"),
            total_rows=1))
    else:
        parts.append(figure(charts.plot_continuity_heatmap(
            continuity_by_district(data, code, quarter), lang)))
        parts.append(note(say("Bagian desa/kelurahan dengan peserta aktif pada akhir bulan yang "
                              "memiliki iuran untuk bulan itu; sel abu-abu: tidak ada "
                              "desa/kelurahan dengan peserta aktif.",
                              "Share of villages with active participants at the month end that "
                              "have a contribution for the month; grey cells: no village with "
                              "active participants.")))
    return page(*parts)


def budget(report: Report) -> HTML:
    """Budget realization against the BKBK allocation, per kecamatan (per regency)."""
    m, lang, say = report.metrics, report.lang, report.say
    if report.is_province:
        frame = by_regency(report)
        title = say("Realisasi iuran terhadap alokasi BKBK per kabupaten/kota",
                    "Contributions against the BKBK allocation by regency")
    else:
        frame = budget_by_district(report.dataset, report.code, report.quarter)
        title = None
    fig = charts.plot_budget_realization(frame, lang, title=title)
    relabel_areas(report, fig)
    shown = total_row(frame[["district_name", "allocation", "contributions_ytd",
                              "realization"]], "district_name", label("total", lang),
                       realization=m["budget_realization_ytd"])
    year = report.quarter.year
    return page(
        heading(say("Realisasi anggaran", "Budget realization"), 3),
        paragraphs([narrative.budget_realization(m, lang)]),
        figure(fig),
        table(shown, [
            Column("district_name", area_word(report)),
            Column("allocation", say(f"Alokasi BKBK untuk iuran {year}",
                                     f"BKBK allocation for contributions {year}"), "rupiah"),
            Column("contributions_ytd", label("contributions_ytd", lang), "rupiah"),
            Column("realization", label("realization", lang), "percent"),
        ], lang, total_rows=1),
    )
