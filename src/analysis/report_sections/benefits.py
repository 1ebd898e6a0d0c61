"""Manfaat: claims and santunan by programme, benefit and area."""

from __future__ import annotations

from IPython.display import HTML

from analysis import charts
from analysis.disclosure.suppression import primary_label, suppress
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
    label,
)


def benefits(report: Report) -> HTML:
    """Manfaat: claims and santunan by programme and benefit, cumulative, days to payment."""
    m, lang, say = report.metrics, report.lang, report.say
    data, code, quarter = report.dataset, report.code, report.quarter
    in_quarter = claims_by_benefit(data, code, quarter)
    cumulative = claims_by_benefit(data, code, quarter, cumulative=True)
    frame = in_quarter.merge(cumulative, on=["program", "benefit"], suffixes=("", "_cum"))
    frame = frame[(frame["count_cum"] > 0)].copy()
    frame["program_name"] = frame["program"].map(lambda p: f"{p} ({label(p, lang)})")
    frame["benefit_name"] = frame["benefit"].map(lambda b: label(b, lang))
    shown = total_row(frame, "program_name", label("total", lang))
    shown.loc["total", "benefit_name"] = ""
    parts = [
        heading(say("Manfaat", "Benefits"), css_class=SECTION),
        paragraphs([narrative.claims(m, lang),
                                   narrative.santunan_cumulative(m, lang)]),
    ]
    if m["claims_in_period"]["count"]:
        parts.append(figure(charts.plot_claims_by_benefit(
            in_quarter[in_quarter["count"] > 0], lang,
            title=f"{label('title_claims_by_benefit', lang)}, {report.quarter_text}")))
    parts.append(table(shown, [
        Column("program_name", label("program", lang)),
        Column("benefit_name", label("benefit", lang)),
        Column("count", say("Klaim triwulan ini", "Claims this quarter"), "int"),
        Column("amount", say("Nilai triwulan ini", "Amount this quarter"), "rupiah"),
        Column("count_cum", say("Klaim kumulatif", "Claims to date"), "int"),
        Column("amount_cum", say("Nilai kumulatif", "Amount to date"), "rupiah"),
    ], lang, caption=say("Klaim menurut program dan jenis manfaat",
                         "Claims by programme and benefit type"), total_rows=1))
    parts.append(figure(charts.plot_cumulative_santunan(
        cumulative_santunan(data, code, quarter), lang)))
    if m["claims_in_period"]["count"]:
        parts.append(figure(charts.plot_days_to_payment(
            days_to_payment(data, code, quarter), lang,
            title=f"{label('title_days_to_payment', lang)}, {report.quarter_text}")))
    return page(*parts)


def claims_by_area(report: Report) -> HTML:
    """Claims per kecamatan (public: small counts suppressed) or per regency (province)."""
    lang, say = report.lang, report.say
    if report.is_province:
        frame = total_row(by_regency(report), "district_name", label("total", lang))
        return page(
            heading(say("Klaim per kabupaten/kota", "Claims by regency"), 3),
            table(frame, [
                Column("district_name", label("regency", lang)),
                Column("claims_count", say("Klaim triwulan ini", "Claims this quarter"), "int"),
                Column("claims_amount", say("Nilai triwulan ini", "Amount this quarter"),
                       "rupiah"),
                Column("santunan_cumulative", label("santunan_cumulative", lang), "rupiah"),
            ], lang, total_rows=1),
        )
    data, code, quarter = report.dataset, report.code, report.quarter
    frame = claims_by_district(data, code, quarter).merge(
        claims_by_district(data, code, quarter, cumulative=True)[
            ["district_code", "count", "amount", "beneficiaries"]],
        on="district_code", suffixes=("", "_cum"))
    frame = total_row(frame.drop(columns=["district_code"]), "district_name",
                       label("total", lang))
    counts = ["count", "beneficiaries", "count_cum", "beneficiaries_cum"]
    protected = suppress(frame, counts, total_row="total",
                         linked_columns={"count": ["amount"], "count_cum": ["amount_cum"]},
                         enabled=report.public)
    shown = protected.display()
    columns = [
        Column("district_name", label("district", lang)),
        Column("count", say("Klaim triwulan ini", "Claims this quarter"), "int"),
        Column("beneficiaries", say("Penerima manfaat", "Beneficiaries"), "int"),
        Column("amount", say("Nilai triwulan ini", "Amount this quarter"), "rupiah"),
        Column("count_cum", say("Klaim kumulatif", "Claims to date"), "int"),
        Column("beneficiaries_cum", say("Penerima kumulatif", "Beneficiaries to date"), "int"),
        Column("amount_cum", say("Nilai kumulatif", "Amount to date"), "rupiah"),
    ]
    if report.public:
        explanation = say(
            f"{primary_label()}: jumlah klaim atau penerima manfaat di bawah "
            f"{disclosure_threshold()} disembunyikan; x: disembunyikan agar angka kecil tidak "
            f"dapat dihitung dari total.",
            f"{primary_label()}: fewer than {disclosure_threshold()} claims or beneficiaries, "
            f"suppressed; x: suppressed so that a small count cannot be worked out from the "
            f"total.")
    else:
        explanation = say("Laporan internal: semua angka ditampilkan tanpa penyembunyian.",
                          "Internal report: every figure is shown without suppression.")
    return page(
        heading(say("Klaim per kecamatan", "Claims by district"), 3),
        table(shown, columns, lang, total_rows=1),
        note(explanation),
    )
