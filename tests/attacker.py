"""An attacker of the public outputs, written apart from the suppression code.

It reads what a reader can read (the tables by kecamatan of the reports' HTML and executed
notebooks: claims, and the reconciliation's counts with their match rates; the workbook,
metrics.json, index.html), writes down every relation a careful reader knows between those
numbers, and bounds each hidden cell with an LP (scipy.optimize.linprog, HiGHS). Nothing here
imports ``analysis.disclosure``.

Cells are keyed (period, window, regency, district, measure): window "quarter" or
"cumulative" with measure "count", "amount" (in millions of Rupiah) or "beneficiaries"; window
"reconciliation" with measure "list_rows", "cocok" or "tidak_dalam_daftar". Rupiah and
percentages shown rounded ("Rp 21,1 juta", "87,5%") count as the interval they round from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

MARKER = "x"
MEASURES = ("count", "amount", "beneficiaries")
WINDOWS = ("quarter", "cumulative")
AREA_HEADER = "Kecamatan"
# The columns of the reports' tables by kecamatan, by header, and the header naming each table.
CLAIMS_HEADER, LIST_HEADER, RATE_HEADER = "Klaim triwulan ini", "Baris daftar", \
    "Tingkat kecocokan"
REPORT_COLUMNS = {
    CLAIMS_HEADER: ("quarter", "count"),
    "Penerima manfaat": ("quarter", "beneficiaries"),
    "Nilai triwulan ini": ("quarter", "amount"),
    "Klaim kumulatif": ("cumulative", "count"),
    "Penerima kumulatif": ("cumulative", "beneficiaries"),
    "Nilai kumulatif": ("cumulative", "amount"),
    LIST_HEADER: ("reconciliation", "list_rows"),
    "Cocok": ("reconciliation", "cocok"),
    "Peserta aktif, tidak ada dalam daftar": ("reconciliation", "tidak_dalam_daftar"),
}
UNITS = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12}
AMOUNT_UNIT = 1e6
# No kecamatan's claims average more than this many millions of Rupiah each.
LARGEST_CLAIM = 1e5
REFERENCE = Path(__file__).parents[1] / "data" / "reference" / "wilayah_jambi.csv"


def parse_number(text: str) -> tuple[float, float] | None:
    """(low, high) a published number can stand for; None for the marker."""
    text = text.strip()
    if text == MARKER:
        return None
    percent = re.fullmatch(r"(\d+),(\d)%", text)
    if percent:
        share = float(f"{percent[1]}.{percent[2]}") / 100
        return share - 0.0005, share + 0.0005
    rupiah = re.fullmatch(r"Rp\s*([\d.]+(?:,\d+)?)\s*(ribu|juta|miliar|triliun)?", text)
    if rupiah:
        digits, unit = rupiah.groups()
        number = float(digits.replace(".", "").replace(",", "."))
        if unit is None:
            return number, number
        decimals = len(digits.split(",")[1]) if "," in digits else 0
        half = 0.5 * 10 ** -decimals * UNITS[unit]
        return number * UNITS[unit] - half, number * UNITS[unit] + half
    number = float(text.replace(".", "").replace(",", "."))
    return number, number


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[list[list[str]]]:
    """The tables of an HTML page."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def notebook_html(path: Path) -> str:
    """Every text/html output of an executed notebook, one after the other."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    parts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                parts.append("".join(html) if isinstance(html, list) else html)
    return "\n".join(parts)


@dataclass
class Attacker:
    """What a reader knows, and the LP that bounds each hidden cell."""

    low: dict[tuple, float] = field(default_factory=dict)
    high: dict[tuple, float] = field(default_factory=dict)
    hidden: set[tuple] = field(default_factory=set)
    shown: set[tuple] = field(default_factory=set)
    equalities: list[tuple[dict[tuple, float], float, float]] = field(default_factory=list)
    inequalities: list[tuple[dict[tuple, float], float]] = field(default_factory=list)

    def see(self, key: tuple, text: str) -> None:
        """A published cell: the marker, or a number (an interval when rounded)."""
        value = _scaled(parse_number(str(text)), key)
        if value is None:
            self.hidden.add(key)
            return
        self.shown.add(key)
        self.low[key] = max(self.low.get(key, 0.0), value[0])
        self.high[key] = min(self.high.get(key, np.inf), value[1])

    def sum_is(self, keys: list[tuple], text: str) -> None:
        """Published total of some cells."""
        value = _scaled(parse_number(str(text)), keys[0]) if keys else None
        if value is not None:
            self.equalities.append(({k: 1.0 for k in keys}, *value))

    def at_least(self, terms: dict[tuple, float]) -> None:
        """A relation sum(coefficient x cell) >= 0."""
        self.inequalities.append((terms, 0.0))

    def rate_is(self, part: tuple, whole: tuple, text: str) -> None:
        """A published share part / whole: low x whole <= part <= high x whole."""
        if text.strip() in (MARKER, "–"):
            return
        low, high = parse_number(text)
        self.at_least({part: 1.0, whole: -low})
        self.at_least({whole: high, part: -1.0})

    def cells(self) -> list[tuple]:
        keys = set(self.low) | self.hidden
        for terms, *_ in self.equalities + self.inequalities:
            keys |= set(terms)
        return sorted(keys)

    def bounds(self) -> dict[tuple, tuple[float, float]]:
        """Smallest and largest value of every cell that some output hides and none shows."""
        keys = self.cells()
        column = {key: i for i, key in enumerate(keys)}
        rows, lower, upper = [], [], []
        for terms, low, high in self.equalities:
            rows.append(terms)
            lower.append(low)
            upper.append(high)
        for terms, low in self.inequalities:
            rows.append(terms)
            lower.append(low)
            upper.append(np.inf)
        matrix = sparse.lil_array((len(rows), len(keys)))
        for r, terms in enumerate(rows):
            for key, coefficient in terms.items():
                matrix[r, column[key]] = coefficient
        matrix = sparse.csr_array(matrix)
        # Two-sided rows as A_ub: -A y <= -lower, A y <= upper (finite sides only).
        lower, upper = np.array(lower), np.array(upper)
        finite_upper = np.isfinite(upper)
        a_ub = sparse.vstack([-matrix, matrix[finite_upper]], format="csr")
        b_ub = np.concatenate([-lower, upper[finite_upper]])
        variable_bounds = [(self.low.get(k, 0.0), self.high.get(k, None)) for k in keys]
        found = {}
        for key in sorted(self.hidden - self.shown):
            objective = np.zeros(len(keys))
            objective[column[key]] = 1.0
            low = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=variable_bounds,
                          method="highs")
            high = linprog(-objective, A_ub=a_ub, b_ub=b_ub, bounds=variable_bounds,
                           method="highs")
            assert low.status == 0 and high.status in (0, 3), (key, low.message, high.message)
            found[key] = (low.fun, -high.fun if high.status == 0 else np.inf)
        return found


def _scaled(value: tuple[float, float] | None, key: tuple) -> tuple[float, float] | None:
    if value is None or key[-1] != "amount":
        return value
    return value[0] / AMOUNT_UNIT, value[1] / AMOUNT_UNIT


def district_codes(villages: pd.DataFrame | None = None) -> dict[tuple[str, str], str]:
    """(regency code, kecamatan name) -> kecamatan code, from the public geography (the
    basis list unless ``villages`` is another)."""
    villages = pd.read_csv(REFERENCE, dtype=str) if villages is None else villages
    pairs = villages[["regency_code", "district_name", "district_code"]].drop_duplicates()
    return {(r, n): c for r, n, c in pairs.itertuples(index=False)}


def read_report(attacker: Attacker, html: str, period: str, regency: str,
                codes: dict[tuple[str, str], str] | None = None) -> int:
    """The tables by kecamatan of a regency report (claims, reconciliation); returns the
    kecamatan rows read. ``codes``: the kecamatan codes by name (default: the basis')."""
    codes = codes or district_codes()
    tables = [t for t in html_tables(html) if t and t[0][0] == AREA_HEADER
              and (CLAIMS_HEADER in t[0] or LIST_HEADER in t[0])]
    for table in tables:
        header, body, total = table[0], table[1:-1], table[-1]
        districts = [codes[(regency, row[0])] for row in body]
        for position, name in enumerate(header):
            if name not in REPORT_COLUMNS:
                continue
            window, measure = REPORT_COLUMNS[name]
            keys = [(period, window, regency, district, measure) for district in districts]
            for key, row in zip(keys, body, strict=True):
                attacker.see(key, row[position])
            attacker.sum_is(keys, total[position])
        if RATE_HEADER in header:
            rate = header.index(RATE_HEADER)
            for district, row in zip(districts, body, strict=True):
                attacker.rate_is((period, "reconciliation", regency, district, "cocok"),
                                 (period, "reconciliation", regency, district, "list_rows"),
                                 row[rate])
    return sum(len(t) - 2 for t in tables)


def read_workbook(attacker: Attacker, path: Path, period: str) -> dict[str, list[str]]:
    """The workbook's claims per kecamatan and the regency totals of its summary sheet;
    returns the kecamatan codes of each regency."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["Klaim per kecamatan"].iter_rows(values_only=True))
    header = list(rows[0])
    at = {name: header.index(name) for name in
          ("Kode kab/kota", "Kode kecamatan", "Jumlah klaim", "Nilai santunan",
           "Penerima manfaat")}
    districts: dict[str, list[str]] = {}
    for row in rows[1:]:
        if row[at["Kode kecamatan"]] is None:
            continue
        regency, district = row[at["Kode kab/kota"]], row[at["Kode kecamatan"]]
        districts.setdefault(regency, []).append(district)
        for name, measure in (("Jumlah klaim", "count"), ("Nilai santunan", "amount"),
                              ("Penerima manfaat", "beneficiaries")):
            attacker.see((period, "quarter", regency, district, measure),
                         _exact(row[at[name]]))
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    names = list(summary[0])
    for row in summary[1:]:
        regency = row[names.index("Kode wilayah")]
        if regency not in districts:
            continue
        for name, window, measure in (("Jumlah klaim triwulan", "quarter", "count"),
                                      ("Santunan triwulan", "quarter", "amount"),
                                      ("Santunan kumulatif", "cumulative", "amount")):
            keys = [(period, window, regency, d, measure) for d in districts[regency]]
            attacker.sum_is(keys, _exact(row[names.index(name)]))
    return districts


def _exact(value) -> str:
    """A workbook cell as text the parser reads exactly."""
    return value if isinstance(value, str) else str(int(value))


def read_metrics(attacker: Attacker, metrics: dict, districts: list[str]) -> None:
    """A regency's metrics.json: its claims in the quarter and santunan to date."""
    period, regency = metrics["period"], metrics["scope"]
    for window, measure, value in (
            ("quarter", "count", metrics["claims_in_period"]["count"]),
            ("quarter", "amount", metrics["claims_in_period"]["amount"]),
            ("cumulative", "amount", metrics["santunan_cumulative"])):
        attacker.sum_is([(period, window, regency, d, measure) for d in districts],
                        str(int(value)))


def known_relations(attacker: Attacker, periods: list[str], regency: str,
                    districts: list[str]) -> None:
    """What holds between a regency's cells whatever the data: cumulative = previous
    cumulative + quarter, cumulative >= quarter, beneficiaries (distinct people) at most
    the claims and growing at most by the quarter's, no amount without a claim."""
    for district in districts:
        def cell(period, window, measure, district=district):
            return (period, window, regency, district, measure)

        for period in periods:
            for measure in MEASURES:
                attacker.at_least({cell(period, "cumulative", measure): 1.0,
                                   cell(period, "quarter", measure): -1.0})
            for window in WINDOWS:
                attacker.at_least({cell(period, window, "count"): 1.0,
                                   cell(period, window, "beneficiaries"): -1.0})
                attacker.at_least({cell(period, window, "count"): LARGEST_CLAIM,
                                   cell(period, window, "amount"): -1.0})
        for before, now in zip(periods, periods[1:], strict=False):
            for measure in ("count", "amount"):
                attacker.equalities.append(({cell(now, "cumulative", measure): 1.0,
                                             cell(before, "cumulative", measure): -1.0,
                                             cell(now, "quarter", measure): -1.0}, 0.0, 0.0))
            attacker.at_least({cell(now, "cumulative", "beneficiaries"): 1.0,
                               cell(before, "cumulative", "beneficiaries"): -1.0})
            attacker.at_least({cell(before, "cumulative", "beneficiaries"): 1.0,
                               cell(now, "quarter", "beneficiaries"): 1.0,
                               cell(now, "cumulative", "beneficiaries"): -1.0})


def list_relations(attacker: Attacker, periods: list[str], regency: str,
                   districts: list[str]) -> None:
    """What holds between a regency's reconciliation cells: matched rows are list rows, and
    the quarters of a year count the same lists (the year's)."""
    def cell(period, district, measure):
        return (period, "reconciliation", regency, district, measure)

    for period in periods:
        for district in districts:
            attacker.at_least({cell(period, district, "list_rows"): 1.0,
                               cell(period, district, "cocok"): -1.0})
    for before, now in zip(periods, periods[1:], strict=False):
        if before[:4] == now[:4]:
            for district in districts:
                attacker.equalities.append(({cell(now, district, "list_rows"): 1.0,
                                             cell(before, district, "list_rows"): -1.0},
                                            0.0, 0.0))


def narrowed(bounds: dict[tuple, tuple[float, float]], truth: dict[tuple, float],
             threshold: int, amount_unit: float) -> list[tuple]:
    """Hidden cells the attacker narrows below SPEC's protection: a small count (or the
    amount of a small count) whose lower bound is above 0 and whose interval is narrower
    than ``threshold`` (``threshold`` x ``amount_unit``, the smallest benefit in millions,
    for amounts)."""
    found = []
    for key, (low, high) in bounds.items():
        period, window, regency, district, measure = key
        count = truth.get((period, window, regency, district, "count"), 0)
        value = truth.get(key, 0)
        small = 1 <= value < threshold if measure != "amount" else 1 <= count < threshold
        width = threshold * (amount_unit if measure == "amount" else 1)
        if small and low > 1e-6 and high - low < width - 1e-6:
            found.append((key, value, low, high))
    return found
