"""Kepesertaan: participants by month, flows, attainment, villages below target."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import charts
from analysis.inputs.dataset import CATEGORIES
from analysis.metrics.enrolment import attainment_by_district, monthly_active, monthly_flows
from analysis.metrics.enrolment import villages_below_target as below_target_frame
from analysis.reference.geography import villages
from analysis.reference.scope import new_villages_without_rows
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
    BELOW_TARGET_ROWS,
    SECTION,
    area_word,
    by_regency,
    relabel_areas,
    total_row,
)
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import format_number, label
from analysis.text.messages import message


def enrolment(report: Report) -> HTML:
    """Kepesertaan: active participants by month, new and exits, the quarter's changes."""
    m, lang = report.metrics, report.lang
    data, scope, quarter = report.dataset, report.scope, report.quarter
    rows = []
    for key in (*CATEGORIES, "total"):
        rows.append({
            "category": label(key, lang) + ("" if key == "total" else f" ({key})"),
            "before": m["active_prev_quarter"][key], "new": m["new"][key],
            "exits": m["exits"][key], "active": m["active"][key], "target": m["target"][key],
            "attainment": m["attainment"][key],
        })
    flows = table(pd.DataFrame(rows), [
        Column("category", message("sections.enrolment.category", lang)),
        Column("before", message("sections.enrolment.active_before", lang), "int"),
        Column("new", label("new", lang), "int"),
        Column("exits", label("exits", lang), "int"),
        Column("active", message("sections.enrolment.active_now", lang), "int"),
        Column("target", label("target", lang), "int"),
        Column("attainment", label("attainment", lang), "percent"),
    ], lang, caption=message("sections.enrolment.changes", lang, quarter=report.quarter_text),
        total_rows=1)
    return page(
        heading(message("sections.enrolment.heading", lang), css_class=SECTION),
        paragraphs([narrative.enrolment_flows(m, lang)]),
        figure(charts.plot_monthly_active(monthly_active(data, scope, quarter), lang)),
        figure(charts.plot_monthly_flows(monthly_flows(data, scope, quarter), lang)),
        flows,
    )


def attainment(report: Report) -> HTML:
    """Attainment of the targets per kecamatan (per regency for the province)."""
    lang = report.lang
    if report.is_province:
        frame = by_regency(report)
        title = label("title_attainment_by_regency", lang)
    else:
        frame = attainment_by_district(report.dataset, report.scope, report.quarter)
        title = None
    fig = charts.plot_attainment_by_district(frame, lang, title=title,
                                             overall=report.metrics["attainment"]["total"])
    relabel_areas(report, fig)
    shown = total_row(frame, "district_name", label("total", lang),
                       **{f"attainment_{key}": value
                          for key, value in report.metrics["attainment"].items()})
    columns = [
        Column("district_name", area_word(report)),
        Column("villages", message("sections.enrolment.villages", lang), "int"),
    ]
    for c in CATEGORIES:
        columns += [
            Column(f"active_{c}", message("sections.active_category", lang, category=c), "int"),
            Column(f"target_{c}", message("sections.target_category", lang, category=c), "int"),
            Column(f"attainment_{c}", message("sections.attainment_category", lang, category=c),
                   "percent"),
        ]
    columns.append(Column("attainment_total", message("sections.enrolment.attainment_total", lang),
                          "percent"))
    return page(
        heading(message("sections.enrolment.attainment_heading", lang,
                        area=area_word(report).lower()), 3),
        paragraphs([narrative.spread(
            dict(zip(frame["district_name"], frame["attainment_total"], strict=True)),
            message("sections.attainment_of_targets", lang), lang)]),
        figure(fig),
        table(shown, columns, lang, total_rows=1),
    )


def villages_below_target(report: Report) -> HTML:
    """The villages furthest below their targets."""
    lang = report.lang
    frame = below_target_frame(report.dataset, report.scope, report.quarter, BELOW_TARGET_ROWS)
    columns = [
        Column("village_name", label("village", lang)),
        Column("district_name", label("district", lang)),
        *(Column(f"active_{c}", message("sections.active_category", lang, category=c), "int")
          for c in CATEGORIES),
        Column("target_total", label("target", lang), "int"),
        Column("gap", message("sections.enrolment.shortfall", lang), "int"),
        Column("attainment_total", label("attainment", lang), "percent"),
    ]
    if report.is_province:
        names = villages().set_index("village_code")["regency_name"]
        frame["regency_name"] = frame["village_code"].map(names)
        columns.insert(2, Column("regency_name", label("regency", lang)))
    return page(
        heading(message("sections.enrolment.below_target_heading", lang), 3),
        paragraphs([narrative.villages_below_target(
            frame.head(3).to_dict("records"), lang)]),
        table(frame, columns, lang) if len(frame) else "",
        note(message("sections.enrolment.shortfall_note", lang) + _new_villages_left_out(report)),
    )


def _new_villages_left_out(report: Report) -> str:
    """The sentence saying how many new 2025 villages without rows the list leaves out."""
    count = len(new_villages_without_rows(report.dataset, report.code))
    return " " + message("sections.enrolment.new_villages_left_out", report.lang,
                         count=format_number(count, report.lang)) if count else ""
