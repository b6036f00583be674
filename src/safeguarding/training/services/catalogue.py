"""The course catalogue: courses, their self-rating questions, and their sessions.

A session's capacity is changed under the session's lock, so more places go to the waiting list
at once, in the order delegates joined it; a cancelled session cancels its bookings and tells
the delegates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguarding.core.models import Partnership, Theme
from safeguarding.core.service_helpers import require_text
from safeguarding.core.services import themes_check
from safeguarding.training.models import (
    LIVE,
    BookingStatus,
    Course,
    CourseLevel,
    Question,
    Rating,
    RatingScale,
    Session,
)
from safeguarding.training.services._shared import (
    NOT_GIVEN,
    audit,
    create,
    day,
    email_on_commit,
    given,
    lock_session,
    names,
    places_held,
    promote_waiting,
    raise_if,
    set_many,
    taken,
    update,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User
    from safeguarding.governance.models import Priority


def _check_course(partnership: Partnership, data: dict[str, Any], exclude: int | None) -> None:
    """Field errors for a course's fields (only those in `data`), all at once."""
    errors: dict[str, str] = {}
    if "title" in data:
        data["title"] = title = data["title"].strip()
        clash = Course.objects.filter(partnership=partnership, title__iexact=title)
        if not title:
            errors["title"] = "Enter the course title"
        elif taken(clash, exclude):
            errors["title"] = f"A course called “{title}” is already in the catalogue."
    if "level" in data and data["level"] not in CourseLevel.values:
        errors["level"] = "Select the course level"
    if "scale" in data and data["scale"] not in RatingScale.values:
        errors["scale"] = "Select a rating scale of 1 to 5 or 1 to 10"
    if "default_capacity" in data and not (data["default_capacity"] or 0) >= 1:
        errors["default_capacity"] = "Enter a number of places of 1 or more"
    hours = data.get("duration_hours")
    if hours is not None and Decimal(hours) < 0:
        errors["duration_hours"] = "Enter a duration of 0 hours or more"
    raise_if(errors)


def _check_priorities(partnership: Partnership, priorities: Iterable[Priority] | None) -> None:
    if priorities is not None and any(p.partnership_id != partnership.pk for p in priorities):
        raise ValidationError({"priorities": f"Choose priorities of {partnership} only."})


@transaction.atomic
def course_create(
    *,
    actor: User | None,
    partnership: Partnership,
    title: str,
    level: str,
    description: str = "",
    audience: str = "",
    duration_hours: Decimal | float | None = None,
    default_capacity: int = 20,
    scale: int = 5,
    needs_manager_approval: bool = False,
    themes: Iterable[Theme] = (),
    priorities: Iterable[Priority] = (),
    created_on: dt.date | None = None,
) -> Course:
    created_on = created_on or timezone.localdate()
    data: dict[str, Any] = {"title": title, "level": level, "scale": scale}
    data |= {"default_capacity": default_capacity, "duration_hours": duration_hours}
    _check_course(partnership, data, None)
    themes, priorities = themes_check(partnership, themes, on=created_on), list(priorities)
    _check_priorities(partnership, priorities)
    course = Course(
        partnership=partnership,
        description=description.strip(),
        audience=audience.strip(),
        needs_manager_approval=needs_manager_approval,
        created_on=created_on,
        **data,
    )
    course.full_clean()
    course.save()
    course.themes.set(themes)
    course.priorities.set(priorities)
    changes = {"title": [None, course.title], "level": [None, level], "scale": [None, scale]}
    changes |= {"themes": [None, names(themes)], "priorities": [None, names(priorities)]}
    audit(actor, partnership, course, "training.course.create", changes)
    return course


@transaction.atomic
def course_update(
    *,
    actor: User | None,
    course: Course,
    title: str = NOT_GIVEN,
    level: str = NOT_GIVEN,
    description: str = NOT_GIVEN,
    audience: str = NOT_GIVEN,
    duration_hours: Decimal | float | None = NOT_GIVEN,
    default_capacity: int = NOT_GIVEN,
    scale: int = NOT_GIVEN,
    needs_manager_approval: bool = NOT_GIVEN,
    themes: Iterable[Theme] | None = None,
    priorities: Iterable[Priority] | None = None,
    created_on: dt.date = NOT_GIVEN,
) -> Course:
    """Change what was given; the scale stays once a delegate has rated the course on it."""
    data = given(title=title, level=level, description=description, audience=audience)
    data |= given(duration_hours=duration_hours, default_capacity=default_capacity)
    data |= given(scale=scale, needs_manager_approval=needs_manager_approval)
    data |= given(created_on=created_on)
    partnership = course.partnership
    _check_course(partnership, data, course.pk)
    _check_scale(course, data.get("scale", course.scale))
    if themes is not None:
        on = data.get("created_on", course.created_on)
        themes = themes_check(partnership, themes, on=on, keep=course.themes.all())
    priorities = None if priorities is None else list(priorities)
    _check_priorities(partnership, priorities)
    for text in ("description", "audience"):
        if text in data:
            data[text] = data[text].strip()
    extra = set_many(course, "themes", themes) | set_many(course, "priorities", priorities)
    return update(actor, partnership, course, "training.course.update", data, extra)


