"""Who may see and change notifications and reviews.

The business unit and administrators keep everything; the scrutineer and the executive read
everything. An agency lead sees only the rapid reviews that ask their agency for a summary, and
only their own agency's summary of each, which they return (another agency's answers 404).
Practitioners, the LADO and the CDOP coordinator have no part in reviews: every reviews page
answers them 403, whichever record it names, so nothing about a record is revealed by it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import VIEW, M, Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.reviews.models import (
    AgencySummary,
    LearningReview,
    Notification,
    PracticeReview,
    RapidReview,
)

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
#: Roles that read every notification and review of their partnership.
READ_ALL = MANAGERS | {Role.SCRUTINEER, Role.EXECUTIVE}
#: Roles that read some reviews: the agency lead, for their agency's rapid reviews.
READ_SOME = READ_ALL | {Role.AGENCY_LEAD}
WRITE = {"add": MANAGERS, "change": MANAGERS}


class ReviewPolicy(Policy[M]):
    """A policy whose pages answer 403 to a role that may read none of its rows."""

    read_roles: ClassVar[frozenset[Role]] = READ_ALL

    def get(
        self, scope: Scope, pk: Any, action: str = VIEW, queryset: QuerySet[M] | None = None
    ) -> M:
        self.require(scope, VIEW)
        return super().get(scope, pk, action, queryset)


class NotificationPolicy(ReviewPolicy[Notification]):
    model = Notification
    action_roles = {**WRITE, "sent": MANAGERS, "start_review": MANAGERS}


def _agency_reviews(scope: Scope) -> QuerySet[AgencySummary]:
    return AgencySummary.objects.filter(agency_id__in=scope.agency_ids)


class RapidReviewPolicy(ReviewPolicy[RapidReview]):
    model = RapidReview
    read_roles = READ_SOME
    partnership_path = "notification__partnership"
    action_roles = {
        "change": MANAGERS,
        "meeting": MANAGERS,
        "complete": MANAGERS,
        "sent": MANAGERS,
        "response": MANAGERS,
        "request_summaries": MANAGERS,
    }

    def visible(self, scope: Scope) -> QuerySet[RapidReview]:
        rows = super().visible(scope)
        if scope.has_any(READ_ALL):
            return rows
        return rows.filter(pk__in=_agency_reviews(scope).values("rapid_review_id"))


class AgencySummaryPolicy(ReviewPolicy[AgencySummary]):
    """Summaries are seen with their rapid review; an agency lead returns only their agency's."""

    model = AgencySummary
    read_roles = READ_SOME
    partnership_path = "rapid_review__notification__partnership"
    action_roles = {"return": MANAGERS | {Role.AGENCY_LEAD}}

    def visible(self, scope: Scope) -> QuerySet[AgencySummary]:
        """Everything for those who read everything; an agency lead only their agency's own
        summaries (another agency's answers 404: the lead sees the review, not its summary)."""
        rows = super().visible(scope)
        if scope.has_any(READ_ALL):
            return rows
        return rows.filter(agency_id__in=scope.agency_ids)


class PracticeReviewPolicy(ReviewPolicy[PracticeReview]):
    model = PracticeReview
    action_roles = {**WRITE, "sent": MANAGERS, "publish": MANAGERS}


class LearningReviewPolicy(ReviewPolicy[LearningReview]):
    model = LearningReview
    action_roles = {**WRITE, "complete": MANAGERS}


notifications = NotificationPolicy()
rapid_reviews = RapidReviewPolicy()
summaries = AgencySummaryPolicy()
practice_reviews = PracticeReviewPolicy()
learning_reviews = LearningReviewPolicy()
