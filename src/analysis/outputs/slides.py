"""The presenters' slide deck of the province findings: ``slides.html`` and ``slides.pdf``.

One self-contained HTML file (inline CSS, charts as embedded SVG, a few lines of script for
arrow-key navigation) that works offline, and the same slides printed by WeasyPrint on 16:9
pages, one slide per page. Every number comes from the metrics, the frames or the reference
parameters; every slide carries the "DATA SINTETIS" banner when the data are synthetic.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from analysis.charts import (
    plot_attainment_by_district,
    plot_coverage_comparison,
    plot_cumulative_santunan,
    plot_monthly_active,
    plot_monthly_contributions,
)
from analysis.charts.style import CM, short_regency_name
from analysis.inputs.dataset import Dataset
from analysis.metrics.benefits import cumulative_santunan
from analysis.metrics.contributions import monthly_contributions
from analysis.metrics.coverage import coverage_comparison
from analysis.metrics.enrolment import monthly_active
from analysis.metrics.scope_metrics import compute_all_metrics
from analysis.outputs.atomic import write_bytes, write_text
from analysis.outputs.templating import render_template
from analysis.reference.geography import PROVINCE_CODE
from analysis.reference.parameters import in_force, load_parameters, monthly_contribution
from analysis.reference.periods import Quarter, quarter_for
from analysis.text.formatting import (
    format_change,
    format_date,
    format_decimal,
    format_number,
    format_percent,
    format_quarter,
    format_rupiah,
    label,
)

SLIDES_HTML = "slides.html"
SLIDES_PDF = "slides.pdf"
CHART_WIDTH_CM = 12.5  # charts are drawn this wide and shown ~21 cm wide: large text
WIDE_LEGEND_CHART_CM = 16.5  # charts whose one-row legend needs the full A4 width
CHART_ASPECT = 1.65  # width / height of the chart area of a slide

TEXT: dict[str, dict[str, Any]] = {
    "id": {
        "banner": "DATA SINTETIS",
        "subtitle": "Temuan {quarter}",
        "purpose": "Bahan paparan evaluasi Paritrana Award dan rapat monitoring",
        "data_line": "Data: {name} · per {as_of}",
        "synthetic_line": "Data sintetis: angka buatan untuk peragaan, bukan data resmi.",
        "programme_title": "Program BKBK Jamsostek",
        "programme": [
            ("BKBK:", "bantuan keuangan Provinsi Jambi {grant} per desa/kelurahan per tahun, "
                      "untuk {villages} desa/kelurahan."),
            ("Iuran dari BKBK:", "{mme_share} untuk peserta MME dan {pr_share} untuk "
                                 "peserta PR."),
            ("Peserta:", "MME (masyarakat miskin ekstrem) dan PR (pekerja rentan); target "
                         "{target_mme} MME + {target_pr} PR per desa/kelurahan."),
            ("Perlindungan:", "Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM) "
                              "BPJS Ketenagakerjaan."),
            ("Iuran:", "{monthly} per orang per bulan (JKK {jkk_rate} dari penghasilan "
                       "{income} + JKM {jkm})."),
        ],
        "key_title": "Angka kunci {quarter}",
        "active_note": "MME {mme} · PR {pr}; {change} dari triwulan lalu",
        "villages_on_target": "{count} desa/kelurahan mencapai target",
        "continuity_note": "desa/kelurahan membayar iuran ketiga bulan",
        "contributions_note": "realisasi anggaran {value} tahun berjalan",
        "claims_note": "{count} klaim dalam triwulan ({amount})",
        "coverage_note": "data tenaga kerja {year}; informal {informal}",
        "contributions_in_period": "Iuran triwulan ini",
        "enrolment_title": "Peserta aktif akhir triwulan: {active}",
        "new_exits": "baru / keluar dalam triwulan",
        "vs_prev_quarter": "dibanding triwulan lalu",
        "villages_reaching_target": "desa/kelurahan mencapai target MME dan PR",
        "growth_yoy": "dibanding setahun lalu",
        "milestone": "Publikasi {date}: {label} ({source}); data ini: {data} peserta.",
        "attainment_title": "Capaian target: {value} secara total",
        "attainment_chart": "Capaian target kepesertaan per kabupaten/kota",
        "target_line": "Target per desa/kelurahan: {mme} MME + {pr} PR.",
        "money_title": "Iuran dan realisasi anggaran",
        "budget": "realisasi anggaran tahun berjalan",
        "continuity": "kesinambungan iuran dalam triwulan",
        "santunan_title": "Santunan kumulatif: {value}",
        "paid_in_period": "santunan dibayar dalam triwulan ({count} klaim)",
        "median_days": "hari median dari kejadian sampai pembayaran",
        "santunan_milestone": "Publikasi: {label} ({source}). Data ini: {data} ({category}) "
                              "sampai {date}.",
        "coverage_title": "Cakupan BPJS Ketenagakerjaan {year}",
        "coverage_of": "cakupan total provinsi",
        "formal_informal": "formal / informal",
        "ranking_title": "Peringkat kabupaten/kota: indeks kinerja",
        "ranking_caveat": "Indeks kinerja komposit: alat bantu analisis dalam semangat kriteria "
                          "Paritrana Award, bukan nilai resmi penghargaan. Setiap komponen "
                          "diskalakan 0-1 antar kabupaten/kota; skor = 100 x jumlah berbobot. "
                          "Bobot: {weights}.",
        "rank": "No.",
        "notes_title": "Catatan data dan sumber",
        "notes": [
            ("Data:", "{name}; sumber: {source}; data per {as_of}."),
            ("Periode:", "{quarter} ({start} s.d. {end}); peserta aktif dihitung pada akhir "
                         "periode, iuran menurut bulan yang dibayar, klaim menurut tanggal "
                         "bayar."),
            ("Target:", "target per desa/kelurahan dikali seluruh desa/kelurahan wilayah, "
                        "termasuk yang belum memiliki peserta."),
            ("Cakupan:", "peserta BPJS Ketenagakerjaan dibagi penduduk bekerja (Sakernas), "
                         "tahun data terakhir."),
            ("Sumber parameter:", "{sources}."),
            ("Rincian:", "laporan provinsi dan 11 kabupaten/kota, tabel Excel dan metrics.json "
                         "di folder yang sama."),
        ],
        "synthetic_note": ("Data sintetis:", "seluruh angka berasal dari data buatan dan "
                                             "tidak menggambarkan desa atau orang mana pun."),
    },
    "en": {
        "banner": "DATA SINTETIS (SYNTHETIC DATA)",
        "subtitle": "Findings for {quarter}",
        "purpose": "Presentation for the Paritrana Award evaluation and monitoring meetings",
        "data_line": "Data: {name} · as of {as_of}",
        "synthetic_line": "Synthetic data: made-up figures for demonstration, not official data.",
        "programme_title": "The BKBK Jamsostek programme",
        "programme": [
            ("BKBK:", "a Jambi Province grant of {grant} per village per year, to "
                      "{villages} villages."),
            ("Contributions from BKBK:", "{mme_share} for MME participants and {pr_share} for "
                                         "PR participants."),
            ("Participants:", "MME (extreme poor) and PR (vulnerable workers); target "
                              "{target_mme} MME + {target_pr} PR per village."),
            ("Protection:", "BPJS Ketenagakerjaan work accident (JKK) and death (JKM) "
                            "insurance."),
            ("Contribution:", "{monthly} per person per month (JKK {jkk_rate} of a declared "
                              "income of {income} + JKM {jkm})."),
        ],
        "key_title": "Key figures, {quarter}",
        "active_note": "MME {mme} · PR {pr}; {change} from the previous quarter",
        "villages_on_target": "{count} villages on target",
        "continuity_note": "villages paying all three months",
        "contributions_note": "budget realization {value} year to date",
        "claims_note": "{count} claims in the quarter ({amount})",
        "coverage_note": "labour-force data {year}; informal {informal}",
        "contributions_in_period": "Contributions this quarter",
        "enrolment_title": "Active participants: {active}",
        "new_exits": "new / exits in the quarter",
        "vs_prev_quarter": "compared with the previous quarter",
        "villages_reaching_target": "villages reaching both the MME and PR targets",
        "growth_yoy": "compared with a year earlier",
        "milestone": "Published, {date}: \"{label}\" ({source}); these data: {data} "
                     "participants.",
        "attainment_title": "Attainment: {value} in total",
        "attainment_chart": "Enrolment against target by regency",
        "target_line": "Target per village: {mme} MME + {pr} PR.",
        "money_title": "Contributions and budget realization",
        "budget": "budget realization year to date",
        "continuity": "continuity of contributions in the quarter",
        "santunan_title": "Cumulative benefits: {value}",
        "paid_in_period": "benefits paid in the quarter ({count} claims)",
        "median_days": "median days from event to payment",
        "santunan_milestone": "Published: \"{label}\" ({source}). These data: {data} "
                              "({category}) up to {date}.",
        "coverage_title": "BPJS Ketenagakerjaan coverage {year}",
        "coverage_of": "total coverage of the province",
        "formal_informal": "formal / informal",
        "ranking_title": "Regency ranking: performance index",
        "ranking_caveat": "Composite performance index: an analytical aid in the spirit of the "
                          "Paritrana Award criteria, not the official award score. Each "
                          "component is scaled 0-1 across the regencies; score = 100 x weighted "
                          "sum. Weights: {weights}.",
        "rank": "No.",
        "notes_title": "Data notes and sources",
        "notes": [
            ("Data:", "{name}; source: {source}; as of {as_of}."),
            ("Period:", "{quarter} ({start} to {end}); active participants at the period end, "
                        "contributions by the month covered, claims by payment date."),
            ("Target:", "per-village target times every village of the area, with or "
                        "without participants."),
            ("Coverage:", "BPJS Ketenagakerjaan participants divided by employed persons "
                          "(Sakernas), latest year."),
            ("Parameter sources:", "{sources}."),
            ("Details:", "the province and 11 regency reports, the Excel tables and "
                         "metrics.json in the same folder."),
        ],
        "synthetic_note": ("Synthetic data:", "every figure comes from made-up data and "
                                              "describes no real village or person."),
    },
}


def svg_data_uri(fig: Figure, width_cm: float = CHART_WIDTH_CM) -> str:
    """A chart as an embedded SVG image, redrawn ``width_cm`` wide so its text reads large
    and at least as tall as the slide's chart area allows."""
    width, height = fig.get_size_inches()
    new_width = width_cm * CM
    fig.set_size_inches(new_width, max(height * new_width / width, new_width / CHART_ASPECT))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _points(pairs, **values) -> list[dict[str, str]]:
    return [{"strong": strong, "text": text.format(**values)} for strong, text in pairs]


