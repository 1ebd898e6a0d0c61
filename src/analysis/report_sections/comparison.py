"""Province report: regency comparison, composite index and milestones."""

from __future__ import annotations

from datetime import date

import pandas as pd
from IPython.display import HTML

from analysis import charts
from analysis.metrics.enrolment import monthly_active
from analysis.reference.parameters import index_weights, load_parameters
from analysis.reference.scope import regency_codes
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
    by_regency,
)
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import (
    format_percent,
    label,
)


def _weights_text(report: Report) -> str:
    names = {"coverage_total": label("coverage_total", report.lang),
             "coverage_informal": label("coverage_informal", report.lang),
             "growth_yoy": label("growth_yoy", report.lang),
             "continuity": label("continuity", report.lang),
             "attainment": label("attainment", report.lang)}
    parts = [f"{names.get(key, key).lower()} {format_percent(weight, digits=0, lang=report.lang)}"
             for key, weight in index_weights().items()]
    return narrative.join_words(parts, report.lang)


def index_explanation(report: Report) -> str:
    """How the composite index is built, with its weights."""
    return report.say(
        f"Indeks kinerja komposit adalah alat bantu analisis yang mengikuti semangat kriteria "
        f"Paritrana Award, bukan nilai resmi penghargaan itu. Setiap komponen diskalakan "
        f"min-maks di antara {len(regency_codes())} kabupaten/kota (terbaik 1, terendah 0); "
        f"skor = 100 × jumlah bobot × nilai terskala. Bobot: {_weights_text(report)}.",
        f"The composite performance index is an analytical aid in the spirit of the Paritrana "
        f"Award criteria, not the award's official score. Each component is min-max scaled "
        f"across the {len(regency_codes())} regencies (best 1, lowest 0); score = 100 × the "
        f"weighted sum of the scaled values. Weights: {_weights_text(report)}.")


def comparison(report: Report) -> HTML:
    """Province: ranking on the composite index, small multiples, attainment vs continuity."""
    m, lang, say = report.metrics, report.lang, report.say
    ranking = pd.DataFrame([
        {"rank": row["rank"], "regency_name": row["regency_name"],
         "regency_code": row["regency_code"], "score": row["score"],
         **{name: part["value"] for name, part in row["components"].items()}}
        for row in m["index"]["ranking"]
    ])
    regency_rows = by_regency(report)
    scatter = pd.DataFrame({"regency_name": regency_rows["district_name"],
                            "attainment": regency_rows["attainment_total"],
                            "continuity": regency_rows["continuity"]})
    trends = pd.concat([
        monthly_active(report.dataset, code, report.quarter).assign(
            regency_name=report.metrics_by_scope[code]["scope_name"])
        for code in regency_codes()
    ])
    names = dict(zip(regency_rows["district_name"], regency_rows["attainment_total"], strict=True))
    continuity_values = dict(zip(regency_rows["district_name"], regency_rows["continuity"],
                                 strict=True))
    return page(
        heading(say("Perbandingan kabupaten/kota", "Comparison of regencies"), css_class=SECTION),
        paragraphs([
            narrative.ranking(m["index"]["ranking"], lang),
            narrative.spread(names, say("Capaian target", "Attainment of targets"), lang),
            narrative.spread(continuity_values, label("continuity", lang), lang),
        ]),
        note(index_explanation(report)),
        figure(charts.plot_regency_ranking(ranking, lang)),
        table(ranking, [
            Column("rank", label("rank", lang), "int"),
            Column("regency_name", label("regency", lang)),
            Column("score", label("score", lang), "decimal"),
            Column("coverage_total", label("coverage_total", lang), "percent"),
            Column("coverage_informal", label("coverage_informal", lang), "percent"),
            Column("growth_yoy", label("growth_yoy", lang), "percent"),
            Column("continuity", label("continuity", lang), "percent"),
            Column("attainment", label("attainment", lang), "percent"),
        ], lang, caption=say("Indeks kinerja dan komponennya (nilai sebelum penskalaan)",
                             "Performance index and its components (values before scaling)")),
        figure(charts.plot_small_multiples(trends, lang)),
        figure(charts.plot_attainment_vs_continuity(scatter, lang)),
    )


def milestones(report: Report) -> HTML:
    """Province: the published enrolment milestones beside the data."""
    lang, say = report.lang, report.say
    trend = monthly_active(report.dataset, report.code, report.quarter)
    by_month = dict(zip(trend["month"].dt.strftime("%Y-%m-%d"), trend["total"], strict=True))
    rows = []
    for item in load_parameters().get("milestones", []):
        day = str(item["date"])
        active = by_month.get(day)
        rows.append({"date": date.fromisoformat(day), "label": item["label"],
                     "published": item["participants"], "active": active, "source": item["source"],
                     "sentence": narrative.milestone(item["participants"], active, day, lang)})
    frame = pd.DataFrame(rows)
    fig = charts.plot_monthly_active(
        trend, lang, title=say("Peserta aktif per bulan dan angka yang dipublikasikan",
                               "Active participants by month and published figures"))
    shown = frame[frame["active"].notna()] if len(frame) else frame
    if len(shown):
        axis = fig.axes[0]
        axis.scatter(pd.to_datetime(shown["date"]), shown["published"], marker="*", s=70,
                     color="#D55E00", zorder=5,
                     label=say("Angka publikasi", "Published figure"))
        handles, labels = axis.get_legend_handles_labels()
        legend = axis.get_legend()
        axis.legend(legend.legend_handles + handles[-1:],
                    [t.get_text() for t in legend.get_texts()] + labels[-1:],
                    loc="lower left", bbox_to_anchor=(0, 1.01), ncols=4, borderaxespad=0,
                    frameon=False, handlelength=1.4, columnspacing=1.2)
    return page(
        heading(say("Angka yang dipublikasikan dan data", "Published figures and the data"),
                css_class=SECTION),
        paragraphs(list(frame["sentence"]) if len(frame) else []),
        figure(fig),
        table(frame, [
            Column("date", say("Tanggal", "Date"), "date"),
            Column("label", say("Yang dipublikasikan", "Published")),
            Column("published", say("Peserta (publikasi)", "Participants (published)"), "int"),
            Column("active", say("Peserta aktif dalam data", "Active in the data"), "int"),
            Column("source", say("Sumber", "Source")),
        ], lang) if len(frame) else "",
        note(say("Angka publikasi dari pemberitaan (lihat Sumber); angka data dihitung pada "
                 "akhir bulan yang sama dari dataset laporan ini.",
                 "Published figures from press reports (see Sources); data figures are counted "
                 "at the same month end from this report's dataset.")),
    )
