"""Notifications and reviews for tests, made through the services so they are always valid.

Dates default to Easter 2024: the local authority became aware on Thursday 28 March, the Panel
was notified on Monday 8 April (day 5, past Good Friday and Easter Monday).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding.core.models import Agency, Partnership
from safeguarding.reviews import services
from safeguarding.reviews.models import (
    AgencySummary,
    LearningReview,
    LearningReviewKind,
    Notification,
    PracticeReview,
    RapidReview,
    ReviewDecision,
)

AWARE = dt.date(2024, 3, 28)
NOTIFIED = dt.date(2024, 4, 8)


def make_notification(
    partnership: Partnership, case_code: str = "Child Q", **fields: Any
) -> Notification:
    values: dict[str, Any] = {
        "aware_on": AWARE,
        "outcome": "seriously_harmed",
        "harm": "abuse",
        "age_band": "under_1",
        "sex": "male",
        "local_authority": "Testshire",
    } | fields
    return services.notification_create(
        actor=None, partnership=partnership, case_code=case_code, **values
    )


def make_rapid_review(
    partnership: Partnership,
    title: str = "Baby Q",
    case_code: str | None = None,
    notified_on: dt.date = NOTIFIED,
    **fields: Any,
) -> RapidReview:
    aware_on = fields.pop("aware_on", min(AWARE, notified_on))
    notification = make_notification(
        partnership, case_code or f"Child {title}", aware_on=aware_on, notified_on=notified_on
    )
    return services.rapid_review_start(actor=None, notification=notification, title=title, **fields)


def ask_summary(
    review: RapidReview,
    agency: Agency,
    requested_on: dt.date = dt.date(2024, 4, 9),
    due_on: dt.date = dt.date(2024, 4, 19),
) -> AgencySummary:
    [summary] = services.summaries_request(
        actor=None, rapid_review=review, agencies=[agency], requested_on=requested_on, due_on=due_on
    )
    return summary


def complete(review: RapidReview, completed_on: dt.date, decision: str = "other_learning") -> None:
    services.rapid_review_complete(
        actor=None, rapid_review=review, completed_on=completed_on, decision=decision
    )


def make_practice_review(
    partnership: Partnership,
    title: str = "Child R: a practice review",
    decided_on: dt.date = dt.date(2024, 5, 1),
    **fields: Any,
) -> PracticeReview:
    return services.practice_review_create(
        actor=None, partnership=partnership, title=title, decided_on=decided_on, **fields
    )


def make_practice_review_from(review: RapidReview, decided_on: dt.date) -> PracticeReview:
    complete(review, decided_on, ReviewDecision.PRACTICE_REVIEW)
    return make_practice_review(
        review.notification.partnership,
        title=f"{review.title}: a practice review",
        decided_on=decided_on,
        rapid_review=review,
    )


def make_learning_review(
    partnership: Partnership,
    title: str = "Neglect in adolescence",
    started_on: dt.date = dt.date(2023, 9, 4),
    **fields: Any,
) -> LearningReview:
    values: dict[str, Any] = {
        "kind": LearningReviewKind.THEMATIC,
        "rationale": "Three cases in a year showed the same pattern.",
    } | fields
    return services.learning_review_create(
        actor=None, partnership=partnership, title=title, started_on=started_on, **values
    )
