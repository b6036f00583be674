"""The booking pages as their users work them: the training officer keeps the catalogue and
sessions and takes the register; a practitioner books, waits, cancels and downloads their
certificate; an agency lead approves their staff's places. Today is Tuesday 1 December 2026; the
default session is on Tuesday 12 January 2027, 09:30 to 16:30."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.training.models import (
    Booking,
    BookingStatus,
    Course,
    CourseLevel,
    Session,
)
from tests.core.pages import error_summary, field_errors, table_rows
from tests.training.conftest import _state
from tests.training.factories import (
    LONDON,
    NOW,
    STARTS,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2026, 11, 10, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


def url(name, partnership, *args):
    return reverse(f"training:{name}", args=[partnership.slug, *args])


def text(response) -> str:
    page = response.content.decode()
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def summary(response) -> dict[str, str]:
    """The error summary's linked entries: field anchor → message."""
    return {anchor: html.unescape(message) for anchor, message in error_summary(response)}


def problems(response) -> list[str]:
    """Every entry of the error summary, linked to a field or not."""
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    assert found, "The page has no error summary."
    items = re.findall(r"<li>(.*?)</li>", found.group(0), re.S)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", item).split())) for item in items]


def message(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def date(field, day: dt.date) -> dict[str, str]:
    return {
        f"{field}_day": str(day.day),
        f"{field}_month": str(day.month),
        f"{field}_year": str(day.year),
    }


@pytest.fixture
def practitioner(personas, client_as):
    """The test client, signed in as the practitioner (fixtures share one client: use one)."""
    return client_as(personas[Role.PRACTITIONER])


@pytest.fixture
def agency_lead(personas, client_as):
    return client_as(personas[Role.AGENCY_LEAD])


def others(partnership, agency, count, start=1):
    return [
        make_delegate(partnership, agency, email=f"d{n}@police.example", name=f"Delegate {n:02}")
        for n in range(start, start + count)
    ]


# The catalogue


def test_the_catalogue_lists_courses_by_level_with_places_left(
    practitioner, partnership, agency, course, session
):
    funded = make_course(partnership, "Motivational Interviewing", level=CourseLevel.FUNDED)
    full = make_session(funded, capacity=2)
    for delegate in others(partnership, agency, 2):
        make_booking(full, delegate)
    make_booking(session, others(partnership, agency, 1, start=3)[0])
    make_session(course, PAST)  # past: not offered
    page = practitioner.get(url("course_list", partnership))
    assert table_rows(page, "courses-core") == [
        "Working Together to Safeguard Children "
        "Tue 12 Jan 2027, 09:30 , Council Offices, Testshire: 19 places left"
    ]
    assert table_rows(page, "courses-funded") == [
        "Motivational Interviewing Tue 12 Jan 2027, 09:30 , Council Offices, Testshire: Full"
    ]
    assert text(page).index("Core") < text(page).index("Funded")


def test_the_catalogue_filters_by_level_and_theme(practitioner, partnership, course):
    theme = partnership.themes.first()
    themed = make_course(partnership, "Neglect Toolkit", level=CourseLevel.FUNDED)
    themed.themes.add(theme)
    by_level = practitioner.get(url("course_list", partnership) + "?level=funded")
    assert "Neglect Toolkit" in text(by_level)
    assert course.title not in text(by_level)
    by_theme = practitioner.get(url("course_list", partnership) + f"?theme={theme.pk}")
    assert "Neglect Toolkit" in text(by_theme)
    assert course.title not in text(by_theme)
    assert practitioner.get(url("course_list", partnership) + "?level=nonsense").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_catalogue_makes_the_same_queries_for_3_or_30_courses(
    practitioner, partnership, agency, count, django_assert_num_queries
):
    delegate = others(partnership, agency, 1)[0]
    for n in range(count):
        course = make_course(partnership, f"Course {n:02}", questions=0)
        course.themes.add(partnership.themes.first())
        make_booking(make_session(course), delegate)
    with django_assert_num_queries(13):
        page = practitioner.get(url("course_list", partnership))
    assert len(table_rows(page, "courses-core")) == count


# Courses, questions and sessions


COURSE = {"title": "Child Exploitation", "level": "core", "default_capacity": "16", "scale": "5"}


def test_the_training_officer_adds_a_course(business_unit, partnership):
    theme = partnership.themes.first()
    data = {**COURSE, "themes": [theme.pk], "needs_manager_approval": "on", "duration_hours": "6.5"}
    response = business_unit.post(url("course_add", partnership), data, follow=True)
    course = Course.objects.get()
    assert (course.title, course.default_capacity, course.needs_manager_approval) == (
        "Child Exploitation",
        16,
        True,
    )
    assert list(course.themes.all()) == [theme]
    assert message(response) == "The course “Child Exploitation” was added."
    assert "6.5 hours" in text(response)


def test_an_empty_course_names_each_missing_answer_and_saves_nothing(business_unit, partnership):
    response = business_unit.post(url("course_add", partnership), {})
    assert summary(response) == {
        "#id_title": "Enter title",
        "#id_level_0": "Select level",
        "#id_default_capacity": "Enter places on a new session",
        "#id_scale_0": "Select self-rating scale",
    }
    assert not Course.objects.exists()


def test_a_second_course_with_the_same_title_is_refused_on_the_title(
    business_unit, partnership, course
):
    response = business_unit.post(
        url("course_add", partnership), {**COURSE, "title": course.title.upper()}
    )
    assert field_errors(response, "id_title")
    assert Course.objects.count() == 1


def test_questions_are_added_and_changed(business_unit, partnership, course):
    business_unit.post(url("question_add", partnership, course.pk), {"text": "How sure are you?"})
    question = course.questions.get(text="How sure are you?")
    assert question.position == 4
    business_unit.post(
        url("question_edit", partnership, question.pk),
        {"text": "How sure are you now?", "position": "1"},
    )
    page = business_unit.get(url("course_detail", partnership, course.pk))
    assert "How sure are you now?" in text(page)


SESSION = {
    **date("date", dt.date(2027, 2, 3)),
    "start_time": "09:30",
    "end_time": "13:00",
    "venue": "Taunton Library",
    "trainer": "Sam Trainer",
    "capacity": "12",
}


def test_a_session_is_added_with_its_date_and_times(business_unit, partnership, course):
    response = business_unit.post(url("session_add", partnership, course.pk), SESSION, follow=True)
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2027, 2, 3, 9, 30, tzinfo=LONDON)
    assert session.ends_at == dt.datetime(2027, 2, 3, 13, 0, tzinfo=LONDON)
    assert (session.capacity, session.trainer) == (12, "Sam Trainer")
    assert message(response) == "The session on 3 February 2027 was added."
    assert "12 places left" in text(response)


