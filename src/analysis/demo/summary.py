"""Calibration summary of a generated demo dataset, beside the published figures."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from analysis.demo import calibration as cal
from analysis.reference.parameters import load_parameters

SANTUNAN_CUTOFF = "2024-06-30"
YEARS = range(cal.COVER_START.year, cal.AS_OF.year + 1)


def _active(participants: pd.DataFrame, on: str) -> pd.Series:
    ended = participants["ended_on"]
    return (participants["enrolled_on"] <= on) & ((ended == "") | (ended > on))


def calibration_summary(tables: dict[str, pd.DataFrame]) -> dict:
    """Participants at year ends, MME santunan to mid-2024, contributions, coverage."""
    people = tables["participants"]
    participants = {}
    for year in YEARS:
        counts = people.loc[_active(people, f"{year}-12-31"), "category"].value_counts()
        mme, pr = int(counts.get("MME", 0)), int(counts.get("PR", 0))
        participants[year] = {"MME": mme, "PR": pr, "total": mme + pr}

    category = people.drop_duplicates("participant_id").set_index("participant_id")["category"]
    claims = tables["claims"]
    mme_claims = claims[claims["participant_id"].map(category).eq("MME")]
    santunan = int(mme_claims.loc[mme_claims["paid_on"] <= SANTUNAN_CUTOFF, "amount"].sum())

    paid = tables["contributions"]
    by_year = paid.groupby(paid["period"].str[:4])["amount"].sum()
    contributions = {int(year): int(amount) for year, amount in by_year.items()}

    return {
        "participants": participants,
        "santunan_mme_to_mid_2024": santunan,
        "contributions": contributions,
        "coverage": _coverage(tables["workforce"]),
    }


def _coverage(workforce: pd.DataFrame) -> dict:
    """Coverage in the latest workforce year: total, formal, informal."""
    latest = workforce[workforce["year"] == workforce["year"].max()].sum(numeric_only=True)
    coverage = {
        "year": int(workforce["year"].max()),
        "total": (latest["covered_formal"] + latest["covered_informal"]) / latest["employed"],
        "formal": latest["covered_formal"] / latest["employed_formal"],
        "informal": latest["covered_informal"] / latest["employed_informal"],
    }
    return {k: (v if k == "year" else round(float(v), 4)) for k, v in coverage.items()}


def combine_summaries(summaries: list[dict], workforce: pd.DataFrame) -> dict:
    """The calibration figures of several provinces' datasets taken together."""
    def total(key: str) -> dict:
        keys = sorted({k for s in summaries for k in s[key]})
        return {k: (sum(s[key][k] for s in summaries) if key == "contributions" else
                    {c: sum(s[key][k][c] for s in summaries) for c in ("MME", "PR", "total")})
                for k in keys}

    return {
        "participants": total("participants"),
        "santunan_mme_to_mid_2024": sum(s["santunan_mme_to_mid_2024"] for s in summaries),
        "contributions": total("contributions"),
        "coverage": _coverage(workforce),
    }


LABELS = {
    "id": {
        "active": "Peserta aktif 31 Des {year} (MME + PR)",
        "santunan": "Santunan ke MME dibayar s.d. 30 Jun 2024",
        "contributions": "Iuran atas bulan-bulan {year}",
        "coverage": "Cakupan {year}: total / formal / informal",
        "coverage_published": "total {value} (Agustus 2024)",
        "about": "sekitar {value}",
        "miliar": "Rp {value} miliar",
        "thousands": ".", "decimal": ",",
    },
    "en": {
        "active": "Active participants 31 Dec {year} (MME + PR)",
        "santunan": "Santunan paid to MME by 30 Jun 2024",
        "contributions": "Contributions for the months of {year}",
        "coverage": "Coverage {year}: total / formal / informal",
        "coverage_published": "total {value} (August 2024)",
        "about": "about {value}",
        "miliar": "Rp {value} billion",
        "thousands": ",", "decimal": ".",
    },
}


def summary_rows(summary: dict, lang: str = "id") -> list[tuple[str, str, str]]:
    """(figure, generated, published) rows, formatted the Indonesian or English way."""
    text = LABELS[lang]

    def number(value: float, decimals: int = 0) -> str:
        plain = f"{value:,.{decimals}f}"
        return plain.translate(str.maketrans({",": text["thousands"], ".": text["decimal"]}))

    def miliar(value: int) -> str:
        return text["miliar"].format(value=number(value / 1e9, 2))

    def percent(value: float) -> str:
        return f"{number(100 * value, 1)}%"

    milestones = {int(str(m["date"])[:4]): m for m in load_parameters()["milestones"]}
    rows = []
    for year, counts in summary["participants"].items():
        published = milestones.get(year)
        rows.append((
            text["active"].format(year=year),
            f"{number(counts['total'])} ({number(counts['MME'])} + {number(counts['PR'])})",
            (published["label"] if lang == "id" else number(published["participants"]))
            if published else "",
        ))
    known = load_parameters().get("published")  # the province's figures the demo is tuned to
    rows.append((text["santunan"], miliar(summary["santunan_mme_to_mid_2024"]),
                 text["about"].format(value=miliar(known["santunan_mme"])) if known else ""))
    for year, amount in summary["contributions"].items():
        published = known["contributions"].get(str(year)) if known else None
        rows.append((text["contributions"].format(year=year), miliar(amount),
                     miliar(published) if published else ""))
    coverage = summary["coverage"]
    rows.append((
        text["coverage"].format(year=coverage["year"]),
        " / ".join(percent(coverage[k]) for k in ("total", "formal", "informal")),
        text["coverage_published"].format(value=percent(cal.PROVINCE_COVERAGE_2024))
        if known else "",
    ))
    return rows


def print_summary(summary: dict, console: Console, out: str) -> None:
    """The calibration table, as shown by ``bkbk demo-data``."""
    table = Table(title=f"Data demo SINTETIS ditulis ke {out}")
    for name in ("Angka", "Data demo", "Angka publikasi"):
        table.add_column(name)
    for row in summary_rows(summary):
        table.add_row(*row)
    console.print(table)
