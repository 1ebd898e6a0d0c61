"""Sentences for the reports, written from the figures of ``metrics.json``.

Every statement about a result comes from the numbers passed in: direction words ("naik",
"turun", "di atas", "di bawah"), counts and ratios are chosen and formatted here, in
Indonesian (``lang="id"``, the default) or English (``lang="en"``). A figure that is missing
(a ratio with a zero denominator is None) yields a sentence that says so instead of a number.

Each function takes metrics dicts with the keys of SPEC "Metrics" and returns one paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis.text.formatting import (
    format_change,
    format_date,
    format_decimal,
    format_number,
    format_percent,
    format_points,
    format_quarter,
    format_rupiah,
    is_missing,
    locale_for,
)

Metrics = dict[str, Any]


def _pick(lang: str, indonesian: str, english: str) -> str:
    locale_for(lang)
    return indonesian if lang == "id" else english


def join_words(items: Sequence[str], lang: str = "id") -> str:
    """``A, B dan C`` (``A, B and C``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_pick(lang, 'dan', 'and')} {items[-1]}"


def _pct(ratio: float | None, lang: str) -> str:
    """A ratio as a percentage with one decimal: ``40,5%``."""
    return format_percent(ratio, digits=1, lang=lang)


def _dec(value: float | None, lang: str) -> str:
    """A number with one decimal: ``67,5``."""
    return format_decimal(value, digits=1, lang=lang)


def _unchanged(ratio: float, lang: str) -> bool:
    """True when a relative change rounds to 0,0%."""
    return _pct(abs(ratio), lang) == _pct(0.0, lang)


def _since(since: str, lang: str) -> str:
    return {
        "quarter": _pick(lang, "dibanding triwulan lalu", "on the previous quarter"),
        "year": _pick(lang, "dibanding setahun sebelumnya", "on a year earlier"),
    }[since]


def change_phrase(ratio: float | None, since: str, lang: str = "id") -> str | None:
    """``naik 3,2% dibanding triwulan lalu``; None when the change cannot be computed.

    ``since`` is ``"quarter"`` (the previous quarter) or ``"year"`` (a year earlier).
    """
    if ratio is None:
        return None
    if _unchanged(ratio, lang):
        return f"{_pick(lang, 'tidak berubah', 'unchanged')} {_since(since, lang)}"
    return f"{format_change(ratio, digits=1, lang=lang)} {_since(since, lang)}"


def points_phrase(now: float | None, before: float | None, since: str,
                  lang: str = "id") -> str | None:
    """``naik 2,1 poin persen dibanding triwulan lalu`` for two ratios; None when unknown."""
    if now is None or before is None:
        return None
    delta = now - before
    if _unchanged(delta, lang):
        return f"{_pick(lang, 'tidak berubah', 'unchanged')} {_since(since, lang)}"
    return f"{format_points(delta, digits=1, lang=lang)} {_since(since, lang)}"


def count_phrase(now: int, before: int | None, since: str, lang: str = "id") -> str | None:
    """``bertambah 3 dibanding triwulan lalu`` for two counts; None when unknown."""
    if before is None:
        return None
    change = now - before
    if change == 0:
        return f"{_pick(lang, 'tidak berubah', 'unchanged')} {_since(since, lang)}"
    word = _pick(lang, "bertambah" if change > 0 else "berkurang", "up" if change > 0 else "down")
    return f"{word} {format_number(abs(change), lang)} {_since(since, lang)}"


def _count(n: int, singular: str, plural: str | None, lang: str) -> str:
    """``3 klaim``; in English ``1 claim``, ``3 claims``."""
    word = singular if lang == "id" or n == 1 else (plural or singular + "s")
    return f"{format_number(n, lang)} {word}"


