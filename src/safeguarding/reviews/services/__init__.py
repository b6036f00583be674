"""Every write to notifications and reviews, each with its audit entry.

Split by responsibility; callers use `reviews.services.<function>`.
"""

from safeguarding.reviews.services.notifications import (
    notification_create,
    notification_record_sent,
    notification_update,
)
from safeguarding.reviews.services.practice_reviews import (
    learning_review_complete,
    learning_review_create,
    learning_review_update,
    practice_review_create,
    practice_review_publish,
    practice_review_record_sent,
    practice_review_update,
)
from safeguarding.reviews.services.rapid_reviews import (
    rapid_review_complete,
    rapid_review_record_meeting,
    rapid_review_record_response,
    rapid_review_record_sent,
    rapid_review_start,
    rapid_review_update,
    summaries_request,
    summary_return,
)

__all__ = [
    "learning_review_complete",
    "learning_review_create",
    "learning_review_update",
    "notification_create",
    "notification_record_sent",
    "notification_update",
    "practice_review_create",
    "practice_review_publish",
    "practice_review_record_sent",
    "practice_review_update",
    "rapid_review_complete",
    "rapid_review_record_meeting",
    "rapid_review_record_response",
    "rapid_review_record_sent",
    "rapid_review_start",
    "rapid_review_update",
    "summaries_request",
    "summary_return",
]
