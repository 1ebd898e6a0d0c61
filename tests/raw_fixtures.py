"""Dataset folders written at test time: a small valid canonical dataset that tests can
break one cell at a time, and a raw-export-like dataset with Indonesian headers and NIK.

NIKs are generated at test time from random digits; none is ever written into the
repository.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd

Rows = list[dict[str, object]]

ALANG_ALANG = "15.07.01.2001"
LAMBUR = "15.07.01.2002"
SUNGAI_PENUH = "15.72.01.1001"

META = {"name": "uji", "source": "dibuat untuk pengujian", "synthetic": True,
        "as_of": date(2025, 12, 31)}


def valid_tables() -> dict[str, Rows]:
    """A valid canonical dataset as raw cells (text as a CSV export would hold it)."""
    return {
        "participants": [
            {"participant_id": "K001", "village_code": ALANG_ALANG, "category": "MME", "sex": "L",
             "birth_year": "1980", "occupation": "petani", "enrolled_on": "2023-01-15",
             "ended_on": ""},
            {"participant_id": "K002", "village_code": ALANG_ALANG, "category": "PR", "sex": "P",
             "birth_year": "1990", "occupation": "pedagang", "enrolled_on": "2023-02-01",
             "ended_on": "2024-03-01"},
            {"participant_id": "K003", "village_code": LAMBUR, "category": "MME", "sex": "",
             "birth_year": "", "occupation": "", "enrolled_on": "2022-10-01", "ended_on": ""},
            {"participant_id": "K004", "village_code": SUNGAI_PENUH, "category": "MME",
             "sex": "P", "birth_year": "1975", "occupation": "nelayan",
             "enrolled_on": "2023-05-20", "ended_on": ""},
        ],
        "contributions": [
            {"village_code": ALANG_ALANG, "category": "MME", "period": "2023-01",
             "participants": "1", "amount": "16800", "paid_on": "2023-01-31"},
            {"village_code": ALANG_ALANG, "category": "PR", "period": "2023-02",
             "participants": "1", "amount": "16800", "paid_on": "2023-03-10"},
            {"village_code": LAMBUR, "category": "MME", "period": "2022-10",
             "participants": "1", "amount": "16800", "paid_on": "2022-11-05"},
            {"village_code": SUNGAI_PENUH, "category": "MME", "period": "2023-05",
             "participants": "1", "amount": "16800", "paid_on": "2023-06-01"},
        ],
        "claims": [
            {"claim_id": "C1", "participant_id": "K001", "village_code": ALANG_ALANG,
             "program": "JKM", "benefit": "kematian", "event_on": "2024-02-10",
             "paid_on": "2024-03-01", "amount": "42000000"},
            {"claim_id": "C2", "participant_id": "K003", "village_code": LAMBUR,
             "program": "JKK", "benefit": "perawatan", "event_on": "2023-11-01",
             "paid_on": "2023-11-20", "amount": "1500000"},
        ],
        "allocations": [
            {"village_code": ALANG_ALANG, "year": "2023", "bkbk_amount": "100000000",
             "mme_share": "0.10", "pr_share": "0.05"},
            {"village_code": LAMBUR, "year": "2023", "bkbk_amount": "100000000",
             "mme_share": "0.10", "pr_share": "0.05"},
        ],
        "workforce": [
            {"regency_code": "15.07", "year": "2023", "employed": "120000",
             "employed_formal": "40000", "employed_informal": "80000",
             "covered_formal": "15000", "covered_informal": "20000"},
        ],
    }


def meta_toml(meta: dict[str, object]) -> str:
    """``dataset.toml`` text for a metadata dict."""
    lines = []
    for key, value in meta.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        elif isinstance(value, date):
            lines.append(f"{key} = {value.isoformat()}")
        else:
            lines.append(f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


def write_csv(path: Path, rows: Rows, sep: str = ",", encoding: str = "utf-8") -> Path:
    """Rows as a CSV file (every cell as text)."""
    frame = pd.DataFrame(rows).astype("str")
    path.write_bytes(frame.to_csv(index=False, sep=sep, lineterminator="\n").encode(encoding))
    return path


def write_xlsx(path: Path, rows: Rows) -> Path:
    """Rows as the first sheet of a workbook; cells keep their Python types (dates, floats)."""
    book = openpyxl.Workbook()
    sheet = book.active
    headers = list(rows[0])
    sheet.append(headers)
    for row in rows:
        sheet.append([None if row[h] == "" else row[h] for h in headers])
    book.save(path)
    return path


def write_dataset(folder: Path, tables: dict[str, Rows] | None = None,
                  meta: dict[str, object] | None = None,
                  formats: dict[str, str] | None = None) -> Path:
    """Write a dataset folder; ``formats`` maps a table to csv (default), xlsx or parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = valid_tables() if tables is None else tables
    (folder / "dataset.toml").write_text(meta_toml(META if meta is None else meta))
    formats = formats or {}
    for table, rows in tables.items():
        kind = formats.get(table, "csv")
        path = folder / f"{table}.{kind}"
        if kind == "csv":
            write_csv(path, rows)
        elif kind == "xlsx":
            write_xlsx(path, rows)
        else:
            pd.DataFrame(rows).to_parquet(path, index=False)
    return folder


