"""Fixtures for the reviews tests: signed-in clients and a second agency."""

from __future__ import annotations

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services


@pytest.fixture
def business_unit(personas, client_as):
    return client_as(personas[Role.BUSINESS_UNIT])


@pytest.fixture
def health(partnership):
    """A second agency serving the partnership (the agency lead persona belongs to `agency`)."""
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Health",
        sector="health",
        designation="statutory_partner",
    )
