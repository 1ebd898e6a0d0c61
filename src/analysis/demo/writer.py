"""Files of the demo dataset, written all at once or not at all."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from analysis.demo import calibration as cal
from analysis.demo.summary import summary_rows
from analysis.inputs.dataset import OPTIONAL_TABLES, TABLES
from analysis.inputs.reading import DEMO_KEY_NAME
from analysis.reference.geography import province_code, province_name, villages
from analysis.reference.province import NATIONAL, default_province

README = "README.md"
METADATA = "dataset.toml"
TRUTH = "reconciliation_truth"  # what the village lists' discrepancies are, for the tests

README_TEXT = """\
# Demo dataset (synthetic)

Everything in this folder is written by `bkbk demo-data` (or `make demo-data`) and is
overwritten on every run; edit the generator in `src/analysis/demo/`, not these files.
The data are **synthetic**: no row describes a real person, village payment or claim, and
`dataset.toml` says `synthetic = true`, so every report built on them is marked
"DATA SINTETIS". The same seed always gives the same bytes (seed {seed} here).

The folder follows the dataset contract of the specification: `dataset.toml` and the five
tables `participants.csv`, `contributions.csv`, `claims.csv`, `allocations.csv` and
`workforce.csv`, plus the optional `village_lists.csv` (each village's list for each year).
It covers all 1,562 desa/kelurahan of the reference list from September 2022
(Pergub Jambi 16/2022) to {as_of}.

Participants and claims carry made-up NIKs beside the card number (`participant_id`), and
participants and village lists carry made-up names and birth dates, so that `bkbk reconcile`
can be tried end to end; they belong to no one. `dataset.toml` says `pseudonym_key = "demo"`:
the NIKs are pseudonymised with the published demo key, which only synthetic data may use.
The village lists hold discrepancies at the rates stated in docs/methodology.md, and
`reconciliation_truth.csv` says, for every list row that is not simply right (all others
are `cocok`) and for every person active but on no list, the finding that the reconciliation
at the year's end must give (`injected` names what was done; a NIK typo row names the
participant meant).

## What it is calibrated to

Rates, per-village targets, BKBK shares and benefit amounts are read from
`data/reference/parameters.toml`. The shape of the population (fill of the village lists,
late starters, turnover, claim rates, payment habits) is set by the knobs in
`src/analysis/demo/calibration.py`, tuned so that province totals land near the published
figures collected in the project's docs/methodology.md (Antara, jektvnews, kopashas.com,
infojambi.com, BPS Sakernas). For 2024 the published participant figure is the target;
the published contribution figures are budget-year totals, set beside the contributions
for the months of that year:

| figure | this dataset | published |
|---|---|---|
{rows}

Realistic variety is built in. Regencies differ by the profiles of
`data/reference/demo_regencies.csv`: some list well below the target of 50 MME and 25 PR,
none far above; Tanjung Jabung Timur, Kota Jambi and Kota Sungai Penuh register months after
the others, and 2-10% of each regency's villages only in 2023 or 2024; some regencies grow in
2025 and some decline; villages pause paying for one to three months (more in some kecamatan
than others) and in some regencies many stopped paying in late 2025. Within a regency,
villages list above or below its level, exits and replacements happen every year
(list revisions on 1 January, moving away, deaths), a few people are enrolled again, and
villages pay monthly, per quarter, per semester or once a year. There are claims of every
benefit type
(deaths: kematian, berkala, pemakaman and for some beasiswa, which a JKM death only gets
after three years of membership; work accidents: perawatan, STMB, cacat),
and employed persons and coverage per regency (2021-2025) with the 2024 coverage of
Batanghari, Kota Jambi, Tebo, Tanjung Jabung Timur and Tanjung Jabung Barat as published.
Contributions are counted by the month they cover, claims by the day they were paid.
"""


OTHER_README_TEXT = """\
# Demo dataset (synthetic)

Everything in this folder is written by `bkbk demo-data --province {province}` and is
overwritten on every run; edit the generator in `src/analysis/demo/`, not these files.
The data are **synthetic**: no row describes a real person, village payment or claim, and
`dataset.toml` says `synthetic = true`, so every report built on them is marked
"DATA SINTETIS". The same seed always gives the same bytes (seed {seed} here).

