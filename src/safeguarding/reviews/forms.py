"""Forms for notifications and reviews. They parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguarding.core.govuk_forms import GovukDateField, GovukForm, limit_choices
from safeguarding.core.models import Agency, Theme
from safeguarding.reviews.models import (
    AgeBand,
    HarmType,
    IncidentOutcome,
    LearningReviewKind,
    PanelResponse,
    RapidReview,
    ReviewDecision,
    Sex,
)


def _themes_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The learning themes this review is about.",
    )


class ThemedForm(GovukForm):
    """A review's form: it offers the partnership's themes."""

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "themes", themes)


# Notifications


class NotificationForm(GovukForm):
    case_code = forms.CharField(
        label="Child's case code",
        max_length=40,
        help_text="The partnership's code for the child, like Child Q. Never a name.",
    )
    local_authority = forms.CharField(label="Local authority", max_length=200)
    aware_on = GovukDateField(label="Date the local authority became aware")
    notified_on = GovukDateField(
        label="Date notified to the Panel",
        required=False,
        help_text="Leave blank until the notification is sent.",
    )
    outcome = forms.ChoiceField(
        label="What happened to the child",
        choices=IncidentOutcome.choices,
        widget=forms.RadioSelect,
    )
    harm = forms.ChoiceField(
        label="Abuse or neglect", choices=HarmType.choices, widget=forms.RadioSelect
    )
    age_band = forms.ChoiceField(
        label="Age band", choices=AgeBand.choices, widget=forms.RadioSelect
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    looked_after = forms.BooleanField(label="The child was looked after", required=False)


class NotificationSentForm(GovukForm):
    notified_on = GovukDateField(label="Date notified to the Panel")


# Rapid reviews


class RapidReviewForm(ThemedForm):
    title = forms.CharField(
        label="Title", max_length=300, help_text="As the yearly report will name the review."
    )
    themes = _themes_field()


class MeetingForm(GovukForm):
    meeting_on = GovukDateField(label="Meeting date")


class CompleteForm(GovukForm):
    completed_on = GovukDateField(label="Date completed")
    decision = forms.ChoiceField(
        label="The partners' decision", choices=ReviewDecision.choices, widget=forms.RadioSelect
    )


class RapidReviewSentForm(GovukForm):
    sent_to_panel_on = GovukDateField(label="Date sent to the Panel")


class ResponseForm(GovukForm):
    panel_response = forms.ChoiceField(
        label="The Panel's response to the decision",
        choices=PanelResponse.choices,
        widget=forms.RadioSelect,
    )
    panel_response_on = GovukDateField(label="Date of the Panel's response")


class SummariesRequestForm(GovukForm):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies involved",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Each agency's lead will be asked for its summary.",
    )
    requested_on = GovukDateField(label="Date requested")
    due_on = GovukDateField(
        label="Due date", help_text="Ask again with another due date for other agencies."
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agencies", agencies)


class SummaryReturnForm(GovukForm):
    text = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="The agency's involvement with the child and family, and its analysis.",
    )
    returned_on = GovukDateField(label="Date returned")


# Practice reviews


class PracticeReviewForm(ThemedForm):
    title = forms.CharField(label="Title", max_length=300)
    decided_on = GovukDateField(label="Date of the decision to hold the review")
    reviewer = forms.CharField(label="Reviewer", max_length=200, required=False)
    terms_of_reference = forms.CharField(
        label="Terms of reference", required=False, widget=forms.Textarea
    )
    themes = _themes_field()


class PracticeReviewAddForm(PracticeReviewForm):
    rapid_review = forms.ModelChoiceField(
        label="Rapid review",
        queryset=RapidReview.objects.none(),
        required=False,
        empty_label="Not from a rapid review",
        help_text="The rapid review that decided on this practice review.",
    )
    field_order = ["rapid_review"]

    def __init__(self, *args: Any, rapid_reviews: QuerySet[RapidReview], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "rapid_review", rapid_reviews)


class PracticeReviewSentForm(GovukForm):
    sent_to_panel_on = GovukDateField(
        label="Date sent to the Panel and the Secretary of State",
        help_text="At least 7 working days before publication.",
    )


class PublishForm(GovukForm):
    published_on = GovukDateField(label="Date published")
    published_url = forms.URLField(
        label="Link to the published review", required=False, max_length=200, assume_scheme="https"
    )


# Learning reviews


class LearningReviewForm(ThemedForm):
    title = forms.CharField(label="Title", max_length=300)
    kind = forms.ChoiceField(
        label="Kind of review", choices=LearningReviewKind.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label="Why the partnership is holding it",
        widget=forms.Textarea,
        help_text="For example, why the case did not meet the criteria for a practice review.",
    )
    started_on = GovukDateField(label="Date started")
    themes = _themes_field()


class LearningReviewCompleteForm(GovukForm):
    completed_on = GovukDateField(label="Date completed")
