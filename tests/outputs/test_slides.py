"""The presenters' slide deck: self-contained HTML and a 16:9 PDF, one slide per page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from builders import (
    ALANG_ALANG,
    LAMBUR,
    SUNGAI_PENUH,
    allocation,
    claim,
    make_dataset,
    payment,
    person,
    workforce_row,
)
from pypdf import PdfReader
from slide_layout import CHROMIUM, phone_layout_problems, slide_layout_problems

import analysis.outputs.slides as slides
from analysis.metrics.quarter_figures import quarter_figures
from analysis.outputs.naming import SLIDES_HTML, SLIDES_PDF
from analysis.outputs.slides import citations, write_slides
from analysis.reference.geography import regencies
from analysis.reference.parameters import load_parameters
from analysis.reference.periods import Quarter

QUARTER = Quarter(2025, 4)


def figures_of(dataset):
    """The quarter's figures as a run hands them to the slides."""
    return quarter_figures(dataset, QUARTER)


def small_dataset(synthetic: bool):
    people = [person(ALANG_ALANG, "MME", "2024-01-15", participant_id=f"M{i}")
              for i in range(1234)]
    people += [person(SUNGAI_PENUH, "PR", "2024-05-01") for _ in range(6)]
    people.append(person(LAMBUR, "MME", "2024-01-15", ended_on="2025-06-01"))
    payments = [payment(ALANG_ALANG, "MME", f"{y}-{m:02d}", 1234 * 16_800, 1234)
                for y in (2024, 2025) for m in range(1, 13)]
    claims = [claim(ALANG_ALANG, "JKM", "kematian", "2025-10-01", "2025-10-21", 20_000_000,
                    participant_id="M7"),
              claim(SUNGAI_PENUH, "JKK", "perawatan", "2025-03-01", "2025-03-09", 2_500_000)]
    workforce = [workforce_row(r.code, 2024, 100_000 + 5_000 * i, 40_000, 60_000 + 5_000 * i,
                               16_000 + 500 * i, 12_000 + 900 * i)
                 for i, r in enumerate(regencies())]
    return make_dataset(participants=people, contributions=payments, claims=claims,
                        allocations=[allocation(ALANG_ALANG, 2025)], workforce=workforce,
                        synthetic=synthetic)


class Deck(HTMLParser):
    """Slides, their banners and every outside reference of the page."""

    def __init__(self):
        super().__init__()
        self.slides = 0
        self.banners_in_slides: list[int] = []
        self.notes: list[int] = []
        self.references: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "slide" in classes:
            self.slides += 1
            self.banners_in_slides.append(0)
            self.notes.append(0)
        if tag == "aside" and "notes" in classes:
            self.notes[-1] += 1
        if "banner" in classes:
            self.banners_in_slides[-1] += 1
        for key in ("src", "href"):
            if attrs.get(key):
                self.references.append((tag, attrs[key]))


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slides")
    html_path, pdf_path = write_slides(figures_of(small_dataset(synthetic=True)), folder)
    parser = Deck()
    page = html_path.read_text(encoding="utf-8")
    parser.feed(page)
    return html_path, pdf_path, page, parser


def test_files(deck):
    html_path, pdf_path, _, _ = deck
    assert (html_path.name, pdf_path.name) == (SLIDES_HTML, SLIDES_PDF)


def test_html_is_self_contained(deck):
    _, _, page, parser = deck
    assert "link" not in parser.tags
    for tag, target in parser.references:
        assert not target.lower().startswith(("http:", "https:", "//")), (tag, target)
        if tag == "img":
            assert target.startswith("data:image/svg+xml;base64,")
    assert "<script src" not in page
    assert "ArrowRight" in page and "@media print" in page


def test_every_slide_carries_the_synthetic_banner(deck):
    _, _, _, parser = deck
    assert 8 <= parser.slides <= 12
    assert parser.banners_in_slides == [1] * parser.slides


def test_pdf_has_one_16_9_page_per_slide(deck):
    _, pdf_path, _, parser = deck
    pages = PdfReader(pdf_path).pages
    assert len(pages) == parser.slides
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width / height == pytest.approx(16 / 9, rel=1e-3)


def test_numbers_come_from_the_data(deck):
    _, _, page, _ = deck
    # 1,234 MME in Alang-Alang + 6 PR in Sungai Penuh; the Lambur enrolment ended in June.
    assert "Peserta aktif akhir triwulan: 1.240" in page
    assert "Rp 16.800 per orang per bulan" in page


