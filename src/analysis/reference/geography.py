"""Jambi's administrative geography: regencies, kecamatan and villages (Kemendagri codes).

Village codes come in versions (``CODINGS``): the 2022 basis of the programme, which the
reports use, and Kepmendagri 300.2.2-2138/2025, in which 36 villages moved to new kecamatan
(new codes; one also renamed), 16 kept their code with a corrected name and 23 are new.
``crosswalk()`` pairs them (``scripts/build_crosswalk.py``); a dataset in the 2025 coding is
read on the 2022 basis with ``basis_codes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd

from analysis.reference.paths import REFERENCE_DIR

PROVINCE_CODE = "15"
BASIS = "2022"  # the coding of the reference list the reports are made on
CODINGS = (BASIS, "2025")
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


@cache
def villages(coding: str = BASIS) -> pd.DataFrame:
    """All desa/kelurahan with their kecamatan and regency in a coding: 1,562 in the 2022
    basis, 1,585 in the 2025 list."""
    if coding == BASIS:
        return pd.read_csv(REFERENCE_DIR / "wilayah_jambi.csv", dtype=str)
    if coding not in CODINGS:
        raise ValueError(f"coding must be one of {', '.join(CODINGS)}; got {coding!r}")
    return _villages_2025()


def _villages_2025() -> pd.DataFrame:
    table = pd.read_csv(REFERENCE_DIR / "wilayah_kepmendagri_2025.csv.gz", dtype=str)
    table = table[table["code"].str.startswith(PROVINCE_CODE + ".")]
    names = table.set_index("code")["name"]
    rows = table[table["level"] == "desa_kelurahan"]
    regency_names = _regency_table().set_index("regency_code")["regency_name"]
    district = rows["code"].str[:8]
    return pd.DataFrame({
        "village_code": rows["code"],
        "village_name": rows["name"],
        "village_type": rows["code"].str[9].map({"1": "kelurahan", "2": "desa"}),
        "district_code": district,
        "district_name": district.map(names),
        "regency_code": rows["code"].str[:5],
        "regency_name": rows["code"].str[:5].map(regency_names),
    }).sort_values("village_code", ignore_index=True)


@lru_cache(maxsize=1)
def crosswalk() -> pd.DataFrame:
    """Villages of the 2022 basis and the 2025 list side by side: ``code_2022``, ``name_2022``,
    ``code_2025``, ``name_2025``, ``regency_code`` and ``change`` (same, renamed, moved,
    removed, new)."""
    return pd.read_csv(REFERENCE_DIR / "crosswalk_desa_2022_2025.csv", dtype=str)


@lru_cache(maxsize=1)
def _moved_to_basis() -> dict[str, str]:
    moved = crosswalk()[crosswalk()["change"] == "moved"]
    return dict(zip(moved["code_2025"], moved["code_2022"], strict=True))


def basis_codes(codes: pd.Series) -> pd.Series:
    """Village codes on the 2022 basis: the 2025 code of a moved village becomes its 2022
    code; every other code is kept."""
    return codes.replace(_moved_to_basis())


CODING_DESCRIPTIONS = {
    BASIS: "2022 basis (the coding of the reports)",
    "2025": "Kepmendagri 300.2.2-2138/2025, read on the 2022 basis",
    "2022+2025": "a mix of the 2022 basis and Kepmendagri 2025, read on the 2022 basis",
    "2022/2025": "the same in the 2022 basis and in Kepmendagri 2025",
}


def village_coding(codes: set[str]) -> str:
    """Which coding a set of village codes is in: ``2022`` when it has 2022 codes of villages
    that moved, ``2025`` when it has their 2025 codes or codes of new villages, ``2022+2025``
    when it has both, ``2022/2025`` when every code is the same in both. A village of the
    2022 basis missing from the 2025 list has no other code: it counts for neither."""
    table = crosswalk()
    moved = table[table["change"] == "moved"]
    only_2025 = set(table.loc[table["change"] == "new", "code_2025"]) | set(moved["code_2025"])
    evidence = ((BASIS, set(moved["code_2022"])), ("2025", only_2025))
    found = [coding for coding, own in evidence if codes & own]
    return "+".join(found) if found else "/".join(CODINGS)


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