It covers all {villages} desa/kelurahan of {name} in the Kepmendagri 300.2.2-2138/2025 list
(the reference list of every province but Jambi) from September 2022 to {as_of}, with the
same kinds of variety as the Jambi demo. Rates, per-village targets, BKBK shares and benefit
amounts are the national defaults of `data/reference/parameters.toml` (the Jambi scheme as
the template; a province's own `data/reference/provinces/<code>.toml` replaces them). No
published figure of this province is known to the generator: its regencies take the default
knobs of `src/analysis/demo/calibration.py` (employed persons per village, formal shares,
list quality), and how its regencies differ (list fill, late starts, payment pauses, growth)
is drawn with the seed from the ranges of `data/reference/demo_calibration.toml`, so its
figures only show the shape of the data, not the province.
{lists}
| figure | this dataset |
|---|---|
{rows}
"""

WITH_LISTS = """
The folder follows the dataset contract: `dataset.toml`, the five tables and the optional
`village_lists.csv`, with `reconciliation_truth.csv` as in the Jambi demo.
"""

WITHOUT_LISTS = """
The folder follows the dataset contract: `dataset.toml` and the five tables, one province
after the other (ids carry the province code: `BKBK-32-0000001`, `KLM-32-000001`). It has
**no village lists** (`village_lists.csv`, the reconciliation): at this scale they would
add tens of millions of rows; `bkbk demo-data --province CODE` writes a province's dataset
with them.
"""


def metadata_text(seed: int) -> str:
    """The ``dataset.toml`` of the run's province's demo."""
    province = province_code()
    source = (cal.DATASET_SOURCE if province == default_province() else
              f"Data sintetis dari `bkbk demo-data --province {province}`, dengan parameter "
              "bawaan nasional, tidak dikalibrasi ke angka publikasi")
    lines = [
        f"name = {json.dumps(f'BKBK Jamsostek {province_name()} (demo sintetis)')}\n",
        f"source = {json.dumps(source + f' (seed {seed})')}\n",
        "synthetic = true\n",
        f'as_of = "{cal.AS_OF.isoformat()}"\n',
        f'pseudonym_key = "{DEMO_KEY_NAME}"\n',
    ]
    if province != default_province():
        lines.append(f'province = "{province}"\n')
    if province == NATIONAL:
        lines.append("# No village_lists.csv: the national demo leaves the village lists out "
                     "(README.md).\n")
    return "".join(lines)


def readme_text(summary: dict, seed: int) -> str:
    """The README of the run's province's demo, with its calibration figures."""
    if province_code() == default_province():
        rows = "\n".join(f"| {a} | {b} | {c} |"
                         for a, b, c in summary_rows(summary, lang="en"))
        return README_TEXT.format(seed=seed, as_of=cal.AS_OF.isoformat(), rows=rows)
    rows = "\n".join(f"| {a} | {b} |" for a, b, _ in summary_rows(summary, lang="en"))
    national = province_code() == NATIONAL
    return OTHER_README_TEXT.format(
        province=province_code(), seed=seed, villages=f"{len(villages()):,}",
        name=province_name(), as_of=cal.AS_OF.isoformat(), rows=rows,
        lists=WITHOUT_LISTS if national else WITH_LISTS)


def table_csv(frame: pd.DataFrame, header: bool = True) -> str:
    """A table as CSV text, the way every demo file is written."""
    return frame.to_csv(index=False, header=header, lineterminator="\n", float_format="%.4g")


def render_files(tables: dict[str, pd.DataFrame], summary: dict, seed: int) -> dict[str, bytes]:
    """Name and bytes of every file of the dataset."""
    files = {METADATA: metadata_text(seed), README: readme_text(summary, seed)}
    for name in (*TABLES, *OPTIONAL_TABLES, TRUTH):
        files[f"{name}.csv"] = table_csv(tables[name])
    return {name: text.encode("utf-8") for name, text in files.items()}


def _check_replaceable(out: Path, names: set[str]) -> None:
    """Refuse to replace a folder that holds anything but a synthetic dataset."""
    if not out.exists():
        return
    if not out.is_dir():
        raise ValueError(f"{out} exists and is not a folder")
    present = {p.name for p in out.iterdir()}
    if present <= names - {METADATA}:
        return
    try:
        synthetic = tomllib.loads((out / METADATA).read_text("utf-8")).get("synthetic") is True
    except (OSError, tomllib.TOMLDecodeError):
        synthetic = False
    if not synthetic:
        raise ValueError(
            f"{out} holds files that are not a synthetic demo dataset; "
            "choose an empty or new folder"
        )


def write_atomically(out: Path, files: dict[str, bytes]) -> None:
    """Write the files into a temporary folder beside ``out``, then swap it in."""
    with staged_folder(out, set(files)) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)


@contextmanager
def staged_folder(out: Path, names: set[str]) -> Iterator[Path]:
    """A temporary folder beside ``out`` to write the files ``names`` into; swapped in for
    ``out`` when the block ends without an error, removed otherwise."""
    _check_replaceable(out, names)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    retired = staging.with_suffix(".old")
    try:
        yield staging
        staging.chmod(0o755)
        if out.exists():
            os.replace(out, retired)
            try:
                os.replace(staging, out)
            except OSError:
                os.replace(retired, out)
                raise
            shutil.rmtree(retired)
        else:
            os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
