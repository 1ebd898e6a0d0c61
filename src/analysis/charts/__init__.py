"""Report charts in the house style: one function per report figure, each returning a Figure.

Every chart function takes its frame (columns named in its docstring), ``lang`` ("id" by
default, or "en") and an optional ``title``; an empty frame gives a figure that says there
are no data for the period.
"""

from analysis.charts.axes import (
    month_formatter,
    percent_formatter,
    rupiah_formatter,
    set_month_axis,
    thousands_formatter,
)
from analysis.charts.benefits import (
    plot_claims_by_benefit,
    plot_cumulative_santunan,
    plot_days_to_payment,
)
from analysis.charts.comparison import (
    plot_attainment_vs_continuity,
    plot_coverage_comparison,
    plot_regency_ranking,
    plot_small_multiples,
)
from analysis.charts.enrolment import (
    plot_attainment_by_district,
    plot_monthly_active,
    plot_monthly_flows,
)
from analysis.charts.money import (
    plot_budget_realization,
    plot_continuity_heatmap,
    plot_monthly_contributions,
)
from analysis.charts.style import (
    CATEGORY_COLORS,
    HIGHLIGHT_COLOR,
    OTHER_COLOR,
    PROGRAM_COLORS,
    SEQUENTIAL_CMAP,
    apply_house_style,
    new_figure,
)

__all__ = [
    "CATEGORY_COLORS",
    "HIGHLIGHT_COLOR",
    "OTHER_COLOR",
    "PROGRAM_COLORS",
    "SEQUENTIAL_CMAP",
    "apply_house_style",
    "month_formatter",
    "new_figure",
    "percent_formatter",
    "plot_attainment_by_district",
    "plot_attainment_vs_continuity",
    "plot_budget_realization",
    "plot_claims_by_benefit",
    "plot_continuity_heatmap",
    "plot_coverage_comparison",
    "plot_cumulative_santunan",
    "plot_days_to_payment",
    "plot_monthly_active",
    "plot_monthly_contributions",
    "plot_monthly_flows",
    "plot_regency_ranking",
    "plot_small_multiples",
    "rupiah_formatter",
    "set_month_axis",
    "thousands_formatter",
]
