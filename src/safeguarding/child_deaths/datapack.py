"""The child death register's sheet in the data pack (docs/data-pack.md): one row per death of
a child who lived in the partnership, keyed by the panel (its footprint's short name) and the
panel's case code. Restricted to the CDOP role: a member without it can neither import nor
export the sheet (the command line, with no one signed in, can).

Every row is saved through the child deaths services in the steps the pages take: the
notification is recorded (or corrected), then the panel's review, so the same rules and audit
entries apply. The row form checks what one row can show (dates in order, an age band the dates
agree with) so the preview reports it; the services check the rest (a panel that serves the
partnership, a case code the panel has not used).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import services
from safeguarding.child_deaths.models import (
    AgeBand,
    Category,
    ChildDeath,
    Expectation,
    ModifiableFactors,
    age_band_on,
)
from safeguarding.core.models import Footprint, Partnership
from safeguarding.datapack.fields import (
    NO,
    YES,
    PackChoiceField,
    PackDateField,
    PackYesNoField,
    choices_help,
    dated,
)
from safeguarding.datapack.registry import Column, ImportContext, Row, Sheet, cell, register

NOTIFICATION = (
    "died_on",
    "born_on",
    "notified_on",
    "age_band",
    "expectation",
    "joint_agency_response",
)
REVIEW = ("review_meeting_on", "review_completed_on", "category", "modifiable_factors")
CATEGORY_CHOICES = [(str(value), str(label)) for value, label in Category.choices]
#: Dates that must come in order: (the column told, the later date, the earlier, the message).
ORDER = (
    (
        "notified_on",
        "notified_on",
        "died_on",
        "The date notified must be on or after the date of death",
    ),
    ("born_on", "died_on", "born_on", "The date of birth must be on or before the date of death"),
    (
        "review_meeting_on",
        "review_meeting_on",
        "notified_on",
        "The date of the review meeting must be on or after the date notified",
    ),
    (
        "review_completed_on",
        "review_completed_on",
        "notified_on",
        "The date the review was completed must be on or after the date notified",
    ),
    (
        "review_meeting_on",
        "review_completed_on",
        "review_meeting_on",
        "The date of the review meeting must be on or before the date the review was completed",
    ),
)


class ChildDeathRowForm(forms.Form):
    panel = forms.SlugField(
        max_length=60, error_messages={"required": "Enter the panel's short name."}
    )
    case_code = forms.CharField(
        max_length=40, error_messages={"required": "Enter the panel's case code."}
    )
    died_on = PackDateField(required_message="Enter the date of death.")
    born_on = PackDateField(required=False)
    notified_on = PackDateField(required_message="Enter the date the death was notified.")
    age_band = PackChoiceField(choices=AgeBand.choices)
    expectation = PackChoiceField(choices=Expectation.choices)
    joint_agency_response = PackYesNoField(required=False)
    review_meeting_on = PackDateField(required=False)
    review_completed_on = PackDateField(required=False)
    category = PackChoiceField(choices=CATEGORY_CHOICES, required=False)
    modifiable_factors = PackChoiceField(choices=ModifiableFactors.choices, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for column, later, earlier, message in ORDER:
            first, then = data.get(earlier), data.get(later)
            if first and then and then < first and column not in self.errors:
                self.add_error(column, message)
        if "born_on" not in self.errors and "age_band" not in self.errors:
            self._band_matches(data)
        return data

    def _band_matches(self, data: dict[str, Any]) -> None:
        """With a date of birth, the age band must be the one the dates give (and under 18)."""
        born_on, died_on, band = data.get("born_on"), data.get("died_on"), data.get("age_band")
        if not (born_on and died_on and band):
            return
        found = age_band_on(born_on, died_on)
        dates = f"a child born on {services.day(born_on)} who died on {services.day(died_on)}"
        if found is None:
            message = f"The child must have died before their 18th birthday: {dates} was 18"
            self.add_error("born_on", message)
        elif found != band:
            message = f"The age band must match the dates: {dates} was in the band {found.label}"
            self.add_error("age_band", message)


def export_child_deaths(partnership: Partnership) -> Iterator[Row]:
    rows = ChildDeath.objects.filter(partnership=partnership).select_related("panel")
    for death in rows.order_by("notified_on", "panel__slug", "case_code"):
        yield {
            "panel": death.panel.slug,
            "case_code": death.case_code,
            "died_on": cell(death.died_on),
            "born_on": cell(death.born_on),
            "notified_on": cell(death.notified_on),
            "age_band": death.age_band,
            "expectation": death.expectation,
            "joint_agency_response": YES if death.joint_agency_response else NO,
            "review_meeting_on": cell(death.review_meeting_on),
            "review_completed_on": cell(death.review_completed_on),
            "category": cell(death.category),
            "modifiable_factors": death.modifiable_factors,
        }


def _panel(partnership: Partnership, slug: str) -> Footprint:
    panel = Footprint.objects.filter(slug__iexact=slug, partnerships=partnership).first()
    if panel is None:
        message = f"There is no panel with the short name “{slug}” serving this partnership."
        raise ValidationError({"panel": message})
    return panel


def _values(row: dict[str, Any]) -> dict[str, Any]:
    """The row's values as the services take them: a yes/no as a bool, a category as a number."""
    values = dict(row)
    if "joint_agency_response" in values:
        values["joint_agency_response"] = values["joint_agency_response"] == YES
    if "category" in values:
        values["category"] = int(values["category"]) if values["category"] else None
    return values


