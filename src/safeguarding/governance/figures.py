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
    Priority,
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


def number(value: Decimal | int) -> str:
    """11,500, or 2.5 when there is a fraction (trailing zeros dropped)."""
    exact = Decimal(value)
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


def places(value: Decimal) -> int:
    """How many decimal places a figure needs: 0 for 93.00, 1 for 58.30."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def aligned(values: list[Decimal | None]) -> list[str]:
    """Figures set side by side, each to the places the most precise needs: 93.0 beside 58.3;
    "" for a missing one."""
    present = [v for v in values if v is not None]
    digits = max((places(v) for v in present), default=0)
    step = Decimal(1).scaleb(-digits)
    return ["" if v is None else f"{v.quantize(step, rounding=ROUND_HALF_UP):,}" for v in values]


def priorities_of(partnership: Partnership, year: ReportingYear) -> list[Priority]:
    """The priorities active in the year, with their indicators and activities: three queries
    whatever their number (`selectors.priority_detail` then reads the prefetched rows)."""
    rows = selectors.priorities_for(partnership, year)
    return list(rows.prefetch_related("indicators", "activities"))
