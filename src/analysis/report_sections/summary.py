"""Title block and key figures (Ringkasan)."""

from __future__ import annotations

from html import escape

from IPython.display import HTML

from analysis.inputs.dataset import Dataset
from analysis.reference.geography import province_code
from analysis.reference.parameters import load_parameters
from analysis.reference.province import NATIONAL, province_names, province_of
from analysis.reference.scope import (
    Scope,
    new_villages_without_rows,
    regencies_in_data,
    regency_codes,
    scope_name,
)
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
from analysis.text.messages import message


def title_block(report: Report) -> HTML:
    """Programme, scope, quarter, data source, as-of date and the banners."""
    m, meta, lang = report.metrics, report.dataset.meta, report.lang
    programme = load_parameters()["province"]["programme"]
    start, end = (format_date(day, lang) for day in (m["period_start"], m["period_end"]))
    audience = message("sections.title.audience_public" if report.public
                       else "sections.title.audience_internal", lang)
    rows = [
        (message("sections.title.data_source", lang),
         narrative.data_source(meta.synthetic, meta.source, lang)),
        (label("as_of", lang), format_date(meta.as_of, lang)),
        (message("sections.title.dataset", lang), meta.name),
        (message("sections.title.coding", lang), narrative.region_codes(
            report.code, lang, len(new_villages_without_rows(report.dataset, report.code)))),
        (message("sections.title.audience", lang), audience),
    ]
    details = "".join(f"<div><dt>{term}:</dt> <dd>{escape(text)}</dd></div>"
                      for term, text in rows)
    parts = [
        '<header class="bkbk-title">',
        f'<div class="bkbk-programme">{escape(programme)}</div>',
        heading(message("sections.title.heading", lang, scope=report.name), 1),
        f'<p class="bkbk-subtitle">{report.quarter_text} ({start} – {end})</p>',
    ]
    if meta.synthetic:
        parts.append(banner(message("common.synthetic_banner", lang),
                            message("sections.title.synthetic", lang), "synthetic"))
    if not report.public:
        parts.append(banner(message("common.internal_banner", lang),
                            message("sections.title.internal", lang), "internal"))
    partial = partial_data_note(report.dataset, report.scope, lang)
    if partial:
        parts.append(banner(message("sections.title.partial_banner", lang), partial, "partial"))
    parts += [f'<dl class="bkbk-meta">{details}</dl>', "</header>"]
    return page(*parts)


def partial_data_note(dataset: Dataset, scope: Scope, lang: str) -> str:
    """What a dataset that covers only some regencies leaves out of a scope's report, slides
    or workbook; empty when it covers every regency of the scope."""
    covered = regencies_in_data(dataset)
    if not scope.is_province:
        if scope.code in covered:
            return ""
        return message("sections.title.partial_regency", lang, scope=scope.name)
    missing = [code for code in regency_codes() if code not in covered]
    if not missing:
        return ""
    if province_code() == NATIONAL:  # the provinces with data, not hundreds of regencies
        provinces = sorted({province_of(code) for code in covered})
        return message("sections.title.partial_nation", lang,
                       covered=format_number(len(covered), lang),
                       total=format_number(len(regency_codes()), lang),
                       provinces=format_number(len(provinces), lang),
                       names=narrative.join_words([province_names()[code] for code in provinces],
                                                  lang))
    return message("sections.title.partial_province", lang,
                   covered=format_number(len(covered), lang),
                   total=format_number(len(regency_codes()), lang),
                   missing=narrative.join_words([scope_name(code) for code in missing], lang))


def summary(report: Report) -> HTML:
    """Ringkasan: key figures with their change against the previous quarter."""
    m, lang = report.metrics, report.lang
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
        KeyFigure(message("sections.summary.attainment", lang),
                  format_percent(m["attainment"]["total"], digits=1, lang=lang), *attainment_note),
        KeyFigure(label("villages_on_target", lang),
                  message("common.part_of", lang, part=format_number(m["villages_on_target"], lang),
                          whole=format_number(m["villages"], lang)),
                  *on_target_note),
        KeyFigure(label("continuity", lang), format_percent(m["continuity"], digits=1, lang=lang),
                  *continuity_note),
        KeyFigure(message("sections.summary.contributions", lang),
                  format_rupiah(m["contributions_in_period"], lang),
                  *change_note(narrative.change_phrase(contributions_change, "quarter", lang),
                                contributions_change)),
        KeyFigure(label("budget_realization_ytd", lang),
                  format_percent(m["budget_realization_ytd"], digits=1, lang=lang),
                  message("sections.summary.of_allocation", lang,
                          allocation=format_rupiah(m["allocation_year"], lang))),
        KeyFigure(message("sections.summary.claims", lang), format_number(claims["count"], lang),
                  message("sections.summary.worth", lang,
                          amount=format_rupiah(claims["amount"], lang))),
        KeyFigure(label("coverage_total", lang),
                  format_percent(m["coverage"]["total"], digits=1, lang=lang),
                  message("sections.summary.labour_force_year", lang,
                          year=str(m["coverage"]["year"]))
                  if m["coverage"]["year"] else ""),
    ]
    index = m.get("index") or {}
    if index.get("rank") is None:
        ratio = format_percent(m["benefit_contribution_ratio"], digits=1, lang=lang)
        cards.insert(-1, KeyFigure(label("santunan_cumulative", lang),
                                   format_rupiah(m["santunan_cumulative"], lang),
                                   message("sections.summary.of_contributions", lang,
                                           share=ratio)))
    else:
        regencies = format_number(len(regency_codes()), lang)
        cards.append(KeyFigure(
            message("sections.summary.index_rank", lang),
            message("common.part_of", lang, part=format_number(index["rank"], lang),
                    whole=regencies),
            message("sections.summary.score", lang,
                    score=format_decimal(index["score"], digits=1, lang=lang))))
    sentences = [
        narrative.active_participants(m, lang),
        narrative.attainment(m, lang),
        narrative.index_rank(m, len(regency_codes()), lang),
    ]
    if report.is_province:
        sentences.append(narrative.ranking(m["index"]["ranking"], lang))
    return page(heading(message("sections.summary.heading", lang)), key_figures(cards),
                bullet_list(sentences))
