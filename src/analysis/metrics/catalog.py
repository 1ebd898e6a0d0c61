"""The metric catalog (``data/reference/metrics.toml``): one entry per key of metrics.json.

Each entry gives the key's unit, number format, label and definition in Indonesian and
English, and its source. Keys are paths (``coverage.formal``); a ``*`` in a catalog key stands
for every member of its parent's dimension (``active.*`` -> ``active.MME``, ``active.PR``,
``active.total``) and ``[]`` for an item of a list. A nested key is also known by its path
joined with underscores (``coverage_total``), the name the index components use.
Values are formatted by ``analysis.text.formatting.format_metric``.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.inputs.dataset import BENEFITS, CATEGORIES, PROGRAMS
from analysis.metrics.composite import COMPONENTS
from analysis.reference.parameters import village_target
from analysis.reference.paths import REFERENCE_DIR
from analysis.reference.province import NATIONAL
from analysis.reference.scope import regency_codes

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

CATALOG_FILE = REFERENCE_DIR / "metrics.toml"
LANGS = ("id", "en")
TEXT_FIELDS = ("label_id", "label_en", "definition_id", "definition_en")
REQUIRED_FIELDS = ("unit", "format", *TEXT_FIELDS, "source")
OPTIONAL_FIELDS = ("nullable", "present", "each", "same_as", "explain")
MEMBER = "*"
ITEM = "[]"

# JSON Schema of a value of each unit (null is added for nullable entries).
UNIT_SCHEMAS: dict[str, dict[str, Any]] = {
    "code": {"type": "string", "pattern": rf"^(\d{{2}}(\.\d{{2}})*|{NATIONAL})$"},
    "quarter": {"type": "string", "pattern": r"^\d{4}Q[1-4]$"},
    "text": {"type": "string", "minLength": 1},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "boolean": {"type": "boolean"},
    "count": {"type": "integer", "minimum": 0},
    "rupiah": {"type": "integer", "minimum": 0},
    "ratio": {"type": "number", "minimum": 0},
    "change": {"type": "number"},
    "days": {"type": "number", "minimum": 0},
    "year": {"type": "integer", "minimum": 1900},
    "score": {"type": "number", "minimum": 0, "maximum": 100},
    "rank": {"type": "integer", "minimum": 1},
    "weight": {"type": "number", "minimum": 0, "maximum": 1},
    "object": {"type": "object"},
    "list": {"type": "array"},
}
FORMATS = ("code", "text", "quarter", "date", "yes_no", "integer", "year", "percent",
           "percent_whole", "change", "rupiah", "decimal", "days", "structure")
PRESENT = ("province", "regency")
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "category": (*CATEGORIES, "total"),
    "program": PROGRAMS,
    "benefit": BENEFITS,
    "component": COMPONENTS,
}
PLACEHOLDERS = ("member", "target_MME", "target_PR", "regencies")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class CatalogError(ValueError):
    """The catalog file breaks a rule; the message names the entry and the field."""


@dataclass(frozen=True)
class Metric:
    """One catalog entry; ``key`` may hold ``*`` (a dimension member) and ``[]``."""

    key: str
    unit: str
    format: str
    labels: dict[str, str]
    definitions: dict[str, str]
    source: str
    nullable: bool = False
    present: str | None = None
    each: str | None = None
    explain: bool = False

    @property
    def parent(self) -> str | None:
        """The key of the enclosing object or list, None at the top level."""
        if self.key.endswith(ITEM):
            return self.key[: -len(ITEM)]
        return self.key.rpartition(".")[0] or None

    @property
    def name(self) -> str:
        """The last part of the key (``formal`` of ``coverage.formal``)."""
        return self.key.removeprefix(f"{self.parent}.") if self.parent else self.key


def _fail(key: str, message: str) -> None:
    raise CatalogError(f"{CATALOG_FILE.name}: entry {key!r}: {message}")


def _checked(key: str, fields: dict[str, Any]) -> Metric:
    for field in REQUIRED_FIELDS:
        if field not in fields or fields[field] in ("", None):
            _fail(key, f"field {field!r} is missing or empty")
    unknown = sorted(set(fields) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        _fail(key, f"unknown field {unknown[0]!r}")
    for field, allowed in (("unit", UNIT_SCHEMAS), ("format", FORMATS), ("each", DIMENSIONS),
                           ("present", PRESENT)):
        if fields.get(field) is not None and fields[field] not in allowed:
            _fail(key, f"field {field!r} is {fields[field]!r}; expected one of "
                       f"{', '.join(allowed)}")
    if (fields["format"] == "structure") != (fields["unit"] in ("object", "list")):
        _fail(key, "field 'format' must be 'structure' exactly for objects and lists")
    return Metric(
        key=key, unit=fields["unit"], format=fields["format"],
        labels={lang: fields[f"label_{lang}"] for lang in LANGS},
        definitions={lang: fields[f"definition_{lang}"] for lang in LANGS},
        source=fields["source"], nullable=bool(fields.get("nullable", False)),
        present=fields.get("present"), each=fields.get("each"),
        explain=bool(fields.get("explain", False)),
    )


def _with_copies(raw: dict[str, dict]) -> dict[str, dict]:
    """The entries with the descendants of every ``same_as`` target copied under it."""
    entries = dict(raw)
    for key, fields in raw.items():
        target = fields.get("same_as")
        if target is None:
            continue
        if target not in raw:
            _fail(key, f"field 'same_as' names {target!r}, which is not in the catalog")
        entries[key] = {name: value for name, value in fields.items() if name != "same_as"}
        entries[key].setdefault("each", raw[target].get("each"))
        for other, other_fields in raw.items():
            if other.startswith(f"{target}."):
                entries[key + other[len(target):]] = other_fields
    return entries


def _check_tree(entries: dict[str, Metric]) -> None:
    for key, metric in entries.items():
        parent = entries.get(metric.parent) if metric.parent else None
        if metric.parent and parent is None:
            _fail(key, f"its parent {metric.parent!r} is not in the catalog")
        if parent is not None and parent.unit not in ("object", "list"):
            _fail(key, f"its parent {parent.key!r} is not an object or a list")
        if parent is not None and parent.unit == "list" and not key.endswith(ITEM):
            _fail(key, f"the items of the list {parent.key!r} are written {parent.key}{ITEM}")
        if (metric.name == MEMBER) != (parent is not None and parent.each is not None):
            _fail(key, "'*' keys belong exactly under an entry with field 'each'")
        for field, text in (*metric.labels.items(), *metric.definitions.items()):
            for placeholder in _PLACEHOLDER.findall(text):
                if placeholder not in PLACEHOLDERS:
                    _fail(key, f"text ({field}) uses the unknown placeholder {{{placeholder}}}")


@lru_cache(maxsize=2)
def load_catalog(path: Path = CATALOG_FILE) -> dict[str, Metric]:
    """Every catalog entry keyed by its (template) key, in file order, checked."""
    with open(path, "rb") as handle:
        raw = tomllib.load(handle).get("metric", {})
    entries = {key: _checked(key, fields) for key, fields in _with_copies(raw).items()}
    _check_tree(entries)
    return entries


Member = tuple[str, str] | None  # (dimension, member) that a ``*`` of the key stands for


def _expand(key: str, entries: dict[str, Metric]) -> list[tuple[str, Member]]:
    """Concrete paths of a template key, each with the member its ``*`` stands for."""
    parts = key.split(".")
    paths: list[tuple[str, Member]] = [("", None)]
    for index, part in enumerate(parts):
        template = ".".join(parts[:index])
        grown = []
        for path, member in paths:
            if part == MEMBER:
                dimension = entries[template].each
                grown += [(f"{path}.{name}", (dimension, name)) for name in DIMENSIONS[dimension]]
            else:
                grown.append((f"{path}.{part}" if path else part, member))
        paths = grown
    return paths


@lru_cache(maxsize=2)
def _concrete(path: Path = CATALOG_FILE) -> dict[str, tuple[Metric, Member]]:
    """Every concrete key with its entry and member, then the underscore names."""
    entries = load_catalog(path)
    concrete = {concrete_key: (metric, member) for key, metric in entries.items()
                for concrete_key, member in _expand(key, entries)}
    aliases = {}
    for concrete_key, found in concrete.items():
        alias = concrete_key.replace(".", "_")
        if alias != concrete_key and alias in concrete:
            _fail(concrete_key, f"its underscore name {alias!r} is another key")
        aliases[alias] = found
    return {**concrete, **{alias: found for alias, found in aliases.items()
                           if alias not in concrete}}


def metric_keys() -> list[str]:
    """Every concrete key of metrics.json (``active.MME``, ``index.ranking[].score``, ...)."""
    entries = load_catalog()
    return [path for key in entries for path, _ in _expand(key, entries)]


def is_metric(key: str) -> bool:
    """True when ``key`` (a path or its underscore name) is in the catalog."""
    return key in _concrete()


def entry(key: str) -> Metric:
    """The catalog entry of a concrete key or of its underscore name."""
    if key not in _concrete():
        raise KeyError(f"{key!r} is not a key of the metric catalog ({CATALOG_FILE.name})")
    return _concrete()[key][0]


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def _member_text(key: str, lang: str) -> str | None:
    """The text for ``{member}``: the code (MME, JKK, kematian), a component's label."""
    member = _concrete()[key][1]
    if member is None:
        return None
    dimension, name = member
    return label(name, lang).lower() if dimension == "component" else name


