"""The run's province's administrative geography: regencies, kecamatan and villages
(Kemendagri codes); the province is a setting (``analysis.reference.province``).

Village codes come in versions (``CODINGS``). Each province's reports are made on its basis
(``basis``) unless the run asks for another coding (``use_coding``, ``report_coding``):
Jambi's basis is the 2022 list of its programme (``wilayah_jambi.csv``), every other
province's is Kepmendagri 300.2.2-2138/2025. In Jambi's 2025 list 36 villages moved to new
kecamatan (new codes; one also renamed), 16 kept their code with a corrected name and 23 are
new. ``crosswalk()`` pairs them (``scripts/build_crosswalk.py``); a dataset in either coding
is read in the reports' coding with ``codes_in``. A village new in 2025 has no 2022 code: when
the run's dataset holds some (``use_new_villages``), 2022-coded reports show them under their
2025 code, kecamatan and regency (every such kecamatan of Jambi is one of the basis); 2025-coded
reports show every village of the 2025 list, each moved village under its new kecamatan.
A national run covers every province, each on its basis, or all in the 2025 coding.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache, lru_cache

import pandas as pd

from analysis.reference.parameters import load_parameters
from analysis.reference.paths import REFERENCE_DIR
from analysis.reference.province import (
    CODING_ENVIRONMENT,
    NATIONAL,
    active_province,
    kepmendagri_2025,
    province_names,
    province_parameters,
)

BASIS = "2022"  # the coding of the programme's first reference list (Jambi's basis)
CODINGS = (BASIS, "2025")
PROVINCE_WORDS = {"province", "provinsi"}
NEW_VILLAGES = "BKBK_NEW_VILLAGES"  # environment: the new 2025 villages the dataset holds
_PREFIXES = ("kabupaten", "kab", "kota")
LISTED_REGENCIES = 40  # a message lists every valid regency up to this many (not a nation's)


def province_code() -> str:
    """Scope code of the run's province ("15"), ``NATIONAL`` for the whole country."""
    return active_province()


def province_name() -> str:
    """Display name of the run's province ("Provinsi Jambi")."""
    return str(load_parameters()["province"]["name"])


def basis(province: str | None = None) -> str:
    """The coding a province's reports are made on; the nation's is that of the programme
    (``BASIS``): every province on its own basis, Jambi's the 2022 list."""
    if (province or active_province()) == NATIONAL:
        return BASIS
    return str(load_parameters(province)["province"]["basis"])


def report_coding() -> str:
    """The coding the run's reports are made in: the run's setting, else the province's
    basis."""
    return coding_setting() or basis()


def province_coding(province: str) -> str:
    """The coding a province's reports are made in within the run: the run's setting, else
    the province's basis (in a national run on the basis: Jambi 2022, the others 2025)."""
    return coding_setting() or basis(province)


def coding_setting() -> str:
    """The run's coding when it is not the province's basis, else empty."""
    return os.environ.get(CODING_ENVIRONMENT, "")


def codings() -> tuple[str, ...]:
    """The codings the run's province has a village list in (Jambi: 2022 and 2025)."""
    province = active_province()
    if province == NATIONAL or "reference_list" in load_parameters(province)["province"]:
        return CODINGS
    return tuple(coding for coding in CODINGS if coding != BASIS)


def use_coding(coding: str | int | None) -> str:
    """Make ``coding`` ("2022" or "2025"; empty: the province's basis) that of the run's
    reports (and of the processes it starts); return it. A coding the province has no list
    in is refused (ValueError naming those it has)."""
    wanted = str(coding or "").strip() or basis()
    if wanted not in codings():
        raise ValueError(f"no village list of {province_name()} in the coding {wanted!r}; "
                         f"give one of: {', '.join(codings())} (default: {basis()})")
    if wanted == basis():
        os.environ.pop(CODING_ENVIRONMENT, None)
    else:
        os.environ[CODING_ENVIRONMENT] = wanted
    return wanted


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


