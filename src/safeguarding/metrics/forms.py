"""Forms for entered values. They parse input; the service holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding.core.govuk_forms import GovukForm, ReportingYearField
from safeguarding.metrics import registry


def metric_choices() -> list[tuple[str, str]]:
    return [(m.code, f"{m.label} ({m.code})") for m in registry.all_metrics()]


def breakdown_choices() -> list[tuple[str, str]]:
    return [("", "None: the total"), *((name, name) for name in registry.all_breakdowns())]


class ValueFields(GovukForm):
    value = forms.DecimalField(
        label="Value",
        max_digits=18,
        decimal_places=4,
        error_messages={"invalid": "Value must be a number, like 21 or 47300.50."},
    )
    source = forms.CharField(
        label="Source",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the figure came from, such as “2022-23 yearly report, page 12”.",
    )


class EnteredValueForm(ValueFields):
    metric = forms.ChoiceField(label="Metric", choices=metric_choices)
    period = ReportingYearField(label="Reporting year", help_text="For example, 2019-20.")
    breakdown = forms.ChoiceField(label="Breakdown", choices=breakdown_choices, required=False)
    breakdown_value = forms.CharField(
        label="Breakdown value",
        required=False,
        max_length=200,
        help_text="The agency, category or other value this figure is for. Empty for a total.",
    )
    field_order = ["metric", "period", "breakdown", "breakdown_value", "value", "source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["breakdown_value"] = data.get("breakdown_value", "").strip()
        return data


class EnteredValueFilterForm(forms.Form):
    metric = forms.ChoiceField(
        label="Metric", required=False, choices=lambda: [("", "All metrics"), *metric_choices()]
    )
