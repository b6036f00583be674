"""Bookings: a place or the waiting list, manager approval, cancellation, and the register.

No overbooking: every write that takes or frees a place locks the session's row first
(`select_for_update`) and counts the places held under that lock, so concurrent bookings for the
last places book exactly the capacity and the rest join the waiting list. A freed place goes at
once to the delegate who has waited longest, who is emailed when the change commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.core.models import Agency
from safeguarding.training.models import (
    HOLDS_PLACE,
    LIVE,
    Attendance,
    Booking,
    BookingStatus,
    Delegate,
    Session,
)
from safeguarding.training.services._shared import (
    cancellation_cutoff,
    check_served,
    create,
    day,
    email_on_commit,
    lock_session,
    place_status,
    places_free,
    places_held,
    promote_waiting,
    raise_if,
    update,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

#: Marks that need a booked place (a late cancellation may also be recorded on a cancelled one).
PRESENT_OR_ABSENT = (Attendance.ATTENDED, Attendance.DID_NOT_ATTEND)


def _has_started(session: Session) -> bool:
    return session.starts_at <= timezone.now()


def _session_error(session: Session) -> str | None:
    """Why a delegate cannot book this session now, if they cannot."""
    course = session.course
    if session.cancelled_on is not None:
        return f"This session was cancelled on {day(session.cancelled_on)}."
    if course.retired_on is not None and course.retired_on <= timezone.localdate():
        return f"{course} was retired on {day(course.retired_on)}: it cannot be booked."
    if _has_started(session):
        return "This session has already started"
    return None


def _delegate_error(session: Session, delegate: Delegate, on: dt.date) -> str | None:
    if delegate.partnership_id != session.course.partnership_id:
        return f"{delegate.name} is not a delegate of {session.course.partnership}."
    if delegate.left_on is not None and delegate.left_on <= on:
        return f"{delegate.name} left the staff list on {day(delegate.left_on)}."
    return None


def _already_booked(session: Session, delegate: Delegate) -> bool:
    return session.bookings.filter(delegate=delegate, status__in=LIVE).exists()


@transaction.atomic
def booking_request(*, actor: User | None, session: Session, delegate: Delegate) -> Booking:
    """The delegate books: a place while there is one (awaiting their manager's approval on a
    course that needs it, and the manager is emailed), otherwise the waiting list."""
    locked = lock_session(session)
    errors: dict[str, str] = {}
    if problem := _session_error(locked):
        errors["session"] = problem
    elif _already_booked(locked, delegate):
        errors["session"] = f"{delegate.name} already has a booking on this session."
    if problem := _delegate_error(locked, delegate, timezone.localdate()):
        errors["delegate"] = problem
    raise_if(errors)
    now = timezone.now()
    booking = Booking(session=locked, delegate=delegate, agency=delegate.agency, requested_at=now)
    if places_free(locked):
        booking.status = place_status(locked)
    else:
        booking.status, booking.waiting_since = BookingStatus.WAITING, now
    create(actor, locked.course.partnership, booking, "training.booking.request")
    if booking.status == BookingStatus.PENDING:
        email_on_commit("approval", booking, [delegate.manager_email])
    return booking


def _relock(booking: Booking) -> Session:
    """Lock the booking's session and re-read the booking under the lock (another request may
    have changed it since the caller fetched it)."""
    session = lock_session(booking.session)
    booking.refresh_from_db(fields=["status", "attendance", "cancelled_at", "decided_by"])
    booking.session = session
    return session


@transaction.atomic
def booking_cancel(*, actor: User | None, booking: Booking) -> Booking:
    """Cancel a booking. A place given up after the cut-off is a late cancellation; the place
    goes to the first delegate on the waiting list."""
    session = _relock(booking)
    if booking.status not in LIVE:
        raise ValidationError({"booking": f"This booking is {booking.get_status_display()}."})
    if _has_started(session):
        raise ValidationError(
            {"booking": "This session has already started: the register records who came."}
        )
    held = booking.status in HOLDS_PLACE
    data: dict[str, object] = {"status": BookingStatus.CANCELLED, "cancelled_at": timezone.now()}
    if held and timezone.localdate() > cancellation_cutoff(session):
        data["attendance"] = Attendance.CANCELLED_LATE
    update(actor, session.course.partnership, booking, "training.booking.cancel", data)
    if held:
        promote_waiting(actor, session)
    return booking


def _decide(actor: User | None, booking: Booking, status: str, verb: str) -> Session:
    session = _relock(booking)
    if booking.status != BookingStatus.PENDING:
        raise ValidationError(
            {
                "booking": f"Only a booking awaiting approval can be {verb}; this one is "
                f"{booking.get_status_display().lower()}."
            }
        )
    if _has_started(session):
        raise ValidationError({"booking": "This session has already started"})
    data = {"status": status, "decided_by": actor}
    action = "approve" if status == BookingStatus.BOOKED else "decline"
    update(actor, session.course.partnership, booking, f"training.booking.{action}", data)
    return session


@transaction.atomic
def booking_approve(*, actor: User | None, booking: Booking) -> Booking:
    """The delegate's manager approves: the place they hold is booked."""
    _decide(actor, booking, BookingStatus.BOOKED, "approved")
    return booking


