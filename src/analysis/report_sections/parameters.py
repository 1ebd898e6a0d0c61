"""The parameters of a report notebook, checked once: a bad value stops the notebook with one
short message in the report's language naming the valid values, not a traceback."""

from __future__ import annotations

import re

from analysis.reference.geography import (
    UnknownRegionError,
    codings,
    province_code,
    regencies,
    use_coding,
)
from analysis.reference.province import NATIONAL
from analysis.reference.scope import Scope, province_scopes
from analysis.text.formatting import LANGS
from analysis.text.messages import message

AUDIENCES = ("public", "internal")
PERIOD_PATTERN = re.compile(r"^(latest|\d{4}Q[1-4])$")


class ParameterError(ValueError):
    """A report parameter outside its valid values; Jupyter shows only its message."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def checked_scope(scope: str | float, lang: str) -> Scope:
    """The scope a notebook parameter names; ParameterError listing the valid ones, or saying
    that the nation has no report of its own."""
    try:
        region = Scope.resolve(scope)
    except UnknownRegionError:
        raise ParameterError(message("parameters.scope", lang, value=Scope.given(scope),
                                     valid=_valid_scopes(lang))) from None
    if region.is_province and province_code() == NATIONAL:
        raise ParameterError(message("parameters.nation", lang))
    return region


def _valid_scopes(lang: str) -> str:
    """The scopes a report can have: the regencies and the province; in a national run the
    provinces, and a pointer to the 514 regencies."""
    if province_code() == NATIONAL:
        return ", ".join([*(f"{s.code} ({s.name})" for s in province_scopes()),
                          message("parameters.national_regencies", lang)])
    return ", ".join([*(f"{r.code} ({r.name})" for r in regencies()),
                      f"{province_code()} ({message('parameters.province', lang)})"])


def check_parameters(period: str, lang: str, audience: str) -> None:
    """ParameterError when the language, audience or period is not one of the valid values."""
    if lang not in LANGS:
        raise ParameterError(message("parameters.choice", "id", name="lang", value=str(lang),
                                     valid=", ".join(LANGS)))
    if audience not in AUDIENCES:
        raise ParameterError(message("parameters.choice", lang, name="audience",
                                     value=str(audience), valid=", ".join(AUDIENCES)))
    if not PERIOD_PATTERN.match(str(period)):
        raise ParameterError(message("parameters.period", lang, value=str(period)))


def checked_coding(coding: str | int, lang: str) -> str:
    """Make the notebook's village coding the run's (empty: the province's basis);
    ParameterError naming the codings the province has."""
    try:
        return use_coding(coding)
    except ValueError:
        raise ParameterError(message("parameters.choice", lang, name="coding",
                                     value=str(coding), valid=", ".join(codings()))) from None
