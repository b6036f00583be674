"""The LADO register's pages in the access sweep (tests/test_access_sweep.py).

A restricted register: only the LADO role reads and writes it; every other member, whatever their
role (a business unit manager included, unless granted the LADO role by a second membership),
gets 404 (never 403) on every page, so the register's existence is not revealed: the routes are
`hidden_from` every other role. tests/allegations/test_pages_access.py also sweeps them, with a
business unit manager granted the LADO role by a second membership.
"""

from __future__ import annotations

from typing import Any

from safeguarding.accounts.roles import ALL_ROLES, Role
from tests.allegations.factories import AllegationFactory
from tests.sweep import Route, _p, _pk

LADO = frozenset({Role.LADO})
#: Every member but the LADO gets 404, never 403.
HIDDEN_FROM = ALL_ROLES - LADO


def _page(kwargs: Any) -> Route:
    return Route(kwargs, readers=LADO, hidden_from=HIDDEN_FROM)


def _form(kwargs: Any) -> Route:
    return Route(kwargs, readers=LADO, writers=LADO, hidden_from=HIDDEN_FROM)


ALLEGATION = _pk("allegation")

ROUTES: dict[str, Route] = {
    "allegations:allegation_list": _page(_p),
    "allegations:allegation_add": _form(_p),
    "allegations:figures": _page(_p),
    "allegations:allegation_detail": _page(ALLEGATION),
    "allegations:allegation_edit": _form(ALLEGATION),
    "allegations:allegation_conclude": _form(ALLEGATION),
    "allegations:allegation_finding": _form(ALLEGATION),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    return {"allegation": AllegationFactory(partnership=world["partnership"], concluded=True)}
