"""Actions, their progress and the evidence of their impact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.models import Membership
from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    ImpactEvidence,
    ProgressUpdate,
    Recommendation,
    Source,
)
from safeguarding.learning.services._shared import create, day, not_in_future, raise_if, update

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

#: The fields of an action that `action_update` may change.
ACTION_FIELDS = (
    "recommendation",
    "title",
    "description",
    "owner_agency",
    "owner",
    "raised_on",
    "due_on",
    "status",
    "rag",
    "completed_on",
)


@dataclass(frozen=True)
class _Plan:
    """An action's fields as they would be saved, to check together."""

    source: Source
    recommendation: Recommendation | None
    owner_agency: Agency
    owner: User | None
    raised_on: dt.date
    due_on: dt.date
    status: str
    completed_on: dt.date | None


def _ownership_errors(plan: _Plan) -> dict[str, str]:
    partnership = plan.source.partnership
    errors = {}
    if not plan.owner_agency.memberships.filter(partnership=partnership).exists():
        errors["owner_agency"] = f"{plan.owner_agency} does not serve {partnership}."
    if plan.owner is not None:
        members = Membership.objects.active().filter(partnership=partnership, user=plan.owner)
        if not members.exists():
            errors["owner"] = f"{plan.owner} is not a member of {partnership}."
    if plan.recommendation is not None and plan.recommendation.source_id != plan.source.pk:
        errors["recommendation"] = f"Choose a recommendation of “{plan.source}”."
    return errors


def action_date_errors(
    *, raised_on: dt.date, due_on: dt.date, status: str, completed_on: dt.date | None
) -> dict[str, str]:
    """The problems with an action's dates, by field (also asked by the data pack's row form)."""
    errors = {}
    if due_on < raised_on:
        errors["due_on"] = (
            f"The due date must be on or after the date the action was raised, {day(raised_on)}."
        )
    completed = status == ActionStatus.COMPLETED
    if completed and completed_on is None:
        errors["completed_on"] = "Enter the date the action was completed."
    elif not completed and completed_on is not None:
        errors["completed_on"] = (
            "Only a completed action has a date completed: set the status to Completed "
            "or leave the date empty."
        )
    elif completed_on is not None and completed_on < raised_on:
        errors["completed_on"] = (
            f"The date completed must be on or after the date the action was raised, "
            f"{day(raised_on)}."
        )
    return errors


def _check(plan: _Plan) -> None:
    dates = action_date_errors(
        raised_on=plan.raised_on,
        due_on=plan.due_on,
        status=plan.status,
        completed_on=plan.completed_on,
    )
    raise_if(_ownership_errors(plan) | dates)


@transaction.atomic
def action_create(
    *,
    actor: User | None,
    source: Source,
    title: str,
    owner_agency: Agency,
    raised_on: dt.date,
    due_on: dt.date,
    recommendation: Recommendation | None = None,
    description: str = "",
    owner: User | None = None,
    status: str = ActionStatus.NOT_STARTED,
    rag: str = "",
    completed_on: dt.date | None = None,
) -> Action:
    _check(
        _Plan(source, recommendation, owner_agency, owner, raised_on, due_on, status, completed_on)
    )
    action = Action(
        source=source,
        recommendation=recommendation,
        title=title.strip(),
        description=description.strip(),
        owner_agency=owner_agency,
        owner=owner,
        raised_on=raised_on,
        due_on=due_on,
        status=status,
        rag=rag,
        completed_on=completed_on,
    )
    changes = {
        "title": [None, action.title],
        "owner_agency": [None, str(owner_agency)],
        "due_on": [None, due_on],
        "status": [None, status],
    }
    return create(actor, source.partnership, action, "learning.action.create", changes)


@transaction.atomic
def action_update(*, actor: User | None, action: Action, data: dict[str, Any]) -> Action:
    data = {field: value for field, value in data.items() if field in ACTION_FIELDS}
    merged = {field: data.get(field, getattr(action, field)) for field in ACTION_FIELDS}
    _check(
        _Plan(
            action.source,
            merged["recommendation"],
            merged["owner_agency"],
            merged["owner"],
            merged["raised_on"],
            merged["due_on"],
            merged["status"],
            merged["completed_on"],
        )
    )
    for text_field in ("title", "description"):
        if text_field in data:
            data[text_field] = data[text_field].strip()
    return update(actor, action.source.partnership, action, "learning.action.update", data)