def test_bad_times_are_named_and_nothing_is_saved(business_unit, partnership, course):
    data = {**SESSION, "start_time": "9am", "end_time": "25:00", "venue": ""}
    response = business_unit.post(url("session_add", partnership, course.pk), data)
    assert summary(response) == {
        "#id_start_time": "Start time must be a 24-hour time, like 09:30",
        "#id_end_time": (
            "End time must be a 24-hour time, like 09:30 (hours 0 to 23, minutes 0 to 59)"
        ),
        "#id_venue": "Enter venue, or say the session is online",
    }
    backwards = business_unit.post(
        url("session_add", partnership, course.pk), {**SESSION, "end_time": "08:00"}
    )
    assert field_errors(backwards, "id_end_time") == ["End time must be after the start time"]
    assert not Session.objects.exists()


def test_the_catalogue_pages_are_404_to_another_partnership_and_403_to_practitioners(
    client_as, outsider, personas, partnership, course, session
):
    outside = client_as(outsider)
    assert outside.get(url("course_detail", partnership, course.pk)).status_code == 404
    assert outside.get(url("session_detail", partnership, session.pk)).status_code == 404
    assert outside.post(url("session_book", partnership, session.pk)).status_code == 404
    client = client_as(personas[Role.PRACTITIONER])
    assert client.get(url("course_add", partnership)).status_code == 403
    assert client.post(url("session_edit", partnership, session.pk), SESSION).status_code == 403
    assert client.get(url("register", partnership, session.pk)).status_code == 403
    assert session.starts_at == STARTS  # unchanged


