"""Writes to priorities, the plan on a page and national guidance changes, audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import (
    Activity,
    GuidanceChange,
    Indicator,
    PlanOnAPage,
    Priority,
)
from safeguarding.learning.models import Action

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

from safeguarding.governance.services._shared import (
    _create,
    _excluding,
    _update,
    _years,
)

# Priorities and the plan on a page


def _check_priority(
    partnership: Partnership, data: dict[str, Any], exclude: int | None = None
) -> None:
    title = str(data.get("title", "")).strip()
    clash = Priority.objects.filter(partnership=partnership, title__iexact=title)
    if title and _excluding(clash, exclude).exists():
        raise ValidationError({"title": "This partnership already has a priority with this title."})
    first, last = data.get("first_year"), data.get("last_year")
    if first is not None and last is not None and last < first:
        raise ValidationError(
            {"last_year": "The last reporting year must be the first or after it."}
        )


@transaction.atomic
def priority_create(
    *, actor: User | None, partnership: Partnership, title: str, statement: str, **fields: Any
) -> Priority:
    fields = _years(fields, "first_year", "last_year")
    _check_priority(partnership, {"title": title, **fields})
    priority = Priority(
        partnership=partnership, title=title.strip(), statement=statement.strip(), **fields
    )
    changes = {"title": [None, priority.title], "first_year": [None, priority.first_year]}
    return _create(actor, partnership, priority, "governance.priority.create", changes)


@transaction.atomic
def priority_update(*, actor: User | None, priority: Priority, data: dict[str, Any]) -> Priority:
    data = _years(data, "first_year", "last_year")
    current = {"first_year": priority.first_year, "last_year": priority.last_year}
    _check_priority(priority.partnership, {**current, **data}, exclude=priority.pk)
    return _update(actor, priority.partnership, priority, "governance.priority.update", data)


@transaction.atomic
def indicator_create(
    *, actor: User | None, priority: Priority, label: str, **fields: Any
) -> Indicator:
    indicator = Indicator(priority=priority, label=label.strip(), **fields)
    changes = {"priority": [None, priority.title], "label": [None, indicator.label]}
    return _create(actor, priority.partnership, indicator, "governance.indicator.create", changes)


@transaction.atomic
def indicator_update(
    *, actor: User | None, indicator: Indicator, data: dict[str, Any]
) -> Indicator:
    partnership = indicator.priority.partnership
    return _update(actor, partnership, indicator, "governance.indicator.update", data)


def _check_actions(partnership: Partnership, actions: Sequence[Action]) -> None:
    """Every action must come from a source of learning of the activity's partnership."""
    pks = {action.pk for action in actions}
    ours = Action.objects.filter(pk__in=pks, source__partnership=partnership)
    if pks and ours.count() != len(pks):
        raise ValidationError({"actions": f"Choose actions from {partnership}'s learning only."})


def _titles(actions: Iterable[Action]) -> list[str]:
    return sorted(action.title for action in actions)


def _link_actions(activity: Activity, actions: list[Action] | None) -> dict[str, list[Any]]:
    """Replace the activity's actions when given; {"actions": [old, new]} if they changed."""
    if actions is None:
        return {}
    current = list(activity.actions.all())
    if {action.pk for action in current} == {action.pk for action in actions}:
        return {}
    activity.actions.set(actions)
    return {"actions": [_titles(current), _titles(actions)]}


@transaction.atomic
def activity_create(
    *,
    actor: User | None,
    priority: Priority,
    year: ReportingYear,
    text: str,
    evidence: str = "",
    actions: Iterable[Action] = (),
) -> Activity:
    actions = list(actions)
    _check_actions(priority.partnership, actions)
    activity = Activity(
        priority=priority, year=year.start_year, text=text.strip(), evidence=evidence.strip()
    )
    changes: dict[str, list[Any]] = {"priority": [None, priority.title], "year": [None, year.label]}
    if actions:
        changes["actions"] = [None, _titles(actions)]
    _create(actor, priority.partnership, activity, "governance.activity.create", changes)
    activity.actions.set(actions)
    return activity


@transaction.atomic
def activity_update(*, actor: User | None, activity: Activity, data: dict[str, Any]) -> Activity:
    """Change the given fields; `actions`, when given, replaces the linked learning actions."""
    partnership = activity.priority.partnership
    data = _years(dict(data), "year")
    actions = data.pop("actions", None)
    if actions is not None:
        actions = list(actions)
        _check_actions(partnership, actions)
    extra = _link_actions(activity, actions)
    return _update(actor, partnership, activity, "governance.activity.update", data, extra)


@transaction.atomic
def plan_on_a_page_save(
    *, actor: User | None, partnership: Partnership, year: ReportingYear, **text: str
) -> PlanOnAPage:
    """Write the year's plan on a page text, creating the record the first time."""
    plan = PlanOnAPage.objects.filter(partnership=partnership, year=year.start_year).first()
    text = {key: value.strip() for key, value in text.items()}
    if plan is None:
        plan = PlanOnAPage(partnership=partnership, year=year.start_year, **text)
        changes = {"year": [None, year.label]}
        return _create(actor, partnership, plan, "governance.plan_on_a_page.create", changes)
    return _update(actor, partnership, plan, "governance.plan_on_a_page.update", text)


# Changes to national guidance


@transaction.atomic
def guidance_change_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    topic: str,
    guidance: str,
    decision: str,
) -> GuidanceChange:
    change = GuidanceChange(
        partnership=partnership,
        year=year.start_year,
        topic=topic.strip(),
        guidance=guidance.strip(),
        decision=decision.strip(),
    )
    changes = {"year": [None, year.label], "topic": [None, change.topic]}
    return _create(actor, partnership, change, "governance.guidance_change.create", changes)


@transaction.atomic
def guidance_change_update(
    *, actor: User | None, change: GuidanceChange, data: dict[str, Any]
) -> GuidanceChange:
    data = _years(data, "year")
    return _update(actor, change.partnership, change, "governance.guidance_change.update", data)