def active_participants(m: Metrics, lang: str = "id") -> str:
    """Active participants at the period end and their change over a quarter and a year."""
    quarter = format_quarter(m["period"], lang)
    active = m["active"]
    first = _pick(
        lang,
        f"Pada akhir {quarter} tercatat {format_number(active['total'], lang)} peserta aktif "
        f"({format_number(active['MME'], lang)} MME dan {format_number(active['PR'], lang)} PR).",
        f"At the end of {quarter} there were {format_number(active['total'], lang)} active "
        f"participants ({format_number(active['MME'], lang)} MME and "
        f"{format_number(active['PR'], lang)} PR).",
    )
    changes = [change_phrase(m.get("growth_qoq"), "quarter", lang),
               change_phrase(m.get("growth_yoy"), "year", lang)]
    changes = [c for c in changes if c]
    if changes:
        subject = _pick(lang, "Peserta aktif", "Active participants were")
        return f"{first} {subject} {join_words(changes, lang)}."
    return first + " " + _pick(
        lang, "Belum ada peserta aktif pada triwulan pembanding, sehingga perubahannya tidak "
              "dapat dihitung.",
        "There were no active participants in the comparison quarters, so no change can be "
        "computed.")


def enrolment_flows(m: Metrics, lang: str = "id") -> str:
    """New participants and exits in the quarter."""
    new, exits = m["new"]["total"], m["exits"]["total"]
    return _pick(
        lang,
        f"Selama triwulan ini terdaftar {format_number(new, lang)} peserta baru dan "
        f"{format_number(exits, lang)} peserta keluar.",
        f"During the quarter {_count(new, 'participant', None, lang)} enrolled and "
        f"{format_number(exits, lang)} left.",
    )


def attainment(m: Metrics, lang: str = "id") -> str:
    """Active participants against the village targets, and villages on target."""
    target, share = m["target"], m["attainment"]
    if not target["total"]:
        return _pick(lang, "Belum ada target kepesertaan yang berlaku pada akhir triwulan.",
                     "No enrolment target applied at the end of the quarter.")
    parts = [f"MME {_pct(share['MME'], lang)}"]
    if target["PR"]:
        parts.append(f"PR {_pct(share['PR'], lang)}")
    villages = format_number(m["villages"], lang)
    on_target = format_number(m["villages_on_target"], lang)
    return _pick(
        lang,
        f"Capaian target kepesertaan {_pct(share['total'], lang)} dari target "
        f"{format_number(target['total'], lang)} orang ({join_words(parts, lang)}). "
        f"{on_target} dari {villages} desa/kelurahan telah mencapai seluruh targetnya.",
        f"Enrolment reached {_pct(share['total'], lang)} of the target of "
        f"{format_number(target['total'], lang)} people ({join_words(parts, lang)}). "
        f"{on_target} of {villages} villages reached all their targets.",
    )


def villages_below_target(rows: Sequence[dict], lang: str = "id") -> str:
    """The villages furthest below target; ``rows`` have village_name and gap (people)."""
    if not rows:
        return _pick(lang, "Semua desa/kelurahan telah mencapai target.",
                     "Every village has reached its targets.")
    named = [f"{row['village_name']} ({_pick(lang, 'kurang', 'short by')} "
             f"{format_number(row['gap'], lang)} {_pick(lang, 'orang', 'people')})"
             for row in rows]
    return _pick(lang, "Kekurangan terbesar terhadap target ada di ",
                 "The largest shortfalls against the targets are in ") \
        + join_words(named, lang) + "."


def continuity(m: Metrics, lang: str = "id") -> str:
    """Share of villages with participants that paid for every month of the quarter."""
    quarter = format_quarter(m["period"], lang)
    if m.get("continuity") is None:
        return _pick(lang, f"Tidak ada desa/kelurahan dengan peserta aktif pada akhir {quarter}.",
                     f"No village had active participants at the end of {quarter}.")
    paying = format_number(m.get("villages_paying_all_months", 0), lang)
    active = format_number(m.get("villages_with_participants", 0), lang)
    return _pick(
        lang,
        f"{_pct(m['continuity'], lang)} desa/kelurahan yang memiliki peserta "
        f"aktif ({paying} dari {active}) membayar iuran untuk ketiga bulan {quarter}.",
        f"{_pct(m['continuity'], lang)} of the villages with active participants "
        f"({paying} of {active}) paid contributions for all three months of {quarter}.",
    )


def contributions(m: Metrics, previous: Metrics | None, lang: str = "id") -> str:
    """Contributions for the months of the quarter, against the quarter before."""
    amount = m["contributions_in_period"]
    quarter = format_quarter(m["period"], lang)
    text = _pick(lang, f"Iuran untuk bulan-bulan {quarter} berjumlah "
                       f"{format_rupiah(amount, lang)}",
                 f"Contributions for the months of {quarter} total {format_rupiah(amount, lang)}")
    before = previous.get("contributions_in_period") if previous else None
    if before:
        phrase = change_phrase(amount / before - 1, "quarter", lang)
        text += f" ({phrase})"
    return text + "."


