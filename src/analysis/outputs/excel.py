"""The period's Excel workbook: the main tables of the reports, one sheet each.

Headers and notes are in the run's language (Indonesian by default); numbers stay numbers with
Excel number formats (the reader's Excel shows its own separators). Claims per kecamatan are
suppressed for the public audience. The file is deterministic: the same data give the same
bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.atomic import write_bytes
from analysis.disclosure.claims import COLUMNS, QUARTER_TABLE
from analysis.disclosure.pattern import HiddenCells, hidden_cells, hidden_mask
from analysis.disclosure.suppression import from_mask, marker
from analysis.inputs.dataset import Dataset
from analysis.metrics import catalog
from analysis.metrics.benefits import claims_by_benefit, claims_by_district
from analysis.metrics.composite import COMPONENTS, ranking_table
from analysis.metrics.contributions import (
    budget_by_district,
    continuity_by_district,
    monthly_contributions,
)
from analysis.metrics.coverage import coverage_comparison
from analysis.metrics.enrolment import attainment_by_district, monthly_active
from analysis.metrics.quarter_figures import QuarterFigures
from analysis.outputs.naming import workbook_name
from analysis.outputs.sheets import (
    DECIMAL,
    INT,
    MONTH,
    PERCENT,
    RUPIAH,
    SCORE,
    TEXT,
    Column,
    Sheet,
)
from analysis.outputs.xlsx import workbook_bytes
from analysis.reference.geography import districts, province_code
from analysis.reference.parameters import (
    disclosure_threshold,
    in_language,
    index_weights,
    load_parameters,
)
from analysis.reference.periods import Quarter
from analysis.reference.scope import Scope, new_villages_without_rows, regency_scopes
from analysis.report_sections.summary import partial_data_note
from analysis.text import narrative
from analysis.text.formatting import (
    format_date,
    format_month,
    format_percent,
    format_quarter,
    label,
)
from analysis.text.messages import message


def _scopes() -> list[Scope]:
    """The province and the 11 regencies, in report order."""
    return [Scope.province(), *regency_scopes()]


def _per_scope(build: Callable[[Scope], pd.DataFrame], scopes: list[Scope]):
    """One frame per scope, stacked, with the scope's code and name in front."""
    frames = []
    for scope in scopes:
        frame = build(scope)
        frame.insert(0, "scope_name", scope.name)
        frame.insert(0, "scope", scope.code)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _per_regency(table: pd.DataFrame) -> pd.DataFrame:
    """A table per kecamatan of the whole province, stacked as ``_per_scope`` stacks the
    regencies' own tables: a kecamatan has the same row in both, and one table of the province
    is computed much faster than eleven."""
    regency = table["district_code"].map(districts().set_index("district_code")["regency_code"])
    return _per_scope(lambda scope: table[regency == scope.code].reset_index(drop=True),
                      regency_scopes())


def _say(key: str, lang: str, **values: str) -> str:
    return message(f"workbook.{key}", lang, **values)


def _metric(key: str, lang: str, number_format: str = TEXT) -> Column:
    """A column of a metric, headed by its catalog label."""
    return Column(key, label(key, lang), number_format)


def _scope_columns(lang: str) -> list[Column]:
    return [_metric("scope", lang), Column("scope_name", _say("area", lang))]


def _regency_columns(lang: str) -> list[Column]:
    return [Column("scope", _say("regency_code", lang)),
            Column("scope_name", _say("regency", lang))]


def _district_columns(lang: str) -> list[Column]:
    return [Column("district_code", _say("district_code", lang)),
            Column("district_name", _say("district", lang))]