# A session's page


def test_the_training_officer_sees_the_places_and_the_waiting_list_in_order(
    business_unit, partnership, agency, course
):
    session = make_session(course, capacity=2)
    first, second, third, fourth = others(partnership, agency, 4)
    make_booking(session, first)
    make_booking(session, second, status=BookingStatus.PENDING)
    make_booking(session, third, status=BookingStatus.WAITING, waiting_since=NOW)
    make_booking(
        session, fourth, status=BookingStatus.WAITING, waiting_since=NOW - dt.timedelta(hours=2)
    )
    page = business_unit.get(url("session_detail", partnership, session.pk))
    assert [row.split(" Testshire")[0] for row in table_rows(page, "bookings")] == [
        "Delegate 01",
        "Delegate 02",
    ]
    assert "Awaiting manager approval" in table_rows(page, "bookings")[1]
    assert [row[:14] for row in table_rows(page, "waiting-list")] == [
        "1 Delegate 04 ",
        "2 Delegate 03 ",
    ]
    assert "Full" in text(page)


def test_a_practitioner_sees_the_session_but_not_who_booked_it(
    practitioner, partnership, agency, session
):
    make_booking(session, others(partnership, agency, 1)[0])
    page = practitioner.get(url("session_detail", partnership, session.pk))
    assert "19 places left" in text(page)
    assert "Delegate 01" not in text(page)
    assert "Book a place" in text(page)


@pytest.mark.parametrize("count", [3, 30])
def test_a_session_with_3_or_30_bookings_makes_the_same_queries(
    business_unit, partnership, agency, course, count, django_assert_num_queries
):
    session = make_session(course, capacity=count)
    delegates = others(partnership, agency, count + 2)
    for delegate in delegates[:count]:
        make_booking(session, delegate)
    for delegate in delegates[count:]:
        make_booking(session, delegate, status=BookingStatus.WAITING)
    with django_assert_num_queries(12):
        page = business_unit.get(url("session_detail", partnership, session.pk))
    assert len(table_rows(page, "bookings")) == count
    assert len(table_rows(page, "waiting-list")) == 2


# Booking


def test_a_practitioner_books_a_place(practitioner, partnership, session):
    response = practitioner.post(url("session_book", partnership, session.pk), follow=True)
    booking = Booking.objects.get()
    assert (booking.status, booking.delegate.name) == ("booked", "Practitioner Person")
    assert message(response) == (
        "You are booked on Working Together to Safeguard Children on Tuesday 12 January 2027."
    )
    assert "Cancel" in table_rows(response, "my-bookings")[0]


def test_a_full_session_puts_the_practitioner_on_the_waiting_list_with_their_position(
    practitioner, partnership, agency, course
):
    session = make_session(course, capacity=1)
    taken, waiting = others(partnership, agency, 2)
    make_booking(session, taken)
    make_booking(session, waiting, status=BookingStatus.WAITING)
    response = practitioner.post(url("session_book", partnership, session.pk), follow=True)
    assert "you are on the waiting list, number 2" in message(response)
    assert Booking.objects.filter(status="waiting").count() == 2


def test_a_course_needing_approval_holds_the_place_for_the_manager(
    practitioner, partnership, course, session
):
    course.needs_manager_approval = True
    course.save()
    response = practitioner.post(url("session_book", partnership, session.pk), follow=True)
    assert "awaiting your manager's approval" in message(response)
    assert Booking.objects.get().status == "pending"


def test_booking_a_session_that_has_started_is_refused_and_nothing_is_saved(
    practitioner, partnership, course, practitioner_delegate
):
    session = make_session(course, PAST)
    before = _state()
    response = practitioner.post(url("session_book", partnership, session.pk))
    assert response.status_code == 200
    assert problems(response) == ["This session has already started"]
    assert _state() == before


