"""The catalogue: courses, questions and sessions; more places promote the waiting list, and a
cancelled session cancels its bookings and tells the delegates. Today is 1 December 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.training import services
from safeguarding.training.models import Booking, Course
from tests.training.factories import (
    LONDON,
    NOW,
    STARTS,
    make_booking,
    make_delegate,
    make_evaluated,
    make_session,
)

pytestmark = pytest.mark.django_db

ENDS = STARTS + dt.timedelta(hours=7)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


def create(officer, partnership, title="Advanced Child Protection", **fields):
    return services.course_create(
        actor=officer, partnership=partnership, title=title, level="core", **fields
    )


# Courses


def test_a_course_is_created_with_its_themes_and_audited(officer, partnership):
    theme = core_services.theme_create(actor=None, partnership=partnership, name="Neglect")
    course = create(officer, partnership, themes=[theme], scale=10, needs_manager_approval=True)
    assert (course.scale, course.needs_manager_approval, course.created_on) == (
        10,
        True,
        NOW.date(),
    )
    assert list(course.themes.all()) == [theme]
    entry = AuditEntry.objects.get(action="training.course.create")
    assert entry.changes["themes"] == [None, ["Neglect"]]


def test_a_course_title_is_unique_in_any_case(refused, officer, partnership):
    create(officer, partnership)
    message = refused(
        lambda: create(officer, partnership, title="advanced child protection"), "title"
    )
    assert message == "A course called “advanced child protection” is already in the catalogue."


def test_a_course_needs_a_title_a_level_and_a_scale(refused, officer, partnership):
    refused(lambda: create(officer, partnership, title="  "), "title")
    refused(lambda: create(officer, partnership, scale=7), "scale")
    refused(
        lambda: services.course_create(
            actor=officer, partnership=partnership, title="Neglect", level="expert"
        ),
        "level",
    )
    refused(lambda: create(officer, partnership, default_capacity=0), "default_capacity")


def test_a_retired_theme_cannot_be_chosen(refused, officer, partnership):
    theme = core_services.theme_create(actor=None, partnership=partnership, name="Neglect")
    core_services.theme_retire(actor=None, theme=theme, retired_on=dt.date(2026, 6, 1))
    refused(lambda: create(officer, partnership, themes=[theme]), "themes")


def test_updating_changes_only_what_was_given(officer, partnership):
    course = create(officer, partnership, audience="Social workers")
    services.course_update(actor=officer, course=course, title="ACP 2 day", default_capacity=24)
    course = Course.objects.get()
    assert (course.title, course.audience, course.default_capacity) == (
        "ACP 2 day",
        "Social workers",
        24,
    )
    entry = AuditEntry.objects.get(action="training.course.update")
    assert set(entry.changes) == {"title", "default_capacity"}


def test_the_scale_cannot_change_once_someone_has_rated(
    refused, officer, course, session, delegate
):
    services.course_update(actor=officer, course=course, scale=10)  # nobody has rated yet
    make_evaluated(make_booking(session, delegate), pre=[3, 3, 3], completed=False)
    message = refused(
        lambda: services.course_update(actor=officer, course=course, scale=5), "scale"
    )
    assert (
        message == "The scale cannot change: delegates have already rated this course from 1 to 10."
    )


def test_a_course_retires_once(refused, officer, course):
    services.course_retire(actor=officer, course=course, retired_on=dt.date(2026, 11, 30))
    message = refused(
        lambda: services.course_retire(actor=officer, course=course, retired_on=NOW.date()),
        "retired_on",
    )
    assert message == "This course was already retired on 30 November 2026."


# Questions


def test_questions_are_added_last_and_retired_with_a_date(officer, course):
    question = services.question_add(actor=officer, course=course, text=" Do you know the LADO? ")
    assert (question.text, question.position) == ("Do you know the LADO?", 4)
    services.question_update(actor=officer, question=question, text="Who is the LADO?", position=1)
    services.question_retire(actor=officer, question=question, retired_on=NOW.date())
    question.refresh_from_db()
    assert (question.text, question.position, question.retired_on) == (
        "Who is the LADO?",
        1,
        NOW.date(),
    )
    assert course.questions.current().count() == 3


def test_a_question_needs_its_text(refused, officer, course):
    assert refused(
        lambda: services.question_add(actor=officer, course=course, text=" "), "text"
    ) == ("Enter the question")


# Sessions


def test_a_session_takes_the_courses_places_by_default(officer, course):
    session = services.session_create(actor=officer, course=course, starts_at=STARTS, ends_at=ENDS)
    assert session.capacity == course.default_capacity == 20
    assert AuditEntry.objects.filter(action="training.session.create").count() == 1


def test_a_session_must_end_after_it_starts_and_have_places(refused, officer, course):
    refused(
        lambda: services.session_create(
            actor=officer, course=course, starts_at=ENDS, ends_at=STARTS
        ),
        "ends_at",
    )
    refused(
        lambda: services.session_create(
            actor=officer, course=course, starts_at=STARTS, ends_at=ENDS, capacity=0
        ),
        "capacity",
    )


def test_a_retired_course_gets_no_new_sessions(refused, officer, course):
    services.course_retire(actor=officer, course=course, retired_on=NOW.date())
    refused(
        lambda: services.session_create(
            actor=officer, course=course, starts_at=STARTS, ends_at=ENDS
        ),
        "course",
    )


def update(officer, session, capacity):
    return services.session_update(
        actor=officer,
        session=session,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        venue=session.venue,
        online=session.online,
        trainer="Sam Trainer",
        capacity=capacity,
    )


@pytest.fixture
def full(partnership, agency, course):
    """A session with 2 places, both booked, and three delegates waiting."""
    session = make_session(course, capacity=2)
    for n in range(5):
        person = make_delegate(partnership, agency, email=f"d{n}@police.example")
        status = "booked" if n < 2 else "waiting"
        make_booking(session, person, status=status, waiting_since=NOW + dt.timedelta(minutes=n))
    return session


def test_more_places_promote_the_waiting_list_in_order(
    officer, full, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update(officer, full, capacity=4)
    booked = Booking.objects.filter(status="booked").order_by("pk")
    assert [b.delegate.email for b in booked][2:] == ["d2@police.example", "d3@police.example"]
    assert Booking.objects.get(status="waiting").delegate.email == "d4@police.example"
    assert sorted(m.to[0] for m in mail.outbox) == ["d2@police.example", "d3@police.example"]
    assert full.capacity == 4


def test_places_cannot_drop_below_those_taken(refused, officer, full):
    message = refused(lambda: update(officer, full, capacity=1), "capacity")
    assert message == "2 places are already taken: enter 2 or more"


def test_a_cancelled_session_cancels_its_bookings_and_tells_the_delegates(
    officer, full, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=officer, session=full, cancelled_on=NOW.date())
    assert set(Booking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert len(mail.outbox) == 5
    assert (
        mail.outbox[0].subject
        == "Cancelled: Working Together to Safeguard Children, 12 January 2027"
    )
    assert AuditEntry.objects.filter(action="training.booking.cancel").count() == 5
    assert full.cancelled_on == NOW.date()


def test_a_cancelled_session_cannot_be_changed_or_cancelled_again(refused, officer, session):
    services.session_cancel(actor=officer, session=session, cancelled_on=NOW.date())
    refused(lambda: update(officer, session, capacity=30), "session")
    refused(
        lambda: services.session_cancel(actor=officer, session=session, cancelled_on=NOW.date()),
        "cancelled_on",
    )


def test_a_past_session_can_be_recorded(officer, course):
    starts = dt.datetime(2023, 5, 10, 9, 30, tzinfo=LONDON)
    session = services.session_create(
        actor=officer, course=course, starts_at=starts, ends_at=starts + dt.timedelta(hours=3)
    )
    assert session.starts_at == starts
