"""What the access sweep (tests/test_access_sweep.py) is made of: a route's description and
the helpers that build its URL arguments from the sweep's `world`. An app's `tests/<app>/sweep.py`
imports these to list its own routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeguarding.accounts.models import Membership
from safeguarding.accounts.roles import ALL_ROLES, Role

ADMIN = frozenset({Role.ADMINISTRATOR})
MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
NOBODY: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Route:
    """How to reach one URL, and who may use it.

    `readers` may GET it (200). For a write (`writers` set), `writers` may GET its form and
    POST; every other member gets 403 for both, except the roles in `hidden_from`, which get
    404: a restricted register never says that a record exists. `post_only` routes answer POST
    only.
    """

    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda world: {}
    readers: frozenset[Role] = ALL_ROLES
    writers: frozenset[Role] | None = None
    in_partnership: bool = True
    post_only: bool = False
    hidden_from: frozenset[Role] = frozenset()
    query: Callable[[dict[str, Any]], str] = lambda world: ""


def _p(world: dict[str, Any]) -> dict[str, Any]:
    return {"partnership": world["partnership"].slug}


def _agency(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "pk": world["agency"].pk}


def _theme(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "pk": world["theme"].pk}


def _member(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "user_pk": world["personas"][Role.PRACTITIONER].pk}


def _membership(world: dict[str, Any]) -> dict[str, Any]:
    practitioner = world["personas"][Role.PRACTITIONER]
    return {**_member(world), "pk": Membership.objects.get(user=practitioner).pk}


def _report(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "pk": world["report"].pk}


def _report_file(world: dict[str, Any]) -> dict[str, Any]:
    return {**_report(world), "file_pk": world["report_file"].pk}


def _year(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "year": "2023-24"}


def _pk(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda world: {**_p(world), "pk": world[key].pk}


BUSINESS_UNIT = frozenset({Role.BUSINESS_UNIT})
EXECUTIVE = frozenset({Role.EXECUTIVE})