def test_a_business_unit_member_says_which_agency_they_book_for(
    business_unit, partnership, agency, session
):
    response = business_unit.post(url("session_book", partnership, session.pk), {})
    assert summary(response) == {"#id_agency": "Select your agency"}
    assert not Booking.objects.exists()
    business_unit.post(url("session_book", partnership, session.pk), {"agency": agency.pk})
    assert Booking.objects.get().agency == agency


# My training


def test_my_training_says_what_to_do_next(practitioner, partnership, course, practitioner_delegate):
    upcoming = make_booking(make_session(course), practitioner_delegate)
    attended = make_booking(
        make_session(course, PAST), practitioner_delegate, attendance="attended"
    )
    done = make_booking(
        make_session(course, dt.datetime(2026, 6, 2, 9, 30, tzinfo=LONDON)),
        practitioner_delegate,
        attendance="attended",
    )
    make_evaluated(done, pre=[2, 2, 2], post=[4, 4, 4])
    page = practitioner.get(url("booking_list", partnership))
    rows = table_rows(page, "my-bookings")
    assert rows[0].endswith(
        "Booked Cancel : Working Together to Safeguard Children "
        "Evaluate before the course : Working Together to Safeguard Children"
    )
    assert "Attended Evaluate after the course" in rows[1]
    assert "Follow-up survey" in rows[2]
    assert "Download certificate" in rows[2]
    links = page.content.decode()
    assert reverse("training:evaluate", args=[partnership.slug, upcoming.pk, "pre"]) in links
    assert reverse("training:evaluate", args=[partnership.slug, attended.pk, "post"]) in links
    assert reverse("training:certificate", args=[partnership.slug, done.pk]) in links
    assert "Every booking" not in text(page)


def test_an_agency_lead_sees_their_agencys_bookings_awaiting_approval(
    agency_lead, partnership, agency, health, course, session
):
    course.needs_manager_approval = True
    course.save()
    ours = others(partnership, agency, 1)[0]
    theirs = make_delegate(partnership, health, email="h@health.example", name="Health Person")
    make_booking(session, ours, status=BookingStatus.PENDING)
    other = make_booking(session, theirs, status=BookingStatus.PENDING)
    page = agency_lead.get(url("booking_list", partnership))
    assert [row.split(" Working")[0] for row in table_rows(page, "approvals")] == ["Delegate 01"]
    assert agency_lead.get(url("booking_approve", partnership, other.pk)).status_code == 404


def test_the_agency_lead_approves_a_place(agency_lead, partnership, agency, course, session):
    booking = make_booking(session, others(partnership, agency, 1)[0], status=BookingStatus.PENDING)
    response = agency_lead.post(url("booking_approve", partnership, booking.pk), follow=True)
    booking.refresh_from_db()
    assert booking.status == "booked"
    assert (
        message(response)
        == "Delegate 01's place on Working Together to Safeguard Children was approved."
    )


def test_approving_a_booking_already_decided_is_refused_on_the_page(
    agency_lead, partnership, agency, session
):
    booking = make_booking(session, others(partnership, agency, 1)[0])
    response = agency_lead.post(url("booking_approve", partnership, booking.pk))
    assert problems(response) == [
        "Only a booking awaiting approval can be approved; this one is booked."
    ]


def test_declining_gives_the_place_to_the_first_waiting(agency_lead, partnership, agency, course):
    session = make_session(course, capacity=1)
    pending, waiting = others(partnership, agency, 2)
    booking = make_booking(session, pending, status=BookingStatus.PENDING)
    next_in_line = make_booking(session, waiting, status=BookingStatus.WAITING)
    agency_lead.post(url("booking_decline", partnership, booking.pk))
    assert Booking.objects.get(pk=booking.pk).status == "declined"
    assert Booking.objects.get(pk=next_in_line.pk).status == "booked"


