"""Booking: a place or the waiting list, approval, cancellation and its cut-off, promotion with an
email, and the attendance register. Today is Tuesday 1 December 2026; the session is on Tuesday
12 January 2027, so its cancellation cut-off (3 working days before) is Thursday 7 January."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import TimescaleSetting
from safeguarding.training import services
from safeguarding.training.models import Attendance, Booking, BookingStatus
from tests.training.factories import (
    LONDON,
    NOW,
    STARTS,
    make_booking,
    make_course,
    make_delegate,
    make_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


AFTER_START = dt.datetime(2027, 1, 12, 11, 0, tzinfo=LONDON)


def delegates(partnership, agency, count):
    return [
        make_delegate(partnership, agency, email=f"d{n}@police.example", name=f"Delegate {n}")
        for n in range(1, count + 1)
    ]


def request(officer, session, delegate):
    return services.booking_request(actor=officer, session=session, delegate=delegate)


# Booking a place


def test_a_delegate_books_a_free_place_and_it_is_audited(officer, session, delegate):
    booking = request(officer, session, delegate)
    assert (booking.status, booking.requested_at) == ("booked", NOW)
    assert booking.agency == delegate.agency
    entry = AuditEntry.objects.get(action="training.booking.request")
    assert entry.target_id == str(booking.pk)
    assert entry.changes["status"] == [None, "booked"]


def test_past_capacity_delegates_join_the_waiting_list_in_order(
    officer, partnership, agency, course
):
    session = make_session(course, capacity=2)
    first, second, third, fourth = delegates(partnership, agency, 4)
    statuses = []
    for minutes, person in enumerate((first, second, third, fourth)):
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
            statuses.append(request(officer, session, person).status)
    assert statuses == ["booked", "booked", "waiting", "waiting"]
    waiting = Booking.objects.filter(status="waiting").order_by("waiting_since")
    assert [b.delegate for b in waiting] == [third, fourth]
    assert waiting[0].waiting_since == NOW + dt.timedelta(minutes=2)


def test_a_course_needing_approval_holds_the_place_and_emails_the_manager(
    officer, partnership, agency, django_capture_on_commit_callbacks
):
    session = make_session(make_course(partnership, needs_manager_approval=True), capacity=1)
    boss = make_delegate(partnership, agency, email="sam@police.example", manager_email="boss@p.uk")
    late = make_delegate(partnership, agency, email="lou@police.example")
    with django_capture_on_commit_callbacks(execute=True):
        booking = request(officer, session, boss)
    assert booking.status == BookingStatus.PENDING
    assert [m.to for m in mail.outbox] == [["boss@p.uk"]]
    assert "approve" in mail.outbox[0].subject.lower()
    assert "Sam" in mail.outbox[0].body
    assert request(officer, session, late).status == BookingStatus.WAITING  # pending holds it


def test_a_session_that_has_started_cannot_be_booked(refused, officer, course, delegate):
    session = make_session(course, starts_at=NOW - dt.timedelta(hours=1))
    assert refused(lambda: request(officer, session, delegate), "session") == (
        "This session has already started"
    )


def test_a_past_session_cannot_be_booked(refused, officer, course, delegate):
    session = make_session(course, starts_at=dt.datetime(2026, 11, 3, 9, 30, tzinfo=LONDON))
    refused(lambda: request(officer, session, delegate), "session")


def test_a_cancelled_session_cannot_be_booked(refused, officer, session, delegate):
    services.session_cancel(actor=officer, session=session, cancelled_on=NOW.date())
    message = refused(lambda: request(officer, session, delegate), "session")
    assert message == "This session was cancelled on 1 December 2026."


def test_a_retired_course_cannot_be_booked(refused, officer, course, session, delegate):
    services.course_retire(actor=officer, course=course, retired_on=NOW.date())
    message = refused(lambda: request(officer, session, delegate), "session")
    assert "was retired on 1 December 2026" in message


def test_a_delegate_cannot_book_the_same_session_twice(refused, officer, session, delegate):
    request(officer, session, delegate)
    message = refused(lambda: request(officer, session, delegate), "session")
    assert message == "Pat Officer already has a booking on this session."


def test_a_full_session_books_a_second_time_onto_the_waiting_list_only_once(
    refused, officer, partnership, agency, course
):
    session = make_session(course, capacity=1)
    first, second = delegates(partnership, agency, 2)
    request(officer, session, first)
    assert request(officer, session, second).status == BookingStatus.WAITING
    refused(lambda: request(officer, session, second), "session")


def test_a_delegate_who_has_left_cannot_book(refused, officer, partnership, agency, session):
    gone = make_delegate(partnership, agency, left_on=dt.date(2026, 11, 30))
    message = refused(lambda: request(officer, session, gone), "delegate")
    assert "left the staff list on 30 November 2026" in message


def test_a_delegate_of_another_partnership_cannot_book(
    refused, officer, other_partnership, other_agency, session
):
    stranger = make_delegate(other_partnership, other_agency)
    refused(lambda: request(officer, session, stranger), "delegate")


def test_booking_again_after_cancelling_is_allowed(officer, session, delegate):
    services.booking_cancel(actor=officer, booking=request(officer, session, delegate))
    assert request(officer, session, delegate).status == BookingStatus.BOOKED


# Cancelling, the cut-off and the waiting list


@pytest.fixture
def full(officer, partnership, agency, course):
    """A session with one place: booked by the first delegate, the other two waiting."""
    session = make_session(course, capacity=1)
    people = delegates(partnership, agency, 3)
    for minutes, person in enumerate(people):
        with time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False):
            request(officer, session, person)
    return session, Booking.objects.filter(session=session).order_by("requested_at")


def test_a_cancellation_promotes_the_first_waiting_delegate_and_emails_them(
    officer, full, django_capture_on_commit_callbacks
):
    _, (booked, second, third) = full
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=officer, booking=booked)
    booked.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (booked.status, booked.attendance, booked.cancelled_at) == ("cancelled", "", NOW)
    assert (second.status, third.status) == ("booked", "waiting")
    [email] = mail.outbox
    assert email.to == ["d2@police.example"]
    assert email.subject == (
        "A place has come free on Working Together to Safeguard Children, 12 January 2027"
    )
    assert "You are booked" in email.body
    actions = AuditEntry.objects.filter(action__startswith="training.booking.").order_by("seq")
    assert [e.action for e in actions][-2:] == [
        "training.booking.cancel",
        "training.booking.promote",
    ]


def test_the_waiting_list_goes_by_when_delegates_joined_it(officer, full):
    _, (booked, second, third) = full
    Booking.objects.filter(pk=third.pk).update(waiting_since=NOW - dt.timedelta(days=1))
    services.booking_cancel(actor=officer, booking=booked)
    assert Booking.objects.get(pk=third.pk).status == BookingStatus.BOOKED
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.WAITING


def test_leaving_the_waiting_list_promotes_nobody(officer, full):
    _, (_, second, third) = full
    services.booking_cancel(actor=officer, booking=second)
    assert Booking.objects.get(pk=third.pk).status == BookingStatus.WAITING
    assert Booking.objects.get(pk=second.pk).attendance == ""


def test_cancelling_on_the_cut_off_day_is_not_late(officer, session, delegate):
    booking = request(officer, session, delegate)
    with time_machine.travel(dt.datetime(2027, 1, 7, 17, 0, tzinfo=LONDON), tick=False):
        services.booking_cancel(actor=officer, booking=booking)
    assert (booking.status, booking.attendance) == ("cancelled", "")


def test_cancelling_after_the_cut_off_is_a_late_cancellation(officer, session, delegate):
    booking = request(officer, session, delegate)
    with time_machine.travel(dt.datetime(2027, 1, 8, 9, 0, tzinfo=LONDON), tick=False):
        services.booking_cancel(actor=officer, booking=booking)
    booking.refresh_from_db()
    assert (booking.status, booking.attendance) == ("cancelled", "cancelled_late")


def test_the_cut_off_is_the_partnerships_setting(officer, partnership, agency, session):
    TimescaleSetting.objects.create(
        partnership=partnership, code="training_cancellation_cutoff", amount=10, unit="working_days"
    )
    people = delegates(partnership, agency, 2)
    on_time, late = [request(officer, session, person) for person in people]
    # 10 working days before Tuesday 12 January 2027, past New Year's Day and Monday 28 December
    # (the Boxing Day substitute): Thursday 24 December 2026 is the last day to cancel.
    with time_machine.travel(dt.datetime(2026, 12, 24, 16, 0, tzinfo=LONDON), tick=False):
        services.booking_cancel(actor=officer, booking=on_time)
    with time_machine.travel(dt.datetime(2026, 12, 29, 9, 0, tzinfo=LONDON), tick=False):
        services.booking_cancel(actor=officer, booking=late)
    assert (on_time.attendance, late.attendance) == ("", Attendance.CANCELLED_LATE)


def test_a_booking_cannot_be_cancelled_twice_or_once_the_session_started(
    refused, officer, session, delegate
):
    booking = request(officer, session, delegate)
    with time_machine.travel(AFTER_START, tick=False):
        refused(lambda: services.booking_cancel(actor=officer, booking=booking), "booking")
    services.booking_cancel(actor=officer, booking=booking)
    message = refused(lambda: services.booking_cancel(actor=officer, booking=booking), "booking")
    assert message == "This booking is Cancelled."


# Manager approval


@pytest.fixture
def pending(officer, partnership, agency):
    session = make_session(make_course(partnership, needs_manager_approval=True), capacity=1)
    first, second = delegates(partnership, agency, 2)
    return request(officer, session, first), request(officer, session, second)


def test_approving_books_the_place_and_records_who_decided(officer, pending):
    booking, _ = pending
    services.booking_approve(actor=officer, booking=booking)
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == ("booked", officer)
    assert AuditEntry.objects.filter(action="training.booking.approve").count() == 1


def test_declining_frees_the_place_for_the_waiting_list(
    officer, pending, django_capture_on_commit_callbacks
):
    booking, waiting = pending
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(actor=officer, booking=booking)
    waiting.refresh_from_db()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.DECLINED
    assert waiting.status == BookingStatus.PENDING  # the promoted place needs approval too
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == ["d2@police.example", "manager@testshire.example"]


def test_only_a_booking_awaiting_approval_can_be_approved(refused, officer, pending):
    booking, _ = pending
    services.booking_approve(actor=officer, booking=booking)
    message = refused(lambda: services.booking_approve(actor=officer, booking=booking), "booking")
    assert message.startswith("Only a booking awaiting approval can be approved")


# The register


@pytest.fixture
def register(officer, partnership, agency, session):
    people = delegates(partnership, agency, 3)
    return [request(officer, session, person) for person in people]


def test_attendance_is_refused_before_the_session_starts(refused, officer, register):
    message = refused(
        lambda: services.attendance_record(
            actor=officer, booking=register[0], attendance="attended"
        ),
        "session",
    )
    assert message == "This session has not started yet: take the register once it has."


def test_the_register_marks_every_booked_place(officer, session, register):
    marks = {register[0].pk: "attended", register[1].pk: "did_not_attend", register[2].pk: ""}
    with time_machine.travel(AFTER_START, tick=False):
        services.register_take(actor=officer, session=session, marks=marks)
    got = list(Booking.objects.order_by("pk").values_list("attendance", flat=True))
    assert got == ["attended", "did_not_attend", ""]
    assert AuditEntry.objects.filter(action="training.booking.attendance").count() == 2


def test_one_wrong_mark_saves_none_of_the_register(officer, session, register):
    services.booking_cancel(actor=officer, booking=register[2])
    marks = {register[0].pk: "attended", register[1].pk: "here", register[2].pk: "attended"}
    with time_machine.travel(AFTER_START, tick=False), pytest.raises(ValidationError) as error:
        services.register_take(actor=officer, session=session, marks=marks)
    assert error.value.message_dict == {
        f"booking_{register[1].pk}": ["Select whether Delegate 2 attended"],
        f"booking_{register[2].pk}": ["Delegate 3 does not have a booked place (cancelled)."],
    }
    assert list(Booking.objects.values_list("attendance", flat=True)) == ["", "", ""]
    assert not AuditEntry.objects.filter(action="training.booking.attendance").exists()


def test_a_booking_of_another_session_is_not_on_its_register(
    refused, officer, course, session, register
):
    other = make_session(course, starts_at=STARTS - dt.timedelta(days=7))
    with time_machine.travel(AFTER_START, tick=False):
        refused(
            lambda: services.register_take(
                actor=officer, session=other, marks={register[0].pk: "attended"}
            ),
            f"booking_{register[0].pk}",
        )


def test_attendance_only_for_a_booked_place(refused, officer, session, register):
    services.booking_cancel(actor=officer, booking=register[0])
    with time_machine.travel(AFTER_START, tick=False):
        refused(
            lambda: services.attendance_record(
                actor=officer, booking=register[0], attendance="attended"
            ),
            "booking",
        )
        services.attendance_record(actor=officer, booking=register[1], attendance="attended")
    assert Booking.objects.get(pk=register[1].pk).attendance == Attendance.ATTENDED


# A past register


PAST = dt.datetime(2024, 5, 14, 9, 30, tzinfo=LONDON)


def test_a_past_register_row_is_recorded_with_its_attendance(officer, course, delegate, health):
    session = make_session(course, starts_at=PAST, capacity=1)
    booking = services.booking_record(
        actor=officer,
        session=session,
        delegate=delegate,
        attendance="attended",
        requested_at=PAST - dt.timedelta(days=20),
        agency=health,
    )
    assert (booking.status, booking.attendance, booking.agency) == ("booked", "attended", health)
    assert AuditEntry.objects.filter(action="training.booking.record").count() == 1
    assert mail.outbox == []


def test_a_past_register_keeps_the_capacity(refused, officer, partnership, agency, course):
    session = make_session(course, starts_at=PAST, capacity=1)
    first, second = delegates(partnership, agency, 2)
    services.booking_record(actor=officer, session=session, delegate=first)
    message = refused(
        lambda: services.booking_record(actor=officer, session=session, delegate=second),
        "session",
    )
    assert message == "This session is full: all 1 places are taken."
    waiting = services.booking_record(
        actor=officer, session=session, delegate=second, status="waiting"
    )
    assert waiting.waiting_since == waiting.requested_at


def test_a_past_register_marks_attendance_only_on_a_booked_place(
    refused, officer, course, delegate
):
    session = make_session(course, starts_at=PAST)
    message = refused(
        lambda: services.booking_record(
            actor=officer,
            session=session,
            delegate=delegate,
            status="waiting",
            attendance="attended",
        ),
        "attendance",
    )
    assert message == "Attendance can only be recorded for a booked place"
    late = services.booking_record(
        actor=officer,
        session=session,
        delegate=delegate,
        status="cancelled",
        attendance="cancelled_late",
    )
    assert late.cancelled_at is not None


def test_attendance_cannot_be_recorded_for_a_session_to_come(refused, officer, session, delegate):
    refused(
        lambda: services.booking_record(
            actor=officer, session=session, delegate=delegate, attendance="attended"
        ),
        "attendance",
    )


def test_factories_make_bookings_that_the_services_count(
    officer, course, delegate, partnership, agency
):
    session = make_session(course, capacity=1)
    make_booking(session, delegate)
    late = make_delegate(partnership, agency, email="late@police.example")
    assert request(officer, session, late).status == BookingStatus.WAITING
