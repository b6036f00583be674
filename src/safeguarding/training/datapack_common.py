"""What the training sheets share (training/datapack.py): finding the records a row names, by
the same text the export writes (names and titles ignoring case and repeated spaces, a session
by its course and local start time), and the messages for what a row cannot do.

Each lookup raises a ValidationError against the column that named the record, so a record
missing when the row is saved is reported by sheet, row and column, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.datapack.fields import NO, YES, PackDateTimeField, joined
from safeguarding.datapack.registry import normalise_key, split_list
from safeguarding.governance.models import Priority
from safeguarding.training.models import Booking, Course, Delegate, Session

M = TypeVar("M", bound=Model)

NOT_CLEARED = "This is recorded already and cannot be cleared here: correct it on its page."
NOT_MOVED = "This is recorded already as {value} and cannot be changed here."
LIST_HELP = "Separated by “;”."
TIME_HELP = "A date and time as YYYY-MM-DD HH:MM, like 2023-05-10 09:30."

write_time = PackDateTimeField.write
parse_time = PackDateTimeField.parse


def yes_no(value: bool) -> str:
    return YES if value else NO


def one(rows: Iterable[M], attribute: str, text: str) -> M | None:
    """The first row whose `attribute` is `text`, ignoring case and repeated spaces."""
    wanted = normalise_key(text)
    return next((row for row in rows if normalise_key(getattr(row, attribute)) == wanted), None)


def names_of(rows: Iterable[Any], attribute: str = "name") -> str:
    return joined(getattr(row, attribute) for row in rows)


def named(rows: Iterable[M], attribute: str, text: str, column: str, what: str) -> list[M]:
    """The rows a list cell names, each by `attribute`; an unknown name is an error on `column`."""
    wanted = split_list(text)
    candidates = list(rows)
    found = {name: one(candidates, attribute, name) for name in wanted}
    missing = [name for name, row in found.items() if row is None]
    if missing:
        listed = "; ".join(missing)
        raise ValidationError({column: f"There is no {what} called “{listed}”."})
    return [row for row in found.values() if row is not None]


def themes_named(partnership: Partnership, text: str) -> list[Theme]:
    return named(Theme.objects.filter(partnership=partnership), "name", text, "themes", "theme")


def priorities_named(partnership: Partnership, text: str) -> list[Priority]:
    rows = Priority.objects.filter(partnership=partnership)
    return named(rows, "title", text, "priorities", "priority")


def agency_named(partnership: Partnership, name: str, column: str = "agency") -> Agency:
    agency = Agency.objects.filter(memberships__partnership=partnership, name__iexact=name).first()
    if agency is None:
        raise ValidationError({column: f"No agency called “{name}” serves this partnership."})
    return agency


def course_named(partnership: Partnership, title: str, column: str = "course") -> Course:
    course = find_course(partnership, title)
    if course is None:
        raise ValidationError({column: f"There is no course called “{title}”."})
    return course


def find_course(partnership: Partnership, title: str) -> Course | None:
    rows = Course.objects.filter(partnership=partnership, title__iexact=title.strip())
    return rows.first() or one(Course.objects.filter(partnership=partnership), "title", title)


def session_at(course: Course, starts_at: str, column: str = "session_starts_at") -> Session:
    session = find_session(course, starts_at)
    if session is None:
        raise ValidationError({column: f"{course} has no session starting at {starts_at}."})
    return session


def find_session(course: Course, starts_at: str) -> Session | None:
    moment = parse_time(starts_at)
    return None if moment is None else course.sessions.filter(starts_at=moment).first()


def delegate_with(partnership: Partnership, email: str) -> Delegate:
    delegate = find_delegate(partnership, email)
    if delegate is None:
        message = f"There is no delegate with the email “{email}”."
        raise ValidationError({"delegate_email": message})
    return delegate


def find_delegate(partnership: Partnership, email: str) -> Delegate | None:
    return Delegate.objects.filter(partnership=partnership, email__iexact=email.strip()).first()


def latest_booking(session: Session, delegate: Delegate) -> Booking | None:
    """The delegate's booking for the session (the latest, if they booked more than once)."""
    rows = session.bookings.filter(delegate=delegate).select_related("session__course")
    return rows.order_by("-requested_at", "-pk").first()


def booking_named(partnership: Partnership, row: dict[str, Any]) -> Booking:
    """The booking an evaluations row names by course, session start and delegate email."""
    session = session_at(course_named(partnership, row["course"]), row["session_starts_at"])
    booking = latest_booking(session, delegate_with(partnership, row["delegate_email"]))
    if booking is None:
        message = f"{row['delegate_email']} has no booking for {session}."
        raise ValidationError({"delegate_email": message})
    return booking


def retire_step(
    row: dict[str, Any], current: dt.date | None, column: str = "retired_on"
) -> dt.date | None:
    """The date to retire on when the row retires the record now; an error when the row clears
    or moves a date already recorded (no service does either); None when nothing changes."""
    if column not in row or row[column] == current:
        return None
    if current is not None:
        message = NOT_CLEARED if row[column] is None else NOT_MOVED.format(value=current)
        raise ValidationError({column: message})
    value: dt.date = row[column]
    return value


def renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error against the sheet's column names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(f, f): messages for f, messages in error.message_dict.items()}
    )


class PackRecords:
    """The partnership's courses, sessions, delegates, agencies and latest bookings, each read
    once: a sheet of thousands of bookings looks each row's records up here, rather than asking
    the database five times a row. `add` keeps a booking saved since in step."""

    def __init__(self, partnership: Partnership) -> None:
        courses = Course.objects.filter(partnership=partnership)
        self.courses = {normalise_key(course.title): course for course in courses}
        sessions = Session.objects.filter(course__partnership=partnership).select_related("course")
        self.sessions = {(s.course_id, s.starts_at): s for s in sessions}
        delegates = Delegate.objects.filter(partnership=partnership).select_related("agency")
        self.delegates = {delegate.email.lower(): delegate for delegate in delegates}
        agencies = Agency.objects.filter(memberships__partnership=partnership)
        self.agencies = {normalise_key(agency.name): agency for agency in agencies}
        self.bookings: dict[tuple[int, int], Booking] = {}
        bookings = Booking.objects.filter(session__course__partnership=partnership)
        for booking in bookings.select_related("session__course", "delegate", "agency").order_by(
            "requested_at", "pk"
        ):
            self.add(booking)

    def course(self, title: str) -> Course:
        course = self.courses.get(normalise_key(title))
        if course is None:
            raise ValidationError({"course": f"There is no course called “{title}”."})
        return course

    def session(self, course: Course, starts_at: str) -> Session:
        moment = parse_time(starts_at)
        session = self.sessions.get((course.pk, moment)) if moment else None
        if session is None:
            message = f"{course} has no session starting at {starts_at}."
            raise ValidationError({"session_starts_at": message})
        return session

    def delegate(self, email: str) -> Delegate:
        delegate = self.delegates.get(email.strip().lower())
        if delegate is None:
            message = f"There is no delegate with the email “{email}”."
            raise ValidationError({"delegate_email": message})
        return delegate

    def agency(self, name: str) -> Agency:
        agency = self.agencies.get(normalise_key(name))
        if agency is None:
            raise ValidationError({"agency": f"No agency called “{name}” serves this partnership."})
        return agency

    def booking(self, session: Session, delegate: Delegate) -> Booking | None:
        """The delegate's latest booking for the session."""
        return self.bookings.get((session.pk, delegate.pk))

    def add(self, booking: Booking) -> None:
        self.bookings[(booking.session_id, booking.delegate_id)] = booking