@pytest.mark.parametrize("count", [3, 30])
def test_every_booking_makes_the_same_queries_for_3_or_30(
    business_unit, partnership, agency, course, count, django_assert_num_queries
):
    session = make_session(course, capacity=count)
    for delegate in others(partnership, agency, count):
        make_booking(session, delegate)
    with django_assert_num_queries(15):
        page = business_unit.get(url("booking_list", partnership))
    assert len(table_rows(page, "all-bookings")) == count


def test_the_business_unit_filters_every_booking_by_status(
    business_unit, partnership, agency, session
):
    booked, waiting = others(partnership, agency, 2)
    make_booking(session, booked)
    make_booking(session, waiting, status=BookingStatus.WAITING)
    page = business_unit.get(url("booking_list", partnership) + "?status=waiting")
    rows = table_rows(page, "all-bookings")
    assert len(rows) == 1
    assert rows[0].startswith("Delegate 02")


# Cancelling


def test_cancelling_frees_the_place_for_the_first_waiting_who_is_emailed(
    practitioner,
    partnership,
    agency,
    course,
    practitioner_delegate,
    django_capture_on_commit_callbacks,
):
    session = make_session(course, capacity=1)
    mine = make_booking(session, practitioner_delegate)
    waiting = make_booking(session, others(partnership, agency, 1)[0], status=BookingStatus.WAITING)
    page = practitioner.get(url("booking_cancel", partnership, mine.pk))
    assert "until Thursday 7 January 2027" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = practitioner.post(url("booking_cancel", partnership, mine.pk), follow=True)
    assert message(response) == (
        "The place on Working Together to Safeguard Children on Tuesday 12 January 2027 "
        "was cancelled."
    )
    assert Booking.objects.get(pk=mine.pk).status == "cancelled"
    assert Booking.objects.get(pk=waiting.pk).status == "booked"
    assert [m.to for m in mail.outbox] == [["d1@police.example"]]


def test_a_late_cancellation_is_warned_of_and_recorded(
    client_as, personas, partnership, course, practitioner_delegate, time_machine
):
    mine = make_booking(make_session(course), practitioner_delegate)
    time_machine.move_to(dt.datetime(2027, 1, 8, 10, 0, tzinfo=LONDON), tick=False)
    practitioner = client_as(personas[Role.PRACTITIONER])
    page = practitioner.get(url("booking_cancel", partnership, mine.pk))
    assert "this will be recorded as a late cancellation" in text(page)
    practitioner.post(url("booking_cancel", partnership, mine.pk))
    assert Booking.objects.get(pk=mine.pk).attendance == "cancelled_late"


def test_a_practitioner_cannot_reach_someone_elses_booking(
    practitioner, partnership, agency, session
):
    booking = make_booking(session, others(partnership, agency, 1)[0])
    assert practitioner.get(url("booking_cancel", partnership, booking.pk)).status_code == 404
    assert practitioner.post(url("booking_cancel", partnership, booking.pk)).status_code == 404
    assert Booking.objects.get().status == "booked"


# The register


@pytest.fixture
def held(partnership, agency, course):
    """A session held on 10 November 2026 with three delegates booked."""
    session = make_session(course, PAST)
    bookings = [make_booking(session, d) for d in others(partnership, agency, 3)]
    return session, bookings


def test_the_register_marks_each_delegate(business_unit, partnership, held):
    session, (first, second, third) = held
    data = {
        f"booking_{first.pk}": "attended",
        f"booking_{second.pk}": "did_not_attend",
        f"booking_{third.pk}": "cancelled_late",
    }
    response = business_unit.post(url("register", partnership, session.pk), data, follow=True)
    assert [b.attendance for b in Booking.objects.order_by("delegate__name")] == [
        "attended",
        "did_not_attend",
        "cancelled_late",
    ]
    assert message(response).startswith("The register for Working Together")
    assert AuditEntry.objects.filter(action="training.booking.attendance").count() == 3


