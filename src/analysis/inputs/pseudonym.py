"""Keyed pseudonyms for NIK (the 16-digit national identity number).

A NIK is replaced at load by ``"P"`` + 16 base32 characters of HMAC-SHA256(key, NIK), so
participants and claims get the same pseudonym for the same person while nobody without the
key can go back from a pseudonym to a NIK. Base32 (A-Z, 2-7) keeps a pseudonym from ever
looking like a 16-digit number. The key lives outside the repository: in the environment
variable ``BKBK_PSEUDONYM_KEY``, or in the file named by ``BKBK_PSEUDONYM_KEY_FILE``
(default ``~/.config/bkbk/pseudonym.key``). Keep the key: another key gives other pseudonyms.
A synthetic dataset may say ``pseudonym_key = "demo"`` in dataset.toml: it then uses the
published ``DEMO_KEY``, which is refused for any other dataset.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import stat
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.reference.paths import REPO_ROOT

KEY_ENV = "BKBK_PSEUDONYM_KEY"
KEY_FILE_ENV = "BKBK_PSEUDONYM_KEY_FILE"
DEFAULT_KEY_FILE = "~/.config/bkbk/pseudonym.key"
MIN_KEY_LENGTH = 32
NIK_DIGITS = 16
LONG_DIGIT_RUN = 12  # digit runs this long are masked in any message

NIK_DAMAGED = "NIK damaged by Excel scientific notation; export the column as text"
NIK_INVALID = "NIK must be 16 digits"
NIK_RECOVERED = "NIK stored as a number with all 16 digits intact; read as text (export it as text)"


# Published on purpose: it protects nothing, so it is accepted only for synthetic data.
DEMO_KEY = b"bkbk-demo-data-synthetic-only-published-key"


class PseudonymKeyError(Exception):
    """No usable pseudonym key; the message says how to create one."""


def key_file() -> Path:
    """Where the key file is looked for."""
    return Path(os.environ.get(KEY_FILE_ENV) or DEFAULT_KEY_FILE).expanduser()


def _how_to_create(path: Path) -> str:
    return (
        f'create one with: mkdir -p "{path.parent}" && python -c "import secrets; '
        f'print(secrets.token_hex(32))" > "{path}" && chmod 600 "{path}" '
        f"(or set {KEY_ENV}, or {KEY_FILE_ENV} to another file outside the repository); "
        "keep it safe and reuse it: another key gives other pseudonyms"
    )


def load_key(demo: bool = False) -> bytes:
    """The pseudonym key (``DEMO_KEY`` when ``demo``) from the environment or the key file;
    raises PseudonymKeyError."""
    if demo:
        return DEMO_KEY
    text = os.environ.get(KEY_ENV, "").strip()
    origin = f"${KEY_ENV}"
    path = key_file()
    if not text:
        if not path.is_file():
            raise PseudonymKeyError(f"the data hold NIK but no pseudonym key was found at {path}; "
                                    + _how_to_create(path))
        if path.resolve().is_relative_to(REPO_ROOT.resolve()):
            raise PseudonymKeyError(f"pseudonym key file {path} is inside the repository; "
                                    "move it out (e.g. to ~/.config/bkbk/pseudonym.key)")
        if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise PseudonymKeyError(f"pseudonym key file {path} can be read by others; "
                                    f'run: chmod 600 "{path}"')
        text, origin = path.read_text(encoding="utf-8").strip(), str(path)
    if text.encode("utf-8") == DEMO_KEY:
        raise PseudonymKeyError(f"the key in {origin} is the published demo key, accepted only "
                                "for synthetic datasets; " + _how_to_create(path))
    if len(text) < MIN_KEY_LENGTH:
        raise PseudonymKeyError(f"pseudonym key in {origin} is shorter than {MIN_KEY_LENGTH} "
                                "characters; " + _how_to_create(path))
    return text.encode("utf-8")


def pseudonym(nik: str, key: bytes) -> str:
    """The pseudonym of one NIK."""
    digest = hmac.digest(key, nik.encode("ascii"), hashlib.sha256)
    return "P" + base64.b32encode(digest[:10]).decode("ascii")


@lru_cache(maxsize=4)
def _known(key: bytes) -> dict[str, str]:
    """Pseudonyms already computed with a key while loading a dataset (its tables share
    NIKs); emptied by ``forget_pseudonyms`` when the loading ends."""
    return {}


def forget_pseudonyms() -> None:
    """Drop the NIKs held while loading a dataset."""
    _known.cache_clear()


BASE32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)


def _pseudonyms(niks: list[str], key: bytes) -> list[str]:
    """``pseudonym`` of many NIKs: the same text, base32 done on all digests at once."""
    digests = b"".join(hmac.digest(key, nik.encode("ascii"), hashlib.sha256)[:10]
                       for nik in niks)
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(-1, 16, 5)
    letters = BASE32[bits @ np.array([16, 8, 4, 2, 1], dtype=np.uint8)]
    return ["P" + row.tobytes().decode("ascii") for row in letters]


def pseudonymize(niks: pd.Series, key: bytes) -> pd.Series:
    """Pseudonyms of a column of 16-digit NIK texts (missing stays missing)."""
    known = _known(key)
    codes, unique = pd.factorize(niks.to_numpy(dtype=object, na_value=None))
    new = [nik for nik in unique if nik not in known]
    known.update(zip(new, _pseudonyms(new, key), strict=True))
    table = np.array([known[nik] for nik in unique] + [None], dtype=object)
    return pd.Series(table[codes], index=niks.index, dtype="str")


def mask_digits(text: str, min_run: int = LONG_DIGIT_RUN) -> str:
    """Hide the middle of every run of ``min_run`` or more digits: '3507********0001'."""

    def hide(match: re.Match) -> str:
        run = match.group()
        if len(run) <= 8:
            return "*" * len(run)
        return run[:4] + "*" * (len(run) - 8) + run[-4:]

    return re.sub(rf"\d{{{min_run},}}", hide, text)


def mask_nik(text: str) -> str:
    """A NIK-like value as it may appear in a message: every digit run of 5+ masked."""
    return mask_digits(text, 5)


def mask_nik_column(text: pd.Series) -> pd.Series:
    """``mask_nik`` of every cell of a text column (fast for the usual 16-digit NIK)."""
    clean = text.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    masked = text.str.slice(0, 4) + "*" * 8 + text.str.slice(12)
    rest = text.notna() & ~clean
    masked[rest] = text[rest].map(mask_nik)
    return masked.where(text.notna())


def _from_number(digits: str, lost_digits: bool) -> tuple[str | None, str]:
    """Judge a NIK that went through a number: Excel keeps 15 significant digits."""
    if lost_digits or (len(digits) == NIK_DIGITS and digits.endswith("0000")):
        return None, NIK_DAMAGED
    if len(digits) != NIK_DIGITS:
        return None, NIK_INVALID
    return digits, NIK_RECOVERED


def _read_text(text: str) -> tuple[str | None, str | None]:
    compact = re.sub(r"\s", "", text).lstrip("'")
    if re.fullmatch(r"\d{16}", compact):
        return compact, None
    if not re.fullmatch(r"\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?", compact):
        return None, NIK_INVALID
    try:
        number = Decimal(compact.replace(",", "."))
    except InvalidOperation:
        return None, NIK_INVALID
    if number != number.to_integral_value():
        return None, NIK_INVALID
    return _from_number(str(int(number)), number.as_tuple().exponent > 0)


def read_nik_value(value: object) -> tuple[str | None, str | None]:
    """(16-digit NIK or None, rule broken or None) for one raw cell."""
    if isinstance(value, bool):
        return None, NIK_INVALID
    if isinstance(value, int | np.integer):
        return _from_number(str(int(value)), lost_digits=False)
    if isinstance(value, float | np.floating):
        if not np.isfinite(value) or not float(value).is_integer():
            return None, NIK_INVALID
        return _from_number(str(int(value)), lost_digits=abs(value) >= 2**53)
    return _read_text(str(value))


def read_nik(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A raw NIK column as (16-digit texts, rule broken per cell); missing cells stay missing."""
    niks = pd.Series(pd.NA, index=values.index, dtype="str")
    rules = pd.Series(pd.NA, index=values.index, dtype="str")
    present = values.dropna()
    if pd.api.types.is_string_dtype(present.dtype) and present.dtype != object:
        is_text = pd.Series(True, index=present.index)
    else:
        is_text = present.map(lambda value: isinstance(value, str)).astype(bool)
    text = present[is_text].astype("str").str.strip()
    clean = text[text.str.fullmatch(r"\d{16}").astype(bool)]
    niks[clean.index] = clean
    others = present.drop(clean.index)
    if len(others):
        read = [read_nik_value(value) for value in others]
        niks[others.index] = [nik for nik, _ in read]
        rules[others.index] = [rule for _, rule in read]
    return niks, rules


def nik_is_valid(niks: pd.Series) -> pd.Series:
    """The form of a NIK (SPEC finding ``nik_tidak_valid``): 16 digits, digits 7-8 a day
    01-31 (41-71 for women), digits 9-10 a month 01-12, last four digits not 0000."""
    text = niks.astype("str")
    digits = text.str.fullmatch(r"\d{16}").fillna(False).astype(bool)
    day = pd.to_numeric(text.str.slice(6, 8).where(digits), errors="coerce")
    month = pd.to_numeric(text.str.slice(8, 10).where(digits), errors="coerce")
    return (digits & (day.between(1, 31) | day.between(41, 71)) & month.between(1, 12)
            & (text.str.slice(12, 16) != "0000")).fillna(False).astype(bool)
