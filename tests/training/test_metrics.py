"""The training figures through the metric registry: numbers trained by course with entered
values for the years before the Hub, learning gain and matched pairs, webinar reach, commissioned
attendees, did not attend and compliance; and the training panels on the dashboard."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import dashboard, registry
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.selectors import Origin, series
from safeguarding.training.models import (
    Attendance,
    CommissionedAttendance,
    CommissionedTraining,
    CourseLevel,
    Rating,
    Requirement,
    WebinarWeek,
)
from tests.training.factories import make_booking, make_course, make_delegate, make_session

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
YEAR = ReportingYear(2025)
FIRST = ReportingYear(2024)  # the partnership's first session: October 2024
BEFORE = ReportingYear(2023)  # before the Hub: entered values
POLICE, HEALTH = "Testshire Police", "Testshire Health"
ACP, UPDATE, SYV = (
    "Advanced Child Protection 2 day",
    "Advanced Child Protection Update",
    "Serious Youth Violence for managers",
)
TRAINING_PANELS = (
    "trained-by-course",
    "learning-gain-by-course",
    "trained-by-sector",
    "did-not-attend-by-agency",
    "training-compliance-by-agency",
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def values(partnership, code, breakdown=None, year=YEAR):
    found = series(code, partnership=partnership, years=[year], breakdown=breakdown)
    return {row.key: row.cells[0].value for row in found.rows}


def on(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 30), tzinfo=LONDON)


def rated(session, agency, pre, post, attendance=Attendance.ATTENDED):
    """A delegate of `agency` on `session`, rating the course's one question."""
    delegate = make_delegate(session.course.partnership, agency)
    booking = make_booking(session, delegate, attendance=attendance)
    if pre is not None or post is not None:
        question = session.course.questions.get()
        Rating.objects.create(booking=booking, question=question, pre=pre, post=post)


@pytest.fixture
def training(partnership, agency, health):
    """2024-25: one police officer on ACP (2→3). 2025-26: ACP (1–5) with police (2→4), (3→4)
    and health (1→3), one police did not attend; the Update (1–10) with police (4→10); 40
    police and 2 health managers on commissioned SYV training."""
    acp = make_course(partnership, ACP, questions=1)
    update = make_course(partnership, UPDATE, scale=10, questions=1)
    syv = make_course(partnership, SYV, level=CourseLevel.COMMISSIONED, questions=0)
    rated(make_session(acp, on(dt.date(2024, 10, 8))), agency, 2, 3)
    session = make_session(acp, on(dt.date(2025, 10, 7)))
    rated(session, agency, 2, 4)
    rated(session, agency, 3, 4)
    rated(session, health, 1, 3)
    rated(session, agency, 3, None, attendance=Attendance.DID_NOT_ATTEND)
    rated(make_session(update, on(dt.date(2026, 1, 13))), agency, 4, 10)
    commissioned = CommissionedTraining.objects.create(
        course=syv, audience="Managers", delivered_on=dt.date(2026, 2, 10)
    )
    for org, attendees in ((agency, 40), (health, 2)):
        CommissionedAttendance.objects.create(
            commissioned=commissioned, agency=org, attendees=attendees
        )
    return acp, update, syv


def test_the_training_metrics_are_registered():
    assert registry.get("training.trained").disclosive
    assert registry.get("training.learning_gain").unit == "percent"
    assert registry.get("training.normalised_gain").unit == "number"
    for code in (
        "training.matched_pairs",
        "training.webinar_reach",
        "training.commissioned_attendees",
        "training.did_not_attend",
        "training.compliance",
    ):
        assert registry.get(code).compute is not None


def test_numbers_trained_by_course_level_agency_and_sector(partnership, training):
    # Attended: ACP 3 (the did-not-attend is not trained), Update 1; SYV 42 commissioned.
    assert values(partnership, "training.trained", "course") == {
        ACP: 3,
        UPDATE: 1,
        SYV: 42,
        "": 46,
    }
    assert values(partnership, "training.trained", "level") == {
        "Core": 4,
        "Commissioned": 42,
        "": 46,
    }
    assert values(partnership, "training.trained", "agency") == {POLICE: 43, HEALTH: 3, "": 46}
    assert values(partnership, "training.trained", "sector") == {"Police": 43, "Health": 3, "": 46}


