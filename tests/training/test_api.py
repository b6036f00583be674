"""Training over the API: the catalogue, booking and cancelling your own place, your bookings and
evaluations, learning gain, webinar weeks, commissioned training, requirements and delegates,
under the same policies as the pages (outsiders 404, read-not-write 403) and the same services
and audit entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Theme
from safeguarding.training import services
from safeguarding.training.models import (
    Attendance,
    Booking,
    BookingStatus,
    CourseLevel,
    Delegate,
    Evaluation,
    Rating,
)
from tests.api.helpers import patch_json, post_json
from tests.api.test_access import every_endpoint
from tests.training.factories import (
    LONDON,
    NOW,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

pytestmark = pytest.mark.django_db

COURSES = "/api/courses/"
SESSIONS = "/api/training-sessions/"
BOOKINGS = "/api/bookings/"
DELEGATES = "/api/delegates/"
GAIN = "/api/learning-gain/"
MAY = dt.datetime(2026, 5, 12, 9, 30, tzinfo=LONDON)
TRAINING_ENDPOINTS = {
    ("get", COURSES),
    ("get", "/api/courses/1/"),
    ("get", SESSIONS),
    ("get", "/api/training-sessions/1/"),
    ("post", "/api/training-sessions/1/book/"),
    ("get", BOOKINGS),
    ("get", "/api/bookings/1/"),
    ("post", "/api/bookings/1/cancel/"),
    ("post", "/api/bookings/1/evaluate/"),
    ("get", DELEGATES),
    ("post", DELEGATES),
    ("patch", "/api/delegates/1/"),
    ("get", "/api/webinar-weeks/"),
    ("get", "/api/commissioned-training/"),
    ("get", "/api/training-requirements/"),
    ("get", GAIN),
}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def as_role(personas, client_as) -> Callable:
    return lambda role: client_as(personas[role])


@pytest.fixture
def course(partnership):
    return make_course(partnership, "Advanced Child Protection 2 day")


@pytest.fixture
def session(course):
    return make_session(course, capacity=2)


@pytest.fixture
def health(partnership):
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Health",
        sector="health",
        designation="statutory_partner",
    )


@pytest.fixture
def mine(personas, partnership, agency):
    """The practitioner persona's delegate record."""
    return make_delegate(partnership, agency, user=personas[Role.PRACTITIONER])


@pytest.fixture
def evaluated(partnership, agency, health, course):
    """A past session: two delegates attended and rated the course before and after."""
    may = make_session(course, MAY)
    for n, (agency_, pre, post) in enumerate(
        [(agency, (2, 3, 4), (4, 4, 5)), (health, (1, 5, 3), (3, 5, 5))]
    ):
        delegate = make_delegate(partnership, agency_, email=f"d{n}@testshire.example")
        make_evaluated(make_booking(may, delegate, attendance="attended"), pre=pre, post=post)
    return may


def test_the_sweep_covers_the_training_endpoints():
    endpoints = set(every_endpoint())
    assert endpoints >= TRAINING_ENDPOINTS
    assert ("delete", "/api/bookings/1/") not in endpoints
    assert ("put", "/api/delegates/1/") not in endpoints


# The catalogue and sessions


def test_every_member_reads_the_catalogue_with_its_questions(as_role, course, partnership):
    retired = make_course(partnership, "Old course", retired_on=dt.date(2026, 1, 1))

    response = as_role(Role.LADO).get(COURSES)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["title"], row["scale"], row["partnership"]) == (course.title, 5, "testshire")
    assert [q["position"] for q in row["questions"]] == [1, 2, 3]
    every = as_role(Role.LADO).get(COURSES, {"include_retired": "true"}).json()["results"]
    assert {r["title"] for r in every} == {course.title, retired.title}
    assert as_role(Role.LADO).get(COURSES, {"level": "funded"}).json()["count"] == 0
    assert as_role(Role.LADO).get(COURSES, {"level": "astrology"}).json().keys() == {"level"}


def test_sessions_show_their_places_left_and_waiting_list(as_role, session, partnership, agency):
    make_booking(session, make_delegate(partnership, agency))
    make_booking(session, make_delegate(partnership, agency), status=BookingStatus.WAITING)

    response = as_role(Role.PRACTITIONER).get(SESSIONS, {"upcoming": "true"})

    [row] = response.json()["results"]
    assert (row["capacity"], row["places_left"], row["waiting"]) == (2, 1, 1)
    assert row["course_title"] == "Advanced Child Protection 2 day"


# Booking, cancelling and evaluating your own place


