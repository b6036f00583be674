"""Fixtures for the escalations tests: the agencies of four sectors serving the test partnership
(the personas' agency is the police), two themes, a signed-in business unit, and `refused`, which
checks a write was refused on a field with nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Agency, Theme
from safeguarding.escalations.models import Escalation, EscalationStep, SurveyResponse
from safeguarding.learning.models import Finding, Source

TALK = "Lack of communication or support in relation to the safeguarding arrangements for a child"
THRESHOLD = "Thresholds and the front door"


def _agency(partnership: Any, name: str, sector: str) -> Agency:
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name=name,
        sector=sector,
        designation="relevant_agency",
    )


@pytest.fixture
def health(partnership) -> Agency:
    return _agency(partnership, "Testshire Health Trust", "health")


@pytest.fixture
def council(partnership) -> Agency:
    return _agency(partnership, "Testshire Children's Social Care", "local_authority")


@pytest.fixture
def charity(partnership) -> Agency:
    return _agency(partnership, "Testshire Youth Charity", "vcfse")


@pytest.fixture
def themes(partnership) -> dict[str, Theme]:
    """The most common theme of the seed report, and another."""
    return {
        name: core_services.theme_create(actor=None, partnership=partnership, name=name)
        for name in (TALK, THRESHOLD)
    }


@pytest.fixture
def business_unit(personas, client_as):
    return client_as(personas[Role.BUSINESS_UNIT])


def state() -> list[Any]:
    """Row counts of every table an escalations write touches, and the audit log's length."""
    tables = (Escalation, EscalationStep, SurveyResponse, Source, Finding, AuditEntry)
    return [table.objects.count() for table in tables]


@pytest.fixture
def refused() -> Callable[[Callable[[], Any], str], str]:
    """refused(call, field): `call` raises a ValidationError naming `field`, and nothing changed
    (no row, no audit entry); returns the field's message."""

    def _refused(call: Callable[[], Any], field: str) -> str:
        before = state()
        with pytest.raises(ValidationError) as error:
            call()
        assert field in error.value.message_dict, error.value.message_dict
        assert state() == before
        return error.value.message_dict[field][0]

    return _refused
