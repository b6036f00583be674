"""Fixtures for the core app's tests."""

from __future__ import annotations

import pytest

from safeguarding.accounts.roles import Role


@pytest.fixture
def business_unit(personas, client_as):
    """A client signed in as the business unit persona, who keeps the partnership's data."""
    return client_as(personas[Role.BUSINESS_UNIT])


@pytest.fixture
def executive(personas, client_as):
    """A client signed in as the executive persona, who may read but not change."""
    return client_as(personas[Role.EXECUTIVE])
