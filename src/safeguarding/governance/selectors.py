"""Every read of the executive, subgroups, meetings, attendance and budgets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.utils import timezone

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import (
    Contribution,
    ExecutiveMember,
    Expenditure,
    Grant,
    Invitation,
    Meeting,
    Subgroup,
)

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
    return rows.annotate(meeting_count=Count("meetings"))


def meetings_for(partnership: Partnership, year: ReportingYear) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(partnership=partnership, date__range=(year.start, year.end))
        .select_related("subgroup")
        .annotate(
            invited_count=Count("invitations"),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
            recorded_count=Count("invitations", filter=Q(invitations__attended__isnull=False)),
        )
    )


def invitations_for(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("agency")


def agencies_serving(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(memberships__partnership=partnership).current()


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
