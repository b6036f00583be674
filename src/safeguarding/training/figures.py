"""The training figures: learning gain, numbers trained, webinar reach, non-attendance and
compliance (docs/training.md, "Figures"). Every aggregate the dashboards, the metrics and the
yearly report read about training is computed here, in the database.

A reporting year holds a session when the session starts within it (UK time), a commission when
it was delivered within it and a webinar week when it starts within it.

Learning gain is computed over `Rating` rows, one per booking and question with the pre-course and
post-course rating side by side:

- a **matched pair** is a row with both ratings; a row with exactly one is **unmatched**, excluded
  and counted;
- **headline** = the mean over pairs of (post − pre) ÷ (the course's scale − 1) × 100: the gain as a
  percentage of the scale's range. Within one course this is exactly (mean post − mean pre) ÷
  (scale − 1) × 100; when a group mixes courses with different scales (by agency, or the total)
  each pair's gain is a fraction of its own course's range, so a 1–10 course and a 1–5 course
  weigh alike. Rounded half up to one decimal place (31.25 → 31.3);
- **normalised gain** = the mean over pairs of (post − pre) ÷ (scale − pre) (Hake's g for each
  answer, averaged), over pairs whose pre-course rating is below the top of the scale; pairs
  already at the top (g is undefined) are excluded and counted (**ceiling**). Four decimal places;
- **improved** = the share of matched pairs whose post rating is above the pre rating, a
  percentage to one decimal place; mean pre and mean post to two decimal places.

The database sums integers only, so SQLite and PostgreSQL give the same answer to the last digit:
each pair's gain (post − pre) ÷ d, with d from 1 to 9, is summed as (post − pre) × (2520 ÷ d) in
units of 1/2520 (2520 is divisible by every d from 1 to 9, so the integer division is exact), and
the sums are divided in Python with exact fractions. `gain_of` computes the same figures from the
pairs in pure Python (for the benchmark, and to cross-check the database in tests).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Literal

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Lower, NullIf, Trim
from django.utils import timezone

from safeguarding.core.calendar import add_months
from safeguarding.core.models import Agency, Partnership, Sector
from safeguarding.core.years import ReportingYear
from safeguarding.training.models import (
    SCALE_MIN,
    Attendance,
    Booking,
    CommissionedAttendance,
    CommissionedTraining,
    Course,
    CourseLevel,
    Delegate,
    Rating,
    Requirement,
    Session,
    WebinarWeek,
)

TOTAL = ""
#: Divisible by every whole number from 1 to 9: a pair's gain in units of 1/2520 is a whole number.
GAIN_UNITS = 2520
#: A requirement is "expiring" when it runs out within this many months of the day.
EXPIRING_MONTHS = 3

GainGroup = Literal["course", "agency"]
Key = tuple[str, ...]
TrainedBy = Literal["course", "level", "agency", "sector"]

_GAIN_GROUPS: dict[str, str] = {
    "course": "booking__session__course__title",
    "agency": "booking__agency__name",
}
_SCALE = "booking__session__course__scale"


# Rounding


def _rounded(value: Fraction, places: int) -> Decimal:
    """`value` rounded half up to `places` decimal places (exact: a tie is a terminating
    decimal, so Decimal's division finds it)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# Learning gain


@dataclass(frozen=True)
class Gain:
    """Learning gain over the matched pairs of a group (see the module's docstring)."""

    n: int  # matched pairs
    unmatched: int  # rows with only one of the two ratings
    ceiling: int  # matched pairs whose pre-course rating is the top of the scale
    mean_pre: Decimal
    mean_post: Decimal
    headline: Decimal  # % of the scale's range, 1 decimal place
    normalised: Decimal | None  # None when every pair is at the ceiling
    improved: Decimal  # % of matched pairs with post > pre, 1 decimal place


@dataclass(frozen=True)
class GainSums:
    """Whole-number sums from which a `Gain` follows; sums of disjoint groups add up.

    Each is an aggregate of an expression that is NULL unless the row is a matched pair (pre +
    post, post − pre, ...), so SQL's NULL handling picks the pairs with no per-aggregate filter
    (a filter on each of nine aggregates doubled the time on SQLite)."""

    n: int = 0  # COUNT(pre + post): matched pairs
    rated_pre: int = 0  # COUNT(pre)
    rated_post: int = 0  # COUNT(post)
    improved: int = 0  # pairs with post > pre
    both: int = 0  # Σ (pre + post) over pairs
    change: int = 0  # Σ (post − pre) over pairs
    range_units: int = 0  # Σ (post − pre) × (2520 ÷ (scale − 1)) over pairs
    normalised_n: int = 0  # pairs with pre below the top of the scale
    normalised_units: int = 0  # Σ (post − pre) × (2520 ÷ (scale − pre)) over those

    def __add__(self, other: GainSums) -> GainSums:
        return GainSums(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def unmatched(self) -> int:
        """Rows with exactly one rating: each pair gave one to both counts."""
        return self.rated_pre + self.rated_post - 2 * self.n

    def gain(self) -> Gain | None:
        """The figures, or None without a matched pair."""
        if not self.n:
            return None
        normalised = (
            _rounded(Fraction(self.normalised_units, GAIN_UNITS * self.normalised_n), 4)
            if self.normalised_n
            else None
        )
        return Gain(
            n=self.n,
            unmatched=self.unmatched,
            ceiling=self.n - self.normalised_n,
            mean_pre=_rounded(Fraction(self.both - self.change, 2 * self.n), 2),
            mean_post=_rounded(Fraction(self.both + self.change, 2 * self.n), 2),
            headline=_rounded(Fraction(self.range_units * 100, GAIN_UNITS * self.n), 1),
            normalised=normalised,
            improved=_rounded(Fraction(self.improved * 100, self.n), 1),
        )


@dataclass(frozen=True)
class GainTable:
    """Learning gain for each group (keyed by the group's values in the order asked, e.g.
    ("Advanced Child Protection 2 day", "Somerset Police")) and over every row filtered."""

    groups: dict[Key, Gain | None]
    total: Gain | None


def _year_moments(year: ReportingYear) -> tuple[dt.datetime, dt.datetime]:
    """The year's first moment and the first moment after it, in UK time."""
    start = dt.datetime.combine(year.start, dt.time.min)
    after = dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start), timezone.make_aware(after)


def _sessions_in(year: ReportingYear, prefix: str = "") -> Q:
    start, after = _year_moments(year)
    return Q(**{f"{prefix}starts_at__gte": start, f"{prefix}starts_at__lt": after})


def ratings(
    *,
    partnership: Partnership,
    year: ReportingYear,
    courses: Sequence[Course] = (),
    agencies: Sequence[Agency] = (),
) -> QuerySet[Rating]:
    """The ratings given on the partnership's sessions that start in the year, of the courses and
    booking agencies given (every one when none is given). The sessions are picked in a subquery,
    so the ratings are reached through the booking's session index."""
    sessions = Session.objects.filter(_sessions_in(year), course__partnership=partnership)
    if courses:
        sessions = sessions.filter(course__in=courses)
    rows = Rating.objects.filter(booking__session__in=sessions.values("pk"))
    if agencies:
        rows = rows.filter(booking__agency__in=agencies)
    return rows


def _whole(expression: Any) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=IntegerField())


