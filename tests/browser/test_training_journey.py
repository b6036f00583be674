"""A practitioner's training from booking to certificate, and the learning gain it adds to.

A session of "Safer Sleep for Babies" has one place, already taken by another delegate. The
demo practitioner (Tom Hughes, school nurse) finds it in the catalogue, joins the waiting list
as number 1 and rates themselves before the course. The other delegate cancels; Tom is promoted
to the place and emailed. Time passes (the session is moved to yesterday): the training officer
opens the register from their home page and marks Tom attended. Tom completes the after-course
evaluation and downloads his certificate, a PDF with his name and the course. The training
officer then sees the course's learning gain: 2 points up on a 1 to 5 scale is 50%.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Partnership
from safeguarding.core.selectors import current_agencies_serving
from safeguarding.training import services
from safeguarding.training.models import Attendance, Booking, Session
from tests.training.factories import make_booking, make_course, make_delegate, make_session

pytestmark = pytest.mark.browser

COURSE = "Safer Sleep for Babies"
PRACTITIONER = "Tom Hughes"
QUESTIONS = (
    "How confident are you in talking to parents about safer sleep?",
    "How well do you know the partnership's safer sleep guidance?",
    "How confident are you in spotting an unsafe sleep setting on a home visit?",
)


def _heading(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _success(page: Page, message: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("alert")).to_contain_text(message)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    _heading(page, "Sign in")


def _my_row(page: Page) -> Locator:
    return page.locator("#my-bookings").get_by_role("row").filter(has_text=COURSE)


def _rate_every_question(page: Page, rating: int) -> None:
    for question in QUESTIONS:
        group = page.get_by_role("group", name=question)
        group.get_by_label(str(rating), exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    _success(page, "Thank you: your evaluation was saved.")
    _heading(page, "My training")


def _the_session(partnership: Partnership) -> tuple[Session, Booking]:
    """A session a week away with one place, booked by another delegate."""
    course = make_course(partnership, COURSE, questions=QUESTIONS)
    starts = timezone.localtime() + dt.timedelta(days=7)
    starts = starts.replace(hour=9, minute=30, second=0, microsecond=0)
    session = make_session(course, starts, capacity=1, hours=3, trainer="Sam Trainer")
    agency = current_agencies_serving(partnership).first()
    other = make_delegate(partnership, agency, email="jo.other@somerset.example", name="Jo Other")
    return session, make_booking(session, other, requested_at=timezone.now())


# The practitioner: the waiting list, then a place


def _join_the_waiting_list(page: Page) -> None:
    page.get_by_role("link", name="Training", exact=True).click()
    _heading(page, "Training")
    page.get_by_role("link", name=COURSE).click()
    _heading(page, COURSE)
    upcoming = page.locator("#upcoming")
    expect(upcoming).to_contain_text("Full")
    upcoming.get_by_role("link").first.click()
    expect(page.locator("#places")).to_contain_text("Full")
    page.get_by_role("link", name="Join the waiting list").click()
    _heading(page, "Book a place")
    page.get_by_role("button", name="Join the waiting list").click()
    _success(page, "you are on the waiting list, number 1")
    _heading(page, "My training")
    expect(_my_row(page)).to_contain_text("On the waiting list")


def _has_a_place_and_rates_themselves(page: Page) -> None:
    page.reload()
    expect(_my_row(page)).to_contain_text("Booked")
    _my_row(page).get_by_role("link", name=re.compile("^Evaluate before the course")).click()
    _heading(page, "Rate yourself before the course")
    _rate_every_question(page, 2)


def _evaluates_and_downloads_the_certificate(page: Page) -> bytes:
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="My training").click()
    _heading(page, "My training")
    expect(_my_row(page)).to_contain_text("Attended")
    _my_row(page).get_by_role("link", name=re.compile("^Evaluate after the course")).click()
    _heading(page, "Evaluate the course")
    page.get_by_label("What will you do differently after this course?").fill(
        "Ask where the baby sleeps at every visit."
    )
    _rate_every_question(page, 4)
    with page.expect_download() as info:
        _my_row(page).get_by_role("link", name=re.compile("^Download certificate")).click()
    download = info.value
    assert download.suggested_filename == "certificate-safer-sleep-for-babies-tom-hughes.pdf"
    path = download.path()
    assert path is not None
    return path.read_bytes()


# The training officer: the register, then the learning gain


def _marks_the_register(page: Page) -> None:
    page.get_by_role("link", name=re.compile(f"^Take the register: {COURSE}")).click()
    _heading(page, "Register")
    group = page.get_by_role("group", name=f"Attendance of {PRACTITIONER}")
    group.get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save the register").click()
    _success(page, f"The register for {COURSE}")
    row = page.locator("#bookings").get_by_role("row").filter(has_text=PRACTITIONER)
    expect(row).to_contain_text("Attended")


def _sees_the_learning_gain(page: Page, live_server, partnership: Partnership) -> None:
    page.goto(f"{live_server.url}{reverse('training:learning_gain', args=[partnership.slug])}")
    _heading(page, re.compile(r"^Learning gain in 2026-27"))
    page.get_by_label("Course", exact=True).select_option(label=COURSE)
    page.get_by_role("button", name="Show the figures").click()
    expect(page.locator("#headline")).to_contain_text("50.0%")
    expect(page.locator("#headline")).to_contain_text("3 matched pairs")
    expect(
        page.locator("#gain-by-course").get_by_role("row").filter(has_text=COURSE)
    ).to_contain_text("50.0")


def test_a_practitioner_is_promoted_from_the_waiting_list_attends_and_gets_a_certificate(
    demo_logins, signed_in, page, live_server
):
    practitioner, officer = demo_logins[Role.PRACTITIONER], demo_logins[Role.BUSINESS_UNIT]
    partnership = Partnership.objects.get(slug="somerset")
    session, other = _the_session(partnership)

    signed_in(practitioner)
    _join_the_waiting_list(page)
    mail.outbox.clear()
    services.booking_cancel(actor=None, booking=other)  # the other delegate gives up the place
    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    _has_a_place_and_rates_themselves(page)
    _sign_out(page)

    yesterday = session.starts_at - dt.timedelta(days=8)  # time passes: it was yesterday
    Session.objects.filter(pk=session.pk).update(
        starts_at=yesterday, ends_at=yesterday + dt.timedelta(hours=3)
    )
    signed_in(officer)
    _marks_the_register(page)
    _sign_out(page)

    signed_in(practitioner)
    pdf = _evaluates_and_downloads_the_certificate(page)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert PRACTITIONER in text
    assert COURSE in text
    mine = Booking.objects.get(session=session, delegate__email=practitioner.email)
    assert mine.attendance == Attendance.ATTENDED
    _sign_out(page)

    signed_in(officer)
    _sees_the_learning_gain(page, live_server, partnership)