def test_a_practitioner_books_a_place_for_themselves(as_role, personas, session):
    response = post_json(as_role(Role.PRACTITIONER), f"{SESSIONS}{session.pk}/book/", {})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["agency_name"], body["session"]) == (
        "booked",
        "Testshire Police",
        session.pk,
    )
    delegate = Delegate.objects.get()
    assert delegate.user == personas[Role.PRACTITIONER]
    assert AuditEntry.objects.filter(action="training.booking.request").count() == 1


def test_a_full_session_puts_the_delegate_on_the_waiting_list(
    as_role, session, partnership, agency
):
    for _ in range(2):
        make_booking(session, make_delegate(partnership, agency))

    response = post_json(as_role(Role.AGENCY_LEAD), f"{SESSIONS}{session.pk}/book/", {})

    assert response.status_code == 201
    assert response.json()["status"] == "waiting"


def test_booking_a_session_that_has_started_is_a_400_and_saves_nothing(as_role, course):
    started = make_session(course, MAY)

    response = post_json(as_role(Role.PRACTITIONER), f"{SESSIONS}{started.pk}/book/", {})

    assert response.status_code == 400
    assert response.json() == {"session": ["This session has already started"]}
    assert not Delegate.objects.exists()  # the delegate made for the booking is rolled back
    assert not Booking.objects.exists()


def test_a_bad_agency_when_booking_is_a_400_naming_it(as_role, session, other_agency):
    client = as_role(Role.PRACTITIONER)
    url = f"{SESSIONS}{session.pk}/book/"

    assert post_json(client, url, {"agency": other_agency.pk}).json() == {
        "agency": ["Choose an agency serving this partnership, by its id."]
    }
    assert post_json(client, url, {"agency": "police"}).json().keys() == {"agency"}


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.SCRUTINEER, Role.LADO])
def test_roles_that_do_not_book_get_403(role, as_role, session):
    assert post_json(as_role(role), f"{SESSIONS}{session.pk}/book/", {}).status_code == 403


