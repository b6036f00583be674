"""Forms for the executive, subgroups, meetings and budget lines. Services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguarding.core.govuk_forms import GovukDateField, GovukForm
from safeguarding.core.models import Agency
from safeguarding.governance.models import MemberKind, Subgroup


def _limit(form: forms.Form, field: str, queryset: QuerySet[Any]) -> None:
    form.fields[field].queryset = queryset  # type: ignore[attr-defined]


class ExecutiveMemberForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=200, help_text="As the partnership publishes it."
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not published",
    )
    role_title = forms.CharField(label="Role title", max_length=200)
    kind = forms.ChoiceField(
        label="Place on the executive", choices=MemberKind.choices, widget=forms.RadioSelect
    )
    is_chair = forms.BooleanField(label="Chairs the executive", required=False)
    started_on = GovukDateField(label="Date they joined")

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "organisation", agencies)


class EndForm(GovukForm):
    ended_on = GovukDateField(label="Date they left")


class SubgroupForm(GovukForm):
    name = forms.CharField(label="Subgroup name", max_length=200)
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea)


class MeetingForm(GovukForm):
    subgroup = forms.ModelChoiceField(
        label="Subgroup", queryset=Subgroup.objects.none(), empty_label="Choose a subgroup"
    )
    date = GovukDateField(label="Meeting date")
    invited = forms.ModelMultipleChoiceField(
        label="Invited agencies",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, subgroups: QuerySet[Subgroup], agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "subgroup", subgroups)
        _limit(self, "invited", agencies)


class AttendanceForm(GovukForm):
    attended = forms.ModelMultipleChoiceField(
        label="Agencies that attended",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave an agency unticked if nobody from it came.",
    )

    def __init__(self, *args: Any, invited: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "attended", invited)


class YearForm(forms.Form):
    year = forms.RegexField(label="Reporting year", regex=r"^[0-9]{4}-[0-9]{2}$", required=False)


class ContributionForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), empty_label="Choose an agency"
    )
    amount = forms.DecimalField(label="Amount in pounds", max_digits=12, decimal_places=2)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "agency", agencies)


class GrantForm(GovukForm):
    amount = forms.DecimalField(label="Amount in pounds", max_digits=12, decimal_places=2)
    funder = forms.CharField(label="Funder", max_length=200)
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea)
    uses = forms.CharField(
        label="How it was invested",
        required=False,
        widget=forms.Textarea,
        help_text="One use on each line.",
    )

    def clean_uses(self) -> list[str]:
        lines = str(self.cleaned_data.get("uses") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class ExpenditureForm(GovukForm):
    category = forms.CharField(label="Category", max_length=300)
    amount = forms.DecimalField(label="Amount in pounds", max_digits=12, decimal_places=2)
