"""Named personas, one per role, in a test partnership; and an outsider from another one.

Use `sign_in(client, user)` to sign a persona in: it passes the second factor for the roles that
need one, as a real sign-in would.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts import services as account_services
from safeguarding.accounts.models import User
from safeguarding.accounts.roles import AGENCY_ROLES, Role
from safeguarding.accounts.selectors import user_needs_two_factor
from safeguarding.core import services as core_services
from safeguarding.core.models import Agency, Partnership
from tests.factories import MembershipFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher is slow on purpose; tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, user: User) -> Client:
    client.force_login(user)
    if user_needs_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def partnership(db) -> Partnership:
    return core_services.partnership_create(
        actor=None,
        name="Testshire Safeguarding Children Partnership",
        slug="testshire",
        local_authority_areas=["Testshire"],
    )


@pytest.fixture
def other_partnership(db) -> Partnership:
    return core_services.partnership_create(
        actor=None,
        name="Elsewhere Safeguarding Children Partnership",
        slug="elsewhere",
        local_authority_areas=["Elsewhere"],
    )


@pytest.fixture
def agency(partnership) -> Agency:
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Police",
        sector="police",
        designation="statutory_partner",
    )


@pytest.fixture
def other_agency(other_partnership) -> Agency:
    return core_services.agency_create(
        actor=None,
        partnership=other_partnership,
        name="Elsewhere Health Trust",
        sector="health",
        designation="relevant_agency",
    )


@pytest.fixture
def personas(partnership, agency) -> dict[Role, User]:
    """One user per role in `partnership`, each with a membership for that role only."""
    users = {}
    for role in Role:
        user = UserFactory(
            email=f"{role.value}@testshire.example", full_name=f"{role.label} Person"
        )
        MembershipFactory(
            user=user,
            partnership=partnership,
            role=role,
            agency=agency if role in AGENCY_ROLES else None,
        )
        users[role] = user
    return users


@pytest.fixture
def outsider(other_partnership) -> User:
    """A business unit member of another partnership: everything in `partnership` is 404 to them."""
    user = UserFactory(email="outsider@elsewhere.example", full_name="Out Sider")
    MembershipFactory(user=user, partnership=other_partnership, role=Role.BUSINESS_UNIT)
    return user


@pytest.fixture
def client_as(client):
    """client_as(user) signs the test client in as that user (second factor passed)."""

    def _sign_in(user: User) -> Client:
        return sign_in(client, user)

    return _sign_in


@pytest.fixture
def token_client():
    """token_client(user) is a fresh client that sends the user's API token and no cookie."""

    def _client(user: User) -> Client:
        token = account_services.api_token_replace(actor=user)
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    return _client
