"""NIK pseudonyms: the key, the HMAC, masking, and reading NIKs damaged by Excel."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re

import pandas as pd
import pytest
from raw_fixtures import random_nik

from analysis.inputs import pseudonym as ps

KEY = "k3y-" + "0123456789abcdef" * 3


@pytest.fixture
def rng():
    return random.Random()


@pytest.fixture
def no_key(monkeypatch, tmp_path):
    """No key in the environment and a key file path that does not exist."""
    monkeypatch.delenv(ps.KEY_ENV, raising=False)
    path = tmp_path / "config" / "pseudonym.key"
    monkeypatch.setenv(ps.KEY_FILE_ENV, str(path))
    return path


def write_key(path, text=KEY, mode=0o600):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    path.chmod(mode)
    return path


def test_pseudonym_is_hmac_sha256_of_the_nik(rng):
    nik = random_nik(rng)
    digest = hmac.new(KEY.encode(), nik.encode(), hashlib.sha256).digest()
    expected = "P" + base64.b32encode(digest[:10]).decode()
    assert ps.pseudonym(nik, KEY.encode()) == expected
    assert ps.pseudonym(nik, KEY.encode()) != ps.pseudonym(nik, (KEY + "x").encode())


def test_pseudonyms_never_look_like_a_nik(rng):
    niks = pd.Series([random_nik(rng) for _ in range(2000)], dtype="str")
    pseudonyms = ps.pseudonymize(niks, KEY.encode())
    assert pseudonyms.str.fullmatch(r"P[A-Z2-7]{16}").all()
    # No run of digits a NIK scanner would take for a NIK (15 or 16 digits). Shorter runs
    # occur by chance, since base32 has the digits 2-7: about one sample of 2,000 in 40 holds
    # eight in a row.
    assert not pseudonyms.str.contains(r"\d{15}").any()
    assert pseudonyms.nunique() == niks.nunique()


def test_pseudonymize_keeps_missing_and_repeats(rng):
    nik = random_nik(rng)
    result = ps.pseudonymize(pd.Series([nik, None, nik], dtype="str"), KEY.encode())
    assert result[0] == result[2] == ps.pseudonym(nik, KEY.encode())
    assert pd.isna(result[1])


def test_key_from_environment(monkeypatch, no_key):
    monkeypatch.setenv(ps.KEY_ENV, f"  {KEY}  ")
    assert ps.load_key() == KEY.encode()


def test_key_from_key_file_named_by_environment(no_key):
    write_key(no_key)
    assert ps.load_key() == KEY.encode()


def test_key_from_default_file_in_home(monkeypatch, tmp_path):
    monkeypatch.delenv(ps.KEY_ENV, raising=False)
    monkeypatch.delenv(ps.KEY_FILE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    write_key(tmp_path / ".config" / "bkbk" / "pseudonym.key")
    assert ps.key_file() == tmp_path / ".config" / "bkbk" / "pseudonym.key"
    assert ps.load_key() == KEY.encode()


def test_missing_key_says_how_to_create_one(no_key):
    with pytest.raises(ps.PseudonymKeyError) as error:
        ps.load_key()
    message = str(error.value)
    assert str(no_key) in message
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in message
    assert f'chmod 600 "{no_key}"' in message


def test_short_key_is_refused(monkeypatch, no_key):
    monkeypatch.setenv(ps.KEY_ENV, "short")
    with pytest.raises(ps.PseudonymKeyError, match="shorter than 32 characters"):
        ps.load_key()


def test_key_file_readable_by_others_is_refused(no_key):
    write_key(no_key, mode=0o644)
    with pytest.raises(ps.PseudonymKeyError, match="chmod 600"):
        ps.load_key()


def test_key_file_inside_the_repository_is_refused(monkeypatch, no_key):
    write_key(no_key)
    monkeypatch.setattr(ps, "REPO_ROOT", no_key.parent)
    with pytest.raises(ps.PseudonymKeyError, match="inside the repository"):
        ps.load_key()


def test_mask_hides_the_middle_of_a_nik(rng):
    nik = random_nik(rng)
    assert ps.mask_nik(nik) == nik[:4] + "********" + nik[-4:]
    assert ps.mask_nik("3.5e+15") == "3.5e+15"
    assert ps.mask_digits(f"id {nik} ok") == f"id {nik[:4]}********{nik[-4:]} ok"
    assert ps.mask_digits("1507012001") == "1507012001"


def read_one(value):
    niks, rules = ps.read_nik(pd.Series([value], dtype=object))
    return (None if pd.isna(niks[0]) else niks[0]), (None if pd.isna(rules[0]) else rules[0])


def test_nik_as_text_is_kept(rng):
    nik = random_nik(rng)
    assert read_one(nik) == (nik, None)
    assert read_one(f" {nik[:4]} {nik[4:]} ") == (nik, None)
    assert read_one("'" + nik) == (nik, None)


def test_nik_stored_as_a_number_with_all_digits_is_recovered(rng):
    nik = random_nik(rng)
    assert read_one(int(nik)) == (nik, ps.NIK_RECOVERED)
    assert read_one(float(nik)) == (nik, ps.NIK_RECOVERED)
    assert read_one(f"{nik[0]}.{nik[1:]}e+15") == (nik, ps.NIK_RECOVERED)
    assert read_one(f"{nik}.0") == (nik, ps.NIK_RECOVERED)


@pytest.mark.parametrize("value", ["3.5e+15", "3,50701E+15", "3.5070123456789E+15", 3.5e15,
                                   9.3e15 + 1])
def test_nik_that_lost_digits_in_scientific_notation_is_damaged(value):
    assert read_one(value) == (None, ps.NIK_DAMAGED)


def test_nik_that_is_not_16_digits_is_invalid(rng):
    nik = random_nik(rng)
    for value in (nik[:15], nik + "7", nik[:8] + "-" + nik[8:12], "tidak ada", int(nik[:15])):
        assert read_one(value) == (None, ps.NIK_INVALID), value


def test_missing_nik_stays_missing():
    niks, rules = ps.read_nik(pd.Series([None, float("nan")], dtype=object))
    assert niks.isna().all() and rules.isna().all()


def test_no_nik_in_masked_damaged_value(rng):
    nik = random_nik(rng)
    masked = ps.mask_nik(f"{nik[0]}.{nik[1:]}e+15")
    assert not re.search(r"\d{5}", masked)
