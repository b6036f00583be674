"""Writes to rapid reviews and the agency summaries they ask for, each with its audit entry.

A rapid review starts from a notification that was sent to the Panel; it is due 15 working days
(the partnership's timescale) from that day. Each rapid review owns a learning Source, created
here and kept in step through `learning.services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Agency, Theme
from safeguarding.core.selectors import current_agencies_serving, timescale_for
from safeguarding.core.services import themes_check
from safeguarding.learning import services as learning_services
from safeguarding.learning.models import SourceKind
from safeguarding.reviews.clocks import RAPID_REVIEW
from safeguarding.reviews.models import (
    AgencySummary,
    Notification,
    PanelResponse,
    PracticeReview,
    RapidReview,
    ReviewDecision,
)
from safeguarding.reviews.services._shared import (
    day,
    not_before,
    not_future,
    require_text,
    save_changes,
    save_new,
    set_themes,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _title(title: str) -> str:
    return require_text(title, "title", "Enter the review's title")


@transaction.atomic
def rapid_review_start(
    *, actor: User | None, notification: Notification, title: str, themes: Iterable[Theme] = ()
) -> RapidReview:
    notified_on = notification.notified_on
    if notified_on is None:
        raise ValidationError(
            {"notification": "Record the date the notification was sent to the Panel first."}
        )
    if RapidReview.objects.filter(notification=notification).exists():
        raise ValidationError({"notification": f"{notification} already has a rapid review."})
    partnership = notification.partnership
    name = _title(title)
    chosen = themes_check(partnership, themes, on=notified_on)
    source = learning_services.source_create(
        actor=actor,
        partnership=partnership,
        kind=SourceKind.RAPID_REVIEW,
        title=name,
        started_on=notified_on,
    )
    review = RapidReview(
        notification=notification,
        source=source,
        title=name,
        due_on=timescale_for(partnership, RAPID_REVIEW).due_from(notified_on),
    )
    changes = {
        "notification": [None, str(notification)],
        "title": [None, name],
        "due_on": [None, review.due_on],
        "themes": [None, sorted(theme.name for theme in chosen)],
    }
    save_new(actor, partnership, review, "reviews.rapid_review.start", changes)
    review.themes.set(chosen)
    return review


@transaction.atomic
def rapid_review_update(
    *, actor: User | None, rapid_review: RapidReview, title: str, themes: Iterable[Theme]
) -> RapidReview:
    partnership = rapid_review.notification.partnership
    name = _title(title)
    chosen = themes_check(
        partnership, themes, on=_notified_on(rapid_review), keep=rapid_review.themes.all()
    )
    extra = set_themes(rapid_review, chosen)
    if name != rapid_review.title:
        learning_services.source_update(actor=actor, source=rapid_review.source, title=name)
    action = "reviews.rapid_review.update"
    return save_changes(actor, partnership, rapid_review, action, {"title": name}, extra)


def _save(
    actor: User | None, review: RapidReview, verb: str, data: dict[str, object]
) -> RapidReview:
    partnership = review.notification.partnership
    return save_changes(actor, partnership, review, f"reviews.rapid_review.{verb}", data)


def _notified_on(review: RapidReview) -> dt.date:
    notified_on = review.notification.notified_on
    assert notified_on is not None  # a rapid review starts only from a sent notification
    return notified_on


@transaction.atomic
def rapid_review_record_meeting(
    *, actor: User | None, rapid_review: RapidReview, meeting_on: dt.date
) -> RapidReview:
    not_before(
        meeting_on,
        _notified_on(rapid_review),
        "meeting_on",
        "The meeting cannot be before the Panel was notified on {day}.",
    )
    return _save(actor, rapid_review, "meeting", {"meeting_on": meeting_on})


@transaction.atomic
def rapid_review_complete(
    *, actor: User | None, rapid_review: RapidReview, completed_on: dt.date, decision: str
) -> RapidReview:
    """Record the day the review was completed (its clock is met) and the partners' decision."""
    not_future(completed_on, "completed_on", "The date the rapid review was completed")
    not_before(
        completed_on,
        _notified_on(rapid_review),
        "completed_on",
        "The rapid review cannot be completed before the Panel was notified on {day}.",
    )
    sent = rapid_review.sent_to_panel_on
    if sent is not None and completed_on > sent:
        raise ValidationError(
            {"completed_on": f"It was sent to the Panel on {day(sent)}: complete it by then."}
        )
    has_practice_review = PracticeReview.objects.filter(rapid_review=rapid_review).exists()
    if has_practice_review and decision != ReviewDecision.PRACTICE_REVIEW:
        raise ValidationError(
            {"decision": "A practice review was started from this decision: it cannot change."}
        )
    data = {"completed_on": completed_on, "decision": decision}
    return _save(actor, rapid_review, "complete", data)


