"""The sections of the regency and province reports (SPEC "Reports"), one function each.

Each function takes the open ``Report`` and returns one HTML output: heading, narrative
written by ``analysis.text.narrative`` from the figures, charts from ``analysis.charts`` and tables
of the package's frames. Tables of claims and beneficiaries below regency level go through
``analysis.disclosure.suppression.suppress`` in public reports.
"""

from __future__ import annotations

from datetime import date
from html import escape

import pandas as pd
from IPython.display import HTML

from analysis import charts
from analysis.disclosure.suppression import primary_label, suppress
from analysis.inputs.dataset import CATEGORIES
from analysis.metrics.benefits import (
    claims_by_benefit,
    claims_by_district,
    cumulative_santunan,
    days_to_payment,
)
from analysis.metrics.contributions import (
    budget_by_district,
    continuity_by_district,
    monthly_contributions,
)
from analysis.metrics.coverage import coverage_comparison
from analysis.metrics.enrolment import attainment_by_district, monthly_active, monthly_flows
from analysis.metrics.enrolment import villages_below_target as below_target_frame
from analysis.reference.geography import villages
from analysis.reference.parameters import disclosure_threshold, index_weights, load_parameters
from analysis.reference.scope import regency_codes
from analysis.report_sections.blocks import (
    Column,
    KeyFigure,
    banner,
    bullet_list,
    definitions,
    figure,
    heading,
    key_figures,
    note,
    page,
    paragraphs,
    table,
)
from analysis.report_sections.context import Report
from analysis.text import narrative
from analysis.text.formatting import (
    format_date,
    format_decimal,
    format_number,
    format_percent,
    format_rupiah,
    label,
)

BELOW_TARGET_ROWS = 10
SECTION = "bkbk-section-break"


def _sign(value: float | None) -> int:
    if value is None or round(value, 3) == 0:
        return 0
    return 1 if value > 0 else -1


def _change_note(phrase: str | None, change: float | None) -> tuple[str, int]:
    """A key figure's note and the direction of its change."""
    return phrase or "", _sign(change)


def _difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _previous(report: Report, *keys: str):
    value = report.previous
    for key in keys:
        if value is None:
            return None
        value = value.get(key)
    return value


def _by_regency(report: Report) -> pd.DataFrame:
    """The 11 regencies' figures from their metrics, in code order (province tables)."""
    rows = []
    for code in regency_codes():
        m = report.metrics_by_scope[code]
        rows.append({
            "code": code,
            "district_name": m["scope_name"],
            "villages": m["villages"],
            **{f"active_{c}": m["active"][c] for c in CATEGORIES},
            **{f"target_{c}": m["target"][c] for c in CATEGORIES},
            **{f"attainment_{c}": m["attainment"][c] for c in (*CATEGORIES, "total")},
            "with_participants": m["villages_with_participants"],
            "paying": m["villages_paying_all_months"],
            "continuity": m["continuity"],
            "allocation": m["allocation_year"],
            "contributions_ytd": m["contributions_ytd"],
            "realization": m["budget_realization_ytd"],
            "claims_count": m["claims_in_period"]["count"],
            "claims_amount": m["claims_in_period"]["amount"],
            "santunan_cumulative": m["santunan_cumulative"],
        })
    return pd.DataFrame(rows).astype({"attainment_MME": "float64", "attainment_PR": "float64",
                                      "attainment_total": "float64", "continuity": "float64",
                                      "realization": "float64"})


def _total_row(frame: pd.DataFrame, name_column: str, text: str, **ratios) -> pd.DataFrame:
    """The frame with a total row named ``text``: counts and amounts (integer columns) summed,
    ratios as given in ``ratios`` (the scope's own figures; a sum of ratios means nothing)."""
    sums = frame.select_dtypes("integer").sum()
    total = {column: sums.get(column) for column in frame.columns}
    total.update({name_column: text, **ratios})
    return pd.concat([frame, pd.DataFrame([total], index=["total"])])


def _area_word(report: Report) -> str:
    return label("regency" if report.is_province else "district", report.lang)


def _relabel_areas(report: Report, fig) -> None:
    """Charts drawn per kecamatan show regencies in the province report."""
    if report.is_province:
        fig.axes[0].set_ylabel(label("regency", report.lang))


