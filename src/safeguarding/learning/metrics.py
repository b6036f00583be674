"""The learning figures (actions, impact, themes, sharing) and their dashboard panels
(docs/metrics.md, docs/learning.md).

Each `compute` aggregates in the database, one or two queries per year. A year that ends before
the first record of its kind (the first action raised, finding recorded, ...) gives None, so
entered values fill the years before the partnership used the Hub; from then on a year without
any gives 0. A breakdown's answer carries its total ("") as well, so a computed total wins.

`tally` and `counts_in_year` are shared with `reviews.metrics`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    Dissemination,
    DisseminationMethod,
    Finding,
    ImpactEvidence,
    SourceKind,
)
from safeguarding.learning.selectors import ImpactCoverage
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, Value, register

Answer = dict[str, Value] | None
TOTAL = ""
#: The breakdown value of rows whose key is blank (a rapid review without a decision).
NOT_RECORDED = "Not recorded"


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


def _in(field: str, year: ReportingYear) -> Q:
    return Q(**{f"{field}__range": (year.start, year.end)})


def as_of(year: ReportingYear) -> dt.date | None:
    """The day a snapshot of the year is taken: its last day, or today while it runs; None for
    a year that has not begun."""
    day = min(timezone.localdate(), year.end)
    return day if day >= year.start else None


def tally(
    rows: QuerySet[Any],
    counted: Q,
    *,
    first: str,
    until: dt.date,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    overlapping: bool = False,
) -> Answer:
    """How many `rows` match `counted`: the total, or by `key` (a field path) with the total.

    None when no row's `first` date falls on or before `until` (the Hub holds no records yet).
    `overlapping`: a row can have several keys (themes), so the total is counted on its own.
    Rows without a key count in the total only; a blank key is "Not recorded".
    """
    answer: dict[str, Value] = {}
    if key is None or overlapping:
        totals = rows.aggregate(n=Count("pk", filter=counted, distinct=True), first=Min(first))
        if not _held(totals["first"], until):
            return None
        answer[TOTAL] = totals["n"]
        if key is None:
            return answer
    groups = list(
        rows.values_list(key)
        .annotate(n=Count("pk", filter=counted, distinct=True), first=Min(first))
        .order_by()
    )
    if not _held(min((g[2] for g in groups if g[2] is not None), default=None), until):
        return None
    for value, n, _ in groups:
        if value is not None and n:
            label = (labels or {}).get(str(value), str(value)) or NOT_RECORDED
            answer[label] = int(answer.get(label, 0)) + n
    answer.setdefault(TOTAL, sum(n for _, n, _ in groups))
    return answer


def _held(first: dt.date | None, until: dt.date) -> bool:
    return first is not None and first <= until


def counts_in_year(
    rows: QuerySet[Any],
    field: str,
    year: ReportingYear,
    *,
    key: str | None = None,
    labels: Mapping[str, str] | None = None,
    overlapping: bool = False,
) -> Answer:
    """How many `rows` have their `field` date in the year (by `key`); see `tally`."""
    return tally(
        rows,
        _in(field, year),
        first=field,
        until=year.end,
        key=key,
        labels=labels,
        overlapping=overlapping,
    )


# Actions


def actions(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Actions raised in the year, by owner agency or by their status now."""
    rows = Action.objects.filter(source__partnership=partnership)
    if breakdown == "agency":
        return counts_in_year(rows, "raised_on", year, key="owner_agency__name")
    if breakdown == "status":
        return counts_in_year(rows, "raised_on", year, key="status", labels=STATUSES)
    return counts_in_year(rows, "raised_on", year)