def _check_scale(course: Course, scale: int) -> None:
    if scale != course.scale and Rating.objects.filter(question__course=course).exists():
        raise ValidationError(
            {
                "scale": f"The scale cannot change: delegates have already rated this course "
                f"from 1 to {course.scale}."
            }
        )


@transaction.atomic
def course_retire(*, actor: User | None, course: Course, retired_on: dt.date) -> Course:
    """Retire a course from the catalogue: no new sessions or bookings; its past stays."""
    if course.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"This course was already retired on {day(course.retired_on)}."}
        )
    if retired_on < course.created_on:
        raise ValidationError(
            {"retired_on": f"A course cannot retire before it began on {day(course.created_on)}."}
        )
    data = {"retired_on": retired_on}
    return update(actor, course.partnership, course, "training.course.retire", data)


# Questions.


def _check_position(position: int) -> None:
    if position < 1:
        raise ValidationError({"position": "Enter a position of 1 or more"})


@transaction.atomic
def question_add(
    *, actor: User | None, course: Course, text: str, position: int | None = None
) -> Question:
    """Add a self-rating question, last unless a position is given."""
    text = require_text(text, "text", "Enter the question")
    if position is None:
        last = course.questions.aggregate(last=Max("position"))["last"]
        position = (last or 0) + 1
    _check_position(position)
    question = Question(course=course, text=text, position=position)
    return create(actor, course.partnership, question, "training.question.add")


@transaction.atomic
def question_update(
    *, actor: User | None, question: Question, text: str, position: int
) -> Question:
    data = {"text": require_text(text, "text", "Enter the question"), "position": position}
    _check_position(position)
    partnership = question.course.partnership
    return update(actor, partnership, question, "training.question.update", data)


@transaction.atomic
def question_retire(*, actor: User | None, question: Question, retired_on: dt.date) -> Question:
    """Stop asking a question; the ratings already given keep it."""
    if question.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"This question was already retired on {day(question.retired_on)}."}
        )
    partnership = question.course.partnership
    data = {"retired_on": retired_on}
    return update(actor, partnership, question, "training.question.retire", data)


# Sessions.


def _check_session(
    course: Course, starts_at: dt.datetime, ends_at: dt.datetime, capacity: int
) -> None:
    errors: dict[str, str] = {}
    starts_on = timezone.localdate(starts_at)
    if course.retired_on is not None and course.retired_on <= starts_on:
        errors["course"] = f"{course} was retired on {day(course.retired_on)}."
    if ends_at <= starts_at:
        errors["ends_at"] = "The session must end after it starts"
    if not capacity or capacity < 1:
        errors["capacity"] = "Enter a number of places of 1 or more"
    raise_if(errors)


@transaction.atomic
def session_create(
    *,
    actor: User | None,
    course: Course,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str = "",
    online: bool = False,
    trainer: str = "",
    capacity: int | None = None,
) -> Session:
    """A date for a course; its places default to the course's."""
    capacity = course.default_capacity if capacity is None else capacity
    _check_session(course, starts_at, ends_at, capacity)
    session = Session(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        online=online,
        trainer=trainer.strip(),
        capacity=capacity,
    )
    return create(actor, course.partnership, session, "training.session.create")


@transaction.atomic
def session_update(
    *,
    actor: User | None,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str,
    online: bool,
    trainer: str,
    capacity: int,
) -> Session:
    """Change a session; more places go to the waiting list at once, fewer cannot turn away a
    delegate who already has one."""
    locked = lock_session(session)
    if locked.cancelled_on is not None:
        raise ValidationError(
            {"session": f"This session was cancelled on {day(locked.cancelled_on)}."}
        )
    _check_session(locked.course, starts_at, ends_at, capacity)
    held = places_held(locked)
    if capacity < held:
        raise ValidationError(
            {"capacity": f"{held} places are already taken: enter {held} or more"}
        )
    data = {"starts_at": starts_at, "ends_at": ends_at, "venue": venue.strip()}
    data |= {"online": online, "trainer": trainer.strip(), "capacity": capacity}
    update(actor, locked.course.partnership, locked, "training.session.update", data)
    promote_waiting(actor, locked)
    _copy(locked, session)
    return session


def _copy(source: Session, target: Session) -> None:
    """Keep the caller's instance in step with the locked row that was saved."""
    for field in ("starts_at", "ends_at", "venue", "online", "trainer", "capacity"):
        setattr(target, field, getattr(source, field))
    target.cancelled_on = source.cancelled_on


@transaction.atomic
def session_cancel(*, actor: User | None, session: Session, cancelled_on: dt.date) -> Session:
    """Cancel a session: every live booking is cancelled (nobody is promoted: there is no
    session to go to) and each delegate is emailed."""
    locked = lock_session(session)
    if locked.cancelled_on is not None:
        raise ValidationError(
            {"cancelled_on": f"This session was already cancelled on {day(locked.cancelled_on)}."}
        )
    partnership = locked.course.partnership
    update(actor, partnership, locked, "training.session.cancel", {"cancelled_on": cancelled_on})
    now = timezone.now()
    for booking in locked.bookings.filter(status__in=LIVE).select_related("delegate"):
        changes = {"status": [booking.status, BookingStatus.CANCELLED.value]}
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        audit(actor, partnership, booking, "training.booking.cancel", changes)
        email_on_commit("session_cancelled", booking, [booking.delegate.email])
    _copy(locked, session)
    return session
