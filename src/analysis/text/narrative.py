"""Sentences for the reports, written from the figures of ``metrics.json``.

Every statement about a result comes from the numbers passed in: direction words ("naik",
"turun", "di atas", "di bawah"), counts and ratios are chosen and formatted here and filled
into the ``narrative`` messages of ``text.messages``, in Indonesian (``lang="id"``, the
default) or English (``lang="en"``). A figure that is missing (a ratio with a zero
denominator is None) yields a sentence that says so instead of a number.

Each function takes metrics dicts with the keys of SPEC "Metrics" and returns one paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis.reference.geography import report_coding, villages_in
from analysis.reference.parameters import load_parameters
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
    is_no_change,
)
from analysis.text.messages import message, plural

Metrics = dict[str, Any]


def join_words(items: Sequence[str], lang: str = "id") -> str:
    """``A, B dan C`` (``A, B and C``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {message('common.and', lang)} {items[-1]}"


def _pct(ratio: float | None, lang: str) -> str:
    """A ratio as a percentage with one decimal: ``40,5%``."""
    return format_percent(ratio, digits=1, lang=lang)


def _dec(value: float | None, lang: str) -> str:
    """A number with one decimal: ``67,5``."""
    return format_decimal(value, digits=1, lang=lang)


def _since(since: str, lang: str) -> str:
    return message(f"narrative.since.{since}", lang)


def _changed(change: str, since: str, lang: str) -> str:
    return message("narrative.change_since", lang, change=change, since=_since(since, lang))


def _unchanged_since(since: str, lang: str) -> str:
    return message("narrative.unchanged_since", lang, since=_since(since, lang))


def change_phrase(ratio: float | None, since: str, lang: str = "id") -> str | None:
    """``naik 3,2% dibanding triwulan lalu``; None when the change cannot be computed.

    ``since`` is ``"quarter"`` (the previous quarter) or ``"year"`` (a year earlier).
    """
    if ratio is None:
        return None
    if is_no_change(ratio):
        return _unchanged_since(since, lang)
    return _changed(format_change(ratio, digits=1, lang=lang), since, lang)


def points_phrase(now: float | None, before: float | None, since: str,
                  lang: str = "id") -> str | None:
    """``naik 2,1 poin persen dibanding triwulan lalu`` for two ratios; None when unknown."""
    if now is None or before is None:
        return None
    delta = now - before
    if is_no_change(delta):
        return _unchanged_since(since, lang)
    return _changed(format_points(delta, digits=1, lang=lang), since, lang)


def count_phrase(now: int, before: int | None, since: str, lang: str = "id") -> str | None:
    """``bertambah 3 dibanding triwulan lalu`` for two counts; None when unknown."""
    if before is None:
        return None
    change = now - before
    if change == 0:
        return _unchanged_since(since, lang)
    key = "narrative.count_more_since" if change > 0 else "narrative.count_fewer_since"
    return message(key, lang, count=format_number(abs(change), lang), since=_since(since, lang))


def active_participants(m: Metrics, lang: str = "id") -> str:
    """Active participants at the period end and their change over a quarter and a year."""
    active = m["active"]
    first = message("narrative.active.level", lang, quarter=format_quarter(m["period"], lang),
                    total=format_number(active["total"], lang),
                    mme=format_number(active["MME"], lang), pr=format_number(active["PR"], lang))
    changes = [change_phrase(m.get("growth_qoq"), "quarter", lang),
               change_phrase(m.get("growth_yoy"), "year", lang)]
    changes = [c for c in changes if c]
    if changes:
        return f"{first} " + message("narrative.active.changes", lang,
                                     changes=join_words(changes, lang))
    return f"{first} " + message("narrative.active.no_comparison", lang)


def enrolment_flows(m: Metrics, lang: str = "id") -> str:
    """New participants and exits in the quarter."""
    new, exits = m["new"]["total"], m["exits"]["total"]
    return plural("narrative.enrolment_flows", new, lang, new=format_number(new, lang),
                  exits=format_number(exits, lang))


def attainment(m: Metrics, lang: str = "id") -> str:
    """Active participants against the village targets, and villages on target."""
    target, share = m["target"], m["attainment"]
    if not target["total"]:
        return message("narrative.attainment.no_target", lang)
    categories = [f"MME {_pct(share['MME'], lang)}"]
    if target["PR"]:
        categories.append(f"PR {_pct(share['PR'], lang)}")
    return message("narrative.attainment.share", lang, share=_pct(share["total"], lang),
                   target=format_number(target["total"], lang),
                   categories=join_words(categories, lang),
                   on_target=format_number(m["villages_on_target"], lang),
                   villages=format_number(m["villages"], lang))


def villages_below_target(rows: Sequence[dict], lang: str = "id") -> str:
    """The villages furthest below target; ``rows`` have village_name and gap (people)."""
    if not rows:
        return message("narrative.villages_below_target.none", lang)
    named = [message("narrative.villages_below_target.village", lang,
                     village=row["village_name"], gap=format_number(row["gap"], lang))
             for row in rows]
    return message("narrative.villages_below_target.largest", lang,
                   villages=join_words(named, lang))


def continuity(m: Metrics, lang: str = "id") -> str:
    """Share of villages with participants that paid for every month of the quarter."""
    quarter = format_quarter(m["period"], lang)
    if m.get("continuity") is None:
        return message("narrative.continuity.no_villages", lang, quarter=quarter)
    return message("narrative.continuity.share", lang, share=_pct(m["continuity"], lang),
                   paying=format_number(m.get("villages_paying_all_months", 0), lang),
                   active=format_number(m.get("villages_with_participants", 0), lang),
                   quarter=quarter)


def contributions(m: Metrics, previous: Metrics | None, lang: str = "id") -> str:
    """Contributions for the months of the quarter, against the quarter before."""
    amount = m["contributions_in_period"]
    values = {"quarter": format_quarter(m["period"], lang),
              "amount": format_rupiah(amount, lang)}
    before = previous.get("contributions_in_period") if previous else None
    if before:
        return message("narrative.contributions.total_change", lang, **values,
                       change=change_phrase(amount / before - 1, "quarter", lang))
    return message("narrative.contributions.total", lang, **values)


def budget_realization(m: Metrics, lang: str = "id") -> str:
    """Contributions of the year so far against the year's BKBK allocation for them."""
    year = m["period"][:4]
    ytd = format_rupiah(m.get("contributions_ytd"), lang)
    allocation = m.get("allocation_year")
    if m.get("budget_realization_ytd") is None or not allocation:
        return message("narrative.budget_realization.no_allocation", lang, year=year, ytd=ytd)
    return message("narrative.budget_realization.share", lang, year=year, ytd=ytd,
                   share=_pct(m["budget_realization_ytd"], lang),
                   allocation=format_rupiah(allocation, lang))


def claims(m: Metrics, lang: str = "id") -> str:
    """Claims paid in the quarter, by programme, and the median days to payment."""
    quarter = format_quarter(m["period"], lang)
    paid = m["claims_in_period"]
    if not paid["count"]:
        return message("narrative.claims.none", lang, quarter=quarter)
    programs = []
    for program in ("JKM", "JKK"):
        figures = paid["by_program"].get(program, {})
        if figures.get("count"):
            count = plural("narrative.claims.program_count", figures["count"], lang,
                           count=format_number(figures["count"], lang), program=program)
            programs.append(f"{count} ({format_rupiah(figures['amount'], lang)})")
    total = plural("common.claim_count", paid["count"], lang,
                   count=format_number(paid["count"], lang))
    text = plural("narrative.claims.paid", paid["count"], lang, quarter=quarter, claims=total,
                  amount=format_rupiah(paid["amount"], lang), programs=join_words(programs, lang))
    days = m.get("median_days_to_payment")
    if days is not None:
        text += " " + message("narrative.claims.median_days", lang,
                              days=format_number(days, lang))
    return text


def santunan_cumulative(m: Metrics, lang: str = "id") -> str:
    """Benefits paid from the start to the period end, against contributions paid."""
    paid = format_rupiah(m["santunan_cumulative"], lang)
    end = format_date(m["period_end"], lang)
    if m.get("benefit_contribution_ratio") is None:
        return message("narrative.santunan_cumulative.no_contributions", lang, end=end,
                       paid=paid)
    return message("narrative.santunan_cumulative.share", lang, end=end, paid=paid,
                   share=_pct(m["benefit_contribution_ratio"], lang),
                   paid_in=format_rupiah(m["contributions_cumulative"], lang))


def _compare(value: float, reference: float, lang: str) -> str:
    if _pct(value, lang) == _pct(reference, lang):
        return message("narrative.compare.equal", lang)
    if value > reference:
        return message("narrative.compare.above", lang)
    return message("narrative.compare.below", lang)


def coverage(m: Metrics, province: Metrics | None, lang: str = "id") -> str:
    """Formal, informal and total coverage, and the total against the province."""
    cover = m["coverage"]
    if cover.get("total") is None:
        return message("narrative.coverage.no_data", lang)
    text = message("narrative.coverage.shares", lang, year=str(cover["year"]),
                   total=_pct(cover["total"], lang), formal=_pct(cover["formal"], lang),
                   informal=_pct(cover["informal"], lang))
    reference = (province or {}).get("coverage", {}).get("total")
    if province is not None and province["scope"] != m["scope"] and reference is not None:
        text += " " + message("narrative.coverage.province", lang,
                              comparison=_compare(cover["total"], reference, lang),
                              province=_pct(reference, lang))
    return text


def index_rank(m: Metrics, regencies: int, lang: str = "id") -> str:
    """A regency's place on the composite performance index."""
    index = m.get("index") or {}
    if index.get("rank") is None:
        return ""
    return message("narrative.index.rank", lang, scope=m["scope_name"],
                   rank=format_number(index["rank"], lang),
                   regencies=format_number(regencies, lang), score=_dec(index["score"], lang))


def ranking(rows: Sequence[dict], lang: str = "id") -> str:
    """The top three and the last of a ranking (rows best first: regency_name, score)."""
    if not rows:
        return ""
    top = [f"{row['regency_name']} ({_dec(row['score'], lang)})" for row in rows[:3]]
    last = rows[-1]
    return message("narrative.index.ranking", lang, top=join_words(top, lang),
                   last=last["regency_name"], score=_dec(last["score"], lang))


def spread(values: dict[str, float | None], what: str, lang: str = "id") -> str:
    """Highest and lowest of a ratio across areas (``values``: name -> ratio; NaN/None skipped)."""
    known = {name: float(value) for name, value in values.items() if not is_missing(value)}
    if len(known) < 2:
        return ""
    high = max(known, key=known.get)
    low = min(known, key=known.get)
    return message("narrative.spread", lang, what=what, high=high,
                   high_value=_pct(known[high], lang), low=low, low_value=_pct(known[low], lang))


def milestone(published: int, active: int | None, day: str, lang: str = "id",
              target: bool = False) -> str:
    """A published participant figure (or a published target) against the active
    participants in the data."""
    when = format_date(day, lang)
    if active is None:
        return message("narrative.milestone.not_covered", lang, day=when)
    if target:
        return message("narrative.milestone.target", lang, day=when,
                       target=format_number(published, lang),
                       active=format_number(active, lang), share=_pct(active / published, lang))
    difference = active - published
    if difference == 0:
        relation = message("narrative.milestone.same", lang)
    else:
        key = "narrative.milestone.more" if difference > 0 else "narrative.milestone.fewer"
        relation = message(key, lang, gap=format_number(abs(difference), lang))
    return message("narrative.milestone.compared", lang, day=when,
                   published=format_number(published, lang),
                   active=format_number(active, lang), relation=relation)


def data_source(synthetic: bool, source: str, lang: str = "id") -> str:
    """The data source as a reader needs it: what synthetic data are for (and that they are
    built close to the published figures where the province has them: the demo is
    calibrated to those), or the source as the dataset names it."""
    if not synthetic:
        return source
    published = bool(load_parameters().get("milestones"))
    return message("narrative.synthetic_source" if published
                   else "narrative.synthetic_source_plain", lang)


def region_codes(code: str, lang: str = "id", without_rows: int = 0) -> str:
    """The list a scope's region codes come from, with its numbers of kecamatan and villages
    ("Kepmendagri 300.2.2-2138/2025 (18 kecamatan, 287 desa/kelurahan)") and how many of its
    villages new in 2025 the dataset has no rows for."""
    listed = villages_in(code)
    text = message(f"sections.title.coding_{report_coding()}", lang,
                   districts=format_number(listed["district_code"].nunique(), lang),
                   villages=format_number(len(listed), lang))
    if without_rows:
        text += message("sections.title.coding_without_rows", lang,
                        count=format_number(without_rows, lang))
    return text
