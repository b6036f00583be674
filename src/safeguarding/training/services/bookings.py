"""Bookings: a place or the waiting list, manager approval, cancellation, and the register.

No overbooking: every write that takes or frees a place locks the session's row first
(`select_for_update`) and counts the places held under that lock, so concurrent bookings for the
last places book exactly the capacity and the rest join the waiting list. A freed place goes at
once to the delegate who has waited longest, who is emailed when the change commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.service_helpers import IN_BATCH, BatchRowRefused, audit_many
from safeguarding.training.clocks import cancellation_cutoff
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
    create,
    day,
    email_on_commit,
    lock_session,
    lock_sessions,
    place_status,
    places_free,
    places_held,
    promote_waiting,
    raise_if,
    served_errors,
    serves,
    serving_agency_ids,
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

#: The foreign keys of a new booking the booking services hold as rows they checked: the
#: session they locked, the delegate they checked against it, the agency they found serving.
CHECKED = ("session", "delegate", "agency")


@dataclass(frozen=True)
class Held:
    """What a recorded booking is checked against, read under the session's lock: whether the
    delegate already has a live booking on the session, how many places its bookings hold, and
    whether the booking's agency serves the session's partnership."""

    booked: bool
    places: int
    served: bool


def _record_problems(
    session: Session,
    delegate: Delegate,
    booking: Booking,
    held: Held,
    now: dt.datetime,
) -> dict[str, str]:
    """Every rule a recorded booking must keep, in one place: `booking_record` checks one row
    against its locked session, `bookings_record_many` each row of a batch against the state it
    read once and the rows it accepted before. Pure: no query."""
    errors = _register_errors(booking.status, booking.attendance, session.starts_at <= now)
    if booking.requested_at > now:
        errors["requested_at"] = "The date requested must be today or in the past."
    if problem := _delegate_error(session, delegate, timezone.localdate(session.starts_at)):
        errors["delegate"] = problem
    elif booking.status in LIVE and held.booked:
        errors["delegate"] = f"{delegate.name} already has a booking on this session."
    errors |= _place_errors(session, booking.status, held.places)
    if errors:
        return errors
    return served_errors(session.course.partnership, booking.agency, held.served)


def _register_errors(status: str, attendance: str, started: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if status not in BookingStatus.values:
        errors["status"] = "Select the booking's status"
    if attendance and attendance not in Attendance.values:
        errors["attendance"] = "Select attended, did not attend or cancelled late"
    elif attendance in PRESENT_OR_ABSENT and status != BookingStatus.BOOKED:
        errors["attendance"] = "Attendance can only be recorded for a booked place"
    elif attendance in PRESENT_OR_ABSENT and not started:
        errors["attendance"] = "This session has not started yet"
    elif attendance == Attendance.CANCELLED_LATE and status not in (
        BookingStatus.BOOKED,
        BookingStatus.CANCELLED,
    ):
        errors["attendance"] = "Only a booked place can be cancelled late"
    return errors


def _place_errors(session: Session, status: str, places: int) -> dict[str, str]:
    if status in LIVE and session.cancelled_on is not None:
        return {"session": f"This session was cancelled on {day(session.cancelled_on)}."}
    if status in HOLDS_PLACE and places >= session.capacity:
        return {"session": f"This session is full: all {session.capacity} places are taken."}
    return {}


def _recorded(
    session: Session,
    delegate: Delegate,
    agency: Agency | None,
    status: str,
    attendance: str,
    requested_at: dt.datetime,
) -> Booking:
    """The booking a register row records (not saved): the delegate's agency unless another is
    given, on the waiting list since it was requested, or cancelled then."""
    return Booking(
        session=session,
        delegate=delegate,
        agency=agency or delegate.agency,
        status=status,
        attendance=attendance,
        requested_at=requested_at,
        waiting_since=requested_at if status == BookingStatus.WAITING else None,
        cancelled_at=requested_at if status == BookingStatus.CANCELLED else None,
    )


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
    partnership = locked.course.partnership
    now = timezone.now()
    booking = _recorded(locked, delegate, agency, status, attendance, requested_at or now)
    held = Held(
        booked=_already_booked(locked, delegate),
        places=places_held(locked),
        served=serves(partnership, booking.agency),
    )
    raise_if(_record_problems(locked, delegate, booking, held, now))
    action = "training.booking.record"
    return create(actor, partnership, booking, action, checked=CHECKED, constraints=False)


#: A batch's row: its number in the sheet, and the keyword arguments `booking_record` takes
#: (session and delegate; status, attendance, requested_at and agency as it defaults them).
BookingRow = tuple[int, Mapping[str, Any]]


@transaction.atomic
def bookings_record_many(
    *, actor: User | None, partnership: Partnership, rows: Sequence[BookingRow]
) -> list[Booking]:
    """Record many bookings as they stand at once (a data pack's register; decision 0014).

    Each row is checked by the same rules as `booking_record`, against the batch's sessions
    locked and read once (their live bookings, the places held) and the agencies serving the
    partnership, counting the rows accepted before it: a batch cannot overbook a session or
    book a delegate twice. The first row refused raises `BatchRowRefused` with its number, and
    nothing is written. The bookings are inserted in bulk, and one
    `training.booking.record_many` audit entry per AUDIT_BATCH bookings lists each of them.
    """
    now = timezone.now()
    sessions = lock_sessions(partnership, (row["session"].pk for _, row in rows))
    held, live = _places(partnership)
    served = serving_agency_ids(partnership)
    bookings: list[Booking] = []
    for number, row in rows:
        session = sessions.get(row["session"].pk)
        if session is None:
            error = {"session": f"{row['session']} is not a session of {partnership}."}
            raise BatchRowRefused(number, ValidationError(error))
        delegate = row["delegate"]
        booking = _recorded(
            session,
            delegate,
            row.get("agency"),
            row.get("status", BookingStatus.BOOKED),
            row.get("attendance", ""),
            row.get("requested_at") or now,
        )
        pair = (session.pk, delegate.pk)
        state = Held(pair in live, held[session.pk], booking.agency_id in served)
        _accept(number, booking, _record_problems(session, delegate, booking, state, now))
        if booking.status in LIVE:
            live.add(pair)
        if booking.status in HOLDS_PLACE:
            held[session.pk] += 1
        bookings.append(booking)
    Booking.objects.bulk_create(bookings, batch_size=IN_BATCH)
    lines = [_record_line(booking) for booking in bookings]
    audit_many(actor, partnership, "training.booking.record_many", lines)
    return bookings


def _places(partnership: Partnership) -> tuple[Counter[int], set[tuple[int, int]]]:
    """The places held on each of the partnership's sessions, and its live (session, delegate)
    pairs: `places_held` and `_already_booked` for every session at once."""
    held: Counter[int] = Counter()
    live: set[tuple[int, int]] = set()
    rows = Booking.objects.filter(session__course__partnership=partnership, status__in=LIVE)
    for session_id, delegate_id, status in rows.values_list("session_id", "delegate_id", "status"):
        live.add((session_id, delegate_id))
        if status in HOLDS_PLACE:
            held[session_id] += 1
    return held, live


def _accept(number: int, booking: Booking, problems: dict[str, str]) -> None:
    """Refuse the row on its rules, then on the fields' own checks (lengths, choices) that
    `create` makes; the checked foreign keys and constraints, as in `booking_record`."""
    if problems:
        raise BatchRowRefused(number, ValidationError(problems))
    try:
        booking.full_clean(exclude=CHECKED, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise BatchRowRefused(number, error) from None


def _record_line(booking: Booking) -> tuple[str, str]:
    """A booking's line in the batch's audit entry: which it is, and what was recorded."""
    start = timezone.localtime(booking.session.starts_at)
    which = f"{booking.delegate.email} on {booking.session.course} {start:%Y-%m-%d %H:%M}"
    what = booking.status + (f", {booking.attendance}" if booking.attendance else "")
    requested = timezone.localtime(booking.requested_at)
    return (
        f"{which} (booking {booking.pk})",
        f"{what} ({booking.agency}), requested {requested:%Y-%m-%d %H:%M}",
    )
