"""The training figures other than learning gain: numbers trained with commissioned attendees,
webinar reach, non-attendance and compliance with required training, each in a few queries
however many rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from safeguarding.core.years import ReportingYear
from safeguarding.training.figures import (
    AgencyCompliance,
    ComplianceState,
    NonAttendance,
    commissioned_attendees,
    compliance,
    compliance_rows,
    non_attendance,
    state_on,
    trained,
    trained_in_python,
    webinar_reach,
)
from safeguarding.training.models import (
    Attendance,
    BookingStatus,
    CommissionedAttendance,
    CommissionedTraining,
    CourseLevel,
    Requirement,
    WebinarWeek,
)
from tests.training.factories import make_booking, make_course, make_delegate, make_session

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
YEAR = ReportingYear(2025)
IN_YEAR = dt.datetime(2025, 10, 7, 9, 30, tzinfo=LONDON)
LAST_YEAR = dt.datetime(2024, 10, 8, 9, 30, tzinfo=LONDON)
POLICE, HEALTH = "Testshire Police", "Testshire Health"
ACP, WT, SYV = (
    "Advanced Child Protection 2 day",
    "Working Together to Safeguard Children",
    "Serious Youth Violence for managers",
)


def attend(session, agency, attendance=Attendance.ATTENDED, count=1):
    for _ in range(count):
        make_booking(
            session, make_delegate(session.course.partnership, agency), attendance=attendance
        )


def commission(course, on, attendance):
    commissioned = CommissionedTraining.objects.create(
        course=course, provider="Youth Violence Ltd", audience="Managers", delivered_on=on
    )
    for agency, attendees in attendance.items():
        CommissionedAttendance.objects.create(
            commissioned=commissioned, agency=agency, attendees=attendees
        )


@pytest.fixture
def training(partnership, agency, health):
    """2025-26: on ACP (core), 2 police and 1 health attended, 1 police did not attend, 1 health
    cancelled late, 1 police is booked without a mark; SYV (commissioned) was delivered to 40
    police and 2 health managers. 2024-25: 1 attended ACP, 10 on an SYV commission."""
    acp = make_course(partnership, ACP)
    syv = make_course(partnership, SYV, level=CourseLevel.COMMISSIONED, questions=0)
    session = make_session(acp, IN_YEAR)
    attend(session, agency, count=2)
    attend(session, health)
    attend(session, agency, Attendance.DID_NOT_ATTEND)
    attend(session, health, Attendance.CANCELLED_LATE)
    attend(session, agency, attendance="")
    commission(syv, dt.date(2026, 2, 10), {agency: 40, health: 2})
    attend(make_session(acp, LAST_YEAR), agency)
    commission(syv, dt.date(2025, 3, 31), {agency: 10})
    return acp, syv


def test_numbers_trained_add_commissioned_attendees(partnership, training):
    # Attended bookings: ACP 3 (2 police, 1 health); commissioned: SYV 42 (40 police, 2 health).
    assert trained(partnership=partnership, year=YEAR) == {"": 45}
    assert trained(partnership=partnership, year=YEAR, by="course") == {ACP: 3, SYV: 42}
    assert trained(partnership=partnership, year=YEAR, by="level") == {
        "Core": 3,
        "Commissioned": 42,
    }
    assert trained(partnership=partnership, year=YEAR, by="agency") == {POLICE: 42, HEALTH: 3}
    assert trained(partnership=partnership, year=YEAR, by="sector") == {"Police": 42, "Health": 3}
    # 2024-25: one attended booking, and the commission delivered on 31 March 2025.
    assert trained(partnership=partnership, year=YEAR.previous(), by="course") == {ACP: 1, SYV: 10}


def test_numbers_trained_in_python_match_the_database(partnership, training):
    for by in ("course", "level", "agency", "sector"):
        in_python = trained_in_python(partnership=partnership, year=YEAR, by=by)
        assert in_python == trained(partnership=partnership, year=YEAR, by=by)


def test_the_agency_trained_is_the_bookings_not_the_delegates_now(partnership, agency, health):
    session = make_session(make_course(partnership, ACP), IN_YEAR)
    moved = make_delegate(partnership, health)  # booked while in the police, now in health
    make_booking(session, moved, attendance=Attendance.ATTENDED, agency=agency)
    assert trained(partnership=partnership, year=YEAR, by="agency") == {POLICE: 1}


def test_commissioned_attendees(partnership, training):
    assert commissioned_attendees(partnership=partnership, year=YEAR) == {"": 42}
    assert commissioned_attendees(partnership=partnership, year=YEAR, by="agency") == {
        POLICE: 40,
        HEALTH: 2,
    }
    assert commissioned_attendees(partnership=partnership, year=YEAR, by="course") == {SYV: 42}


def test_did_not_attend_and_late_cancellations_by_agency(partnership, training):
    assert non_attendance(partnership=partnership, year=YEAR) == {
        POLICE: NonAttendance(did_not_attend=1, cancelled_late=0),
        HEALTH: NonAttendance(did_not_attend=0, cancelled_late=1),
    }
    assert non_attendance(partnership=partnership, year=YEAR.previous()) == {}


def test_webinar_reach_is_attendees_and_recording_views_by_week(partnership):
    for title, starts_on, attendees, views in (
        ("Neglect week", dt.date(2025, 6, 2), 100, 40),
        ("Exploitation week", dt.date(2026, 3, 2), 413, 87),
        ("Last year's week", dt.date(2025, 3, 3), 50, 5),
    ):
        WebinarWeek.objects.create(
            partnership=partnership,
            title=title,
            starts_on=starts_on,
            attendees=attendees,
            recording_views=views,
        )
    assert webinar_reach(partnership=partnership, year=YEAR) == {"": 640}
    assert webinar_reach(partnership=partnership, year=YEAR, by_week=True) == {
        "Neglect week": 140,
        "Exploitation week": 500,
    }


def add_training(partnership, agency, health, count):
    acp = make_course(partnership, f"Course {count}")
    session = make_session(acp, IN_YEAR)
    attend(session, agency, count=count)
    attend(session, health, Attendance.DID_NOT_ATTEND, count=count)
    commission(acp, dt.date(2025, 5, 1), {agency: count, health: count})


def test_the_counts_take_the_same_queries_however_many_rows(
    partnership, agency, health, django_assert_num_queries
):
    for count in (1, 12):
        add_training(partnership, agency, health, count)
        with django_assert_num_queries(2):
            trained(partnership=partnership, year=YEAR, by="sector")
        with django_assert_num_queries(1):
            non_attendance(partnership=partnership, year=YEAR)
        with django_assert_num_queries(1):
            commissioned_attendees(partnership=partnership, year=YEAR, by="agency")


# Compliance


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def require(partnership, course, job_role, agency=None, months=None, **fields):
    return Requirement.objects.create(
        partnership=partnership,
        agency=agency,
        job_role=job_role,
        course=course,
        renew_every_months=months,
        **fields,
    )


def trained_on(course, delegate, day, attendance=Attendance.ATTENDED):
    session = make_session(course, dt.datetime.combine(day, dt.time(9, 30), tzinfo=LONDON))
    make_booking(session, delegate, attendance=attendance)


@pytest.fixture
def required(partnership, agency, health, frozen):
    """Police social workers need ACP every 3 years; every agency's designated safeguarding
    leads need Working Together once. Today is 1 December 2026."""
    acp = make_course(partnership, ACP)
    wt = make_course(partnership, WT)
    require(partnership, acp, "Social Worker", agency=agency, months=36)
    require(partnership, wt, "Designated safeguarding lead")

    def person(name, org, role, **fields):
        email = f"{name.lower()}@testshire.example"
        return make_delegate(partnership, org, name=name, email=email, job_role=role, **fields)

    ann = person("Ann", agency, "social worker")  # trained 10 Jan 2024: runs out 10 Jan 2027
    trained_on(acp, ann, dt.date(2024, 1, 10))
    bob = person("Bob", agency, "Social Worker")  # trained 1 June 2023: ran out 1 June 2026
    trained_on(acp, bob, dt.date(2023, 6, 1))
    cal = person("Cal", agency, " SOCIAL WORKER ")  # trained twice: the last, 1 Sept 2025, counts
    trained_on(acp, cal, dt.date(2022, 9, 1))
    trained_on(acp, cal, dt.date(2025, 9, 1))
    dee = person("Dee", agency, "Social Worker")  # booked but did not attend: never trained
    trained_on(acp, dee, dt.date(2025, 5, 1), attendance=Attendance.DID_NOT_ATTEND)
    person("Eve", agency, "Social Worker", left_on=dt.date(2026, 6, 1))  # left: not counted
    person("Fay", health, "Social Worker")  # the ACP requirement is the police's only
    gus = person("Gus", health, "Designated Safeguarding Lead")  # once, long ago: in date
    trained_on(wt, gus, dt.date(2019, 11, 5))
    person("Hal", agency, "Designated safeguarding lead")  # every agency's requirement
    # A booking in the future does not train anyone yet.
    future = make_session(acp, dt.datetime(2027, 1, 12, 9, 30, tzinfo=LONDON))
    make_booking(future, dee, status=BookingStatus.BOOKED)
    return acp, wt


def test_each_required_person_and_course_has_a_state(partnership, required):
    rows = compliance_rows(partnership=partnership, on=timezone.localdate())
    assert [(r.name, r.course, r.last_trained, r.expires_on, r.state) for r in rows] == [
        ("Gus", WT, dt.date(2019, 11, 5), None, ComplianceState.IN_DATE),
        ("Ann", ACP, dt.date(2024, 1, 10), dt.date(2027, 1, 10), ComplianceState.EXPIRING),
        ("Bob", ACP, dt.date(2023, 6, 1), dt.date(2026, 6, 1), ComplianceState.EXPIRED),
        ("Cal", ACP, dt.date(2025, 9, 1), dt.date(2028, 9, 1), ComplianceState.IN_DATE),
        ("Dee", ACP, None, None, ComplianceState.NEVER_TRAINED),
        ("Hal", WT, None, None, ComplianceState.NEVER_TRAINED),
    ]
    assert rows[1].job_role == "social worker"
    assert rows[1].agency == POLICE


def test_compliance_by_agency(partnership, agency, health, required):
    found = compliance(partnership=partnership, on=timezone.localdate())
    assert found == {
        POLICE: AgencyCompliance(POLICE, in_date=1, expiring=1, expired=1, never_trained=2),
        HEALTH: AgencyCompliance(HEALTH, in_date=1),
    }
    # Ann (expiring) and Cal (in date) of 5 required pairs: 40%; Gus, 1 of 1.
    assert found[POLICE].share_in_date == Decimal("40.0")
    assert found[HEALTH].share_in_date == Decimal("100.0")


def test_one_agencys_people(partnership, health, required):
    rows = compliance_rows(partnership=partnership, on=timezone.localdate(), agency=health)
    assert [(r.name, r.course, r.state) for r in rows] == [("Gus", WT, ComplianceState.IN_DATE)]


def test_compliance_on_an_earlier_day(partnership, required):
    # On 31 March 2024 Bob (trained June 2023) was in date; Cal's first session then counted.
    rows = compliance_rows(partnership=partnership, on=dt.date(2024, 3, 31))
    states = {r.name: (r.last_trained, r.state) for r in rows}
    assert states["Bob"] == (dt.date(2023, 6, 1), ComplianceState.IN_DATE)
    assert states["Cal"] == (dt.date(2022, 9, 1), ComplianceState.IN_DATE)
    assert states["Ann"] == (dt.date(2024, 1, 10), ComplianceState.IN_DATE)
    assert states["Eve"] == (None, ComplianceState.NEVER_TRAINED)  # had not left yet


def test_a_retired_requirement_no_longer_counts(partnership, agency, health, required):
    Requirement.objects.filter(job_role="Social Worker").update(retired_on=dt.date(2026, 11, 1))
    assert set(compliance(partnership=partnership, on=timezone.localdate())) == {POLICE, HEALTH}
    assert compliance(partnership=partnership, on=timezone.localdate())[POLICE].required == 1


def test_the_shorter_renewal_wins_when_two_requirements_ask_for_one_course(
    partnership, agency, required
):
    acp, _ = required
    require(partnership, acp, "social worker", months=12)  # every agency: every year
    ann = next(
        r for r in compliance_rows(partnership=partnership, on=NOW.date()) if r.name == "Ann"
    )
    assert (ann.renew_every_months, ann.expires_on) == (12, dt.date(2025, 1, 10))
    assert ann.state == ComplianceState.EXPIRED


def test_the_states_at_their_edges():
    day = dt.date(2026, 12, 1)
    assert state_on(day, None, 36) == (ComplianceState.NEVER_TRAINED, None)
    assert state_on(day, dt.date(2010, 1, 1), None) == (ComplianceState.IN_DATE, None)
    # Runs out today: expired. Runs out tomorrow or in exactly 3 months: expiring.
    assert state_on(day, dt.date(2023, 12, 1), 36)[0] == ComplianceState.EXPIRED
    assert state_on(day, dt.date(2023, 12, 2), 36)[0] == ComplianceState.EXPIRING
    assert state_on(day, dt.date(2024, 3, 1), 36) == (
        ComplianceState.EXPIRING,
        dt.date(2027, 3, 1),
    )
    assert state_on(day, dt.date(2024, 3, 2), 36)[0] == ComplianceState.IN_DATE


def add_people(partnership, agency, course, count):
    for n in range(count):
        person = make_delegate(
            partnership,
            agency,
            email=f"extra{count}-{n}@testshire.example",
            job_role="Social Worker",
        )
        trained_on(course, person, dt.date(2025, 1, 1 + n))


def test_compliance_takes_three_queries_however_many_people(
    partnership, agency, required, django_assert_num_queries
):
    acp, _ = required
    for count in (1, 15):
        add_people(partnership, agency, acp, count)
        with django_assert_num_queries(3):
            found = compliance(partnership=partnership, on=timezone.localdate())
    assert found[POLICE].required == 5 + 1 + 15
