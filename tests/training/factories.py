"""Training records for tests: courses with questions, sessions, delegates, bookings, ratings.

These write rows directly (not through the services) so a test can set up any moment of a
course's life, including past sessions and finished evaluations, without walking the clock
through it. Tests of the rules call `safeguarding.training.services` themselves.

Dates default to the course of winter 2026-27: today is Tuesday 1 December 2026 (`NOW`), the
default session runs on Tuesday 12 January 2027 (`STARTS`), 09:30 to 16:30.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, Partnership
from safeguarding.training.models import (
    Booking,
    BookingStatus,
    Course,
    CourseLevel,
    Delegate,
    Evaluation,
    EvaluationStage,
    Question,
    Rating,
    Session,
)

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
STARTS = dt.datetime(2027, 1, 12, 9, 30, tzinfo=LONDON)
CREATED_ON = dt.date(2023, 4, 1)

QUESTIONS = (
    "How confident are you in recognising the signs of neglect?",
    "How confident are you in knowing what to do when you are worried about a child?",
    "How well do you understand the partnership's escalation policy?",
    "How confident are you in recording and sharing information?",
    "How well do you understand the voice of the child in your work?",
)


def make_course(
    partnership: Partnership,
    title: str = "Working Together to Safeguard Children",
    level: str = CourseLevel.CORE,
    scale: int = 5,
    questions: int | Sequence[str] = 3,
    **fields: Any,
) -> Course:
    """A course with `questions` self-rating questions (a number, or their texts)."""
    values: dict[str, Any] = {"created_on": CREATED_ON, "default_capacity": 20} | fields
    course = Course.objects.create(
        partnership=partnership, title=title, level=level, scale=scale, **values
    )
    texts = QUESTIONS[:questions] if isinstance(questions, int) else questions
    for position, text in enumerate(texts, start=1):
        Question.objects.create(course=course, text=text, position=position)
    return course


def make_session(
    course: Course,
    starts_at: dt.datetime = STARTS,
    capacity: int | None = None,
    hours: float = 7,
    **fields: Any,
) -> Session:
    """A session of `course` lasting `hours`; capacity defaults to the course's."""
    values: dict[str, Any] = {
        "ends_at": starts_at + dt.timedelta(hours=hours),
        "venue": "Council Offices, Testshire",
    } | fields
    return Session.objects.create(
        course=course,
        starts_at=starts_at,
        capacity=capacity or course.default_capacity,
        **values,
    )


def make_delegate(
    partnership: Partnership,
    agency: Agency,
    user: User | None = None,
    email: str | None = None,
    name: str | None = None,
    **fields: Any,
) -> Delegate:
    """A delegate of `agency`; email and name default to the user's, or a made-up one."""
    if email is None:
        email = user.email if user else f"delegate{Delegate.objects.count() + 1}@testshire.example"
    if name is None:
        name = (user.full_name if user else "") or email.split("@")[0].title()
    values: dict[str, Any] = {"manager_email": "manager@testshire.example"} | fields
    return Delegate.objects.create(
        partnership=partnership, agency=agency, user=user, email=email, name=name, **values
    )


def make_booking(
    session: Session,
    delegate: Delegate,
    status: str = BookingStatus.BOOKED,
    attendance: str = "",
    requested_at: dt.datetime | None = None,
    **fields: Any,
) -> Booking:
    """A booking as it stands (no place counting); the waiting list gets `waiting_since`."""
    requested = requested_at or min(NOW, session.starts_at - dt.timedelta(days=14))
    if status == BookingStatus.WAITING:
        fields.setdefault("waiting_since", requested)
    if status == BookingStatus.CANCELLED:
        fields.setdefault("cancelled_at", requested + dt.timedelta(days=1))
    return Booking.objects.create(
        session=session,
        delegate=delegate,
        agency=fields.pop("agency", delegate.agency),
        status=status,
        attendance=attendance,
        requested_at=requested,
        **fields,
    )


def make_evaluated(
    booking: Booking,
    pre: Sequence[int | None] = (),
    post: Sequence[int | None] = (),
    completed: bool = True,
    **post_fields: Any,
) -> list[Rating]:
    """Ratings for the course's questions in order (`None` leaves one out), plus the completed
    pre and post `Evaluation` rows for the stages given (`completed=False` writes ratings only).
    `post_fields` (feedback, consent_to_quote, quote_chosen) go on the post evaluation."""
    questions = list(booking.session.course.questions.order_by("position", "pk"))
    ratings = []
    for index, question in enumerate(questions):
        before = pre[index] if index < len(pre) else None
        after = post[index] if index < len(post) else None
        if before is None and after is None:
            continue
        ratings.append(
            Rating.objects.create(booking=booking, question=question, pre=before, post=after)
        )
    if completed:
        _complete(booking, EvaluationStage.PRE, bool(pre), booking.session.starts_at, {})
        _complete(booking, EvaluationStage.POST, bool(post), booking.session.ends_at, post_fields)
    return ratings


def _complete(
    booking: Booking, stage: str, rated: bool, when: dt.datetime, fields: dict[str, Any]
) -> None:
    if rated:
        moment = when - dt.timedelta(hours=1) if stage == EvaluationStage.PRE else when
        Evaluation.objects.create(booking=booking, stage=stage, completed_at=moment, **fields)
