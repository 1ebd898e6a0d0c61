"""The follow-up workbook of a regency for camat and lurah (``bkbk reconcile``).

Sheets: a summary by kecamatan (with the regency's total) and one by village (list rows,
each finding, probable NIK typos, match rate, payments over and under in people-months and
Rupiah), one sheet per kecamatan
listing, village by village, every list row and every active person not listed that needs an
action (list_row, pseudonym, category, finding, the action in Indonesian, the pair of a
probable NIK typo), and a legend. Every sheet and printed page says INTERNAL. No NIK, name
or birth date is in the reconciliation, so none can reach the file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.atomic import write_bytes
from analysis.outputs.naming import report_slug
from analysis.outputs.sheets import (
    INT,
    PERCENT,
    RUPIAH,
    Column,
    Sheet,
)
from analysis.outputs.xlsx import workbook_bytes
from analysis.reconciliation import Reconciliation
from analysis.reconciliation.findings import FINDINGS, MATCHED, NOT_LISTED, PROBABLE_NIK_TYPO
from analysis.reconciliation.summary import COUNTS, PAYMENTS, district_counts, match_rate
from analysis.reference.scope import Scope
from analysis.text.formatting import format_date
from analysis.text.messages import message

SHEET_NAME_LENGTH = 31  # Excel's limit
PAIR_PROBABILITY = "0.00%"  # 0,9996 reads 99,96%, not a certain-looking 1,000


def workbook_name(scope: Scope, period: str) -> str:
    """``rekonsiliasi-1507-kab-tanjung-jabung-timur-2025Q4.xlsx``."""
    return f"rekonsiliasi-{report_slug(scope.code, scope.name)}-{period}.xlsx"


def _text(key: str, lang: str, **values: str) -> str:
    return message(f"reconciliation.{key}", lang, **values)


def _count_columns(lang: str) -> list[Column]:
    """The counts of a summary row: list rows, each finding, match rate, payments."""
    say = _text
    return [
        Column("list_rows", say("workbook.list_rows", lang), INT),
        *(Column(name, say(f"findings.{name}", lang), INT)
          for name in (*FINDINGS, PROBABLE_NIK_TYPO)),
        Column("match_rate", say("workbook.match_rate", lang), PERCENT),
        *(Column(name, say(f"workbook.{name}", lang), RUPIAH if "rupiah" in name else INT)
          for name in PAYMENTS),
    ]


def _summary_note(result: Reconciliation, lang: str) -> str:
    quarter = result.quarter
    return (_text("workbook.summary_note", lang, year=str(quarter.year),
                  end=format_date(quarter.end, lang)) + " "
            + _text("workbook.payments_note", lang))


def _district_summary_sheet(counts: pd.DataFrame, result: Reconciliation, lang: str) -> Sheet:
    """One row per kecamatan and the regency's total: what a camat reads first."""
    say = _text
    frame = district_counts(counts).sort_values("district_code")
    total = counts[list(COUNTS)].sum().to_frame().T.assign(
        district_name=say("workbook.regency_total", lang), villages=len(counts))
    frame = pd.concat([frame, total], ignore_index=True)
    frame["match_rate"] = match_rate(frame).astype("float64")
    columns = [Column("district_name", say("workbook.district", lang)),
               Column("villages", say("workbook.villages", lang), INT),
               *_count_columns(lang)]
    return Sheet(say("workbook.district_summary_sheet", lang), frame, columns,
                 _summary_note(result, lang))


def _summary_sheet(counts: pd.DataFrame, result: Reconciliation, lang: str) -> Sheet:
    say = _text
    columns = [
        Column("district_name", say("workbook.district", lang)),
        Column("village_name", say("workbook.village", lang)),
        Column("village_code", say("workbook.village_code", lang)),
        *_count_columns(lang),
    ]
    frame = counts.sort_values(["district_code", "village_code"])
    frame = frame.assign(match_rate=frame["match_rate"].astype("float64"))
    return Sheet(say("workbook.summary_sheet", lang), frame, columns,
                 _summary_note(result, lang))


def _actions(rows: pd.DataFrame, lang: str) -> pd.Series:
    """The action of each follow-up row; a probable NIK typo names its pair."""
    actions = rows["finding"].map({name: _text(f"actions.{name}", lang) for name in FINDINGS})
    paired = rows["pair"].notna()
    listed = rows["list_row"].notna()
    actions[paired & listed] = [_text("actions.typo_row", lang, pseudonym=pair)
                                for pair in rows.loc[paired & listed, "pair"]]
    actions[paired & ~listed] = [_text("actions.typo_person", lang, list_row=pair)
                                 for pair in rows.loc[paired & ~listed, "pair"]]
    return actions


