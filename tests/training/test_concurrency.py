"""No overbooking: delegates booking the last places at the same moment, each on their own
database connection (threads released together by a barrier), book exactly the capacity and the
rest join the waiting list; cancellations racing new bookings still never overbook.

The session's row is locked (`select_for_update`) while its places are counted. PostgreSQL is the
engine where that lock matters and is the must-show, so the threaded races are in
test_concurrency_postgresql.py, collected only on PostgreSQL (tests/training/conftest.py; CI runs
the suite on both engines); here, on every engine, the same bookings made one after another give
the same result, and the helpers both files share.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from safeguarding.training import services
from safeguarding.training.models import Booking, BookingStatus, Session
from tests.training.conftest import LAST_PLACES_BOOKED, LAST_PLACES_CAPACITY, LAST_PLACES_RACING

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY, ALREADY_BOOKED, RACING = LAST_PLACES_CAPACITY, LAST_PLACES_BOOKED, LAST_PLACES_RACING


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
