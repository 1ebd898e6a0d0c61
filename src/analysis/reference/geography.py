"""Jambi's administrative geography: regencies, kecamatan and villages (Kemendagri codes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis.reference.paths import REFERENCE_DIR

PROVINCE_CODE = "15"
PROVINCE_ALIASES = {"15", "province", "provinsi", "jambi province", "provinsi jambi"}
_PREFIXES = ("kabupaten", "kab", "kota")


@dataclass(frozen=True)
class Regency:
    """One kabupaten/kota."""

    code: str
    name: str

    @property
    def short_name(self) -> str:
        """Name without the 'Kab.' prefix (Kota keeps its prefix)."""
        return self.name.removeprefix("Kab. ")


class UnknownRegionError(ValueError):
    """Raised when a regency or village cannot be found; the message lists valid names."""


@lru_cache(maxsize=1)
def villages() -> pd.DataFrame:
    """All 1,562 desa/kelurahan with their kecamatan and regency."""
    return pd.read_csv(REFERENCE_DIR / "wilayah_jambi.csv", dtype=str)


@lru_cache(maxsize=1)
def _regency_table() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "regencies.csv", dtype=str)


def regencies() -> list[Regency]:
    """The 11 kabupaten/kota in code order."""
    table = _regency_table().sort_values("regency_code")
    return [Regency(r.regency_code, r.regency_name) for r in table.itertuples()]


def districts(regency_code: str | None = None) -> pd.DataFrame:
    """Kecamatan (code, name, regency) with their numbers of villages."""
    frame = villages() if regency_code is None else villages_in(regency_code)
    return (
        frame.groupby(["district_code", "district_name", "regency_code"], as_index=False)
        .agg(villages=("village_code", "size"))
        .sort_values("district_code", ignore_index=True)
    )


def villages_in(scope: str) -> pd.DataFrame:
    """Villages of a regency code, or of the province for ``"15"``."""
    frame = villages()
    if scope == PROVINCE_CODE:
        return frame
    return frame[frame["regency_code"] == scope].reset_index(drop=True)


def normalize_code(code: object) -> str:
    """'1507012001' or '15.07.01.2001' -> '15.07.01.2001' (also 2, 4 and 6 digit codes)."""
    digits = re.sub(r"\D", "", str(code).strip())
    widths = {2: [2], 4: [2, 2], 6: [2, 2, 2], 10: [2, 2, 2, 4]}.get(len(digits))
    if widths is None:
        return str(code).strip()
    parts, start = [], 0
    for width in widths:
        parts.append(digits[start : start + width])
        start += width
    return ".".join(parts)


def _key(text: str) -> str:
    """Lower-case, prefix-free, space-free form used to match regency names."""
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()
    while words and words[0] in _PREFIXES:
        words = words[1:]
    return "".join(words)


@lru_cache(maxsize=1)
def _lookup_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for row in _regency_table().itertuples():
        names = [row.regency_name, *str(row.short_names).split(";")]
        for name in names:
            keys[_key(name)] = row.regency_code
    return keys


def find_regency(text: str) -> Regency:
    """Look a regency up by code ('15.07', '1507') or name ('Tanjab Timur', 'KAB. BUNGO')."""
    by_code = {r.code: r for r in regencies()}
    code = normalize_code(text)
    if code in by_code:
        return by_code[code]
    key = _key(str(text))
    if key in _lookup_keys():
        return by_code[_lookup_keys()[key]]
    valid = ", ".join(f"{r.code} {r.name}" for r in regencies())
    raise UnknownRegionError(f"unknown regency {text!r}; valid: {valid}")


def resolve_scope(text: str) -> tuple[str, str]:
    """(code, display name) for a regency or the province ('15', 'province', 'Jambi Province');
    a bare 'Jambi' names both Kota Jambi and the province and is refused."""
    if str(text).strip().lower() in PROVINCE_ALIASES:
        return PROVINCE_CODE, "Provinsi Jambi"
    if str(text).strip().lower() == "jambi":
        raise UnknownRegionError(
            f"{text!r} may mean Kota Jambi or the whole province: give '15.71' (or 'Kota Jambi') "
            f"for the city, '15' (or 'provinsi') for the province")
    regency = find_regency(text)
    return regency.code, regency.name
