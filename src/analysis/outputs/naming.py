"""Deterministic names of the report files.

A report's slug is its scope code without dots followed by its name in lower case, words
joined by hyphens: ``15-provinsi-jambi``, ``1507-kab-tanjung-jabung-timur``,
``1571-kota-jambi``. Every file of a report starts with it (``<slug>.html``, ``<slug>.pdf``,
``<slug>.metrics.json``, ``executed/<slug>.ipynb``). The period's other outputs have fixed
names, so that the index can link them without importing what writes them.
"""

from __future__ import annotations

EXECUTED_DIR = "executed"  # the executed notebooks, beside the reports
SLIDES_HTML = "slides.html"
SLIDES_PDF = "slides.pdf"


def workbook_name(period: str) -> str:
    """File name of the period's workbook: ``tabel-bkbk-2025Q4.xlsx``."""
    return f"tabel-bkbk-{period}.xlsx"


def report_slug(scope_code: str, scope_name: str) -> str:
    """File stem of a report: ``15-provinsi-jambi``, ``1507-kab-tanjung-jabung-timur``."""
    words = "".join(ch if ch.isalnum() else " " for ch in scope_name.lower()).split()
    return "-".join([scope_code.replace(".", ""), *words])


def coding_suffix(coding: str) -> str:
    """What the folder of outputs in a village coding other than the basis ends with
    (``-kode2025``); empty for the basis (``coding`` empty)."""
    return f"-kode{coding}" if coding else ""
