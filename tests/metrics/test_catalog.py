"""The metric catalog: it matches real metrics, its schema, its texts and the generated docs."""

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest
from jsonschema import ValidationError

from analysis.metrics import catalog
from analysis.metrics.scope_metrics import compute_all_metrics
from analysis.reference.geography import province_code
from analysis.reference.paths import REPO_ROOT
from analysis.text.messages import messages

CATALOG_TEXT = catalog.CATALOG_FILE.read_text("utf-8")


@pytest.fixture(scope="module")
def all_metrics(demo_dataset):
    return compute_all_metrics(demo_dataset, "2025Q4")


def _paths(value, prefix: str = "") -> set[str]:
    """Every key path of a metrics.json value, lists written ``key[]``."""
    paths = set()
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path} | _paths(child, path)
    elif isinstance(value, list):
        for item in value:
            paths |= {f"{prefix}[]"} | _paths(item, f"{prefix}[]")
    return paths


def _null_parents(value, prefix: str = "") -> set[str]:
    """Paths of objects that are null here (their children are then absent)."""
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, child in value.items():
        path = f"{prefix}.{key}" if prefix else key
        if child is None and catalog.unit(path) == "object":
            found.add(path)
        found |= _null_parents(child, path)
    return found


def _expected(metrics: dict) -> set[str]:
    province = metrics["scope"] == province_code()
    absent = _null_parents(metrics)
    keys = set()
    for key in catalog.metric_keys():
        kinds = {catalog.entry(part).present for part in _ancestors(key)}
        if ("province" in kinds and not province) or ("regency" in kinds and province):
            continue
        if any(key.startswith(f"{parent}.") for parent in absent):
            continue
        keys.add(key)
    return keys


def _ancestors(key: str) -> list[str]:
    parts, found = key.split("."), []
    for index in range(1, len(parts) + 1):
        path = ".".join(parts[:index])
        found += [path.removesuffix("[]"), path] if path.endswith("[]") else [path]
    return found


def test_every_computed_key_is_in_the_catalog_and_back(all_metrics):
    assert len(all_metrics) == 12
    for code, metrics in all_metrics.items():
        computed = _paths(metrics)
        assert computed - set(catalog.metric_keys()) == set(), code
        assert _expected(metrics) - computed == set(), code
        assert computed - _expected(metrics) == set(), code


def test_schema_validates_every_scope(all_metrics):
    validator = catalog.metrics_validator()
    for metrics in all_metrics.values():
        validator.validate(json.loads(json.dumps(metrics)))


@pytest.fixture
def regency(all_metrics):
    return json.loads(json.dumps(all_metrics["15.07"]))


@pytest.mark.parametrize("breakage", [
    lambda m: m.pop("continuity"),
    lambda m: m["active"].pop("PR"),
    lambda m: m["active"].__setitem__("MME", "4588"),
    lambda m: m["new"].__setitem__("total", -1),
    lambda m: m["claims_in_period"]["by_benefit"]["kematian"].__setitem__("amount", 1.5),
    lambda m: m.__setitem__("villages", None),
    lambda m: m.__setitem__("continuity", -0.1),
    lambda m: m.__setitem__("period", "Q4 2025"),
    lambda m: m.__setitem__("period_end", "2025-13-31"),
    lambda m: m.__setitem__("synthetic", "true"),
    lambda m: m.__setitem__("undocumented", 1),
    lambda m: m["index"].__setitem__("ranking", []),
    lambda m: m["index"]["weights"].pop("continuity"),
    lambda m: m["index"].__setitem__("score", 140.0),
])
def test_schema_rejects_a_broken_regency(regency, breakage):
    breakage(regency)
    with pytest.raises(ValidationError):
        catalog.metrics_validator().validate(regency)


def test_schema_allows_what_the_types_allow(regency):
    validator = catalog.metrics_validator()
    regency["continuity"] = 40.5  # a percentage by mistake is still a number >= 0
    regency["growth_yoy"] = -0.2
    regency["benefit_contribution_ratio"] = None
    regency["coverage"] = {"year": None, "formal": None, "informal": None, "total": None}
    validator.validate(regency)


def test_schema_requires_the_ranking_of_the_province_only(all_metrics):
    province = copy.deepcopy(all_metrics[province_code()])
    validator = catalog.metrics_validator()
    validator.validate(province)
    assert province["index"]["components"] is None
    province["index"].pop("ranking")
    with pytest.raises(ValidationError):
        validator.validate(province)
    for scope in ("32", "all"):  # another province, the nation of a national run
        validator.validate(copy.deepcopy(all_metrics[province_code()]) | {"scope": scope})
        with pytest.raises(ValidationError):
            validator.validate(province | {"scope": scope})
    item = copy.deepcopy(all_metrics[province_code()])
    item["index"]["ranking"][0]["components"]["continuity"].pop("scaled")
    with pytest.raises(ValidationError):
        validator.validate(item)