def follow_up_rows(result: Reconciliation, lang: str = "id") -> pd.DataFrame:
    """Every list row and unlisted person needing an action, with names of villages and
    kecamatan, the finding's label, the action and the pair of a probable NIK typo."""
    pairs = result.pairs
    rows = result.list_rows[result.list_rows["finding"] != MATCHED].drop(
        columns="match_probability").merge(
        pairs.rename(columns={"person": "pair"}), on=["village_code", "list_row"], how="left")
    people = result.unlisted.drop(columns="match_probability").merge(
        pairs.rename(columns={"list_row": "pair"}), on=["village_code", "person"], how="left")
    people["pair"] = people["pair"].map(lambda row: str(int(row)), na_action="ignore")
    frame = pd.concat([rows, people.assign(list_row=np.nan)], ignore_index=True)
    frame["action"] = _actions(frame, lang)
    frame["finding_label"] = frame["finding"].map(
        {name: _text(f"findings.{name}", lang) for name in FINDINGS})
    frame["unlisted"] = frame["finding"] == NOT_LISTED
    return frame.sort_values(["district_code", "village_code", "unlisted", "list_row",
                              "person"], ignore_index=True)


def _district_sheets(follow_up: pd.DataFrame, counts: pd.DataFrame, lang: str) -> list[Sheet]:
    say = _text
    columns = [
        Column("village_name", say("workbook.village", lang)),
        Column("list_row", say("workbook.list_row", lang), "0"),
        Column("person", say("workbook.pseudonym", lang)),
        Column("category", say("workbook.category", lang)),
        Column("finding_label", say("workbook.finding", lang)),
        Column("action", say("workbook.action", lang), wrap=True),
        Column("pair", say("workbook.pair", lang)),
        Column("match_probability", say("workbook.probability", lang), PAIR_PROBABILITY),
    ]
    names = counts.drop_duplicates("district_code").set_index("village_code")
    village_names = counts.set_index("village_code")["village_name"]
    follow_up = follow_up.assign(village_name=follow_up["village_code"].map(village_names))
    sheets, used = [], set()
    for district in sorted(counts["district_code"].unique()):
        name = names.loc[names["district_code"] == district, "district_name"].iloc[0]
        rows = follow_up[follow_up["district_code"] == district]
        title = _sheet_title(say("workbook.district_sheet", lang, name=name), used)
        sheets.append(Sheet(title, rows, columns, say("workbook.district_note", lang),
                            whole_rows=True))
    return sheets


def _sheet_title(text: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:SHEET_NAME_LENGTH].strip()
    title, number = base, 2
    while title.lower() in used:
        suffix = f" ({number})"
        title = base[:SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(title.lower())
    return title


def _legend_sheet(lang: str) -> Sheet:
    say = _text
    names = (*FINDINGS, PROBABLE_NIK_TYPO)
    frame = pd.DataFrame({
        "code": names,
        "finding": [say(f"findings.{name}", lang) for name in names],
        "meaning": [say(f"meanings.{name}", lang) for name in names],
        "action": [say(f"actions.{name}", lang) if name in FINDINGS
                   else say("actions.typo_row", lang, pseudonym="...") for name in names],
    })
    return Sheet(say("workbook.legend_sheet", lang), frame, [
        Column("code", say("workbook.code", lang)),
        Column("finding", say("workbook.finding", lang)),
        Column("meaning", say("workbook.meaning", lang), wrap=True),
        Column("action", say("workbook.action", lang), wrap=True),
    ], say("workbook.internal", lang))


def regency_sheets(result: Reconciliation, counts: pd.DataFrame, follow_up: pd.DataFrame,
                   lang: str = "id") -> list[Sheet]:
    """The sheets of one regency's workbook (``counts`` and ``follow_up`` of that regency)."""
    return [_district_summary_sheet(counts, result, lang), _summary_sheet(counts, result, lang),
            *_district_sheets(follow_up, counts, lang), _legend_sheet(lang)]


def write_regency_workbook(result: Reconciliation, counts: pd.DataFrame,
                           follow_up: pd.DataFrame, scope: Scope, folder: Path,
                           synthetic: bool, stamp: date, lang: str = "id") -> Path:
    """Write one regency's follow-up workbook atomically; ``stamp`` dates the file."""
    marks = [_text("workbook.internal", lang)] + (
        [message("common.synthetic_banner", lang)] if synthetic else [])
    data = workbook_bytes(regency_sheets(result, counts, follow_up, lang), stamp,
                          " · ".join(marks), lang)
    out = Path(folder) / workbook_name(scope, result.quarter.label)
    write_bytes(out, data)
    return out
