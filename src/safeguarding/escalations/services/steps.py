"""Moving a difference up the steps of the protocol, and recording when a step ended."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.escalations.models import Escalation, EscalationStep
from safeguarding.escalations.services._shared import (
    check_step,
    complete,
    complete_open,
    day,
    last_step,
    lock,
    new_step,
    not_before,
    not_future,
    save_step,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


@transaction.atomic
def escalation_step_start(
    *,
    actor: User | None,
    escalation: Escalation,
    step: int,
    started_on: dt.date,
    notes: str = "",
) -> EscalationStep:
    """Move the difference up to `step` (steps may be skipped when a child is at risk); an
    earlier step still open is completed on the day this one starts."""
    lock(escalation)
    chosen = check_step(step)
    if escalation.closed_on is not None:
        raise ValidationError({"step": f"The difference was closed on {day(escalation.closed_on)}"})
    last = last_step(escalation)
    if chosen <= last.step:
        raise ValidationError(
            {"step": f"Select a step above step {last.step}, the highest it has reached"}
        )
    not_future(started_on, "started_on", "The date the step started")
    not_before(
        started_on,
        last.started_on,
        "started_on",
        f"The date the step started must be on or after {{day}}, when step {last.step} started",
    )
    complete_open(actor, escalation, started_on)
    return save_step(actor, new_step(escalation, chosen, started_on, notes.strip()))


@transaction.atomic
def escalation_step_complete(
    *,
    actor: User | None,
    step: EscalationStep,
    completed_on: dt.date,
    notes: str | None = None,
) -> EscalationStep:
    """Record the day a step ended: its clock is met on time, or late. It ends by the day the
    difference moved on or closed."""
    not_future(completed_on, "completed_on", "The date completed")
    not_before(
        completed_on,
        step.started_on,
        "completed_on",
        "The date completed must be on or after {day}, when the step started",
    )
    escalation = step.escalation
    later = escalation.steps.filter(step__gt=step.step).order_by("step").first()
    end = later.started_on if later else escalation.closed_on
    if end is not None and completed_on > end:
        message = (
            f"The date completed must be on or before {day(end)}, when the difference moved on"
        )
        raise ValidationError({"completed_on": message})
    return complete(actor, step, completed_on, notes)
