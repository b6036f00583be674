"""Fixtures for the learning tests: a source, a second agency, and an action owned by each."""

from __future__ import annotations

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services
from tests.learning.factories import make_action, make_source


@pytest.fixture
def health(partnership):
    """A second agency serving the partnership (the personas' agency is the police)."""
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Health",
        sector="health",
        designation="statutory_partner",
    )


@pytest.fixture
def source(partnership):
    return make_source(partnership)


@pytest.fixture
def police_action(source, agency):
    """An action owned by the agency lead persona's own agency."""
    return make_action(source, agency, title="Police: refresh the bruising protocol")


@pytest.fixture
def health_action(source, health):
    return make_action(source, health, title="Health: audit the health visiting pathway")


@pytest.fixture
def business_unit(personas, client_as):
    return client_as(personas[Role.BUSINESS_UNIT])
