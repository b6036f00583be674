"""What each app adds to the shell: navigation entries and due/overdue items on home pages.

Apps register in their AppConfig.ready(); the shell only reads these registries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from safeguarding.accounts.roles import ALL_ROLES, Role

if TYPE_CHECKING:
    from safeguarding.accounts.scope import Scope
    from safeguarding.core.calendar import ClockState


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str  # reversed with the partnership slug
    roles: frozenset[Role]
    order: int
    section: str  # the first path segment after the partnership, marks the entry current


@dataclass(frozen=True)
class DueItem:
    """Something a user must do or watch, shown on their home page."""

    title: str
    url: str
    due: dt.date
    state: ClockState
    kind: str


DueProvider = Callable[["Scope", dt.date], list[DueItem]]

_nav: list[NavEntry] = []
_due_providers: list[DueProvider] = []


#: Where modules sit in the navigation, by `order`: home 0, governance 20, the registers and
#: reviews 30-50, the yearly report 60, reference data and figures 85-90, the business unit's
#: tools 94, the administrator's 95-96.


def register_nav(
    label: str, url_name: str, *, section: str, order: int, roles: frozenset[Role] = ALL_ROLES
) -> None:
    if any(entry.url_name == url_name for entry in _nav):
        return
    _nav.append(NavEntry(label, url_name, roles, order, section))
    _nav.sort(key=lambda entry: entry.order)


def nav_for(scope: Scope) -> list[NavEntry]:
    return [entry for entry in _nav if scope.has_any(entry.roles)]


def register_due_provider(provider: DueProvider) -> None:
    if provider not in _due_providers:
        _due_providers.append(provider)


def due_items_for(scope: Scope, today: dt.date) -> list[DueItem]:
    items = [item for provider in _due_providers for item in provider(scope, today)]
    return sorted(items, key=lambda item: item.due)
