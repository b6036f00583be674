"""The LADO register's sheet in the data pack (docs/data-pack.md, docs/allegations.md): one row
per allegation, keyed by the LADO service's reference. Restricted: only a member holding the LADO
role (and the command line) may import or export it (`Sheet.restricted_to`); for anyone else the
import names the sheet as refused and the export leaves it out.

New rows are saved in one batch through `allegations_create_many` (decisions 0011 and 0014): a
demo year's hundreds of rows, or a service's whole history, cost a few queries. A changed row goes
through `allegation_update` and, when its outcome changes, `allegation_conclude`, so the same
rules and audit entries apply as on the pages. People are never named: a role and a code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.allegations.models import (
    CRITERIA,
    Allegation,
    Category,
    ContactType,
    EmployerSector,
    Outcome,
)
from safeguarding.allegations.services import (
    BatchRowRefused,
    allegation_conclude,
    allegation_update,
    allegations_create_many,
)
from safeguarding.core.models import Partnership
from safeguarding.datapack.fields import (
    NO,
    YES,
    PackChoiceField,
    PackDateField,
    PackYesNoField,
    choices_help,
    dated,
)
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    NumberedRows,
    Row,
    RowRefused,
    Sheet,
    cell,
    register,
)

CRITERION_COLUMNS = tuple(name for name, _ in CRITERIA)
YES_NO_COLUMNS = (*CRITERION_COLUMNS, "referred_to_dbs")
DATE_COLUMNS = ("received_on", "lado_informed_on", "strategy_meeting_on", "concluded_on")
#: The harm test's answer as the sheet writes it; blank: not yet decided.
CRITERIA_MET = {YES: True, NO: False, "": None}
#: The services name the harm test's criteria together ("criteria"); the sheet's column for them.
SERVICE_FIELDS = {"criteria": "criteria_met"}


class AllegationRowForm(forms.Form):
    reference = forms.CharField(
        max_length=40, error_messages={"required": "Enter the reference, the LADO case code."}
    )
    contact_type = PackChoiceField(choices=ContactType.choices)
    received_on = PackDateField(required_message="Enter the date the allegation was received.")
    lado_informed_on = PackDateField(required=False)
    employer_sector = PackChoiceField(choices=EmployerSector.choices)
    person_role = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the person's role, like teacher or foster carer."},
    )
    person_code = forms.CharField(max_length=40, required=False)
    category = PackChoiceField(choices=Category.choices, required=False)
    criteria_met = PackChoiceField(choices=[(YES, "yes"), (NO, "no")], required=False)
    harmed_child = PackYesNoField(required=False)
    criminal_offence = PackYesNoField(required=False)
    risk_of_harm = PackYesNoField(required=False)
    unsuitable = PackYesNoField(required=False)
    strategy_meeting_on = PackDateField(required=False)
    outcome = PackChoiceField(choices=Outcome.choices, required=False)
    concluded_on = PackDateField(required=False)
    referred_to_dbs = PackYesNoField(required=False)
    referred_to_regulator = forms.CharField(max_length=200, required=False)

    def clean_outcome(self) -> str:
        """Blank is ongoing, as the export writes it."""
        return str(self.cleaned_data.get("outcome") or Outcome.ONGOING)


# Export


def export_allegations(partnership: Partnership) -> Iterator[Row]:
    rows = Allegation.objects.filter(partnership=partnership).order_by("received_on", "reference")
    for allegation in rows:
        yield _row(allegation)


def _row(allegation: Allegation) -> Row:
    criteria_met = {True: YES, False: NO, None: ""}[allegation.criteria_met]
    row = {
        "reference": allegation.reference,
        "contact_type": allegation.contact_type,
        "employer_sector": allegation.employer_sector,
        "person_role": allegation.person_role,
        "person_code": allegation.person_code,
        "category": allegation.category,
        "criteria_met": criteria_met,
        "outcome": allegation.outcome,
        "referred_to_regulator": allegation.referred_to_regulator,
    }
    row |= {name: cell(getattr(allegation, name)) for name in DATE_COLUMNS}
    row |= {name: YES if getattr(allegation, name) else NO for name in YES_NO_COLUMNS}
    return row


# Import


def values_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A cleaned row as the services take it (only the columns the sheet holds): yes/no as
    booleans, the harm test's answer as True, False or None (blank: not yet decided)."""
    values = dict(row)
    for name in YES_NO_COLUMNS:
        if name in values:
            values[name] = values[name] == YES
    if "criteria_met" in values:
        values["criteria_met"] = CRITERIA_MET[values["criteria_met"]]
    return values


