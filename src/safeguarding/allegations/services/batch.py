"""Many allegations at once: the data pack's `allegations` sheet (hundreds a year) and the
benchmark's 100,000 (decisions 0011 and 0014, as training's batches).

Each row is checked by the same rules as `allegation_create` (and, when it carries an outcome,
`allegation_conclude`), against the partnership's references read once and the rows accepted
before it. The first row refused raises `BatchRowRefused` with its number, and nothing is written.
The allegations are inserted in bulk, and one `allegations.allegation.create_many` audit entry per
AUDIT_BATCH rows lists each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from itertools import count
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.allegations.models import (
    Allegation,
    Category,
    ContactType,
    EmployerSector,
    Outcome,
)
from safeguarding.allegations.services._rules import (
    DEFAULTS,
    FIELDS,
    REQUIRED,
    Problems,
    cleaned,
    outcome_problems,
    record_problems,
)
from safeguarding.allegations.services.records import (
    TIMESCALE,
    reference_for,
    reference_number,
)
from safeguarding.core.models import Partnership
from safeguarding.core.selectors import EffectiveTimescale, timescale_for

# The batch pieces every app's batch services share (decisions 0011 and 0014).
from safeguarding.core.service_helpers import IN_BATCH, BatchRowRefused, audit_many

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

#: A batch's row: its number (in the sheet), and the keyword arguments `allegation_create` takes,
#: with `outcome` and `concluded_on` as `allegation_conclude` takes them for a concluded one.
AllegationRow = tuple[int, Mapping[str, Any]]
ROW_FIELDS = FIELDS | {"outcome", "concluded_on"}


@transaction.atomic
def allegations_create_many(
    *, actor: User | None, partnership: Partnership, rows: Sequence[AllegationRow]
) -> list[Allegation]:
    """Add many allegations at once (see the module's description); a blank reference is made
    after the highest LADO-number stored or named in the batch."""
    checker = _Checker(partnership, rows)
    allegations = [checker.check(number, row) for number, row in rows]
    Allegation.objects.bulk_create(allegations, batch_size=IN_BATCH)
    lines = [_created_line(allegation) for allegation in allegations]
    audit_many(actor, partnership, "allegations.allegation.create_many", lines)
    return allegations


class _Checker:
    """What a batch reads once: today, the timescale, the references taken and the next free
    LADO-number; `check` turns one row into an unsaved allegation, or refuses it."""

    def __init__(self, partnership: Partnership, rows: Sequence[AllegationRow]) -> None:
        self.partnership = partnership
        self.today = timezone.localdate()
        self.timescale: EffectiveTimescale = timescale_for(partnership, TIMESCALE)
        stored = Allegation.objects.filter(partnership=partnership)
        self.taken = set(stored.values_list("reference", flat=True))
        named = {str(row.get("reference") or "").strip() for _, row in rows}
        self.numbers = _free_numbers(self.taken | named)
        self.due: dict[dt.date, dt.date] = {}  # by the date received: many rows share one

    def check(self, number: int, row: Mapping[str, Any]) -> Allegation:
        unknown = set(row) - ROW_FIELDS
        if unknown:
            raise TypeError(f"Row {number} has unexpected fields: {', '.join(sorted(unknown))}")
        values = _values(row)
        values["reference"] = values["reference"] or reference_for(next(self.numbers))
        outcome = {"outcome": row.get("outcome") or Outcome.ONGOING}
        outcome["concluded_on"] = row.get("concluded_on")
        problems = self._problems(values, outcome)
        if problems:
            raise BatchRowRefused(number, ValidationError(problems))
        self.taken.add(values["reference"])
        received = values["received_on"]
        if received not in self.due:
            self.due[received] = self.timescale.due_from(received)
        due = self.due[received]
        return Allegation(partnership=self.partnership, lado_due_on=due, **values, **outcome)

    def _problems(self, values: dict[str, Any], outcome: dict[str, Any]) -> Problems:
        taken = values["reference"] in self.taken
        problems = record_problems(values, today=self.today, reference_taken=taken)
        return problems | outcome_problems(
            outcome=outcome["outcome"],
            concluded_on=outcome["concluded_on"],
            received_on=values["received_on"],
            criteria_met=values["criteria_met"],
            today=self.today,
        )


def _values(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values of the fields `allegation_create` takes (a missing required one as
    blank, which the rules refuse), cleaned as it cleans them."""
    given = {name: row[name] for name in FIELDS if name in row}
    blank: dict[str, Any] = {name: None if name == "received_on" else "" for name in REQUIRED}
    return cleaned(blank | DEFAULTS | given)


def _free_numbers(taken: set[str]) -> Iterator[int]:
    """LADO-numbers after the highest taken (each reference is checked against `taken` again)."""
    numbers = [number for ref in taken if (number := reference_number(ref)) is not None]
    return count(max(numbers, default=0) + 1)


#: The labels of the choices, read once for the audit lines.
_LABELS: dict[str, dict[str, str]] = {
    field: {value: str(label) for value, label in choices.choices}
    for field, choices in (
        ("contact_type", ContactType),
        ("employer_sector", EmployerSector),
        ("category", Category),
        ("outcome", Outcome),
    )
}


def _created_line(allegation: Allegation) -> tuple[str, str]:
    """An allegation's line in the batch's audit entry: its reference, and what was recorded."""
    received: dt.date = allegation.received_on
    contact_type = _LABELS["contact_type"][allegation.contact_type]
    parts = [
        f"{contact_type} received {received.day} {received:%B %Y}",
        _LABELS["employer_sector"][allegation.employer_sector],
        allegation.person_role,
        _LABELS["category"].get(allegation.category, ""),
        _LABELS["outcome"][allegation.outcome],
    ]
    return allegation.reference, ", ".join(part for part in parts if part)