def random_nik(rng: random.Random) -> str:
    """A NIK-shaped number of Jambi (15...) made of random digits: region, birth date, serial."""
    region = "15" + "".join(rng.choice("0123456789") for _ in range(4))
    day = rng.randint(1, 28) + rng.choice((0, 40))  # women: day + 40
    month, year = rng.randint(1, 12), rng.randint(0, 99)
    return f"{region}{day:02d}{month:02d}{year:02d}{rng.randint(1, 9999):04d}"


@dataclass
class RawExport:
    """A raw-export-like dataset folder and the NIKs it holds."""

    folder: Path
    niks: list[str]


def write_raw_export(folder: Path, seed: int | None = None) -> RawExport:
    """Write a dataset the way exports arrive: Indonesian headers, NIK, xlsx participants
    with Excel date cells and a NIK stored as a number, a semicolon CSV with dd/mm/yyyy dates
    and ``1.234.567,00`` amounts, undotted codes, stray spaces and lower-case categories."""
    rng = random.Random(seed)
    niks = [random_nik(rng) for _ in range(3)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.toml").write_text(meta_toml({**META, "source": "ekspor SIPP"}))
    participants = [
        {"NIK": niks[0], "Kode Desa": " 1507012001 ", "Kategori": "mme",
         "Jenis Kelamin": "Laki-laki", "Tahun Lahir": 1980, "Pekerjaan": " petani ",
         "Tgl Kepesertaan": datetime(2023, 1, 15), "Tgl Berakhir": ""},
        {"NIK": int(niks[1]), "Kode Desa": "15.07.01.2002", "Kategori": "PR ",
         "Jenis Kelamin": "P", "Tahun Lahir": 1990.0, "Pekerjaan": "pedagang",
         "Tgl Kepesertaan": "01/02/2023", "Tgl Berakhir": datetime(2024, 3, 1)},
        {"NIK": niks[2], "Kode Desa": "1572011001", "Kategori": "MME",
         "Jenis Kelamin": "", "Tahun Lahir": "", "Pekerjaan": "",
         "Tgl Kepesertaan": "2023-05-20", "Tgl Berakhir": ""},
    ]
    write_xlsx(folder / "participants.xlsx", participants)
    write_csv(folder / "contributions.csv", [
        {"kode_desa": "1507012001", "kategori": "MME", "bulan_iuran": "2023-01",
         "jumlah_peserta": "1", "nominal": "16.800,00", "tgl_bayar": "31/01/2023"},
        {"kode_desa": "1507012002", "kategori": "pr", "bulan_iuran": "2023-02",
         "jumlah_peserta": "1", "nominal": "Rp 16.800", "tgl_bayar": "10/03/2023"},
        {"kode_desa": "1572011001", "kategori": "MME", "bulan_iuran": "2023-05",
         "jumlah_peserta": "1", "nominal": "16800", "tgl_bayar": "01/06/2023"},
    ], sep=";")
    write_csv(folder / "claims.csv", [
        {"no_klaim": "KL-01", "nik": niks[0], "kode_desa": "15.07.01.2001", "program": "jkm",
         "jenis_manfaat": "Kematian", "tgl_kejadian": "10/02/2024", "tgl_bayar": "01/03/2024",
         "nominal": "42.000.000,00"},
        {"no_klaim": "KL-02", "nik": niks[1], "kode_desa": "1507012002", "program": "JKK",
         "jenis_manfaat": "perawatan", "tgl_kejadian": "01/11/2023", "tgl_bayar": "20/11/2023",
         "nominal": "1.234.567,00"},
    ], sep=";")
    write_csv(folder / "allocations.csv", [
        {"kode_desa": "1507012001", "tahun": "2023", "pagu_bkbk": "100.000.000",
         "porsi_mme": "0,10", "porsi_pr": "5%"},
    ], sep=";")
    write_csv(folder / "workforce.csv", [
        {"kode_kabupaten": "1507", "tahun": "2023", "bekerja": "120.000",
         "bekerja_formal": "40.000", "bekerja_informal": "80.000", "peserta_pu": "15.000",
         "peserta_bpu": "20.000"},
    ], sep=";")
    return RawExport(folder, niks)
