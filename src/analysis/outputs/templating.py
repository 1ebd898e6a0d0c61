"""Jinja templates shipped with the package (``analysis/outputs/templates``)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: HTML autoescaping, errors on undefined names."""
    return Environment(
        loader=PackageLoader("analysis", "outputs/templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(name: str, **context) -> str:
    """Render a template of ``analysis/outputs/templates`` with ``context``."""
    return environment().get_template(name).render(**context)