def test_years_before_the_first_session_take_entered_values_by_course_title(partnership, training):
    metric_services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric="training.trained",
        period=BEFORE,
        value=Decimal(307),
        source="Somerset SCP 12 month report 2023-24, training table",
        breakdown="course",
        breakdown_value=ACP,
    )
    years = [BEFORE, FIRST, YEAR, ReportingYear(2026)]
    found = series("training.trained", partnership=partnership, years=years, breakdown="course")
    assert [found.value(year, ACP) for year in years] == [307, 1, 3, None]
    assert found.cell(BEFORE, ACP).origin == Origin.ENTERED
    assert found.cell(FIRST, ACP).origin == Origin.COMPUTED
    # 2026-27 has begun without training yet: 0, not "no figure".
    assert found.value(ReportingYear(2026)) == 0
    assert values(partnership, "training.trained", year=BEFORE) == {}


def test_learning_gain_and_matched_pairs_by_course_and_agency(partnership, training):
    # ACP: (2→4), (3→4), (1→3): 5 / 3 / 4 = 41.67% → 41.7; the Update: (4→10): 6/9 → 66.7.
    # Police: 2/4, 1/4, 6/9 → (1/2 + 1/4 + 2/3) / 3 = 17/36 → 47.2; health: 2/4 → 50.0.
    # Every pair: (1/2 + 1/4 + 1/2 + 2/3) / 4 = 23/48 → 47.9.
    assert values(partnership, "training.learning_gain", "course") == {
        ACP: Decimal("41.7"),
        UPDATE: Decimal("66.7"),
        "": Decimal("47.9"),
    }
    assert values(partnership, "training.learning_gain", "agency") == {
        POLICE: Decimal("47.2"),
        HEALTH: Decimal("50.0"),
        "": Decimal("47.9"),
    }
    # Normalised: ACP mean(2/3, 1/2, 2/4) = 5/9; the Update 6/6 = 1.
    assert values(partnership, "training.normalised_gain", "course") == {
        ACP: Decimal("0.5556"),
        UPDATE: Decimal("1.0000"),
        "": Decimal("0.6667"),
    }
    # The did-not-attend's pre-course rating is unmatched: 4 pairs.
    assert values(partnership, "training.matched_pairs", "course") == {ACP: 3, UPDATE: 1, "": 4}
    assert values(partnership, "training.matched_pairs", year=FIRST) == {"": 1}


def test_learning_gain_has_no_figure_without_pairs(partnership, training):
    assert values(partnership, "training.learning_gain", year=ReportingYear(2026)) == {}
    assert values(partnership, "training.learning_gain", year=BEFORE) == {}
    assert values(partnership, "training.matched_pairs", year=ReportingYear(2026)) == {"": 0}
    assert values(partnership, "training.matched_pairs", year=BEFORE) == {}


def test_commissioned_attendees_and_did_not_attend(partnership, training):
    assert values(partnership, "training.commissioned_attendees", "agency") == {
        POLICE: 40,
        HEALTH: 2,
        "": 42,
    }
    assert values(partnership, "training.commissioned_attendees", year=FIRST) == {}
    assert values(partnership, "training.did_not_attend", "agency") == {POLICE: 1, "": 1}
    assert values(partnership, "training.did_not_attend", year=FIRST) == {"": 0}


def test_webinar_reach_by_week(partnership):
    assert values(partnership, "training.webinar_reach") == {}
    for title, starts_on, attendees, views in (
        ("Neglect week", dt.date(2025, 6, 2), 100, 40),
        ("Exploitation week", dt.date(2026, 3, 2), 413, 87),
    ):
        WebinarWeek.objects.create(
            partnership=partnership,
            title=title,
            starts_on=starts_on,
            attendees=attendees,
            recording_views=views,
        )
    assert values(partnership, "training.webinar_reach", "week") == {
        "Neglect week": 140,
        "Exploitation week": 500,
        "": 640,
    }
    assert values(partnership, "training.webinar_reach", year=ReportingYear(2026)) == {"": 0}