def test_english_deck_without_banner(tmp_path):
    html_path, _ = write_slides(figures_of(small_dataset(synthetic=False)), tmp_path, lang="en")
    page = html_path.read_text(encoding="utf-8")
    parser = Deck()
    parser.feed(page)
    assert parser.banners_in_slides == [0] * parser.slides
    assert "DATA SINTETIS" not in page
    assert "Key figures, Q4 2025" in page and "Angka kunci" not in page
    assert "Active participants: 1,240" in page
    # the sources and published figures in English too
    assert "Antara" in page and "kuota" not in page and "miliar" not in page


def test_published_santunan_milestone_beside_the_data(monkeypatch):
    milestone = {"date": "2025-10-31", "category": "MME", "label": "Rp 7,7 miliar untuk MME",
                 "source": "koran"}
    params = {**load_parameters(), "santunan_milestones": [milestone]}
    monkeypatch.setattr(slides, "load_parameters", lambda: params)
    deck = slides.build_slides(figures_of(small_dataset(synthetic=True)))
    context = next(s["context"] for s in deck["slides"] if s["title"].startswith("Santunan"))
    # The only claim of an MME participant paid by 31 October 2025: Rp 20 juta on 21 October.
    assert context == ("Publikasi: Rp 7,7 miliar untuk MME (koran). Data ini: Rp 20 juta (MME) "
                       "sampai 31 Oktober 2025.")


def test_citations_keep_the_cited_names():
    sources = ["Antara: 2022 quota 78,100 = 50 x 1,562 villages",
               "PP 44/2015 jo. PP 82/2019 (as quoted by BPJS Ketenagakerjaan)",
               "Kepwal 519/2024 (10% MME, 5% PR), Jambi Ekspres 19 Dec 2024; Antara"]
    assert citations(sources) == ["Antara", "Jambi Ekspres 19 Dec 2024", "Kepwal 519/2024",
                                  "PP 44/2015 jo. PP 82/2019"]
    # a note within a note (the national defaults' sources) left "... 2025 )" behind
    nested = ["skema Jambi sebagai templat (jektvnews 31 Agu 2023 (kuota 117.150); Jambi "
              "Independent 26 Jun 2025 (50 MME + 25 PR))"]
    assert citations(nested) == ["skema Jambi sebagai templat"]


def _slide_text(page: str) -> str:
    """What the audience reads: the page without its style, script, images and notes."""
    text = re.sub(r"<(style|script|aside)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_slides_hold_no_developer_text_and_indonesian_dates(deck):
    _, _, page, _ = deck
    text = _slide_text(page)
    for developer in ("bkbk demo-data", "docs/", "metrics.json", "seed", "`", ".md"):
        assert developer not in text
    assert not re.search(r"\b(Aug|Oct|Dec|May)\b", text), "English month names"
    assert "))" not in text


def test_every_slide_has_speaker_notes(deck):
    _, _, page, parser = deck
    assert parser.notes == [1] * parser.slides
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', page, flags=re.S)
    assert all(len(note.split()) >= 8 for note in notes)
    assert "1.240 peserta aktif" in page.replace("\n", " ") or "1.240" in " ".join(notes)
    assert "@media print { aside.notes" in page  # never printed


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_nothing_overflows_and_chart_text_reads_on_a_projector(deck):
    html_path, _, _, _ = deck
    assert slide_layout_problems(html_path) == []


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_a_phone_shows_the_slides_one_under_the_other_legibly(deck):
    html_path, _, _, _ = deck
    assert phone_layout_problems(html_path) == []


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_english_banner_leaves_long_titles_readable(tmp_path):
    # "DATA SINTETIS (SYNTHETIC DATA)" is twice as wide as the Indonesian banner: it lay over
    # "Contributions and budget realization" and "BPJS Ketenagakerjaan coverage 2025".
    html_path, _ = write_slides(figures_of(small_dataset(synthetic=True)), tmp_path, "en")
    assert slide_layout_problems(html_path) == []


def test_internal_deck_says_so_on_every_slide(tmp_path):
    html_path, _ = write_slides(figures_of(small_dataset(synthetic=True)), tmp_path,
                                audience="internal")
    page = html_path.read_text(encoding="utf-8")
    parser = Deck()
    parser.feed(page)
    marked = page.count('<div class="banner">DATA SINTETIS · INTERNAL</div>')
    assert parser.slides > 0 and marked == parser.slides
