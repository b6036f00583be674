"""The `escalation_survey` sheet of the data pack (docs/escalations.md, "Data pack"): the
practitioners' answers to the survey about using the protocol, saved through
`escalations.services`. A response has no reference of its own: a row names it by the day it was
received and its number among that day's responses, in the order they were recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.models import Partnership
from safeguarding.datapack.fields import (
    NO,
    YES,
    PackChoiceField,
    PackDateField,
    PackYesNoField,
    choices_help,
    dated,
)
from safeguarding.datapack.registry import Column, ImportContext, Row, Sheet, cell, register
from safeguarding.escalations import services
from safeguarding.escalations.datapack_common import agency_named, text_field
from safeguarding.escalations.models import Escalation, PositiveOutcome, SurveyResponse


class SurveyRowForm(forms.Form):
    received_on = PackDateField(required_message="Enter the date the response was received.")
    number = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Enter the response's number among those received that day: 1, 2, …",
            "invalid": "Enter a whole number: 1 for the first response received that day.",
            "min_value": "Enter a whole number: 1 for the first response received that day.",
        },
    )
    positive_outcome = PackChoiceField(choices=PositiveOutcome.choices)
    comment = text_field(max_length=None)
    agency = text_field()
    escalation = text_field(max_length=40)
    quote_in_report = PackYesNoField(required=False)


def export_survey(partnership: Partnership) -> Iterator[Row]:
    rows = (
        SurveyResponse.objects.filter(partnership=partnership)
        .select_related("agency", "escalation")
        .order_by("received_on", "pk")
    )
    day, number = None, 0
    for response in rows:
        number = number + 1 if response.received_on == day else 1
        day = response.received_on
        yield {
            "received_on": cell(response.received_on),
            "number": str(number),
            "positive_outcome": response.positive_outcome,
            "comment": response.comment,
            "agency": response.agency.name if response.agency else "",
            "escalation": response.escalation.reference if response.escalation else "",
            "quote_in_report": YES if response.quote_in_report else NO,
        }


def save_survey_response(context: ImportContext, row: dict[str, Any]) -> SurveyResponse:
    """The day's `number`-th response (in the order they were recorded) is changed; the next
    number adds one; a number beyond that is refused."""
    partnership, day = context.partnership, row["received_on"]
    held = list(
        SurveyResponse.objects.filter(partnership=partnership, received_on=day).order_by("pk")
    )
    data = _survey_fields(partnership, row)
    if row["number"] <= len(held):
        response = held[row["number"] - 1]
        return services.survey_response_update(actor=context.actor, response=response, data=data)
    if row["number"] > len(held) + 1:
        raise ValidationError(
            {
                "number": f"The next response received on {cell(day)} is number "
                f"{len(held) + 1}: number each day's responses 1, 2, 3, … in order."
            }
        )
    return services.survey_response_create(
        actor=context.actor, partnership=partnership, received_on=day, **data
    )


def _survey_fields(partnership: Partnership, row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        name: row[name] for name in ("positive_outcome", "comment") if name in row
    }
    if "quote_in_report" in row:
        data["quote_in_report"] = row["quote_in_report"] == YES
    if "agency" in row:
        data["agency"] = (
            agency_named(partnership, row["agency"], "agency") if row["agency"] else None
        )
    if "escalation" in row:
        data["escalation"] = _escalation(partnership, row["escalation"])
    return data


def _escalation(partnership: Partnership, reference: str) -> Escalation | None:
    if not reference:
        return None
    found = Escalation.objects.filter(partnership=partnership, reference__iexact=reference)
    escalation = found.first()
    if escalation is None:
        raise ValidationError({"escalation": f"There is no difference “{reference}”."})
    return escalation


ESCALATION_SURVEY = register(
    Sheet(
        name="escalation_survey",
        order=510,
        description="Practitioners' answers to the survey about using the escalation protocol.",
        columns=(
            Column("received_on", required=True, description=dated("Key with number.")),
            Column("number", required=True, description="1, 2, … among that day's responses."),
            Column(
                "positive_outcome",
                required=True,
                description=choices_help(PositiveOutcome.choices),
            ),
            Column("comment", description="What the practitioner said."),
            Column("agency", description="Their agency, from agencies; blank if not known."),
            Column("escalation", description="The difference's reference, from escalations."),
            Column("quote_in_report", description="yes or no: quoted in the yearly report."),
        ),
        key=("received_on", "number"),
        form=SurveyRowForm,
        save=save_survey_response,
        export=export_survey,
        references={"agency": "agencies", "escalation": "escalations"},
    )
)
