"""Helpers the escalations services share: date rules, agencies, audit values, and the steps'
own pieces (a new step with its due date, completing a step, the row lock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.selectors import current_agencies_serving, timescale_for
from safeguarding.core.service_helpers import save_changes, save_new
from safeguarding.escalations.models import STEP_TIMESCALES, Escalation, EscalationStep, Step

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def day(value: dt.date) -> str:
    """A date as the pages write it: 8 April 2024."""
    return date_format(value, "j F Y")


def not_future(value: dt.date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def not_before(value: dt.date, earliest: dt.date, field: str, message: str) -> None:
    """`value` must be on or after `earliest`; `message` takes {day}."""
    if value < earliest:
        raise ValidationError({field: message.format(day=day(earliest))})


def check_agency(partnership: Partnership, agency: Agency, field: str, on: dt.date) -> None:
    """The agency must serve the partnership (and not be retired) on the record's date."""
    if not current_agencies_serving(partnership, on=on).filter(pk=agency.pk).exists():
        raise ValidationError({field: f"{agency} does not serve {partnership}"})


def audit_values(obj: Any, fields: Sequence[str]) -> dict[str, list[Any]]:
    """The audit changes of a new row: each field from nothing to its value."""
    return {name: [None, _shown(getattr(obj, name))] for name in fields}


def _shown(value: Any) -> Any:
    return str(value) if hasattr(value, "_meta") else value


def lock(escalation: Escalation) -> None:
    """Lock the escalation's row for this transaction (two writes take turns) and reload it."""
    list(Escalation.objects.select_for_update().filter(pk=escalation.pk).values_list("pk"))
    escalation.refresh_from_db()


def check_step(step: int) -> Step:
    if step not in Step.values:
        raise ValidationError({"step": "Select a step from 1 to 4"})
    return Step(step)


def new_step(escalation: Escalation, step: Step, started_on: dt.date, notes: str) -> EscalationStep:
    """A step starting on `started_on`, due by the partnership's timescale for it (not saved)."""
    due_on = timescale_for(escalation.partnership, STEP_TIMESCALES[step]).due_from(started_on)
    return EscalationStep(
        escalation=escalation, step=step, started_on=started_on, due_on=due_on, notes=notes
    )


def save_step(actor: User | None, step: EscalationStep) -> EscalationStep:
    changes = audit_values(step, ("step", "started_on", "due_on"))
    return save_new(actor, step.escalation.partnership, step, "escalations.step.start", changes)


def last_step(escalation: Escalation) -> EscalationStep:
    """The highest step the difference has reached."""
    last = escalation.steps.order_by("-step").first()
    assert last is not None  # every difference starts at a step
    return last


def complete(
    actor: User | None, step: EscalationStep, completed_on: dt.date, notes: str | None
) -> EscalationStep:
    data: dict[str, Any] = {"completed_on": completed_on}
    if notes is not None:
        data["notes"] = notes.strip()
    partnership = step.escalation.partnership
    return save_changes(actor, partnership, step, "escalations.step.complete", data)


def complete_open(actor: User | None, escalation: Escalation, on: dt.date) -> None:
    """Complete the step still open (if any) on the day the difference moved on or closed."""
    for step in escalation.steps.filter(completed_on__isnull=True):
        step.escalation = escalation
        complete(actor, step, on, None)
