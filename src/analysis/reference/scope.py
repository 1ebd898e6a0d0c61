"""Scopes (a regency or the province) and per-village tallies summed to them.

"Villages in scope" are all reference villages of the regency (or province), with or without
participants. Tallies are arrays aligned with ``reference_villages()`` so that any scope's
figure is a sum over its villages.
"""

from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.inputs.dataset import Dataset
from analysis.reference.geography import (
    new_village_codes,
    province_code,
    regencies,
    resolve_scope,
    villages,
    villages_in,
)
from analysis.reference.province import NATIONAL, is_regency_code, province_of


@dataclass(frozen=True)
class Scope:
    """What a report or table covers: one regency, or the province."""

    code: str
    name: str

    @classmethod
    def resolve(cls, text: str | float) -> Scope:
        """A scope given as code or name: '15.07', 'Tanjab Timur', '15', 'province'."""
        return cls(*resolve_scope(cls.given(text)))

    @staticmethod
    def given(text: str | float) -> str:
        """A scope parameter as text: a code that papermill's ``-p scope 32.10`` made the
        number 32.1 is read with its two digits (regency codes have two after the dot)."""
        return f"{text:.2f}" if isinstance(text, float) else str(text)

    @classmethod
    def province(cls) -> Scope:
        """The whole province."""
        return cls.resolve(province_code())

    @property
    def is_province(self) -> bool:
        """True for the run's province (in a national run: the nation)."""
        return self.code == province_code()

    @property
    def is_regency(self) -> bool:
        """True for a regency; False for a province or the nation."""
        return is_regency_code(self.code)

    def covers(self, regency: str) -> bool:
        """True when a regency code is this scope's or one of its regencies'."""
        return _covers(self.code, regency)

    def __str__(self) -> str:
        return self.code


@lru_cache(maxsize=64)
def scope_name(code: str) -> str:
    """Display name of a scope code."""
    return resolve_scope(code)[1]


def reference_villages() -> pd.DataFrame:
    """All reference villages of the run's geography in code order, with a positional
    index 0..n-1."""
    return _reference()[0]


_REFERENCES: dict[int, tuple[pd.DataFrame, pd.Index, pd.DataFrame]] = {}


def _reference() -> tuple[pd.DataFrame, pd.Index]:
    """The sorted reference villages and their code index, made once per geography
    (``villages()`` keeps one frame per setting; it is kept here too, so that its id is
    never another frame's)."""
    frame = villages()
    if id(frame) not in _REFERENCES:
        ordered = frame.sort_values("village_code", ignore_index=True)
        _REFERENCES[id(frame)] = (ordered, pd.Index(ordered["village_code"]), frame)
    ordered, lookup, _ = _REFERENCES[id(frame)]
    return ordered, lookup


def village_positions(codes: pd.Series) -> np.ndarray:
    """Row of each code in ``reference_villages()``; -1 for a code outside the reference
    (looked up once per distinct code)."""
    rows, distinct = pd.factorize(codes)
    found = _reference()[1].get_indexer(distinct)
    return np.where(rows >= 0, found.take(rows, mode="clip"), -1) if len(found) else rows


def scope_mask(code: str) -> np.ndarray:
    """Boolean array over ``reference_villages()``: the villages of a scope."""
    ref = reference_villages()
    mask = np.zeros(len(ref), dtype=bool)
    mask[_scope_rows(ref, code)] = True
    return mask


def tally(positions: np.ndarray, mask: np.ndarray | None = None,
          values: np.ndarray | None = None) -> np.ndarray:
    """Per-village count (or integer sum of ``values``) of the rows selected by ``mask``."""
    keep = positions >= 0 if mask is None else (positions >= 0) & mask
    out = np.zeros(len(reference_villages()), dtype=np.int64)
    if values is None:
        out += np.bincount(positions[keep], minlength=len(out))
    else:
        np.add.at(out, positions[keep], np.asarray(values, dtype=np.int64)[keep])
    return out