def villages(coding: str | None = None) -> pd.DataFrame:
    """All desa/kelurahan of the run's province with their kecamatan and regency, in a
    coding (default: the reports'); Jambi: 1,562 in the 2022 basis, 1,585 in the 2025
    list."""
    coding = coding or report_coding()
    added = os.environ.get(NEW_VILLAGES, "") if coding == BASIS else ""
    return _villages(active_province(), coding, tuple(filter(None, added.split(","))))


@cache
def _villages(province: str, coding: str, added: tuple[str, ...] = ()) -> pd.DataFrame:
    if added:
        return _with_new_villages(_villages(province, coding), added)
    if coding not in CODINGS:
        raise ValueError(f"coding must be one of {', '.join(CODINGS)}; got {coding!r}")
    if province == NATIONAL and coding == BASIS:
        parts = [_villages(code, basis(code)) for code in province_names()]
        return pd.concat(parts, ignore_index=True)
    if coding == BASIS:
        own_list = load_parameters(province)["province"].get("reference_list")
        if own_list is None:
            raise ValueError(f"province {province} has no {BASIS} reference list; its basis is "
                             f"{basis(province)}")
        return pd.read_csv(REFERENCE_DIR / own_list, dtype=str)
    return _villages_2025(None if province == NATIONAL else province)


def readable_codes() -> set[str]:
    """The village codes a dataset of the run may hold: those of the reports' coding and the
    other coding's codes of the villages the crosswalk pairs (moved, new in 2025)."""
    table = crosswalk()
    return (set(villages()["village_code"]) | set(table["code_2022"].dropna())
            | set(table["code_2025"].dropna()))


def new_village_codes() -> set[str]:
    """2025 codes of the villages that are new in the 2025 list (no 2022 code)."""
    table = crosswalk()
    return set(table.loc[table["change"] == "new", "code_2025"])


def use_new_villages(codes: Iterable[str]) -> None:
    """Report the new 2025 villages among ``codes`` (the dataset's) on the basis."""
    os.environ[NEW_VILLAGES] = ",".join(sorted(set(codes) & new_village_codes()))


def _with_new_villages(basis_list: pd.DataFrame, added: tuple[str, ...]) -> pd.DataFrame:
    """The basis list with the new 2025 villages ``added``, each under its 2025 kecamatan
    (named as in the basis) and regency."""
    province = added[0][:2]
    rows = _villages_2025(province)
    rows = rows[rows["village_code"].isin(added)].copy()
    names = basis_list.drop_duplicates("district_code").set_index("district_code")
    rows["district_name"] = rows["district_code"].map(names["district_name"]).fillna(
        rows["district_name"])
    return pd.concat([basis_list, rows], ignore_index=True).sort_values(
        "village_code", ignore_index=True)


def _villages_2025(province: str | None) -> pd.DataFrame:
    table = kepmendagri_2025()
    if province is not None:
        table = table[table["code"].str.startswith(province + ".")]
    names = table.set_index("code")["name"]
    rows = table[table["level"] == "desa_kelurahan"]
    regency_names = _regency_names()
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


@cache
def _moved_codes(coding: str) -> dict[str, str]:
    """The other coding's code of every moved village, to its code in ``coding``."""
    moved = crosswalk()[crosswalk()["change"] == "moved"]
    new, old = ("code_2022", "code_2025") if coding == BASIS else ("code_2025", "code_2022")
    return dict(zip(moved[old], moved[new], strict=True))


def codes_in(codes: pd.Series, coding: str) -> pd.Series:
    """Village codes in ``coding``: a moved village's code in the other coding becomes its
    code in this one; every other code is kept (looked up once per distinct code; no code
    of one coding is another village's in the other)."""
    rows, distinct = pd.factorize(codes)
    renamed = pd.Series(distinct, dtype=codes.dtype).replace(_moved_codes(coding))
    return pd.Series(renamed.array.take(rows, allow_fill=True), index=codes.index,
                     dtype=codes.dtype)


