"""Forms for findings, recommendations, actions, their progress and evidence, dissemination and
comments; and the Action Plan Evaluation's filters. Services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from safeguarding.accounts.models import User
from safeguarding.core.govuk_forms import GovukDateField, GovukForm, limit_choices
from safeguarding.core.models import Agency, Theme
from safeguarding.learning.models import (
    ActionStatus,
    DisseminationMethod,
    Finding,
    ImpactJudgement,
    ImpactMethod,
    Rag,
    Recommendation,
    SourceKind,
)
from safeguarding.learning.selectors import OPEN

TEXT = forms.Textarea(attrs={"rows": 4})


class ShortLabelChoiceField(forms.ModelChoiceField):
    """Choices labelled with the start of their text (a recommendation)."""

    def label_from_instance(self, obj: Model) -> str:
        return _short(str(getattr(obj, "text", obj)))


class FindingChoiceField(forms.ModelMultipleChoiceField):
    """Findings labelled with their source and the start of their text."""

    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Finding)
        return f"{obj.source}: {_short(obj.text)}"


def _short(text: str, length: int = 120) -> str:
    return text if len(text) <= length else f"{text[: length - 1]}…"


class FindingForm(GovukForm):
    """A finding, on a review's learning or raised from a register's record (an escalation, an
    allegation, a child death)."""

    text = forms.CharField(
        label="Finding",
        widget=TEXT,
        help_text="What the partnership should learn. Never name a child, a relative or a worker.",
        error_messages={"required": "Enter the finding"},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recorded_on = GovukDateField(label="Date recorded")

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "themes", themes)


class RecommendationForm(GovukForm):
    text = forms.CharField(label="Recommendation", widget=TEXT)
    made_on = GovukDateField(label="Date made")
    findings = FindingChoiceField(
        label="Findings it answers",
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, findings: QuerySet[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "findings", findings)


class ActionForm(GovukForm):
    title = forms.CharField(label="Action", max_length=300)
    description = forms.CharField(label="Description", required=False, widget=TEXT)
    recommendation = ShortLabelChoiceField(
        label="Recommendation",
        queryset=Recommendation.objects.none(),
        required=False,
        empty_label="Not linked to a recommendation",
    )
    owner_agency = forms.ModelChoiceField(
        label="Owner agency", queryset=Agency.objects.none(), empty_label="Choose an agency"
    )
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, empty_label="No named owner"
    )
    raised_on = GovukDateField(label="Date raised")
    due_on = GovukDateField(label="Due date")
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    rag = forms.ChoiceField(
        label="RAG rating", choices=[("", "Not rated"), *Rag.choices], required=False
    )
    completed_on = GovukDateField(
        label="Date completed", required=False, help_text="Only for a completed action."
    )

    def __init__(
        self,
        *args: Any,
        recommendations: QuerySet[Recommendation],
        agencies: QuerySet[Agency],
        people: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "recommendation", recommendations)
        limit_choices(self, "owner_agency", agencies)
        limit_choices(self, "owner", people)


class ProgressForm(GovukForm):
    text = forms.CharField(label="Progress made", widget=TEXT)
    rag = forms.ChoiceField(
        label="RAG rating", choices=[("", "Leave as it is"), *Rag.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Leave as it is"), *ActionStatus.choices], required=False
    )
    completed_on = GovukDateField(
        label="Date completed",
        required=False,
        help_text="If you are marking it completed. Leave empty for today.",
    )


class EvidenceForm(GovukForm):
    method = forms.ChoiceField(
        label="How the impact was looked for",
        choices=ImpactMethod.choices,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(label="What it showed", widget=TEXT)
    judgement = forms.ChoiceField(
        label="Impact", choices=ImpactJudgement.choices, widget=forms.RadioSelect
    )
    gathered_on = GovukDateField(label="Date gathered")


class DisseminationForm(GovukForm):
    method = forms.ChoiceField(
        label="How it was shared", choices=DisseminationMethod.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", max_length=300)
    shared_on = GovukDateField(label="Date shared")
    reach = forms.IntegerField(
        label="People reached", min_value=0, required=False, help_text="Leave empty if unknown."
    )
    findings = FindingChoiceField(
        label="Findings it shared",
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, findings: QuerySet[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "findings", findings)


class CommentForm(GovukForm):
    text = forms.CharField(label="Comment", widget=TEXT)


STATUS_FILTERS = [
    ("", "Any status"),
    (OPEN, "Open (not started or in progress)"),
    *ActionStatus.choices,
]


class ActionFilterForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Owner agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTERS, required=False)
    kind = forms.ChoiceField(
        label="Source", choices=[("", "All sources"), *SourceKind.choices], required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)
