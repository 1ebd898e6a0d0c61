"""Executed notebook -> self-contained HTML report (nbconvert, template ``bkbk_report``).

The page shows outputs only: no code cells, no input or output prompts, no parameters cells
and no cells tagged ``remove-cell`` (notes for analysts who open the template). The stylesheet
is inlined and images are embedded, so the file opens offline and on a phone.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import nbformat

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "bkbk_report"
REMOVED_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})


@lru_cache(maxsize=1)
def report_css() -> str:
    """The report stylesheet (screen and print)."""
    return (TEMPLATES_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(REMOVED_CELL_TAGS)), enabled=True
    )
    return exporter


def notebook_to_html(nb: nbformat.NotebookNode, title: str, lang: str = "id") -> str:
    """Render an executed notebook as the report page."""
    resources = {"report": {"title": title, "lang": lang, "css": report_css()}}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body
