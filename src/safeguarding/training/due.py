"""Evaluations on a delegate's home page: the before-course self-rating of a course starting
soon, the after-course evaluation of a course they attended, and the follow-up impact survey
once it opens. Each is the signed-in user's own; nobody else sees them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import ClockState, add_working_days, clock_state
from safeguarding.core.navigation import DueItem
from safeguarding.training import record_selectors as selectors
from safeguarding.training.clocks import follow_up_due
from safeguarding.training.models import Booking

KIND = "Training evaluation"
#: The before-course self-rating is asked for from this many days before the course.
ASK_BEFORE_DAYS = 14
#: The after-course evaluation is due this many working days after the course ends.
AFTER_COURSE_WORKING_DAYS = 5
DUE_SOON_WORKING_DAYS = 2


def evaluation_items(scope: Scope, today: dt.date) -> list[DueItem]:
    now = timezone.now()
    soon = now + dt.timedelta(days=ASK_BEFORE_DAYS)
    items = [
        _item(scope, booking, today) for booking in selectors.evaluations_to_do(scope, now, soon)
    ]
    return [item for item in items if item is not None]


def _item(scope: Scope, booking: Booking, today: dt.date) -> DueItem | None:
    course = booking.session.course
    slug = scope.partnership.slug
    if getattr(booking, "has_post", False):
        opens = follow_up_due(booking.session)
        if opens > today:
            return None
        url = reverse("training:follow_up", args=[slug, booking.pk])
        return _due(f"Follow-up survey: {course}", url, opens, today)
    if booking.attendance and booking.session.ends_at <= timezone.now():
        ended = timezone.localdate(booking.session.ends_at)
        url = reverse("training:evaluate", args=[slug, booking.pk, "post"])
        due = add_working_days(ended, AFTER_COURSE_WORKING_DAYS)
        return _due(f"Evaluate {course}", url, due, today)
    url = reverse("training:evaluate", args=[slug, booking.pk, "pre"])
    starts = timezone.localdate(booking.session.starts_at)
    return _due(f"Rate yourself before {course}", url, starts, today)


def _due(title: str, url: str, due: dt.date, today: dt.date) -> DueItem:
    state = clock_state(
        due=due, completed=None, today=today, due_soon_working_days=DUE_SOON_WORKING_DAYS
    )
    return DueItem(title, url, due, ClockState(state), KIND)
