"""The access sweep: every URL, as every kind of visitor.

- anonymous visitors are sent to sign in;
- a member of another partnership gets 404 on every partnership page (the record's existence is
  never revealed);
- a role that may read but not change gets 403 on every write, for GET and POST;
- each persona gets 200 on every page its role allows.

If you add a URL and `test_every_url_is_in_the_sweep` fails, add it to ROUTES below, saying who may
read and who may write it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding.accounts.models import Membership
from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.core import services as core_services

ADMIN = frozenset({Role.ADMINISTRATOR})
MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
NOBODY: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Route:
    """How to reach one URL, and who may use it.

    `readers` may GET it (200). For a write (`writers` set), `writers` may GET its form and
    POST; every other member gets 403 for both. `post_only` routes answer POST only.
    """

    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda world: {}
    readers: frozenset[Role] = ALL_ROLES
    writers: frozenset[Role] | None = None
    in_partnership: bool = True
    post_only: bool = False
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


ROUTES: dict[str, Route] = {
    # Signed-in pages outside any partnership.
    "core:start": Route(in_partnership=False),
    "core:switch": Route(in_partnership=False, query=lambda w: f"?to={w['partnership'].slug}"),
    "accounts:profile": Route(in_partnership=False),
    "accounts:api_token_create": Route(in_partnership=False, post_only=True),
    "accounts:api_token_revoke": Route(in_partnership=False, post_only=True),
    # Partnership pages.
    "core:home": Route(_p),
    "core:agency_list": Route(_p),
    "core:agency_detail": Route(_agency),
    "core:agency_add": Route(_p, writers=MANAGERS),
    "core:agency_link": Route(_p, writers=MANAGERS),
    "core:agency_edit": Route(_agency, writers=MANAGERS),
    "core:agency_retire": Route(_agency, writers=MANAGERS),
    "core:theme_list": Route(_p),
    "core:theme_add": Route(_p, writers=MANAGERS),
    "core:theme_edit": Route(_theme, writers=MANAGERS),
    "core:theme_retire": Route(_theme, writers=MANAGERS),
    "core:timescale_list": Route(_p),
    "core:timescale_edit": Route(lambda w: {**_p(w), "code": "rapid_review"}, writers=MANAGERS),
    "audit:log": Route(_p, readers=ADMIN),
    "accounts:member_list": Route(_p, readers=ADMIN),
    "accounts:member_add": Route(_p, readers=ADMIN, writers=ADMIN),
    "accounts:member_detail": Route(_member, readers=ADMIN),
    "accounts:member_role_add": Route(_member, readers=ADMIN, writers=ADMIN),
    "accounts:member_role_end": Route(_membership, readers=ADMIN, writers=ADMIN),
    "accounts:member_reinvite": Route(_member, readers=ADMIN, writers=ADMIN, post_only=True),
}

#: URLs outside the sweep, each with the reason.
EXEMPT: dict[str, str] = {
    "core:accessibility": "public page",
    "accounts:login": "public: the sign-in page",
    "accounts:logout": "public: signing out works for anyone",
    "accounts:two_factor": "the second sign-in step: tested in tests/accounts",
    "accounts:two_factor_setup": "the second sign-in step: tested in tests/accounts",
    "api-schema": "the API has its own sweep over every endpoint: tests/api/test_access.py",
    "api-docs": "the API has its own sweep over every endpoint: tests/api/test_access.py",
}
EXEMPT_PREFIXES = ("admin:", "api:", "password_reset", "accounts:password")


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _swept_names() -> set[str]:
    every = _names(get_resolver().url_patterns)
    api_routes = {
        name for name in every if name.startswith(("api-root", "partnership-", "agency-"))
    }
    return {
        name
        for name in every - api_routes
        if name not in EXEMPT and not name.startswith(EXEMPT_PREFIXES)
    }


@pytest.fixture
def world(partnership, other_partnership, personas, agency, outsider) -> dict[str, Any]:
    theme = partnership.themes.first()
    return {
        "partnership": partnership,
        "personas": personas,
        "agency": agency,
        "theme": theme,
        "outsider": outsider,
    }


def _url(name: str, world: dict[str, Any]) -> str:
    route = ROUTES[name]
    return reverse(name, kwargs=route.kwargs(world)) + route.query(world)


def test_every_url_is_in_the_sweep():
    missing = _swept_names() - set(ROUTES)
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"
    stale = set(ROUTES) - _names(get_resolver().url_patterns)
    assert not stale, f"These ROUTES no longer exist: {sorted(stale)}"


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, route in ROUTES.items():
        url = _url(name, world)
        response = client.post(url) if route.post_only else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_members_of_another_partnership_get_404(client_as, world):
    client = client_as(world["outsider"])
    for name, route in ROUTES.items():
        if not route.in_partnership:
            continue
        url = _url(name, world)
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code == 404, name


def _members_refused(route: Route) -> frozenset[Role]:
    return ALL_ROLES - (route.writers if route.writers is not None else route.readers)


def test_roles_that_may_not_write_get_403(client_as, world):
    checked = 0
    for name, route in ROUTES.items():
        if not route.in_partnership:
            continue
        for role in _members_refused(route):
            client = client_as(world["personas"][role])
            url = _url(name, world)
            assert client.get(url).status_code == 403, (name, role)
            assert client.post(url, {}).status_code == 403, (name, role)
            checked += 1
    assert checked > 40


def test_each_persona_gets_200_on_its_pages(client_as, world):
    for name, route in ROUTES.items():
        if route.post_only:
            continue
        allowed = route.writers if route.writers is not None else route.readers
        for role in allowed:
            response = client_as(world["personas"][role]).get(_url(name, world), follow=True)
            assert response.status_code == 200, (name, role)


def test_the_sweep_sees_a_retired_record_too(client_as, world):
    agency = world["agency"]
    core_services.agency_retire(
        actor=None,
        partnership=world["partnership"],
        agency=agency,
        retired_on=agency.created_at.date(),
    )
    client = client_as(world["personas"][Role.PRACTITIONER])
    assert client.get(_url("core:agency_detail", world)).status_code == 200
    assert client.get(_url("core:agency_edit", world)).status_code == 403