def _month_value(frame: pd.DataFrame, column: str, day: date) -> int | None:
    """Value of ``column`` in the row of the month ending on or just before ``day``."""
    rows = frame[frame["month"] <= pd.Timestamp(day)]
    return None if rows.empty else int(rows.iloc[-1][column])


def _programme_slide(m: dict, quarter: Quarter, text: dict, lang: str) -> dict:
    grant = in_force("bkbk", quarter.end)
    targets = in_force("village_targets", quarter.end)
    rate = in_force("contribution_rates", quarter.end)
    return {
        "kind": "points",
        "title": text["programme_title"],
        "points": _points(
            text["programme"],
            grant=format_rupiah(grant["amount_per_village"], lang=lang),
            villages=format_number(m["villages"], lang),
            mme_share=format_percent(grant["mme_share"], digits=0, lang=lang),
            pr_share=format_percent(grant["pr_share"], digits=0, lang=lang),
            target_mme=format_number(targets["MME"], lang),
            target_pr=format_number(targets["PR"], lang),
            monthly=format_rupiah(monthly_contribution(quarter.end), lang=lang),
            jkk_rate=format_percent(rate["jkk_rate"], digits=0, lang=lang),
            income=format_rupiah(rate["declared_income"], lang=lang, compact=False),
            jkm=format_rupiah(rate["jkm_monthly"], lang=lang),
        ),
    }