def _changed(values: dict[str, Any], death: ChildDeath, columns: tuple[str, ...]) -> bool:
    return any(c in values and values[c] != getattr(death, c) for c in columns)


def save_child_death(context: ImportContext, row: dict[str, Any]) -> ChildDeath:
    panel = _panel(context.partnership, row["panel"])
    values = _values(row)
    death = ChildDeath.objects.filter(
        partnership=context.partnership, panel=panel, case_code__iexact=row["case_code"]
    ).first()
    if death is None:
        death = services.child_death_create(
            actor=context.actor,
            partnership=context.partnership,
            panel=panel,
            case_code=row["case_code"],
            **{column: values[column] for column in NOTIFICATION if column in values},
        )
    elif _changed(values, death, ("case_code", *NOTIFICATION)):
        data = {c: values[c] for c in ("case_code", *NOTIFICATION) if c in values}
        death = services.child_death_update(actor=context.actor, death=death, data=data)
    if _changed(values, death, REVIEW):
        review = {column: values.get(column, getattr(death, column)) for column in REVIEW}
        death = services.child_death_review_record(actor=context.actor, death=death, **review)
    return death


CATEGORY_HELP = "The category of death, 1 to 10: " + "; ".join(
    f"{value} {label}" for value, label in CATEGORY_CHOICES
)

CHILD_DEATHS = register(
    Sheet(
        name="child_deaths",
        order=540,
        description="The child death register (the CDOP role only): deaths of children who "
        "lived in the partnership, from notification to the panel's review.",
        columns=(
            Column("panel", required=True, description="The panel's footprint short name."),
            Column("case_code", required=True, description="The panel's case code, never a name."),
            Column("died_on", required=True, description=dated("The date of death.")),
            Column("born_on", description=dated("Optional; the age band must agree.")),
            Column("notified_on", required=True, description=dated("Notified to the panel.")),
            Column("age_band", required=True, description=choices_help(AgeBand.choices)),
            Column("expectation", required=True, description=choices_help(Expectation.choices)),
            Column("joint_agency_response", description="yes or no; blank is no."),
            Column("review_meeting_on", description=dated("The child death review meeting.")),
            Column(
                "review_completed_on", description=dated("The panel's review; with both below.")
            ),
            Column("category", description=CATEGORY_HELP),
            Column("modifiable_factors", description=choices_help(ModifiableFactors.choices)),
        ),
        key=("panel", "case_code"),
        form=ChildDeathRowForm,
        save=save_child_death,
        export=export_child_deaths,
        restricted_to=frozenset({Role.CDOP}),
    )
)
