"""Every read of the professional differences register that shapes data: the register's rows with
their clocks, one difference with its steps and findings, the choices its forms offer, and the
open steps due on home pages. And the survey responses, and the figures page's data.

A step's clock runs from its start to the due date stored when it started (the partnership's
timescale for the step then) and is met by the day it was completed; its "due soon" window is the
partnership's setting for the step's timescale now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import Clock, ClockState, add_working_days, make_clock
from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.core.navigation import DueItem
from safeguarding.core.selectors import (
    EffectiveTimescale,
    current_agencies_serving,
    themes_for,
    timescales_for,
)
from safeguarding.core.years import ReportingYear
from safeguarding.escalations import policies
from safeguarding.escalations.models import (
    STEP_TIMESCALES,
    Escalation,
    EscalationStep,
    Step,
    SurveyResponse,
)
from safeguarding.learning.models import Finding

PER_PAGE = 25
KIND = "Professional difference"
OPEN, CLOSED = "open", "closed"
Timescales = dict[str, EffectiveTimescale]


# Clocks


def step_timescales(partnership: Partnership) -> Timescales:
    """The partnership's timescale for each step, by code, in one query."""
    codes = set(STEP_TIMESCALES.values())
    return {t.timescale.code: t for t in timescales_for(partnership) if t.timescale.code in codes}


def timescale_of(step: EscalationStep, timescales: Timescales) -> EffectiveTimescale:
    return timescales[STEP_TIMESCALES[Step(step.step)]]


def step_clock(step: EscalationStep, timescales: Timescales, today: dt.date) -> Clock:
    return make_clock(
        started=step.started_on,
        due=step.due_on,
        completed=step.completed_on,
        today=today,
        due_soon_working_days=timescale_of(step, timescales).due_soon_working_days,
    )


@dataclass(frozen=True)
class StepRow:
    step: EscalationStep
    clock: Clock
    timescale: EffectiveTimescale


def step_rows(steps: list[EscalationStep], timescales: Timescales, today: dt.date) -> list[StepRow]:
    return [
        StepRow(s, step_clock(s, timescales, today), timescale_of(s, timescales)) for s in steps
    ]


# The register


@dataclass(frozen=True)
class Filters:
    year: ReportingYear | None = None
    step: int | None = None
    status: str = ""
    agency: Agency | None = None
    theme: Theme | None = None

    @property
    def any(self) -> bool:
        return any((self.year, self.step, self.status, self.agency, self.theme))


@dataclass(frozen=True)
class ListRow:
    escalation: Escalation
    last: StepRow  # the highest step reached: its due date and clock

    @property
    def next_due(self) -> dt.date | None:
        """The open step's due date; None when every step is completed."""
        return None if self.last.step.completed_on else self.last.step.due_on


@dataclass(frozen=True)
class RegisterPage:
    page: Page[Escalation]
    rows: list[ListRow]


def _ordered_steps() -> Prefetch[str]:
    return Prefetch("steps", queryset=EscalationStep.objects.order_by("step"))


def _highest_step() -> Subquery:
    steps = EscalationStep.objects.filter(escalation=OuterRef("pk")).order_by("-step")
    return Subquery(steps.values("step")[:1])


def escalation_rows(scope: Scope, filters: Filters) -> QuerySet[Escalation]:
    """The differences the scope may read that match the filters, newest first."""
    rows = policies.escalations.visible(scope).annotate(highest=_highest_step())
    if filters.year:
        rows = rows.filter(raised_on__range=(filters.year.start, filters.year.end))
    if filters.step:
        rows = rows.filter(highest=filters.step)
    if filters.status:
        rows = rows.filter(outcome="") if filters.status == OPEN else rows.exclude(outcome="")
    if filters.agency:
        rows = rows.filter(Q(raising_agency=filters.agency) | Q(receiving_agency=filters.agency))
    if filters.theme:
        rows = rows.filter(theme=filters.theme)
    related = rows.select_related("raising_agency", "receiving_agency", "theme")
    return related.prefetch_related(_ordered_steps())


def register_page(
    scope: Scope, filters: Filters, number: str | None, today: dt.date
) -> RegisterPage:
    """One page of the register, each row with its highest step's due date and clock."""
    page = Paginator(escalation_rows(scope, filters), PER_PAGE).get_page(number)
    timescales = step_timescales(scope.partnership)
    rows = [_list_row(e, timescales, today) for e in page.object_list]
    return RegisterPage(page, rows)


