"""The survey pages (responses and the quotes chosen for the report), the figures page, and the
open steps due on home pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.escalations.models import SurveyResponse
from tests.core.pages import field_errors, table_rows
from tests.escalations.factories import EscalationFactory, SurveyResponseFactory
from tests.escalations.pages import NOW, TODAY, date, text_of, url

pytestmark = pytest.mark.django_db


def response_data(**changes):
    return {
        "positive_outcome": "yes",
        "comment": "Talking it through gave the child a better plan.",
        **date("received_on", dt.date(2024, 5, 10)),
        **changes,
    }


@time_machine.travel(NOW, tick=False)
def test_the_business_unit_adds_a_response_and_quotes_it(
    business_unit, partnership, agency, health
):
    escalation = EscalationFactory(
        partnership=partnership, reference="RPD-0007", raised_on=dt.date(2024, 4, 2)
    )
    data = response_data(agency=str(health.pk), escalation="RPD-0007", quote_in_report="on")
    response = business_unit.post(url("survey_add", partnership), data, follow=True)
    assert "The survey response was added." in response.content.decode()
    row = table_rows(response, "responses")[0]
    assert "Quoted in the report" in row
    assert "RPD-0007" in row
    assert health.name in row
    assert SurveyResponse.objects.get().escalation == escalation


@time_machine.travel(NOW, tick=False)
def test_bad_responses_are_refused_on_their_fields(business_unit, partnership):
    page = url("survey_add", partnership)
    no_comment = response_data(comment="", quote_in_report="on")
    assert field_errors(business_unit.post(page, no_comment), "id_comment") == [
        "Enter the comment to quote, or do not quote it"
    ]
    unknown = response_data(escalation="RPD-9999")
    assert field_errors(business_unit.post(page, unknown), "id_escalation") == [
        "Enter the reference of a difference in the register, like RPD-0001"
    ]
    future = response_data(**date("received_on", dt.date(2024, 5, 16)))
    assert field_errors(business_unit.post(page, future), "id_received_on") == [
        "The date received must be today or in the past"
    ]
    assert not SurveyResponse.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_choosing_a_quote_on_the_edit_page(business_unit, partnership):
    response = SurveyResponseFactory(partnership=partnership, received_on=dt.date(2024, 4, 8))
    page = url("survey_edit", partnership, response.pk)
    assert "Talking it through" in business_unit.get(page).content.decode()
    data = response_data(comment=response.comment, quote_in_report="on")
    business_unit.post(page, {**data, **date("received_on", dt.date(2024, 4, 8))})
    response.refresh_from_db()
    assert response.quote_in_report is True
    listed = business_unit.get(url("survey_list", partnership), {"year": "2024-25"})
    assert "Quoted in the report" in text_of(listed, "responses")
    earlier = business_unit.get(url("survey_list", partnership), {"year": "2023-24"})
    assert text_of(earlier, "response-count") == "0 responses"


@time_machine.travel(NOW, tick=False)
def test_the_figures_page_shows_the_open_clocks_and_the_figures(
    business_unit, partnership, agency, health, django_assert_max_num_queries
):
    EscalationFactory(
        partnership=partnership, raising_agency=agency, raised_on=dt.date(2024, 5, 14)
    )
    EscalationFactory(
        partnership=partnership, raising_agency=agency, raised_on=dt.date(2024, 5, 1), steps=3
    )
    EscalationFactory(partnership=partnership, raised_on=dt.date(2024, 4, 2), steps=2, closed=True)
    SurveyResponseFactory(partnership=partnership, received_on=dt.date(2024, 5, 2))
    with django_assert_max_num_queries(60):
        page = business_unit.get(url("figures", partnership), {"year": "2024-25"})
    clocks = table_rows(page, "open-clocks")
    assert clocks[0] == "Step 1: practitioner to practitioner 0 1 0 1"
    # Step 3 started on Monday 13 May (when step 2 was due): due today, so due soon.
    assert clocks[2] == "Step 3: senior manager to senior manager 0 1 0 1"
    content = page.content.decode()
    assert 'id="panel-escalations-step-3"' in content
    by_agency = table_rows(page, "panel-escalations-by-agency-table")
    assert any(row.startswith(f"{agency.name} ") and row.endswith(" 2") for row in by_agency)
    assert table_rows(page, "panel-escalations-survey-positive-table")[-1].endswith("100%")


@time_machine.travel(NOW, tick=False)
def test_home_pages_show_open_steps_due_soon_or_overdue(
    client_as, personas, partnership, agency, health, council
):
    EscalationFactory(
        partnership=partnership,
        reference="RPD-0001",
        case_code="Child R",
        raising_agency=council,
        receiving_agency=agency,
        raised_on=dt.date(2024, 5, 1),
        steps=2,
    )
    EscalationFactory(
        partnership=partnership,
        reference="RPD-0002",
        case_code="Child S",
        raising_agency=health,
        receiving_agency=council,
        raised_on=TODAY,
    )
    EscalationFactory(partnership=partnership, reference="RPD-0003", raised_on=TODAY.replace(day=2))
    home = reverse("core:home", args=[partnership.slug])

    def items(role, table):
        page = client_as(personas[role]).get(home)
        ids = {"overdue": "overdue", "due": "due"}
        return (
            " ".join(table_rows(page, ids[table]))
            if f'id="{table}"' in page.content.decode()
            else ""
        )

    overdue = items(Role.BUSINESS_UNIT, "overdue")
    assert "RPD-0001, step 2: Child R" in overdue
    assert "RPD-0003" in overdue
    assert "RPD-0002" not in overdue + items(Role.BUSINESS_UNIT, "due")  # due Friday: not yet
    lead = items(Role.AGENCY_LEAD, "overdue")
    assert "RPD-0001, step 2: Child R" in lead
    assert "RPD-0003" not in lead
    assert "RPD-" not in items(Role.PRACTITIONER, "overdue")
