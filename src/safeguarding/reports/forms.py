"""Forms for starting, writing, approving and publishing reports. Services hold the rules."""

from __future__ import annotations

from django import forms

from safeguarding.core.govuk_forms import GovukDateField, GovukForm, ReportingYearField


class ReportCreateForm(GovukForm):
    year = ReportingYearField(label="Reporting year")


class NarrativeForm(GovukForm):
    html = forms.CharField(
        label="Narrative",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="You can use <p>, <ul>, <ol>, <li>, <strong>, <em>, <a href> and <h3>.",
    )


class ApproveForm(GovukForm):
    approved_on = GovukDateField(label="Date approved")


class SentForm(GovukForm):
    sent_to_panel_on = GovukDateField(
        label="Date sent to the national Child Safeguarding Practice Review Panel", required=False
    )
    sent_to_dfe_on = GovukDateField(
        label="Date sent to the Department for Education", required=False
    )


class PublishForm(SentForm):
    published_on = GovukDateField(label="Date published")

    field_order = ["published_on", "sent_to_panel_on", "sent_to_dfe_on"]
