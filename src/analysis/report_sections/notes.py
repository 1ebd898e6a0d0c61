"""Catatan data dan metodologi: warnings, definitions and sources."""

from __future__ import annotations

from IPython.display import HTML

from analysis.disclosure.suppression import primary_label
from analysis.metrics import catalog
from analysis.reference.parameters import disclosure_threshold, load_parameters
from analysis.report_sections.blocks import (
    Column,
    bullet_list,
    definitions,
    heading,
    note,
    page,
    table,
)
from analysis.report_sections.common import (
    SECTION,
)
from analysis.report_sections.comparison import index_explanation
from analysis.report_sections.context import Report
from analysis.text.formatting import (
    format_number,
    label,
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
    """The catalog's definitions of the headline metrics, then the sign of a missing value."""
    say = report.say
    return [
        *catalog.definitions(catalog.explained(), report.lang, report.quarter.end),
        (say("Tanda –", "The sign –"), say(
            "Rasio yang penyebutnya nol atau angka yang tidak tersedia.",
            "A ratio whose denominator is zero, or a figure that is not available.")),
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
