"""The escalations API's serializers (escalations/api.py): the output of a difference with its
steps and their clocks, and of a survey response; and the input of each write, types and choices
only (the services hold the rules)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safeguarding.core.calendar import ClockState, make_clock
from safeguarding.core.models import Partnership, Theme
from safeguarding.escalations.models import (
    STEP_TIMESCALES,
    Escalation,
    EscalationStep,
    IssueType,
    Outcome,
    PositiveOutcome,
    ResolutionType,
    Step,
    SurveyResponse,
)

# Output


class StepClockSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ClockState.choices)
    due = serializers.DateField()
    working_days_late = serializers.IntegerField()


class EscalationThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    """A step with its clock today: from its start to the due date stored when it started, met
    by the day it was completed. The view puts `today` and each partnership's step timescales
    (`timescales`, by partnership id) in the context; the difference adds its `partnership`."""

    clock = serializers.SerializerMethodField()

    class Meta:
        model = EscalationStep
        fields = ["id", "step", "started_on", "due_on", "completed_on", "notes", "clock"]
        read_only_fields = fields

    @extend_schema_field(StepClockSerializer)
    def get_clock(self, step: EscalationStep) -> dict[str, Any]:
        timescales = self.context["timescales"][self.context["partnership"]]
        clock = make_clock(
            started=step.started_on,
            due=step.due_on,
            completed=step.completed_on,
            today=self.context["today"],
            due_soon_working_days=timescales[
                STEP_TIMESCALES[Step(step.step)]
            ].due_soon_working_days,
        )
        return dict(StepClockSerializer(clock).data)


class EscalationSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    raising_agency_name = serializers.CharField(source="raising_agency.name", read_only=True)
    receiving_agency_name = serializers.CharField(source="receiving_agency.name", read_only=True)
    theme = EscalationThemeSerializer(read_only=True, allow_null=True)
    steps = serializers.SerializerMethodField(help_text="The steps reached, lowest first.")

    class Meta:
        model = Escalation
        fields = [
            "id",
            "partnership",
            "reference",
            "raised_on",
            "raising_agency",
            "raising_agency_name",
            "raising_role",
            "receiving_agency",
            "receiving_agency_name",
            "issue_type",
            "case_code",
            "summary",
            "theme",
            "outcome",
            "resolution_type",
            "closed_on",
            "improved_plan",
            "source",
            "steps",
        ]
        read_only_fields = fields

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, escalation: Escalation) -> list[dict[str, Any]]:
        context = {**self.context, "partnership": escalation.partnership_id}
        return list(StepSerializer(escalation.steps.all(), many=True, context=context).data)


class SurveyResponseSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True)
    escalation_reference = serializers.CharField(
        source="escalation.reference", read_only=True, allow_null=True
    )

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "partnership",
            "received_on",
            "positive_outcome",
            "comment",
            "agency",
            "agency_name",
            "escalation",
            "escalation_reference",
            "quote_in_report",
        ]
        read_only_fields = fields


# Input: types and choices only; the services hold the rules


def _partnership() -> serializers.SlugField:
    return serializers.SlugField(help_text="The partnership's short name.")


def _agency(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(help_text=f"{help_text} (an agency serving it).", **kwargs)


class EscalationChangeSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True)
    raised_on = serializers.DateField()
    raising_agency = _agency("The id of the agency that raised it")
    raising_role = serializers.CharField(max_length=200, help_text="A job role, never a name.")
    receiving_agency = _agency("The id of the agency it was raised with")
    issue_type = serializers.ChoiceField(choices=IssueType.choices)
    case_code = serializers.CharField(max_length=40, help_text="The child's code, never a name.")
    summary = serializers.CharField(required=False, allow_blank=True)
    theme = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of one of the partnership's themes."
    )


class EscalationCreateSerializer(EscalationChangeSerializer):
    partnership = _partnership()
    step = serializers.ChoiceField(
        choices=Step.choices, required=False, help_text="The step it starts at; 1 unless urgent."
    )


class StepStartSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices, help_text="A step above the highest.")
    started_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True)


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    closed_on = serializers.DateField()
    resolution_type = serializers.ChoiceField(
        choices=ResolutionType.choices, required=False, allow_blank=True
    )
    improved_plan = serializers.BooleanField(
        required=False, allow_null=True, help_text="Did it improve the plan? null: not known."
    )


class SurveyResponseChangeSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    positive_outcome = serializers.ChoiceField(choices=PositiveOutcome.choices)
    comment = serializers.CharField(required=False, allow_blank=True)
    agency = _agency("The id of the practitioner's agency", required=False, allow_null=True)
    escalation = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of the difference it is about."
    )
    quote_in_report = serializers.BooleanField(required=False)


class SurveyResponseCreateSerializer(SurveyResponseChangeSerializer):
    partnership = _partnership()
