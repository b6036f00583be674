"""Forms for the child death register: the notification, the panel's review, a finding (learning's
own form) and the register's filters. They parse input; `child_deaths.services` holds the rules
(the age band against the dates, the panel serving the partnership, a completed review's answers).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from safeguarding.child_deaths.models import AgeBand, Category, Expectation, ModifiableFactors
from safeguarding.core.govuk_forms import GovukDateField, GovukForm, limit_choices
from safeguarding.core.models import Footprint
from safeguarding.core.years import ReportingYear
from safeguarding.learning.forms import FindingForm

__all__ = ["FindingForm", "NotificationForm", "RegisterFilterForm", "ReviewForm"]

YES_NO = [(True, "Yes"), (False, "No")]


def _yes_no(value: Any) -> bool:
    return value in (True, "True", "true", "yes")


class NotificationForm(GovukForm):
    case_code = forms.CharField(
        label="Case code",
        max_length=40,
        help_text="The panel's code for the child, like CDOP-0001. Never a name.",
        error_messages={"required": "Enter the case code"},
    )
    panel = forms.ModelChoiceField(
        label="Child Death Overview Panel",
        queryset=Footprint.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Select the Child Death Overview Panel",
            "invalid_choice": "Select a current panel that serves the partnership",
        },
    )
    died_on = GovukDateField(label="Date of death")
    born_on = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="Optional. When it is given, the age band must match it and the date of death.",
    )
    notified_on = GovukDateField(
        label="Date notified", help_text="When the death was notified to the panel."
    )
    age_band = forms.ChoiceField(
        label="Age band",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the age band", "invalid_choice": "Select the age band"},
    )
    expectation = forms.ChoiceField(
        label="Expected or unexpected",
        choices=Expectation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the death was expected or unexpected",
            "invalid_choice": "Select whether the death was expected or unexpected",
        },
    )
    joint_agency_response = forms.TypedChoiceField(
        label="Joint agency response",
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether there was a joint agency response"},
    )

    def __init__(self, *args: Any, panels: QuerySet[Footprint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "panel", panels)


class ReviewForm(GovukForm):
    review_meeting_on = GovukDateField(label="Date of the review meeting", required=False)
    review_completed_on = GovukDateField(
        label="Date the review was completed",
        required=False,
        help_text="Leave blank until the panel has completed its review.",
    )
    category = forms.TypedChoiceField(
        label="Category of death",
        choices=[("", "Not yet decided"), *Category.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="The child death analysis form's category. A completed review needs one.",
        error_messages={"invalid_choice": "Select a category of death from the list"},
    )
    modifiable_factors = forms.ChoiceField(
        label="Modifiable factors",
        choices=[("", "Not yet decided"), *ModifiableFactors.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="Did the panel identify modifiable factors? A completed review needs an answer.",
        error_messages={"invalid_choice": "Select whether modifiable factors were identified"},
    )


REVIEWED = [("", "Either"), ("yes", "Review completed"), ("no", "Review not completed")]


class RegisterFilterForm(GovukForm):
    year = forms.TypedChoiceField(
        label="Year notified",
        choices=[],
        coerce=ReportingYear.from_label,
        empty_value=None,
        required=False,
    )
    age_band = forms.ChoiceField(
        label="Age band", choices=[("", "All ages"), *AgeBand.choices], required=False
    )
    expectation = forms.ChoiceField(
        label="Expected or unexpected",
        choices=[("", "Both"), *Expectation.choices],
        required=False,
    )
    reviewed = forms.ChoiceField(label="Panel review", choices=REVIEWED, required=False)

    def __init__(self, *args: Any, years: list[ReportingYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "All years"), *((year.label, year.label) for year in years)]
        cast(forms.ChoiceField, self.fields["year"]).choices = choices
