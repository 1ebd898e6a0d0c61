"""The province a run is about, and where its programme parameters come from.

A run is about one province (its code, e.g. "15" for Jambi) or the whole country
(``NATIONAL``). Opening a dataset sets it (``use_province``) from ``dataset.toml`` or from
the dataset's village codes; the default is ``default_province`` of
``data/reference/parameters.toml``. The setting is kept in the environment as well, so that
the processes a run starts (report notebooks) work on the same province. So is the village
coding of the run's reports when it is not the province's basis (``geography.use_coding``),
which a change of province resets.
"""

from __future__ import annotations

import os
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.reference.paths import PROVINCES_FOLDER, REFERENCE_DIR

NATIONAL = "all"  # the whole country: every province of the Kepmendagri list
PARAMETERS_FILE = REFERENCE_DIR / "parameters.toml"
PROVINCES_DIR = REFERENCE_DIR / PROVINCES_FOLDER
KEPMENDAGRI_2025 = REFERENCE_DIR / "wilayah_kepmendagri_2025.csv.gz"
ENVIRONMENT = "BKBK_PROVINCE"
CODING_ENVIRONMENT = "BKBK_CODING"  # the reports' village coding, when not the basis


@lru_cache(maxsize=4)
def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file once."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def kepmendagri_2025() -> pd.DataFrame:
    """Every region of the Kepmendagri 2025 list: ``code``, ``name``, ``level``."""
    return pd.read_csv(KEPMENDAGRI_2025, dtype=str)


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Name of every province of the Kepmendagri 2025 list by code ("32": "Jawa Barat")."""
    table = kepmendagri_2025()
    rows = table[table["level"] == "provinsi"]
    return dict(zip(rows["code"], rows["name"], strict=True))


def own_parameters_file(code: str) -> Path:
    """Where a province's own programme parameters are (the file may not exist)."""
    return PROVINCES_DIR / f"{code}.toml"


def default_province() -> str:
    """The province of a run when nothing says otherwise."""
    return str(read_toml(PARAMETERS_FILE)["default_province"])


def check_province(code: str) -> str:
    """A province code of the Kepmendagri list, or ``NATIONAL``; anything else is refused
    with the valid codes."""
    code = str(code).strip().lower()
    if code == NATIONAL or own_parameters_file(code).is_file() or code in province_names():
        return code
    valid = ", ".join(f"{c} {name}" for c, name in province_names().items())
    raise ValueError(f"unknown province {code!r}; give '{NATIONAL}' or one of: {valid}")


def active_province() -> str:
    """The province the run is about (``NATIONAL`` for the whole country)."""
    return os.environ.get(ENVIRONMENT) or default_province()


def use_province(code: str) -> None:
    """Make ``code`` the province of the run (and of the processes it starts); another
    province's reports are on its basis until told otherwise."""
    code = check_province(code)
    if code != active_province():
        os.environ.pop(CODING_ENVIRONMENT, None)
    os.environ[ENVIRONMENT] = code


@contextmanager
def province_setting(code: str) -> Iterator[None]:
    """Work on another province within a ``with`` block."""
    before = {name: os.environ.get(name) for name in (ENVIRONMENT, CODING_ENVIRONMENT)}
    use_province(code)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# A dataset is of one province when that province holds this share of its village codes;
# the others are then reported as villages of another province. One stray code in a
# province's export must not make it a national dataset (``province = "all"`` does that).
ONE_PROVINCE_SHARE = 0.95


def is_regency_code(code: str) -> bool:
    """True for a regency's code ("32.73"); False for a province's ("32") or the nation's."""
    return "." in str(code)


def province_of(code: str) -> str:
    """Province code of a region code: "32.73" -> "32", "15.07.01.2001" -> "15"."""
    return str(code).split(".")[0]


def province_of_codes(codes: Iterable[str]) -> str | None:
    """The province of a set of village codes: the province of nearly all of them
    (``ONE_PROVINCE_SHARE``), ``NATIONAL`` when they spread over several, None when there
    are none."""
    found = Counter(str(code)[:2] for code in codes if str(code)[2:3] == ".")
    unlisted = {code for code in found if not own_parameters_file(code).is_file()}
    if unlisted:  # a province with its own parameters needs no look into the national list
        for code in unlisted - set(province_names()):
            del found[code]
    if not found:
        return None
    province, count = found.most_common(1)[0]
    return province if count >= ONE_PROVINCE_SHARE * found.total() else NATIONAL


def _merge(default: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """``own`` over ``default``: tables merge key by key, anything else is replaced."""
    merged = dict(default)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(default.get(key), dict):
            merged[key] = _merge(default[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=64)
def province_parameters(code: str) -> dict[str, Any]:
    """The programme parameters of a province: its own file over the national defaults;
    its code, name (from the Kepmendagri list unless its file names it) and basis."""
    code = check_province(code)
    defaults = {k: v for k, v in read_toml(PARAMETERS_FILE).items() if k != "default_province"}
    own_file = own_parameters_file(code)
    own = read_toml(own_file) if own_file.is_file() else {}
    params = _merge(defaults, own)
    own_name = params["province"].get("name")
    name = own_name or ("Indonesia" if code == NATIONAL else f"Provinsi {province_names()[code]}")
    params["province"] = {"code": code, "name": name, **params["province"]}
    return params