def in_scope(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """Rows of a frame carrying ``regency_code`` that belong to a scope (the province: rows
    of its 11 regencies, so that it is always the sum of the regencies; in a national run
    also each province), in their order."""
    return frame.take(_scope_rows(frame, code))


def _scope_rows(frame: pd.DataFrame, code: str) -> np.ndarray:
    """Positions of a scope's rows in a frame carrying ``regency_code``, in order."""
    rows = _rows_by_regency(frame)
    if is_regency_code(code):
        return rows.get(code, _NO_ROWS)
    parts = [c for c in _regency_codes() if _covers(code, c)]
    return np.sort(np.concatenate([_NO_ROWS, *(rows.get(c, _NO_ROWS) for c in parts)]))


def _covers(scope: str, regency: str) -> bool:
    """True when a regency code is the scope's, one of its province's, or the run's."""
    return regency == scope or province_of(regency) == scope or scope == province_code()


_NO_ROWS = np.array([], dtype=np.intp)
_ROWS_BY_REGENCY: dict[int, tuple[int, dict[str, np.ndarray]]] = {}


def _rows_by_regency(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Positions of a frame's rows per regency code, found once per frame: a national run
    takes each of 514 regencies from frames of millions of rows, and comparing every row's
    code for each took minutes. Kept while the frame lives (and as long as its length)."""
    key = id(frame)
    length, rows = _ROWS_BY_REGENCY.get(key, (-1, {}))
    if length != len(frame):
        codes, uniques = pd.factorize(frame["regency_code"])
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        rows = {str(code): order[bounds[at]:bounds[at + 1]] for at, code in enumerate(uniques)}
        if key not in _ROWS_BY_REGENCY:
            weakref.finalize(frame, _ROWS_BY_REGENCY.pop, key, None)
        _ROWS_BY_REGENCY[key] = (len(frame), rows)
    return rows


def _regency_codes() -> tuple[str, ...]:
    return _province_regency_codes(province_code())


@lru_cache(maxsize=4)
def _province_regency_codes(province: str) -> tuple[str, ...]:
    return tuple(regency.code for regency in regencies())


def regency_codes() -> list[str]:
    """The 11 regency codes in order."""
    return list(_regency_codes())


def part_codes() -> list[str]:
    """Codes of the parts a run's whole is compared by, in order: the province's regencies,
    or in a national run the provinces."""
    if province_code() != NATIONAL:
        return regency_codes()
    return sorted({province_of(code) for code in _regency_codes()})


def regencies_in_data(dataset: Dataset) -> list[str]:
    """The regency codes, in order, with at least one row in one of the dataset's tables: a
    partial dataset (a pilot, a first quarter, an extract) covers only some."""
    return [code for code in regency_codes() if code in dataset.regencies_present]


def new_villages_without_rows(dataset: Dataset, code: str) -> set[str]:
    """Codes of a scope's villages that are new in the 2025 list and have no participant,
    payment or allocation in the dataset (an export in the 2022 coding has none of them)."""
    listed = set(villages_in(code)["village_code"]) & new_village_codes()
    # on the basis only those the dataset holds are listed at all: nothing to look up
    return listed - dataset.villages_with_rows if listed else set()


def province_scopes() -> list[Scope]:
    """The province as a scope; in a national run each province, in code order."""
    if province_code() != NATIONAL:
        return [Scope.province()]
    return [Scope.resolve(code) for code in part_codes()]


def regency_scopes() -> list[Scope]:
    """The 11 regencies as scopes, in code order."""
    return [Scope(regency.code, regency.name) for regency in regencies()]


def province_part(dataset: Dataset, code: str) -> Dataset:
    """The rows of a national dataset that are one province's, as the province's own export
    would hold them (its regencies' rows, its new 2025 villages); its coding is the run's,
    which the national dataset was checked against, and its validation warnings the whole
    dataset's. Made while the run's setting is the nation's; a province report of a national
    run reads it."""
    def part(frame: pd.DataFrame) -> pd.DataFrame:
        return in_scope(frame, code).reset_index(drop=True)

    meta = dataset.meta
    meta = dataclasses.replace(
        meta, province=code, coding=None,
        new_villages=tuple(v for v in meta.new_villages if province_of(v) == code))
    tables = {name: part(getattr(dataset, name)) for name in
              ("participants", "contributions", "claims", "allocations", "workforce")}
    return Dataset(dataset.path, meta, **tables, warnings=dataset.warnings,
                   village_lists=lambda: None if dataset.village_lists is None
                   else part(dataset.village_lists))
