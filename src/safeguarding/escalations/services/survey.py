"""Practitioners' answers to the survey about using the protocol, and the quotes the business
unit chooses for the yearly report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.service_helpers import save_changes, save_new
from safeguarding.escalations.models import Escalation, PositiveOutcome, SurveyResponse
from safeguarding.escalations.services._shared import (
    audit_values,
    check_agency,
    not_before,
    not_future,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

SURVEY_EDITABLE = (
    "received_on",
    "positive_outcome",
    "comment",
    "agency",
    "escalation",
    "quote_in_report",
)


def _check_response(
    partnership: Partnership, data: dict[str, Any], before: SurveyResponse | None
) -> None:
    received_on: dt.date = data["received_on"]
    not_future(received_on, "received_on", "The date received")
    if data["positive_outcome"] not in PositiveOutcome.values:
        raise ValidationError({"positive_outcome": "Select whether the outcome was positive"})
    agency: Agency | None = data["agency"]
    if agency is not None and (before is None or agency.pk != before.agency_id):
        check_agency(partnership, agency, "agency", received_on)
    _check_escalation(partnership, data["escalation"], received_on)
    data["comment"] = (data["comment"] or "").strip()
    if data["quote_in_report"] and not data["comment"]:
        raise ValidationError({"comment": "Enter the comment to quote, or do not quote it"})


def _check_escalation(
    partnership: Partnership, escalation: Escalation | None, received_on: dt.date
) -> None:
    if escalation is None:
        return
    if escalation.partnership_id != partnership.pk:
        raise ValidationError({"escalation": "Select a difference of this partnership"})
    not_before(
        received_on,
        escalation.raised_on,
        "received_on",
        "The date received must be on or after {day}, when the difference was raised",
    )


@transaction.atomic
def survey_response_create(
    *,
    actor: User | None,
    partnership: Partnership,
    received_on: dt.date,
    positive_outcome: str,
    comment: str = "",
    agency: Agency | None = None,
    escalation: Escalation | None = None,
    quote_in_report: bool = False,
) -> SurveyResponse:
    data = {
        "received_on": received_on,
        "positive_outcome": positive_outcome,
        "comment": comment,
        "agency": agency,
        "escalation": escalation,
        "quote_in_report": quote_in_report,
    }
    _check_response(partnership, data, None)
    response = SurveyResponse(partnership=partnership)
    for name, value in data.items():
        setattr(response, name, value)
    changes = audit_values(response, SURVEY_EDITABLE)
    action = "escalations.survey_response.create"
    return save_new(actor, partnership, response, action, changes)


@transaction.atomic
def survey_response_update(
    *, actor: User | None, response: SurveyResponse, data: dict[str, Any]
) -> SurveyResponse:
    """Change a response, or choose (or stop choosing) its comment to quote in the report."""
    given = {name: value for name, value in data.items() if name in SURVEY_EDITABLE}
    merged = {name: given.get(name, getattr(response, name)) for name in SURVEY_EDITABLE}
    _check_response(response.partnership, merged, response)
    action = "escalations.survey_response.update"
    return save_changes(actor, response.partnership, response, action, merged)