def title_block(report: Report) -> HTML:
    """Programme, scope, quarter, data source, as-of date and the banners."""
    m, meta = report.metrics, report.dataset.meta
    programme = load_parameters()["province"]["programme"]
    start, end = (format_date(day, report.lang) for day in (m["period_start"], m["period_end"]))
    audience = report.say("publik: jumlah kecil disembunyikan",
                          "public: small counts suppressed") if report.public else \
        report.say("internal: tanpa penyembunyian jumlah kecil",
                   "internal: small counts not suppressed")
    rows = [
        (report.say("Sumber data", "Data source"), meta.source),
        (report.say("Data per", "Data as of"), format_date(meta.as_of, report.lang)),
        (report.say("Dataset", "Dataset"), meta.name),
        (report.say("Khalayak", "Audience"), audience),
    ]
    details = "".join(f"<div><dt>{term}:</dt> <dd>{escape(text)}</dd></div>"
                      for term, text in rows)
    parts = [
        '<header class="bkbk-title">',
        f'<div class="bkbk-programme">{escape(programme)}</div>',
        heading(report.say(f"Laporan Triwulanan {report.name}",
                           f"Quarterly Report: {report.name}"), 1),
        f'<p class="bkbk-subtitle">{report.quarter_text} ({start} – {end})</p>',
    ]
    if meta.synthetic:
        parts.append(banner(
            report.say("DATA SINTETIS", "DATA SINTETIS (SYNTHETIC DATA)"),
            report.say("Seluruh angka dalam laporan ini berasal dari data buatan untuk uji coba "
                       "dan demonstrasi, bukan data resmi BPJS Ketenagakerjaan atau Pemerintah "
                       "Provinsi Jambi.",
                       "Every figure in this report comes from made-up data for testing and "
                       "demonstration, not official data of BPJS Ketenagakerjaan or the Jambi "
                       "provincial government."),
            "synthetic"))
    if not report.public:
        parts.append(banner(
            "INTERNAL",
            report.say("Laporan ini menampilkan semua angka tanpa penyembunyian jumlah kecil. "
                       "Hanya untuk analis; jangan disebarluaskan.",
                       "This report shows every figure without small-count suppression. For "
                       "analysts only; do not distribute."),
            "internal"))
    parts += [f'<dl class="bkbk-meta">{details}</dl>', "</header>"]
    return page(*parts)