def save_allegations(context: ImportContext, rows: NumberedRows) -> None:
    """Add the new allegations in one batch (`allegations_create_many`), then change each one
    already held through `allegation_update` and `allegation_conclude`."""
    partnership = context.partnership
    stored = Allegation.objects.filter(partnership=partnership)
    known = {allegation.reference.casefold(): allegation for allegation in stored}
    new: list[tuple[int, dict[str, Any], Allegation | None]] = []
    changed: list[tuple[int, dict[str, Any], Allegation | None]] = []
    for number, row in rows:
        held = known.get(str(row["reference"]).strip().casefold())
        (new if held is None else changed).append((number, row, held))
    if new:
        batch = [(number, values_of(row)) for number, row, _ in new]
        try:
            allegations_create_many(actor=context.actor, partnership=partnership, rows=batch)
        except BatchRowRefused as refused:
            raise RowRefused(refused.number, _on_columns(refused.error)) from None
    for number, row, held in changed:
        assert held is not None
        try:
            _change(context, held, values_of(row))
        except ValidationError as error:
            raise RowRefused(number, _on_columns(error)) from None


def save_allegation(context: ImportContext, row: dict[str, Any]) -> None:
    """One row (the sheet saves its rows in a batch: `save_allegations`)."""
    save_allegations(context, [(0, row)])


def _change(context: ImportContext, allegation: Allegation, values: dict[str, Any]) -> None:
    """The row's details through `allegation_update`, its outcome through `allegation_conclude`
    (reopened first when both change, so the new details meet the new outcome's rules)."""
    outcome = values.pop("outcome", allegation.outcome)
    concluded_on: dt.date | None = values.pop("concluded_on", allegation.concluded_on)
    details = {name: value for name, value in values.items() if getattr(allegation, name) != value}
    concluding = (outcome, concluded_on) != (allegation.outcome, allegation.concluded_on)
    actor = context.actor
    if concluding and details and allegation.outcome != Outcome.ONGOING:
        allegation_conclude(
            actor=actor, allegation=allegation, outcome=Outcome.ONGOING, concluded_on=None
        )
    if details:
        allegation_update(actor=actor, allegation=allegation, data=details)
    if (outcome, concluded_on) != (allegation.outcome, allegation.concluded_on):
        allegation_conclude(
            actor=actor, allegation=allegation, outcome=outcome, concluded_on=concluded_on
        )


def _on_columns(error: ValidationError) -> ValidationError:
    """The service's field errors against the sheet's columns."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {SERVICE_FIELDS.get(field, field): messages for field, messages in error.error_dict.items()}
    )


def _yes_no(text: str) -> str:
    return f"{text} yes or no; blank is no."


ALLEGATIONS = register(
    Sheet(
        name="allegations",
        order=700,
        description="The LADO register (restricted to the LADO role): each allegation or concern "
        "about a person who works with children, by the LADO service's reference. No names.",
        columns=(
            Column("reference", required=True, description="The LADO case code; the key."),
            Column("contact_type", required=True, description=choices_help(ContactType.choices)),
            Column("received_on", required=True, description=dated("When it was received.")),
            Column("lado_informed_on", description=dated("When the LADO was informed.")),
            Column(
                "employer_sector",
                required=True,
                description=choices_help(EmployerSector.choices),
            ),
            Column("person_role", required=True, description="Their role, never a name."),
            Column("person_code", description="The LADO service's code for the person."),
            Column(
                "category",
                description=f"Needed for a referral. {choices_help(Category.choices)}",
            ),
            Column("criteria_met", description="The harm test: yes, no, or blank (not decided)."),
            *(Column(name, description=_yes_no(label + ":")) for name, label in CRITERIA),
            Column("strategy_meeting_on", description=dated("The strategy meeting, if any.")),
            Column("outcome", description=f"Blank is ongoing. {choices_help(Outcome.choices)}"),
            Column("concluded_on", description=dated("When it concluded; blank if ongoing.")),
            Column("referred_to_dbs", description=_yes_no("Referred to the DBS:")),
            Column("referred_to_regulator", description="The regulator's name; blank for none."),
        ),
        key=("reference",),
        form=AllegationRowForm,
        save=save_allegation,
        save_many=save_allegations,
        export=export_allegations,
        restricted_to=frozenset({Role.LADO}),
    )
)