def _summary_rows(metrics_by_scope: dict[str, dict]) -> pd.DataFrame:
    """One row per scope with the headline metrics of metrics.json."""
    rows = []
    for scope in _scopes():
        m = metrics_by_scope[scope.code]
        claims = m["claims_in_period"]
        index = m.get("index") or {}
        rows.append({
            "scope": scope.code, "scope_name": m["scope_name"], "villages": m["villages"],
            **{f"active_{c}": m["active"][c] for c in ("MME", "PR", "total")},
            "active_prev_quarter": m["active_prev_quarter"]["total"],
            "active_prev_year": m["active_prev_year"]["total"],
            "growth_qoq": m["growth_qoq"], "growth_yoy": m["growth_yoy"],
            "new": m["new"]["total"], "exits": m["exits"]["total"],
            "target": m["target"]["total"],
            **{f"attainment_{c}": m["attainment"][c] for c in ("MME", "PR", "total")},
            "villages_on_target": m["villages_on_target"],
            "continuity": m["continuity"],
            "contributions_in_period": m["contributions_in_period"],
            "contributions_cumulative": m["contributions_cumulative"],
            "budget_realization_ytd": m["budget_realization_ytd"],
            "claims_count": claims["count"], "claims_amount": claims["amount"],
            "santunan_cumulative": m["santunan_cumulative"],
            "benefit_contribution_ratio": m["benefit_contribution_ratio"],
            "median_days_to_payment": m["median_days_to_payment"],
            "coverage_year": m["coverage"]["year"],
            **{f"coverage_{k}": m["coverage"][k] for k in ("formal", "informal", "total")},
            "index_score": index.get("score"), "index_rank": index.get("rank"),
        })
    return pd.DataFrame(rows)


def _summary_columns(lang: str) -> list[Column]:
    def metric(key: str, number_format: str = TEXT) -> Column:
        return _metric(key, lang, number_format)

    def own(key: str, number_format: str) -> Column:
        return Column(key, _say(key, lang), number_format)

    return _scope_columns(lang) + [
        own("villages", INT),
        *(metric(f"active_{c}", INT) for c in ("MME", "PR", "total")),
        metric("active_prev_quarter", INT),
        metric("active_prev_year", INT),
        metric("growth_qoq", PERCENT),
        metric("growth_yoy", PERCENT),
        own("new", INT),
        own("exits", INT),
        own("target", INT),
        *(metric(f"attainment_{c}", PERCENT) for c in ("MME", "PR", "total")),
        metric("villages_on_target", INT),
        own("continuity", PERCENT),
        own("contributions_in_period", RUPIAH),
        metric("contributions_cumulative", RUPIAH),
        metric("budget_realization_ytd", PERCENT),
        own("claims_count", INT),
        own("claims_amount", RUPIAH),
        metric("santunan_cumulative", RUPIAH),
        metric("benefit_contribution_ratio", PERCENT),
        metric("median_days_to_payment", DECIMAL),
        metric("coverage_year", "0"),
        *(metric(f"coverage_{k}", PERCENT) for k in ("formal", "informal", "total")),
        own("index_score", SCORE),
        metric("index_rank", "0"),
    ]


def _by_month(lang: str, number_format: str) -> list[Column]:
    """Month, MME, PR and total: counts, or Rupiah (headers then say so)."""
    def head(name: str) -> str:
        return _say("rupiah", lang, name=name) if number_format == RUPIAH else name

    return [Column("month", _say("month", lang), MONTH),
            *(Column(key, head(key if key != "total" else label("total", lang)),
                     number_format) for key in ("MME", "PR", "total"))]


def _attainment_columns(lang: str) -> list[Column]:
    return _regency_columns(lang) + _district_columns(lang) + [
        Column("villages", _say("villages", lang), INT),
        *(_metric(key, lang, INT) for key in ("active_MME", "active_PR", "target_MME",
                                              "target_PR")),
        *(_metric(f"attainment_{c}", lang, PERCENT) for c in ("MME", "PR", "total")),
    ]


def _budget_columns(lang: str) -> list[Column]:
    return _regency_columns(lang) + _district_columns(lang) + [
        Column("allocation", _say("allocation", lang), RUPIAH),
        _metric("contributions_ytd", lang, RUPIAH),
        Column("realization", _say("realization", lang), PERCENT),
    ]


