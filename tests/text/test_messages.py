"""The message files: the same ids and placeholders in both languages, every id the code
uses present, and clear errors for a missing id or value."""

from __future__ import annotations

import ast
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from string import Formatter

import pytest

from analysis.metrics import catalog
from analysis.text.messages import MESSAGES_DIR, message, messages, placeholders, plural

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "analysis"
LANGS = ("id", "en")


def test_both_languages_have_the_same_ids():
    assert set(messages("id")) == set(messages("en"))


@pytest.mark.parametrize("key", sorted(messages("id")))
def test_both_languages_have_the_same_placeholders(key):
    assert placeholders(messages("id")[key]) == placeholders(messages("en")[key])


@pytest.mark.parametrize("lang", LANGS)
def test_messages_are_text_with_named_placeholders_only(lang):
    for key, template in messages(lang).items():
        assert isinstance(template, str) and template.strip(), key
        assert template == template.strip(), key
        for name in placeholders(template):
            assert name.isidentifier(), (key, name)
        for _, name, spec, conversion in Formatter().parse(template):
            assert name is None or (not spec and conversion is None), key  # no "{n:,}"


def test_plural_variants_come_in_pairs():
    ids = set(messages("id"))
    for key in ids:
        stem, _, form = key.rpartition(".")
        if form in ("one", "other"):
            assert {f"{stem}.one", f"{stem}.other"} <= ids, key


def _calls(name: str) -> list[ast.Call]:
    calls = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and (
                    getattr(node.func, "id", None) == name
                    or getattr(node.func, "attr", None) == name):
                calls.append(node)
    return calls


def test_every_message_id_in_the_code_exists():
    ids = set(messages("id"))
    used = 0
    forms = {"message": ("",), "plural": (".one", ".other"), "_point": (".term", ".text")}
    for call in [call for name in forms for call in _calls(name)]:
        first = call.args[0]
        name = getattr(call.func, "id", None) or call.func.attr
        if isinstance(first, ast.Constant):
            wanted = {f"{first.value}{form}" for form in forms[name]}
            assert wanted <= ids, wanted
        elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
            prefix = first.values[0].value
            assert any(key.startswith(prefix) for key in ids), prefix
        else:
            continue
        used += 1
    assert used > 180  # the scan finds the calls of narrative, sections, slides and index


def test_every_label_in_the_code_exists():
    labels = {key.removeprefix("labels.") for key in messages("id") if key.startswith("labels.")}
    for call in _calls("label"):
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            assert first.value in labels or catalog.is_metric(first.value), first.value


def test_the_message_files_are_package_data():
    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text("utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["analysis"]
    for path in MESSAGES_DIR.glob("*.toml"):
        relative = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative
    assert {path.stem for path in MESSAGES_DIR.glob("*.toml")} == set(LANGS)


def test_a_message_is_filled_by_name():
    assert message("common.part_of", "id", part="31", whole="93") == "31 dari 93"
    assert message("common.part_of", "en", part="31", whole="93") == "31 of 93"
    assert message("sections.summary.heading", "en") == "Summary"


def test_plural_picks_the_form_by_number():
    assert plural("common.claim_count", 1, "en", count="1") == "1 claim"
    assert plural("common.claim_count", 3, "en", count="3") == "3 claims"
    assert plural("common.claim_count", 1, "id", count="1") == "1 klaim"


def test_a_missing_placeholder_is_an_error():
    with pytest.raises(ValueError, match="missing: whole"):
        message("common.part_of", "id", part="31")


def test_an_unknown_value_is_an_error():
    with pytest.raises(ValueError, match="unknown: extra"):
        message("common.part_of", "id", part="31", whole="93", extra="x")


def test_numbers_are_formatted_before_filling():
    with pytest.raises(TypeError, match="whole"):
        message("common.part_of", "id", part="31", whole=93)


def test_an_unknown_id_or_language_is_an_error():
    with pytest.raises(KeyError, match="no.such.message"):
        message("no.such.message", "id")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        message("common.and", "fr")