def _key_figures_slide(m: dict, quarter_text: str, text: dict, lang: str) -> dict:
    claims = m["claims_in_period"]
    tiles = [
        (format_number(m["active"]["total"], lang), label("active", lang),
         text["active_note"].format(
             mme=format_number(m["active"]["MME"], lang),
             pr=format_number(m["active"]["PR"], lang),
             change=format_change(m["growth_qoq"], lang=lang))),
        (format_percent(m["attainment"]["total"], lang=lang), label("attainment", lang),
         text["villages_on_target"].format(count=format_number(m["villages_on_target"], lang))),
        (format_percent(m["continuity"], lang=lang), label("continuity", lang),
         text["continuity_note"]),
        (format_rupiah(m["contributions_in_period"], lang=lang), text["contributions_in_period"],
         text["contributions_note"].format(
             value=format_percent(m["budget_realization_ytd"], lang=lang))),
        (format_rupiah(m["santunan_cumulative"], lang=lang), label("santunan_cumulative", lang),
         text["claims_note"].format(count=format_number(claims["count"], lang),
                                    amount=format_rupiah(claims["amount"], lang=lang))),
        (format_percent(m["coverage"]["total"], lang=lang), label("coverage_total", lang),
         text["coverage_note"].format(
             year=m["coverage"]["year"],
             informal=format_percent(m["coverage"]["informal"], lang=lang))),
    ]
    return {"kind": "tiles", "title": text["key_title"].format(quarter=quarter_text),
            "tiles": [{"value": v, "name": n, "note": note} for v, n, note in tiles]}


