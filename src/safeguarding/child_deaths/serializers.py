"""The child deaths API's serializers (child_deaths/api.py): the output of a death, and the
input of each write, types and choices only (the services hold the rules)."""

from __future__ import annotations

from rest_framework import serializers

from safeguarding.child_deaths.models import (
    AgeBand,
    Category,
    ChildDeath,
    Expectation,
    ModifiableFactors,
)
from safeguarding.core.models import Footprint, Partnership


class ChildDeathSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Where the child lived."
    )
    panel: serializers.SlugRelatedField[Footprint] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The panel's footprint, by its short name."
    )
    panel_name = serializers.CharField(source="panel.name", read_only=True)

    class Meta:
        model = ChildDeath
        fields = [
            "id",
            "partnership",
            "panel",
            "panel_name",
            "case_code",
            "died_on",
            "born_on",
            "notified_on",
            "age_band",
            "expectation",
            "joint_agency_response",
            "review_meeting_on",
            "review_completed_on",
            "category",
            "modifiable_factors",
            "source",
        ]
        read_only_fields = fields


class ChildDeathChangeSerializer(serializers.Serializer):
    """What a notification records; a PATCH gives any of it."""

    panel = serializers.SlugField(help_text="The panel's footprint, by its short name.")
    case_code = serializers.CharField(max_length=40, help_text="The panel's code, never a name.")
    died_on = serializers.DateField()
    born_on = serializers.DateField(required=False, allow_null=True)
    notified_on = serializers.DateField()
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    expectation = serializers.ChoiceField(choices=Expectation.choices)
    joint_agency_response = serializers.BooleanField(required=False)


class ChildDeathCreateSerializer(ChildDeathChangeSerializer):
    partnership = serializers.SlugField(help_text="Where the child lived, by its short name.")


class ReviewSerializer(serializers.Serializer):
    """The child death review meeting and the panel's review; a completed review needs the
    category and the modifiable factors answer."""

    review_meeting_on = serializers.DateField(required=False, allow_null=True, default=None)
    review_completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_null=True, default=None
    )
    modifiable_factors = serializers.ChoiceField(
        choices=ModifiableFactors.choices, required=False, allow_blank=True, default=""
    )
