"""Rekonsiliasi data: the village lists against BPJS records (SPEC "Village lists and
reconciliation"), in the public reports: the match rate by kecamatan (by regency in the
province report), the findings by type and the payments over and under. Counts by kecamatan
are under disclosure control; the follow-up lists are only in ``bkbk reconcile``'s INTERNAL
workbooks.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis.disclosure.lists import LIST_COLUMNS, RECONCILIATION_TABLE, rate_hidden
from analysis.disclosure.pattern import hidden_cells, hidden_mask
from analysis.disclosure.suppression import from_mask, marker
from analysis.metrics.quarter_figures import QuarterFigures
from analysis.reconciliation.findings import (
    FINDINGS,
    LIST_FINDINGS,
    MATCHED,
    NOT_LISTED,
    NOT_REGISTERED,
)
from analysis.reconciliation.summary import (
    PAYMENTS,
    district_counts,
    match_rate,
    quarter_counts,
    scope_counts,
)
from analysis.reference.parameters import disclosure_threshold
from analysis.report_sections.blocks import Column, heading, note, page, paragraphs, table
from analysis.report_sections.common import SECTION, area_word
from analysis.report_sections.context import Report
from analysis.text.formatting import format_date, format_number, format_percent, format_rupiah
from analysis.text.messages import message


def _say(key: str, lang: str, **values: str) -> str:
    return message(f"sections.reconciliation.{key}", lang, **values)


def _by_area(report: Report, counts: pd.DataFrame) -> pd.DataFrame:
    """Counts per kecamatan (regency report) or per regency (province), with their codes and
    a total row."""
    if report.is_province:
        frame = counts.groupby("regency_code", as_index=False)[list(LIST_COLUMNS)].sum()
        names = {code: report.metrics_by_scope[code]["scope_name"]
                 for code in frame["regency_code"]}
        frame["area"] = frame["regency_code"].map(names)
        frame = frame.rename(columns={"regency_code": "code"})
    else:
        frame = district_counts(counts).rename(columns={"district_name": "area",
                                                        "district_code": "code"})
    frame = frame[["code", "area", *LIST_COLUMNS]]
    total = pd.DataFrame([{"code": "", "area": message("labels.total", report.lang),
                           **frame[list(LIST_COLUMNS)].sum().to_dict()}], index=["total"])
    return pd.concat([frame, total])


def _hidden(report: Report, frame: pd.DataFrame) -> pd.DataFrame:
    """The run's hidden cells of a regency's table by kecamatan (none by regency, none in an
    internal report); the match rate is hidden with either of its counts."""
    public = report.public and not report.is_province
    cells = hidden_cells(report.dataset, report.quarter, report.figures.folder) \
        if public else None
    hidden = hidden_mask(cells, RECONCILIATION_TABLE, report.code, frame["code"], LIST_COLUMNS)
    hidden["match_rate"] = rate_hidden(hidden)
    return hidden


def _area_table(report: Report, counts: pd.DataFrame) -> str:
    """Match rate by area; below regency level small counts are hidden (public reports)."""
    lang = report.lang
    frame = _by_area(report, counts)
    frame["match_rate"] = match_rate(frame)
    hidden = _hidden(report, frame)
    shown = from_mask(frame, hidden).display()
    columns = [
        Column("area", area_word(report)),
        Column("list_rows", message("reconciliation.workbook.list_rows", lang), "int"),
        Column(MATCHED, message(f"reconciliation.findings.{MATCHED}", lang), "int"),
        Column("match_rate", message("reconciliation.workbook.match_rate", lang), "percent"),
        Column(NOT_LISTED, message(f"reconciliation.findings.{NOT_LISTED}", lang), "int"),
    ]
    legend = note(_say("suppressed_note", lang, marker=marker(),
                       threshold=str(disclosure_threshold()))) if hidden.to_numpy().any() else ""
    return table(shown, columns, lang, caption=_say(
        "by_province" if report.is_province else "by_district", lang), total_rows=1) + legend


def _findings_table(counts: pd.DataFrame, lang: str) -> str:
    """Findings of the scope by type, with their share of the list rows."""
    totals = counts[list(FINDINGS)].sum()
    rows = int(counts["list_rows"].sum())
    frame = pd.DataFrame({
        "finding": [message(f"reconciliation.findings.{name}", lang) for name in FINDINGS],
        "count": totals.to_numpy(),
        "share": [totals[name] / rows if rows and name in LIST_FINDINGS else None
                  for name in FINDINGS],
    })
    return table(frame, [
        Column("finding", message("reconciliation.workbook.finding", lang)),
        Column("count", _say("count", lang), "int"),
        Column("share", _say("share", lang), "percent"),
    ], lang, caption=_say("findings", lang))


def _payments_paragraph(counts: pd.DataFrame, lang: str) -> str:
    paid = counts[list(PAYMENTS)].sum()
    return _say("payments", lang, over=format_number(int(paid["over"]), lang),
                over_rupiah=format_rupiah(int(paid["over_rupiah"]), lang),
                under=format_number(int(paid["under"]), lang),
                under_rupiah=format_rupiah(int(paid["under_rupiah"]), lang))


def reconciliation_counts(report: Report) -> pd.DataFrame | None:
    """The reconciliation's counts per village of the report's scope (computed once per run),
    or None when the dataset has no lists for the year or no person keys."""
    figures = report.figures
    counts = quarter_counts(figures.dataset, figures.quarter, figures.folder)
    return None if counts is None else scope_counts(counts, report.code)


def reconciliation(report: Report) -> HTML:
    """Rekonsiliasi data: match rate by area, findings by type, payments over and under."""
    lang, quarter = report.lang, report.quarter
    parts = [heading(_say("heading", lang), css_class=SECTION)]
    counts = reconciliation_counts(report)
    if counts is None:
        return page(*parts, paragraphs([_say("no_lists", lang, year=str(quarter.year))]))
    rows, matched = int(counts["list_rows"].sum()), int(counts[MATCHED].sum())
    intro = _say("intro", lang, year=str(quarter.year), end=format_date(quarter.end, lang),
                 matched=format_number(matched, lang), rows=format_number(rows, lang),
                 rate=format_percent(matched / rows if rows else None, digits=1, lang=lang))
    parts += [paragraphs([intro, _payments_paragraph(counts, lang)]),
              _area_table(report, counts), _findings_table(counts, lang),
              note(_say("note", lang))]
    return page(*parts)


def reconciliation_line(figures: QuarterFigures, lang: str) -> str | None:
    """One line on the province's reconciliation for the slides (None without lists)."""
    quarter = figures.quarter
    counts = quarter_counts(figures.dataset, quarter, figures.folder)
    if counts is None:
        return None
    totals = counts[[*FINDINGS, "list_rows", *PAYMENTS]].sum()
    rows = int(totals["list_rows"])
    return message("slides.reconciliation.line", lang, year=str(quarter.year),
                   rate=format_percent(totals[MATCHED] / rows if rows else None, digits=1,
                                       lang=lang),
                   unregistered=format_number(int(totals[NOT_REGISTERED]), lang),
                   unlisted=format_number(int(totals[NOT_LISTED]), lang),
                   over=format_number(int(totals["over"]), lang),
                   under=format_number(int(totals["under"]), lang))
