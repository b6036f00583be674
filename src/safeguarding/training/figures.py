"""The training figures: numbers trained, webinar reach, non-attendance and compliance
(docs/training.md, "Figures"), and learning gain, which `training.gain` computes and this module
names too. Every aggregate the dashboards, the metrics and the yearly report read about training
is computed here or there, in the database.

A reporting year holds a session when the session starts within it (UK time), a commission when
it was delivered within it and a webinar week when it starts within it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Literal

from django.db.models import Count, F, Max, Min, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from safeguarding.core.calendar import add_months
from safeguarding.core.models import Agency, Partnership, Sector
from safeguarding.core.years import ReportingYear
from safeguarding.training.clocks import sessions_in
from safeguarding.training.gain import rounded
from safeguarding.training.models import (
    Attendance,
    Booking,
    CommissionedAttendance,
    CommissionedTraining,
    Course,
    CourseLevel,
    Delegate,
    Requirement,
    Session,
    WebinarWeek,
)

TOTAL = ""
#: A requirement is "expiring" when it runs out within this many months of the day.
EXPIRING_MONTHS = 3

TrainedBy = Literal["course", "level", "agency", "sector"]


# Numbers trained


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


LEVELS = _labels(CourseLevel)
SECTORS = _labels(Sector)
#: For each breakdown: the path from a booking, from a commissioned attendance, and the labels.
_TRAINED_BY: dict[str, tuple[str, str, dict[str, str]]] = {
    "course": ("session__course__title", "commissioned__course__title", {}),
    "level": ("session__course__level", "commissioned__course__level", LEVELS),
    "agency": ("agency__name", "agency__name", {}),
    "sector": ("agency__sector", "agency__sector", SECTORS),
}


def _attended(partnership: Partnership, year: ReportingYear) -> QuerySet[Booking]:
    return Booking.objects.filter(
        session__in=Session.objects.filter(
            sessions_in(year), course__partnership=partnership
        ).values("pk"),
        attendance=Attendance.ATTENDED,
    )


def _commissioned(partnership: Partnership, year: ReportingYear) -> QuerySet[Any]:
    return CommissionedAttendance.objects.filter(
        commissioned__course__partnership=partnership,
        commissioned__delivered_on__range=(year.start, year.end),
    )


def _counted(rows: Iterable[tuple[Any, int | None]], labels: dict[str, str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for value, n in rows:
        if n:
            counts[labels.get(str(value), str(value))] += n
    return counts


def trained(
    *, partnership: Partnership, year: ReportingYear, by: TrainedBy | None = None
) -> dict[str, int]:
    """Practitioners trained in the year: bookings marked attended on sessions that start in the
    year, plus the attendees of commissioned training delivered in the year; by course title,
    level, agency (the booking's agency, as when they booked) or sector, else {"": total}. Two
    aggregate queries. A person on two courses counts twice (places attended)."""
    if by is None:
        booked = _attended(partnership, year).count()
        bought = _commissioned(partnership, year).aggregate(n=Sum("attendees"))["n"] or 0
        return {TOTAL: booked + bought}
    booking_path, commission_path, labels = _TRAINED_BY[by]
    booked_rows = _attended(partnership, year).values_list(booking_path).annotate(n=Count("pk"))
    bought_rows = (
        _commissioned(partnership, year).values_list(commission_path).annotate(n=Sum("attendees"))
    )
    counts = _counted(booked_rows.order_by(), labels) + _counted(bought_rows.order_by(), labels)
    return dict(counts)


def trained_in_python(
    *, partnership: Partnership, year: ReportingYear, by: TrainedBy
) -> dict[str, int]:
    """`trained` counted in Python over every attended booking and commissioned attendance
    fetched (two queries): the benchmark's comparison, not for pages."""
    booking_path, commission_path, labels = _TRAINED_BY[by]
    counts: Counter[str] = Counter()
    for (value,) in _attended(partnership, year).values_list(booking_path).iterator(10_000):
        counts[labels.get(str(value), str(value))] += 1
    for value, attendees in _commissioned(partnership, year).values_list(
        commission_path, "attendees"
    ):
        counts[labels.get(str(value), str(value))] += attendees
    return dict(counts)


def commissioned_attendees(
    *,
    partnership: Partnership,
    year: ReportingYear,
    by: Literal["course", "agency"] | None = None,
) -> dict[str, int]:
    """Attendees of commissioned training delivered in the year, by course title or agency,
    else {"": total}: one query."""
    rows = _commissioned(partnership, year)
    if by is None:
        return {TOTAL: rows.aggregate(n=Sum("attendees"))["n"] or 0}
    path = _TRAINED_BY[by][1]
    return dict(_counted(rows.values_list(path).annotate(n=Sum("attendees")).order_by(), {}))


def webinar_reach(
    *, partnership: Partnership, year: ReportingYear, by_week: bool = False
) -> dict[str, int]:
    """Live attendees plus recording views of the webinar weeks that start in the year, by the
    week's title (weeks with the same title add up), else {"": total}: one query."""
    rows = WebinarWeek.objects.filter(
        partnership=partnership, starts_on__range=(year.start, year.end)
    )
    reach = Sum(F("attendees") + F("recording_views"))
    if not by_week:
        return {TOTAL: rows.aggregate(n=reach)["n"] or 0}
    return dict(_counted(rows.values_list("title").annotate(n=reach).order_by(), {}))


@dataclass(frozen=True)
class NonAttendance:
    did_not_attend: int = 0
    cancelled_late: int = 0


def non_attendance(*, partnership: Partnership, year: ReportingYear) -> dict[str, NonAttendance]:
    """Bookings marked "did not attend" and "cancelled late" on sessions that start in the year,
    by the booking's agency name (agencies with neither are left out): one query."""
    rows = (
        Booking.objects.filter(
            sessions_in(year, "session__"),
            session__course__partnership=partnership,
            attendance__in=(Attendance.DID_NOT_ATTEND, Attendance.CANCELLED_LATE),
        )
        .values_list("agency__name", "attendance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for agency, attendance, n in rows:
        counts[agency][attendance] = n
    return {
        agency: NonAttendance(
            did_not_attend=found.get(Attendance.DID_NOT_ATTEND, 0),
            cancelled_late=found.get(Attendance.CANCELLED_LATE, 0),
        )
        for agency, found in counts.items()
    }


# When the partnership's records begin


def first_session_on(partnership: Partnership) -> dt.date | None:
    """The day the partnership's first session started (UK time): one query."""
    first = Session.objects.filter(course__partnership=partnership).aggregate(
        first=Min("starts_at")
    )["first"]
    return timezone.localdate(first) if first else None


def first_commission_on(partnership: Partnership) -> dt.date | None:
    """The day the partnership's first commissioned training was delivered: one query."""
    return CommissionedTraining.objects.filter(course__partnership=partnership).aggregate(
        first=Min("delivered_on")
    )["first"]


def first_webinar_week_on(partnership: Partnership) -> dt.date | None:
    """The day the partnership's first webinar week started: one query."""
    return WebinarWeek.objects.filter(partnership=partnership).aggregate(first=Min("starts_on"))[
        "first"
    ]


def first_training_on(partnership: Partnership) -> dt.date | None:
    """The partnership's first training record, a session or a commission: one query."""
    sessions = Session.objects.filter(course__partnership=partnership).order_by("starts_at")
    commissions = CommissionedTraining.objects.filter(course__partnership=partnership)
    session, commission = (
        Partnership.objects.filter(pk=partnership.pk)
        .annotate(
            first_session=Subquery(sessions.values("starts_at")[:1]),
            first_commission=Subquery(
                commissions.order_by("delivered_on").values("delivered_on")[:1]
            ),
        )
        .values_list("first_session", "first_commission")
        .get()
    )
    days = [timezone.localdate(session) if session else None, commission]
    return min((day for day in days if day is not None), default=None)


# Compliance


class ComplianceState(StrEnum):
    IN_DATE = "in_date"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NEVER_TRAINED = "never_trained"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ComplianceState.IN_DATE: "In date",
    ComplianceState.EXPIRING: f"Expiring within {EXPIRING_MONTHS} months",
    ComplianceState.EXPIRED: "Expired",
    ComplianceState.NEVER_TRAINED: "Never trained",
}
#: States still valid on the day: they count as in date in an agency's share.
VALID = (ComplianceState.IN_DATE, ComplianceState.EXPIRING)


@dataclass(frozen=True)
class ComplianceRow:
    """One required delegate and course, on the day asked about."""

    delegate_id: int
    name: str
    job_role: str
    agency: str
    course: str
    renew_every_months: int | None
    last_trained: dt.date | None
    expires_on: dt.date | None  # None: never trained, or required once
    state: ComplianceState


@dataclass(frozen=True)
class AgencyCompliance:
    """An agency's required delegate-course pairs by state on the day."""

    agency: str
    in_date: int = 0
    expiring: int = 0
    expired: int = 0
    never_trained: int = 0

    @property
    def required(self) -> int:
        return self.in_date + self.expiring + self.expired + self.never_trained

    @property
    def share_in_date(self) -> Decimal | None:
        """In date or expiring (still valid on the day) as a % of the pairs required, one
        decimal place; None when nothing is required."""
        if not self.required:
            return None
        return rounded(Fraction((self.in_date + self.expiring) * 100, self.required), 1)


def state_on(
    on: dt.date, last_trained: dt.date | None, renew_every_months: int | None
) -> tuple[ComplianceState, dt.date | None]:
    """A requirement's state on the day and when it runs out: never trained; in date for good
    when it is required once; else in date until `last_trained` + the months (expired on that
    day), expiring in the 3 months before."""
    if last_trained is None:
        return ComplianceState.NEVER_TRAINED, None
    if renew_every_months is None:
        return ComplianceState.IN_DATE, None
    expires_on = add_months(last_trained, renew_every_months)
    if expires_on <= on:
        return ComplianceState.EXPIRED, expires_on
    if expires_on <= add_months(on, EXPIRING_MONTHS):
        return ComplianceState.EXPIRING, expires_on
    return ComplianceState.IN_DATE, expires_on


def _role(text: str) -> str:
    return text.strip().lower()


def compliance_rows(
    *, partnership: Partnership, on: dt.date, agency: Agency | None = None
) -> list[ComplianceRow]:
    """Every delegate (of `agency`, or of every agency) who has not left by `on` and whose job
    role a current requirement names (case-insensitively; a requirement without an agency applies
    to every agency), with each course required of them and its state on `on`. When two
    requirements ask a person for the same course, the shorter renewal wins. Three queries
    however many people: requirements, delegates, last attended sessions. Sorted by agency,
    name and course."""
    requirements = list(
        Requirement.objects.current(on)
        .filter(partnership=partnership)
        .select_related("course", "agency")
    )
    if agency is not None:
        requirements = [r for r in requirements if r.agency_id in (None, agency.pk)]
    if not requirements:
        return []
    roles = {_role(requirement.job_role) for requirement in requirements}
    delegates = _required_delegates(partnership, on, agency, roles)
    people = list(delegates.select_related("agency"))
    needs = _needs(people, requirements)
    last = _last_trained(delegates, {course.pk for _, course in needs}, on)
    rows = []
    for (person, course), months in needs.items():
        trained_on = last.get((person.pk, course.pk))
        state, expires_on = state_on(on, trained_on, months)
        rows.append(
            ComplianceRow(
                delegate_id=person.pk,
                name=person.name,
                job_role=person.job_role,
                agency=person.agency.name,
                course=course.title,
                renew_every_months=months,
                last_trained=trained_on,
                expires_on=expires_on,
                state=state,
            )
        )
    return sorted(rows, key=lambda row: (row.agency, row.name, row.delegate_id, row.course))


def _required_delegates(
    partnership: Partnership, on: dt.date, agency: Agency | None, roles: set[str]
) -> QuerySet[Delegate]:
    rows = (
        Delegate.objects.filter(partnership=partnership)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .alias(role=Trim(Lower("job_role")))
        .filter(role__in=roles)
    )
    return rows.filter(agency=agency) if agency is not None else rows


Need = tuple[Delegate, Course]


def _needs(people: list[Delegate], requirements: list[Requirement]) -> dict[Need, int | None]:
    """Each person's required courses and the months they last (None: once); shortest wins."""
    by_role: dict[str, list[Requirement]] = defaultdict(list)
    for requirement in requirements:
        by_role[_role(requirement.job_role)].append(requirement)
    needs: dict[Need, int | None] = {}
    for person in people:
        for requirement in by_role[_role(person.job_role)]:
            if requirement.agency_id not in (None, person.agency_id):
                continue
            key = (person, requirement.course)
            months = requirement.renew_every_months
            if key not in needs or _shorter(months, needs[key]):
                needs[key] = months
    return needs


def _shorter(months: int | None, than: int | None) -> bool:
    return months is not None and (than is None or months < than)


def _last_trained(
    delegates: QuerySet[Delegate], course_ids: set[int], on: dt.date
) -> dict[tuple[int, int], dt.date]:
    """The day each delegate last attended a session of each course, up to `on`: one query."""
    after = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    rows = (
        Booking.objects.filter(
            delegate__in=delegates.values("pk"),
            attendance=Attendance.ATTENDED,
            session__course__in=course_ids,
            session__starts_at__lt=after,
        )
        .values_list("delegate_id", "session__course_id")
        .annotate(last=Max("session__starts_at"))
        .order_by()
    )
    return {(person, course): timezone.localdate(last) for person, course, last in rows}


def compliance(*, partnership: Partnership, on: dt.date) -> dict[str, AgencyCompliance]:
    """Each agency's required delegate-course pairs by state on `on` (see `compliance_rows`);
    agencies with nobody required are left out. Three queries."""
    counts: dict[str, Counter[ComplianceState]] = defaultdict(Counter)
    for row in compliance_rows(partnership=partnership, on=on):
        counts[row.agency][row.state] += 1
    return {
        agency: AgencyCompliance(
            agency=agency,
            in_date=found[ComplianceState.IN_DATE],
            expiring=found[ComplianceState.EXPIRING],
            expired=found[ComplianceState.EXPIRED],
            never_trained=found[ComplianceState.NEVER_TRAINED],
        )
        for agency, found in counts.items()
    }
