"""The report's wording: message templates, one TOML file per language, filled by name.

``messages/id.toml`` and ``messages/en.toml`` hold the same message ids, grouped by where
they are used (``labels``, ``narrative``, ``sections``, ``slides``, ``index``, ``common``),
each a template with named placeholders: ``"{count} dari {total} desa/kelurahan"``.
Values are text: numbers and dates are formatted by ``text.formatting`` before they are
filled in, so a template never decides how ``1.234`` or ``Rp 7,7 miliar`` is written.
``{province_short}`` is the name of the run's province ("Jambi", "Jawa Barat") and
``{province_area}`` the province as a place ("Provinsi Jambi", "Jambi Province"; in a national
run "Indonesia"), filled in without being given.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from string import Formatter

MESSAGES_DIR = Path(__file__).with_name("messages")


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def messages(lang: str) -> dict[str, str]:
    """Every message of a language, by dotted id (``sections.summary.heading``)."""
    path = MESSAGES_DIR / f"{lang}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in MESSAGES_DIR.glob("*.toml")))
        raise ValueError(f"unknown language {lang!r}; expected one of {known}")
    with path.open("rb") as handle:
        return _flatten(tomllib.load(handle))


def placeholders(template: str) -> set[str]:
    """The named placeholders of a template: ``"{a} dan {b}"`` -> ``{"a", "b"}``."""
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def _province_words(lang: str) -> dict[str, str]:
    """The values of ``{province_short}`` and ``{province_area}`` for the run's province."""
    from analysis.reference.geography import province_code, province_name
    from analysis.reference.province import NATIONAL

    name = province_name()
    short = name.removeprefix("Provinsi ")
    if province_code() == NATIONAL:
        area = name
    else:
        area = f"Provinsi {short}" if lang == "id" else f"{short} Province"
    return {"province_short": short, "province_area": area}


def message(key: str, lang: str, /, **values: str) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled from ``values``."""
    templates = messages(lang)
    if key not in templates:
        raise KeyError(f"no message {key!r} in {MESSAGES_DIR / f'{lang}.toml'}")
    template = templates[key]
    expected = placeholders(template)
    implicit = {"province_short", "province_area"} & expected - set(values)
    if implicit:
        words = _province_words(lang)
        values = {**values, **{name: words[name] for name in implicit}}
    if set(values) != expected:
        missing = ", ".join(sorted(expected - set(values))) or "none"
        unknown = ", ".join(sorted(set(values) - expected)) or "none"
        raise ValueError(f"message {key!r} ({lang}) takes {sorted(expected)}; "
                         f"missing: {missing}; unknown: {unknown}")
    not_text = sorted(name for name, value in values.items() if not isinstance(value, str))
    if not_text:
        raise TypeError(f"message {key!r}: format {', '.join(not_text)} as text first")
    return template.format(**values)


def plural(key: str, number: int, lang: str, /, **values: str) -> str:
    """The ``key.one`` message when ``number`` is 1, else ``key.other``."""
    return message(f"{key}.{'one' if number == 1 else 'other'}", lang, **values)