def _progress_errors(action: Action, written_on: dt.date) -> dict[str, str]:
    errors = not_in_future("written_on", written_on, "of the update")
    if written_on < action.raised_on:
        errors["written_on"] = (
            f"The date of the update must be on or after the date the action was raised, "
            f"{day(action.raised_on)}."
        )
    return errors


def _new_state(
    action: Action, status: str, completed_on: dt.date | None, written_on: dt.date
) -> dict[str, Any]:
    """The status and date completed after an update that may change the status."""
    if not status or status == action.status:
        return {}
    if status == ActionStatus.COMPLETED:
        return {"status": status, "completed_on": completed_on or written_on}
    return {"status": status, "completed_on": None}


@transaction.atomic
def action_progress_add(
    *,
    actor: User | None,
    action: Action,
    text: str,
    rag: str = "",
    status: str = "",
    written_on: dt.date | None = None,
    completed_on: dt.date | None = None,
) -> ProgressUpdate:
    """Record how an action is going; optionally set its RAG rating and move its status on."""
    written_on = written_on or timezone.localdate()
    state = _new_state(action, status, completed_on, written_on)
    errors = _progress_errors(action, written_on)
    if not text.strip():
        errors["text"] = "Enter the progress made."
    if state.get("completed_on") and state["completed_on"] < action.raised_on:
        errors["completed_on"] = (
            f"The date completed must be on or after the date the action was raised, "
            f"{day(action.raised_on)}."
        )
    raise_if(errors)
    progress = ProgressUpdate(
        action=action, written_on=written_on, text=text.strip(), rag=rag, written_by=actor
    )
    progress.full_clean(exclude=["written_by"])
    progress.save()
    changes = apply_changes(action, state | ({"rag": rag} if rag else {}))
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action="learning.action.progress_add",
        target=action,
        partnership=action.source.partnership,
        changes={"progress": [None, progress.text], **changes},
    )
    return progress


#: The fields of a piece of evidence that `impact_evidence_update` may change.
EVIDENCE_FIELDS = ("method", "summary", "judgement", "gathered_on")


def _evidence_errors(action: Action, gathered_on: dt.date) -> dict[str, str]:
    errors = not_in_future("gathered_on", gathered_on, "the evidence was gathered")
    if gathered_on < action.raised_on:
        errors["gathered_on"] = (
            f"The evidence must be gathered on or after the date the action was raised, "
            f"{day(action.raised_on)}."
        )
    return errors


@transaction.atomic
def impact_evidence_add(
    *,
    actor: User | None,
    action: Action,
    method: str,
    summary: str,
    judgement: str,
    gathered_on: dt.date,
) -> ImpactEvidence:
    """Record what was done to see whether an action made a difference, and what it showed."""
    raise_if(_evidence_errors(action, gathered_on))
    evidence = ImpactEvidence(
        action=action,
        method=method,
        summary=summary.strip(),
        judgement=judgement,
        gathered_on=gathered_on,
        recorded_by=actor,
    )
    changes = {
        "action": [None, str(action)],
        "method": [None, method],
        "judgement": [None, judgement],
    }
    partnership = action.source.partnership
    action_name = "learning.impact_evidence.create"
    return create(actor, partnership, evidence, action_name, changes, unchecked=("recorded_by",))


@transaction.atomic
def impact_evidence_update(
    *, actor: User | None, evidence: ImpactEvidence, data: dict[str, Any]
) -> ImpactEvidence:
    """Correct a piece of evidence of impact (the data pack's row for it), by the same rules."""
    data = {field: value for field, value in data.items() if field in EVIDENCE_FIELDS}
    action = evidence.action
    raise_if(_evidence_errors(action, data.get("gathered_on", evidence.gathered_on)))
    if "summary" in data:
        data["summary"] = data["summary"].strip()
    partnership = action.source.partnership
    action_name = "learning.impact_evidence.update"
    return update(actor, partnership, evidence, action_name, data, unchecked=("recorded_by",))
