"""Build the village crosswalk between the 2022 basis and the Kepmendagri 2025 codes.

Reads ``data/reference/wilayah_jambi.csv`` (2022 basis) and the province's villages of
``data/reference/wilayah_kepmendagri_2025.csv.gz`` and writes
``data/reference/crosswalk_desa_2022_2025.csv``, one row per village of either list:

- ``same``: the code is kept and the name differs at most in spaces, case or punctuation;
- ``renamed``: the code is kept, the name was corrected;
- ``moved``: the 2022 code is gone and a new code in the same regency has the same name (the
  village moved to a new kecamatan); matched only when the name is unique among the regency's
  gone and new codes, else left ``removed`` / ``new`` for review; pairs found by review
  (``REVIEWED_MOVES``: moved and renamed) are ``moved`` too;
- ``new``: a 2025 code with no 2022 village;
- ``removed``: a 2022 code with no 2025 village.

It prints the counts and writes ``crosswalk_desa_2022_2025.provenance.toml``.

Usage::

    python scripts/build_crosswalk.py [--province 15]
"""

from __future__ import annotations

import argparse
import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
BASIS_2022 = REFERENCE_DIR / "wilayah_jambi.csv"
LIST_2025 = REFERENCE_DIR / "wilayah_kepmendagri_2025.csv.gz"
CROSSWALK = REFERENCE_DIR / "crosswalk_desa_2022_2025.csv"
COLUMNS = ["code_2022", "name_2022", "code_2025", "name_2025", "regency_code", "change"]
# Gone and new codes that review found to be one village, moved and renamed: 2022 -> 2025.
REVIEWED_MOVES = {
    # Pondok Saguang moved from Keliling Danau (15.01.08) to 15.01.23 with 13 of its
    # neighbours; the 2025 list spells it Pondok Siguang.
    "15.01.08.2017": "15.01.23.2009",
}


def name_key(name: str) -> str:
    """A village name for matching: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def villages_2025(province: str) -> pd.DataFrame:
    """The province's desa/kelurahan of the 2025 list (code, name, regency)."""
    table = pd.read_csv(LIST_2025, dtype=str)
    rows = table[(table["level"] == "desa_kelurahan")
                 & table["code"].str.startswith(province + ".")]
    return pd.DataFrame({"code": rows["code"], "name": rows["name"],
                         "regency_code": rows["code"].str[:5]})


def villages_2022() -> pd.DataFrame:
    """The villages of the 2022 basis (code, name, regency)."""
    table = pd.read_csv(BASIS_2022, dtype=str)
    return pd.DataFrame({"code": table["village_code"], "name": table["village_name"],
                         "regency_code": table["regency_code"]})


def _unique_name_matches(gone: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """Pairs of a gone and a new code with the same name key in the same regency, where the
    key occurs once on each side of that regency."""
    keyed = [frame.assign(key=frame["name"].map(name_key)) for frame in (gone, added)]
    unique = [frame[~frame.duplicated(["regency_code", "key"], keep=False)] for frame in keyed]
    return unique[0].merge(unique[1], on=["regency_code", "key"], suffixes=("_2022", "_2025"))


def build_crosswalk(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per village of either list with its change (see the module docstring)."""
    kept = old.merge(new, on=["code", "regency_code"], suffixes=("_2022", "_2025"))
    kept = kept.assign(code_2022=kept["code"], code_2025=kept["code"],
                       change=(kept["name_2022"].map(name_key)
                               == kept["name_2025"].map(name_key)).map(
                           {True: "same", False: "renamed"}))
    gone = old[~old["code"].isin(new["code"])]
    added = new[~new["code"].isin(old["code"])]
    reviewed = gone.merge(pd.DataFrame({"code": list(REVIEWED_MOVES),
                                        "code_2025": list(REVIEWED_MOVES.values())}), on="code")
    reviewed = reviewed.merge(added, left_on="code_2025", right_on="code",
                              suffixes=("_2022", ""))
    reviewed = pd.DataFrame({"code_2022": reviewed["code_2022"],
                             "name_2022": reviewed["name_2022"],
                             "code_2025": reviewed["code_2025"], "name_2025": reviewed["name"],
                             "regency_code": reviewed["regency_code"]})
    matched = _unique_name_matches(gone[~gone["code"].isin(REVIEWED_MOVES)],
                                   added[~added["code"].isin(REVIEWED_MOVES.values())])
    moved = pd.concat([matched, reviewed], ignore_index=True).assign(change="moved")
    removed = gone[~gone["code"].isin(moved["code_2022"])]
    removed = pd.DataFrame({"code_2022": removed["code"], "name_2022": removed["name"],
                            "regency_code": removed["regency_code"], "change": "removed"})
    fresh = added[~added["code"].isin(moved["code_2025"])]
    fresh = pd.DataFrame({"code_2025": fresh["code"], "name_2025": fresh["name"],
                          "regency_code": fresh["regency_code"], "change": "new"})
    table = pd.concat([kept[COLUMNS], moved[COLUMNS], removed, fresh], ignore_index=True)
    order = table["code_2025"].fillna(table["code_2022"])
    return table.assign(_order=order).sort_values("_order")[COLUMNS].reset_index(drop=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_provenance(table: pd.DataFrame) -> None:
    counts = table["change"].value_counts()
    lines = [
        "# Provenance of crosswalk_desa_2022_2025.csv (rebuild: python scripts/build_crosswalk.py)",
        'built_by = "scripts/build_crosswalk.py"',
        f'from_2022 = "wilayah_jambi.csv (sha256 {_sha256(BASIS_2022)})"',
        f'from_2025 = "wilayah_kepmendagri_2025.csv.gz (sha256 {_sha256(LIST_2025)})"',
        'rule = "same code: same (equal name key) or renamed; gone code and new code with the '
        'same name key (lower case, letters and digits) once each in the same regency: moved; '
        'the rest: removed or new; reviewed pairs (REVIEWED_MOVES in the script): moved"',
        f'reviewed_moves = "{", ".join(f"{a} -> {b}" for a, b in REVIEWED_MOVES.items())}"',
        f'built = "{date.today().isoformat()}"',
        *(f"{change} = {int(counts.get(change, 0))}"
          for change in ("same", "renamed", "moved", "removed", "new")),
    ]
    CROSSWALK.with_suffix(".provenance.toml").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="15", help="province code (default: 15, Jambi)")
    args = parser.parse_args()
    table = build_crosswalk(villages_2022(), villages_2025(args.province))
    table.to_csv(CROSSWALK, index=False)
    write_provenance(table)
    print(table["change"].value_counts().to_string())


if __name__ == "__main__":
    main()