def _enrolment_slide(dataset: Dataset, quarter: Quarter, m: dict, text: dict,
                     lang: str) -> dict:
    frame = monthly_active(dataset, PROVINCE_CODE, quarter)
    published = []
    for milestone in load_parameters()["milestones"]:
        day = date.fromisoformat(milestone["date"])
        value = _month_value(frame, "total", day)
        if day <= quarter.end and value is not None:
            published.append(text["milestone"].format(
                date=format_date(day, lang), label=milestone["label"],
                source=milestone["source"], data=format_number(value, lang)))
    return {
        "kind": "chart",
        "title": text["enrolment_title"].format(active=format_number(m["active"]["total"], lang)),
        "image": svg_data_uri(plot_monthly_active(frame, lang=lang)),
        "stats": [
            {"value": format_change(m["growth_qoq"], lang=lang),
             "name": text["vs_prev_quarter"]},
            {"value": format_change(m["growth_yoy"], lang=lang), "name": text["growth_yoy"]},
            {"value": f"{format_number(m['new']['total'], lang)} / "
                      f"{format_number(m['exits']['total'], lang)}",
             "name": text["new_exits"]},
        ],
        "context": " ".join(published[-2:]),
    }


def _attainment_slide(metrics: dict[str, dict], quarter: Quarter, text: dict,
                      lang: str) -> dict:
    m = metrics[PROVINCE_CODE]
    regencies = [metrics[code] for code in sorted(metrics) if code != PROVINCE_CODE]
    frame = pd.DataFrame({
        "district_name": [short_regency_name(r["scope_name"]) for r in regencies],
        **{f"attainment_{c}": [r["attainment"][c] for r in regencies]
           for c in ("MME", "PR", "total")},
    }).astype({f"attainment_{c}": "float64" for c in ("MME", "PR", "total")})
    fig = plot_attainment_by_district(frame, lang=lang, title=text["attainment_chart"])
    fig.axes[0].set_ylabel(label("regency", lang))
    targets = in_force("village_targets", quarter.end)
    return {
        "kind": "chart",
        "title": text["attainment_title"].format(
            value=format_percent(m["attainment"]["total"], lang=lang)),
        "image": svg_data_uri(fig, WIDE_LEGEND_CHART_CM),
        "stats": [
            {"value": f"{format_number(m['active'][c], lang)} / "
                      f"{format_number(m['target'][c], lang)}",
             "name": f"{label('active', lang)} / {label('target', lang).lower()} {c}"}
            for c in ("MME", "PR")
        ] + [
            {"value": format_number(m["villages_on_target"], lang),
             "name": text["villages_reaching_target"]},
        ],
        "context": text["target_line"].format(mme=format_number(targets["MME"], lang),
                                              pr=format_number(targets["PR"], lang)),
    }


