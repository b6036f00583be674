"""Who reaches the child death pages: the CDOP role only. Every other member, whatever their role,
gets 404 on every page for GET and POST (the register's existence is never revealed), as does a
member of another partnership; a panel's figures are read across its footprint, but each record
stays with the partnership where the child lived."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import ALL_ROLES, Role
from tests.child_deaths import sweep
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory
from tests.core.pages import table_rows
from tests.factories import MembershipFactory, UserFactory

NOW = dt.datetime(2024, 6, 28, 10, tzinfo=dt.UTC)
YEAR = "2023-24"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(partnership, personas, outsider):
    world = {"partnership": partnership, "personas": personas, "outsider": outsider}
    return world | sweep.records(world)


def urls(world):
    for name, route in sweep.ROUTES.items():
        methods = ["get", "post"] if route.writers is not None else ["get"]
        yield name, reverse(name, kwargs=route.kwargs(world)), methods


def ask(client, method, url):
    return client.post(url, {}) if method == "post" else client.get(url)


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {Role.CDOP}))
def test_every_role_but_cdop_gets_404_on_every_page(client_as, world, role):
    client = client_as(world["personas"][role])
    for name, url, methods in urls(world):
        for method in methods:
            assert ask(client, method, url).status_code == 404, (name, role, method)


def test_a_member_of_another_partnership_gets_404_on_every_page(client_as, world):
    client = client_as(world["outsider"])
    for name, url, methods in urls(world):
        for method in methods:
            assert ask(client, method, url).status_code == 404, (name, method)


def test_the_cdop_coordinator_opens_every_page(client_as, world):
    client = client_as(world["personas"][Role.CDOP])
    for name, url, _ in urls(world):
        assert client.get(url).status_code == 200, name


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, url, _ in urls(world):
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_every_child_death_url_is_in_the_sweep():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = {
        f"child_deaths:{pattern.name}"
        for pattern in resolver.namespace_dict["child_deaths"][1].url_patterns
    }
    assert names == set(sweep.ROUTES)


# Footprints: Testshire and Elsewhere share a panel (as Somerset and Dorset do)


def cdop_of(*partnerships, extra=None):
    user = UserFactory(email="joint.cdop@testshire.example")
    for partnership in partnerships:
        MembershipFactory(user=user, partnership=partnership, role=Role.CDOP)
    for partnership, role in extra or []:
        MembershipFactory(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def shared(partnership, other_partnership, panel):
    """Deaths of 2023-24 in both partnerships, reviewed by their joint panel."""
    for _ in range(3):
        ChildDeathFactory(partnership=partnership, panel=panel)
    here_reviewed = ChildDeathFactory(partnership=partnership, panel=panel, reviewed=True)
    there = [ChildDeathFactory(partnership=other_partnership, panel=panel) for _ in range(2)]
    return {"here": here_reviewed, "there": there[0]}


def panel_url(partnership, panel, year=YEAR):
    url = reverse("child_deaths:panel_detail", args=[partnership.slug, panel.slug])
    return f"{url}?year={year}"


def death_url(death):
    return reverse("child_deaths:death_detail", args=[death.partnership.slug, death.pk])


def test_a_cdop_member_reads_the_panel_s_figures_for_both_partnerships(
    client_as, partnership, other_partnership, panel, shared, cdop
):
    response = client_as(cdop).get(panel_url(partnership, panel))
    assert response.status_code == 200
    assert table_rows(response, "panel-figures") == [
        f"{other_partnership.name} 2 0 0 0",
        f"{partnership.name} 4 0 0 1",
        "The panel's footprint 6 0 0 1",
    ]


def test_but_the_other_partnership_s_records_answer_404(
    client_as, partnership, other_partnership, panel, shared, cdop
):
    client = client_as(cdop)
    there = shared["there"]
    assert client.get(death_url(there)).status_code == 404  # not a member of Elsewhere
    inside = reverse("child_deaths:death_detail", args=[partnership.slug, there.pk])
    assert client.get(inside).status_code == 404  # not a record of Testshire
    assert client.get(death_url(shared["here"])).status_code == 200


def test_a_member_of_both_without_cdop_in_the_other_gets_404_there(
    client_as, partnership, other_partnership, panel, shared
):
    user = cdop_of(partnership, extra=[(other_partnership, Role.BUSINESS_UNIT)])
    client = client_as(user)
    assert client.get(death_url(shared["there"])).status_code == 404
    assert client.get(panel_url(other_partnership, panel)).status_code == 404
    assert client.get(panel_url(partnership, panel)).status_code == 200


def test_cdop_in_both_partnerships_reads_both_records(
    client_as, partnership, other_partnership, panel, shared
):
    client = client_as(cdop_of(partnership, other_partnership))
    assert client.get(death_url(shared["there"])).status_code == 200
    assert client.get(death_url(shared["here"])).status_code == 200


def test_a_panel_that_does_not_serve_the_partnership_answers_404(
    client_as, partnership, other_partnership, cdop
):
    theirs = PanelFactory(
        name="Elsewhere CDOP", slug="elsewhere-cdop", partnerships=[other_partnership]
    )
    client = client_as(cdop)
    assert client.get(panel_url(partnership, theirs)).status_code == 404
    missing = reverse("child_deaths:panel_detail", args=[partnership.slug, "no-such-panel"])
    assert client.get(missing).status_code == 404


def test_the_business_unit_cannot_read_the_panel_s_figures(
    client_as, partnership, personas, panel, shared
):
    client = client_as(personas[Role.BUSINESS_UNIT])
    assert client.get(panel_url(partnership, panel)).status_code == 404
