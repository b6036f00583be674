"""Who opens the LADO register: the LADO role only. Every other member, a business unit manager
included, gets 404 on every allegation page (GET and POST), so the register's existence is not
revealed; a business unit manager granted the LADO role by a second membership gets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import get_resolver, reverse

from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.allegations.models import Allegation
from tests.allegations.factories import AllegationFactory
from tests.allegations.sweep import ROUTES
from tests.factories import MembershipFactory
from tests.test_access_sweep import _names

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partnership, personas) -> dict[str, Any]:
    allegation = AllegationFactory(partnership=partnership, concluded=True)
    return {"partnership": partnership, "allegation": allegation, "personas": personas}


def _urls(world: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(name, url, takes a POST) for every allegation page."""
    return [
        (name, reverse(name, kwargs=route.kwargs(world)), route.writers is not None)
        for name, route in ROUTES.items()
    ]


def test_every_allegation_page_is_in_the_sweep():
    names = {
        name for name in _names(get_resolver().url_patterns) if name.startswith("allegations:")
    }
    assert names == set(ROUTES)


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.LADO}))
def test_every_role_but_the_lado_gets_404_everywhere(client_as, world, role):
    client = client_as(world["personas"][role])
    for name, url, writes in _urls(world):
        assert client.get(url).status_code == 404, (name, role)
        if writes:
            assert client.post(url, {}).status_code == 404, (name, role)
    assert Allegation.objects.count() == 1


def test_the_lado_opens_every_page(client_as, world):
    client = client_as(world["personas"][Role.LADO])
    for name, url, _ in _urls(world):
        assert client.get(url).status_code == 200, name


def test_a_business_unit_manager_with_a_lado_membership_gets_in(client_as, world, partnership):
    manager = world["personas"][Role.BUSINESS_UNIT]
    client = client_as(manager)
    detail = reverse(
        "allegations:allegation_detail",
        kwargs=ROUTES["allegations:allegation_detail"].kwargs(world),
    )
    assert client.get(detail).status_code == 404
    MembershipFactory(user=manager, partnership=partnership, role=Role.LADO)
    client = client_as(manager)  # a LADO's sign-in needs the second factor
    for name, url, _ in _urls(world):
        assert client.get(url).status_code == 200, name


def test_a_member_of_another_partnership_gets_404(client_as, world, outsider):
    client = client_as(outsider)
    for name, url, writes in _urls(world):
        assert client.get(url).status_code == 404, name
        if writes:
            assert client.post(url, {}).status_code == 404, name


def test_another_partnerships_lado_cannot_open_this_partnerships_allegation(
    client_as, partnership, other_partnership
):
    theirs = AllegationFactory(partnership=other_partnership)
    lado = MembershipFactory(partnership=partnership, role=Role.LADO).user
    MembershipFactory(user=lado, partnership=other_partnership, role=Role.BUSINESS_UNIT)
    url = reverse("allegations:allegation_detail", args=[partnership.slug, theirs.pk])
    assert client_as(lado).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, url, _ in _urls(world):
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_only_the_lado_sees_the_register_in_the_navigation(client_as, world, partnership):
    home = reverse("core:home", args=[partnership.slug])
    for role, user in world["personas"].items():
        page = client_as(user).get(home).content.decode()
        assert ("Allegations (LADO)" in page) is (role == Role.LADO), role
