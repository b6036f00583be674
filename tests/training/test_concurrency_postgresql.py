"""The races themselves, on PostgreSQL (collected only there: tests/training/conftest.py):
delegates booking the last places at the same moment, each on their own connection, book exactly
the capacity and the rest wait; cancellations racing new bookings never overbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safeguarding.training import services
from safeguarding.training.models import Booking
from tests.training.factories import make_delegate
from tests.training.test_concurrency import (
    CAPACITY,
    assert_last_places_taken_exactly,
    book_all_at_once,
    run_together,
    statuses,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_bookings_for_the_last_places_book_exactly_the_capacity(last_places):
    session, racers = last_places
    assert_last_places_taken_exactly(session, book_all_at_once(session, racers))


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