def _money_slide(dataset: Dataset, quarter: Quarter, m: dict, text: dict, lang: str) -> dict:
    frame = monthly_contributions(dataset, PROVINCE_CODE, quarter)
    return {
        "kind": "chart",
        "title": text["money_title"],
        "image": svg_data_uri(plot_monthly_contributions(frame, lang=lang)),
        "stats": [
            {"value": format_rupiah(m["contributions_in_period"], lang=lang),
             "name": text["contributions_in_period"]},
            {"value": format_percent(m["budget_realization_ytd"], lang=lang),
             "name": text["budget"]},
            {"value": format_percent(m["continuity"], lang=lang), "name": text["continuity"]},
        ],
        "context": None,
    }


def _santunan_context(frame: pd.DataFrame, quarter: Quarter, text: dict, lang: str) -> str:
    """Published santunan milestones beside the same figure in the data."""
    lines = []
    for milestone in load_parameters().get("santunan_milestones", []):
        day = date.fromisoformat(milestone["date"])
        if day > quarter.end:
            continue
        category = milestone["category"]
        lines.append(text["santunan_milestone"].format(
            label=milestone["label"], source=milestone["source"], category=category,
            data=format_rupiah(_month_value(frame, f"{category}_cumulative", day), lang=lang),
            date=format_date(day, lang)))
    return " ".join(lines)


def _santunan_slide(dataset: Dataset, quarter: Quarter, m: dict, text: dict,
                    lang: str) -> dict:
    frame = cumulative_santunan(dataset, PROVINCE_CODE, quarter)
    claims = m["claims_in_period"]
    return {
        "kind": "chart",
        "title": text["santunan_title"].format(value=format_rupiah(m["santunan_cumulative"],
                                                                   lang=lang)),
        "image": svg_data_uri(plot_cumulative_santunan(frame, lang=lang)),
        "stats": [
            {"value": format_rupiah(claims["amount"], lang=lang),
             "name": text["paid_in_period"].format(count=format_number(claims["count"], lang))},
            {"value": format_decimal(m["median_days_to_payment"], digits=0, lang=lang),
             "name": text["median_days"]},
            {"value": format_percent(m["benefit_contribution_ratio"], lang=lang),
             "name": label("benefit_contribution_ratio", lang)},
        ],
        "context": _santunan_context(frame, quarter, text, lang) or None,
    }


def _coverage_slide(dataset: Dataset, quarter: Quarter, m: dict, text: dict,
                    lang: str) -> dict:
    frame = coverage_comparison(dataset, PROVINCE_CODE, quarter)
    cover = m["coverage"]
    return {
        "kind": "chart",
        "title": text["coverage_title"].format(year=cover["year"]),
        "image": svg_data_uri(plot_coverage_comparison(frame, PROVINCE_CODE, lang=lang)),
        "stats": [
            {"value": format_percent(cover["total"], lang=lang), "name": text["coverage_of"]},
            {"value": f"{format_percent(cover['formal'], lang=lang)} / "
                      f"{format_percent(cover['informal'], lang=lang)}",
             "name": text["formal_informal"]},
        ],
        "context": None,
    }


RANKED_COMPONENTS = ("coverage_total", "coverage_informal", "growth_yoy", "continuity",
                     "attainment")


def _signed_percent(ratio: float | None, lang: str) -> str:
    """A change as ``+3,2%`` / ``-1,0%`` for a dense table."""
    text = format_percent(ratio, lang=lang)
    return f"+{text}" if ratio is not None and ratio > 0 else text


def _ranking_slide(m: dict, text: dict, lang: str) -> dict:
    index = m["index"]
    weights = ", ".join(f"{label(k, lang)} {format_percent(w, digits=0, lang=lang)}"
                        for k, w in index["weights"].items())
    rows = []
    for entry in index["ranking"]:
        components = entry["components"]
        values = [components[name]["value"] for name in RANKED_COMPONENTS]
        rows.append([
            format_number(entry["rank"], lang),
            short_regency_name(entry["regency_name"]),
            format_decimal(entry["score"], digits=1, lang=lang),
            *(_signed_percent(v, lang) if name == "growth_yoy" else format_percent(v, lang=lang)
              for name, v in zip(RANKED_COMPONENTS, values, strict=True)),
        ])
    return {
        "kind": "ranking",
        "title": text["ranking_title"],
        "columns": [text["rank"], label("regency", lang), label("score", lang),
                    *(label(name, lang) for name in RANKED_COMPONENTS)],
        "rows": rows,
        "caveat": text["ranking_caveat"].format(weights=weights),
    }