def label(key: str, lang: str = "id") -> str:
    """The catalog's label of a metric key in ``lang`` (``"id"`` or ``"en"``)."""
    text = entry(key).labels[_lang(lang)]
    return text.format(member=_member_text(key, lang)) if "{member}" in text else text


def parameter_values(on: date) -> dict[str, int]:
    """The values of the parameter placeholders of definitions for a period ending ``on``."""
    return {"target_MME": village_target("MME", on), "target_PR": village_target("PR", on),
            "regencies": len(regency_codes())}


def definition(key: str, lang: str = "id", **values: object) -> str:
    """The catalog's definition of a metric key, placeholders filled from ``values``."""
    text = entry(key).definitions[_lang(lang)]
    needed = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    values = {"member": _member_text(key, lang), **values}
    missing = sorted(needed - set(values))
    if missing:
        raise KeyError(f"definition of {key!r} needs the value {missing[0]!r} "
                       f"(see parameter_values)")
    return text.format(**values)


def unit(key: str) -> str:
    """The unit of a metric key (count, rupiah, ratio, ...)."""
    return entry(key).unit


def number_format(key: str) -> str:
    """How reports write a value of a metric key (integer, percent, rupiah, ...)."""
    return entry(key).format


def explained() -> list[str]:
    """Keys of the metrics defined in the reports' and workbook's definitions, in file order."""
    return [key for key, metric in load_catalog().items() if metric.explain]


