"""The period's ``index.html``: headline numbers of the 12 reports and links to every file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.outputs.atomic import write_text
from analysis.outputs.excel import workbook_name
from analysis.outputs.naming import report_slug
from analysis.outputs.slides import SLIDES_HTML, SLIDES_PDF
from analysis.outputs.templating import render_template
from analysis.reference.geography import PROVINCE_CODE
from analysis.reference.parameters import load_parameters
from analysis.run.jobs import EXECUTED_DIR
from analysis.text.formatting import (
    format_change,
    format_date,
    format_number,
    format_percent,
    format_quarter,
    format_rupiah,
    label,
)

INDEX_FILE = "index.html"
CHANGE_DIGITS = 2  # quarter-on-quarter changes are small: 0,14%

TEXT = {
    "id": {
        "heading": "Laporan {quarter}",
        "meta": "Akhir periode {end} · {count} laporan · khalayak: {audience}",
        "audience": {"public": "publik", "internal": "internal"},
        "synthetic": "DATA SINTETIS",
        "synthetic_note": "Angka di halaman ini berasal dari data buatan, bukan data resmi.",
        "internal": "INTERNAL",
        "internal_note": "Tanpa penyembunyian angka kecil; jangan disebarluaskan.",
        "downloads": "Unduhan",
        "workbook": "Tabel (Excel)",
        "slides": "Bahan paparan",
        "reports": "Laporan per wilayah",
        "scope": "Wilayah",
        "files": "Berkas",
        "notes": "Keterangan",
        "change": "Perubahan dari triwulan lalu",
        "santunan": "Santunan dibayar dalam triwulan",
        "index_rank": "Peringkat indeks",
        "claims": "{count} klaim",
        "defs": [
            ("Peserta aktif", "Peserta MME dan PR yang terlindungi pada akhir triwulan."),
            ("Capaian", "Peserta aktif dibagi target per desa/kelurahan dikali jumlah "
                        "desa/kelurahan di wilayah."),
            ("Kesinambungan pembayaran iuran", "Bagian desa/kelurahan dengan peserta aktif "
             "yang membayar iuran untuk ketiga bulan triwulan."),
            ("Cakupan total", "Peserta formal dan informal BPJS Ketenagakerjaan dibagi "
                              "penduduk bekerja (tahun data tenaga kerja terakhir)."),
            ("Peringkat indeks", "Urutan 11 kabupaten/kota menurut indeks kinerja komposit: "
             "alat bantu analisis, bukan nilai resmi Paritrana Award."),
        ],
        "footer": "Angka dibaca dari metrics.json setiap laporan.",
    },
    "en": {
        "heading": "Reports for {quarter}",
        "meta": "Period end {end} · {count} reports · audience: {audience}",
        "audience": {"public": "public", "internal": "internal"},
        "synthetic": "SYNTHETIC DATA",
        "synthetic_note": "The figures on this page come from made-up data, not official data.",
        "internal": "INTERNAL",
        "internal_note": "Small counts are not suppressed; do not distribute.",
        "downloads": "Downloads",
        "workbook": "Tables (Excel)",
        "slides": "Slide deck",
        "reports": "Reports by area",
        "scope": "Area",
        "files": "Files",
        "notes": "Notes",
        "change": "Change from previous quarter",
        "santunan": "Benefits paid in the quarter",
        "index_rank": "Index rank",
        "claims": "{count} claims",
        "defs": [
            ("Active participants", "MME and PR participants covered at the end of the quarter."),
            ("Attainment", "Active participants divided by the per-village target times the "
                           "number of villages in the area."),
            ("Continuity of contribution payments", "Share of villages with active "
             "participants that paid contributions for all three months of the quarter."),
            ("Total coverage", "Formal and informal BPJS Ketenagakerjaan participants divided "
                               "by employed persons (latest labour-force year)."),
            ("Index rank", "Order of the 11 regencies by the composite performance index: "
             "an analytical aid, not the official Paritrana Award score."),
        ],
        "footer": "Figures are read from each report's metrics.json.",
    },
}


def report_files(metrics: dict[str, Any], formats: tuple[str, ...]) -> dict[str, str]:
    """Relative names of one report's files, keyed by link text."""
    stem = report_slug(metrics["scope"], metrics["scope_name"])
    files = {fmt.upper(): f"{stem}.{fmt}" for fmt in ("html", "pdf") if fmt in formats}
    files["JSON"] = f"{stem}.metrics.json"
    files["Notebook"] = f"{EXECUTED_DIR}/{stem}.ipynb"
    return files


def _scope_order(code: str) -> tuple[bool, str]:
    return code != PROVINCE_CODE, code


def _cells(metrics: dict[str, Any], lang: str, text: dict) -> list[dict[str, str]]:
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
         "note": text["claims"].format(count=format_number(claims["count"], lang))},
        {"main": format_percent(metrics["coverage"]["total"], lang=lang)},
        {"main": format_number(rank, lang)},
    ]


def write_index(period_dir: Path, metrics_by_scope: dict[str, dict], request) -> Path:
    """Write ``index.html`` for the reports in ``metrics_by_scope`` and return its path.

    The workbook and the slides are linked when they are in ``period_dir``.
    """
    lang, formats = request.lang, tuple(request.formats)
    text = TEXT[lang]
    ordered = [metrics_by_scope[code] for code in sorted(metrics_by_scope, key=_scope_order)]
    first = ordered[0]
    province = load_parameters()["province"]
    columns = [label("active", lang), text["change"], label("attainment", lang),
               label("continuity", lang), text["santunan"], label("coverage_total", lang),
               text["index_rank"]]
    rows = [
        {
            "name": metrics["scope_name"],
            "code": metrics["scope"],
            "province": metrics["scope"] == PROVINCE_CODE,
            "cells": _cells(metrics, lang, text),
            "links": [{"text": name, "href": href}
                      for name, href in report_files(metrics, formats).items()],
        }
        for metrics in ordered
    ]
    downloads = [
        {"label": group, "links": links}
        for group, files in ((text["workbook"], [("XLSX", workbook_name(first["period"]))]),
                             (text["slides"], [("HTML", SLIDES_HTML), ("PDF", SLIDES_PDF)]))
        if (links := [{"text": name, "href": href} for name, href in files
                      if (Path(period_dir) / href).exists()])
    ]
    quarter_text = format_quarter(first["period"], lang)
    html = render_template(
        "index.html.j2",
        lang=lang,
        text=text,
        title=f"{province['programme'].split(' (')[0]} {province['name']}",
        quarter_text=quarter_text,
        heading=text["heading"].format(quarter=quarter_text),
        meta_line=text["meta"].format(end=format_date(first["period_end"], lang),
                                      count=format_number(len(rows), lang),
                                      audience=text["audience"][request.audience]),
        synthetic=any(m["synthetic"] for m in ordered),
        internal=request.audience == "internal",
        downloads=downloads,
        columns=columns,
        rows=rows,
        notes=text["defs"],
        footer=text["footer"],
    )
    out = Path(period_dir) / INDEX_FILE
    write_text(out, html)
    return out