def summary(report: Report) -> HTML:
    """Ringkasan: key figures with their change against the previous quarter."""
    m, lang, say = report.metrics, report.lang, report.say
    attainment_before = _previous(report, "attainment", "total")
    attainment_note = _change_note(
        narrative.points_phrase(m["attainment"]["total"], attainment_before, "quarter", lang),
        _difference(m["attainment"]["total"], attainment_before))
    continuity_before = _previous(report, "continuity")
    continuity_note = _change_note(
        narrative.points_phrase(m["continuity"], continuity_before, "quarter", lang),
        _difference(m["continuity"], continuity_before))
    on_target_before = _previous(report, "villages_on_target")
    on_target_note = _change_note(
        narrative.count_phrase(m["villages_on_target"], on_target_before, "quarter", lang),
        _difference(m["villages_on_target"], on_target_before))
    contributions_before = _previous(report, "contributions_in_period")
    contributions_change = (m["contributions_in_period"] / contributions_before - 1
                            if contributions_before else None)
    claims = m["claims_in_period"]
    cards = [
        KeyFigure(label("active", lang), format_number(m["active"]["total"], lang),
                  *_change_note(narrative.change_phrase(m["growth_qoq"], "quarter", lang),
                                m["growth_qoq"])),
        KeyFigure(say("Capaian target kepesertaan", "Attainment of the enrolment target"),
                  format_percent(m["attainment"]["total"], digits=1, lang=lang), *attainment_note),
        KeyFigure(label("villages_on_target", lang),
                  say(f"{format_number(m['villages_on_target'], lang)} dari "
                      f"{format_number(m['villages'], lang)}",
                      f"{format_number(m['villages_on_target'], lang)} of "
                      f"{format_number(m['villages'], lang)}"),
                  *on_target_note),
        KeyFigure(label("continuity", lang), format_percent(m["continuity"], digits=1, lang=lang),
                  *continuity_note),
        KeyFigure(say("Iuran untuk bulan-bulan triwulan ini",
                      "Contributions for the months of the quarter"),
                  format_rupiah(m["contributions_in_period"], lang),
                  *_change_note(narrative.change_phrase(contributions_change, "quarter", lang),
                                contributions_change)),
        KeyFigure(label("budget_realization_ytd", lang),
                  format_percent(m["budget_realization_ytd"], digits=1, lang=lang),
                  say(f"dari alokasi {format_rupiah(m['allocation_year'], lang)}",
                      f"of the {format_rupiah(m['allocation_year'], lang)} allocation")),
        KeyFigure(say("Klaim dibayar dalam triwulan", "Claims paid in the quarter"),
                  format_number(claims["count"], lang),
                  say(f"senilai {format_rupiah(claims['amount'], lang)}",
                      f"worth {format_rupiah(claims['amount'], lang)}")),
        KeyFigure(label("coverage_total", lang),
                  format_percent(m["coverage"]["total"], digits=1, lang=lang),
                  say(f"data tenaga kerja {m['coverage']['year']}",
                      f"labour-force data {m['coverage']['year']}")
                  if m["coverage"]["year"] else ""),
    ]
    index = m.get("index") or {}
    if index.get("rank") is None:
        ratio = format_percent(m["benefit_contribution_ratio"], digits=1, lang=lang)
        cards.insert(-1, KeyFigure(label("santunan_cumulative", lang),
                                   format_rupiah(m["santunan_cumulative"], lang),
                                   say(f"{ratio} dari iuran", f"{ratio} of contributions")))
    else:
        regencies = format_number(len(regency_codes()), lang)
        cards.append(KeyFigure(
            say("Peringkat indeks kinerja", "Performance index rank"),
            say(f"{index['rank']} dari {regencies}", f"{index['rank']} of {regencies}"),
            say(f"skor {format_decimal(index['score'], digits=1, lang=lang)}",
                f"score {format_decimal(index['score'], digits=1, lang=lang)}")))
    sentences = [
        narrative.active_participants(m, lang),
        narrative.attainment(m, lang),
        narrative.index_rank(m, len(regency_codes()), lang),
    ]
    if report.is_province:
        sentences.append(narrative.ranking(m["index"]["ranking"], lang))
    return page(heading(say("Ringkasan", "Summary")), key_figures(cards),
                bullet_list(sentences))


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
        frame = _by_regency(report)
        title = say("Capaian target kepesertaan per kabupaten/kota",
                    "Enrolment against target by regency")
    else:
        frame = attainment_by_district(report.dataset, report.code, report.quarter)
        title = None
    fig = charts.plot_attainment_by_district(frame, lang, title=title)
    _relabel_areas(report, fig)
    shown = _total_row(frame, "district_name", label("total", lang),
                       **{f"attainment_{key}": value
                          for key, value in report.metrics["attainment"].items()})
    columns = [
        Column("district_name", _area_word(report)),
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
        heading(say(f"Capaian target per {_area_word(report).lower()}",
                    f"Attainment of targets by {_area_word(report).lower()}"), 3),
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
        frame = _total_row(_by_regency(report), "district_name", label("total", lang),
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
        frame = _by_regency(report)
        title = say("Realisasi iuran terhadap alokasi BKBK per kabupaten/kota",
                    "Contributions against the BKBK allocation by regency")
    else:
        frame = budget_by_district(report.dataset, report.code, report.quarter)
        title = None
    fig = charts.plot_budget_realization(frame, lang, title=title)
    _relabel_areas(report, fig)
    shown = _total_row(frame[["district_name", "allocation", "contributions_ytd",
                              "realization"]], "district_name", label("total", lang),
                       realization=m["budget_realization_ytd"])
    year = report.quarter.year
    return page(
        heading(say("Realisasi anggaran", "Budget realization"), 3),
        paragraphs([narrative.budget_realization(m, lang)]),
        figure(fig),
        table(shown, [
            Column("district_name", _area_word(report)),
            Column("allocation", say(f"Alokasi BKBK untuk iuran {year}",
                                     f"BKBK allocation for contributions {year}"), "rupiah"),
            Column("contributions_ytd", label("contributions_ytd", lang), "rupiah"),
            Column("realization", label("realization", lang), "percent"),
        ], lang, total_rows=1),
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
    shown = _total_row(frame, "program_name", label("total", lang))
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
        frame = _total_row(_by_regency(report), "district_name", label("total", lang))
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
    frame = _total_row(frame.drop(columns=["district_code"]), "district_name",
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


def coverage(report: Report) -> HTML:
    """Cakupan: formal, informal and total coverage against the province."""
    lang, say = report.lang, report.say
    frame = coverage_comparison(report.dataset, report.code, report.quarter)
    return page(
        heading(say("Cakupan", "Coverage"), css_class=SECTION),
        paragraphs([narrative.coverage(report.metrics, report.province, lang)]),
        figure(charts.plot_coverage_comparison(frame, highlight_code=report.code, lang=lang)),
        table(frame, [
            Column("name", say("Wilayah", "Area")),
            Column("year", say("Tahun data", "Data year")),
            Column("formal", label("coverage_formal", lang), "percent"),
            Column("informal", label("coverage_informal", lang), "percent"),
            Column("total", label("coverage_total", lang), "percent"),
        ], lang),
        note(say("Cakupan formal: peserta penerima upah aktif dibagi pekerja formal; cakupan "
                 "informal: peserta bukan penerima upah aktif (termasuk BKBK) dibagi pekerja "
                 "informal; cakupan total: keduanya dibagi seluruh penduduk bekerja.",
                 "Formal coverage: active wage-earner participants over formal workers; "
                 "informal coverage: active non-wage participants (BKBK included) over informal "
                 "workers; total coverage: both over all employed persons.")),
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
    by_regency = _by_regency(report)
    scatter = pd.DataFrame({"regency_name": by_regency["district_name"],
                            "attainment": by_regency["attainment_total"],
                            "continuity": by_regency["continuity"]})
    trends = pd.concat([
        monthly_active(report.dataset, code, report.quarter).assign(
            regency_name=report.metrics_by_scope[code]["scope_name"])
        for code in regency_codes()
    ])
    names = dict(zip(by_regency["district_name"], by_regency["attainment_total"], strict=True))
    continuity_values = dict(zip(by_regency["district_name"], by_regency["continuity"],
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


def _sources(report: Report) -> list[str]:
    params = load_parameters()
    items = [report.say(f"Data: {report.dataset.meta.source}",
                        f"Data: {report.dataset.meta.source}")]
    for section, name in (("contribution_rates", report.say("Tarif iuran", "Contribution rates")),
                          ("village_targets", report.say("Target per desa/kelurahan",
                                                         "Village targets")),
                          ("bkbk", report.say("Alokasi BKBK", "BKBK allocation")),
                          ("benefits", report.say("Besaran manfaat", "Benefit amounts"))):
        sources = list(dict.fromkeys(block["source"] for block in params.get(section, [])))
        if sources:
            items.append(f"{name}: {'; '.join(sources)}")
    items.append(report.say(
        "Kode dan nama wilayah: Kementerian Dalam Negeri (daftar desa/kelurahan Provinsi Jambi)",
        "Area codes and names: Ministry of Home Affairs (village list of Jambi Province)"))
    items.append(f"{label('index', report.lang)}: {params['index']['source']}")
    if report.is_province:
        published = list(dict.fromkeys(m["source"] for m in params.get("milestones", [])))
        items.append(report.say("Angka yang dipublikasikan: ", "Published figures: ")
                     + "; ".join(published))
    return items


def _definitions(report: Report) -> list[tuple[str, str]]:
    say, lang = report.say, report.lang
    end = report.quarter.end
    from analysis.metrics.enrolment import targets

    target = targets(end)
    return [
        (label("active", lang), say(
            "peserta yang kepesertaannya sudah mulai pada akhir periode dan belum berakhir.",
            "participants whose cover started by the period end and had not ended.")),
        (f"{label('new', lang)} / {label('exits', lang).lower()}", say(
            "peserta yang kepesertaannya mulai / berakhir di dalam triwulan.",
            "participants whose cover started / ended within the quarter.")),
        (label("target", lang), say(
            f"target per desa/kelurahan yang berlaku pada akhir periode ({target['MME']} MME "
            f"dan {target['PR']} PR) dikali jumlah desa/kelurahan di wilayah, dengan atau tanpa "
            f"peserta; capaian = peserta aktif dibagi target.",
            f"the per-village target in force at the period end ({target['MME']} MME and "
            f"{target['PR']} PR) times the number of villages in the area, with or without "
            f"participants; attainment = active participants over the target.")),
        (label("continuity", lang), say(
            "bagian desa/kelurahan dengan peserta aktif pada akhir periode yang memiliki iuran "
            "(nilai > 0) untuk ketiga bulan triwulan.",
            "share of villages with active participants at the period end that have a "
            "contribution (amount > 0) for each of the quarter's three months.")),
        (label("contributions", lang), say(
            "dihitung menurut bulan yang ditanggung, bukan tanggal pembayaran.",
            "counted by the month they cover, not by the payment date.")),
        (label("budget_realization_ytd", lang), say(
            "iuran untuk bulan-bulan tahun berjalan sampai akhir periode dibagi alokasi BKBK "
            "untuk iuran tahun itu (alokasi × (porsi MME + porsi PR)).",
            "contributions for the months of the year up to the period end over that year's "
            "BKBK allocation for contributions (allocation × (MME share + PR share)).")),
        (label("claims", lang), say(
            "dihitung menurut tanggal pembayaran; santunan kumulatif mencakup semua pembayaran "
            "sejak awal data sampai akhir periode; lama pembayaran = hari dari kejadian sampai "
            "pembayaran.",
            "counted by payment date; cumulative benefits include every payment from the start "
            "of the data to the period end; days to payment = days from the event to payment.")),
        (label("coverage", lang), say(
            "dari data tenaga kerja tahun terakhir yang tidak melewati tahun periode.",
            "from the latest labour-force year not after the period's year.")),
        (say("Tanda –", "The sign –"), say(
            "rasio yang penyebutnya nol atau angka yang tidak tersedia.",
            "a ratio whose denominator is zero, or a figure that is not available.")),
    ]


def _warnings(report: Report) -> str:
    from analysis.explore import issues_summary

    issues = [i for i in report.dataset.warnings if i.severity == "warning"]
    if not issues:
        return note(report.say("Validasi data tidak menemukan peringatan.",
                               "Data validation found no warnings."))
    frame = issues_summary(issues)
    return note(report.say(
        f"Validasi data menemukan {format_number(len(issues), report.lang)} peringatan; data "
        f"tetap dipakai. Pesan validasi ditulis dalam bahasa Inggris.",
        f"Data validation found {format_number(len(issues), report.lang)} warnings; the data "
        f"were still used.")) + table(frame, [
            Column("file", report.say("Berkas", "File")),
            Column("column", report.say("Kolom", "Column")),
            Column("rule", report.say("Pesan", "Message")),
            Column("count", report.say("Jumlah", "Count"), "int"),
            Column("first_rows", report.say("Baris pertama", "First rows")),
        ], report.lang)


def notes(report: Report) -> HTML:
    """Catatan data dan metodologi: validation warnings, definitions, sources."""
    say = report.say
    disclosure = say(
        f"Laporan publik tidak memuat data per orang, nama atau NIK. Pada rincian di bawah "
        f"tingkat kabupaten/kota, jumlah klaim atau penerima manfaat di bawah "
        f"{disclosure_threshold()} ditampilkan sebagai {primary_label()}, dan sel lain "
        f"disembunyikan (x) bila perlu agar angka kecil tidak dapat dihitung dari total.",
        f"Public reports hold no person-level rows, names or NIK. In breakdowns below regency "
        f"level, counts of claims or beneficiaries below {disclosure_threshold()} are shown as "
        f"{primary_label()}, and other cells are hidden (x) where needed so that a small count "
        f"cannot be worked out from a total.") if report.public else say(
        "Laporan internal: jumlah kecil tidak disembunyikan. Jangan disebarluaskan.",
        "Internal report: small counts are not suppressed. Do not distribute.")
    return page(
        heading(say("Catatan data dan metodologi", "Data notes and methodology"),
                css_class=SECTION),
        heading(say("Validasi data", "Data validation"), 3),
        _warnings(report),
        heading(say("Definisi", "Definitions"), 3),
        definitions(_definitions(report)),
        heading(say("Pengendalian pengungkapan", "Disclosure control"), 3),
        note(disclosure),
        heading(label("index", report.lang), 3),
        note(index_explanation(report)),
        heading(say("Sumber", "Sources"), 3),
        bullet_list(_sources(report)),
    )
