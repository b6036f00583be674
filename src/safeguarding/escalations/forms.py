"""Forms for the professional differences register. They parse input; the services hold the
rules (the same agency raising and receiving, an agency not serving the partnership, dates in the
future, a step not above the last, a resolved difference without its resolution)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from safeguarding.core.govuk_forms import (
    GovukDateField,
    GovukForm,
    ReportingYearField,
    limit_choices,
)
from safeguarding.core.models import Agency, Theme
from safeguarding.escalations.models import (
    Escalation,
    IssueType,
    Outcome,
    PositiveOutcome,
    ResolutionType,
    Step,
)
from safeguarding.escalations.selectors import CLOSED, OPEN, Filters

#: How "did it improve the plan for the child?" is answered, and what each answer stores.
IMPROVED_PLAN = {"yes": True, "no": False, "not_known": None}
NOT_SERVING = "Select an agency that serves the partnership"


def improved_plan_choice(value: bool | None) -> str:
    return next(key for key, stored in IMPROVED_PLAN.items() if stored is value)


class EscalationForm(GovukForm):
    """Raise a difference (with the step it starts at), or change what was recorded (with its
    reference)."""

    reference = forms.CharField(
        label="Reference", max_length=40, help_text="The partnership's reference, like RPD-0001."
    )
    raised_on = GovukDateField(label="Date raised")
    raising_agency = forms.ModelChoiceField(
        label="Raising agency",
        queryset=Agency.objects.none(),
        error_messages={"invalid_choice": NOT_SERVING},
    )
    raising_role = forms.CharField(
        label="Role of the person raising it",
        max_length=200,
        help_text="A job role, like Health visitor. Never a name.",
    )
    receiving_agency = forms.ModelChoiceField(
        label="Receiving agency",
        queryset=Agency.objects.none(),
        help_text="The agency whose decision or practice is disputed.",
        error_messages={"invalid_choice": NOT_SERVING},
    )
    case_code = forms.CharField(
        label="Child's case code",
        max_length=40,
        help_text="The partnership's code for the child, like Child R. Never a name.",
    )
    issue_type = forms.ChoiceField(
        label="What the difference is about", choices=IssueType.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the professionals disagree about. Use case codes, never names.",
    )
    theme = forms.ModelChoiceField(
        label="Learning theme",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No theme yet",
    )
    step = forms.TypedChoiceField(
        label="Step it starts at",
        choices=Step.choices,
        coerce=int,
        initial=Step.PRACTITIONER,
        widget=forms.RadioSelect,
        help_text="Start above step 1 only when a child is at risk and steps are skipped.",
    )

    def __init__(
        self,
        *args: Any,
        raising: QuerySet[Agency],
        receiving: QuerySet[Agency],
        themes: QuerySet[Theme],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "raising_agency", raising)
        limit_choices(self, "receiving_agency", receiving)
        limit_choices(self, "theme", themes)
        del self.fields["step" if editing else "reference"]


def escalation_initial(escalation: Escalation) -> dict[str, Any]:
    fields = (
        "reference",
        "raised_on",
        "raising_agency",
        "raising_role",
        "receiving_agency",
        "case_code",
        "issue_type",
        "summary",
        "theme",
    )
    return {name: getattr(escalation, name) for name in fields}


class StepStartForm(GovukForm):
    step = forms.TypedChoiceField(
        label="Step it moves up to",
        choices=(),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a step above the highest it has reached"},
    )
    started_on = GovukDateField(label="Date the step started")
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who is involved, by role, and what was agreed. No names.",
    )

    def __init__(self, *args: Any, steps: list[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["step"])
        field.choices = [(step.value, step.label) for step in steps]


class StepCompleteForm(GovukForm):
    completed_on = GovukDateField(label="Date completed")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(GovukForm):
    outcome = forms.ChoiceField(
        label="How the difference ended", choices=Outcome.choices, widget=forms.RadioSelect
    )
    resolution_type = forms.ChoiceField(
        label="How it was resolved",
        choices=ResolutionType.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Required when the difference was resolved.",
    )
    closed_on = GovukDateField(label="Date closed")
    improved_plan = forms.ChoiceField(
        label="Did it improve the plan for the child?",
        choices=[("yes", "Yes"), ("no", "No"), ("not_known", "Not known")],
        initial="not_known",
        widget=forms.RadioSelect,
    )

    def clean_improved_plan(self) -> bool | None:
        return IMPROVED_PLAN[self.cleaned_data["improved_plan"]]


class SurveyResponseForm(GovukForm):
    received_on = GovukDateField(label="Date received")
    positive_outcome = forms.ChoiceField(
        label="Did using the protocol result in a positive outcome for the child?",
        choices=PositiveOutcome.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    agency = forms.ModelChoiceField(
        label="Agency of the person responding",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not given",
        error_messages={"invalid_choice": NOT_SERVING},
    )
    escalation = forms.ModelChoiceField(
        label="Reference of the difference",
        queryset=Escalation.objects.none(),
        to_field_name="reference",
        required=False,
        widget=forms.TextInput,
        help_text="Optional, like RPD-0001.",
        error_messages={
            "invalid_choice": "Enter the reference of a difference in the register, like RPD-0001"
        },
    )
    quote_in_report = forms.BooleanField(
        label="Quote this comment in the yearly report", required=False
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        escalations: QuerySet[Escalation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)
        limit_choices(self, "escalation", escalations)


class FilterForm(GovukForm):
    """The register's filters; each is optional."""

    year = ReportingYearField(label="Reporting year raised", required=False)
    step = forms.TypedChoiceField(
        label="Highest step reached",
        choices=[("", "Any step"), *Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label="Open or closed",
        choices=[("", "Open and closed"), (OPEN, "Open"), (CLOSED, "Closed")],
        required=False,
    )
    agency = forms.ModelChoiceField(
        label="Agency raising or receiving",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), required=False, empty_label="All themes"
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], themes: QuerySet[Theme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)
        limit_choices(self, "theme", themes)

    def filters(self) -> Filters:
        """The filters chosen; none when any is not valid (the page shows the errors)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        return Filters(**self.cleaned_data)