@transaction.atomic
def rapid_review_record_sent(
    *, actor: User | None, rapid_review: RapidReview, sent_to_panel_on: dt.date
) -> RapidReview:
    """Record the day the completed review went to the national Panel."""
    completed_on = rapid_review.completed_on
    if completed_on is None:
        raise ValidationError(
            {"sent_to_panel_on": "Record the rapid review's completion before sending it."}
        )
    not_future(sent_to_panel_on, "sent_to_panel_on", "The date it was sent to the Panel")
    not_before(
        sent_to_panel_on,
        completed_on,
        "sent_to_panel_on",
        "It cannot be sent to the Panel before it was completed on {day}.",
    )
    not_before(
        rapid_review.panel_response_on,
        sent_to_panel_on,
        "sent_to_panel_on",
        "The Panel responded on {day}: it must have been sent by then.",
    )
    return _save(actor, rapid_review, "sent", {"sent_to_panel_on": sent_to_panel_on})


@transaction.atomic
def rapid_review_record_response(
    *,
    actor: User | None,
    rapid_review: RapidReview,
    panel_response: str,
    panel_response_on: dt.date,
) -> RapidReview:
    """Record whether the Panel agreed with the partners' decision, and when it said so."""
    sent = rapid_review.sent_to_panel_on
    if sent is None:
        raise ValidationError(
            {"panel_response": "Record the date it was sent to the Panel before its response."}
        )
    if panel_response not in PanelResponse.values:
        raise ValidationError({"panel_response": "Select the Panel's response"})
    not_future(panel_response_on, "panel_response_on", "The date of the Panel's response")
    not_before(
        panel_response_on,
        sent,
        "panel_response_on",
        "The Panel cannot respond before the review was sent on {day}.",
    )
    data = {"panel_response": panel_response, "panel_response_on": panel_response_on}
    return _save(actor, rapid_review, "response", data)


# Agency summaries


@transaction.atomic
def summaries_request(
    *,
    actor: User | None,
    rapid_review: RapidReview,
    agencies: Iterable[Agency],
    requested_on: dt.date,
    due_on: dt.date,
) -> list[AgencySummary]:
    """Ask each involved agency for its summary; each summary keeps its own due date."""
    chosen = list(agencies)
    if not chosen:
        raise ValidationError({"agencies": "Select the agencies to ask for a summary"})
    partnership = rapid_review.notification.partnership
    serving = set(
        current_agencies_serving(partnership, on=requested_on).values_list("pk", flat=True)
    )
    strangers = [agency.name for agency in chosen if agency.pk not in set(serving)]
    if strangers:
        raise ValidationError({"agencies": f"{', '.join(strangers)} does not serve {partnership}."})
    asked = set(rapid_review.summaries.values_list("agency_id", flat=True))
    again = [agency.name for agency in chosen if agency.pk in asked]
    if again:
        raise ValidationError({"agencies": f"{', '.join(again)} was already asked for a summary."})
    not_future(requested_on, "requested_on", "The date the summaries were requested")
    not_before(
        due_on, requested_on, "due_on", "The due date cannot be before the request on {day}."
    )
    return [
        save_new(
            actor,
            partnership,
            AgencySummary(
                rapid_review=rapid_review, agency=agency, requested_on=requested_on, due_on=due_on
            ),
            "reviews.agency_summary.request",
            {"requested_on": [None, requested_on], "due_on": [None, due_on]},
        )
        for agency in chosen
    ]


@transaction.atomic
def summary_return(
    *, actor: User | None, summary: AgencySummary, text: str, returned_on: dt.date
) -> AgencySummary:
    """The agency's lead returns its summary (again, to correct it): its clock is met."""
    written = require_text(text, "text", "Enter the agency's summary")
    not_future(returned_on, "returned_on", "The date the summary was returned")
    not_before(
        returned_on,
        summary.requested_on,
        "returned_on",
        "The summary cannot be returned before it was requested on {day}.",
    )
    data = {"summary": written, "returned_on": returned_on, "returned_by": actor}
    partnership = summary.rapid_review.notification.partnership
    return save_changes(actor, partnership, summary, "reviews.agency_summary.return", data)