CODING_DESCRIPTIONS = {
    BASIS: "2022 basis (the reports' coding by default; --coding 2025 reports them in 2025 codes)",
    "2025": "Kepmendagri 300.2.2-2138/2025, reported on the 2022 basis by default (--coding 2025: "
            "as they are)",
    "2025 basis": "Kepmendagri 300.2.2-2138/2025 (the coding of the reports)",
    "2022+2025": "a mix of the 2022 basis and Kepmendagri 2025, reported on the 2022 basis by "
                 "default (--coding 2025: in 2025 codes)",
    "2022/2025": "the same in the 2022 basis and in Kepmendagri 2025",
}


def village_coding(codes: set[str]) -> str:
    """Which coding a set of village codes is in: ``2022`` when it has 2022 codes of villages
    that moved, ``2025`` when it has their 2025 codes or codes of new villages, ``2022+2025``
    when it has both, ``2022/2025`` when every code is the same in both. A village of the
    2022 basis missing from the 2025 list has no other code: it counts for neither. A
    province whose basis is the 2025 list has one coding: ``2025 basis``."""
    if province_code() != NATIONAL and basis() != BASIS:
        return "2025 basis"
    table = crosswalk()
    moved = table[table["change"] == "moved"]
    only_2025 = set(table.loc[table["change"] == "new", "code_2025"]) | set(moved["code_2025"])
    evidence = ((BASIS, set(moved["code_2022"])), ("2025", only_2025))
    found = [coding for coding, own in evidence if codes & own]
    return "+".join(found) if found else "/".join(CODINGS)


@lru_cache(maxsize=1)
def _regency_names() -> pd.Series:
    """Name of every kabupaten/kota of the 2025 list by code, written as in the reports
    ("Kab. Kerinci", "Kota Jambi")."""
    table = kepmendagri_2025()
    rows = table[table["level"] == "kabupaten_kota"]
    return pd.Series(rows["name"].str.replace(r"^Kabupaten ", "Kab. ", regex=True).to_numpy(),
                     index=rows["code"].to_numpy())


@lru_cache(maxsize=1)
def _regency_aliases() -> pd.DataFrame:
    """Other names people write for regencies (``regencies.csv``: code, name, short names)."""
    return pd.read_csv(REFERENCE_DIR / "regencies.csv", dtype=str)


def regencies() -> list[Regency]:
    """The kabupaten/kota of the run's province (Jambi: 11) in code order."""
    return _regencies(active_province(), report_coding())


@cache
def _regencies(province: str, coding: str) -> list[Regency]:
    table = _villages(province, coding).drop_duplicates("regency_code")
    table = table.sort_values("regency_code")
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
    """Villages of a regency code, or of the province for its code (``province_code()``)."""
    frame = villages()
    if scope == province_code():
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


def _full_key(text: str) -> str:
    """Lower-case, space-free form of a name with its prefix ('Kabupaten' written 'kab')."""
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()
    if words and words[0] == "kabupaten":
        words[0] = "kab"
    return "".join(words)


@cache
def _lookup_keys(province: str, coding: str) -> dict[str, str | None]:
    """Regency code by name key: full names ('kabbogor', 'kotabogor') and names without
    their prefix ('bogor'); None for a short name that two regencies share."""
    found = _regencies(province, coding)
    keys: dict[str, str | None] = {}
    for regency in found:
        short = _key(regency.name)
        keys[short] = regency.code if keys.get(short, regency.code) == regency.code else None
    keys |= {_full_key(r.name): r.code for r in found}
    codes = {r.code for r in found}
    for row in _regency_aliases().itertuples():
        if row.regency_code in codes:
            for name in str(row.short_names).split(";"):
                keys[_key(name)] = row.regency_code
    return keys


