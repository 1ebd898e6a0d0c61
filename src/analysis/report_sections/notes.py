"""Catatan data dan metodologi: warnings, definitions and sources."""

from __future__ import annotations

from IPython.display import HTML

from analysis.disclosure.suppression import marker
from analysis.metrics import catalog
from analysis.reference.parameters import disclosure_threshold, in_language, load_parameters
from analysis.report_sections.blocks import (
    Column,
    bullet_list,
    definitions,
    heading,
    note,
    page,
    table,
)
from analysis.report_sections.common import (
    SECTION,
)
from analysis.report_sections.comparison import index_explanation
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import (
    format_number,
    label,
)
from analysis.text.messages import message


def _sources(report: Report) -> list[str]:
    params, lang = load_parameters(), report.lang
    meta = report.dataset.meta
    items = [message("sections.notes.data_source", lang,
                     source=narrative.data_source(meta.synthetic, meta.source, lang))]
    for section in ("contribution_rates", "village_targets", "bkbk", "benefits"):
        name = message(f"sections.notes.{section}", lang)
        sources = list(dict.fromkeys(in_language(block, "source", lang)
                                     for block in params.get(section, [])))
        if sources:
            items.append(f"{name}: {'; '.join(sources)}")
    items.append(message("sections.notes.area_codes", lang))
    items.append(f"{label('index', lang)}: {in_language(params['index'], 'source', lang)}")
    if report.is_province:
        published = list(dict.fromkeys(in_language(m, "source", lang)
                                       for m in params.get("milestones", [])))
        items.append(message("sections.notes.published", lang, sources="; ".join(published)))
    return items


def _definitions(report: Report) -> list[tuple[str, str]]:
    """The catalog's definitions of the headline metrics, then the sign of a missing value."""
    lang = report.lang
    return [
        *catalog.definitions(catalog.explained(), lang, report.quarter.end),
        (message("sections.notes.dash_term", lang), message("sections.notes.dash", lang)),
    ]


def _warnings(report: Report) -> str:
    from analysis.explore import issues_summary

    lang = report.lang
    issues = [i for i in report.dataset.warnings if i.severity == "warning"]
    if not issues:
        return note(message("sections.notes.no_warnings", lang))
    frame = issues_summary(issues)
    return note(message("sections.notes.warnings", lang,
                        count=format_number(report.dataset.warning_rows, lang))) + table(frame, [
            Column("file", message("sections.notes.file", lang)),
            Column("column", message("sections.notes.column", lang)),
            Column("rule", message("sections.notes.rule", lang)),
            Column("count", message("sections.notes.count", lang), "int"),
            Column("first_rows", message("sections.notes.first_rows", lang)),
        ], lang)


def notes(report: Report) -> HTML:
    """Catatan data dan metodologi: validation warnings, definitions, sources."""
    lang = report.lang
    if report.public:
        disclosure = message("sections.notes.disclosure_public", lang, label=marker(),
                             threshold=format_number(disclosure_threshold(), lang))
    else:
        disclosure = message("sections.notes.disclosure_internal", lang)
    return page(
        heading(message("sections.notes.heading", lang), css_class=SECTION),
        heading(message("sections.notes.validation_heading", lang), 3),
        _warnings(report),
        heading(message("sections.notes.definitions_heading", lang), 3),
        definitions(_definitions(report)),
        heading(message("sections.notes.disclosure_heading", lang), 3),
        note(disclosure),
        # the province report explains the index under its ranking (comparison section)
        *([] if report.is_province else [heading(label("index", lang), 3),
                                        note(index_explanation(report))]),
        heading(message("sections.notes.sources_heading", lang), 3),
        bullet_list(_sources(report)),
    )