def _gain_sums() -> dict[str, Any]:
    """The aggregates behind `GainSums`, whole numbers only (see the module's docstring), named
    `gain_<field>` so they never shadow a column. Ratings lie within their course's scale (the
    services check it), so a pair whose pre-course rating is not below the top is at it."""
    change = _whole(F("post") - F("pre"))
    per_range = _whole(change * _whole(Value(GAIN_UNITS) / (F(_SCALE) - SCALE_MIN)))
    per_headroom = _whole(change * _whole(Value(GAIN_UNITS) / NullIf(F(_SCALE) - F("pre"), 0)))
    sums = {
        "n": Count(_whole(F("pre") + F("post"))),
        "rated_pre": Count("pre"),
        "rated_post": Count("post"),
        "improved": Count("pk", filter=Q(post__gt=F("pre"))),
        "both": Sum(_whole(F("pre") + F("post"))),
        "change": Sum(change),
        "range_units": Sum(per_range),
        "normalised_n": Count(per_headroom),
        "normalised_units": Sum(per_headroom),
    }
    return {f"gain_{name}": aggregate for name, aggregate in sums.items()}


def _sums(row: dict[str, Any]) -> GainSums:
    return GainSums(**{f.name: row[f"gain_{f.name}"] or 0 for f in fields(GainSums)})