def test_a_practitioner_sees_and_cancels_only_their_own_bookings(
    as_role, session, mine, partnership, health
):
    own = make_booking(session, mine)
    other = make_booking(session, make_delegate(partnership, health))
    client = as_role(Role.PRACTITIONER)

    listed = client.get(BOOKINGS, {"mine": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert client.get(f"{BOOKINGS}{other.pk}/").status_code == 404
    assert post_json(client, f"{BOOKINGS}{other.pk}/cancel/", {}).status_code == 404

    response = post_json(client, f"{BOOKINGS}{own.pk}/cancel/", {})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert AuditEntry.objects.filter(action="training.booking.cancel").count() == 1


def test_the_scrutineer_reads_a_booking_but_may_not_cancel_it(as_role, session, mine):
    booking = make_booking(session, mine)
    client = as_role(Role.SCRUTINEER)

    assert client.get(f"{BOOKINGS}{booking.pk}/").status_code == 200
    assert post_json(client, f"{BOOKINGS}{booking.pk}/cancel/", {}).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def _ratings(course, *values):
    return {
        str(q.pk): v for q, v in zip(course.questions.order_by("position"), values, strict=True)
    }


def test_a_delegate_evaluates_before_the_course_by_question_id(as_role, session, mine, course):
    booking = make_booking(session, mine)

    response = post_json(
        as_role(Role.PRACTITIONER),
        f"{BOOKINGS}{booking.pk}/evaluate/",
        {"stage": "pre", "ratings": _ratings(course, 2, 3, 1), "feedback": "Looking forward."},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"] == "pre"
    assert [(r["pre"], r["post"]) for r in body["ratings"]] == [(2, None), (3, None), (1, None)]
    assert AuditEntry.objects.filter(action="training.evaluation.submit").count() == 1


def test_a_rating_outside_the_scale_is_a_400_naming_the_question(as_role, session, mine, course):
    booking = make_booking(session, mine)
    last = course.questions.order_by("position").last()

    response = post_json(
        as_role(Role.PRACTITIONER),
        f"{BOOKINGS}{booking.pk}/evaluate/",
        {"stage": "pre", "ratings": _ratings(course, 2, 3, 6)},
    )

    assert response.status_code == 400
    assert response.json() == {f"question_{last.pk}": ["Enter a rating from 1 to 5"]}
    assert not Rating.objects.exists()
    assert not Evaluation.objects.exists()


def test_evaluating_a_course_not_attended_is_a_400(as_role, mine, course):
    past = make_session(course, MAY)
    booking = make_booking(past, mine, attendance=Attendance.DID_NOT_ATTEND)

    response = post_json(
        as_role(Role.PRACTITIONER),
        f"{BOOKINGS}{booking.pk}/evaluate/",
        {"stage": "post", "ratings": _ratings(course, 4, 4, 4)},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["booking"]
    assert "did not attend" in response.json()["booking"][0]
    assert not Evaluation.objects.exists()


def test_nobody_evaluates_someone_elses_booking(as_role, session, mine, course):
    booking = make_booking(session, mine)
    body = {"stage": "pre", "ratings": _ratings(course, 2, 3, 1)}

    for role in (Role.BUSINESS_UNIT, Role.AGENCY_LEAD):
        response = post_json(as_role(role), f"{BOOKINGS}{booking.pk}/evaluate/", body)
        assert response.status_code == 403, role
    assert not Evaluation.objects.exists()


def test_a_bad_stage_is_a_400_naming_it(as_role, session, mine):
    booking = make_booking(session, mine)

    response = post_json(as_role(Role.PRACTITIONER), f"{BOOKINGS}{booking.pk}/evaluate/", {})

    assert response.json().keys() == {"stage"}


# Learning gain


def test_the_business_unit_reads_the_learning_gain_by_agency(as_role, evaluated, health):
    response = as_role(Role.BUSINESS_UNIT).get(
        GAIN, {"partnership": "testshire", "year": "2026-27", "by": "agency"}
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    # Police: pre 2,3,4 → post 4,4,5: (4.33 − 3) ÷ 4 = 33.3%; Health: (4.33 − 3) ÷ 4 likewise.
    assert (body["year"], body["total"]["n"], body["total"]["headline"]) == ("2026-27", 6, "33.3")
    assert {tuple(g["key"]): g["gain"]["n"] for g in body["groups"]} == {
        ("Testshire Health",): 3,
        ("Testshire Police",): 3,
    }
    one = as_role(Role.BUSINESS_UNIT).get(
        GAIN, {"partnership": "testshire", "year": "2026-27", "agency": health.pk}
    )
    assert one.json()["total"]["n"] == 3
    assert one.json()["total"]["ceiling"] == 1  # a pre-course 5 on a 1 to 5 scale


def test_bad_learning_gain_filters_are_400s_naming_them(as_role, evaluated, other_partnership):
    other = make_course(other_partnership, "Elsewhere course")
    client = as_role(Role.BUSINESS_UNIT)

    assert client.get(GAIN, {"partnership": "testshire", "year": "2026"}).json().keys() == {"year"}
    assert client.get(GAIN, {"partnership": "testshire", "course": other.pk}).json() == {
        "course": ["Choose a course of this partnership, by its id."]
    }
    assert client.get(GAIN, {"partnership": "testshire", "by": "theme"}).json().keys() == {"by"}


def test_learning_gain_is_403_to_practitioners_and_404_to_outsiders(
    as_role, outsider, client_as, evaluated
):
    query = {"partnership": "testshire", "year": "2026-27"}
    assert as_role(Role.PRACTITIONER).get(GAIN, query).status_code == 403
    assert client_as(outsider).get(GAIN, query).status_code == 404


# Records and delegates


@pytest.fixture
def records(partnership, agency, course):
    commissioned = make_course(partnership, "Motivational Interviewing", CourseLevel.COMMISSIONED)
    services.webinar_week_create(
        actor=None,
        partnership=partnership,
        title="Safeguarding Week",
        starts_on=dt.date(2026, 10, 5),
        attendees=413,
        recording_views=250,
    )
    services.commissioned_create(
        actor=None,
        course=commissioned,
        provider="MI Associates",
        audience="Managers",
        delivered_on=dt.date(2026, 6, 15),
        attendance={agency: 12},
    )
    services.requirement_create(
        actor=None, partnership=partnership, agency=None, job_role="Social worker", course=course
    )


def test_the_records_are_listed_for_their_readers(as_role, records):
    client = as_role(Role.AGENCY_LEAD)

    week = client.get("/api/webinar-weeks/").json()["results"][0]
    commission = client.get("/api/commissioned-training/").json()["results"][0]
    requirement = client.get("/api/training-requirements/").json()["results"][0]

    assert (week["title"], week["attendees"], week["recording_views"]) == (
        "Safeguarding Week",
        413,
        250,
    )
    assert (commission["attendees"], commission["attendance"][0]["agency_name"]) == (
        12,
        "Testshire Police",
    )
    assert (requirement["agency"], requirement["job_role"]) == (None, "Social worker")
    practitioner = as_role(Role.PRACTITIONER)
    assert practitioner.get("/api/commissioned-training/").status_code == 403
    assert practitioner.get("/api/webinar-weeks/").status_code == 200


def test_the_business_unit_adds_and_changes_a_delegate(as_role, partnership, health):
    client = as_role(Role.BUSINESS_UNIT)
    new = {
        "partnership": "testshire",
        "name": "Ann Health",
        "email": "Ann@Health.example",
        "agency": health.pk,
        "job_role": "Health visitor",
    }

    created = post_json(client, DELEGATES, new)

    assert created.status_code == 201, created.json()
    assert (created.json()["email"], created.json()["agency_name"]) == (
        "ann@health.example",
        "Testshire Health",
    )
    url = f"{DELEGATES}{created.json()['id']}/"
    changed = patch_json(client, url, {"left_on": "2026-11-30"})
    assert changed.status_code == 200
    assert changed.json()["left_on"] == "2026-11-30"
    assert changed.json()["job_role"] == "Health visitor"  # what was not given stays
    assert post_json(client, DELEGATES, new).json() == {
        "email": ["A delegate with the email ann@health.example is already recorded."]
    }


def test_an_agency_lead_keeps_only_their_own_agencys_delegates(as_role, partnership, health):
    theirs = make_delegate(partnership, health, email="someone@health.example")
    client = as_role(Role.AGENCY_LEAD)
    new = {"partnership": "testshire", "name": "Bob", "email": "bob@health.example"}

    refused = post_json(client, DELEGATES, {**new, "agency": health.pk})

    assert refused.json() == {"agency": ["Choose your own agency: you keep only its delegates."]}
    assert not Delegate.objects.filter(email="bob@health.example").exists()
    assert patch_json(client, f"{DELEGATES}{theirs.pk}/", {"name": "X"}).status_code == 404
    assert client.get(DELEGATES).json()["count"] == 0


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SCRUTINEER])
def test_roles_that_do_not_keep_delegates_get_403_adding_one(role, as_role, agency):
    new = {"partnership": "testshire", "name": "Bob", "email": "b@x.example", "agency": agency.pk}
    assert post_json(as_role(role), DELEGATES, new).status_code == 403
    assert not Delegate.objects.exists()


def test_members_of_another_partnership_get_404(outsider, client_as, session, mine):
    booking = make_booking(session, mine)
    client = client_as(outsider)

    assert client.get(COURSES, {"partnership": "testshire"}).status_code == 404
    assert client.get(f"{SESSIONS}{session.pk}/").status_code == 404
    assert post_json(client, f"{SESSIONS}{session.pk}/book/", {}).status_code == 404
    assert client.get(f"{BOOKINGS}{booking.pk}/").status_code == 404
    assert post_json(client, f"{BOOKINGS}{booking.pk}/cancel/", {}).status_code == 404
    assert patch_json(client, f"{DELEGATES}{mine.pk}/", {"name": "X"}).status_code == 404
    assert client.get(BOOKINGS).json()["count"] == 0


# Query counts: the same for 3 rows as for 30


def _queries(client, url: str, count: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"partnership": "testshire"})
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == count
    return len(captured.captured_queries)


def test_each_list_runs_the_same_queries_for_3_and_30_rows(as_role, partnership, agency, course):
    client = as_role(Role.BUSINESS_UNIT)
    theme = Theme.objects.filter(partnership=partnership).first()
    assert theme is not None

    def grow(count: int) -> dict[str, int]:
        while Delegate.objects.count() < count:
            n = Delegate.objects.count()
            other = make_course(partnership, f"Course {n}")
            session = make_session(other, MAY + dt.timedelta(days=n))
            delegate = make_delegate(partnership, agency)
            make_evaluated(
                make_booking(session, delegate, attendance="attended"),
                pre=(1, 2, 3),
                post=(3, 3, 3),
            )
            services.webinar_week_create(
                actor=None,
                partnership=partnership,
                title=f"Week {n}",
                starts_on=dt.date(2026, 4, 6) + dt.timedelta(weeks=n),
                themes=[theme],
            )
            services.commissioned_create(
                actor=None,
                course=other,
                provider="Provider",
                audience="Managers",
                delivered_on=dt.date(2026, 6, 1),
                attendance={agency: 5},
            )
            services.requirement_create(
                actor=None, partnership=partnership, agency=agency, job_role="Nurse", course=other
            )
        return {
            url: _queries(client, url, count + offset)
            for url, offset in [
                (COURSES, 1),
                (SESSIONS, 0),
                (BOOKINGS, 0),
                (DELEGATES, 0),
                ("/api/webinar-weeks/", 0),
                ("/api/commissioned-training/", 0),
                ("/api/training-requirements/", 0),
            ]
        }

    assert grow(3) == grow(30)