def _notes_slide(dataset: Dataset, quarter: Quarter, quarter_text: str, text: dict,
                 lang: str) -> dict:
    meta = dataset.meta
    params = load_parameters()
    sources = citations(block["source"] for key in ("contribution_rates", "village_targets",
                                                    "bkbk", "benefits")
                        for block in params[key])
    points = _points(text["notes"], name=meta.name, source=meta.source,
                     as_of=format_date(meta.as_of, lang), quarter=quarter_text,
                     start=format_date(quarter.start, lang), end=format_date(quarter.end, lang),
                     sources="; ".join(sources))
    if meta.synthetic:
        strong, note = text["synthetic_note"]
        points.insert(0, {"strong": strong, "text": note})
    return {"kind": "points", "title": text["notes_title"], "points": points, "compact": True}


def citations(sources: Iterable[str]) -> list[str]:
    """Who or what a parameter's sources cite, without their notes: 'Antara: 2022 quota ...;
    PP 44/2015 (as quoted ...)' -> ['Antara', 'PP 44/2015'], deduplicated and sorted."""
    names = set()
    for source in sources:
        for part in re.split(r";|,\s", re.sub(r"\([^)]*\)", "", source)):
            name = part.split(":")[0].strip()
            if name:
                names.add(name)
    return sorted(names, key=str.lower)


def build_slides(dataset: Dataset, quarter: Quarter, lang: str = "id") -> dict[str, Any]:
    """The deck's template context: slides in order and what every slide carries."""
    text = TEXT[lang]
    metrics = compute_all_metrics(dataset, quarter)
    m = metrics[PROVINCE_CODE]
    quarter_text = format_quarter(quarter.label, lang)
    province = load_parameters()["province"]
    programme = province["programme"].split(" (")[0]
    meta_lines = [text["purpose"],
                  text["data_line"].format(name=dataset.meta.name,
                                           as_of=format_date(dataset.meta.as_of, lang))]
    if dataset.meta.synthetic:
        meta_lines.append(text["synthetic_line"])
    slides = [
        {"kind": "title", "title": f"{programme} {province['name']}",
         "subtitle": text["subtitle"].format(quarter=quarter_text), "meta": meta_lines},
        _programme_slide(m, quarter, text, lang),
        _key_figures_slide(m, quarter_text, text, lang),
        _enrolment_slide(dataset, quarter, m, text, lang),
        _attainment_slide(metrics, quarter, text, lang),
        _money_slide(dataset, quarter, m, text, lang),
        _santunan_slide(dataset, quarter, m, text, lang),
        _coverage_slide(dataset, quarter, m, text, lang),
        _ranking_slide(m, text, lang),
        _notes_slide(dataset, quarter, quarter_text, text, lang),
    ]
    return {
        "lang": lang,
        "deck_title": f"{programme} {province['name']} – {quarter_text}",
        "synthetic": bool(dataset.meta.synthetic),
        "banner": text["banner"],
        "footer": f"{programme} {province['name']} · {quarter_text}",
        "slides": slides,
    }


def slides_pdf(html: str) -> bytes:
    """The deck printed on 16:9 pages (the page size comes from the deck's stylesheet)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def write_slides(dataset: Dataset, quarter: Quarter | str, period_dir: Path,
                 lang: str = "id") -> tuple[Path, Path]:
    """Write ``slides.html`` and ``slides.pdf`` into ``period_dir``; return both paths."""
    quarter = quarter_for(dataset, quarter)
    html = render_template("slides.html.j2", **build_slides(dataset, quarter, lang))
    html_path, pdf_path = Path(period_dir) / SLIDES_HTML, Path(period_dir) / SLIDES_PDF
    write_text(html_path, html)
    write_bytes(pdf_path, slides_pdf(html))
    return html_path, pdf_path