def learning_gain(
    *,
    partnership: Partnership,
    year: ReportingYear,
    courses: Sequence[Course] = (),
    agencies: Sequence[Agency] = (),
    by: Sequence[GainGroup] = (),
) -> GainTable:
    """Learning gain over the year's ratings (see `ratings`), grouped by course title and/or
    booking agency name, and in total: one aggregate query. A group without a matched pair (only
    unmatched ratings) is None; so is the total when there is no pair at all."""
    rows = ratings(partnership=partnership, year=year, courses=courses, agencies=agencies)
    paths = [_GAIN_GROUPS[group] for group in by]
    if not paths:
        return GainTable(groups={}, total=_sums(rows.aggregate(**_gain_sums())).gain())
    grouped = {
        tuple(row[path] for path in paths): _sums(row)
        for row in rows.values(*paths).annotate(**_gain_sums()).order_by()
    }
    total = sum(grouped.values(), GainSums())
    return GainTable({key: sums.gain() for key, sums in grouped.items()}, total.gain())


Pair = tuple[int | None, int | None, int]  # pre, post, the course's scale


def gain_of(pairs: Iterable[Pair]) -> Gain | None:
    """Learning gain from (pre, post, scale) rows in pure Python, with exact fractions: the same
    definitions as `learning_gain`, computed independently of its whole-number sums."""
    matched: list[tuple[int, int, int]] = []
    unmatched = 0
    for pre, post, scale in pairs:
        if pre is not None and post is not None:
            matched.append((pre, post, scale))
        elif pre is not None or post is not None:
            unmatched += 1
    if not matched:
        return None
    n = len(matched)
    below = [(pre, post, scale) for pre, post, scale in matched if pre < scale]
    headline = sum((Fraction(post - pre, scale - SCALE_MIN) for pre, post, scale in matched), 0)
    g = sum((Fraction(post - pre, scale - pre) for pre, post, scale in below), Fraction(0))
    return Gain(
        n=n,
        unmatched=unmatched,
        ceiling=n - len(below),
        mean_pre=_rounded(Fraction(sum(pre for pre, _, _ in matched), n), 2),
        mean_post=_rounded(Fraction(sum(post for _, post, _ in matched), n), 2),
        headline=_rounded(Fraction(headline) * 100 / n, 1),
        normalised=_rounded(g / len(below), 4) if below else None,
        improved=_rounded(Fraction(sum(1 for pre, post, _ in matched if post > pre) * 100, n), 1),
    )


def learning_gain_in_python(
    *,
    partnership: Partnership,
    year: ReportingYear,
    courses: Sequence[Course] = (),
    agencies: Sequence[Agency] = (),
    by: Sequence[GainGroup] = (),
) -> GainTable:
    """`learning_gain` computed in Python over every rating fetched (one query): the benchmark's
    comparison and the tests' cross-check, not for pages."""
    rows = ratings(partnership=partnership, year=year, courses=courses, agencies=agencies)
    paths = [_GAIN_GROUPS[group] for group in by]
    grouped: dict[Key, list[Pair]] = defaultdict(list)
    everything: list[Pair] = []
    for *key, pre, post, scale in rows.values_list(*paths, "pre", "post", _SCALE).iterator(
        chunk_size=10_000
    ):
        everything.append((pre, post, scale))
        if paths:
            grouped[tuple(key)].append((pre, post, scale))
    return GainTable({key: gain_of(pairs) for key, pairs in grouped.items()}, gain_of(everything))


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
            _sessions_in(year), course__partnership=partnership
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
            _sessions_in(year, "session__"),
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
        return _rounded(Fraction((self.in_date + self.expiring) * 100, self.required), 1)


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
