"""The rules of an allegation, as pure functions: every service that writes one (one by one, in a
batch, or concluding it) asks these, so the single and the batch services cannot disagree
(decision 0014). Each returns {field: message}; empty when the values keep every rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format

from safeguarding.allegations.models import (
    CRITERIA,
    Allegation,
    Category,
    ContactType,
    EmployerSector,
    Outcome,
)

Problems = dict[str, str]

#: The fields `allegation_create` takes (and `allegation_update` changes), with their defaults;
#: those without a default are required.
DEFAULTS: dict[str, Any] = {
    "lado_informed_on": None,
    "person_code": "",
    "category": "",
    "criteria_met": None,
    "harmed_child": False,
    "criminal_offence": False,
    "risk_of_harm": False,
    "unsuitable": False,
    "strategy_meeting_on": None,
    "referred_to_dbs": False,
    "referred_to_regulator": "",
    "reference": "",
}
REQUIRED = ("contact_type", "received_on", "employer_sector", "person_role")
FIELDS = frozenset(REQUIRED) | frozenset(DEFAULTS)
TEXT_FIELDS = ("reference", "person_role", "person_code", "referred_to_regulator")
CRITERION_FIELDS = tuple(name for name, _ in CRITERIA)
#: The choices, read once (a batch asks for each of its rows).
CONTACT_TYPES = frozenset(ContactType.values)
SECTORS = frozenset(EmployerSector.values)
CATEGORIES = frozenset(Category.values)
OUTCOMES = frozenset(Outcome.values)
#: The outcomes Keeping Children Safe in Education defines for an allegation meeting the harm test.
KCSIE_OUTCOMES = OUTCOMES - {Outcome.ONGOING, Outcome.CRITERIA_NOT_MET}

_LENGTHS = {
    name: cast("models.CharField[str, str]", Allegation._meta.get_field(name)).max_length
    for name in TEXT_FIELDS
}
_TEXT_NAMES = {
    "reference": "The reference",
    "person_role": "The person's role",
    "person_code": "The person's code",
    "referred_to_regulator": "The regulator",
}


def day(value: dt.date) -> str:
    """A date as the pages write it: 5 May 2023."""
    return date_format(value, "j F Y")


def refuse(problems: Problems) -> None:
    """Report every problem found at once, each against its field; nothing is saved."""
    if problems:
        raise ValidationError(problems)


def cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values with surrounding spaces taken off their text."""
    return {
        name: value.strip() if name in TEXT_FIELDS and isinstance(value, str) else value
        for name, value in values.items()
    }


def record_problems(
    values: Mapping[str, Any], *, today: dt.date, reference_taken: bool
) -> Problems:
    """Every rule of an allegation's details (`values` holds each of FIELDS), given whether
    another allegation of the partnership has its reference."""
    return (
        _choice_problems(values)
        | _date_problems(values, today)
        | _criteria_problems(values)
        | _text_problems(values, reference_taken)
    )


def _choice_problems(values: Mapping[str, Any]) -> Problems:
    problems: Problems = {}
    contact_type, sector, category = (
        values["contact_type"],
        values["employer_sector"],
        values["category"],
    )
    if contact_type not in CONTACT_TYPES:
        problems["contact_type"] = (
            _unknown(contact_type, "contact type")
            or "Select whether it was a referral or a request for advice"
        )
    if sector not in SECTORS:
        problems["employer_sector"] = (
            _unknown(sector, "sector") or "Select the sector of the person's employer"
        )
    if category and category not in CATEGORIES:
        problems["category"] = _unknown(category, "category") or ""
    elif not category and contact_type == ContactType.REFERRAL:
        problems["category"] = "Select the category of the allegation"
    return problems


def _unknown(value: Any, what: str) -> str | None:
    """The message for a value that is not one of the choices; None when nothing was given."""
    if value in (None, ""):
        return None
    return f"“{value}” is not a {what}: select one from the list"


def _date_problems(values: Mapping[str, Any], today: dt.date) -> Problems:
    received = values["received_on"]
    if received is None:
        return {"received_on": "Enter the date the allegation was received"}
    problems = _not_future("received_on", received, today, "The date received")
    for field, what in (
        ("lado_informed_on", "The date the LADO was informed"),
        ("strategy_meeting_on", "The date of the strategy meeting"),
    ):
        value = values[field]
        if value is not None and value < received:
            problems[field] = f"{what} must be on or after the date received ({day(received)})"
        else:
            problems |= _not_future(field, value, today, what)
    return problems