def overdue_actions(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Actions open and past their due date on the year's last day (today, for this year).

    An action was open on a day when it had been raised, was not cancelled and was not yet
    completed; a cancelled action is never counted (its cancellation is not dated).
    """
    day = as_of(year)
    if day is None:
        return None
    open_then = (
        Q(raised_on__lte=day)
        & ~Q(status=ActionStatus.CANCELLED)
        & (Q(completed_on__isnull=True) | Q(completed_on__gt=day))
    )
    rows = Action.objects.filter(source__partnership=partnership)
    key = "owner_agency__name" if breakdown == "agency" else None
    return tally(rows, open_then & Q(due_on__lt=day), first="raised_on", until=day, key=key)


def impact_coverage(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """The share of the actions completed in the year that have any evidence of impact (a whole
    percentage), by owner agency and overall; None when none was completed that year."""
    evidenced = Exists(ImpactEvidence.objects.filter(action=OuterRef("pk")))
    rows = Action.objects.filter(source__partnership=partnership, status=ActionStatus.COMPLETED)
    in_year = _in("completed_on", year)
    counts = {
        "done": Count("pk", filter=in_year),
        "shown": Count("pk", filter=Q(in_year, evidenced)),
    }
    if breakdown != "agency":
        totals = rows.aggregate(**counts)
        return _coverage({TOTAL: (totals["done"], totals["shown"])})
    groups = rows.values_list("owner_agency__name").annotate(**counts).order_by()
    per_agency = {name: (done, shown) for name, done, shown in groups}
    overall = (sum(d for d, _ in per_agency.values()), sum(s for _, s in per_agency.values()))
    return _coverage({**per_agency, TOTAL: overall})


def _coverage(counts: dict[str, tuple[int, int]]) -> Answer:
    if not counts.get(TOTAL, (0, 0))[0]:
        return None
    shares = {key: ImpactCoverage(done, shown).percent for key, (done, shown) in counts.items()}
    return {key: share for key, share in shares.items() if share is not None}


# Themes across sources, and sharing the learning


def findings(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Findings recorded in the year, by the themes they name or by the kind of their source."""
    rows = Finding.objects.filter(source__partnership=partnership)
    if breakdown == "theme":
        return counts_in_year(rows, "recorded_on", year, key="themes__name", overlapping=True)
    if breakdown == "source":
        return counts_in_year(rows, "recorded_on", year, key="source__kind", labels=SOURCES)
    return counts_in_year(rows, "recorded_on", year)


def disseminations(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """How many times learning was shared in the year, by method."""
    rows = Dissemination.objects.filter(partnership=partnership)
    key = "method" if breakdown == "method" else None
    return counts_in_year(rows, "shared_on", year, key=key, labels=METHODS)


STATUSES = _labels(ActionStatus)
SOURCES = _labels(SourceKind)
METHODS = _labels(DisseminationMethod)

register(
    Metric(
        code="learning.actions",
        label="Actions raised",
        unit=Unit.COUNT,
        breakdowns=("agency", "status"),
        compute=actions,
        description="Actions raised in the year, by owner agency or by their status now.",
    )
)
register(
    Metric(
        code="learning.overdue_actions",
        label="Overdue actions",
        unit=Unit.COUNT,
        breakdowns=("agency",),
        compute=overdue_actions,
        description="Open actions past their due date at the end of the year (today, this year).",
    )
)
register(
    Metric(
        code="learning.impact_coverage",
        label="Completed actions with evidence of impact (%)",
        unit=Unit.PERCENT,
        breakdowns=("agency",),
        compute=impact_coverage,
        description="The share of the actions completed in the year with any evidence of impact.",
    )
)
register(
    Metric(
        code="learning.findings",
        label="Findings",
        unit=Unit.COUNT,
        breakdowns=("theme", "source"),
        compute=findings,
        description="Findings recorded in the year, by theme (a finding may name several) "
        "or by the kind of their source.",
    )
)
register(
    Metric(
        code="learning.disseminations",
        label="Learning shared",
        unit=Unit.COUNT,
        breakdowns=("method",),
        compute=disseminations,
        description="Times learning was shared in the year (bulletins, briefings, ...), by method.",
    )
)

for _panel in (
    Panel(
        code="actions-by-agency",
        metric="learning.actions",
        title="Actions raised by agency",
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        order=60,
    ),
    Panel(
        code="actions-by-status",
        metric="learning.actions",
        title="Actions raised by their status now",
        breakdown="status",
        chart=ChartKind.BREAKDOWN,
        order=61,
    ),
    Panel(
        code="overdue-actions",
        metric="learning.overdue_actions",
        title="Overdue actions by agency at the end of the year",
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        order=62,
    ),
    Panel(
        code="impact-coverage",
        metric="learning.impact_coverage",
        title="Completed actions with evidence of impact (%)",
        breakdown="agency",
        order=63,
    ),
    Panel(
        code="themes-across-sources",
        metric="learning.findings",
        title="Findings by learning theme, across every source",
        breakdown="theme",
        chart=ChartKind.BREAKDOWN,
        order=64,
    ),
    Panel(
        code="learning-shared",
        metric="learning.disseminations",
        title="Learning shared, by method",
        breakdown="method",
        chart=ChartKind.BREAKDOWN,
        order=65,
    ),
):
    register_panel(_panel)
