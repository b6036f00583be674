"""The child death pages in the access sweep (tests/test_access_sweep.py).

A restricted register: only the CDOP role reads and writes it; every other member, whatever their
role, gets 404 (never 403) on every page, so the register's existence is not revealed:
every route is `hidden_from` every role but CDOP. tests/child_deaths/test_pages_access.py sweeps
the same routes for 404 too.
"""

from __future__ import annotations

from typing import Any

from safeguarding.accounts.roles import ALL_ROLES, Role
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory
from tests.sweep import Route, _p, _pk

CDOP = frozenset({Role.CDOP})

#: Every member without the CDOP role gets 404, never 403.
HIDDEN_FROM = ALL_ROLES - CDOP


def _page(kwargs: Any) -> Route:
    return Route(kwargs, readers=CDOP, hidden_from=HIDDEN_FROM)


def _form(kwargs: Any) -> Route:
    return Route(kwargs, readers=CDOP, writers=CDOP, hidden_from=HIDDEN_FROM)


def _panel(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "panel": world["child_death_panel"].slug}


DEATH = _pk("child_death")

ROUTES: dict[str, Route] = {
    "child_deaths:death_list": _page(_p),
    "child_deaths:death_add": _form(_p),
    "child_deaths:figures": _page(_p),
    "child_deaths:panel_detail": _page(_panel),
    "child_deaths:death_detail": _page(DEATH),
    "child_deaths:death_edit": _form(DEATH),
    "child_deaths:death_review": _form(DEATH),
    "child_deaths:death_finding": _form(DEATH),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    partnership = world["partnership"]
    panel = PanelFactory(name="Sweep Child Death Overview Panel", partnerships=[partnership])
    death = ChildDeathFactory(partnership=partnership, panel=panel, reviewed=True)
    return {"child_death_panel": panel, "child_death": death}