@transaction.atomic
def booking_decline(*, actor: User | None, booking: Booking) -> Booking:
    """The delegate's manager declines: the place goes to the first delegate waiting."""
    session = _decide(actor, booking, BookingStatus.DECLINED, "declined")
    promote_waiting(actor, session)
    return booking


# The register.


def _mark_error(booking: Booking, attendance: str) -> str | None:
    if attendance not in Attendance.values:
        return f"Select whether {booking.delegate.name} attended"
    if booking.status != BookingStatus.BOOKED:
        return (
            f"{booking.delegate.name} does not have a booked place "
            f"({booking.get_status_display().lower()})."
        )
    return None


def _not_started_error(session: Session) -> dict[str, str]:
    if session.cancelled_on is not None:
        return {"session": f"This session was cancelled on {day(session.cancelled_on)}."}
    if not _has_started(session):
        return {"session": "This session has not started yet: take the register once it has."}
    return {}


def _mark(actor: User | None, booking: Booking, attendance: str) -> Booking:
    partnership = booking.session.course.partnership
    data = {"attendance": attendance}
    return update(actor, partnership, booking, "training.booking.attendance", data)


@transaction.atomic
def attendance_record(*, actor: User | None, booking: Booking, attendance: str) -> Booking:
    """Mark one booked place attended, did not attend, or cancelled late."""
    raise_if(_not_started_error(booking.session))
    if problem := _mark_error(booking, attendance):
        field = "attendance" if attendance not in Attendance.values else "booking"
        raise ValidationError({field: problem})
    return _mark(actor, booking, attendance)


@transaction.atomic
def register_take(
    *, actor: User | None, session: Session, marks: Mapping[int, str]
) -> list[Booking]:
    """Take the register: `marks` is booking id → attendance (blank: not marked). Every mark is
    checked before any is saved, so a register with one wrong mark saves nothing."""
    raise_if(_not_started_error(session))
    chosen = {int(pk): mark for pk, mark in marks.items() if mark}
    bookings = {b.pk: b for b in session.bookings.filter(pk__in=chosen).select_related("delegate")}
    errors: dict[str, str] = {}
    for pk, mark in chosen.items():
        booking = bookings.get(pk)
        problem = "This booking is not on this session." if booking is None else None
        problem = problem or _mark_error(bookings[pk], mark)
        if problem:
            errors[f"booking_{pk}"] = problem
    raise_if(errors)
    for booking in bookings.values():
        booking.session = session
        _mark(actor, booking, chosen[booking.pk])
    return list(bookings.values())


# A past register, from a data pack or the training officer.


def _record_errors(
    session: Session, delegate: Delegate, status: str, attendance: str, requested_at: dt.datetime
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if status not in BookingStatus.values:
        errors["status"] = "Select the booking's status"
    if attendance and attendance not in Attendance.values:
        errors["attendance"] = "Select attended, did not attend or cancelled late"
    elif attendance in PRESENT_OR_ABSENT and status != BookingStatus.BOOKED:
        errors["attendance"] = "Attendance can only be recorded for a booked place"
    elif attendance in PRESENT_OR_ABSENT and not _has_started(session):
        errors["attendance"] = "This session has not started yet"
    elif attendance == Attendance.CANCELLED_LATE and status not in (
        BookingStatus.BOOKED,
        BookingStatus.CANCELLED,
    ):
        errors["attendance"] = "Only a booked place can be cancelled late"
    if requested_at > timezone.now():
        errors["requested_at"] = "The date requested must be today or in the past."
    if problem := _delegate_error(session, delegate, timezone.localdate(session.starts_at)):
        errors["delegate"] = problem
    elif status in LIVE and _already_booked(session, delegate):
        errors["delegate"] = f"{delegate.name} already has a booking on this session."
    return errors


def _capacity_errors(session: Session, status: str) -> dict[str, str]:
    if status in LIVE and session.cancelled_on is not None:
        return {"session": f"This session was cancelled on {day(session.cancelled_on)}."}
    if status in HOLDS_PLACE and places_held(session) >= session.capacity:
        return {"session": f"This session is full: all {session.capacity} places are taken."}
    return {}


@transaction.atomic
def booking_record(
    *,
    actor: User | None,
    session: Session,
    delegate: Delegate,
    status: str = BookingStatus.BOOKED,
    attendance: str = "",
    requested_at: dt.datetime | None = None,
    agency: Agency | None = None,
) -> Booking:
    """Record a booking as it stands, past sessions included (a past register from a data pack,
    or the training officer's). The session's capacity still holds; nobody is emailed."""
    locked = lock_session(session)
    requested_at = requested_at or timezone.now()
    errors = _record_errors(locked, delegate, status, attendance, requested_at)
    raise_if(errors | _capacity_errors(locked, status))
    agency = agency or delegate.agency
    check_served(locked.course.partnership, agency)
    booking = Booking(
        session=locked,
        delegate=delegate,
        agency=agency,
        status=status,
        attendance=attendance,
        requested_at=requested_at,
        waiting_since=requested_at if status == BookingStatus.WAITING else None,
        cancelled_at=requested_at if status == BookingStatus.CANCELLED else None,
    )
    return create(actor, locked.course.partnership, booking, "training.booking.record")
