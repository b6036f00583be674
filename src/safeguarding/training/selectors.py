"""Reads for the booking pages: the catalogue with its upcoming sessions and places left, a
session with its bookings and waiting list, "My training" with what to do next, an agency lead's
bookings awaiting approval, every booking for the business unit, the register, and the items on
home pages. Query counts are decided here and pinned in tests/training/test_pages_booking.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import ClockState, add_working_days
from safeguarding.core.models import Partnership, Theme
from safeguarding.core.navigation import DueItem
from safeguarding.core.selectors import EffectiveTimescale, timescale_for
from safeguarding.governance.models import Priority
from safeguarding.governance.selectors import priorities_for
from safeguarding.training import policies
from safeguarding.training.clocks import FOLLOW_UP
from safeguarding.training.models import (
    HOLDS_PLACE,
    Attendance,
    Booking,
    BookingStatus,
    Course,
    CourseLevel,
    Delegate,
    EvaluationStage,
    Question,
    Session,
)
from safeguarding.training.policies import MANAGERS

#: An agency lead's approvals are "due soon" this many working days before the session.
APPROVAL_DUE_SOON = 3


# Sessions with their places


def with_places(rows: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with `held` (places taken or awaiting approval), `places_left` and `waiting`."""
    held = Count("bookings", filter=Q(bookings__status__in=HOLDS_PLACE), distinct=True)
    waiting = Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING), distinct=True)
    return rows.annotate(held=held, waiting=waiting).annotate(
        places_left=Greatest(F("capacity") - F("held"), Value(0))
    )


def upcoming_sessions(now: dt.datetime) -> QuerySet[Session]:
    """Sessions not yet started nor cancelled, soonest first, with their places."""
    rows = Session.objects.filter(starts_at__gt=now, cancelled_on__isnull=True)
    return with_places(rows).order_by("starts_at", "pk")


# The catalogue


@dataclass(frozen=True)
class LevelGroup:
    level: str
    label: str
    courses: list[Course]


def catalogue(
    partnership: Partnership, *, now: dt.datetime, level: str = "", theme: Theme | None = None
) -> list[LevelGroup]:
    """Current courses by level (in the levels' own order), each with `upcoming` sessions and
    their places left: three queries whatever the number of courses and sessions."""
    courses = Course.objects.current(timezone.localdate(now)).filter(partnership=partnership)
    if level:
        courses = courses.filter(level=level)
    if theme is not None:
        courses = courses.filter(themes=theme)
    courses = courses.order_by("title").prefetch_related(
        Prefetch("sessions", queryset=upcoming_sessions(now), to_attr="upcoming"), "themes"
    )
    by_level: dict[str, list[Course]] = {}
    for course in courses:
        by_level.setdefault(course.level, []).append(course)
    return [
        LevelGroup(value, str(label), by_level[value])
        for value, label in CourseLevel.choices
        if value in by_level
    ]


def theme_choices(partnership: Partnership, course: Course | None = None) -> QuerySet[Theme]:
    """The partnership's current themes, and any the course already has (retired since)."""
    current = Q(retired_on__isnull=True) | Q(retired_on__gt=timezone.localdate())
    if course is not None and course.pk:
        current |= Q(pk__in=course.themes.values("pk"))
    return Theme.objects.filter(partnership=partnership).filter(current).order_by("name")


def priority_choices(partnership: Partnership) -> QuerySet[Priority]:
    return priorities_for(partnership).order_by("title")


def course_for_page(scope: Scope) -> QuerySet[Course]:
    return policies.courses.visible(scope).prefetch_related("themes", "priorities")


@dataclass(frozen=True)
class CourseDetail:
    questions: list[Question]
    upcoming: list[Session]
    past: list[Session]


def course_detail(course: Course, *, now: dt.datetime) -> CourseDetail:
    """The course's current questions, its upcoming sessions with places, and its past ones."""
    sessions = list(with_places(course.sessions.all()).order_by("starts_at", "pk"))
    return CourseDetail(
        questions=list(current_questions(course)),
        upcoming=[s for s in sessions if s.starts_at > now and s.cancelled_on is None],
        past=[s for s in sessions if s.starts_at <= now or s.cancelled_on is not None],
    )


