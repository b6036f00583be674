"""Every read of the executive, subgroups, meetings, attendance and budgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.expressions import BaseExpression
from django.utils import timezone

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import (
    Activity,
    CommunicationFigure,
    Contribution,
    Engagement,
    ExecutiveMember,
    Expenditure,
    Grant,
    GuidanceChange,
    Indicator,
    Invitation,
    Meeting,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
    Subgroup,
)
from safeguarding.learning.models import Action, ImpactEvidence
from safeguarding.learning.selectors import with_evaluation

HUNDRED = Decimal(100)


def whole_percent(value: Decimal | float | None) -> int:
    """A share as the report prints it: a whole percentage, halves rounded up."""
    return int(Decimal(str(value or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The executive


def executive_for(
    partnership: Partnership, year: ReportingYear | None = None
) -> QuerySet[ExecutiveMember]:
    """Everyone who has sat on the executive, or those who served during `year`."""
    rows = ExecutiveMember.objects.filter(partnership=partnership).select_related("organisation")
    if year is not None:
        rows = rows.filter(started_on__lte=year.end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=year.start)
        )
    return rows


def current_executive(rows: QuerySet[ExecutiveMember]) -> QuerySet[ExecutiveMember]:
    today = timezone.localdate()
    return rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))


def past_executive(rows: QuerySet[ExecutiveMember]) -> QuerySet[ExecutiveMember]:
    return rows.filter(ended_on__lte=timezone.localdate()).order_by("-ended_on")


@dataclass(frozen=True)
class ExecutiveChanges:
    joined: list[ExecutiveMember]
    left: list[ExecutiveMember]


def executive_changes(partnership: Partnership, year: ReportingYear) -> ExecutiveChanges:
    """Who joined and who left the executive during a reporting year."""
    rows = executive_for(partnership).order_by("name")
    return ExecutiveChanges(
        joined=list(rows.filter(started_on__range=(year.start, year.end))),
        left=list(rows.filter(ended_on__range=(year.start, year.end))),
    )


# Subgroups and meetings


def subgroups_for(partnership: Partnership, current_only: bool = False) -> QuerySet[Subgroup]:
    rows = Subgroup.objects.filter(partnership=partnership)
    if current_only:
        rows = rows.current()
    return rows.annotate(meeting_count=Count("meetings")).order_by("name")


def meetings_for(partnership: Partnership, year: ReportingYear) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(partnership=partnership, date__range=(year.start, year.end))
        .select_related("subgroup")
        .annotate(
            invited_count=Count("invitations"),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
            recorded_count=Count("invitations", filter=Q(invitations__attended__isnull=False)),
        )
        .order_by("date", "subgroup__name")  # Meta.ordering does not apply to grouped queries
    )


def invitations_for(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("agency")


def invited_agencies(meeting: Meeting) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=meeting.invitations.values("agency_id"))


def meeting_form_initial(meeting: Meeting) -> dict[str, object]:
    return {
        "subgroup": meeting.subgroup_id,
        "date": meeting.date,
        "invited": list(meeting.invitations.values_list("agency_id", flat=True)),
    }


@dataclass(frozen=True)
class AgencyAttendance:
    agency: str
    invited: int
    attended: int

    @property
    def percent(self) -> int:
        return whole_percent(Decimal(self.attended) * HUNDRED / self.invited)


@dataclass(frozen=True)
class Attendance:
    meetings: int
    rows: list[AgencyAttendance]


def attendance_for(partnership: Partnership, year: ReportingYear) -> Attendance:
    """Each invited agency's attendance at the partnership's meetings in a year: two queries."""
    in_year = {"date__range": (year.start, year.end), "partnership": partnership}
    rows = (
        Invitation.objects.filter(**{f"meeting__{key}": value for key, value in in_year.items()})
        .values("agency__name")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by("agency__name")
    )
    return Attendance(
        meetings=Meeting.objects.filter(**in_year).count(),
        rows=[AgencyAttendance(r["agency__name"], r["invited"], r["attended"]) for r in rows],
    )


# The budget


def _with_share(rows: QuerySet) -> QuerySet:
    """Each line's amount as a percentage of the year's total, computed by the database."""
    money = DecimalField(max_digits=12, decimal_places=2)
    share = DecimalField(max_digits=9, decimal_places=4)
    total = Window(Sum("amount", output_field=money))
    return rows.annotate(
        total=total,
        share=ExpressionWrapper(F("amount") * Value(HUNDRED) / total, output_field=share),
    )


def contributions_for(partnership: Partnership, year: ReportingYear) -> QuerySet[Contribution]:
    rows = Contribution.objects.filter(partnership=partnership, year=year.start_year)
    return _with_share(rows.select_related("agency"))


def grants_for(partnership: Partnership, year: ReportingYear) -> QuerySet[Grant]:
    return Grant.objects.filter(partnership=partnership, year=year.start_year)


def expenditure_for(partnership: Partnership, year: ReportingYear) -> QuerySet[Expenditure]:
    return _with_share(Expenditure.objects.filter(partnership=partnership, year=year.start_year))


@dataclass(frozen=True)
class BudgetTable:
    lines: list
    total: Decimal


@dataclass(frozen=True)
class Budget:
    year: ReportingYear
    contributions: BudgetTable
    grants: BudgetTable
    expenditure: BudgetTable


def _table(rows: QuerySet) -> BudgetTable:
    lines = list(rows)
    return BudgetTable(lines, sum((line.amount for line in lines), Decimal(0)))


def budget_for(partnership: Partnership, year: ReportingYear) -> Budget:
    """The year's three tables, each with its total: three queries."""
    return Budget(
        year=year,
        contributions=_table(contributions_for(partnership, year)),
        grants=_table(grants_for(partnership, year)),
        expenditure=_table(expenditure_for(partnership, year)),
    )