def budget_realization(m: Metrics, lang: str = "id") -> str:
    """Contributions of the year so far against the year's BKBK allocation for them."""
    year = m["period"][:4]
    ytd = format_rupiah(m.get("contributions_ytd"), lang)
    allocation = m.get("allocation_year")
    if m.get("budget_realization_ytd") is None or not allocation:
        return _pick(lang, f"Tidak ada alokasi BKBK untuk iuran tahun {year} dalam data; "
                           f"iuran tahun berjalan berjumlah {ytd}.",
                     f"The data hold no BKBK allocation for contributions in {year}; "
                     f"contributions so far this year total {ytd}.")
    ratio = _pct(m["budget_realization_ytd"], lang)
    return _pick(
        lang,
        f"Iuran tahun {year} sampai akhir triwulan berjumlah {ytd}, atau {ratio} dari alokasi "
        f"BKBK untuk iuran tahun itu ({format_rupiah(allocation, lang)}).",
        f"Contributions for {year} up to the quarter end total {ytd}, {ratio} of that year's "
        f"BKBK allocation for contributions ({format_rupiah(allocation, lang)}).",
    )


def claims(m: Metrics, lang: str = "id") -> str:
    """Claims paid in the quarter, by programme, and the median days to payment."""
    quarter = format_quarter(m["period"], lang)
    paid = m["claims_in_period"]
    if not paid["count"]:
        return _pick(lang, f"Tidak ada klaim yang dibayarkan dalam {quarter}.",
                     f"No claims were paid in {quarter}.")
    parts = []
    for program in ("JKM", "JKK"):
        figures = paid["by_program"].get(program, {})
        if figures.get("count"):
            what = _pick(lang, f"klaim {program}", f"{program} claim")
            parts.append(f"{_count(figures['count'], what, None, lang)} "
                         f"({format_rupiah(figures['amount'], lang)})")
    total = _count(paid["count"], _pick(lang, "klaim", "claim"), None, lang)
    text = _pick(
        lang,
        f"Dalam {quarter} dibayarkan {total} senilai {format_rupiah(paid['amount'], lang)}: "
        f"{join_words(parts, lang)}.",
        f"In {quarter}, {total} worth {format_rupiah(paid['amount'], lang)} "
        f"{'was' if paid['count'] == 1 else 'were'} paid: {join_words(parts, lang)}.",
    )
    days = m.get("median_days_to_payment")
    if days is not None:
        text += " " + _pick(
            lang, f"Median lama pembayaran {format_number(days, lang)} hari sejak kejadian.",
            f"The median claim was paid {format_number(days, lang)} days after the event.")
    return text


def santunan_cumulative(m: Metrics, lang: str = "id") -> str:
    """Benefits paid from the start to the period end, against contributions paid."""
    paid = format_rupiah(m["santunan_cumulative"], lang)
    paid_in = format_rupiah(m["contributions_cumulative"], lang)
    end = format_date(m["period_end"], lang)
    if m.get("benefit_contribution_ratio") is None:
        return _pick(lang, f"Sampai {end} belum ada iuran yang tercatat; santunan yang "
                           f"dibayarkan berjumlah {paid}.",
                     f"Up to {end} no contributions are recorded; benefits paid total {paid}.")
    ratio = _pct(m["benefit_contribution_ratio"], lang)
    return _pick(
        lang,
        f"Sejak awal program sampai {end}, santunan yang dibayarkan berjumlah {paid}, setara "
        f"{ratio} dari iuran yang dibayarkan untuk periode yang sama ({paid_in}).",
        f"From the start of the programme to {end}, benefits paid total {paid}, {ratio} of the "
        f"contributions paid for the same time ({paid_in}).",
    )


def _compare(value: float, reference: float, lang: str) -> str:
    if _pct(value, lang) == _pct(reference, lang):
        return _pick(lang, "sama dengan", "equal to")
    if value > reference:
        return _pick(lang, "di atas", "above")
    return _pick(lang, "di bawah", "below")


