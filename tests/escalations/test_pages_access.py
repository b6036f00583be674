"""Who sees which difference: an agency lead their agency's (raised or received), a practitioner
the ones they raised, others 404; the LADO and CDOP roles 404 on every escalations page, whatever
it names, for GET and POST."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from tests.core.pages import table_rows
from tests.escalations.factories import EscalationFactory, SurveyResponseFactory
from tests.escalations.pages import NOW, TODAY, date, url
from tests.escalations.sweep import ROUTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partnership, personas, agency, health, council):
    """The police's difference with the health trust, raised by the practitioner persona; one the
    council raised with the police; one between health and the council; a survey response."""
    mine = EscalationFactory(
        partnership=partnership,
        reference="RPD-0001",
        raising_agency=agency,
        receiving_agency=health,
        raised_by=personas[Role.PRACTITIONER],
    )
    received = EscalationFactory(
        partnership=partnership,
        reference="RPD-0002",
        raising_agency=council,
        receiving_agency=agency,
    )
    others = EscalationFactory(
        partnership=partnership,
        reference="RPD-0003",
        raising_agency=health,
        receiving_agency=council,
    )
    response = SurveyResponseFactory(partnership=partnership)
    return {"mine": mine, "received": received, "others": others, "response": response}


def _references(client, partnership):
    rows = table_rows(client.get(url("escalation_list", partnership)), "escalations")
    return sorted(row.split()[0] for row in rows)


def _urls(partnership, escalation, response):
    step = escalation.steps.get()
    args = {
        "escalation_detail": [escalation.pk],
        "escalation_edit": [escalation.pk],
        "escalation_step": [escalation.pk],
        "step_complete": [escalation.pk, step.pk],
        "escalation_close": [escalation.pk],
        "escalation_finding": [escalation.pk],
        "survey_edit": [response.pk],
    }
    for name in ROUTES:
        short = name.split(":", 1)[1]
        yield name, reverse(name, args=[partnership.slug, *args.get(short, [])])


@pytest.mark.parametrize("role", [Role.LADO, Role.CDOP])
def test_the_lado_and_cdop_roles_get_404_on_every_page(
    client_as, personas, partnership, world, role
):
    client = client_as(personas[role])
    for name, page in _urls(partnership, world["mine"], world["response"]):
        assert client.get(page).status_code == 404, name
        assert client.post(page, {}).status_code == 404, name


def test_an_agency_lead_sees_their_agencys_differences_only(
    client_as, personas, partnership, world
):
    lead = client_as(personas[Role.AGENCY_LEAD])
    assert _references(lead, partnership) == ["RPD-0001", "RPD-0002"]
    others = world["others"]
    for name in ("escalation_detail", "escalation_step", "escalation_edit"):
        assert lead.get(url(name, partnership, others.pk)).status_code == 404, name
    mine = world["mine"]
    assert lead.get(url("escalation_detail", partnership, mine.pk)).status_code == 200
    for name in ("escalation_edit", "escalation_close", "escalation_finding"):
        assert lead.get(url(name, partnership, mine.pk)).status_code == 403, name


@time_machine.travel(NOW, tick=False)
def test_an_agency_lead_records_a_step_of_a_difference_their_agency_received(
    client_as, personas, partnership, world
):
    lead = client_as(personas[Role.AGENCY_LEAD])
    received = world["received"]
    page = url("escalation_step", partnership, received.pk)
    response = lead.post(page, {"step": "2", **date("started_on", TODAY)}, follow=True)
    assert "RPD-0002 moved up to step 2." in response.content.decode()
    assert list(received.steps.values_list("step", flat=True)) == [1, 2]


def test_a_practitioner_sees_the_differences_they_raised_only(
    client_as, personas, partnership, agency, health, world
):
    colleague = EscalationFactory(
        partnership=partnership,
        reference="RPD-0004",
        raising_agency=agency,
        receiving_agency=health,
        raised_on=dt.date(2023, 11, 6),
    )
    practitioner = client_as(personas[Role.PRACTITIONER])
    assert _references(practitioner, partnership) == ["RPD-0001"]
    for escalation in (colleague, world["received"]):
        page = url("escalation_detail", partnership, escalation.pk)
        assert practitioner.get(page).status_code == 404
    mine = world["mine"]
    assert practitioner.get(url("escalation_step", partnership, mine.pk)).status_code == 403
    assert practitioner.get(url("survey_list", partnership)).status_code == 403
    assert practitioner.get(url("figures", partnership)).status_code == 403


def test_the_executive_reads_everything_and_changes_nothing(
    client_as, personas, partnership, world
):
    executive = client_as(personas[Role.EXECUTIVE])
    assert _references(executive, partnership) == ["RPD-0001", "RPD-0002", "RPD-0003"]
    assert executive.get(url("survey_list", partnership)).status_code == 200
    assert executive.get(url("figures", partnership)).status_code == 200
    mine = world["mine"]
    for name in ("escalation_edit", "escalation_step", "escalation_close", "escalation_finding"):
        assert executive.get(url(name, partnership, mine.pk)).status_code == 403, name
    page = url("survey_edit", partnership, world["response"].pk)
    assert executive.post(page, {}).status_code == 403
