"""A person's API token, from their account page: create, replace, revoke."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry


@pytest.fixture
def person(personas):
    return personas[Role.BUSINESS_UNIT]


@pytest.fixture
def signed_in(client_as, person):
    return client_as(person)


def _create(client) -> str:
    response = client.post(reverse("accounts:api_token_create"))
    assert response.status_code == 200
    return re.search(r'id="api-token">([0-9a-f]{40})<', response.content.decode()).group(1)


def _api_status(key: str) -> int:
    return Client().get("/api/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def _audits(action: str, person) -> int:
    return AuditEntry.objects.filter(action=action, actor=person).count()


def test_creating_a_token_shows_it_once_and_it_opens_the_api(signed_in, person):
    profile = signed_in.get(reverse("accounts:profile")).content.decode()
    assert "You have no token." in profile
    key = _create(signed_in)
    assert _api_status(key) == 200
    profile = signed_in.get(reverse("accounts:profile")).content.decode()
    assert "You have a token." in profile
    assert key not in profile
    assert _audits("accounts.api_token.create", person) == 1


def test_replacing_a_token_revokes_the_old_one(signed_in, person):
    old = _create(signed_in)
    new = _create(signed_in)
    assert new != old
    assert _api_status(old) == 401
    assert _api_status(new) == 200
    assert list(Token.objects.filter(user=person).values_list("key", flat=True)) == [new]
    assert _audits("accounts.api_token.create", person) == 2


def test_revoking_a_token_closes_the_api_to_it(signed_in, person):
    key = _create(signed_in)
    response = signed_in.post(reverse("accounts:api_token_revoke"), follow=True)
    assert "Your API token was revoked." in response.content.decode()
    assert "You have no token." in response.content.decode()
    assert _api_status(key) == 401
    assert not Token.objects.filter(user=person).exists()
    assert _audits("accounts.api_token.revoke", person) == 1


def test_token_pages_take_only_posts_from_signed_in_people(client, signed_in):
    assert signed_in.get(reverse("accounts:api_token_create")).status_code == 405
    signed_in.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:api_token_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Token.objects.exists()
