"""The reviews pages in the access sweep (tests/test_access_sweep.py).

Everyone who reads reviews (managers, scrutineer, executive) reads every page; an agency lead
reads the list and the rapid review that asks their agency for a summary, and returns that
summary; practitioners, the LADO and the CDOP coordinator get 403 everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding.accounts.roles import Role
from safeguarding.reviews.policies import READ_ALL, READ_SOME
from tests.reviews.factories import (
    ask_summary,
    make_learning_review,
    make_practice_review,
    make_rapid_review,
)
from tests.sweep import MANAGERS, Route, _p, _pk

ROUTES: dict[str, Route] = {
    "reviews:review_list": Route(_p, readers=READ_SOME),
    "reviews:notification_add": Route(_p, writers=MANAGERS),
    "reviews:notification_detail": Route(_pk("review_notification"), readers=READ_ALL),
    "reviews:notification_edit": Route(_pk("review_notification"), writers=MANAGERS),
    "reviews:notification_sent": Route(_pk("review_notification"), writers=MANAGERS),
    "reviews:rapid_review_start": Route(_pk("review_notification"), writers=MANAGERS),
    "reviews:rapid_review_detail": Route(_pk("rapid_review"), readers=READ_SOME),
    "reviews:rapid_review_edit": Route(_pk("rapid_review"), writers=MANAGERS),
    "reviews:rapid_review_meeting": Route(_pk("rapid_review"), writers=MANAGERS),
    "reviews:rapid_review_complete": Route(_pk("rapid_review"), writers=MANAGERS),
    "reviews:rapid_review_sent": Route(_pk("rapid_review"), writers=MANAGERS),
    "reviews:rapid_review_response": Route(_pk("rapid_review"), writers=MANAGERS),
    "reviews:summaries_request": Route(_pk("rapid_review"), writers=MANAGERS),
    "reviews:summary_return": Route(_pk("agency_summary"), writers=MANAGERS | {Role.AGENCY_LEAD}),
    "reviews:practice_review_add": Route(_p, writers=MANAGERS),
    "reviews:practice_review_detail": Route(_pk("practice_review"), readers=READ_ALL),
    "reviews:practice_review_edit": Route(_pk("practice_review"), writers=MANAGERS),
    "reviews:practice_review_sent": Route(_pk("practice_review"), writers=MANAGERS),
    "reviews:practice_review_publish": Route(_pk("practice_review"), writers=MANAGERS),
    "reviews:learning_review_add": Route(_p, writers=MANAGERS),
    "reviews:learning_review_detail": Route(_pk("learning_review"), readers=READ_ALL),
    "reviews:learning_review_edit": Route(_pk("learning_review"), writers=MANAGERS),
    "reviews:learning_review_complete": Route(_pk("learning_review"), writers=MANAGERS),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    partnership = world["partnership"]
    review = make_rapid_review(partnership, "Sweep")
    return {
        "review_notification": review.notification,
        "rapid_review": review,
        "agency_summary": ask_summary(review, world["agency"]),
        "practice_review": make_practice_review(partnership, decided_on=dt.date(2024, 5, 1)),
        "learning_review": make_learning_review(partnership),
    }
