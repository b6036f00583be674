"""Evaluations before and after the course, the follow-up survey, quotes and certificates.

The course has three questions rated 1 to 5; its session ran on Tuesday 14 May 2024, 09:30 to
16:30, and today is Tuesday 1 December 2026 unless a test travels.
"""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.training import services
from safeguarding.training.models import Evaluation, Rating
from tests.training.factories import (
    LONDON,
    NOW,
    make_booking,
    make_course,
    make_evaluated,
    make_session,
)

pytestmark = pytest.mark.django_db

STARTS = dt.datetime(2024, 5, 14, 9, 30, tzinfo=LONDON)
BEFORE = dt.datetime(2024, 5, 10, 12, 0, tzinfo=LONDON)
AFTER = dt.datetime(2024, 5, 14, 17, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def past(course):
    return make_session(course, starts_at=STARTS)


@pytest.fixture
def questions(course):
    return list(course.questions.order_by("position"))


@pytest.fixture
def attended(past, delegate):
    return make_booking(past, delegate, attendance="attended")


def rated(questions, *values):
    return {q.pk: v for q, v in zip(questions, values, strict=True)}


def submit(officer, booking, stage, ratings, **fields):
    return services.evaluation_submit(
        actor=officer, booking=booking, stage=stage, ratings=ratings, **fields
    )


def test_before_and_after_ratings_sit_side_by_side(officer, attended, questions):
    submit(officer, attended, "pre", rated(questions, 2, 3, 1), completed_at=BEFORE)
    evaluation = submit(
        officer,
        attended,
        "post",
        rated(questions, 4, 4, 3),
        feedback=" I now know who to call. ",
        consent_to_quote=True,
        completed_at=AFTER,
    )
    pairs = list(Rating.objects.order_by("question__position").values_list("pre", "post"))
    assert pairs == [(2, 4), (3, 4), (1, 3)]
    assert (evaluation.completed_at, evaluation.feedback) == (AFTER, "I now know who to call.")
    entries = AuditEntry.objects.filter(action="training.evaluation.submit").order_by("seq")
    assert [e.changes["ratings"][1] for e in entries] == [[2, 3, 1], [4, 4, 3]]


def test_completed_at_defaults_to_now(officer, session, delegate, questions):
    booking = make_booking(session, delegate)
    evaluation = submit(officer, booking, "pre", rated(questions, 3, 3, 3))
    assert evaluation.completed_at == NOW


def test_a_rating_outside_the_scale_names_its_question(refused, officer, attended, questions):
    ratings = rated(questions, 4, 6, 3)
    message = refused(
        lambda: submit(officer, attended, "post", ratings), f"question_{questions[1].pk}"
    )
    assert message == "Enter a rating from 1 to 5"
    refused(
        lambda: submit(officer, attended, "post", rated(questions, 0, 3, 3)),
        f"question_{questions[0].pk}",
    )
    refused(
        lambda: submit(officer, attended, "post", rated(questions, "x", 3, 3)),
        f"question_{questions[0].pk}",
    )


def test_a_ten_point_course_takes_ten(officer, partnership, delegate):
    course = make_course(partnership, title="Neglect", scale=10, questions=1)
    booking = make_booking(make_session(course, starts_at=STARTS), delegate, attendance="attended")
    [question] = course.questions.all()
    submit(officer, booking, "post", {question.pk: 10})
    assert Rating.objects.get().post == 10


def test_every_current_question_must_be_rated(refused, officer, attended, questions):
    services.question_retire(actor=officer, question=questions[2], retired_on=dt.date(2024, 1, 1))
    ratings = {questions[0].pk: 4}
    message = refused(
        lambda: submit(officer, attended, "post", ratings), f"question_{questions[1].pk}"
    )
    assert message == f"Rate “{questions[1].text}”"
    submit(officer, attended, "post", rated(questions[:2], 4, 5))  # the retired one is not asked
    assert Rating.objects.count() == 2


def test_a_question_of_another_course_is_refused(
    refused, officer, partnership, attended, questions
):
    other = make_course(partnership, title="Neglect", questions=1).questions.get()
    ratings = rated(questions, 4, 4, 4) | {other.pk: 3}
    refused(lambda: submit(officer, attended, "post", ratings), f"question_{other.pk}")


def test_a_course_not_attended_cannot_be_evaluated_after(
    refused, officer, past, delegate, questions
):
    absent = make_booking(past, delegate, attendance="did_not_attend")
    message = refused(lambda: submit(officer, absent, "post", rated(questions, 4, 4, 4)), "booking")
    assert message == "Pat Officer did not attend: you cannot evaluate a course not attended."


def test_a_booking_without_a_register_mark_cannot_be_evaluated_after(
    refused, officer, session, delegate, questions
):
    booking = make_booking(session, delegate)
    refused(lambda: submit(officer, booking, "post", rated(questions, 4, 4, 4)), "booking")


def test_before_the_course_needs_a_place_and_a_session_not_ended(
    refused, officer, past, delegate, questions
):
    booking = make_booking(past, delegate, attendance="attended")
    message = refused(lambda: submit(officer, booking, "pre", rated(questions, 2, 2, 2)), "booking")
    assert message == "The session has ended: complete the evaluation after the course."
    waiting = make_booking(make_session(past.course), delegate, status="waiting")
    refused(lambda: submit(officer, waiting, "pre", rated(questions, 2, 2, 2)), "booking")


def test_each_stage_once(refused, officer, attended, questions):
    submit(officer, attended, "post", rated(questions, 4, 4, 4))
    message = refused(lambda: submit(officer, attended, "post", rated(questions, 5, 5, 5)), "stage")
    assert message == "The evaluation after the course is already complete."
    refused(lambda: submit(officer, attended, "follow_up", rated(questions, 5, 5, 5)), "stage")


def test_a_quote_is_chosen_only_with_consent(refused, officer, attended, questions):
    ratings = rated(questions, 4, 4, 4)
    call = lambda: submit(officer, attended, "post", ratings, feedback="Great", quote_chosen=True)  # noqa: E731
    refused(call, "quote_chosen")
    evaluation = submit(officer, attended, "post", ratings, feedback="Great")
    refused(
        lambda: services.quote_choose(actor=officer, evaluation=evaluation, chosen=True), "chosen"
    )


def test_the_training_officer_chooses_a_consented_quote(officer, attended, questions):
    evaluation = submit(
        officer,
        attended,
        "post",
        rated(questions, 4, 4, 4),
        feedback="Great",
        consent_to_quote=True,
    )
    services.quote_choose(actor=officer, evaluation=evaluation, chosen=True)
    assert Evaluation.objects.get().quote_chosen is True
    assert AuditEntry.objects.filter(action="training.evaluation.quote").count() == 1


def test_a_rating_from_a_future_time_is_refused(refused, officer, attended, questions):
    later = NOW + dt.timedelta(days=1)
    refused(
        lambda: submit(officer, attended, "post", rated(questions, 4, 4, 4), completed_at=later),
        "completed_at",
    )


# The follow-up survey: 3 months after the session (14 August 2024)


def follow_up(officer, booking, completed_at, practice_changed="yes"):
    return services.follow_up_submit(
        actor=officer, booking=booking, practice_changed=practice_changed, completed_at=completed_at
    )


def test_the_follow_up_comes_after_the_evaluation_after_the_course(refused, officer, attended):
    message = refused(lambda: follow_up(officer, attended, NOW), "booking")
    assert message == "Complete the evaluation after the course first."


def test_the_follow_up_opens_three_months_after_the_session(refused, officer, attended):
    make_evaluated(attended, post=[4, 4, 4])
    message = refused(
        lambda: follow_up(officer, attended, dt.datetime(2024, 8, 13, 12, tzinfo=LONDON)), "booking"
    )
    assert message == "The follow-up survey opens on 14 August 2024."
    evaluation = follow_up(officer, attended, dt.datetime(2024, 8, 14, 12, tzinfo=LONDON))
    assert (evaluation.stage, evaluation.practice_changed) == ("follow_up", "yes")


def test_the_follow_up_asks_whether_practice_changed(refused, officer, attended):
    make_evaluated(attended, post=[4, 4, 4])
    message = refused(
        lambda: follow_up(officer, attended, NOW, practice_changed=""), "practice_changed"
    )
    assert message == "Select whether the training has changed your practice"


# Certificates


def test_a_certificate_needs_the_evaluation_after_the_course(refused, officer, attended, questions):
    message = refused(
        lambda: services.certificate_issue(actor=officer, booking=attended), "booking"
    )
    assert message == "Complete the evaluation to get your certificate"
    submit(officer, attended, "post", rated(questions, 4, 4, 4))
    assert services.certificate_issue(actor=officer, booking=attended) == attended
    entry = AuditEntry.objects.get(action="training.certificate.issue")
    assert entry.target_id == str(attended.pk)


def test_a_certificate_needs_attendance(refused, officer, past, delegate):
    absent = make_booking(past, delegate, attendance="did_not_attend")
    refused(lambda: services.certificate_issue(actor=officer, booking=absent), "booking")