@pytest.fixture
def required(partnership, agency, health, training):
    """Police social workers need ACP every 3 years. Ann was trained on 8 October 2024; Bob on
    7 October 2025 (the fixture's ACP sessions); Cal never."""
    acp, _, _ = training
    Requirement.objects.create(
        partnership=partnership,
        agency=agency,
        job_role="Social worker",
        course=acp,
        renew_every_months=36,
    )
    people = []
    for name in ("Ann", "Bob", "Cal"):
        people.append(
            make_delegate(
                partnership,
                agency,
                name=name,
                email=f"{name}@testshire.example",
                job_role="Social Worker",
            )
        )
    for person, day in ((people[0], dt.date(2024, 10, 8)), (people[1], dt.date(2025, 10, 7))):
        session = acp.sessions.get(starts_at=on(day))
        make_booking(session, person, attendance=Attendance.ATTENDED)


def test_compliance_is_the_share_in_date_at_the_years_end(partnership, required):
    # 31 March 2026: Ann and Bob in date, Cal never trained: 2 of 3.
    assert values(partnership, "training.compliance", "agency") == {
        POLICE: Decimal("66.7"),
        "": Decimal("66.7"),
    }
    # 31 March 2025: Ann in date; Bob and Cal not yet trained: 1 of 3.
    assert values(partnership, "training.compliance", year=FIRST) == {"": Decimal("33.3")}
    # This year is taken today; next year has not begun.
    assert values(partnership, "training.compliance", year=ReportingYear(2026)) == {
        "": Decimal("66.7")
    }
    assert values(partnership, "training.compliance", year=ReportingYear(2027)) == {}
    # 31 March 2024, before the partnership's first training: no figure rather than 0%.
    assert values(partnership, "training.compliance", year=BEFORE) == {}


def test_compliance_has_no_figure_when_nobody_is_required(partnership, training):
    assert values(partnership, "training.compliance", "agency") == {}


# The dashboard


def test_the_dashboard_shows_the_training_panels(partnership, personas, client_as, training):
    client = client_as(personas[Role.EXECUTIVE])
    page = client.get(reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2025-26")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    for title in (
        "Practitioners trained by course",
        "Learning gain by course (% of the rating scale)",
        "Practitioners trained by sector",
        "Did not attend, by agency",
        "Required training in date by agency (%)",
    ):
        assert title in text
    # Trained by course over three years: 2023-24 has no figure, then 1 and 3.
    assert re.search(rf"{ACP} – 1 3", text)


#: The shell (9) and each panel's entered values (5); then a query a year for when the records
#: begin (numbers trained: by course 3 years, by sector 5; did not attend 5), plus in 2025-26 two
#: for the numbers trained and one for did not attend; learning gain one a year (3); compliance
#: one a year with no requirement (3) and, in the one year since training began, one for when it
#: began (1).
QUERIES = 9 + 5 + (3 + 2) + (5 + 2) + (5 + 1) + 3 + 3 + 1


def add_rated(partnership, agency, count):
    course = make_course(partnership, f"Course {count}", questions=1)
    session = make_session(course, on(dt.date(2025, 11, 4)))
    for n in range(count):
        rated(session, agency, 1 + n % 5, 5)
        rated(session, agency, None, None, attendance=Attendance.DID_NOT_ATTEND)


def test_the_training_panels_queries_do_not_grow_with_the_data(
    partnership, personas, client_as, agency, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(
        dashboard, "_panels", {code: dashboard._panels[code] for code in TRAINING_PANELS}
    )
    client = client_as(personas[Role.BUSINESS_UNIT])
    url = reverse("metrics:dashboard", args=[partnership.slug]) + "?year=2025-26"
    add_rated(partnership, agency, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_rated(partnership, agency, 25)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(few.captured_queries) == QUERIES
    assert "Course 25" in page.content.decode()
