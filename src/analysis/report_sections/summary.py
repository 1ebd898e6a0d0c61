"""Title block and key figures (Ringkasan)."""

from __future__ import annotations

from html import escape

from IPython.display import HTML

from analysis.reference.parameters import load_parameters
from analysis.reference.scope import regency_codes
from analysis.report_sections.blocks import (
    KeyFigure,
    banner,
    bullet_list,
    heading,
    key_figures,
    page,
)
from analysis.report_sections.common import (
    change_note,
    difference,
    previous,
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
    attainment_before = previous(report, "attainment", "total")
    attainment_note = change_note(
        narrative.points_phrase(m["attainment"]["total"], attainment_before, "quarter", lang),
        difference(m["attainment"]["total"], attainment_before))
    continuity_before = previous(report, "continuity")
    continuity_note = change_note(
        narrative.points_phrase(m["continuity"], continuity_before, "quarter", lang),
        difference(m["continuity"], continuity_before))
    on_target_before = previous(report, "villages_on_target")
    on_target_note = change_note(
        narrative.count_phrase(m["villages_on_target"], on_target_before, "quarter", lang),
        difference(m["villages_on_target"], on_target_before))
    contributions_before = previous(report, "contributions_in_period")
    contributions_change = (m["contributions_in_period"] / contributions_before - 1
                            if contributions_before else None)
    claims = m["claims_in_period"]
    cards = [
        KeyFigure(label("active", lang), format_number(m["active"]["total"], lang),
                  *change_note(narrative.change_phrase(m["growth_qoq"], "quarter", lang),
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
                  *change_note(narrative.change_phrase(contributions_change, "quarter", lang),
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
