"""How a difference ended, and the learning raised from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Theme
from safeguarding.core.service_helpers import require_text, save_changes
from safeguarding.escalations.models import Escalation, Outcome
from safeguarding.escalations.services._shared import (
    complete_open,
    day,
    last_step,
    lock,
    not_before,
    not_future,
)
from safeguarding.learning import services as learning_services
from safeguarding.learning.models import Finding, SourceKind

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _check_outcome(outcome: str, resolution_type: str) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Select how the difference ended"})
    if outcome == Outcome.RESOLVED and not resolution_type:
        raise ValidationError({"resolution_type": "Select how the difference was resolved"})


@transaction.atomic
def escalation_close(
    *,
    actor: User | None,
    escalation: Escalation,
    outcome: str,
    closed_on: dt.date,
    resolution_type: str = "",
    improved_plan: bool | None = None,
) -> Escalation:
    """Record how the difference ended; its open step is completed on the day it closed."""
    lock(escalation)
    if escalation.closed_on is not None:
        raise ValidationError(
            {"outcome": f"The difference was already closed on {day(escalation.closed_on)}"}
        )
    _check_outcome(outcome, resolution_type)
    not_future(closed_on, "closed_on", "The date closed")
    last = last_step(escalation)
    not_before(
        closed_on,
        last.started_on,
        "closed_on",
        f"The date closed must be on or after {{day}}, when step {last.step} started",
    )
    complete_open(actor, escalation, closed_on)
    data = {
        "outcome": outcome,
        "closed_on": closed_on,
        "resolution_type": resolution_type,
        "improved_plan": improved_plan,
    }
    action = "escalations.escalation.close"
    return save_changes(actor, escalation.partnership, escalation, action, data)


@transaction.atomic
def escalation_finding_raise(
    *,
    actor: User | None,
    escalation: Escalation,
    text: str,
    recorded_on: dt.date,
    themes: Sequence[Theme] = (),
) -> Finding:
    """Raise a finding into the learning loop, on the difference's own learning source (made the
    first time a finding is raised)."""
    finding_text = require_text(text, "text", "Enter the finding")
    not_future(recorded_on, "recorded_on", "The date recorded")
    not_before(
        recorded_on,
        escalation.raised_on,
        "recorded_on",
        "The date recorded must be on or after {day}, when the difference was raised",
    )
    source = learning_services.source_for(
        actor=actor,
        record=escalation,
        kind=SourceKind.ESCALATION,
        title=f"Professional difference {escalation.reference}",
        started_on=escalation.raised_on,
        action="escalations.escalation.source",
    )
    return learning_services.finding_create(
        actor=actor, source=source, text=finding_text, recorded_on=recorded_on, themes=themes
    )
