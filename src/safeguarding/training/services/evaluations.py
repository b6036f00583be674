"""Evaluations: the self-ratings before and after the course, the follow-up impact survey, and
the quotes chosen for the yearly report.

A delegate rates every current question of the course on its scale, once before the course
(while they hold a place) and once after it (only when they attended); each answer goes into the
booking's row for that question, so a matched pair is a row with both ratings. A data pack passes
the time each stage was completed, and the rules are checked as of that time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.training.clocks import follow_up_due
from safeguarding.training.models import (
    HOLDS_PLACE,
    SCALE_MIN,
    Attendance,
    Booking,
    Evaluation,
    EvaluationStage,
    PracticeChange,
    Question,
    Rating,
)
from safeguarding.training.services._shared import (
    audit,
    create,
    day,
    raise_if,
    update,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

RATED_STAGES = (EvaluationStage.PRE, EvaluationStage.POST)
NO_CONSENT = "A quote can only be chosen when the delegate consented to being quoted"


def _when(completed_at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if completed_at is not None and completed_at > now:
        raise ValidationError({"completed_at": "The time completed must be now or in the past."})
    return completed_at or now


def _stage_error(booking: Booking, stage: str, when: dt.datetime) -> dict[str, str]:
    """Whether the booking may be evaluated at this stage at this time."""
    session = booking.session
    name = booking.delegate.name
    if stage == EvaluationStage.PRE:
        if booking.status not in HOLDS_PLACE:
            return {"booking": f"{name} does not hold a place on this session."}
        if when >= session.ends_at:
            return {"booking": "The session has ended: complete the evaluation after the course."}
        return {}
    if booking.attendance != Attendance.ATTENDED:
        return {"booking": f"{name} did not attend: you cannot evaluate a course not attended."}
    if when < session.starts_at:
        return {"booking": "The evaluation after the course opens when the session starts."}
    return {}


def _rating_errors(
    questions: list[Question], ratings: dict[Any, Any], scale: int
) -> dict[str, str]:
    errors: dict[str, str] = {}
    asked = {question.pk for question in questions}
    for key in ratings:
        if key not in asked:
            errors[f"question_{key}"] = "This question is not on this course's evaluation."
    for question in questions:
        value = ratings.get(question.pk)
        field = f"question_{question.pk}"
        if value in (None, ""):
            errors[field] = f"Rate “{question.text}”"
        elif not _on_scale(value, scale):
            errors[field] = f"Enter a rating from {SCALE_MIN} to {scale}"
    return errors


def _on_scale(value: Any, scale: int) -> bool:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False
    return str(number) == str(value).strip() and SCALE_MIN <= number <= scale


def _keyed(ratings: Mapping[Any, Any]) -> dict[Any, Any]:
    """Question ids as numbers where they are numbers ("12" from a form is question 12)."""
    return {int(k) if str(k).isdigit() else k: v for k, v in ratings.items()}


@transaction.atomic
def evaluation_submit(
    *,
    actor: User | None,
    booking: Booking,
    stage: str,
    ratings: Mapping[Any, Any],
    feedback: str = "",
    consent_to_quote: bool = False,
    quote_chosen: bool = False,
    completed_at: dt.datetime | None = None,
) -> Evaluation:
    """Record one stage ("pre" or "post") of a delegate's evaluation: a rating for every current
    question of the course, on the course's scale, each stage once."""
    when = _when(completed_at)
    if stage not in RATED_STAGES:
        raise ValidationError({"stage": "Select before or after the course"})
    if booking.evaluations.filter(stage=stage).exists():
        label = EvaluationStage(stage).label.lower()
        raise ValidationError({"stage": f"The evaluation {label} is already complete."})
    course = booking.session.course
    questions = list(course.questions.current(timezone.localdate(when)))
    answers = _keyed(ratings)
    errors = _stage_error(booking, stage, when) | _rating_errors(questions, answers, course.scale)
    if quote_chosen and not consent_to_quote:
        errors["quote_chosen"] = NO_CONSENT
    raise_if(errors)
    _write_ratings(booking, stage, {q: int(answers[q.pk]) for q in questions})
    evaluation = Evaluation(
        booking=booking,
        stage=stage,
        completed_at=when,
        feedback=feedback.strip(),
        consent_to_quote=consent_to_quote,
        quote_chosen=quote_chosen,
    )
    evaluation.full_clean()
    evaluation.save()
    changes = {"stage": [None, stage], "completed_at": [None, when]}
    changes |= {"ratings": [None, [int(answers[q.pk]) for q in questions]]}
    changes |= {"consent_to_quote": [None, consent_to_quote], "quote_chosen": [None, quote_chosen]}
    audit(actor, course.partnership, evaluation, "training.evaluation.submit", changes)
    return evaluation


def _write_ratings(booking: Booking, stage: str, ratings: dict[Question, int]) -> None:
    """Each rating into the booking's row for its question (pre and post side by side)."""
    rows = {row.question_id: row for row in booking.ratings.filter(question__in=list(ratings))}
    for question, value in ratings.items():
        row = rows.get(question.pk) or Rating(booking=booking, question=question)
        setattr(row, stage, value)
        row.save()


@transaction.atomic
def follow_up_submit(
    *,
    actor: User | None,
    booking: Booking,
    practice_changed: str,
    feedback: str = "",
    consent_to_quote: bool = False,
    completed_at: dt.datetime | None = None,
) -> Evaluation:
    """The follow-up impact survey: after the evaluation after the course, and not before the
    follow-up is due (by default 3 months after the session)."""
    when = _when(completed_at)
    stages = set(booking.evaluations.values_list("stage", flat=True))
    errors: dict[str, str] = {}
    opens = follow_up_due(booking.session)
    if EvaluationStage.FOLLOW_UP in stages:
        errors["booking"] = "The follow-up survey is already complete."
    elif EvaluationStage.POST not in stages:
        errors["booking"] = "Complete the evaluation after the course first."
    elif timezone.localdate(when) < opens:
        errors["booking"] = f"The follow-up survey opens on {day(opens)}."
    if practice_changed not in PracticeChange.values:
        errors["practice_changed"] = "Select whether the training has changed your practice"
    raise_if(errors)
    evaluation = Evaluation(
        booking=booking,
        stage=EvaluationStage.FOLLOW_UP,
        completed_at=when,
        feedback=feedback.strip(),
        consent_to_quote=consent_to_quote,
        practice_changed=practice_changed,
    )
    partnership = booking.session.course.partnership
    return create(actor, partnership, evaluation, "training.evaluation.follow_up")


@transaction.atomic
def quote_choose(*, actor: User | None, evaluation: Evaluation, chosen: bool) -> Evaluation:
    """Choose (or unchoose) a delegate's feedback as a quote for the yearly report: only with
    their consent, and only when there is feedback to quote."""
    if chosen and not evaluation.consent_to_quote:
        raise ValidationError({"chosen": NO_CONSENT})
    if chosen and not evaluation.feedback.strip():
        raise ValidationError({"chosen": "There is no feedback to quote."})
    partnership = evaluation.booking.session.course.partnership
    data = {"quote_chosen": chosen}
    return update(actor, partnership, evaluation, "training.evaluation.quote", data)
