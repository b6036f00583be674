"""The allegations API's serializers (allegations/api.py): an allegation as the API shows it, with
its "LADO informed" clock, and the input of each write, types and choices only (the services hold
the rules). The person is never named: a role and a code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safeguarding.allegations.models import (
    Allegation,
    Category,
    ContactType,
    EmployerSector,
    Outcome,
)
from safeguarding.allegations.selectors import informed_clock
from safeguarding.core.calendar import ClockState
from safeguarding.core.models import Partnership

#: The fields `allegation_create` takes besides the partnership (and `allegation_update` changes).
DETAILS = (
    "reference",
    "contact_type",
    "received_on",
    "lado_informed_on",
    "employer_sector",
    "person_role",
    "person_code",
    "category",
    "criteria_met",
    "harmed_child",
    "criminal_offence",
    "risk_of_harm",
    "unsuitable",
    "strategy_meeting_on",
    "referred_to_dbs",
    "referred_to_regulator",
)

# Output


class InformedClockSerializer(serializers.Serializer):
    """The "LADO informed" clock: due one working day (the timescale) after receipt."""

    state = serializers.ChoiceField(choices=ClockState.choices)
    due = serializers.DateField()
    working_days_late = serializers.IntegerField()


class AllegationSerializer(serializers.ModelSerializer):
    """An allegation with its "LADO informed" clock today; the view puts `today` and each
    partnership's timescale (`timescales`, by partnership id) in the context."""

    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    clock = serializers.SerializerMethodField()

    class Meta:
        model = Allegation
        fields = [
            "id",
            "partnership",
            *DETAILS,
            "lado_due_on",
            "outcome",
            "concluded_on",
            "clock",
        ]
        read_only_fields = fields

    @extend_schema_field(InformedClockSerializer)
    def get_clock(self, allegation: Allegation) -> dict[str, Any]:
        timescale = self.context["timescales"][allegation.partnership_id]
        today: dt.date = self.context["today"]
        return dict(InformedClockSerializer(informed_clock(allegation, timescale, today)).data)


# Input


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True)


def _date() -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True)


def _flag() -> serializers.BooleanField:
    return serializers.BooleanField(required=False)


class AllegationChangeSerializer(serializers.Serializer):
    """The details of an allegation; on a change, only the fields given."""

    reference = _text(40)
    contact_type = serializers.ChoiceField(choices=ContactType.choices)
    received_on = serializers.DateField()
    lado_informed_on = _date()
    employer_sector = serializers.ChoiceField(choices=EmployerSector.choices)
    person_role = serializers.CharField(max_length=200, help_text="A role, never a name.")
    person_code = _text(40)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    criteria_met = serializers.BooleanField(
        required=False, allow_null=True, help_text="The harm test; null: not yet decided."
    )
    harmed_child = _flag()
    criminal_offence = _flag()
    risk_of_harm = _flag()
    unsuitable = _flag()
    strategy_meeting_on = _date()
    referred_to_dbs = _flag()
    referred_to_regulator = _text(200)


class AllegationCreateSerializer(AllegationChangeSerializer):
    """A notification to record, in the partnership named."""

    partnership = serializers.CharField(help_text="The partnership's short name.")


class ConcludeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    concluded_on = serializers.DateField(
        required=False, allow_null=True, help_text="Needed with every outcome but ongoing."
    )
    referred_to_dbs = serializers.BooleanField(required=False, allow_null=True, default=None)
    referred_to_regulator = serializers.CharField(
        max_length=200, required=False, allow_blank=True, allow_null=True, default=None
    )