def course_form_initial(course: Course) -> dict[str, object]:
    fields = (
        "title",
        "level",
        "description",
        "audience",
        "duration_hours",
        "default_capacity",
        "scale",
        "needs_manager_approval",
    )
    initial: dict[str, object] = {name: getattr(course, name) for name in fields}
    initial["themes"] = list(course.themes.all())
    initial["priorities"] = list(course.priorities.all())
    return initial


def current_questions(course: Course) -> QuerySet[Question]:
    """The questions a delegate answers today, in their order."""
    return course.questions.current().order_by("position", "pk")


def question_for_page(scope: Scope) -> QuerySet[Question]:
    """Questions of the partnership's courses (another partnership's answer 404)."""
    return Question.objects.filter(course__partnership=scope.partnership).select_related("course")


# A session


def session_for_page(scope: Scope) -> QuerySet[Session]:
    return with_places(policies.sessions.visible(scope).select_related("course"))


@dataclass(frozen=True)
class SessionBookings:
    """A session's bookings as the business unit sees them: places, the waiting list in the
    order it will be promoted, and bookings no longer live."""

    places: list[Booking] = field(default_factory=list)
    waiting: list[Booking] = field(default_factory=list)
    ended: list[Booking] = field(default_factory=list)


def session_bookings(session: Session) -> SessionBookings:
    """Every booking of the session in one query, sorted into places, waiting and ended."""
    rows = session.bookings.select_related("delegate", "agency").order_by("requested_at", "pk")
    result = SessionBookings()
    for booking in rows:
        if booking.status in HOLDS_PLACE:
            result.places.append(booking)
        elif booking.status == BookingStatus.WAITING:
            result.waiting.append(booking)
        else:
            result.ended.append(booking)
    result.waiting.sort(key=lambda b: (b.waiting_since or b.requested_at, b.pk))
    return result


def own_booking(scope: Scope, session: Session) -> Booking | None:
    """The signed-in user's live booking on this session, if they have one."""
    return (
        Booking.objects.filter(
            session=session,
            delegate__user=scope.user,
            status__in=(*HOLDS_PLACE, BookingStatus.WAITING),
        )
        .order_by("-requested_at")
        .first()
    )


def delegate_of(scope: Scope) -> Delegate | None:
    """The signed-in user's delegate record in this partnership (None until they first book)."""
    return Delegate.objects.filter(partnership=scope.partnership, user=scope.user).first()


def waiting_position(booking: Booking) -> int:
    """Where a waiting booking stands on its session's waiting list (1: next to be promoted)."""
    since = booking.waiting_since or booking.requested_at
    ahead = Booking.objects.filter(session_id=booking.session_id, status=BookingStatus.WAITING)
    ahead = ahead.filter(Q(waiting_since__lt=since) | Q(waiting_since=since, pk__lt=booking.pk))
    return ahead.count() + 1


# Bookings


def booking_for_page(scope: Scope) -> QuerySet[Booking]:
    return policies.bookings.visible(scope).select_related(
        "session__course__partnership", "delegate", "agency"
    )


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str


@dataclass(frozen=True)
class BookingRow:
    booking: Booking
    steps: list[NextStep]


def my_bookings(scope: Scope, *, now: dt.datetime) -> list[BookingRow]:
    """The signed-in user's bookings, latest session first, each with what to do next:
    cancel, evaluate before or after the course, the follow-up survey, the certificate. Three
    queries (the bookings, their evaluations, the follow-up timescale)."""
    follow_up = timescale_for(scope.partnership, FOLLOW_UP)
    rows = (
        Booking.objects.filter(
            delegate__user=scope.user, session__course__partnership=scope.partnership
        )
        .select_related("session__course", "agency")
        .prefetch_related("evaluations")
        .order_by("-session__starts_at", "-pk")
    )
    return [BookingRow(booking, _next_steps(scope, booking, now, follow_up)) for booking in rows]