def _not_future(field: str, value: dt.date | None, today: dt.date, what: str) -> Problems:
    if value is not None and value > today:
        return {field: f"{what} must be today or in the past"}
    return {}


def _criteria_problems(values: Mapping[str, Any]) -> Problems:
    """The harm test met needs at least one of its criteria ticked; not met (or not yet decided)
    needs none."""
    ticked = any(values[name] for name in CRITERION_FIELDS)
    if values["criteria_met"] is True and not ticked:
        return {"criteria": "Select the criteria of the harm test the allegation meets"}
    if values["criteria_met"] is not True and ticked:
        return {"criteria": "Untick the criteria, or answer that the harm test is met"}
    return {}


def _text_problems(values: Mapping[str, Any], reference_taken: bool) -> Problems:
    problems: Problems = {}
    if not values["person_role"]:
        problems["person_role"] = "Enter the person's role, like teacher or foster carer"
    for name, length in _LENGTHS.items():
        if len(values[name] or "") > (length or 0):
            problems[name] = f"{_TEXT_NAMES[name]} must be {length} characters or fewer"
    if reference_taken and "reference" not in problems:
        problems["reference"] = (
            f"The reference {values['reference']} is already used in this partnership"
        )
    return problems


def outcome_problems(
    *,
    outcome: str,
    concluded_on: dt.date | None,
    received_on: dt.date | None,
    criteria_met: bool | None,
    today: dt.date,
) -> Problems:
    """The rules of an allegation's outcome: a concluded date with every outcome but ongoing (and
    only then), on or after the date received and not in the future; the five outcomes of Keeping
    Children Safe in Education for an allegation meeting the harm test, "criteria not met" for
    one that does not."""
    if outcome not in OUTCOMES:
        return {"outcome": _unknown(outcome, "outcome") or "Select the outcome"}
    problems = _concluded_problems(outcome, concluded_on, received_on, today)
    if outcome in KCSIE_OUTCOMES and criteria_met is not True:
        problems["outcome"] = (
            f"{Outcome(outcome).label} is an outcome of an allegation meeting the harm test: "
            "record the criteria it meets first"
        )
    elif outcome == Outcome.CRITERIA_NOT_MET and criteria_met is not False:
        problems["outcome"] = (
            "Record that the harm test is not met before closing the allegation as not "
            "meeting the criteria"
        )
    return problems


def _concluded_problems(
    outcome: str, concluded_on: dt.date | None, received_on: dt.date | None, today: dt.date
) -> Problems:
    if outcome == Outcome.ONGOING:
        if concluded_on is not None:
            return {
                "concluded_on": "Leave the date concluded empty while the allegation is ongoing"
            }
        return {}
    if concluded_on is None:
        return {"concluded_on": "Enter the date the allegation was concluded"}
    if received_on is not None and concluded_on < received_on:
        return {
            "concluded_on": "The date concluded must be on or after the date received "
            f"({day(received_on)})"
        }
    return _not_future("concluded_on", concluded_on, today, "The date concluded")


def conclusion_problems(allegation: Allegation, values: Mapping[str, Any]) -> Problems:
    """Changing a concluded allegation's details keeps its conclusion true: received on or before
    the date concluded, and the harm test answered as its outcome says."""
    outcome, concluded_on = allegation.outcome, allegation.concluded_on
    if outcome == Outcome.ONGOING or concluded_on is None:
        return {}
    problems: Problems = {}
    received = values["received_on"]
    if received is not None and received > concluded_on:
        problems["received_on"] = (
            f"The date received must be on or before the date concluded ({day(concluded_on)})"
        )
    if outcome in KCSIE_OUTCOMES and values["criteria_met"] is not True:
        label = Outcome(outcome).label.lower()
        problems["criteria_met"] = f"The allegation was concluded as {label}: the harm test is met"
    elif outcome == Outcome.CRITERIA_NOT_MET and values["criteria_met"] is not False:
        problems["criteria_met"] = (
            "The allegation was closed as not meeting the criteria: the harm test is not met"
        )
    return problems


def regulator_problems(regulator: str) -> Problems:
    length = _LENGTHS["referred_to_regulator"] or 0
    if len(regulator) > length:
        return {"referred_to_regulator": f"The regulator must be {length} characters or fewer"}
    return {}
