"""The sections of the report notebooks, so that the notebooks hold only calls.

A report notebook opens the report and then shows one section per cell::

    report = open_report(scope, period, data_dir, lang, audience)
    title_block(report)
    summary(report)
"""

from analysis.report_sections.context import Report, open_report
from analysis.report_sections.sections import (
    attainment,
    benefits,
    budget,
    claims_by_area,
    comparison,
    contributions,
    coverage,
    enrolment,
    milestones,
    notes,
    summary,
    title_block,
    villages_below_target,
)

__all__ = [
    "Report",
    "attainment",
    "benefits",
    "budget",
    "claims_by_area",
    "comparison",
    "contributions",
    "coverage",
    "enrolment",
    "milestones",
    "notes",
    "open_report",
    "summary",
    "title_block",
    "villages_below_target",
]
