"""Actions on home pages: an agency lead sees their agency's open actions that are overdue or
due soon, the business unit every agency's; nobody else is shown them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import scope_for
from safeguarding.learning.due import MAX_ITEMS, action_due_items
from safeguarding.learning.models import ActionStatus
from tests.core.pages import table_rows
from tests.learning.factories import make_action

NOW = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)  # a Tuesday


@pytest.fixture
def due_actions(source, agency, health):
    make_action(source, agency, title="Police overdue", due_on=dt.date(2024, 3, 1))
    make_action(source, agency, title="Police due soon", due_on=dt.date(2024, 3, 12))
    make_action(source, agency, title="Police far off", due_on=dt.date(2024, 6, 1))
    make_action(
        source,
        agency,
        title="Police done",
        due_on=dt.date(2024, 2, 1),
        status=ActionStatus.COMPLETED,
    )
    make_action(source, health, title="Health overdue", due_on=dt.date(2024, 2, 20))


def home(client, partnership):
    return client.get(reverse("core:home", args=[partnership.slug]))


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_sees_their_agencys_due_and_overdue_actions(
    due_actions, personas, partnership, client_as
):
    page = home(client_as(personas[Role.AGENCY_LEAD]), partnership)
    assert table_rows(page, "overdue") == [
        "Police overdue Learning action, Testshire Police 1 Mar 2024 Overdue"
    ]
    assert table_rows(page, "due") == [
        "Police due soon Learning action, Testshire Police 12 Mar 2024 Due soon"
    ]


@time_machine.travel(NOW, tick=False)
def test_the_business_unit_sees_every_agencys(due_actions, business_unit, partnership):
    page = home(business_unit, partnership)
    assert [row.split(" Learning")[0] for row in table_rows(page, "overdue")] == [
        "Health overdue",
        "Police overdue",
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.SCRUTINEER, Role.PRACTITIONER])
def test_other_roles_are_not_shown_actions(role, due_actions, personas, partnership, client_as):
    page = home(client_as(personas[role]), partnership).content.decode()
    assert "Police overdue" not in page


@time_machine.travel(NOW, tick=False)
def test_past_a_screenful_the_rest_are_summed_up(source, agency, personas, partnership):
    for i in range(MAX_ITEMS + 5):
        make_action(source, agency, title=f"Late {i}", due_on=dt.date(2024, 1, 1))
    items = action_due_items(scope_for(personas[Role.BUSINESS_UNIT], partnership), NOW.date())
    assert len(items) == MAX_ITEMS + 1
    assert items[-1].title == "5 more open actions overdue or due soon"
    assert items[-1].url.endswith("/learning/actions/?status=open")