def find_regency(text: str) -> Regency:
    """Look a regency up by code ('15.07', '1507') or name ('Tanjab Timur', 'KAB. BUNGO')."""
    by_code = {r.code: r for r in regencies()}
    code = normalize_code(text)
    if code in by_code:
        return by_code[code]
    keys = _lookup_keys(active_province(), report_coding())
    for key in (_full_key(str(text)), _key(str(text))):
        if key in keys and keys[key] is None:
            namesakes = " or ".join(r.name for r in regencies() if _key(r.name) == key)
            raise UnknownRegionError(f"{text!r} may mean {namesakes}: give the code or the "
                                     "full name")
        if key in keys:
            return by_code[keys[key]]
    raise _unknown_regency(str(text))


def _listed(found: Iterable[Regency]) -> str:
    return ", ".join(f"{r.code} {r.name}" for r in found)


def _unknown_regency(text: str) -> UnknownRegionError:
    """The error for a name or code no regency of the run has: every valid one in a
    province's run; in a national run (514) those of a province code given, else the
    similar names."""
    found = regencies()
    if len(found) <= LISTED_REGENCIES:
        return UnknownRegionError(f"unknown regency {text!r}; valid: {_listed(found)}")
    code, names = normalize_code(text), province_names()
    if code in names:
        within = [r for r in found if r.code.startswith(code + ".")]
        return UnknownRegionError(
            f"{text!r} is the province {names[code]}, not a regency; its {len(within)} "
            f"regencies: {_listed(within)}")
    by_key: dict[str, list[Regency]] = {}
    for regency in found:
        by_key.setdefault(_key(regency.name), []).append(regency)
    near = [r for key in get_close_matches(_key(text), list(by_key), n=4) for r in by_key[key]]
    similar = f"similar: {_listed(near)}; " if near else ""
    return UnknownRegionError(f"unknown regency {text!r}; {similar}every regency of the run: "
                              "bkbk regions --province all")


def _province_named(given: str) -> str | None:
    """The province a lower-case text names in a national run ('32', 'Jawa Barat',
    'Provinsi Jawa Barat', 'Jawa Barat province'), else None; a bare name that is also a
    regency's ('Jambi': Kota Jambi) is refused."""
    names = province_names()
    if normalize_code(given) in names:
        return normalize_code(given)
    for code, name in names.items():
        short = name.lower()
        if given in {f"provinsi {short}", f"{short} province"}:
            return code
        if given == short and _key(name) in _lookup_keys(NATIONAL, report_coding()):
            raise UnknownRegionError(
                f"{name!r} may mean a regency or the province: give '{code}' (or 'Provinsi "
                f"{name}') for the province, the regency's code or full name for the regency")
        if given == short:
            return code
    return None


def _province_aliases() -> set[str]:
    """Ways of naming the run's province: its code, 'province', 'Provinsi Jambi', 'Jambi
    Province'."""
    code, name = province_code(), province_name()
    short = name.removeprefix("Provinsi ").lower()
    return {code, *PROVINCE_WORDS, name.lower(), f"{short} province", f"provinsi {short}"}


def resolve_scope(text: str) -> tuple[str, str]:
    """(code, display name) for a regency or the province ('15', 'province', 'Jambi Province',
    'Jawa Barat'), in a national run also for each province; a bare province name that is
    also a regency's ('Jambi': Kota Jambi) is refused."""
    given = str(text).strip().lower()
    if given in _province_aliases():
        return province_code(), province_name()
    if active_province() == NATIONAL:
        code = _province_named(given)
        if code is not None:
            return code, province_parameters(code)["province"]["name"]
    short = province_name().removeprefix("Provinsi ")
    namesake = _lookup_keys(active_province(), report_coding()).get(_key(short))
    if given == short.lower() and namesake is not None:
        regency = find_regency(namesake)
        kind = "city" if regency.name.startswith("Kota") else "regency"
        raise UnknownRegionError(
            f"{text!r} may mean {regency.name} or the whole province: give '{regency.code}' "
            f"(or '{regency.name}') for the {kind}, '{province_code()}' (or 'provinsi') "
            "for the province")
    if given == short.lower():
        return province_code(), province_name()
    regency = find_regency(text)
    return regency.code, regency.name
