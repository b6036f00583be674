"""The evaluation, figures and records pages as their users meet them: a delegate rates
themselves before and after a course and answers the follow-up survey; the training officer
chooses quotes and keeps the staff list, webinar weeks, commissioned training and requirements;
managers, the executive and the scrutineer read learning gain and compliance, an agency lead their
own agency's. Bad input comes back named on its field, with nothing saved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.calendar import ClockState
from safeguarding.training.due import evaluation_items
from safeguarding.training.models import (
    Attendance,
    CommissionedAttendance,
    CommissionedTraining,
    CourseLevel,
    Delegate,
    Evaluation,
    Rating,
    Requirement,
    WebinarWeek,
)
from tests.core.pages import error_summary, field_errors, table_rows
from tests.training.factories import (
    LONDON,
    NOW,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

#: A session that has finished: Tuesday 10 November 2026 (today is 1 December 2026).
PAST = dt.datetime(2026, 11, 10, 9, 30, tzinfo=LONDON)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, partnership, *args):
    return reverse(f"training:{name}", args=[partnership.slug, *args])


def date(field, value: dt.date):
    return {f"{field}_day": value.day, f"{field}_month": value.month, f"{field}_year": value.year}


@pytest.fixture
def as_role(personas, client_as):
    return lambda role: client_as(personas[role])


@pytest.fixture
def practitioner(as_role):
    return as_role(Role.PRACTITIONER)


@pytest.fixture
def past_session(course):
    return make_session(course, PAST)


@pytest.fixture
def attended(past_session, practitioner_delegate):
    return make_booking(past_session, practitioner_delegate, attendance=Attendance.ATTENDED)


def summary_messages(response):
    """Every message in the error summary, with or without a link to a field."""
    page = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "The page has no error summary."
    items = re.findall(r"<li>(.*?)</li>", match.group(0), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def ratings_for(course, values):
    return {
        f"question_{q.pk}": value for q, value in zip(course.questions.all(), values, strict=True)
    }


# Evaluating a course


def test_a_delegate_rates_themselves_before_the_course(
    practitioner, partnership, course, session, practitioner_delegate
):
    booking = make_booking(session, practitioner_delegate)
    page = practitioner.get(url("evaluate", partnership, booking.pk, "pre")).content.decode()
    assert page.count('type="radio"') == 3 * 5
    assert "How confident are you in recognising the signs of neglect?" in page
    assert "consent_to_quote" not in page
    response = practitioner.post(
        url("evaluate", partnership, booking.pk, "pre"), ratings_for(course, [2, 3, 1])
    )
    assert response["Location"] == url("booking_list", partnership)
    pre = list(Rating.objects.filter(booking=booking).order_by("question__position"))
    assert [(r.pre, r.post) for r in pre] == [(2, None), (3, None), (1, None)]
    again = practitioner.get(url("evaluate", partnership, booking.pk, "pre"))
    assert "You sent your answers on 1 December 2026" in again.content.decode()


def test_after_the_course_feedback_and_consent_are_saved(
    practitioner, partnership, course, attended
):
    data = ratings_for(course, [4, 5, 4]) | {
        "feedback": "I now escalate.",
        "consent_to_quote": "on",
    }
    response = practitioner.post(url("evaluate", partnership, attended.pk, "post"), data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(booking=attended, stage="post")
    assert (evaluation.feedback, evaluation.consent_to_quote) == ("I now escalate.", True)
    assert [r.post for r in attended.ratings.order_by("question__position")] == [4, 5, 4]


def test_a_rating_outside_the_scale_is_named_on_its_question(
    practitioner, partnership, course, attended
):
    first = course.questions.first()
    before = AuditEntry.objects.count()
    response = practitioner.post(
        url("evaluate", partnership, attended.pk, "post"), ratings_for(course, [7, 4, 4])
    )
    assert error_summary(response) == [
        (
            f"#id_question_{first.pk}_0",
            f"Select a rating from 1 to 5 for “{first.text}”",
        )
    ]
    assert field_errors(response, f"id_question_{first.pk}") == ["Select a rating from 1 to 5"]
    assert not Evaluation.objects.exists()
    assert not Rating.objects.exists()
    assert AuditEntry.objects.count() == before


def test_every_missing_answer_is_in_the_error_summary(practitioner, partnership, course, attended):
    response = practitioner.post(url("evaluate", partnership, attended.pk, "post"), {})
    hrefs = [href for href, _ in error_summary(response)]
    assert hrefs == [f"#id_question_{q.pk}_0" for q in course.questions.all()]
    assert not Evaluation.objects.exists()


def test_evaluating_a_course_not_attended_shows_the_services_error(
    practitioner, partnership, course, past_session, practitioner_delegate
):
    missed = make_booking(past_session, practitioner_delegate, attendance=Attendance.DID_NOT_ATTEND)
    response = practitioner.post(
        url("evaluate", partnership, missed.pk, "post"), ratings_for(course, [4, 4, 4])
    )
    assert response.status_code == 200
    assert summary_messages(response) == [
        "Practitioner Person did not attend: you cannot evaluate a course not attended."
    ]
    assert not Evaluation.objects.exists()
    assert not Rating.objects.exists()


def test_a_1_to_10_course_offers_ten_ratings(practitioner, partnership, practitioner_delegate):
    course = make_course(partnership, "Advanced Child Protection", scale=10, questions=1)
    booking = make_booking(
        make_session(course, PAST), practitioner_delegate, attendance=Attendance.ATTENDED
    )
    page = practitioner.get(url("evaluate", partnership, booking.pk, "post")).content.decode()
    assert page.count('type="radio"') == 10
    assert "Rate each from 1 to 10" in page


def test_only_the_delegate_evaluates(
    as_role, partnership, other_partnership, attended, delegate, past_session, outsider, client_as
):
    target = url("evaluate", partnership, attended.pk, "post")
    for role in (Role.BUSINESS_UNIT, Role.AGENCY_LEAD, Role.EXECUTIVE, Role.LADO):
        assert as_role(role).get(target).status_code == 403, role
    colleague = make_booking(past_session, delegate, attendance=Attendance.ATTENDED)
    practitioner = as_role(Role.PRACTITIONER)
    assert practitioner.get(url("evaluate", partnership, colleague.pk, "post")).status_code == 404
    assert practitioner.get(url("evaluate", partnership, attended.pk, "later")).status_code == 404
    assert client_as(outsider).get(target).status_code == 404


# The follow-up survey


def test_the_follow_up_opens_three_months_after_the_course(
    practitioner, as_role, partnership, course, attended
):
    make_evaluated(attended, pre=[2, 2, 2], post=[4, 4, 4])
    target = url("follow_up", partnership, attended.pk)
    page = practitioner.get(target).content.decode()
    assert "The follow-up survey opens on 10 February 2027" in page
    assert 'name="practice_changed"' not in page
    with time_machine.travel(dt.datetime(2027, 2, 10, 9, 0, tzinfo=LONDON), tick=False):
        practitioner = as_role(Role.PRACTITIONER)  # signed in again, months later
        refused = practitioner.post(target, {"feedback": "x"})
        assert error_summary(refused) == [
            ("#id_practice_changed_0", "Select whether the training has changed your practice")
        ]
        data = {
            "practice_changed": "partly",
            "feedback": "I ask the child.",
            "consent_to_quote": "on",
        }
        assert practitioner.post(target, data).status_code == 302
    survey = Evaluation.objects.get(booking=attended, stage="follow_up")
    assert (survey.practice_changed, survey.consent_to_quote) == ("partly", True)


def test_the_follow_up_waits_for_the_evaluation_after_the_course(as_role, partnership, attended):
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0, tzinfo=LONDON), tick=False):
        response = as_role(Role.PRACTITIONER).post(
            url("follow_up", partnership, attended.pk), {"practice_changed": "yes"}
        )
    assert summary_messages(response) == ["Complete the evaluation after the course first."]
    assert not Evaluation.objects.exists()


# Evaluations on the delegate's home page


def test_evaluations_due_on_the_home_page(
    partnership, personas, course, session, attended, practitioner_delegate
):
    from safeguarding.accounts.scope import scope_for

    soon = make_session(course, dt.datetime(2026, 12, 8, 9, 30, tzinfo=LONDON))
    make_booking(soon, practitioner_delegate)
    make_booking(session, practitioner_delegate)  # January: not asked yet
    scope = scope_for(personas[Role.PRACTITIONER], partnership)
    items = evaluation_items(scope, NOW.date())
    assert [(item.title, item.due, item.state) for item in items] == [
        (f"Evaluate {course}", dt.date(2026, 11, 17), ClockState.OVERDUE),
        (f"Rate yourself before {course}", dt.date(2026, 12, 8), ClockState.NOT_DUE),
    ]
    assert items[0].url == url("evaluate", partnership, attended.pk, "post")
    make_evaluated(attended, pre=[2, 2, 2], post=[4, 4, 4])
    later = dt.date(2027, 2, 10)
    with time_machine.travel(dt.datetime(2027, 2, 10, 9, 0, tzinfo=LONDON), tick=False):
        items = evaluation_items(scope, later)
    assert [(i.title, i.due, i.state) for i in items] == [
        (f"Follow-up survey: {course}", later, ClockState.DUE_SOON)
    ]
    assert evaluation_items(scope_for(personas[Role.BUSINESS_UNIT], partnership), NOW.date()) == []


# Quotes


def quoted(session, agency, feedback, consent=True, chosen=False):
    booking = make_booking(
        session, make_delegate(session.course.partnership, agency), attendance="attended"
    )
    make_evaluated(
        booking,
        [2, 2, 2],
        [4, 4, 4],
        feedback=feedback,
        consent_to_quote=consent,
        quote_chosen=chosen,
    )
    return booking.evaluations.get(stage="post")


def test_the_training_officer_chooses_and_removes_quotes(
    business_unit, partnership, past_session, agency
):
    choose = quoted(past_session, agency, "It changed how I listen.")
    quoted(past_session, agency, "Do not quote me.", consent=False)
    page = business_unit.get(url("quotes", partnership))
    assert table_rows(page, "quotes-1") == [
        "“It changed how I listen.” After the course Testshire Police 10 Nov 2026 "
        "Choose for the report"
    ]
    assert "Working Together to Safeguard Children, 2026-27" in page.content.decode()
    response = business_unit.post(
        url("quote_choose", partnership, choose.pk), {"choose": "yes", "year": "2026-27"}
    )
    assert response["Location"] == url("quotes", partnership) + "?year=2026-27"
    choose.refresh_from_db()
    assert choose.quote_chosen
    business_unit.post(url("quote_choose", partnership, choose.pk), {"choose": "no"})
    choose.refresh_from_db()
    assert not choose.quote_chosen


def test_quotes_can_be_filtered_and_say_when_there_are_none(business_unit, partnership, course):
    page = business_unit.get(url("quotes", partnership)).content.decode()
    assert "No feedback has been given with consent to quote yet" in page
    wrong = business_unit.get(url("quotes", partnership) + "?year=2026")
    assert error_summary(wrong)[0][0] == "#id_year"


def test_only_managers_choose_quotes(as_role, partnership, past_session, agency):
    choice = quoted(past_session, agency, "Good.")
    for role in (Role.EXECUTIVE, Role.AGENCY_LEAD, Role.PRACTITIONER):
        client = as_role(role)
        assert client.get(url("quotes", partnership)).status_code == 403
        target = url("quote_choose", partnership, choice.pk)
        assert client.post(target, {"choose": "yes"}).status_code == 403
    choice.refresh_from_db()
    assert not choice.quote_chosen


#: Session (4: read, and saved in a savepoint), user, second factor, scope (2), the count, the
#: quotes with their bookings and courses, the course filter's choices, the partnership switcher.
QUOTE_QUERIES = 12


@pytest.mark.parametrize("n", [3, 30])
def test_the_quotes_page_makes_the_same_queries_however_many(
    n, business_unit, partnership, past_session, agency, health, django_assert_num_queries
):
    for i in range(n):
        quoted(past_session, health if i % 2 else agency, f"Quote {i}")
    business_unit.get(url("quotes", partnership))
    with django_assert_num_queries(QUOTE_QUERIES):
        page = business_unit.get(url("quotes", partnership))
    assert len(table_rows(page, "quotes-1")) == n


# Learning gain


def rated(session, agency, pre, post):
    delegate = make_delegate(session.course.partnership, agency)
    booking = make_booking(session, delegate, attendance=Attendance.ATTENDED)
    question = session.course.questions.get()
    Rating.objects.create(booking=booking, question=question, pre=pre, post=post)


@pytest.fixture
def one_question(partnership):
    return make_course(partnership, "Neglect Awareness", questions=1)


def test_learning_gain_shows_hand_computed_figures_and_the_formula(
    business_unit, partnership, one_question, agency
):
    session = make_session(one_question, dt.datetime(2026, 10, 6, 9, 30, tzinfo=LONDON))
    for pre, post in [(2, 4), (3, 4), (5, 5), (3, None)]:
        rated(session, agency, pre, post)
    response = business_unit.get(url("learning_gain", partnership))
    page = response.content.decode()
    assert "Learning gain in 2026-27" in page
    # mean pre 3.33, mean post 4.33: (4.33 − 3.33) ÷ (5 − 1) × 100 = 25%; normalised gain
    # (2/3 + 1/2) ÷ 2 = 0.5833 without the pair already at the top; one unmatched rating.
    figures = "25.0% 3.33 to 4.33 0.5833 3 1 1 66.7%"
    assert table_rows(response, "gain-by-course") == [
        f"Neglect Awareness {figures}",
        f"All together {figures}",
    ]
    assert table_rows(response, "gain-by-agency") == [
        f"Testshire Police {figures}",
        f"All together {figures}",
    ]
    assert "learning gain = (mean post − mean pre) ÷ (scale max − scale min) × 100" in page
    assert "normalised gain = mean of (post − pre) ÷ (max − pre)" in page
    assert "Unmatched ratings" in page


def test_learning_gain_filters_by_year_course_and_agency(
    business_unit, partnership, one_question, agency, health
):
    last_year = make_session(one_question, dt.datetime(2025, 10, 7, 9, 30, tzinfo=LONDON))
    this_year = make_session(one_question, dt.datetime(2026, 10, 6, 9, 30, tzinfo=LONDON))
    rated(last_year, agency, 1, 5)
    rated(this_year, agency, 2, 3)
    rated(this_year, health, 1, 1)
    page = business_unit.get(url("learning_gain", partnership) + "?year=2025-26")
    assert table_rows(page, "gain-by-course")[0] == (
        "Neglect Awareness 100.0% 1.00 to 5.00 1.0000 1 0 0 100.0%"
    )
    page = business_unit.get(url("learning_gain", partnership) + f"?agency={health.pk}")
    assert table_rows(page, "gain-by-agency")[0] == (
        "Testshire Health 0.0% 1.00 to 1.00 0.0000 1 0 0 0.0%"
    )
    both = business_unit.get(url("learning_gain", partnership))
    assert table_rows(both, "gain-by-agency") == [
        "Testshire Health 0.0% 1.00 to 1.00 0.0000 1 0 0 0.0%",
        "Testshire Police 25.0% 2.00 to 3.00 0.3333 1 0 0 100.0%",
        "All together 12.5% 1.50 to 2.00 0.1667 2 0 0 50.0%",
    ]
    empty = business_unit.get(url("learning_gain", partnership) + "?year=2019-20")
    assert "there is no learning gain to show yet" in empty.content.decode()
    wrong = business_unit.get(url("learning_gain", partnership) + "?year=twenty")
    assert error_summary(wrong)[0][0] == "#id_year"


def test_learning_gain_is_for_those_who_read_the_figures(as_role, partnership):
    for role in (Role.EXECUTIVE, Role.SCRUTINEER, Role.ADMINISTRATOR):
        assert as_role(role).get(url("learning_gain", partnership)).status_code == 200
    for role in (Role.AGENCY_LEAD, Role.PRACTITIONER, Role.LADO):
        assert as_role(role).get(url("learning_gain", partnership)).status_code == 403


#: Session (4), user, second factor, scope (2), learning gain by course and by agency, the course
#: and agency filters' choices, the partnership switcher.
GAIN_QUERIES = 13


@pytest.mark.parametrize("n", [3, 30])
def test_the_learning_gain_page_makes_the_same_queries_however_many(
    n, business_unit, partnership, agency, health, django_assert_num_queries
):
    for i in range(n):
        course = make_course(partnership, f"Course {i}", questions=1)
        session = make_session(course, dt.datetime(2026, 10, 6, 9, 30, tzinfo=LONDON))
        rated(session, health if i % 2 else agency, 2, 4)
    business_unit.get(url("learning_gain", partnership))
    with django_assert_num_queries(GAIN_QUERIES):
        page = business_unit.get(url("learning_gain", partnership))
    assert len(table_rows(page, "gain-by-course")) == n + 1  # and all together


# Compliance


@pytest.fixture
def required(partnership, agency, health):
    """Social workers must renew Advanced Child Protection every 36 months. At the police: one
    in date, one expiring in January, one expired, one never trained; at health, one never."""
    course = make_course(partnership, "Advanced Child Protection", questions=1)
    Requirement.objects.create(
        partnership=partnership, job_role="Social worker", course=course, renew_every_months=36
    )
    for name, when in [
        ("Ann In", dt.datetime(2025, 1, 14, 9, 30, tzinfo=LONDON)),
        ("Bea Soon", dt.datetime(2024, 1, 16, 9, 30, tzinfo=LONDON)),
        ("Cal Late", dt.datetime(2023, 10, 3, 9, 30, tzinfo=LONDON)),
        ("Dee Never", None),
    ]:
        person = make_delegate(partnership, agency, name=name, job_role="Social worker")
        if when:
            make_booking(make_session(course, when), person, attendance=Attendance.ATTENDED)
    make_delegate(partnership, health, name="Eve Health", job_role="social worker")
    return course


def test_compliance_by_agency_and_course(business_unit, partnership, required):
    page = business_unit.get(url("compliance", partnership))
    assert table_rows(page, "compliance-1") == ["Advanced Child Protection 1 0 0 0 1"]
    assert table_rows(page, "compliance-2") == ["Advanced Child Protection 4 1 1 1 1"]


def test_an_agencys_people_and_their_states(business_unit, partnership, required, agency):
    page = business_unit.get(url("compliance_agency", partnership, agency.pk))
    assert table_rows(page, "people") == [
        "Ann In Social worker Advanced Child Protection 14 Jan 2025 14 Jan 2028 In date",
        "Bea Soon Social worker Advanced Child Protection 16 Jan 2024 16 Jan 2027 "
        "Expiring within 3 months",
        "Cal Late Social worker Advanced Child Protection 3 Oct 2023 3 Oct 2026 Expired",
        "Dee Never Social worker Advanced Child Protection Never Not trained Never trained",
    ]


def test_an_agency_lead_sees_only_their_agency(as_role, partnership, required, agency, health):
    lead = as_role(Role.AGENCY_LEAD)
    page = lead.get(url("compliance", partnership))
    assert table_rows(page, "compliance-1") == ["Advanced Child Protection 4 1 1 1 1"]
    assert "Testshire Health" not in page.content.decode()
    assert lead.get(url("compliance_agency", partnership, agency.pk)).status_code == 200
    assert lead.get(url("compliance_agency", partnership, health.pk)).status_code == 404


def test_compliance_is_404_outside_the_partnership_and_403_to_practitioners(
    as_role, client_as, outsider, partnership, agency, other_agency
):
    assert as_role(Role.PRACTITIONER).get(url("compliance", partnership)).status_code == 403
    business_unit = as_role(Role.BUSINESS_UNIT)
    assert (
        business_unit.get(url("compliance_agency", partnership, other_agency.pk)).status_code == 404
    )
    empty = business_unit.get(url("compliance", partnership)).content.decode()
    assert "Nobody is required to keep training in date yet" in empty
    assert client_as(outsider).get(url("compliance", partnership)).status_code == 404


#: Session (4), user, second factor, scope (2), agencies, requirements, delegates, last attended
#: sessions, the partnership switcher.
COMPLIANCE_QUERIES = 13


@pytest.mark.parametrize("n", [3, 30])
def test_the_compliance_page_makes_the_same_queries_however_many(
    n, business_unit, partnership, required, agency, health, django_assert_num_queries
):
    session = required.sessions.first()
    for i in range(n):
        person = make_delegate(
            partnership, health if i % 2 else agency, name=f"P{i}", job_role="Social worker"
        )
        make_booking(session, person, attendance=Attendance.ATTENDED)
    business_unit.get(url("compliance", partnership))
    with django_assert_num_queries(COMPLIANCE_QUERIES):
        business_unit.get(url("compliance", partnership))
    with django_assert_num_queries(COMPLIANCE_QUERIES):
        page = business_unit.get(url("compliance_agency", partnership, agency.pk))
    assert len(table_rows(page, "people")) == 4 + (n + 1) // 2


# The staff list


def test_the_staff_list_for_managers_and_agency_leads(as_role, partnership, agency, health):
    make_delegate(partnership, agency, name="Pat Officer", job_role="Constable")
    make_delegate(partnership, health, name="Hana Nurse", job_role="Health visitor")
    make_delegate(partnership, agency, name="Leo Left", left_on=dt.date(2026, 6, 1))
    manager = as_role(Role.BUSINESS_UNIT).get(url("delegate_list", partnership))
    assert [row.split(" ")[0:2] for row in table_rows(manager, "delegates")] == [
        ["Hana", "Nurse"],
        ["Pat", "Officer"],
    ]
    lead = as_role(Role.AGENCY_LEAD).get(url("delegate_list", partnership))
    assert [row.split(" ")[0:2] for row in table_rows(lead, "delegates")] == [["Pat", "Officer"]]
    everyone = as_role(Role.BUSINESS_UNIT).get(url("delegate_list", partnership) + "?left=on")
    assert len(table_rows(everyone, "delegates")) == 3
    found = as_role(Role.BUSINESS_UNIT).get(url("delegate_list", partnership) + "?name=hana")
    assert len(table_rows(found, "delegates")) == 1
    assert as_role(Role.PRACTITIONER).get(url("delegate_list", partnership)).status_code == 403


def test_adding_and_changing_a_delegate(business_unit, partnership, agency, health):
    data = {"name": "Sam Worker", "email": "Sam@Council.example", "agency": health.pk}
    response = business_unit.post(
        url("delegate_add", partnership), data | {"job_role": "Social worker"}
    )
    assert response.status_code == 302
    delegate = Delegate.objects.get()
    assert (delegate.email, delegate.agency, delegate.job_role) == (
        "sam@council.example",
        health,
        "Social worker",
    )
    again = business_unit.post(url("delegate_add", partnership), data)
    assert error_summary(again) == [
        (
            "#id_email",
            "Work email address: A delegate with the email sam@council.example is already "
            "recorded.",
        )
    ]
    business_unit.post(
        url("delegate_edit", partnership, delegate.pk),
        data | {"agency": agency.pk, **date("left_on", dt.date(2026, 11, 30))},
    )
    delegate.refresh_from_db()
    assert (delegate.agency, delegate.left_on) == (agency, dt.date(2026, 11, 30))


def test_an_agency_lead_keeps_only_their_agencys_staff(as_role, partnership, agency, health):
    lead = as_role(Role.AGENCY_LEAD)
    theirs = make_delegate(partnership, health, name="Hana Nurse")
    assert lead.get(url("delegate_edit", partnership, theirs.pk)).status_code == 404
    response = lead.post(
        url("delegate_add", partnership), {"name": "A", "email": "a@x.example", "agency": health.pk}
    )
    assert error_summary(response)[0][0] == "#id_agency"
    assert not Delegate.objects.filter(email="a@x.example").exists()
    page = lead.get(url("delegate_add", partnership)).content.decode()
    assert "Testshire Health" not in page
    assert "Testshire Police" in page


#: Session (4), user, second factor, scope (2), the count, the delegates with their agencies, the
#: agency filter's choices, the partnership switcher.
DELEGATE_QUERIES = 12


@pytest.mark.parametrize("n", [3, 30])
def test_the_staff_list_makes_the_same_queries_however_many(
    n, business_unit, partnership, agency, health, django_assert_num_queries
):
    for i in range(n):
        make_delegate(partnership, health if i % 2 else agency, name=f"Person {i:02}")
    business_unit.get(url("delegate_list", partnership))
    with django_assert_num_queries(DELEGATE_QUERIES):
        page = business_unit.get(url("delegate_list", partnership))
    assert len(table_rows(page, "delegates")) == n


# Webinar weeks, commissioned training, requirements


def test_adding_and_changing_a_webinar_week(business_unit, partnership):
    theme = partnership.themes.first()
    data = {
        "title": "Neglect Awareness Week",
        "webinars": "5",
        "attendees": "100",
        "recording_views": "313",
        "themes": [theme.pk],
        **date("starts_on", dt.date(2026, 3, 2)),
    }
    assert business_unit.post(url("webinar_add", partnership), data).status_code == 302
    week = WebinarWeek.objects.get()
    page = business_unit.get(url("webinar_list", partnership))
    assert table_rows(page, "webinar-weeks") == [
        f"Neglect Awareness Week {theme.name} 2 Mar 2026 5 100 313 413 "
        "Change Neglect Awareness Week"
    ]
    business_unit.post(url("webinar_edit", partnership, week.pk), data | {"attendees": "120"})
    week.refresh_from_db()
    assert week.attendees == 120
    bad = business_unit.post(url("webinar_add", partnership), data | {"webinars": "0"})
    assert error_summary(bad)[0][0] == "#id_webinars"
    assert WebinarWeek.objects.count() == 1


@pytest.fixture
def commissioned_course(partnership):
    return make_course(partnership, "Serious Youth Violence", level=CourseLevel.COMMISSIONED)


def commission(course, agency, health, **changes):
    data = {
        "course": course.pk,
        "provider": "Youth Matters",
        "audience": "Managers",
        f"attendees_{agency.pk}": "25",
        f"attendees_{health.pk}": "17",
        **date("delivered_on", dt.date(2026, 5, 12)),
    }
    return data | changes


def test_commissioned_training_with_attendees_by_agency(
    business_unit, partnership, commissioned_course, agency, health
):
    data = commission(commissioned_course, agency, health)
    assert business_unit.post(url("commissioned_add", partnership), data).status_code == 302
    commissioned = CommissionedTraining.objects.get()
    page = business_unit.get(url("commissioned_list", partnership))
    assert table_rows(page, "commissions") == [
        "Serious Youth Violence 12 May 2026 Youth Matters Managers Testshire Health: 17 "
        "Testshire Police: 25 42 Change Serious Youth Violence (May 2026)"
    ]
    form = business_unit.get(url("commissioned_edit", partnership, commissioned.pk))
    assert 'value="25"' in form.content.decode()
    business_unit.post(
        url("commissioned_edit", partnership, commissioned.pk),
        data | {f"attendees_{health.pk}": ""},
    )
    rows = CommissionedAttendance.objects.values_list("agency__name", "attendees")
    assert list(rows) == [("Testshire Police", 25)]


def test_negative_attendees_are_refused_on_their_agency(
    business_unit, partnership, commissioned_course, agency, health
):
    before = AuditEntry.objects.count()
    data = commission(commissioned_course, agency, health, **{f"attendees_{health.pk}": "-3"})
    response = business_unit.post(url("commissioned_add", partnership), data)
    assert error_summary(response) == [
        (f"#id_attendees_{health.pk}", "Testshire Health: Attendees must be 0 or more")
    ]
    nobody = commission(
        commissioned_course,
        agency,
        health,
        **{f"attendees_{agency.pk}": "", f"attendees_{health.pk}": "0"},
    )
    response = business_unit.post(url("commissioned_add", partnership), nobody)
    assert error_summary(response)[0][1].endswith("Enter the attendees from at least one agency")
    assert not CommissionedTraining.objects.exists()
    assert AuditEntry.objects.count() == before


def test_requirements_are_added_changed_and_retired(business_unit, partnership, course, agency):
    data = {"job_role": "Social worker", "course": course.pk, "renew_every_months": "36"}
    assert business_unit.post(url("requirement_add", partnership), data).status_code == 302
    requirement = Requirement.objects.get()
    page = business_unit.get(url("requirement_list", partnership))
    assert table_rows(page, "requirements")[0].startswith(
        "Social worker Every agency Working Together to Safeguard Children Every 36 months"
    )
    business_unit.post(
        url("requirement_edit", partnership, requirement.pk), data | {"agency": agency.pk}
    )
    requirement.refresh_from_db()
    assert requirement.agency == agency
    business_unit.post(
        url("requirement_retire", partnership, requirement.pk),
        date("retired_on", dt.date(2026, 12, 1)),
    )
    requirement.refresh_from_db()
    assert requirement.retired_on == dt.date(2026, 12, 1)
    page = business_unit.get(url("requirement_list", partnership))
    assert "Retired 1 Dec 2026" in table_rows(page, "requirements")[0]


def test_a_requirement_with_no_role_is_refused(business_unit, partnership, course):
    before = AuditEntry.objects.count()
    response = business_unit.post(url("requirement_add", partnership), {"course": course.pk})
    assert error_summary(response) == [("#id_job_role", "Enter job role")]
    assert not Requirement.objects.exists()
    assert AuditEntry.objects.count() == before


def test_the_records_say_when_there_are_none(as_role, partnership):
    lead = as_role(Role.AGENCY_LEAD)
    assert (
        "No webinar weeks are recorded yet"
        in lead.get(url("webinar_list", partnership)).content.decode()
    )
    assert (
        "No commissioned training"
        in lead.get(url("commissioned_list", partnership)).content.decode()
    )
    assert (
        "No training requirements"
        in lead.get(url("requirement_list", partnership)).content.decode()
    )
    assert (
        "Add a requirement" not in lead.get(url("requirement_list", partnership)).content.decode()
    )


def test_roles_that_may_not_keep_records_get_403(as_role, partnership, course):
    requirement = Requirement.objects.create(
        partnership=partnership, job_role="Nurse", course=course
    )
    for role in (Role.EXECUTIVE, Role.AGENCY_LEAD):
        client = as_role(role)
        assert client.get(url("requirement_add", partnership)).status_code == 403
        assert (
            client.post(url("requirement_retire", partnership, requirement.pk), {}).status_code
            == 403
        )
        assert client.post(url("webinar_add", partnership), {}).status_code == 403
    assert as_role(Role.LADO).get(url("commissioned_list", partnership)).status_code == 403


def test_records_of_another_partnership_are_404(
    business_unit, other_partnership, partnership, course
):
    elsewhere = make_course(other_partnership, "Elsewhere course")
    foreign = Requirement.objects.create(
        partnership=other_partnership, job_role="Nurse", course=elsewhere
    )
    assert business_unit.get(url("requirement_edit", partnership, foreign.pk)).status_code == 404
    assert business_unit.get(url("learning_gain", other_partnership)).status_code == 404