def definitions(keys: Iterable[str], lang: str, on: date) -> list[tuple[str, str]]:
    """(label, definition) of metric keys for a period ending ``on``."""
    values = parameter_values(on)
    return [(label(key, lang), definition(key, lang, **values)) for key in keys]


def _children(key: str | None, entries: dict[str, Metric]) -> list[Metric]:
    return [metric for metric in entries.values() if metric.parent == key]


def _schema(metric: Metric, entries: dict[str, Metric], path: str) -> dict[str, Any]:
    """The schema of the value at ``path`` (a concrete key) of the entry ``metric``."""
    unfilled = {name: f"{{{name}}}" for name in PLACEHOLDERS if name != "member"}
    schema: dict[str, Any] = {"description": f"{label(path, 'en')}. "
                                             f"{definition(path, 'en', **unfilled)}",
                              **UNIT_SCHEMAS[metric.unit]}
    if metric.unit == "object":
        children = _children(metric.key, entries)
        if metric.each is not None:
            properties = {name: _schema(children[0], entries, f"{path}.{name}")
                          for name in DIMENSIONS[metric.each]}
        else:
            properties = {child.name: _schema(child, entries, f"{path}.{child.name}")
                          for child in children}
        schema |= {"properties": properties, "additionalProperties": False,
                   "required": [name for name in properties
                                if metric.each or entries[f"{metric.key}.{name}"].present is None]}
    elif metric.unit == "list":
        schema["items"] = _schema(entries[metric.key + ITEM], entries, path + ITEM)
    if metric.nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


