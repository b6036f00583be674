"""Webinar weeks, commissioned training with attendees by agency, and training requirements."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.training import services
from safeguarding.training.models import CommissionedAttendance, Requirement, WebinarWeek
from tests.training.factories import NOW, make_course

pytestmark = pytest.mark.django_db

WEEK = dt.date(2024, 3, 4)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


def week(officer, partnership, title="Neglect week", **fields):
    return services.webinar_week_create(
        actor=officer, partnership=partnership, title=title, starts_on=WEEK, **fields
    )


def test_a_webinar_week_counts_attendees_and_recording_views(officer, partnership):
    theme = core_services.theme_create(actor=None, partnership=partnership, name="Neglect")
    created = week(
        officer, partnership, webinars=5, attendees=100, recording_views=313, themes=[theme]
    )
    assert (created.reached, list(created.themes.all())) == (413, [theme])
    services.webinar_week_update(actor=officer, week=created, attendees=120)
    assert WebinarWeek.objects.get().attendees == 120
    entry = AuditEntry.objects.get(action="training.webinar_week.update")
    assert entry.changes == {"attendees": [100, 120]}


def test_a_webinar_week_is_recorded_once_and_counts_are_not_negative(refused, officer, partnership):
    week(officer, partnership)
    message = refused(lambda: week(officer, partnership, title="NEGLECT WEEK"), "title")
    assert message == "“NEGLECT WEEK” starting on 4 March 2024 is already recorded."
    refused(lambda: week(officer, partnership, title="Other", attendees=-1), "attendees")
    refused(lambda: week(officer, partnership, title="Other", webinars=0), "webinars")


@pytest.fixture
def commissioned_course(partnership):
    return make_course(
        partnership, title="Serious Youth Violence", level="commissioned", questions=0
    )


def commission(officer, course, attendance, **fields):
    values = {"provider": "Safer Streets Ltd", "audience": "Managers"} | fields
    return services.commissioned_create(
        actor=officer,
        course=course,
        delivered_on=dt.date(2024, 2, 1),
        attendance=attendance,
        **values,
    )


def test_commissioned_training_records_attendees_by_agency(
    officer, commissioned_course, agency, health
):
    made = commission(officer, commissioned_course, {agency: 25, health: 17})
    rows = CommissionedAttendance.objects.filter(commissioned=made).order_by("agency__name")
    assert [(row.agency, row.attendees) for row in rows] == [(health, 17), (agency, 25)]
    services.commissioned_update(
        actor=officer,
        commissioned=made,
        provider="Safer Streets Ltd",
        audience="Managers",
        delivered_on=dt.date(2024, 2, 1),
        attendance={agency: 26},
    )
    assert list(CommissionedAttendance.objects.values_list("attendees", flat=True)) == [26]
    entry = AuditEntry.objects.get(action="training.commissioned.update")
    assert entry.changes["attendance"] == [
        {"Testshire Health": 17, "Testshire Police": 25},
        {"Testshire Police": 26},
    ]


def test_commissioned_training_needs_attendees_from_agencies_serving_the_partnership(
    refused, officer, commissioned_course, agency, other_agency
):
    refused(lambda: commission(officer, commissioned_course, {}), "attendance")
    refused(lambda: commission(officer, commissioned_course, {agency: 0}), "attendance")
    refused(lambda: commission(officer, commissioned_course, {other_agency: 3}), "attendance")
    refused(lambda: commission(officer, commissioned_course, {agency: 3}, audience=""), "audience")


def requirement(officer, partnership, course, agency=None, **fields):
    return services.requirement_create(
        actor=officer,
        partnership=partnership,
        agency=agency,
        job_role="Social worker",
        course=course,
        **fields,
    )


def test_a_role_must_renew_a_course(refused, officer, partnership, course, agency):
    made = requirement(officer, partnership, course, renew_every_months=36)
    requirement(officer, partnership, course, agency=agency)  # a different agency's own rule
    message = refused(lambda: requirement(officer, partnership, course), "job_role")
    assert message == f"Social worker already needs {course} in every agency."
    services.requirement_update(actor=officer, requirement=made, renew_every_months=24)
    services.requirement_retire(actor=officer, requirement=made, retired_on=NOW.date())
    made.refresh_from_db()
    assert (made.renew_every_months, made.retired_on) == (24, NOW.date())


def test_a_requirement_names_a_current_course_and_a_real_period(
    refused, officer, partnership, course
):
    refused(
        lambda: requirement(officer, partnership, course, renew_every_months=0),
        "renew_every_months",
    )
    services.course_retire(actor=officer, course=course, retired_on=NOW.date())
    refused(lambda: requirement(officer, partnership, course), "course")
    assert Requirement.objects.count() == 0
