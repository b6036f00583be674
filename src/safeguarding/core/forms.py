"""Forms for agencies, themes and timescales. They parse input; services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from safeguarding.core.govuk_forms import GovukDateField, GovukForm, limit_choices
from safeguarding.core.models import Agency, Designation, Sector, TimescaleUnit


class AgencyForm(GovukForm):
    name = forms.CharField(label="Agency name", max_length=200)
    short_name = forms.CharField(
        label="Short name", max_length=60, required=False, help_text="For tables, like “ICB”."
    )
    sector = forms.ChoiceField(label="Sector", choices=Sector.choices, widget=forms.RadioSelect)
    designation = forms.ChoiceField(
        label="Role in this partnership", choices=Designation.choices, widget=forms.RadioSelect
    )
    website = forms.URLField(label="Website", required=False, assume_scheme="https")


class AgencyLinkForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        help_text="Agencies already in the Hub that do not yet serve this partnership.",
    )
    designation = forms.ChoiceField(
        label="Role in this partnership", choices=Designation.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)


class RetireForm(GovukForm):
    retired_on = GovukDateField(label="Date retired")


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False)
    sector = forms.ChoiceField(
        label="Sector", required=False, choices=[("", "All sectors"), *Sector.choices]
    )
    retired = forms.BooleanField(label="Include retired agencies", required=False)


class ThemeForm(GovukForm):
    name = forms.CharField(label="Theme", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)


class TimescaleForm(GovukForm):
    amount = forms.IntegerField(label="Amount", min_value=1, max_value=365)
    unit = forms.ChoiceField(label="Unit", choices=TimescaleUnit.choices, widget=forms.RadioSelect)
    due_soon_working_days = forms.IntegerField(
        label="Show as due soon this many working days before",
        min_value=0,
        max_value=60,
    )


class DisclosureForm(GovukForm):
    disclosure_threshold = forms.IntegerField(
        label="Hide counts from 1 up to",
        help_text="Leave empty to use the Hub's default. Zero is always shown.",
        min_value=1,
        max_value=20,
        required=False,
    )
