"""Fixtures for the child deaths tests: a panel shared by the test partnership and another one
(as Somerset and Dorset share theirs), the CDOP coordinator, and the entered totals of the years
before the Hub."""

from __future__ import annotations

from decimal import Decimal

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import services as metric_services
from tests.child_deaths.factories import PanelFactory

#: Deaths notified in the years before the Hub (the contract's synthetic demo figures).
ENTERED = {2019: 34, 2020: 36, 2021: 27, 2022: 25}


@pytest.fixture
def panel(partnership, other_partnership):
    """Testshire and Elsewhere's joint Child Death Overview Panel."""
    return PanelFactory(
        name="Testshire and Elsewhere Child Death Overview Panel",
        slug="testshire-elsewhere-cdop",
        partnerships=[partnership, other_partnership],
    )


@pytest.fixture
def cdop(personas):
    """The CDOP coordinator (the CDOP role in the test partnership)."""
    return personas[Role.CDOP]


@pytest.fixture
def entered(partnership):
    """The deaths notified in 2019-20 to 2022-23, entered from a (synthetic) source."""
    for start, value in ENTERED.items():
        metric_services.entered_value_set(
            actor=None,
            partnership=partnership,
            metric="child_deaths.notifications",
            period=ReportingYear(start),
            value=Decimal(value),
            source="Synthetic test figure",
        )
