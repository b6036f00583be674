"""The audit log's filters: who, what, when and which record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps

from safeguarding.audit.selectors import AuditFacets, AuditFilters
from safeguarding.core.govuk_forms import GovukDateField, GovukForm


def _record_type_label(label: str) -> str:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return f"{str(model._meta.verbose_name).capitalize()} ({label})"


class AuditFilterForm(GovukForm):
    who = forms.CharField(
        label="Who", required=False, max_length=254, help_text="All or part of an email address."
    )
    what = forms.ChoiceField(label="What", required=False)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
    target_type = forms.ChoiceField(label="Record type", required=False)
    target_id = forms.CharField(label="Record ID", required=False, max_length=64)

    def __init__(self, *args: Any, facets: AuditFacets, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        what: Any = self.fields["what"]
        what.choices = [("", "Any action"), *((p, p) for p in facets.action_prefixes)]
        record: Any = self.fields["target_type"]
        record.choices = [
            ("", "Any record type"),
            *((t, _record_type_label(t)) for t in facets.target_types),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date.")
        return data

    def filters(self) -> AuditFilters:
        """The valid filters (none when the form is unbound or wrong)."""
        if not self.is_bound or not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            who=data["who"].strip(),
            what=data["what"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            target_type=data["target_type"],
            target_id=data["target_id"].strip(),
        )
