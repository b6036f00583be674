"""Forms for the executive, subgroups, meetings and budget lines. Services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from safeguarding.core.govuk_forms import (
    GovukDateField,
    GovukForm,
    ReportingYearField,
    limit_choices,
)
from safeguarding.core.models import Agency
from safeguarding.governance.models import (
    Channel,
    Measure,
    MemberKind,
    ParticipationGroup,
    Rag,
    Subgroup,
)
from safeguarding.learning.models import Action


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
        limit_choices(self, "organisation", agencies)


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
        limit_choices(self, "subgroup", subgroups)
        limit_choices(self, "invited", agencies)


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
        limit_choices(self, "attended", invited)


class ContributionForm(GovukForm):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), empty_label="Choose an agency"
    )
    amount = forms.DecimalField(label="Amount in pounds", max_digits=12, decimal_places=2)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)


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


# Shared fields


class LinesField(forms.CharField):
    """Text with one item on each line, cleaned to a list without blank lines."""

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "One on each line.")
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> list[str]:
        text = str(super().clean(value) or "")
        return [line.strip() for line in text.splitlines() if line.strip()]


def lines(items: list[str]) -> str:
    return "\n".join(items)


# Communications


class CommunicationFigureForm(GovukForm):
    year = ReportingYearField(label="Reporting year")
    channel = forms.ChoiceField(label="Channel", choices=Channel.choices, widget=forms.RadioSelect)
    measure = forms.ChoiceField(label="Measure", choices=Measure.choices, widget=forms.RadioSelect)
    value = forms.DecimalField(
        label="Value", max_digits=12, decimal_places=2, min_value=0, help_text="A number."
    )
    period = forms.CharField(
        label="Period",
        max_length=200,
        required=False,
        help_text="Only if the figure covers part of the year, like “since September”.",
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)


# The voice of children and young people


class ParticipationGroupForm(GovukForm):
    name = forms.CharField(label="Group name", max_length=200)
    agency = forms.ModelChoiceField(
        label="Host agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not an agency of the partnership",
    )
    host = forms.CharField(
        label="Host organisation",
        max_length=200,
        required=False,
        help_text="If the host is not one of the partnership's agencies.",
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)


class EngagementForm(GovukForm):
    year = ReportingYearField(label="Reporting year")
    title = forms.CharField(label="What was done", max_length=300)
    details = LinesField(label="Details", help_text="Optional: one item on each line.")
    influenced = forms.CharField(label="What it influenced", required=False, widget=forms.Textarea)
    groups = forms.ModelMultipleChoiceField(
        label="Groups involved",
        queryset=ParticipationGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, groups: QuerySet[ParticipationGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "groups", groups)


# Priorities and the plan on a page


class PriorityForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200)
    statement = forms.CharField(
        label="Statement", widget=forms.Textarea, help_text="As the plan on a page puts it."
    )
    why_chosen = forms.CharField(
        label="Why this priority was chosen", required=False, widget=forms.Textarea
    )
    aims = LinesField(label="Aims of the partnership")
    forward_focus = LinesField(label="Forward focus")
    progress = forms.ChoiceField(
        label="Progress",
        choices=[("", "Not assessed"), *Rag.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    progress_note = forms.CharField(label="About progress", required=False, widget=forms.Textarea)
    order = forms.IntegerField(label="Order on the plan", min_value=1, max_value=99)
    first_year = ReportingYearField(label="First reporting year")
    last_year = ReportingYearField(
        label="Last reporting year", required=False, help_text="Leave empty while it continues."
    )


class IndicatorForm(GovukForm):
    label = forms.CharField(label="What is measured", max_length=300)
    local_value = forms.DecimalField(
        label="Local value", max_digits=12, decimal_places=2, required=False
    )
    england_value = forms.DecimalField(
        label="England value", max_digits=12, decimal_places=2, required=False
    )
    unit = forms.CharField(
        label="Unit", max_length=100, required=False, help_text="For example, per 100,000 or %."
    )
    source = forms.CharField(label="Source", max_length=300, required=False)
    year_label = forms.CharField(
        label="Year of the figures", max_length=50, required=False, help_text="For example, 2023."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("local_value") is None and data.get("england_value") is None:
            self.add_error("local_value", "Enter the local value, the England value, or both.")
        return data


class ActionChoiceField(forms.ModelMultipleChoiceField):
    """Learning actions labelled with their source, as two sources may name alike actions."""

    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Action)
        return f"{obj.title} ({obj.source})"


class ActivityForm(GovukForm):
    year = ReportingYearField(label="Reporting year")
    text = forms.CharField(label="What the partnership did", widget=forms.Textarea)
    evidence = forms.CharField(
        label="Evidence of progress or impact", required=False, widget=forms.Textarea
    )
    actions = ActionChoiceField(
        label="Learning actions it carries out",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The report shows their evidence of impact under the priority.",
    )

    def __init__(self, *args: Any, actions: QuerySet[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "actions", actions)


class PlanOnAPageForm(GovukForm):
    working_with = forms.CharField(
        label="Working in partnership with", required=False, widget=forms.Textarea
    )
    understand = forms.CharField(
        label="How we will understand challenges in the system",
        required=False,
        widget=forms.Textarea,
    )
    support_change = forms.CharField(
        label="How we will support positive change in the system",
        required=False,
        widget=forms.Textarea,
    )
    improve_working = forms.CharField(
        label="How we will improve partnership working", required=False, widget=forms.Textarea
    )


# Changes to national guidance


class GuidanceChangeForm(GovukForm):
    year = ReportingYearField(label="Reporting year")
    topic = forms.CharField(label="Topic", max_length=200, help_text="For example, Education.")
    guidance = forms.CharField(label="What the guidance says", widget=forms.Textarea)
    decision = forms.CharField(label="What the partnership decided", widget=forms.Textarea)
