"""The governance figures (attendance, meetings and the budget) and their dashboard panels
(see docs/metrics.md).

Each `compute` aggregates in the database and gives None for a year the Hub holds no records
for, so entered values fill the years before the partnership used the Hub. A breakdown's
answer also carries its total ("") so a computed total always wins over an entered one.
"""

from __future__ import annotations

from decimal import Decimal

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance import figures
from safeguarding.governance.models import Contribution, Expenditure, Grant
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, Value, register

Answer = dict[str, Value] | None


def attendance_rate(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Attendances as a whole percentage of recorded invitations, by agency and overall."""
    counts = figures.attendance_counts(partnership, year)
    if not counts:
        return None
    recorded = sum(r for r, _ in counts.values())
    attended = sum(a for _, a in counts.values())
    total: dict[str, Value] = {"": figures.share(attended, recorded)}
    if breakdown != "agency":
        return total
    return {name: figures.share(a, r) for name, (r, a) in counts.items()} | total


def meetings(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    count = figures.meeting_count(partnership, year)
    return {"": count} if count else None


def _money(amounts: dict[str, Decimal]) -> Answer:
    answer: dict[str, Value] = dict(amounts)
    return answer or None


def _with_total(parts: dict[str, Decimal]) -> Answer:
    return {**parts, "": sum(parts.values(), Decimal(0))} if parts else None


def budget_total(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """The overall budget: what the partners contributed."""
    return _money(figures.budget_amounts(Contribution, partnership, year))


def contribution(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    if breakdown != "agency":
        return budget_total(partnership, year, None)
    return _with_total(figures.budget_amounts(Contribution, partnership, year, "agency__name"))


def grant_total(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    return _money(figures.budget_amounts(Grant, partnership, year))


def expenditure(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    if breakdown != "category":
        return _money(figures.budget_amounts(Expenditure, partnership, year))
    return _with_total(figures.budget_amounts(Expenditure, partnership, year, "category"))


register(
    Metric(
        code="governance.attendance_rate",
        label="Attendance at multi-agency subgroups (%)",
        unit=Unit.PERCENT,
        breakdowns=("agency",),
        compute=attendance_rate,
        description="Meetings attended as a whole percentage of those an agency was invited to.",
    )
)
register(
    Metric(
        code="governance.meetings",
        label="Multi-agency subgroup meetings",
        unit=Unit.COUNT,
        compute=meetings,
    )
)
register(
    Metric(
        code="governance.budget_total",
        label="Overall budget",
        unit=Unit.MONEY,
        compute=budget_total,
        description="What the partners contributed to the partnership's budget.",
    )
)
register(
    Metric(
        code="governance.contribution",
        label="Contributions to the budget",
        unit=Unit.MONEY,
        breakdowns=("agency",),
        compute=contribution,
    )
)
register(
    Metric(code="governance.grant_total", label="Grants", unit=Unit.MONEY, compute=grant_total)
)
register(
    Metric(
        code="governance.expenditure",
        label="Expenditure",
        unit=Unit.MONEY,
        breakdowns=("category",),
        compute=expenditure,
    )
)


# The dashboard: each panel charts the chosen year's breakdown, its table the five years.

register_panel(
    Panel(
        code="attendance",
        metric="governance.attendance_rate",
        title="Attendance at multi-agency subgroups by agency (%)",
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        order=20,
    )
)
register_panel(
    Panel(
        code="budget-contributions",
        metric="governance.contribution",
        title="Contributions to the budget by agency",
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        order=30,
    )
)
register_panel(
    Panel(
        code="expenditure",
        metric="governance.expenditure",
        title="Expenditure by category",
        breakdown="category",
        chart=ChartKind.BREAKDOWN,
        order=40,
    )
)
