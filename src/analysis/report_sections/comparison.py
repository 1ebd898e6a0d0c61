"""Province report: regency comparison, composite index and milestones."""

from __future__ import annotations

from datetime import date

import pandas as pd
from IPython.display import HTML

from analysis import charts
from analysis.charts.style import top_legend
from analysis.metrics import catalog
from analysis.metrics.enrolment import monthly_active
from analysis.reference.parameters import (
    in_language,
    index_reference_sources,
    index_references,
    index_weights,
    load_parameters,
)
from analysis.reference.scope import regency_scopes
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
from analysis.text.messages import message


def _weights_text(report: Report) -> str:
    parts = [f"{label(key, report.lang).lower()} "
             f"{format_percent(weight, digits=0, lang=report.lang)}"
             for key, weight in index_weights().items()]
    return narrative.join_words(parts, report.lang)


def _references_text(report: Report) -> str:
    sources = index_reference_sources(report.lang)
    parts = [message("sections.comparison.reference_point", report.lang,
                     component=label(key, report.lang).lower(),
                     value=format_percent(value, digits=0 if round(value, 2) == value else 1,
                                          lang=report.lang),
                     source=sources[key])
             for key, value in index_references().items()]
    return "; ".join(parts)


def index_explanation(report: Report) -> str:
    """How the composite index is built (the catalog's definition), with its reference
    points and weights."""
    meaning = catalog.definition("index.score", report.lang,
                                 **catalog.parameter_values(report.quarter.end))
    return (f"{meaning} {message('sections.comparison.references', report.lang)}: "
            f"{_references_text(report)}. {label('index.weights', report.lang)}: "
            f"{_weights_text(report)}.")


def comparison(report: Report) -> HTML:
    """Province: ranking on the composite index, small multiples, attainment vs continuity."""
    m, lang = report.metrics, report.lang
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
        monthly_active(report.dataset, regency, report.quarter).assign(regency_name=regency.name)
        for regency in regency_scopes()
    ])
    names = dict(zip(regency_rows["district_name"], regency_rows["attainment_total"], strict=True))
    continuity_values = dict(zip(regency_rows["district_name"], regency_rows["continuity"],
                                 strict=True))
    return page(
        heading(message("sections.comparison.heading", lang), css_class=SECTION),
        paragraphs([
            narrative.ranking(m["index"]["ranking"], lang),
            narrative.spread(names, message("sections.attainment_of_targets", lang), lang),
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
        ], lang, caption=message("sections.comparison.index_table", lang)),
        figure(charts.plot_small_multiples(trends, lang)),
        figure(charts.plot_attainment_vs_continuity(scatter, lang)),
    )


def milestones(report: Report) -> HTML:
    """Province: the published enrolment milestones beside the data."""
    lang = report.lang
    trend = monthly_active(report.dataset, report.scope, report.quarter)
    by_month = dict(zip(trend["month"].dt.strftime("%Y-%m-%d"), trend["total"], strict=True))
    rows = []
    for item in load_parameters().get("milestones", []):
        day = str(item["date"])
        active = by_month.get(day)
        rows.append({"date": date.fromisoformat(day), "label": in_language(item, "label", lang),
                     "published": item["participants"], "active": active,
                     "source": in_language(item, "source", lang),
                     "sentence": narrative.milestone(item["participants"], active, day, lang,
                                                     item.get("target", False))})
    frame = pd.DataFrame(rows)
    fig = charts.plot_monthly_active(trend, lang, title=message("sections.milestones.chart", lang))
    shown = frame[frame["active"].notna()] if len(frame) else frame
    if len(shown):
        axis = fig.axes[0]
        axis.scatter(pd.to_datetime(shown["date"]), shown["published"], marker="*", s=70,
                     color="#D55E00", zorder=5,
                     label=message("sections.milestones.published_figure", lang))
        handles, labels = axis.get_legend_handles_labels()
        legend = axis.get_legend()
        top_legend(axis, legend.legend_handles + handles[-1:],
                   [t.get_text() for t in legend.get_texts()] + labels[-1:])
        fig.alt_text = shown["sentence"].iloc[-1]  # the latest published figure against the data
    return page(
        heading(message("sections.milestones.heading", lang), css_class=SECTION),
        paragraphs(list(frame["sentence"]) if len(frame) else []),
        figure(fig),
        table(frame, [
            Column("date", message("sections.milestones.date", lang), "date"),
            Column("label", message("sections.milestones.published", lang)),
            Column("published", message("sections.milestones.participants_published", lang),
                   "int"),
            Column("active", message("sections.milestones.active_in_data", lang), "int"),
            Column("source", message("sections.milestones.source", lang)),
        ], lang) if len(frame) else "",
        note(message("sections.milestones.note", lang)),
    )
