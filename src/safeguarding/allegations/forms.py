"""Forms for the LADO register's pages. They parse input; the services hold the rules (a rule
that needs another field or the database, like the criteria of the harm test or a reference
already used, comes back from the service against its field)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from safeguarding.allegations.models import CRITERIA, Category, ContactType, EmployerSector, Outcome
from safeguarding.allegations.selectors import CRITERIA_FILTERS, HARM_TEST, ONGOING_FILTERS
from safeguarding.core.govuk_forms import GovukDateField, GovukForm
from safeguarding.core.years import ReportingYear

HARM_TEST_CHOICES = [("yes", "Yes"), ("no", "No"), ("undecided", "Not yet decided")]


def _invalid(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Select {what} from the list"}


class AllegationForm(GovukForm):
    """An allegation's details: the notification, the person (a role and a code, never a name),
    and the harm test."""

    reference = forms.CharField(
        label="Reference",
        max_length=40,
        required=False,
        help_text="The LADO service's case code. Leave it blank to number it LADO-0001 and so on.",
    )
    contact_type = forms.ChoiceField(
        label="Contact type",
        choices=ContactType.choices,
        widget=forms.RadioSelect,
        error_messages=_invalid("the contact type"),
    )
    received_on = GovukDateField(label="Date received")
    lado_informed_on = GovukDateField(
        label="Date the LADO was informed",
        required=False,
        help_text="Within 1 working day of the date received. For example, 27 3 2024.",
    )
    employer_sector = forms.ChoiceField(
        label="Employer's sector",
        choices=[("", "Select the sector"), *EmployerSector.choices],
        error_messages=_invalid("the sector"),
    )
    person_role = forms.CharField(
        label="The person's role",
        max_length=200,
        help_text="What they do, like teacher or foster carer. Never their name.",
    )
    person_code = forms.CharField(
        label="The person's code",
        max_length=40,
        required=False,
        help_text="The LADO service's own code for the person, if it keeps one.",
    )
    category = forms.ChoiceField(
        label="Category",
        choices=Category.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed for a referral.",
        error_messages=_invalid("the category"),
    )
    criteria_met = forms.ChoiceField(
        label="Is the harm test met?",
        choices=HARM_TEST_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the harm test is met"},
    )
    criteria = forms.MultipleChoiceField(
        label="Criteria met",
        choices=CRITERIA,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The person has, or may have, done one or more of these. Select all that apply.",
    )
    strategy_meeting_on = GovukDateField(label="Date of the strategy meeting", required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # a stored allegation keeps a reference: the service asks for one
            self.fields["reference"].help_text = "The LADO service's case code."

    def clean(self) -> dict[str, Any]:
        """The answers as `allegation_create` takes them: the harm test as yes, no or None, and
        each criterion ticked or not."""
        data = super().clean() or {}
        if "criteria_met" in data:
            data["criteria_met"] = HARM_TEST[data["criteria_met"]]
        ticked = set(data.pop("criteria", []))
        data.update({name: name in ticked for name, _ in CRITERIA})
        return data


class ConcludeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[choice for choice in Outcome.choices if choice[0] != Outcome.ONGOING],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", **_invalid("the outcome")},
    )
    # The service asks for the date ("Enter the date the allegation was concluded").
    concluded_on = GovukDateField(label="Date concluded", required=False)
    referred_to_dbs = forms.BooleanField(
        label="Referred to the Disclosure and Barring Service", required=False
    )
    referred_to_regulator = forms.CharField(
        label="Regulator referred to",
        max_length=200,
        required=False,
        help_text="For example, the Teaching Regulation Agency. Leave it blank for none.",
    )


def _any(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *((str(value), str(name)) for value, name in choices)]


class RegisterFilterForm(GovukForm):
    """The register's filters; a value that is not one of the choices is shown as an error, and
    the register is filtered by the others."""

    year = forms.ChoiceField(label="Year received", required=False)
    contact_type = forms.ChoiceField(
        label="Contact type", required=False, choices=_any("Any", ContactType.choices)
    )
    employer_sector = forms.ChoiceField(
        label="Sector", required=False, choices=_any("Any", EmployerSector.choices)
    )
    criteria = forms.ChoiceField(
        label="Harm test",
        required=False,
        choices=_any("Any", ((key, label) for key, (label, _) in CRITERIA_FILTERS.items())),
    )
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=_any("Any", Outcome.choices)
    )
    ongoing = forms.ChoiceField(
        label="Ongoing or concluded",
        required=False,
        choices=_any("Either", ((key, label) for key, (label, _) in ONGOING_FILTERS.items())),
    )

    def __init__(self, *args: Any, years: list[ReportingYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = cast(forms.ChoiceField, self.fields["year"])
        year_field.choices = _any("Every year", ((year.label, year.label) for year in years))

    def chosen(self) -> dict[str, Any]:
        """The valid filters chosen, the year as a ReportingYear."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if "year" in data:
            data["year"] = ReportingYear.from_label(data["year"])
        return data