def budget_years(partnership: Partnership) -> list[ReportingYear]:
    """Years with any budget line, newest first, and always the current year."""
    years = {ReportingYear.current().start_year}
    for model in (Contribution, Grant, Expenditure):
        years |= set(model.objects.filter(partnership=partnership).values_list("year", flat=True))
    return [ReportingYear(start) for start in sorted(years, reverse=True)]


def _years_of(*querysets: QuerySet) -> list[ReportingYear]:
    """Years any of the rows belong to, newest first, and always the current year."""
    years = {ReportingYear.current().start_year}
    for rows in querysets:
        years |= set(rows.values_list("year", flat=True))
    return [ReportingYear(start) for start in sorted(years, reverse=True)]


# Communications


@dataclass(frozen=True)
class FigureChange:
    """A channel's measure this year beside the same measure the year before."""

    figure: CommunicationFigure
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.figure.value - self.previous

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of last year's value, to one decimal place."""
        if self.change is None or not self.previous:
            return None
        return (self.change * HUNDRED / self.previous).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def communications_for(partnership: Partnership, year: ReportingYear) -> list[FigureChange]:
    """The year's figures, each with the year before's: two queries."""
    rows = CommunicationFigure.objects.filter(partnership=partnership)
    before = {
        (row.channel, row.measure): row.value for row in rows.filter(year=year.start_year - 1)
    }
    return [
        FigureChange(figure, before.get((figure.channel, figure.measure)))
        for figure in rows.filter(year=year.start_year)
    ]


def communication_years(partnership: Partnership) -> list[ReportingYear]:
    return _years_of(CommunicationFigure.objects.filter(partnership=partnership))


# The voice of children and young people


def participation_groups_for(
    partnership: Partnership, current_only: bool = False
) -> QuerySet[ParticipationGroup]:
    rows = ParticipationGroup.objects.filter(partnership=partnership).select_related("agency")
    return rows.current() if current_only else rows


def engagements_for(partnership: Partnership, year: ReportingYear) -> QuerySet[Engagement]:
    groups = Prefetch("groups", queryset=ParticipationGroup.objects.order_by("name"))
    return Engagement.objects.filter(
        partnership=partnership, year=year.start_year
    ).prefetch_related(groups)