def _benefit_columns(lang: str) -> list[Column]:
    return _scope_columns(lang) + [
        Column("program", _say("program", lang)),
        Column("benefit", _say("benefit", lang)),
        Column("count", _say("claims", lang), INT),
        Column("amount", _say("amount", lang), RUPIAH),
    ]


def _claims_district_columns(lang: str) -> list[Column]:
    return _regency_columns(lang) + _district_columns(lang) + [
        Column("count", _say("claims", lang), INT),
        Column("amount", _say("amount", lang), RUPIAH),
        Column("beneficiaries", _say("beneficiaries", lang), INT),
    ]


def _coverage_columns(lang: str) -> list[Column]:
    return [
        Column("scope_code", _say("area_code", lang)),
        Column("name", _say("area", lang)),
        Column("year", _say("workforce_year", lang), "0"),
        *(Column(k, _say(f"coverage_{k}", lang), PERCENT)
          for k in ("formal", "informal", "total")),
    ]


def _ranking_columns(lang: str) -> list[Column]:
    return [
        Column("rank", _say("rank", lang), "0"),
        Column("regency_code", _say("regency_code", lang)),
        Column("regency_name", _say("regency", lang)),
        Column("score", _say("score", lang), SCORE),
        *(Column(name, label(name, lang), PERCENT) for name in COMPONENTS),
        *(Column(f"{name}_scaled", _say("scaled", lang, name=label(name, lang)), "0.00")
          for name in COMPONENTS),
    ]


def _continuity_sheet(dataset: Dataset, quarter: Quarter, lang: str) -> Sheet:
    """Continuity by kecamatan and month; month columns get the language's month names."""
    frame = _per_regency(continuity_by_district(dataset, Scope.province(), quarter))
    months = [c for c in frame.columns if re.fullmatch(r"\d{4}-\d{2}", str(c))]
    columns = _regency_columns(lang) + [Column("district_name", _say("district", lang))] + [
        Column(month, format_month(f"{month}-01", lang=lang, short=True), PERCENT)
        for month in months
    ]
    return Sheet(_say("sheets.continuity", lang), frame, columns)


def claims_in_districts(dataset: Dataset, scope: Scope, quarter: Quarter,
                        cells: HiddenCells | None) -> pd.DataFrame:
    """Claims per kecamatan of a regency with the run's hidden cells as the marker (text
    cells); ``cells`` None shows every figure (internal audience)."""
    table = claims_by_district(dataset, scope, quarter)
    hidden = hidden_mask(cells, QUARTER_TABLE, scope.code, table["district_code"], COLUMNS)
    return from_mask(table, hidden).display()


def suppressed_note(lang: str = "id") -> str:
    """The line a sheet with hidden cells carries."""
    return _say("suppressed", lang, marker=marker(), threshold=str(disclosure_threshold()),
                summary=_say("sheets.summary", lang))


