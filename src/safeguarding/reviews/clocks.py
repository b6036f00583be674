"""The statutory clocks of reviews: which timescale each runs on, and its state for one record.

A clock runs from its start to the due date stored on the record when the clock started, and is
met by the date the thing was done:

| record | starts | timescale | met by |
| --- | --- | --- | --- |
| notification | aware_on | serious_incident_notification (5 working days) | notified_on |
| rapid review | the notification's notified_on | rapid_review (15 working days) | completed_on |
| agency summary | requested_on | its own due date | returned_on |
| practice review | decided_on | practice_review_publication (6 months) | published_on |

"Due soon" comes from the partnership's timescale settings; an agency summary uses the rapid
review's. No function here queries the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from safeguarding.core.calendar import Clock, make_clock
from safeguarding.reviews.models import AgencySummary, Notification, PracticeReview, RapidReview

NOTIFICATION = "serious_incident_notification"
RAPID_REVIEW = "rapid_review"
PUBLICATION = "practice_review_publication"
PRE_PUBLICATION = "practice_review_pre_publication"
CODES = (NOTIFICATION, RAPID_REVIEW, PUBLICATION)

#: Working days before the due date when a clock shows "due soon", by timescale code.
DueSoon = Mapping[str, int]


def notification_clock(notification: Notification, due_soon: DueSoon, today: dt.date) -> Clock:
    return make_clock(
        started=notification.aware_on,
        due=notification.due_on,
        completed=notification.notified_on,
        today=today,
        due_soon_working_days=due_soon[NOTIFICATION],
    )


def rapid_review_clock(
    review: RapidReview, notified_on: dt.date, due_soon: DueSoon, today: dt.date
) -> Clock:
    return make_clock(
        started=notified_on,
        due=review.due_on,
        completed=review.completed_on,
        today=today,
        due_soon_working_days=due_soon[RAPID_REVIEW],
    )


def summary_clock(summary: AgencySummary, due_soon: DueSoon, today: dt.date) -> Clock:
    return make_clock(
        started=summary.requested_on,
        due=summary.due_on,
        completed=summary.returned_on,
        today=today,
        due_soon_working_days=due_soon[RAPID_REVIEW],
    )


def practice_review_clock(review: PracticeReview, due_soon: DueSoon, today: dt.date) -> Clock:
    return make_clock(
        started=review.decided_on,
        due=review.due_on,
        completed=review.published_on,
        today=today,
        due_soon_working_days=due_soon[PUBLICATION],
    )
