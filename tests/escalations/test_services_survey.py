"""Practitioners' survey responses and the comments the business unit chooses to quote."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.audit.models import AuditEntry
from safeguarding.escalations import services
from safeguarding.escalations.models import PositiveOutcome, SurveyResponse
from tests.escalations.factories import EscalationFactory

NOW = dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def add(partnership, **changes):
    fields = {
        "actor": None,
        "partnership": partnership,
        "received_on": dt.date(2024, 5, 10),
        "positive_outcome": PositiveOutcome.YES,
        "comment": "It gave the child a better plan.",
        **changes,
    }
    return services.survey_response_create(**fields)


@time_machine.travel(NOW, tick=False)
def test_a_response_is_recorded_with_its_audit_entry(partnership, health):
    escalation = EscalationFactory(partnership=partnership, raised_on=dt.date(2024, 4, 2))
    response = add(partnership, agency=health, escalation=escalation, quote_in_report=True)
    assert (response.agency, response.escalation, response.quote_in_report) == (
        health,
        escalation,
        True,
    )
    entry = AuditEntry.objects.get(action="escalations.survey_response.create")
    assert entry.changes["positive_outcome"] == [None, "yes"]


@time_machine.travel(NOW, tick=False)
def test_a_response_refuses_bad_input_and_saves_nothing(
    partnership, other_partnership, other_agency, refused
):
    mine = EscalationFactory(partnership=partnership, raised_on=dt.date(2024, 5, 13))
    theirs = EscalationFactory(partnership=other_partnership)
    cases = [
        ({"quote_in_report": True, "comment": " "}, "comment", "Enter the comment to quote"),
        ({"received_on": dt.date(2024, 5, 16)}, "received_on", "must be today or in the past"),
        ({"positive_outcome": "maybe"}, "positive_outcome", "Select whether the outcome"),
        ({"agency": other_agency}, "agency", "does not serve"),
        ({"escalation": theirs}, "escalation", "Select a difference of this partnership"),
        ({"escalation": mine}, "received_on", "on or after 13 May 2024"),
    ]
    for changes, field, message in cases:
        assert message in refused(lambda c=changes: add(partnership, **c), field), changes


@time_machine.travel(NOW, tick=False)
def test_choosing_a_quote_needs_its_comment(partnership, refused):
    response = add(partnership)
    services.survey_response_update(actor=None, response=response, data={"quote_in_report": True})
    assert SurveyResponse.objects.get().quote_in_report is True
    message = refused(
        lambda: services.survey_response_update(
            actor=None, response=response, data={"comment": ""}
        ),
        "comment",
    )
    assert message == "Enter the comment to quote, or do not quote it"
    services.survey_response_update(
        actor=None, response=response, data={"comment": "", "quote_in_report": False}
    )
    assert SurveyResponse.objects.get().comment == ""
