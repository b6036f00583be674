"""Modules put what is due on each user's home page through core.navigation's registry."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import scope_for
from safeguarding.core import navigation
from safeguarding.core.calendar import ClockState
from safeguarding.core.navigation import DueItem


@pytest.fixture
def provider(monkeypatch):
    """A module's provider: the LADO is told of one overdue and one due-soon clock."""
    monkeypatch.setattr(navigation, "_due_providers", [])

    def lado_clocks(scope, today):
        if Role.LADO not in scope.roles:
            return []
        return [
            DueItem(
                "Referral LADO-0042",
                "/x/",
                today + dt.timedelta(days=1),
                ClockState.DUE_SOON,
                "LADO",
            ),
            DueItem(
                "Referral LADO-0041",
                "/y/",
                today - dt.timedelta(days=3),
                ClockState.OVERDUE,
                "LADO",
            ),
        ]

    navigation.register_due_provider(lado_clocks)
    return lado_clocks


def test_items_a_module_registers_appear_under_overdue_and_due(
    provider, personas, partnership, client_as
):
    page = client_as(personas[Role.LADO]).get(reverse("core:home", args=[partnership.slug]))
    html = page.content.decode()
    overdue, due = html.split('id="overdue"')[1].split('id="due"')
    assert "Referral LADO-0041" in overdue
    assert "Referral LADO-0042" not in overdue
    assert "Referral LADO-0042" in due
    assert "Nothing is due for you yet" not in html


def test_other_roles_keep_their_empty_state(provider, personas, partnership, client_as):
    page = client_as(personas[Role.PRACTITIONER]).get(reverse("core:home", args=[partnership.slug]))
    html = page.content.decode()
    assert "Referral LADO" not in html
    assert "Nothing you are responsible for is overdue." in html


def test_a_provider_registered_twice_is_asked_once(provider, personas, partnership):
    navigation.register_due_provider(provider)
    items = navigation.due_items_for(
        scope_for(personas[Role.LADO], partnership), dt.date(2026, 1, 5)
    )
    assert [item.title for item in items] == ["Referral LADO-0041", "Referral LADO-0042"]
