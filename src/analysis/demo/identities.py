"""Synthetic NIK, names and birth dates for the demo's people (none belongs to anyone).

A NIK is built the way Dukcapil builds one: the 6-digit kecamatan code of the home village,
the birth date as DDMMYY (day + 40 for women), and a 4-digit serial from 0001. People made up
only for a village list whose NIK would be taken get a serial from ``UNREGISTERED_SERIAL``.
Names join a first name by sex and a family name from the pools below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

UNREGISTERED_SERIAL = 5000
MALE = ("Ahmad", "Budi", "Rahmat", "Agus", "Joko", "Eko", "Andi", "Hasan", "Bambang", "Dedi",
        "Hendra", "Irwan", "Junaidi", "Kurniawan", "Lukman", "Mulyadi", "Nasrul", "Rudi",
        "Syafri", "Taufik", "Usman", "Wahyu", "Yusuf", "Zulkifli", "Arif", "Darmawan", "Firdaus",
        "Gunawan", "Herman", "Ismail", "Jamal", "Khairul", "M. Ridwan", "Nurdin", "Rizal",
        "Sofyan", "Tarmizi", "Wawan", "Yanto", "Zainal")
FEMALE = ("Siti", "Nur", "Sri", "Dewi", "Rina", "Yanti", "Fitri", "Lina", "Ratna", "Aminah",
          "Desi", "Erna", "Fatimah", "Hasanah", "Indah", "Juwita", "Kartini", "Laila", "Maryam",
          "Nurhayati", "Purnama", "Rahmawati", "Salmah", "Titin", "Umi", "Wati", "Yuliana",
          "Zubaidah", "Asmah", "Badriah", "Cici", "Diana", "Eli", "Halimah", "Ida", "Jamilah",
          "Mardiana", "Nova", "Rosmini", "Susanti")
FAMILY = ("Hidayat", "Saputra", "Lestari", "Wahyuni", "Rahman", "Harahap", "Siregar", "Nasution",
          "Putri", "Utami", "Pratama", "Susilo", "Santoso", "Sari", "Setiawan", "Hasibuan",
          "Lubis", "Ramadhan", "Syahputra", "Wijaya", "Anggraini", "Yulianti", "Firmansyah",
          "Hakim", "Kusuma", "Maulana", "Nugroho", "Permata", "Rangkuti", "Simatupang",
          "Tanjung", "Yusuf", "Abdullah", "Batubara", "Chaniago", "Daulay", "Effendi", "Fauzi",
          "Gultom", "Hutapea", "Iskandar", "Jambak", "Koto", "Madjid", "Nainggolan", "Pane",
          "Rambe", "Sinaga", "Tambunan", "Zakaria")


@dataclass
class Identities:
    """NIK, name and birth date (ISO text) of each person, arrays by person number."""

    nik: np.ndarray
    name: np.ndarray
    birth_date: np.ndarray


def _digits(values: np.ndarray, width: int) -> pd.Series:
    return pd.Series(values).astype(str).str.zfill(width)


def draw_identities(district_digits: np.ndarray, female: np.ndarray, birth_year: np.ndarray,
                    rng: np.random.Generator) -> Identities:
    """Identities for people with a home kecamatan ('150701'), sex and birth year."""
    n = len(district_digits)
    first_day = pd.to_datetime(pd.Series(birth_year).astype(str) + "-01-01")
    dates = first_day + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    stem = (pd.Series(district_digits).astype(str)
            + _digits((dates.dt.day + 40 * np.asarray(female)).to_numpy(), 2)
            + _digits(dates.dt.month.to_numpy(), 2) + _digits(dates.dt.year.to_numpy() % 100, 2))
    serial = stem.groupby(stem).cumcount() + 1
    first = np.where(female, np.array(FEMALE)[rng.integers(0, len(FEMALE), n)],
                     np.array(MALE)[rng.integers(0, len(MALE), n)])
    family = np.array(FAMILY)[rng.integers(0, len(FAMILY), n)]
    name = pd.Series(first) + " " + pd.Series(family)
    return Identities((stem + _digits(serial.to_numpy(), 4)).to_numpy(dtype=str),
                      name.to_numpy(dtype=str), dates.dt.strftime("%Y-%m-%d").to_numpy(dtype=str))


def district_digits(village_codes: np.ndarray) -> np.ndarray:
    """'15.07.01.2001' -> '150701'."""
    return np.char.replace(np.char.rpartition(np.asarray(village_codes, dtype=str), ".")[:, 0],
                           ".", "")
