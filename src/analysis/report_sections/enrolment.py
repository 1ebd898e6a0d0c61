"""Kepesertaan: participants by month, flows, attainment, villages below target."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import charts
from analysis.inputs.dataset import CATEGORIES
from analysis.metrics.enrolment import attainment_by_district, monthly_active, monthly_flows
from analysis.metrics.enrolment import villages_below_target as below_target_frame
from analysis.reference.geography import villages
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
from analysis.text.formatting import (
    label,
)


def enrolment(report: Report) -> HTML:
    """Kepesertaan: active participants by month, new and exits, the quarter's changes."""
    m, lang, say = report.metrics, report.lang, report.say
    data, code, quarter = report.dataset, report.code, report.quarter
    rows = []
    for key in (*CATEGORIES, "total"):
        rows.append({
            "category": label(key, lang) + ("" if key == "total" else f" ({key})"),
            "before": m["active_prev_quarter"][key], "new": m["new"][key],
            "exits": m["exits"][key], "active": m["active"][key], "target": m["target"][key],
            "attainment": m["attainment"][key],
        })
    flows = table(pd.DataFrame(rows), [
        Column("category", say("Kategori", "Category")),
        Column("before", say("Aktif akhir triwulan lalu", "Active at previous quarter end"),
               "int"),
        Column("new", label("new", lang), "int"),
        Column("exits", label("exits", lang), "int"),
        Column("active", say("Aktif akhir triwulan", "Active at quarter end"), "int"),
        Column("target", label("target", lang), "int"),
        Column("attainment", label("attainment", lang), "percent"),
    ], lang, caption=say(f"Perubahan kepesertaan dalam {report.quarter_text}",
                         f"Changes in enrolment in {report.quarter_text}"), total_rows=1)
    return page(
        heading(say("Kepesertaan", "Enrolment"), css_class=SECTION),
        paragraphs([narrative.enrolment_flows(m, lang)]),
        figure(charts.plot_monthly_active(monthly_active(data, code, quarter), lang)),
        figure(charts.plot_monthly_flows(monthly_flows(data, code, quarter), lang)),
        flows,
    )


def attainment(report: Report) -> HTML:
    """Attainment of the targets per kecamatan (per regency for the province)."""
    lang, say = report.lang, report.say
    if report.is_province:
        frame = by_regency(report)
        title = say("Capaian target kepesertaan per kabupaten/kota",
                    "Enrolment against target by regency")
    else:
        frame = attainment_by_district(report.dataset, report.code, report.quarter)
        title = None
    fig = charts.plot_attainment_by_district(frame, lang, title=title)
    relabel_areas(report, fig)
    shown = total_row(frame, "district_name", label("total", lang),
                       **{f"attainment_{key}": value
                          for key, value in report.metrics["attainment"].items()})
    columns = [
        Column("district_name", area_word(report)),
        Column("villages", say("Desa/kel.", "Villages"), "int"),
        Column("active_MME", say("Aktif MME", "Active MME"), "int"),
        Column("target_MME", "Target MME", "int"),
        Column("attainment_MME", say("Capaian MME", "Attainment MME"), "percent"),
        Column("active_PR", say("Aktif PR", "Active PR"), "int"),
        Column("target_PR", "Target PR", "int"),
        Column("attainment_PR", say("Capaian PR", "Attainment PR"), "percent"),
        Column("attainment_total", say("Capaian total", "Total attainment"), "percent"),
    ]
    return page(
        heading(say(f"Capaian target per {area_word(report).lower()}",
                    f"Attainment of targets by {area_word(report).lower()}"), 3),
        paragraphs([narrative.spread(
            dict(zip(frame["district_name"], frame["attainment_total"], strict=True)),
            say("Capaian target", "Attainment of targets"), lang)]),
        figure(fig),
        table(shown, columns, lang, total_rows=1),
    )


def villages_below_target(report: Report) -> HTML:
    """The villages furthest below their targets."""
    lang, say = report.lang, report.say
    frame = below_target_frame(report.dataset, report.code, report.quarter, BELOW_TARGET_ROWS)
    columns = [
        Column("village_name", label("village", lang)),
        Column("district_name", label("district", lang)),
        Column("active_MME", say("Aktif MME", "Active MME"), "int"),
        Column("active_PR", say("Aktif PR", "Active PR"), "int"),
        Column("target_total", label("target", lang), "int"),
        Column("gap", say("Kekurangan (orang)", "Shortfall (people)"), "int"),
        Column("attainment_total", label("attainment", lang), "percent"),
    ]
    if report.is_province:
        names = villages().set_index("village_code")["regency_name"]
        frame["regency_name"] = frame["village_code"].map(names)
        columns.insert(2, Column("regency_name", label("regency", lang)))
    return page(
        heading(say("Desa/kelurahan terjauh dari target", "Villages furthest below target"), 3),
        paragraphs([narrative.villages_below_target(
            frame.head(3).to_dict("records"), lang)]),
        table(frame, columns, lang) if len(frame) else "",
        note(say("Kekurangan: jumlah orang yang masih diperlukan untuk mencapai target MME dan "
                 "PR desa/kelurahan (kelebihan pada satu kategori tidak menutup kekurangan "
                 "kategori lain).",
                 "Shortfall: people still needed to reach the village's MME and PR targets "
                 "(a surplus in one category does not make up for a shortfall in the other).")),
    )
