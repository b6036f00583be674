"""Actions on home pages and in reminder emails: an agency lead sees their agency's open actions
that are overdue or due soon, the business unit and administrators see every agency's."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse

from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import ClockState
from safeguarding.core.navigation import DueItem
from safeguarding.learning import selectors
from safeguarding.learning.models import Action

#: Past this many, the rest are summed up in one item that links to the evaluation view.
MAX_ITEMS = 20
KIND = "Learning action"


def action_due_items(scope: Scope, today: dt.date) -> list[DueItem]:
    rows = selectors.actions_responsible(scope)
    if rows is None:
        return []
    due = list(selectors.actions_due(rows, today)[: MAX_ITEMS + 1])
    items = [_item(scope, action, today) for action in due[:MAX_ITEMS]]
    if len(due) > MAX_ITEMS:
        items.append(_more(scope, rows, today, due[MAX_ITEMS]))
    return items


def _state(action: Action, today: dt.date) -> ClockState:
    return ClockState.OVERDUE if action.due_on < today else ClockState.DUE_SOON


def _item(scope: Scope, action: Action, today: dt.date) -> DueItem:
    url = reverse("learning:action_detail", args=[scope.partnership.slug, action.pk])
    kind = f"{KIND}, {action.owner_agency}"
    return DueItem(action.title, url, action.due_on, _state(action, today), kind)


def _more(scope: Scope, rows: QuerySet[Action], today: dt.date, first: Action) -> DueItem:
    """One item for the actions past the first MAX_ITEMS, linking to the open actions."""
    rest = selectors.actions_due(rows, today).count() - MAX_ITEMS
    url = reverse("learning:action_list", args=[scope.partnership.slug]) + "?status=open"
    title = f"{rest} more open action{'s' if rest != 1 else ''} overdue or due soon"
    return DueItem(title, url, first.due_on, _state(first, today), KIND)
