"""Fixtures for the training tests: a second agency, a course with a session, delegates, and
`refused`, which checks a write was refused on a field with nothing saved."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.training import models
from tests.training.factories import make_booking, make_course, make_delegate, make_session

#: The booking races need PostgreSQL's row locks: collected only when the suite runs on it (CI
#: runs it on SQLite and then on PostgreSQL).
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")
collect_ignore = [] if ON_POSTGRESQL else ["test_concurrency_postgresql.py"]

#: Every training table, so `refused` can tell that nothing at all was written.
TABLES = (
    models.Course,
    models.Question,
    models.Session,
    models.Delegate,
    models.Booking,
    models.Evaluation,
    models.Rating,
    models.WebinarWeek,
    models.CommissionedTraining,
    models.CommissionedAttendance,
    models.Requirement,
)


def _state() -> list[Any]:
    """Row counts, every booking's status and attendance, the audit log and the emails sent."""
    bookings = list(models.Booking.objects.order_by("pk").values_list("status", "attendance"))
    ratings = list(models.Rating.objects.order_by("pk").values_list("pre", "post"))
    counts = [table.objects.count() for table in TABLES]
    return [*counts, bookings, ratings, AuditEntry.objects.count(), len(mail.outbox)]


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[[Callable[[], Any], str], str]:
    """refused(call, field): `call` raises a ValidationError naming `field`, and nothing changed
    (no row, no booking's status, no audit entry, no email); returns the field's message."""

    def _refused(call: Callable[[], Any], field: str) -> str:
        before = _state()
        commit = django_capture_on_commit_callbacks(execute=True)
        with commit, pytest.raises(ValidationError) as error:
            call()
        assert field in error.value.message_dict, error.value.message_dict
        assert _state() == before
        return error.value.message_dict[field][0]

    return _refused


@pytest.fixture
def health(partnership):
    """A second agency serving the partnership (the personas' agency is the police)."""
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Health",
        sector="health",
        designation="statutory_partner",
    )


@pytest.fixture
def course(partnership):
    """A core course with three questions rated 1 to 5, no manager approval."""
    return make_course(partnership)


@pytest.fixture
def session(course):
    """Its session on Tuesday 12 January 2027 (today is 1 December 2026), with 20 places."""
    return make_session(course)


@pytest.fixture
def delegate(partnership, agency):
    return make_delegate(partnership, agency, email="pat@police.example", name="Pat Officer")


@pytest.fixture
def practitioner_delegate(partnership, agency, personas):
    """The practitioner persona as a delegate (linked to their login)."""
    return make_delegate(partnership, agency, user=personas[Role.PRACTITIONER])


@pytest.fixture
def business_unit(personas, client_as):
    return client_as(personas[Role.BUSINESS_UNIT])


@pytest.fixture
def officer(personas):
    """The training officer (a business unit member): the actor of most writes."""
    return personas[Role.BUSINESS_UNIT]


#: The race for the last places (tests/training/test_concurrency*.py).
LAST_PLACES_CAPACITY, LAST_PLACES_BOOKED, LAST_PLACES_RACING = 5, 3, 8


@pytest.fixture
def last_places(partnership, agency):
    """A session a month away with 5 places, 3 already booked: 2 places left, 8 delegates."""
    course = make_course(partnership, title="Child exploitation")
    starts_at = timezone.now() + dt.timedelta(days=30)
    session = make_session(course, starts_at=starts_at, capacity=LAST_PLACES_CAPACITY)
    for n in range(LAST_PLACES_BOOKED):
        make_booking(session, make_delegate(partnership, agency, email=f"early{n}@police.example"))
    racers = [
        make_delegate(partnership, agency, email=f"racer{n}@police.example")
        for n in range(LAST_PLACES_RACING)
    ]
    return session, racers
