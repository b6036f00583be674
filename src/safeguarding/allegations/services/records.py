"""One allegation at a time: record a notification, change its details, conclude it, and raise a
finding from it into the learning loop. Each write is audited in its transaction; the rules are
in `_rules` (the batch in `batch.py` asks the same ones)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from safeguarding.allegations.models import Allegation
from safeguarding.allegations.services._rules import (
    FIELDS,
    cleaned,
    conclusion_problems,
    day,
    outcome_problems,
    record_problems,
    refuse,
    regulator_problems,
)
from safeguarding.core.models import Partnership, Theme
from safeguarding.core.selectors import timescale_for
from safeguarding.core.service_helpers import require_text, save_changes, save_new
from safeguarding.learning import services as learning_services
from safeguarding.learning.models import Finding, SourceKind

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

#: The timescale of the "LADO informed" clock (core/timescales.py).
TIMESCALE = "lado_referral"
#: A reference the Hub makes when none is given: LADO-0001, LADO-0002...
REFERENCE_PREFIX = "LADO-"


def reference_for(number: int) -> str:
    return f"{REFERENCE_PREFIX}{number:04d}"


def reference_number(reference: str) -> int | None:
    """The number of a reference the Hub makes (LADO-0042 is 42); None for any other."""
    digits = reference.removeprefix(REFERENCE_PREFIX)
    return int(digits) if reference.startswith(REFERENCE_PREFIX) and digits.isdigit() else None


def next_reference(partnership: Partnership) -> str:
    """The reference after the partnership's highest LADO-number (LADO-0001 for its first)."""
    rows = Allegation.objects.filter(partnership=partnership, reference__regex=r"^LADO-[0-9]+$")
    highest = (
        rows.annotate(size=Length("reference"))
        .order_by("-size", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return reference_for((reference_number(highest) or 0) + 1 if highest else 1)


def source_title(allegation: Allegation) -> str:
    """The learning source's title: the reference only, never the person or the child."""
    return f"Allegation {allegation.reference}"


def _as_created(allegation: Allegation) -> dict[str, list[Any]]:
    skip = {"id", "partnership", "source"}
    return {
        field.name: [None, field.value_from_object(allegation)]
        for field in allegation._meta.concrete_fields
        if field.name not in skip and field.value_from_object(allegation) not in (None, "", False)
    }


@transaction.atomic
def allegation_create(
    *,
    actor: User | None,
    partnership: Partnership,
    contact_type: str,
    received_on: dt.date,
    employer_sector: str,
    person_role: str,
    lado_informed_on: dt.date | None = None,
    person_code: str = "",
    category: str = "",
    criteria_met: bool | None = None,
    harmed_child: bool = False,
    criminal_offence: bool = False,
    risk_of_harm: bool = False,
    unsuitable: bool = False,
    strategy_meeting_on: dt.date | None = None,
    referred_to_dbs: bool = False,
    referred_to_regulator: str = "",
    reference: str = "",
) -> Allegation:
    """Record a notification to the LADO service; its "LADO informed" due date is worked out
    from the partnership's timescale and stored. A blank reference is made (LADO-0001...)."""
    # The fields as given (every keyword argument but the actor and the partnership).
    values = cleaned({key: value for key, value in locals().items() if key in FIELDS})
    if not values["reference"]:
        Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()
        values["reference"] = next_reference(partnership)
    rows = Allegation.objects.filter(partnership=partnership, reference=values["reference"])
    refuse(record_problems(values, today=timezone.localdate(), reference_taken=rows.exists()))
    due = timescale_for(partnership, TIMESCALE).due_from(values["received_on"])
    allegation = Allegation(partnership=partnership, lado_due_on=due, **values)
    changes = _as_created(allegation)
    return save_new(actor, partnership, allegation, "allegations.allegation.create", changes)


def current_values(allegation: Allegation) -> dict[str, Any]:
    """The allegation's values of the fields `allegation_create` takes."""
    return {name: getattr(allegation, name) for name in FIELDS}


@transaction.atomic
def allegation_update(
    *, actor: User | None, allegation: Allegation, data: Mapping[str, Any]
) -> Allegation:
    """Change an allegation's details (any of the fields `allegation_create` takes), by the same
    rules; a concluded one keeps its conclusion true. A new date received moves the due date."""
    unknown = set(data) - FIELDS
    if unknown:
        raise TypeError(f"allegation_update() got unexpected fields: {', '.join(sorted(unknown))}")
    values = current_values(allegation) | cleaned(data)
    refuse(_update_problems(allegation, values))
    changed = {name: values[name] for name in data}
    if values["received_on"] != allegation.received_on:
        timescale = timescale_for(allegation.partnership, TIMESCALE)
        changed["lado_due_on"] = timescale.due_from(values["received_on"])
    action = "allegations.allegation.update"
    save_changes(actor, allegation.partnership, allegation, action, changed)
    _keep_source_in_step(actor, allegation)
    return allegation


def _update_problems(allegation: Allegation, values: dict[str, Any]) -> dict[str, str]:
    if not values["reference"]:
        return {"reference": "Enter the reference"}
    others = Allegation.objects.filter(
        partnership=allegation.partnership, reference=values["reference"]
    ).exclude(pk=allegation.pk)
    today = timezone.localdate()
    problems = record_problems(values, today=today, reference_taken=others.exists())
    return conclusion_problems(allegation, values) | problems


def _keep_source_in_step(actor: User | None, allegation: Allegation) -> None:
    """The learning source's title names the reference, and it starts when the allegation did."""
    source = allegation.source if allegation.source_id else None
    if source is None:
        return
    title, started_on = source_title(allegation), allegation.received_on
    if (source.title, source.started_on) != (title, started_on):
        learning_services.source_update(
            actor=actor, source=source, title=title, started_on=started_on
        )


@transaction.atomic
def allegation_conclude(
    *,
    actor: User | None,
    allegation: Allegation,
    outcome: str,
    concluded_on: dt.date | None,
    referred_to_dbs: bool | None = None,
    referred_to_regulator: str | None = None,
) -> Allegation:
    """Record the allegation's outcome (or change it: concluding again is audited the same way);
    "ongoing" with no date reopens it. The referrals on are changed only when given."""
    regulator = referred_to_regulator.strip() if referred_to_regulator is not None else None
    problems = outcome_problems(
        outcome=outcome,
        concluded_on=concluded_on,
        received_on=allegation.received_on,
        criteria_met=allegation.criteria_met,
        today=timezone.localdate(),
    )
    refuse(problems | (regulator_problems(regulator) if regulator is not None else {}))
    data: dict[str, Any] = {"outcome": outcome, "concluded_on": concluded_on}
    if referred_to_dbs is not None:
        data["referred_to_dbs"] = referred_to_dbs
    if regulator is not None:
        data["referred_to_regulator"] = regulator
    action = "allegations.allegation.conclude"
    return save_changes(actor, allegation.partnership, allegation, action, data)


@transaction.atomic
def allegation_finding_raise(
    *,
    actor: User | None,
    allegation: Allegation,
    text: str,
    recorded_on: dt.date,
    themes: Sequence[Theme] = (),
) -> Finding:
    """Raise a finding from the allegation into the learning loop. Its learning source (titled
    with the reference only) is made on first use; the allegation's row is locked meanwhile, so
    two first findings at once still make one source."""
    text = require_text(text, "text", "Enter the finding")
    refuse(_finding_date_problems(allegation, recorded_on))
    source = learning_services.source_for(
        actor=actor,
        record=allegation,
        kind=SourceKind.ALLEGATION,
        title=source_title(allegation),
        started_on=allegation.received_on,
        action="allegations.allegation.update",
    )
    return learning_services.finding_create(
        actor=actor, source=source, text=text, recorded_on=recorded_on, themes=themes
    )


def _finding_date_problems(allegation: Allegation, recorded_on: dt.date | None) -> dict[str, str]:
    if recorded_on is None:
        return {"recorded_on": "Enter the date the finding was recorded"}
    if recorded_on < allegation.received_on:
        received = day(allegation.received_on)
        return {
            "recorded_on": f"The date recorded must be on or after the date received ({received})"
        }
    if recorded_on > timezone.localdate():
        return {"recorded_on": "The date recorded must be today or in the past"}
    return {}
