"""The period's ``index.html``: headline numbers of the 12 reports and links to every file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from analysis.atomic import write_text
from analysis.metrics import catalog
from analysis.outputs.naming import (
    EXECUTED_DIR,
    SLIDES_HTML,
    SLIDES_PDF,
    report_slug,
    workbook_name,
)
from analysis.outputs.templating import render_template
from analysis.reference.geography import province_code
from analysis.reference.parameters import load_parameters
from analysis.reference.province import (
    NATIONAL,
    is_regency_code,
    province_names,
    province_of,
)
from analysis.text.formatting import (
    format_change,
    format_date,
    format_number,
    format_percent,
    format_quarter,
    format_rupiah,
    label,
)
from analysis.text.messages import message, plural

INDEX_FILE = "index.html"
CHANGE_DIGITS = 2  # quarter-on-quarter changes are small: 0,14%
DEFINED = ("active", "attainment", "continuity", "coverage.total", "index.rank")


def report_files(metrics: dict[str, Any], formats: tuple[str, ...]) -> dict[str, str]:
    """Relative names of one report's files, keyed by link text."""
    stem = report_slug(metrics["scope"], metrics["scope_name"])
    files = {fmt.upper(): f"{stem}.{fmt}" for fmt in ("html", "pdf") if fmt in formats}
    files["JSON"] = f"{stem}.metrics.json"
    files["Notebook"] = f"{EXECUTED_DIR}/{stem}.ipynb"
    return files


def _scope_order(code: str) -> tuple[bool, str]:
    return code != province_code(), code


def _page_text(lang: str) -> dict[str, str]:
    """The fixed words of the page template (``text.downloads`` ...)."""
    return {
        **{name: message(f"index.{name}", lang)
           for name in ("synthetic_note", "internal_note", "downloads", "reports", "files",
                        "notes")},
        "synthetic": message("common.synthetic_banner", lang),
        "internal": message("common.internal_banner", lang),
        "scope": message("common.area", lang),
    }


def _cells(metrics: dict[str, Any], lang: str) -> list[dict[str, str]]:
    active = metrics["active"]["total"]
    previous = metrics["active_prev_quarter"]["total"]
    difference = active - previous
    claims = metrics["claims_in_period"]
    rank = (metrics.get("index") or {}).get("rank")
    return [
        {"main": format_number(active, lang)},
        {"main": ("+" if difference > 0 else "") + format_number(difference, lang),
         "note": format_change(metrics["growth_qoq"], lang=lang, digits=CHANGE_DIGITS)},
        {"main": format_percent(metrics["attainment"]["total"], lang=lang)},
        {"main": format_percent(metrics["continuity"], lang=lang)},
        {"main": format_rupiah(claims["amount"], lang=lang),
         "note": plural("common.claim_count", claims["count"], lang,
                        count=format_number(claims["count"], lang))},
        {"main": format_percent(metrics["coverage"]["total"], lang=lang)},
        {"main": format_number(rank, lang)},
    ]


def _with_province_groups(rows: list[dict], lang: str) -> list[dict]:
    """In a national run, a heading row before each province's regencies (their index ranks
    are within the province); elsewhere the rows as they are."""
    if province_code() != NATIONAL:
        return rows
    names, grouped, current = province_names(), [], None
    for row in rows:
        province = province_of(row["code"])
        if province != current:
            current = province
            grouped.append({"group": message("index.province_group", lang,
                                             name=names.get(province, province), code=province)})
        grouped.append(row)
    return grouped


def write_index(period_dir: Path, metrics_by_scope: dict[str, dict], request) -> Path:
    """Write ``index.html`` for the reports in ``metrics_by_scope`` and return its path.

    The workbook and the slides are linked when they are in ``period_dir``.
    """
    lang, formats = request.lang, tuple(request.formats)
    ordered = [metrics_by_scope[code] for code in sorted(metrics_by_scope, key=_scope_order)]
    first = ordered[0]
    province = load_parameters()["province"]
    columns = [label("active", lang), message("index.change", lang), label("attainment", lang),
               label("continuity", lang), message("index.santunan", lang),
               label("coverage_total", lang), message("index.index_rank", lang)]
    rows = _with_province_groups([
        {
            "name": metrics["scope_name"],
            "code": metrics["scope"],
            "province": not is_regency_code(metrics["scope"]),
            "cells": _cells(metrics, lang),
            "links": [{"text": name, "href": href}
                      for name, href in report_files(metrics, formats).items()],
        }
        for metrics in ordered
    ], lang)
    downloads = [
        {"label": group, "links": links}
        for group, files in ((message("index.workbook", lang),
                              [("XLSX", workbook_name(first["period"]))]),
                             (message("index.slides", lang),
                              [("HTML", SLIDES_HTML), ("PDF", SLIDES_PDF)]))
        if (links := [{"text": name, "href": href} for name, href in files
                      if (Path(period_dir) / href).exists()])
    ]
    quarter_text = format_quarter(first["period"], lang)
    html = render_template(
        "index.html.j2",
        lang=lang,
        text=_page_text(lang),
        title=f"{province['programme'].split(' (')[0]} {province['name']}",
        quarter_text=quarter_text,
        heading=message("index.heading", lang, quarter=quarter_text),
        meta_line=plural("index.meta", len(ordered), lang,
                         end=format_date(first["period_end"], lang),
                         count=format_number(len(ordered), lang),
                         audience=message(f"index.audience_{request.audience}", lang)),
        synthetic=any(m["synthetic"] for m in ordered),
        internal=request.audience == "internal",
        downloads=downloads,
        columns=columns,
        rows=rows,
        notes=catalog.definitions(DEFINED, lang, date.fromisoformat(first["period_end"])),
        footer=message("index.footer", lang),
    )
    out = Path(period_dir) / INDEX_FILE
    write_text(out, html)
    return out
