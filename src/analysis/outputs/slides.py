"""The presenters' slide deck of the province findings: ``slides.html`` and ``slides.pdf``.

One self-contained HTML file (inline CSS, charts as embedded SVG, a few lines of script for
arrow-key navigation) that works offline, and the same slides printed by WeasyPrint on 16:9
pages, one slide per page. Every number comes from the metrics, the frames or the reference
parameters; every slide carries the "DATA SINTETIS" banner when the data are synthetic.
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.atomic import write_bytes, write_text
from analysis.charts import (
    plot_attainment_by_district,
    plot_coverage_comparison,
    plot_cumulative_santunan,
    plot_monthly_active,
    plot_monthly_contributions,
)
from analysis.charts.style import CM, short_regency_name, top_legend
from analysis.inputs.dataset import Dataset
from analysis.metrics import catalog
from analysis.metrics.benefits import cumulative_santunan
from analysis.metrics.contributions import monthly_contributions
from analysis.metrics.coverage import coverage_table
from analysis.metrics.enrolment import monthly_active
from analysis.metrics.quarter_figures import QuarterFigures
from analysis.outputs.naming import SLIDES_HTML, SLIDES_PDF
from analysis.outputs.templating import render_template
from analysis.reference.geography import province_code
from analysis.reference.parameters import (
    in_force,
    in_language,
    load_parameters,
    monthly_contribution,
)
from analysis.reference.periods import Quarter
from analysis.reference.province import NATIONAL
from analysis.reference.scope import Scope, part_codes
from analysis.report_sections.reconciliation import reconciliation_line
from analysis.report_sections.summary import partial_data_note
from analysis.text import narrative
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
from analysis.text.messages import message

CHART_WIDTH_CM = 12.5  # charts are drawn this wide and shown ~21 cm wide: large text
CHART_ASPECT = 1.65  # width / height of the chart area of a slide
CHART_SHOWN_PX = 764  # a chart's width on the slide: 1280 - 2 x 72 margin - 340 side - 32 gap
SLIDE_LABEL_PX = 18  # the smallest chart text on a 1280 x 720 slide, readable on a projector
LONG_TILE_VALUE = 9  # characters; a longer key figure ("Rp 21,1 miliar") is set smaller


def svg_data_uri(fig: Figure, width_cm: float = CHART_WIDTH_CM) -> str:
    """A chart as an embedded SVG image, redrawn ``width_cm`` wide, at least as tall as the
    slide's chart area allows and with no text smaller than SLIDE_LABEL_PX on the slide."""
    width, height = fig.get_size_inches()
    new_width = width_cm * CM
    fig.set_size_inches(new_width, max(height * new_width / width, new_width / CHART_ASPECT))
    smallest_pt = SLIDE_LABEL_PX * new_width * 72 / CHART_SHOWN_PX
    for text in fig.findobj(Text):
        text.set_fontsize(max(text.get_fontsize(), smallest_pt))
    _fit_enlarged_text(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _overlap(labels: list[Text], renderer) -> bool:
    boxes = [label.get_window_extent(renderer) for label in labels]
    return any(left.x1 + 4 > right.x0 for left, right in zip(boxes, boxes[1:], strict=False))


def _leaves_figure(fig: Figure, legend, canvas: FigureCanvasAgg) -> bool:
    box = legend.get_window_extent(canvas.get_renderer())
    return box.x0 < 0 or box.x1 > fig.bbox.x1


def _fit_enlarged_text(fig: Figure) -> None:
    """Give a legend that leaves the figure fewer columns (more rows), then keep every other
    x tick label while the labels overlap. The figure is laid out to measure its text, not
    drawn."""
    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    for axis in fig.axes:
        legend = axis.get_legend()
        columns = len(legend.get_texts()) if legend else 1
        while legend and columns > 1 and _leaves_figure(fig, legend, canvas):
            columns = min(columns - 1, math.ceil(len(legend.get_texts()) / 2))
            texts = [text.get_text() for text in legend.get_texts()]
            with mpl.rc_context({"legend.fontsize": legend.get_texts()[0].get_fontsize()}):
                top_legend(axis, legend.legend_handles, texts, ncols=columns)
            legend = axis.get_legend()
            fig.draw_without_rendering()
    for axis in fig.axes:
        ticks = list(axis.get_xticks())
        labels = [label for label in axis.get_xticklabels() if label.get_text()]
        if len(labels) != len(ticks):
            continue
        step = 1
        while len(labels[::step]) > 2 and _overlap(labels[::step], canvas.get_renderer()):
            step += 1
        if step > 1:
            axis.set_xticks(ticks[::step], [label.get_text() for label in labels[::step]])


def _point(key: str, lang: str, **values: str) -> dict[str, str]:
    """A bullet of a points slide: the ``<key>.term`` in bold, then the ``<key>.text``."""
    return {"strong": message(f"{key}.term", lang), "text": message(f"{key}.text", lang, **values)}


def _month_value(frame: pd.DataFrame, column: str, day: date) -> int | None:
    """Value of ``column`` in the row of the month ending on or just before ``day``."""
    rows = frame[frame["month"] <= pd.Timestamp(day)]
    return None if rows.empty else int(rows.iloc[-1][column])


def _programme_slide(m: dict, quarter: Quarter, lang: str) -> dict:
    grant = in_force("bkbk", quarter.end)
    targets = in_force("village_targets", quarter.end)
    rate = in_force("contribution_rates", quarter.end)
    return {
        "kind": "points",
        "title": message("slides.programme_title", lang),
        "points": [
            _point(f"slides.programme.grant_{_whole_word()}", lang,
                   grant=format_rupiah(grant["amount_per_village"], lang=lang),
                   villages=format_number(m["villages"], lang)),
            _point("slides.programme.shares", lang,
                   mme_share=format_percent(grant["mme_share"], digits=0, lang=lang),
                   pr_share=format_percent(grant["pr_share"], digits=0, lang=lang)),
            _point("slides.programme.participants", lang,
                   target_mme=format_number(targets["MME"], lang),
                   target_pr=format_number(targets["PR"], lang)),
            _point("slides.programme.protection", lang),
            _point("slides.programme.contribution", lang,
                   monthly=format_rupiah(monthly_contribution(quarter.end), lang=lang),
                   jkk_rate=format_percent(rate["jkk_rate"], digits=0, lang=lang),
                   income=format_rupiah(rate["declared_income"], lang=lang, compact=False),
                   jkm=format_rupiah(rate["jkm_monthly"], lang=lang)),
        ],
    }


def _key_figures_slide(m: dict, quarter_text: str, lang: str) -> dict:
    claims = m["claims_in_period"]
    tiles = [
        (format_number(m["active"]["total"], lang), label("active", lang),
         message("slides.active_note", lang, mme=format_number(m["active"]["MME"], lang),
                 pr=format_number(m["active"]["PR"], lang),
                 change=format_change(m["growth_qoq"], lang=lang))),
        (format_percent(m["attainment"]["total"], lang=lang), label("attainment", lang),
         message("slides.villages_on_target", lang,
                 count=format_number(m["villages_on_target"], lang))),
        (format_percent(m["continuity"], lang=lang), label("continuity", lang),
         message("slides.continuity_note", lang)),
        (format_rupiah(m["contributions_in_period"], lang=lang),
         message("slides.contributions_in_period", lang),
         message("slides.contributions_note", lang,
                 value=format_percent(m["budget_realization_ytd"], lang=lang))),
        (format_rupiah(m["santunan_cumulative"], lang=lang), label("santunan_cumulative", lang),
         message("slides.claims_note", lang, count=format_number(claims["count"], lang),
                 amount=format_rupiah(claims["amount"], lang=lang))),
        (format_percent(m["coverage"]["total"], lang=lang), label("coverage_total", lang),
         message("slides.coverage_note", lang, year=str(m["coverage"]["year"]),
                 informal=format_percent(m["coverage"]["informal"], lang=lang))),
    ]
    return {"kind": "tiles", "title": message("slides.key_title", lang, quarter=quarter_text),
            "tiles": [{"value": v, "name": n, "note": note, "long": len(v) > LONG_TILE_VALUE}
                      for v, n, note in tiles]}


def _enrolment_slide(dataset: Dataset, quarter: Quarter, m: dict, lang: str) -> dict:
    frame = monthly_active(dataset, Scope.province(), quarter)
    published = []
    for milestone in load_parameters()["milestones"]:
        day = date.fromisoformat(milestone["date"])
        value = _month_value(frame, "total", day)
        if day <= quarter.end and value is not None:
            published.append(message(
                "slides.milestone", lang, date=format_date(day, lang),
                label=in_language(milestone, "label", lang),
                source=in_language(milestone, "source", lang), data=format_number(value, lang)))
    return {
        "kind": "chart",
        "title": message("slides.enrolment_title", lang,
                         active=format_number(m["active"]["total"], lang)),
        "image": svg_data_uri(plot_monthly_active(frame, lang=lang)),
        "stats": [
            {"value": format_change(m["growth_qoq"], lang=lang),
             "name": message("slides.vs_prev_quarter", lang)},
            {"value": format_change(m["growth_yoy"], lang=lang),
             "name": message("slides.growth_yoy", lang)},
            {"value": f"{format_number(m['new']['total'], lang)} / "
                      f"{format_number(m['exits']['total'], lang)}",
             "name": message("slides.new_exits", lang)},
        ],
        "context": " ".join(published[-2:]),
    }


def _parts(metrics: dict[str, dict]) -> list[dict]:
    """metrics.json of the parts the deck compares: the regencies, in a national run the
    provinces."""
    return [metrics[code] for code in part_codes() if code in metrics]


def _part_word() -> str:
    """The label key of a part: a regency, or in a national run a province."""
    return "province" if province_code() == NATIONAL else "regency"


def _whole_word() -> str:
    """What the deck is about: the province, or in a national run the nation."""
    return "nation" if province_code() == NATIONAL else "province"


SLIDE_CHART_ROWS = 20  # rows a slide's chart holds legibly in one column


def _chart_columns(rows: int) -> int:
    """Columns a slide's chart of ``rows`` parts is drawn in: two for a nation's 38
    provinces, one for a province's regencies."""
    return 1 if rows <= SLIDE_CHART_ROWS else 2


def _short_name(name: str) -> str:
    """A part's name without its kind: "Tanjung Jabung Timur", "Kota Jambi", "Jawa Barat"."""
    return short_regency_name(name).removeprefix("Provinsi ")


def _attainment_slide(metrics: dict[str, dict], quarter: Quarter, lang: str) -> dict:
    m, parts = metrics[province_code()], _parts(metrics)
    frame = pd.DataFrame({
        "district_name": [_short_name(part["scope_name"]) for part in parts],
        **{f"attainment_{c}": [part["attainment"][c] for part in parts]
           for c in ("MME", "PR", "total")},
    }).astype({f"attainment_{c}": "float64" for c in ("MME", "PR", "total")})
    fig = plot_attainment_by_district(frame, lang=lang,
                                      title=label(f"title_attainment_by_{_part_word()}", lang),
                                      columns=_chart_columns(len(frame)))
    fig.axes[0].set_ylabel(label(_part_word(), lang))
    targets = in_force("village_targets", quarter.end)
    return {
        "kind": "chart",
        "title": message("slides.attainment_title", lang,
                         value=format_percent(m["attainment"]["total"], lang=lang)),
        "image": svg_data_uri(fig),
        "stats": [
            {"value": f"{format_number(m['active'][c], lang)} / "
                      f"{format_number(m['target'][c], lang)}",
             "name": f"{label('active', lang)} / {label('target', lang).lower()} {c}"}
            for c in ("MME", "PR")
        ] + [
            {"value": format_number(m["villages_on_target"], lang),
             "name": message("slides.villages_reaching_target", lang)},
        ],
        "context": message("slides.target_line", lang, mme=format_number(targets["MME"], lang),
                           pr=format_number(targets["PR"], lang)),
    }


def _money_slide(figures: QuarterFigures, m: dict, lang: str) -> dict:
    dataset, quarter = figures.dataset, figures.quarter
    frame = monthly_contributions(dataset, Scope.province(), quarter)
    return {
        "kind": "chart",
        "title": message("slides.money_title", lang),
        "image": svg_data_uri(plot_monthly_contributions(frame, lang=lang)),
        "stats": [
            {"value": format_rupiah(m["contributions_in_period"], lang=lang),
             "name": message("slides.contributions_in_period", lang)},
            {"value": format_percent(m["budget_realization_ytd"], lang=lang),
             "name": message("slides.budget", lang)},
            {"value": format_percent(m["continuity"], lang=lang),
             "name": message("slides.continuity", lang)},
        ],
        "context": reconciliation_line(figures, lang),
    }


def _santunan_context(frame: pd.DataFrame, quarter: Quarter, lang: str) -> str:
    """Published santunan milestones beside the same figure in the data."""
    lines = []
    for milestone in load_parameters().get("santunan_milestones", []):
        day = date.fromisoformat(milestone["date"])
        if day > quarter.end:
            continue
        category = milestone["category"]
        lines.append(message(
            "slides.santunan_milestone", lang, label=in_language(milestone, "label", lang),
            source=in_language(milestone, "source", lang), category=category,
            data=format_rupiah(_month_value(frame, f"{category}_cumulative", day), lang=lang),
            date=format_date(day, lang)))
    return " ".join(lines)


def _santunan_slide(dataset: Dataset, quarter: Quarter, m: dict, lang: str) -> dict:
    frame = cumulative_santunan(dataset, Scope.province(), quarter)
    claims = m["claims_in_period"]
    return {
        "kind": "chart",
        "title": message("slides.santunan_title", lang,
                         value=format_rupiah(m["santunan_cumulative"], lang=lang)),
        "image": svg_data_uri(plot_cumulative_santunan(frame, lang=lang)),
        "stats": [
            {"value": format_rupiah(claims["amount"], lang=lang),
             "name": message("slides.paid_in_period", lang,
                             count=format_number(claims["count"], lang))},
            {"value": format_decimal(m["median_days_to_payment"], digits=0, lang=lang),
             "name": message("slides.median_days", lang)},
            {"value": format_percent(m["benefit_contribution_ratio"], lang=lang),
             "name": label("benefit_contribution_ratio", lang)},
        ],
        "context": _santunan_context(frame, quarter, lang) or None,
    }


def _coverage_slide(metrics: dict[str, dict], lang: str) -> dict:
    m = metrics[province_code()]
    frame = coverage_table(
        [{"scope_code": part["scope"], "name": part["scope_name"].removeprefix("Provinsi "),
          **part["coverage"]} for part in _parts(metrics)]
        + [{"scope_code": m["scope"], "name": m["scope_name"], **m["coverage"]}])
    cover = m["coverage"]
    return {
        "kind": "chart",
        "title": message("slides.coverage_title", lang, year=str(cover["year"])),
        "image": svg_data_uri(plot_coverage_comparison(frame, province_code(), lang=lang,
                                                       columns=_chart_columns(len(frame)))),
        "stats": [
            {"value": format_percent(cover["total"], lang=lang),
             "name": message(f"slides.coverage_of_{_whole_word()}", lang)},
            {"value": f"{format_percent(cover['formal'], lang=lang)} / "
                      f"{format_percent(cover['informal'], lang=lang)}",
             "name": message("slides.formal_informal", lang)},
        ],
        "context": None,
    }


NOTES_DEFINED = ("target", "coverage.total")
RANKING_ROWS = 12  # rows a ranking slide holds; a longer ranking shows its top and bottom
RANKING_TOP, RANKING_BOTTOM = 8, 3
HIGHLIGHTED_RANKS = 3  # ranks shown in colour; a shared rank is highlighted for every holder
RANKED_COMPONENTS = ("coverage_total", "coverage_informal", "growth_yoy", "continuity",
                     "attainment")


def _signed_percent(ratio: float | None, lang: str) -> str:
    """A change as ``+3,2%`` / ``-1,0%`` for a dense table."""
    text = format_percent(ratio, lang=lang)
    return f"+{text}" if ratio is not None and ratio > 0 else text


def _ranking_slide(m: dict, lang: str) -> dict:
    index = m["index"]
    weights = ", ".join(f"{label(k, lang)} {format_percent(w, digits=0, lang=lang)}"
                        for k, w in index["weights"].items())
    rows, top = [], []
    for entry in index["ranking"]:
        top.append(entry["rank"] <= HIGHLIGHTED_RANKS)
        components = entry["components"]
        values = [components[name]["value"] for name in RANKED_COMPONENTS]
        rows.append([
            format_number(entry["rank"], lang),
            short_regency_name(entry["regency_name"]),
            format_decimal(entry["score"], digits=1, lang=lang),
            *(_signed_percent(v, lang) if name == "growth_yoy" else format_percent(v, lang=lang)
              for name, v in zip(RANKED_COMPONENTS, values, strict=True)),
        ])
    caveat = message("slides.ranking_caveat", lang, weights=weights)
    if len(rows) > RANKING_ROWS:  # a national run: the top and the bottom of 514
        left_out = len(rows) - RANKING_TOP - RANKING_BOTTOM
        more = message("slides.ranking_more", lang, count=format_number(left_out, lang))
        rows = [*rows[:RANKING_TOP], ["…", more, *[""] * (len(rows[0]) - 2)],
                *rows[-RANKING_BOTTOM:]]
        top = [*top[:RANKING_TOP], False, *top[-RANKING_BOTTOM:]]
        caveat += " " + message("slides.ranking_whole", lang)
    return {
        "kind": "ranking",
        "title": message("slides.ranking_title", lang),
        "columns": [message("slides.rank", lang), label("regency", lang), label("score", lang),
                    *(label(name, lang) for name in RANKED_COMPONENTS)],
        "rows": rows,
        "top": top,
        "caveat": caveat,
    }


def _notes_slide(dataset: Dataset, quarter: Quarter, quarter_text: str, lang: str) -> dict:
    meta = dataset.meta
    params = load_parameters()
    sources = citations(in_language(block, "source", lang)
                        for key in ("contribution_rates", "village_targets", "bkbk", "benefits")
                        for block in params[key])
    points = [
        _point("slides.notes.data", lang, name=meta.name,
               source=narrative.data_source(meta.synthetic, meta.source, lang),
               as_of=format_date(meta.as_of, lang)),
        _point("slides.notes.period", lang, quarter=quarter_text,
               start=format_date(quarter.start, lang), end=format_date(quarter.end, lang)),
        _point("slides.notes.sources", lang, sources="; ".join(sources)),
        _point("slides.notes.details", lang),
    ]
    points[2:2] = [{"strong": f"{term}:", "text": meaning}  # after the data and period lines
                   for term, meaning in catalog.definitions(NOTES_DEFINED, lang, quarter.end)]
    if meta.synthetic:
        points.insert(0, _point("slides.notes.synthetic", lang))
    return {"kind": "points", "title": message("slides.notes_title", lang), "points": points,
            "compact": True}


def _without_notes(text: str) -> str:
    """A source without its notes in parentheses, notes within notes too."""
    while (shorter := re.sub(r"\([^()]*\)", "", text)) != text:
        text = shorter
    return text


def citations(sources: Iterable[str]) -> list[str]:
    """Who or what a parameter's sources cite, without their notes: 'Antara: 2022 quota ...;
    PP 44/2015 (as quoted ...)' -> ['Antara', 'PP 44/2015'], deduplicated and sorted."""
    names = set()
    for source in sources:
        for part in re.split(r";|,\s", _without_notes(source)):
            name = part.split(":")[0].strip()
            if name:
                names.add(name)
    return sorted(names, key=str.lower)


def _speaker_notes(m: dict, quarter_text: str, synthetic: bool, lang: str) -> list[str]:
    """What the presenter says on each slide, in the deck's order, from the figures."""
    index_method = catalog.definition("index.score", lang,
                                      **catalog.parameter_values(date.fromisoformat(
                                          m["period_end"])))
    notes = [
        [message("slides.speaker.title", lang, quarter=quarter_text),
         message("slides.speaker.synthetic", lang) if synthetic else ""],
        [message("slides.speaker.programme", lang)],
        [narrative.active_participants(m, lang), narrative.attainment(m, lang),
         narrative.santunan_cumulative(m, lang)],
        [narrative.active_participants(m, lang), narrative.enrolment_flows(m, lang)],
        [narrative.attainment(m, lang)],
        [narrative.contributions(m, None, lang), narrative.budget_realization(m, lang),
         narrative.continuity(m, lang)],
        [narrative.claims(m, lang), narrative.santunan_cumulative(m, lang)],
        [narrative.coverage(m, None, lang)],
        [narrative.ranking(m["index"]["ranking"], lang), index_method],
        [message("slides.speaker.notes", lang)],
    ]
    return [" ".join(part for part in parts if part) for parts in notes]


def build_slides(figures: QuarterFigures, lang: str = "id",
                 audience: str = "public") -> dict[str, Any]:
    """The deck's template context: slides in order and what every slide carries (the
    DATA SINTETIS and INTERNAL marks on every slide where they apply)."""
    dataset, quarter, metrics = figures.dataset, figures.quarter, figures.metrics
    m = metrics[province_code()]
    quarter_text = format_quarter(quarter, lang)
    province = load_parameters()["province"]
    programme = province["programme"].split(" (")[0]
    meta_lines = [message("slides.purpose", lang),
                  message("slides.data_line", lang, name=dataset.meta.name,
                          as_of=format_date(dataset.meta.as_of, lang))]
    if dataset.meta.synthetic:
        meta_lines.append(message("slides.synthetic_line", lang))
    partial = partial_data_note(dataset, Scope.province(), lang)
    if partial:
        meta_lines.append(partial)
    slides = [
        {"kind": "title", "title": f"{programme} {province['name']}",
         "subtitle": message("slides.subtitle", lang, quarter=quarter_text),
         "meta": meta_lines},
        _programme_slide(m, quarter, lang),
        _key_figures_slide(m, quarter_text, lang),
        _enrolment_slide(dataset, quarter, m, lang),
        _attainment_slide(metrics, quarter, lang),
        _money_slide(figures, m, lang),
        _santunan_slide(dataset, quarter, m, lang),
        _coverage_slide(metrics, lang),
        _ranking_slide(m, lang),
        _notes_slide(dataset, quarter, quarter_text, lang),
    ]
    notes = _speaker_notes(m, quarter_text, bool(dataset.meta.synthetic), lang)
    for slide, text in zip(slides, notes, strict=True):
        slide["notes"] = text
    return {
        "lang": lang,
        "deck_title": f"{programme} {province['name']} – {quarter_text}",
        "banner": " · ".join(
            [*([message("common.synthetic_banner", lang)] if dataset.meta.synthetic else []),
             *([message("common.internal_banner", lang)] if audience == "internal" else []),
             *([message("sections.title.partial_banner", lang)] if partial else [])]),
        "footer": f"{programme} {province['name']} · {quarter_text}",
        "slides": slides,
    }


def slides_pdf(html: str) -> bytes:
    """The deck printed on 16:9 pages (the page size comes from the deck's stylesheet)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def write_slides(figures: QuarterFigures, period_dir: Path, lang: str = "id",
                 audience: str = "public") -> tuple[Path, Path]:
    """Write ``slides.html`` and ``slides.pdf`` into ``period_dir``; return both paths."""
    html = render_template("slides.html.j2", **build_slides(figures, lang, audience))
    pdf = slides_pdf(html)  # printed before either file is written: both or neither
    html_path, pdf_path = Path(period_dir) / SLIDES_HTML, Path(period_dir) / SLIDES_PDF
    write_text(html_path, html)
    write_bytes(pdf_path, pdf)
    return html_path, pdf_path