def _list_row(escalation: Escalation, timescales: Timescales, today: dt.date) -> ListRow:
    last = list(escalation.steps.all())[-1]  # prefetched, in order: no query
    return ListRow(
        escalation,
        StepRow(last, step_clock(last, timescales, today), timescale_of(last, timescales)),
    )


def register_years(partnership: Partnership, today: dt.date) -> list[ReportingYear]:
    """Reporting years from the first difference raised to today's, newest first."""
    first_day = Escalation.objects.filter(partnership=partnership).aggregate(d=Min("raised_on"))[
        "d"
    ]
    first = ReportingYear.containing(min(today, first_day or today))
    current = ReportingYear.containing(today)
    return [ReportingYear(start) for start in range(current.start_year, first.start_year - 1, -1)]


# One difference


def escalation_for_page(scope: Scope) -> QuerySet[Escalation]:
    return policies.escalations.visible(scope).select_related(
        "partnership", "raising_agency", "receiving_agency", "theme", "raised_by", "source"
    )


@dataclass(frozen=True)
class Detail:
    steps: list[StepRow]
    findings: list[Finding]

    @property
    def last(self) -> StepRow:
        return self.steps[-1]

    @property
    def next_steps(self) -> list[Step]:
        """The steps the difference may move up to."""
        return [step for step in Step if step > self.last.step.step]


def escalation_detail(escalation: Escalation, today: dt.date) -> Detail:
    steps = list(escalation.steps.order_by("step"))
    timescales = step_timescales(escalation.partnership)
    findings: list[Finding] = []
    if escalation.source_id:
        rows = Finding.objects.filter(source_id=escalation.source_id).prefetch_related("themes")
        findings = list(rows.order_by("recorded_on", "pk"))
    return Detail(step_rows(steps, timescales, today), findings)


def next_steps(escalation: Escalation) -> list[Step]:
    """The steps the difference may move up to (none when it is closed or at step 4)."""
    if not escalation.is_open:
        return []
    highest = escalation.steps.aggregate(n=Max("step"))["n"] or 0
    return [step for step in Step if step > highest]


def step_of(escalation: Escalation, pk: int) -> EscalationStep:
    """One step of the difference (404 when it is not one of its steps)."""
    step = escalation.steps.filter(pk=pk).first()
    if step is None:
        raise Http404("No such step.")
    step.escalation = escalation
    return step


def step_clock_for(step: EscalationStep, today: dt.date) -> Clock:
    return step_clock(step, step_timescales(step.escalation.partnership), today)


# Form choices


def raising_agencies(scope: Scope, keep: Escalation | None = None) -> QuerySet[Agency]:
    """The agencies a difference may be raised by: any serving the partnership for managers; the
    member's own agency for an agency lead or practitioner. A record's own agency stays."""
    agencies = current_agencies_serving(scope.partnership)
    if not scope.has_any(policies.MANAGERS):
        agencies = agencies.filter(pk__in=scope.agency_ids)
    return _and_kept(agencies, keep.raising_agency_id if keep else None)


def receiving_agencies(scope: Scope, keep: Escalation | None = None) -> QuerySet[Agency]:
    agencies = current_agencies_serving(scope.partnership)
    return _and_kept(agencies, keep.receiving_agency_id if keep else None)


def _and_kept(agencies: QuerySet[Agency], keep: int | None) -> QuerySet[Agency]:
    if keep is None:
        return agencies
    kept = Agency.objects.filter(pk=keep)
    return Agency.objects.filter(Q(pk__in=agencies.values("pk")) | Q(pk__in=kept)).order_by("name")


def theme_choices(partnership: Partnership, keep: Theme | None = None) -> QuerySet[Theme]:
    """The partnership's current themes (and a record's own, even retired)."""
    current = Q(retired_on__isnull=True)
    return themes_for(partnership).filter(current | Q(pk=keep.pk) if keep else current)


def filter_agencies(scope: Scope) -> QuerySet[Agency]:
    """Every agency that served the partnership, retired too (past differences name them)."""
    return Agency.objects.filter(memberships__partnership=scope.partnership).order_by("name")


# Home page items