def _next_steps(
    scope: Scope, booking: Booking, now: dt.datetime, follow_up: EffectiveTimescale
) -> list[NextStep]:
    slug, session = scope.partnership.slug, booking.session
    done = {evaluation.stage for evaluation in booking.evaluations.all()}
    holds = booking.status in HOLDS_PLACE
    attended = booking.attendance == Attendance.ATTENDED
    steps: list[NextStep] = []

    def step(label: str, name: str, **kwargs: object) -> None:
        url = reverse(f"training:{name}", kwargs={"partnership": slug, "pk": booking.pk, **kwargs})
        steps.append(NextStep(label, url))

    if booking.status in (*HOLDS_PLACE, BookingStatus.WAITING) and session.starts_at > now:
        step("Cancel", "booking_cancel")
    if holds and session.ends_at > now and EvaluationStage.PRE not in done:
        step("Evaluate before the course", "evaluate", stage=EvaluationStage.PRE.value)
    if attended and EvaluationStage.POST not in done:
        step("Evaluate after the course", "evaluate", stage=EvaluationStage.POST.value)
    if attended and EvaluationStage.POST in done:
        opens = follow_up.due_from(timezone.localdate(session.starts_at))
        if EvaluationStage.FOLLOW_UP not in done and opens <= timezone.localdate(now):
            step("Follow-up survey", "follow_up")
        step("Download certificate", "certificate")
    return steps


def agency_approvals(scope: Scope) -> QuerySet[Booking]:
    """Bookings of the agency lead's agencies awaiting their approval, soonest session first."""
    if not scope.has_any({Role.AGENCY_LEAD}) or not scope.agency_ids:
        return Booking.objects.none()
    return (
        booking_for_page(scope)
        .filter(status=BookingStatus.PENDING, agency_id__in=scope.agency_ids)
        .order_by("session__starts_at", "requested_at", "pk")
    )


def all_bookings(
    scope: Scope, *, course: Course | None = None, agency_id: int | None = None, status: str = ""
) -> QuerySet[Booking]:
    """Every booking the scope may see, latest session first, by course, agency and status."""
    rows = booking_for_page(scope)
    if course is not None:
        rows = rows.filter(session__course=course)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-session__starts_at", "delegate__name", "pk")


def course_filter_choices(partnership: Partnership) -> QuerySet[Course]:
    """Every course of the partnership, retired too (past bookings, figures and quotes name
    them)."""
    return Course.objects.filter(partnership=partnership).order_by("title")


# The register


def register_bookings(session: Session) -> list[Booking]:
    """The delegates with a place on the session (booked), by name: one row each."""
    rows = session.bookings.filter(status=BookingStatus.BOOKED).select_related("delegate", "agency")
    return list(rows.order_by("delegate__name", "pk"))


# Home page items


def due_items(scope: Scope, today: dt.date) -> list[DueItem]:
    """An agency lead's bookings awaiting approval; for the business unit and administrators,
    sessions that have ended without their register."""
    items: list[DueItem] = []
    if scope.has_any({Role.AGENCY_LEAD}) and scope.agency_ids:
        items += _approvals_due(scope, today)
    if scope.has_any(MANAGERS):
        items += _registers_due(scope, today)
    return items


def _approvals_due(scope: Scope, today: dt.date) -> list[DueItem]:
    soon = add_working_days(today, APPROVAL_DUE_SOON)
    items = []
    for booking in agency_approvals(scope):
        due = timezone.localdate(booking.session.starts_at)
        items.append(
            DueItem(
                title=f"Approve or decline {booking.delegate} on {booking.session.course}",
                url=reverse("training:booking_approve", args=[scope.partnership.slug, booking.pk]),
                due=due,
                state=ClockState.DUE_SOON if due <= soon else ClockState.NOT_DUE,
                kind="Training booking",
            )
        )
    return items


def _registers_due(scope: Scope, today: dt.date) -> list[DueItem]:
    untaken = Q(bookings__status=BookingStatus.BOOKED, bookings__attendance="")
    sessions = (
        Session.objects.filter(course__partnership=scope.partnership, cancelled_on__isnull=True)
        .filter(ends_at__lte=timezone.now())
        .filter(untaken)
        .select_related("course")
        .distinct()
        .order_by("starts_at")
    )
    return [
        DueItem(
            title=f"Take the register: {s.course} on {date_format(s.starts_at, 'j F Y')}",
            url=reverse("training:register", args=[scope.partnership.slug, s.pk]),
            due=timezone.localdate(s.ends_at),
            state=ClockState.OVERDUE
            if timezone.localdate(s.ends_at) < today
            else ClockState.DUE_SOON,
            kind="Training register",
        )
        for s in sessions
    ]