def engagement_years(partnership: Partnership) -> list[ReportingYear]:
    return _years_of(Engagement.objects.filter(partnership=partnership))


# Priorities and the plan on a page


#: Which priorities another app cites (`register_citation`): each an expression over a
#: Priority row, annotated by `priorities_for` as `cited_<name>` in the same query.
_citations: dict[str, Callable[[], BaseExpression]] = {}


def register_citation(name: str, cites: Callable[[], BaseExpression]) -> None:
    """Another app says which priorities it has something to say about (training: a course
    names the priority), so the report asks it only about those, at no extra query."""
    _citations[name] = cites


def is_cited(priority: Priority, name: str) -> bool:
    return bool(getattr(priority, f"cited_{name}", False))


def priorities_for(
    partnership: Partnership, year: ReportingYear | None = None
) -> QuerySet[Priority]:
    """The partnership's priorities, or those active during `year`; each annotated with
    whether each registered citation cites it."""
    rows = Priority.objects.filter(partnership=partnership)
    if year is not None:
        rows = rows.filter(first_year__lte=year.start_year).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=year.start_year)
        )
    return rows.annotate(**{f"cited_{name}": cites() for name, cites in _citations.items()})


@dataclass(frozen=True)
class PriorityDetail:
    indicators: list[Indicator]
    activities: dict[ReportingYear, list[Activity]]


def priority_detail(priority: Priority, *, actions_as_of: dt.date | None = None) -> PriorityDetail:
    """A priority's indicators and its activities by year, newest first: two queries (read from
    rows the caller prefetched, if it did). With `actions_as_of`, one more: each activity's
    learning actions, with their source and latest impact judgement (`latest_judgement_label`)."""
    rows = priority.activities.all()
    if actions_as_of is not None:
        actions = with_evaluation(Action.objects.all(), actions_as_of)
        rows = rows.prefetch_related(Prefetch("actions", queryset=actions))
    activities: dict[ReportingYear, list[Activity]] = {}
    for activity in rows:
        activities.setdefault(ReportingYear(activity.year), []).append(activity)
    return PriorityDetail(list(priority.indicators.all()), activities)


def actions_to_link(partnership: Partnership) -> QuerySet[Action]:
    """The learning actions an activity of the partnership may name, with their source."""
    rows = Action.objects.filter(source__partnership=partnership).select_related("source")
    return rows.order_by("title", "source__title", "pk")


def impact_by_priority(
    priorities: Sequence[Priority], year: ReportingYear
) -> dict[int, list[ImpactEvidence]]:
    """Evidence of impact gathered in the year on the actions each priority's activities name
    (any year's activities), by priority pk, oldest first: one query."""
    rows = (
        ImpactEvidence.objects.filter(
            action__activities__priority__in=[priority.pk for priority in priorities],
            gathered_on__range=(year.start, year.end),
        )
        .annotate(priority_pk=F("action__activities__priority"))
        .distinct()
        .order_by("gathered_on", "pk")
    )
    found: dict[int, list[ImpactEvidence]] = {}
    for evidence in rows:
        found.setdefault(evidence.priority_pk, []).append(evidence)
    return found


def plan_on_a_page(partnership: Partnership, year: ReportingYear) -> PlanOnAPage | None:
    return PlanOnAPage.objects.filter(partnership=partnership, year=year.start_year).first()


def plan_years(partnership: Partnership) -> list[ReportingYear]:
    return _years_of(PlanOnAPage.objects.filter(partnership=partnership))


def latest_plan_year(partnership: Partnership) -> ReportingYear:
    """The newest year with a plan on a page, or the current year when there is none."""
    plans = PlanOnAPage.objects.filter(partnership=partnership).order_by("-year")
    latest = plans.values_list("year", flat=True).first()
    return ReportingYear(latest) if latest is not None else ReportingYear.current()


# Changes to national guidance


def guidance_changes_for(partnership: Partnership) -> QuerySet[GuidanceChange]:
    return GuidanceChange.objects.filter(partnership=partnership)