def due_items(scope: Scope, today: dt.date) -> list[DueItem]:
    """Open steps due soon or overdue: every one for the business unit and administrators; those
    of the differences their agency raised or received for an agency lead."""
    if scope.has_any(policies.MANAGERS):
        mine = Q()
    elif Role.AGENCY_LEAD in scope.roles and scope.agency_ids:
        ids = scope.agency_ids
        mine = Q(escalation__raising_agency__in=ids) | Q(escalation__receiving_agency__in=ids)
    else:
        return []
    timescales = step_timescales(scope.partnership)
    horizon = max(due_soon_until(t, today) for t in timescales.values())
    steps = EscalationStep.objects.filter(
        mine,
        escalation__partnership=scope.partnership,
        escalation__outcome="",
        completed_on__isnull=True,
        due_on__lte=horizon,
    ).select_related("escalation")
    items = [_item(scope, step, step_clock(step, timescales, today)) for step in steps]
    return [item for item in items if item.state in (ClockState.DUE_SOON, ClockState.OVERDUE)]


def _item(scope: Scope, step: EscalationStep, clock: Clock) -> DueItem:
    escalation = step.escalation
    url = reverse("escalations:escalation_detail", args=[scope.partnership.slug, escalation.pk])
    title = f"{escalation.reference}, step {step.step}: {escalation.case_code}"
    return DueItem(title=title, url=url, due=clock.due, state=clock.state, kind=KIND)


# The practitioners' survey


def survey_rows(scope: Scope, year: ReportingYear | None) -> QuerySet[SurveyResponse]:
    """The survey responses (of a year, if given), newest first, with their agency and
    difference."""
    rows = policies.survey_responses.visible(scope).select_related("agency", "escalation")
    if year is not None:
        rows = rows.filter(received_on__range=(year.start, year.end))
    return rows


def survey_page(
    scope: Scope, year: ReportingYear | None, number: str | None
) -> Page[SurveyResponse]:
    return Paginator(survey_rows(scope, year), PER_PAGE).get_page(number)


def survey_for_page(scope: Scope) -> QuerySet[SurveyResponse]:
    return policies.survey_responses.visible(scope).select_related("agency", "escalation")


def survey_agencies(scope: Scope, keep: SurveyResponse | None = None) -> QuerySet[Agency]:
    return _and_kept(current_agencies_serving(scope.partnership), keep.agency_id if keep else None)


def survey_escalations(scope: Scope) -> QuerySet[Escalation]:
    """The differences a response may be about, found by their reference."""
    return Escalation.objects.filter(partnership=scope.partnership)


def survey_initial(response: SurveyResponse) -> dict[str, object]:
    fields = ("received_on", "positive_outcome", "comment", "agency", "escalation")
    return {name: getattr(response, name) for name in fields} | {
        "quote_in_report": response.quote_in_report
    }


# The figures page


@dataclass(frozen=True)
class OpenClocks:
    """The open steps at one step of the protocol, by the state of their clock today."""

    step: Step
    not_due: int
    due_soon: int
    overdue: int

    @property
    def total(self) -> int:
        return self.not_due + self.due_soon + self.overdue


def due_soon_until(timescale: EffectiveTimescale, today: dt.date) -> dt.date:
    """The last day a clock due then still shows "due soon" today (a later one is not due)."""
    days = timescale.due_soon_working_days + 1
    return add_working_days(today, days) - dt.timedelta(days=1)


def open_clocks(partnership: Partnership, today: dt.date) -> list[OpenClocks]:
    """Every step of the protocol, with its open steps counted by clock state, in one query."""
    timescales = step_timescales(partnership)
    soon = Q()
    for step, code in STEP_TIMESCALES.items():
        soon |= Q(step=step, due_on__lte=due_soon_until(timescales[code], today))
    counts = (
        EscalationStep.objects.filter(
            escalation__partnership=partnership, escalation__outcome="", completed_on__isnull=True
        )
        .values("step")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due_soon=Count("pk", filter=Q(due_on__gte=today) & soon),
            open=Count("pk"),
        )
    )
    by_step = {row["step"]: row for row in counts}
    return [_open_clocks(step, by_step.get(step.value)) for step in Step]


def _open_clocks(step: Step, row: Mapping[str, Any] | None) -> OpenClocks:
    if row is None:
        return OpenClocks(step, 0, 0, 0)
    not_due = row["open"] - row["overdue"] - row["due_soon"]
    return OpenClocks(step, not_due, row["due_soon"], row["overdue"])
