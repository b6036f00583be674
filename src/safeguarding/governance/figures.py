"""Reads behind the governance metrics and report sections: aggregates, the executive at the
year's end, and the formatting of the figures the report prints."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance import selectors
from safeguarding.governance.models import (
    Contribution,
    ExecutiveMember,
    Expenditure,
    Grant,
    Invitation,
    Meeting,
    MemberKind,
)

AttendanceCounts = dict[str, tuple[int, int]]  # agency name: (recorded, attended)


def meeting_count(partnership: Partnership, year: ReportingYear) -> int:
    """Meetings of the partnership's subgroups held in the year: one query."""
    return Meeting.objects.filter(
        partnership=partnership, date__range=(year.start, year.end)
    ).count()


def attendance_counts(partnership: Partnership, year: ReportingYear) -> AttendanceCounts:
    """Each agency's recorded invitations and attendances in the year, counted by the database:
    one query. Invitations whose attendance is not yet recorded are left out."""
    rows = (
        Invitation.objects.filter(
            meeting__partnership=partnership,
            meeting__date__range=(year.start, year.end),
            attended__isnull=False,
        )
        .values_list("agency__name")
        .annotate(recorded=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by()
    )
    return {name: (recorded, attended) for name, recorded, attended in rows}


def budget_amounts(
    model: type[Contribution | Grant | Expenditure],
    partnership: Partnership,
    year: ReportingYear,
    by: str | None = None,
) -> dict[str, Decimal]:
    """A budget table's amounts for the year, summed by the database: {"": total}, or
    {value of `by`: amount} (for example by "agency__name"); empty when there are no lines."""
    rows = model.objects.filter(partnership=partnership, year=year.start_year)
    if by is None:
        total = rows.aggregate(total=Sum("amount"))["total"]
        return {} if total is None else {"": total}
    return dict(rows.values_list(by).annotate(total=Sum("amount")).order_by())


@dataclass(frozen=True)
class ExecutiveYear:
    """The executive at the end of a reporting year, and who joined and left during it."""

    leads: list[ExecutiveMember]
    executive: list[ExecutiveMember]
    joined: list[ExecutiveMember]
    left: list[ExecutiveMember]


def executive_year(partnership: Partnership, year: ReportingYear) -> ExecutiveYear:
    """Everyone who served during the year, split up in Python: one query."""
    served = sorted(selectors.executive_for(partnership, year), key=_surname)
    at_end = [m for m in served if m.ended_on is None or m.ended_on > year.end]
    return ExecutiveYear(
        leads=[m for m in at_end if m.kind == MemberKind.LEAD],
        executive=[m for m in at_end if m.kind != MemberKind.LEAD],
        joined=[m for m in served if m.started_on in year],
        left=[m for m in served if m.ended_on is not None and m.ended_on in year],
    )


def _surname(member: ExecutiveMember) -> tuple[str, str]:
    return (member.name.split()[-1].lower(), member.name.lower())


# Formatting, as the report prints figures


def share(part: Decimal | int, whole: Decimal | int) -> int:
    """`part` as a whole percentage of `whole`, halves rounded up; 0 when `whole` is 0."""
    if not whole:
        return 0
    exact = Decimal(part) * 100 / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money(amount: Decimal | int) -> str:
    """£195,500, or £1,955.50 when there are pence."""
    value = Decimal(amount)
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value.quantize(Decimal('0.01')):,}"


def join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def percent(value: Decimal | int) -> int:
    """A percentage figure as the report prints it: whole, halves rounded up."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