# The scopes that carry province-level keys (the ranking of regencies): a province or the nation.
PROVINCE_OR_NATION = {"type": "string", "pattern": rf"^(\d{{2}}|{NATIONAL})$"}


def _present_rules(entries: dict[str, Metric]) -> list[dict[str, Any]]:
    """if/then rules: a key marked ``present`` is required for that scope kind only."""
    rules = []
    for metric in entries.values():
        if metric.present is None:
            continue
        path = metric.key.split(".")
        required: dict[str, Any] = {"required": [path[-1]]}
        for part in reversed(path[:-1]):
            required = {"properties": {part: required}, "required": [part]}
        province = {"properties": {"scope": PROVINCE_OR_NATION}}
        rules.append({"if": province, "then": required, "else": {"not": required}}
                     if metric.present == "province" else
                     {"if": province, "then": {"not": required}, "else": required})
    return rules


def metrics_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of metrics.json, built from the catalog."""
    entries = load_catalog()
    top = _children(None, entries)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "metrics.schema.json",
        "title": "metrics.json of a BKBK Jamsostek report",
        "description": f"Generated from data/reference/{CATALOG_FILE.name}: every figure of "
                       "one report (a regency or the province) for one quarter. Amounts are "
                       "whole Rupiah, ratios fractions; a ratio whose denominator is zero is "
                       "null.",
        "type": "object",
        "properties": {metric.name: _schema(metric, entries, metric.name) for metric in top},
        "required": [metric.name for metric in top if metric.present is None],
        "additionalProperties": False,
        "allOf": _present_rules(entries),
    }


def metrics_validator() -> Draft202012Validator:
    """A validator of metrics.json against ``metrics_json_schema()``, checking date formats;
    ``.validate(metrics)`` raises ``jsonschema.ValidationError`` naming the broken key.
    jsonschema is imported here only: it takes seconds to import, and only checks need it."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(metrics_json_schema(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_text() -> str:
    """``metrics_json_schema()`` as written to ``docs/metrics.schema.json``."""
    return json.dumps(metrics_json_schema(), ensure_ascii=False, indent=2) + "\n"


PLACEHOLDER_NOTES = {
    "member": "the member of the dimension (MME, PR, total; JKK, JKM; a benefit; a component)",
    "target_MME": "per-village MME target in force at the period end (parameters.toml "
                  "[village_targets])",
    "target_PR": "per-village PR target in force at the period end (parameters.toml "
                 "[village_targets])",
    "regencies": "number of regencies of the province",
}
TABLE_BEGIN = "<!-- metric catalog: begin (generated by scripts/build_docs.py) -->"
TABLE_END = "<!-- metric catalog: end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def methodology_table() -> str:
    """The methodology table of every catalog entry (English), in Markdown."""
    rows = ["| key | unit | format | label | definition | source |", "|---|---|---|---|---|---|"]
    for key, metric in load_catalog().items():
        nullable = ", or null" if metric.nullable else ""
        rows.append(f"| `{key}` | {metric.unit}{nullable} | {metric.format} | "
                    f"{_cell(metric.labels['en'])} ({_cell(metric.labels['id'])}) | "
                    f"{_cell(metric.definitions['en'])} | {_cell(metric.source)} |")
    legend = "; ".join(f"`{{{name}}}` {text}" for name, text in PLACEHOLDER_NOTES.items())
    dimensions = "; ".join(f"{name}: {', '.join(members)}"
                           for name, members in DIMENSIONS.items())
    intro = (f"Generated from `data/reference/{CATALOG_FILE.name}`. `*` stands for each member "
             f"of the parent's dimension ({dimensions}), `[]` for an item of a list. "
             f"Placeholders: {legend}.")
    return "\n".join([intro, "", *rows])


def with_methodology_table(document: str) -> str:
    """``document`` with the text between the catalog markers replaced by the table."""
    if TABLE_BEGIN not in document or TABLE_END not in document:
        raise CatalogError(f"the document has no markers {TABLE_BEGIN!r} ... {TABLE_END!r}")
    head, rest = document.split(TABLE_BEGIN, 1)
    _, tail = rest.split(TABLE_END, 1)
    return f"{head}{TABLE_BEGIN}\n{methodology_table()}\n{TABLE_END}{tail}"