def benefits_named(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Benefit codes replaced by their names (``kematian`` -> Santunan kematian)."""
    return table.assign(benefit=table["benefit"].map(lambda code: label(code, lang)))


def build_sheets(figures: QuarterFigures, audience: str, lang: str = "id") -> list[Sheet]:
    """The workbook's data sheets, in order."""
    dataset, quarter = figures.dataset, figures.quarter
    scopes, regencies, province = _scopes(), regency_scopes(), Scope.province()
    cells = hidden_cells(dataset, quarter, figures.folder) if audience == "public" else None
    claims = _per_scope(lambda s: claims_in_districts(dataset, s, quarter, cells), regencies)

    def sheet(key: str, frame: pd.DataFrame, columns: list[Column], **more) -> Sheet:
        return Sheet(_say(f"sheets.{key}", lang), frame, columns, **more)

    return [
        sheet("summary", _summary_rows(figures.metrics), _summary_columns(lang)),
        sheet("monthly_active", _per_scope(lambda s: monthly_active(dataset, s, quarter),
                                           scopes),
              _scope_columns(lang) + _by_month(lang, INT)),
        sheet("attainment", _per_regency(attainment_by_district(dataset, province, quarter)),
              _attainment_columns(lang)),
        _continuity_sheet(dataset, quarter, lang),
        sheet("contributions",
              _per_scope(lambda s: monthly_contributions(dataset, s, quarter), scopes),
              _scope_columns(lang) + _by_month(lang, RUPIAH)),
        sheet("budget", _per_regency(budget_by_district(dataset, province, quarter)),
              _budget_columns(lang)),
        sheet("benefits",
              _per_scope(lambda s: benefits_named(claims_by_benefit(dataset, s, quarter), lang),
                         scopes),
              _benefit_columns(lang)),
        sheet("claims", claims, _claims_district_columns(lang),
              note=suppressed_note(lang) if cells is not None else ""),
        sheet("coverage", coverage_comparison(dataset, province, quarter),
              _coverage_columns(lang)),
        sheet("ranking", ranking_table(figures.metrics[province_code()]),
              _ranking_columns(lang), names=3),  # rank, code, name
    ]


def notes_sheet(dataset: Dataset, quarter: Quarter, audience: str, partial: str = "",
                lang: str = "id") -> Sheet:
    """The notes sheet: what the workbook holds, where the data come from, definitions;
    ``partial`` says what a partial dataset leaves out."""
    meta = dataset.meta
    params = load_parameters()
    weights = ", ".join(f"{label(key, lang)} {format_percent(weight, digits=0, lang=lang)}"
                        for key, weight in index_weights().items())
    index_text = catalog.definition("index.score", lang,
                                    **catalog.parameter_values(quarter.end))

    def say(key: str, **values: str) -> str:
        return _say(f"notes.{key}", lang, **values)

    public = audience == "public"
    rows = [
        (say("title"), f"{params['province']['programme']}, {params['province']['name']}"),
        (say("period"), say("period_text", quarter=format_quarter(quarter.label, lang),
                            label=quarter.label, start=format_date(quarter.start, lang),
                            end=format_date(quarter.end, lang))),
        (say("data"), meta.name),
        (say("source"), meta.source),
        (message("sections.title.coding", lang), narrative.region_codes(
            province_code(), lang, len(new_villages_without_rows(dataset, province_code())))),
        (label("as_of", lang), format_date(meta.as_of, lang)),
        (label("synthetic", lang), say("synthetic_yes" if meta.synthetic else "synthetic_no")),
        *([(message("sections.title.partial_banner", lang), partial)] if partial else []),
        (say("audience"), say("public" if public else "internal")),
        (say("suppression"),
         say("suppression_public", threshold=str(disclosure_threshold()), marker=marker())
         if public else say("suppression_internal")),
        *catalog.definitions(catalog.explained(), lang, quarter.end),
        (label("index", lang), f"{index_text} {label('index.weights', lang)}: {weights}."),
        (say("ratio"), say("ratio_text")),
        (say("parameters"), "; ".join(sorted({in_language(b, "source", lang) for key in
                                              ('contribution_rates', 'village_targets', 'bkbk')
                                              for b in params[key]}))),
    ]
    return Sheet(_say("sheets.notes", lang), pd.DataFrame(rows, columns=["item", "text"]),
                 [Column("item", _say("item", lang)),
                  Column("text", _say("text", lang), wrap=True)])


def write_workbook(figures: QuarterFigures, period_dir: Path, audience: str = "public",
                   lang: str = "id") -> Path:
    """Write the period's workbook into ``period_dir`` atomically and return its path."""
    dataset, quarter = figures.dataset, figures.quarter
    partial = partial_data_note(dataset, Scope.province(), lang)
    sheets = [*build_sheets(figures, audience, lang),
              notes_sheet(dataset, quarter, audience, partial, lang)]
    marks = [message("common.synthetic_banner", lang)] if dataset.meta.synthetic else []
    marks += [message("reconciliation.workbook.internal", lang)] if audience == "internal" \
        else []
    if partial:
        marks.append(message("sections.title.partial_banner", lang))
    data = workbook_bytes(sheets, dataset.meta.as_of, " · ".join(marks), lang)
    out = Path(period_dir) / workbook_name(quarter.label)
    write_bytes(out, data)
    return out
