"""Raising a difference and correcting what was recorded about it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.core.service_helpers import require_text, save_changes, save_new
from safeguarding.escalations.models import Escalation, Step
from safeguarding.escalations.services._shared import (
    audit_values,
    check_agency,
    check_step,
    day,
    new_step,
    not_future,
    save_step,
)
from safeguarding.learning import services as learning_services

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

PREFIX = "RPD-"
#: The fields `escalation_update` changes (the steps and the outcome have their own services).
EDITABLE = (
    "reference",
    "raised_on",
    "raising_agency",
    "raising_role",
    "receiving_agency",
    "issue_type",
    "case_code",
    "summary",
    "theme",
)


def _next_reference(partnership: Partnership) -> str:
    """RPD-0001, or one more than the highest RPD-number the partnership has used."""
    numbered = Escalation.objects.filter(
        partnership=partnership, reference__regex=rf"^{PREFIX}[0-9]+$"
    )
    number = Cast(Substr("reference", len(PREFIX) + 1), IntegerField())
    highest = numbered.aggregate(n=Max(number))["n"]
    return f"{PREFIX}{(highest or 0) + 1:04d}"


def _check_reference(partnership: Partnership, reference: str, exclude: int | None) -> str:
    if not reference.strip():
        # One new reference at a time in a partnership: lock its row until this one is saved.
        list(Partnership.objects.select_for_update().filter(pk=partnership.pk).values_list("pk"))
        return _next_reference(partnership)
    code = reference.strip()
    clash = Escalation.objects.filter(partnership=partnership, reference__iexact=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"reference": f"{code} is already the reference of a difference"})
    return code


def _check_parties(data: dict[str, Any]) -> None:
    """Who raised the difference with whom, when, and about which child."""
    not_future(data["raised_on"], "raised_on", "The date raised")
    if data["raising_agency"] == data["receiving_agency"]:
        raise ValidationError(
            {"receiving_agency": "The receiving agency must be different from the raising agency"}
        )
    data["raising_role"] = require_text(
        data["raising_role"], "raising_role", "Enter the role of the person who raised it"
    )
    data["case_code"] = require_text(data["case_code"], "case_code", "Enter the child's case code")


def _check_theme(
    partnership: Partnership, theme: Theme | None, on: dt.date, keep: int | None
) -> None:
    if theme is None or theme.pk == keep:
        return
    current = Theme.objects.filter(partnership=partnership).current(on).filter(pk=theme.pk)
    if not current.exists():
        raise ValidationError(
            {"theme": f"{theme} was not one of the partnership's themes on {day(on)}"}
        )


def _check_links(partnership: Partnership, data: dict[str, Any], before: Escalation | None) -> None:
    """The agencies must serve the partnership and the theme be one of its own, on the day the
    difference was raised (an agency or theme the record already names stays allowed)."""
    on = data["raised_on"]
    for field in ("raising_agency", "receiving_agency"):
        if before is None or data[field].pk != getattr(before, f"{field}_id"):
            check_agency(partnership, data[field], field, on)
    _check_theme(partnership, data["theme"], on, before.theme_id if before else None)


@transaction.atomic
def escalation_create(
    *,
    actor: User | None,
    partnership: Partnership,
    raised_on: dt.date,
    raising_agency: Agency,
    raising_role: str,
    receiving_agency: Agency,
    issue_type: str,
    case_code: str,
    summary: str = "",
    theme: Theme | None = None,
    step: int = 1,
    reference: str = "",
) -> Escalation:
    """Record a difference and the step it starts at (started the day it was raised)."""
    data = {
        "raised_on": raised_on,
        "raising_agency": raising_agency,
        "raising_role": raising_role,
        "receiving_agency": receiving_agency,
        "case_code": case_code,
        "theme": theme,
    }
    _check_parties(data)
    _check_links(partnership, data, None)
    first = check_step(step)
    data["reference"] = _check_reference(partnership, reference, None)
    escalation = Escalation(
        partnership=partnership, raised_by=actor, issue_type=issue_type, summary=summary.strip()
    )
    for name, value in data.items():
        setattr(escalation, name, value)
    changes = audit_values(escalation, ("reference", *data, "issue_type"))
    save_new(actor, partnership, escalation, "escalations.escalation.create", changes)
    save_step(actor, new_step(escalation, first, raised_on, ""))
    return escalation


@transaction.atomic
def escalation_update(
    *, actor: User | None, escalation: Escalation, data: dict[str, Any]
) -> Escalation:
    """Change what was recorded about the difference (not its steps or outcome); a corrected date
    raised moves the first step's start and due date."""
    given = {name: value for name, value in data.items() if name in EDITABLE}
    merged = {name: given.get(name, getattr(escalation, name)) for name in EDITABLE}
    partnership = escalation.partnership
    _check_parties(merged)
    _check_links(partnership, merged, escalation)
    merged["reference"] = _check_reference(
        partnership, merged["reference"] or escalation.reference, escalation.pk
    )
    merged["summary"] = merged["summary"].strip()
    if merged["raised_on"] != escalation.raised_on:
        _move_raised_on(actor, escalation, merged["raised_on"])
    return save_changes(actor, partnership, escalation, "escalations.escalation.update", merged)


def _move_raised_on(actor: User | None, escalation: Escalation, raised_on: dt.date) -> None:
    """The first step started the day the difference was raised: it moves with that date."""
    first, *later = escalation.steps.order_by("step")
    ends = [step.started_on for step in later] + [first.completed_on, escalation.closed_on]
    limit = min((end for end in ends if end is not None), default=None)
    if limit is not None and raised_on > limit:
        raise ValidationError(
            {"raised_on": f"The date raised must be on or before {day(limit)}, when it moved on"}
        )
    moved = new_step(escalation, Step(first.step), raised_on, first.notes)
    data = {"started_on": raised_on, "due_on": moved.due_on}
    save_changes(actor, escalation.partnership, first, "escalations.step.update", data)
    if escalation.source is not None:
        learning_services.source_update(actor=actor, source=escalation.source, started_on=raised_on)
