"""Fixtures for the governance tests: a subgroup, a meeting, a member and budget lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.governance import services

YEAR = ReportingYear(2023)


@pytest.fixture
def business_unit(personas, client_as):
    return client_as(personas[Role.BUSINESS_UNIT])


@pytest.fixture
def health(partnership):
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Health",
        sector="health",
        designation="statutory_partner",
    )


@pytest.fixture
def subgroup(partnership):
    return services.subgroup_create(actor=None, partnership=partnership, name="Health")


@pytest.fixture
def meeting(partnership, subgroup, agency):
    return services.meeting_create(
        actor=None,
        partnership=partnership,
        subgroup=subgroup,
        date=dt.date(2023, 6, 5),
        invited=[agency],
    )


@pytest.fixture
def member(partnership, agency):
    return services.executive_member_create(
        actor=None,
        partnership=partnership,
        name="Pat Chief",
        organisation=agency,
        role_title="Chief Constable",
        kind="lead",
        started_on=dt.date(2021, 4, 1),
    )


@pytest.fixture
def contribution(partnership, agency):
    return services.contribution_create(
        actor=None, partnership=partnership, year=YEAR, agency=agency, amount=Decimal("750")
    )


@pytest.fixture
def grant(partnership):
    return services.grant_create(
        actor=None,
        partnership=partnership,
        year=YEAR,
        amount=Decimal("1000"),
        funder="DfE",
        purpose="Working Together",
        uses=["Training"],
    )


@pytest.fixture
def spending(partnership):
    return services.expenditure_create(
        actor=None, partnership=partnership, year=YEAR, category="Salaries", amount=Decimal("10")
    )


@pytest.fixture
def figure(partnership):
    return services.communication_figure_create(
        actor=None,
        partnership=partnership,
        year=YEAR,
        channel="social_media",
        measure="reach",
        value=Decimal("11500"),
    )


@pytest.fixture
def group(partnership):
    return services.participation_group_create(
        actor=None, partnership=partnership, name="Youth Forum", host="Testshire Council"
    )


@pytest.fixture
def engagement(partnership, group):
    return services.engagement_create(
        actor=None,
        partnership=partnership,
        year=YEAR,
        title="Updated the Neglect Strategy",
        groups=[group],
    )


@pytest.fixture
def priority(partnership):
    return services.priority_create(
        actor=None,
        partnership=partnership,
        title="Safe Start to Life",
        statement="Babies will have the best start to life.",
        first_year=YEAR,
    )


@pytest.fixture
def indicator(priority):
    return services.indicator_create(
        actor=None,
        priority=priority,
        label="Hospital admissions due to self-harm (10-24)",
        local_value=Decimal("611.8"),
        england_value=Decimal("319.0"),
        unit="per 100,000",
    )


@pytest.fixture
def activity(priority):
    return services.activity_create(
        actor=None, priority=priority, year=YEAR, text="Piloted Health Coach appointments."
    )


@pytest.fixture
def guidance_change(partnership):
    return services.guidance_change_create(
        actor=None,
        partnership=partnership,
        year=YEAR,
        topic="Lead Practitioner",
        guidance="A Lead Practitioner can support a family through Child in Need.",
        decision="The Lead Practitioner stays a qualified Social Worker.",
    )
