"""Helpers for the API tests: sign in by token, send JSON."""

from __future__ import annotations

import pytest
from django.test import Client

from safeguarding.accounts import services as account_services
from safeguarding.accounts.models import User


@pytest.fixture
def token_client():
    """token_client(user) is a fresh client that sends the user's API token and no cookie."""

    def _client(user: User) -> Client:
        token = account_services.api_token_replace(actor=user)
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    return _client