def test_a_register_with_rows_missing_names_each_and_saves_nothing(
    business_unit, partnership, held
):
    session, (first, second, third) = held
    page = business_unit.get(url("register", partnership, session.pk))
    assert text(page).count("Attended Did not attend Cancelled late") == 3
    before = _state()
    response = business_unit.post(
        url("register", partnership, session.pk), {f"booking_{second.pk}": "attended"}
    )
    assert summary(response) == {
        f"#id_booking_{first.pk}_0": "Select attendance of Delegate 01",
        f"#id_booking_{third.pk}_0": "Select attendance of Delegate 03",
    }
    assert _state() == before
    assert not Booking.objects.exclude(attendance="").exists()


def test_a_register_before_the_session_starts_is_refused(
    business_unit, partnership, agency, session
):
    booking = make_booking(session, others(partnership, agency, 1)[0])
    response = business_unit.post(
        url("register", partnership, session.pk), {f"booking_{booking.pk}": "attended"}
    )
    assert problems(response) == [
        "This session has not started yet: take the register once it has."
    ]
    assert Booking.objects.get().attendance == ""


# Certificates


def test_a_certificate_before_the_evaluation_is_refused_with_a_reason(
    practitioner, partnership, course, practitioner_delegate
):
    booking = make_booking(make_session(course, PAST), practitioner_delegate, attendance="attended")
    response = practitioner.get(url("certificate", partnership, booking.pk))
    assert response.status_code == 200
    assert "Complete the evaluation to get your certificate" in text(response)
    assert not AuditEntry.objects.filter(action="training.certificate.issue").exists()


def test_the_certificate_is_a_pdf_with_the_delegates_name_and_course(
    practitioner, partnership, course, practitioner_delegate
):
    booking = make_booking(make_session(course, PAST), practitioner_delegate, attendance="attended")
    make_evaluated(booking, pre=[2, 3, 2], post=[4, 4, 5])
    response = practitioner.get(url("certificate", partnership, booking.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        "certificate-working-together-to-safeguard-children-practitioner-person.pdf"
        in response["Content-Disposition"]
    )
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Practitioner Person" in pdf_text
    assert "Working Together to Safeguard Children" in pdf_text
    assert "10 November 2026" in pdf_text
    assert AuditEntry.objects.filter(action="training.certificate.issue").count() == 1


# Home page items


def test_the_agency_lead_and_training_officer_see_what_is_due_on_their_home_page(
    client_as, personas, partnership, agency, course, session, held
):
    make_booking(
        session, make_delegate(partnership, agency, name="Pending Person"), status="pending"
    )
    lead = client_as(personas[Role.AGENCY_LEAD]).get(reverse("core:home", args=[partnership.slug]))
    assert "Approve or decline Pending Person on Working Together to Safeguard Children" in text(
        lead
    )
    officer = client_as(personas[Role.BUSINESS_UNIT]).get(
        reverse("core:home", args=[partnership.slug])
    )
    assert "Take the register: Working Together to Safeguard Children on 10 November 2026" in text(
        officer
    )


# The catalogue's menu of training pages


def _menu(response) -> list[str]:
    menu = response.content.decode().split('id="training-menu"')[1].split("</ul>")[0]
    return [html.unescape(label) for label in re.findall(r'class="govuk-link"[^>]*>([^<]+)<', menu)]


def test_the_catalogue_menu_offers_each_role_only_the_training_pages_it_may_open(
    partnership, personas, client_as
):
    practitioner = client_as(personas[Role.PRACTITIONER]).get(url("course_list", partnership))
    lead = client_as(personas[Role.AGENCY_LEAD]).get(url("course_list", partnership))
    officer = client_as(personas[Role.BUSINESS_UNIT]).get(url("course_list", partnership))

    assert _menu(practitioner) == ["My training", "Webinar weeks"]
    assert _menu(lead) == [
        "My training",
        "Compliance",
        "Staff lists",
        "Webinar weeks",
        "Commissioned training",
        "Requirements",
    ]
    assert _menu(officer) == [
        "My training",
        "Learning gain",
        "Compliance",
        "Staff lists",
        "Quotes for the report",
        "Webinar weeks",
        "Commissioned training",
        "Requirements",
    ]
