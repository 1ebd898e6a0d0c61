"""The sections of the report notebooks, so that the notebooks hold only calls.

A report notebook opens the report and then shows one section per cell::

    report = open_report(scope, period, data_dir, lang, audience)
    title_block(report)
    summary(report)
"""

from analysis.report_sections.benefits import benefits, claims_by_area
from analysis.report_sections.comparison import comparison, milestones
from analysis.report_sections.context import Report, open_report
from analysis.report_sections.contributions import budget, contributions
from analysis.report_sections.coverage import coverage
from analysis.report_sections.enrolment import attainment, enrolment, villages_below_target
from analysis.report_sections.notes import notes
from analysis.report_sections.reconciliation import reconciliation
from analysis.report_sections.summary import summary, title_block

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
    "reconciliation",
    "summary",
    "title_block",
    "villages_below_target",
]
