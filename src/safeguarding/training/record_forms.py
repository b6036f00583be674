"""Forms for evaluations, the follow-up survey, the figures' filters, delegates, webinar weeks,
commissioned training and requirements. They parse input; `training.services` holds the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from safeguarding.core.govuk_forms import (
    GovukDateField,
    GovukForm,
    ReportingYearField,
    limit_choices,
)
from safeguarding.core.models import Agency, Theme
from safeguarding.training.models import SCALE_MIN, Course, PracticeChange, Question

TEXT = forms.Textarea(attrs={"rows": 5})
CONSENT_LABEL = "You may quote my feedback in the partnership's report (without my name)"


def question_field_name(question: Question) -> str:
    """The field of one question: the name the service's errors use (`question_<id>`)."""
    return f"question_{question.pk}"


def _rating_field(question: Question, scale: int) -> forms.TypedChoiceField:
    wanted = f"Select a rating from {SCALE_MIN} to {scale}"
    return forms.TypedChoiceField(
        label=question.text,
        choices=[(value, str(value)) for value in range(SCALE_MIN, scale + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=f"{SCALE_MIN} is not at all, {scale} is completely.",
        error_messages={"required": wanted, "invalid_choice": wanted},
    )


class SurveyForm(GovukForm):
    """A form whose labels are questions: the error summary says what to do, not the question
    followed by a colon (and, for a rating, which question it is about)."""

    question_names: dict[str, int]

    def error_summary(self) -> list[tuple[str, str]]:
        asked = {
            _first_input(self[name]): (name, str(self[name].label))
            for name in self.fields
            if str(self[name].label).endswith("?")
        }
        items = []
        for anchor, message in super().error_summary():
            if anchor in asked:
                name, label = asked[anchor]
                message = message.removeprefix(f"{label}: ")
                if name in getattr(self, "question_names", {}):
                    message = f"{message} for “{label}”"
            items.append((anchor, message))
        return items


def _first_input(bound: forms.BoundField) -> str:
    return f"{bound.auto_id}_0"


class EvaluationForm(SurveyForm):
    """One radios group per current question of the course, rated on its scale; after the
    course, feedback and the consent to quote it."""

    def __init__(
        self, *args: Any, questions: Iterable[Question], scale: int, stage: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question_names = {}
        for question in questions:
            name = question_field_name(question)
            self.fields[name] = _rating_field(question, scale)
            self.question_names[name] = question.pk
        if stage == "post":
            self.fields["feedback"] = forms.CharField(
                label="What will you do differently after this course?",
                widget=TEXT,
                required=False,
                help_text="Optional. Tell us what was useful and what could be better.",
            )
            self.fields["consent_to_quote"] = forms.BooleanField(
                label=CONSENT_LABEL, required=False
            )

    def ratings(self) -> dict[int, int]:
        """{question id: rating}, as `services.evaluation_submit` takes them."""
        return {pk: self.cleaned_data[name] for name, pk in self.question_names.items()}


class FollowUpForm(SurveyForm):
    practice_changed = forms.ChoiceField(
        label="Has the training changed your practice?",
        choices=PracticeChange.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the training has changed your practice"},
    )
    feedback = forms.CharField(
        label="An example of what you now do differently",
        widget=TEXT,
        required=False,
        help_text="Optional. Do not name a child or family.",
    )
    consent_to_quote = forms.BooleanField(label=CONSENT_LABEL, required=False)


# The figures' filters


class FigureFilterForm(GovukForm):
    """The learning gain page's filters: a reporting year, a course, an agency."""

    year = ReportingYearField(label="Reporting year", required=False)
    course = forms.ModelChoiceField(
        label="Course", queryset=Course.objects.none(), required=False, empty_label="All courses"
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies together",
    )

    def __init__(
        self, *args: Any, courses: QuerySet[Course], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "course", courses)
        limit_choices(self, "agency", agencies)


class QuoteFilterForm(GovukForm):
    year = ReportingYearField(label="Reporting year", required=False)
    course = forms.ModelChoiceField(
        label="Course", queryset=Course.objects.none(), required=False, empty_label="All courses"
    )
    chosen = forms.BooleanField(label="Chosen for the report only", required=False)

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "course", courses)


class DelegateFilterForm(GovukForm):
    name = forms.CharField(label="Name or email", required=False, max_length=200)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )
    job_role = forms.CharField(label="Job role", required=False, max_length=200)
    left = forms.BooleanField(label="Include people who have left", required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)


# Records kept by the training officer (and, for delegates, agency leads)


class DelegateForm(GovukForm):
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Work email address", help_text="How the delegate is known.")
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none())
    job_role = forms.CharField(
        label="Job role",
        max_length=200,
        required=False,
        help_text="As the agency's training requirements name it, like Social worker.",
    )
    manager_email = forms.EmailField(
        label="Manager's email address",
        required=False,
        help_text="Asked to approve bookings on courses that need it.",
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)
        if editing:
            self.fields["left_on"] = GovukDateField(
                label="Date they left",
                required=False,
                help_text="Only if they have left the agency. For example, 27 3 2024",
            )


class WebinarWeekForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200, help_text="Like Neglect Awareness Week.")
    starts_on = GovukDateField(label="Week starting")
    webinars = forms.IntegerField(label="Number of webinars", min_value=1, initial=1)
    attendees = forms.IntegerField(label="Live attendees", min_value=0, initial=0)
    recording_views = forms.IntegerField(label="Views of the recordings", min_value=0, initial=0)
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "themes", themes)


def attendance_field_name(agency: Agency) -> str:
    return f"attendees_{agency.pk}"


class CommissionedForm(GovukForm):
    """A commission, and one number of attendees for each agency serving the partnership."""

    course = forms.ModelChoiceField(label="Course", queryset=Course.objects.none())
    provider = forms.CharField(label="Provider", max_length=200, required=False)
    audience = forms.CharField(
        label="Audience", max_length=200, help_text="Who attended, for example managers."
    )
    delivered_on = GovukDateField(label="Date delivered")

    def __init__(
        self,
        *args: Any,
        courses: QuerySet[Course],
        agencies: Iterable[Agency],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "course", courses)
        if editing:
            del self.fields["course"]  # a commission stays with its course
        self.agencies = {}
        for agency in agencies:
            name = attendance_field_name(agency)
            self.fields[name] = forms.IntegerField(
                label=agency.name,
                min_value=0,
                required=False,
                error_messages={"min_value": "Attendees must be 0 or more"},
            )
            self.agencies[name] = agency

    def attendance_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attendance = {
            agency: data[name] for name, agency in self.agencies.items() if data.get(name)
        }
        if not self.errors and not attendance and self.agencies:
            first = next(iter(self.agencies))
            self.add_error(first, "Enter the attendees from at least one agency")
        for name in self.agencies:
            data.pop(name, None)
        data["attendance"] = attendance
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's errors about attendance go on the first agency's box."""
        if hasattr(error, "error_dict") and "attendance" in error.error_dict and self.agencies:
            first = next(iter(self.agencies))
            for item in error.error_dict.pop("attendance"):
                self.add_error(first, item)
        super().add_service_errors(error)


class RequirementForm(GovukForm):
    job_role = forms.CharField(
        label="Job role",
        max_length=200,
        help_text="As the staff list names it, like Social worker.",
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Every agency",
        help_text="Leave as every agency when the role needs it wherever it works.",
    )
    course = forms.ModelChoiceField(label="Course", queryset=Course.objects.none())
    renew_every_months = forms.IntegerField(
        label="Renew every (months)",
        min_value=1,
        required=False,
        help_text="For example, 36 for every three years. Leave empty if it is needed once.",
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], courses: QuerySet[Course], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)
        limit_choices(self, "course", courses)
