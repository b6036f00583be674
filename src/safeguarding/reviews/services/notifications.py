"""Writes to serious incident notifications, each with its audit entry.

The notification's due date is worked out from the partnership's timescale when its clock starts
(the day the local authority became aware) and stored; correcting that day moves it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Partnership
from safeguarding.core.selectors import timescale_for
from safeguarding.learning import services as learning_services
from safeguarding.reviews.clocks import NOTIFICATION, RAPID_REVIEW
from safeguarding.reviews.models import Notification, RapidReview
from safeguarding.reviews.services._shared import (
    day,
    not_before,
    not_future,
    require_text,
    save_changes,
    save_new,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

EDITABLE = (
    "case_code",
    "aware_on",
    "notified_on",
    "outcome",
    "harm",
    "age_band",
    "sex",
    "looked_after",
    "local_authority",
)


def _check_case_code(partnership: Partnership, case_code: str, exclude: int | None) -> str:
    code = require_text(case_code, "case_code", "Enter the child's case code")
    clash = Notification.objects.filter(partnership=partnership, case_code__iexact=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"case_code": f"A notification for {code} is already recorded."})
    return code


def _check_dates(aware_on: dt.date, notified_on: dt.date | None) -> None:
    not_future(aware_on, "aware_on", "The date the local authority became aware")
    not_future(notified_on, "notified_on", "The date the Panel was notified")
    not_before(
        notified_on,
        aware_on,
        "notified_on",
        "The Panel cannot be notified before the local authority became aware on {day}.",
    )


@transaction.atomic
def notification_create(
    *,
    actor: User | None,
    partnership: Partnership,
    case_code: str,
    aware_on: dt.date,
    outcome: str,
    harm: str,
    age_band: str,
    sex: str,
    local_authority: str,
    looked_after: bool = False,
    notified_on: dt.date | None = None,
) -> Notification:
    code = _check_case_code(partnership, case_code, None)
    _check_dates(aware_on, notified_on)
    notification = Notification(
        partnership=partnership,
        case_code=code,
        aware_on=aware_on,
        notified_on=notified_on,
        due_on=timescale_for(partnership, NOTIFICATION).due_from(aware_on),
        outcome=outcome,
        harm=harm,
        age_band=age_band,
        sex=sex,
        looked_after=looked_after,
        local_authority=local_authority.strip(),
    )
    changes = {
        "case_code": [None, code],
        "aware_on": [None, aware_on],
        "due_on": [None, notification.due_on],
        "notified_on": [None, notified_on],
    }
    return save_new(actor, partnership, notification, "reviews.notification.create", changes)


@transaction.atomic
def notification_update(
    *, actor: User | None, notification: Notification, data: dict[str, Any]
) -> Notification:
    """Change what was recorded; a corrected start date moves the clocks that run from it."""
    data = {name: value for name, value in data.items() if name in EDITABLE}
    partnership = notification.partnership
    if "case_code" in data:
        data["case_code"] = _check_case_code(partnership, data["case_code"], notification.pk)
    aware_on = data.get("aware_on", notification.aware_on)
    notified_on = data.get("notified_on", notification.notified_on)
    _check_dates(aware_on, notified_on)
    if aware_on != notification.aware_on:
        data["due_on"] = timescale_for(partnership, NOTIFICATION).due_from(aware_on)
    if notified_on != notification.notified_on:
        _move_rapid_review(actor, notification, notified_on)
    return save_changes(actor, partnership, notification, "reviews.notification.update", data)


@transaction.atomic
def notification_record_sent(
    *, actor: User | None, notification: Notification, notified_on: dt.date
) -> Notification:
    """Record the day the notification was sent to the national Panel: its clock is met."""
    _check_dates(notification.aware_on, notified_on)
    if notified_on != notification.notified_on:
        _move_rapid_review(actor, notification, notified_on)
    data = {"notified_on": notified_on}
    return save_changes(
        actor, notification.partnership, notification, "reviews.notification.sent", data
    )


def _move_rapid_review(
    actor: User | None, notification: Notification, notified_on: dt.date | None
) -> None:
    """The rapid review runs from the notification date: keep its due date and source in step."""
    review = RapidReview.objects.filter(notification=notification).select_related("source").first()
    if review is None:
        return
    if notified_on is None:
        raise ValidationError(
            {"notified_on": "Its rapid review has started: enter the date the Panel was notified."}
        )
    if review.completed_on is not None and review.completed_on < notified_on:
        raise ValidationError(
            {
                "notified_on": "The rapid review was completed on "
                f"{day(review.completed_on)}: the Panel must have been notified by then."
            }
        )
    due_on = timescale_for(notification.partnership, RAPID_REVIEW).due_from(notified_on)
    save_changes(
        actor,
        notification.partnership,
        review,
        "reviews.rapid_review.update",
        {"due_on": due_on},
    )
    learning_services.source_update(actor=actor, source=review.source, started_on=notified_on)
