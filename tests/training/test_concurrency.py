"""No overbooking: delegates booking the last places at the same moment, each on their own
database connection (threads released together by a barrier), book exactly the capacity and the
rest join the waiting list; cancellations racing new bookings still never overbook.

The session's row is locked (`select_for_update`) while its places are counted. PostgreSQL is the
engine where that lock matters and is the must-show, so the threaded tests run there only; on
every engine the same bookings made one after another give the same result.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from safeguarding.training import services
from safeguarding.training.models import Booking, BookingStatus, Session
from tests.training.factories import make_booking, make_course, make_delegate, make_session

pytestmark = pytest.mark.django_db(transaction=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL"
)

CAPACITY = 5
ALREADY_BOOKED = 3
RACING = 8


def run_together(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run each call on its own thread and connection, all released at once by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except BaseException as error:  # reported by the test's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return results, errors


@pytest.fixture
def last_places(partnership, agency):
    """A session a month away with 5 places, 3 already booked: 2 places left, 8 delegates."""
    course = make_course(partnership, title="Child exploitation")
    session = make_session(course, starts_at=timezone.now() + dt.timedelta(days=30), capacity=5)
    for n in range(ALREADY_BOOKED):
        make_booking(session, make_delegate(partnership, agency, email=f"early{n}@police.example"))
    racers = [
        make_delegate(partnership, agency, email=f"racer{n}@police.example") for n in range(RACING)
    ]
    return session, racers


def book_all_at_once(session: Session, racers: list[Any]) -> list[Booking]:
    calls = [
        lambda delegate=delegate: services.booking_request(
            actor=None, session=session, delegate=delegate
        )
        for delegate in racers
    ]
    results, errors = run_together(calls)
    assert errors == []
    return results


def statuses(session: Session) -> dict[str, int]:
    rows = Booking.objects.filter(session=session)
    return {status: rows.filter(status=status).count() for status in ("booked", "waiting")}


def assert_last_places_taken_exactly(session: Session, results: list[Booking]) -> None:
    got = sorted(booking.status for booking in results)
    places_left = CAPACITY - ALREADY_BOOKED
    assert got == ["booked"] * places_left + ["waiting"] * (RACING - places_left)
    assert statuses(session) == {"booked": CAPACITY, "waiting": RACING - places_left}
    waiting = Booking.objects.filter(session=session, status=BookingStatus.WAITING)
    assert waiting.filter(waiting_since__isnull=True).count() == 0


@on_postgresql
def test_concurrent_bookings_for_the_last_places_book_exactly_the_capacity(last_places):
    session, racers = last_places
    assert_last_places_taken_exactly(session, book_all_at_once(session, racers))


@on_postgresql
def test_concurrent_cancellations_and_bookings_never_overbook(last_places, partnership, agency):
    """Two booked delegates cancel while four more book: every freed place goes to someone
    waiting, and the places held never pass the capacity."""
    session, racers = last_places
    book_all_at_once(session, racers[:4])  # full, two waiting
    leaving = list(Booking.objects.filter(session=session, status="booked")[:2])
    newcomers = [
        make_delegate(partnership, agency, email=f"late{n}@police.example") for n in range(4)
    ]
    calls: list[Callable[[], Any]] = [
        lambda booking=booking: services.booking_cancel(actor=None, booking=booking)
        for booking in leaving
    ]
    calls += [
        lambda delegate=delegate: services.booking_request(
            actor=None, session=session, delegate=delegate
        )
        for delegate in newcomers
    ]
    _, errors = run_together(calls)
    assert errors == []
    assert statuses(session) == {"booked": CAPACITY, "waiting": 2 + 4 - 2}


def test_the_same_bookings_one_after_another_fill_the_places_then_the_waiting_list(last_places):
    """Runs on every engine. SQLite's in-memory test database answers threads that write at once
    with "database table is locked" (shared-cache table locks ignore the busy timeout), so there
    the race is shown one booking after another; the result must be the same."""
    session, racers = last_places
    results = [
        services.booking_request(actor=None, session=session, delegate=delegate)
        for delegate in racers
    ]
    assert_last_places_taken_exactly(session, results)
    waiting = [booking.delegate for booking in results if booking.status == "waiting"]
    assert waiting == racers[CAPACITY - ALREADY_BOOKED :]