def test_every_entry_has_texts_in_both_languages():
    values = {**catalog.parameter_values(date(2025, 12, 31))}
    for key in catalog.metric_keys():
        for lang in catalog.LANGS:
            text, meaning = catalog.label(key, lang), catalog.definition(key, lang, **values)
            assert text.strip() and meaning.strip(), (key, lang)
            assert "{" not in text + meaning, (key, lang)
            assert catalog.label(key.replace(".", "_"), lang) == text, key
        assert catalog.label(key, "id") != catalog.label(key, "en") or key in (
            "target", "target.MME", "target.PR", "target.total"), key


def test_labels_and_definitions_of_members_and_parameters():
    assert catalog.label("active.MME") == "Peserta aktif MME"
    assert catalog.label("coverage_total", "en") == "Total coverage"  # underscore name
    assert catalog.label("attainment_PR", "en") == "Attainment PR"
    assert catalog.label("index_components_continuity_value", "en") == (
        "Value of continuity of contribution payments")
    assert catalog.label("index.weights.continuity") == "Bobot kesinambungan pembayaran iuran"
    assert catalog.unit("claims_in_period.by_benefit.stmb.amount") == "rupiah"
    assert catalog.number_format("attainment.PR") == "percent"
    targets_2022 = catalog.parameter_values(date(2022, 12, 31))
    assert (targets_2022["target_MME"], targets_2022["target_PR"]) == (50, 0)
    text = catalog.definition("target", "id", **catalog.parameter_values(date(2025, 12, 31)))
    assert "(50 MME dan 25 PR)" in text
    with pytest.raises(KeyError, match="target_MME"):
        catalog.definition("target", "en")
    with pytest.raises(KeyError, match="not a key"):
        catalog.label("no_such_metric")
    with pytest.raises(ValueError):
        catalog.label("continuity", "fr")


def test_continuity_says_what_spec_says():
    assert catalog.definition("continuity", "en") == (
        "Share of villages with active participants at the period end whose three months of "
        "the quarter each have a contribution with amount > 0.")


def test_explained_metrics_are_headline_entries():
    explained = catalog.explained()
    assert {"active", "continuity", "budget_realization_ytd", "coverage.total"} <= set(explained)
    assert not {"scope", "index.score"} & set(explained)  # the index has its own note


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "metrics.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_field_names_the_entry_and_the_field(tmp_path):
    broken = CATALOG_TEXT.replace('label_en = "Continuity of contribution payments"\n', "")
    with pytest.raises(catalog.CatalogError,
                       match=r"entry 'continuity': field 'label_en' is missing"):
        catalog.load_catalog(_write(tmp_path, broken))


@pytest.mark.parametrize(("old", "new", "message"), [
    ('unit = "ratio"\nformat = "percent"\nnullable = true\nexplain = true\n'
     'label_id = "Kesinambungan', 'unit = "percentage"\nformat = "percent"\nnullable = true\n'
     'explain = true\nlabel_id = "Kesinambungan', r"entry 'continuity': field 'unit'"),
    ('[metric."coverage.year"]', '[metric."coverage_x.year"]', r"parent 'coverage_x'"),
    ("({target_MME} MME dan", "({target_mme} MME dan", r"placeholder \{target_mme\}"),
    ('each = "program"', 'each = "programme"', r"field 'each'"),
    ('explain = true\nlabel_id = "Kesinambungan', 'colour = "red"\nlabel_id = "Kesinambungan',
     r"unknown field 'colour'"),
])
def test_a_broken_entry_is_named(tmp_path, old, new, message):
    assert old in CATALOG_TEXT
    with pytest.raises(catalog.CatalogError, match=message):
        catalog.load_catalog(_write(tmp_path, CATALOG_TEXT.replace(old, new, 1)))


def test_committed_schema_is_what_the_catalog_generates():
    committed = (REPO_ROOT / "docs" / "metrics.schema.json").read_text("utf-8")
    assert committed == catalog.schema_text(), "run python scripts/build_docs.py"
    assert json.loads(committed)["$schema"].endswith("2020-12/schema")


def test_methodology_table_is_current_and_lists_every_entry():
    document = (REPO_ROOT / "docs" / "methodology.md").read_text("utf-8")
    assert document == catalog.with_methodology_table(document), \
        "run python scripts/build_docs.py"
    listed = re.findall(r"^\| `([^`]+)` \|", document, flags=re.M)
    assert listed == list(catalog.load_catalog())


def test_no_metric_is_labelled_outside_the_catalog():
    for lang in catalog.LANGS:
        labels = [key.removeprefix("labels.") for key in messages(lang)
                  if key.startswith("labels.")]
        assert [key for key in labels if catalog.is_metric(key)] == [], lang
