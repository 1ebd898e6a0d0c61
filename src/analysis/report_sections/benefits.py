"""Manfaat: claims and santunan by programme, benefit and area."""

from __future__ import annotations

from IPython.display import HTML

from analysis import charts
from analysis.disclosure.claims import COLUMNS, QUARTER_TABLE
from analysis.disclosure.pattern import hidden_cells, hidden_mask
from analysis.disclosure.suppression import from_mask, marker
from analysis.metrics.benefits import (
    claims_by_benefit,
    claims_by_district,
    cumulative_santunan,
    days_to_payment,
)
from analysis.reference.parameters import disclosure_threshold
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
    total_row,
)
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import (
    format_number,
    label,
)
from analysis.text.messages import message


def benefits(report: Report) -> HTML:
    """Manfaat: claims and santunan by programme and benefit, cumulative, days to payment."""
    m, lang = report.metrics, report.lang
    data, scope, quarter = report.dataset, report.scope, report.quarter
    in_quarter = claims_by_benefit(data, scope, quarter)
    cumulative = claims_by_benefit(data, scope, quarter, cumulative=True)
    frame = in_quarter.merge(cumulative, on=["program", "benefit"], suffixes=("", "_cum"))
    frame = frame[(frame["count_cum"] > 0)].copy()
    frame["program_name"] = frame["program"].map(lambda p: f"{p} ({label(p, lang)})")
    frame["benefit_name"] = frame["benefit"].map(lambda b: label(b, lang))
    shown = total_row(frame, "program_name", label("total", lang))
    shown.loc["total", "benefit_name"] = ""
    parts = [
        heading(message("sections.benefits.heading", lang), css_class=SECTION),
        paragraphs([narrative.claims(m, lang), narrative.santunan_cumulative(m, lang)]),
    ]
    if m["claims_in_period"]["count"]:
        parts.append(figure(charts.plot_claims_by_benefit(
            in_quarter[in_quarter["count"] > 0], lang,
            title=f"{label('title_claims_by_benefit', lang)}, {report.quarter_text}")))
    parts.append(table(shown, [
        Column("program_name", label("program", lang)),
        Column("benefit_name", label("benefit", lang)),
        Column("count", message("sections.claims_this_quarter", lang), "int"),
        Column("amount", message("sections.amount_this_quarter", lang), "rupiah"),
        Column("count_cum", message("sections.claims_to_date", lang), "int"),
        Column("amount_cum", message("sections.amount_to_date", lang), "rupiah"),
    ], lang, caption=message("sections.benefits.by_benefit", lang), total_rows=1))
    parts.append(figure(charts.plot_cumulative_santunan(
        cumulative_santunan(data, scope, quarter), lang)))
    if m["claims_in_period"]["count"]:
        parts.append(figure(charts.plot_days_to_payment(
            days_to_payment(data, scope, quarter), lang,
            title=f"{label('title_days_to_payment', lang)}, {report.quarter_text}")))
    return page(*parts)


def claims_by_area(report: Report) -> HTML:
    """Claims per kecamatan (public: small counts suppressed) or per regency (province)."""
    lang = report.lang
    if report.is_province:
        frame = total_row(by_regency(report), "district_name", label("total", lang))
        return page(
            heading(message("sections.benefits.by_regency_heading", lang), 3),
            table(frame, [
                Column("district_name", label("regency", lang)),
                Column("claims_count", message("sections.claims_this_quarter", lang), "int"),
                Column("claims_amount", message("sections.amount_this_quarter", lang),
                       "rupiah"),
                Column("santunan_cumulative", label("santunan_cumulative", lang), "rupiah"),
            ], lang, total_rows=1),
        )
    data, scope, quarter = report.dataset, report.scope, report.quarter
    frame = claims_by_district(data, scope, quarter)
    columns = [
        Column("district_name", label("district", lang)),
        Column("count", message("sections.claims_this_quarter", lang), "int"),
        Column("beneficiaries", message("sections.benefits.beneficiaries", lang), "int"),
        Column("amount", message("sections.amount_this_quarter", lang), "rupiah"),
    ]
    if report.public:
        cells = hidden_cells(data, quarter, report.figures.folder)
        notes = [message("sections.benefits.cumulative_note", lang)]
    else:  # claims to date per kecamatan are for analysts only (see docs/methodology.md)
        cells, notes = None, [message("sections.benefits.internal_note", lang)]
        frame = frame.merge(claims_by_district(data, scope, quarter, cumulative=True)[
            ["district_code", "count", "amount", "beneficiaries"]],
            on="district_code", suffixes=("", "_cum"))
        columns += [
            Column("count_cum", message("sections.claims_to_date", lang), "int"),
            Column("beneficiaries_cum", message("sections.benefits.beneficiaries_to_date",
                                                lang), "int"),
            Column("amount_cum", message("sections.amount_to_date", lang), "rupiah"),
        ]
    hidden = hidden_mask(cells, QUARTER_TABLE, scope.code, frame["district_code"], COLUMNS)
    if hidden.to_numpy().any():  # the marker's legend, where the table shows the marker
        notes.insert(0, message("sections.benefits.suppressed_note", lang, label=marker(),
                                threshold=format_number(disclosure_threshold(), lang)))
    frame = total_row(frame.drop(columns=["district_code"]), "district_name",
                      label("total", lang))
    return page(
        heading(message("sections.benefits.by_district_heading", lang), 3),
        table(from_mask(frame, hidden).display(), columns, lang, total_rows=1),
        *[note(text) for text in notes],
    )