def coverage(m: Metrics, province: Metrics | None, lang: str = "id") -> str:
    """Formal, informal and total coverage, and the total against the province."""
    cover = m["coverage"]
    if cover.get("total") is None:
        return _pick(lang, "Data tenaga kerja untuk menghitung cakupan belum tersedia.",
                     "No labour-force data are available to compute coverage.")
    total = _pct(cover["total"], lang)
    formal = _pct(cover["formal"], lang)
    informal = _pct(cover["informal"], lang)
    text = _pick(
        lang,
        f"Menurut data tenaga kerja tahun {cover['year']}, jaminan sosial ketenagakerjaan "
        f"mencakup {total} penduduk bekerja: {formal} pekerja formal dan {informal} pekerja "
        f"informal.",
        f"According to the {cover['year']} labour-force data, employment social security "
        f"covers {total} of employed persons: {formal} of formal and {informal} of informal "
        f"workers.",
    )
    reference = (province or {}).get("coverage", {}).get("total")
    if province is not None and province["scope"] != m["scope"] and reference is not None:
        where = _compare(cover["total"], reference, lang)
        text += " " + _pick(
            lang, f"Cakupan total ini {where} angka provinsi "
                  f"({_pct(reference, lang)}).",
            f"This total coverage is {where} the province's "
            f"({_pct(reference, lang)}).")
    return text


def index_rank(m: Metrics, regencies: int, lang: str = "id") -> str:
    """A regency's place on the composite performance index."""
    index = m.get("index") or {}
    if index.get("rank") is None:
        return ""
    score = _dec(index["score"], lang)
    return _pick(
        lang,
        f"Pada indeks kinerja komposit, {m['scope_name']} berada di peringkat {index['rank']} "
        f"dari {regencies} kabupaten/kota dengan skor {score} (0-100).",
        f"On the composite performance index, {m['scope_name']} ranks {index['rank']} of "
        f"{regencies} regencies with a score of {score} (0-100).",
    )


def ranking(rows: Sequence[dict], lang: str = "id") -> str:
    """The top three and the last of a ranking (rows best first: regency_name, score)."""
    if not rows:
        return ""
    top = [f"{row['regency_name']} ({_dec(row['score'], lang)})" for row in rows[:3]]
    last = rows[-1]
    return _pick(
        lang,
        f"Skor indeks tertinggi dicapai {join_words(top, lang)}; skor terendah ada di "
        f"{last['regency_name']} ({_dec(last['score'], lang)}).",
        f"The highest index scores are those of {join_words(top, lang)}; the lowest is "
        f"{last['regency_name']}'s ({_dec(last['score'], lang)}).",
    )


def spread(values: dict[str, float | None], what: str, lang: str = "id") -> str:
    """Highest and lowest of a ratio across areas (``values``: name -> ratio; NaN/None skipped)."""
    known = {name: float(value) for name, value in values.items() if not is_missing(value)}
    if len(known) < 2:
        return ""
    high = max(known, key=known.get)
    low = min(known, key=known.get)
    return _pick(
        lang,
        f"{what} tertinggi di {high} ({_pct(known[high], lang)}) dan terendah di "
        f"{low} ({_pct(known[low], lang)}).",
        f"{what} is highest in {high} ({_pct(known[high], lang)}) and lowest in "
        f"{low} ({_pct(known[low], lang)}).",
    )


def milestone(published: int, active: int | None, day: str, lang: str = "id") -> str:
    """A published participant figure against the active participants in the data."""
    when = format_date(day, lang)
    if active is None:
        return _pick(lang, f"Data tidak mencakup {when}.", f"The data do not cover {when}.")
    difference = active - published
    if difference == 0:
        relation = _pick(lang, "sama dengan angka publikasi", "the same as the published figure")
    else:
        gap = format_number(abs(difference), lang)
        relation = _pick(
            lang,
            f"{gap} {'lebih banyak' if difference > 0 else 'lebih sedikit'} dari angka "
            f"publikasi",
            f"{gap} {'more' if difference > 0 else 'fewer'} than published",
        )
    return _pick(
        lang,
        f"Per {when}: angka publikasi {format_number(published, lang)} peserta, data mencatat "
        f"{format_number(active, lang)} peserta aktif ({relation}).",
        f"On {when}: {format_number(published, lang)} participants in the published figure, "
        f"{format_number(active, lang)} active in the data ({relation}).",
    )
