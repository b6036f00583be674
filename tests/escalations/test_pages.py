"""The register as its members use it: raise a difference, see each step's clock on the record
and the list, move it up, complete a step, close it, raise a finding; bad input is refused on its
field with nothing saved."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.escalations.models import Escalation, EscalationStep
from safeguarding.learning.models import Finding
from tests.core.pages import error_summary, field_errors, table_rows
from tests.escalations.factories import EscalationFactory
from tests.escalations.pages import NOW, TODAY, date, text_of, url

pytestmark = pytest.mark.django_db


def raised(partnership, agency, health, **fields):
    """A difference the police raised with the health trust on Wednesday 1 May 2024."""
    fields = {"raised_on": dt.date(2024, 5, 1), "reference": "RPD-0001", **fields}
    return EscalationFactory(
        partnership=partnership, raising_agency=agency, receiving_agency=health, **fields
    )


def difference(health, **changes):
    return {
        "raising_agency": "",
        "raising_role": "Police officer",
        "receiving_agency": str(health.pk),
        "case_code": "Child R",
        "issue_type": "threshold",
        "summary": "The referral was not accepted.",
        "step": "1",
        **date("raised_on", dt.date(2024, 5, 14)),
        **changes,
    }


@time_machine.travel(NOW, tick=False)
def test_a_practitioner_raises_a_difference_and_sees_its_first_clock(
    client_as, personas, partnership, agency, health
):
    practitioner = client_as(personas[Role.PRACTITIONER])
    form = practitioner.get(url("escalation_raise", partnership))
    assert f'<option value="{agency.pk}" selected>' in form.content.decode()
    data = difference(health, raising_agency=str(agency.pk))
    response = practitioner.post(url("escalation_raise", partnership), data, follow=True)
    escalation = Escalation.objects.get()
    assert escalation.raised_by == personas[Role.PRACTITIONER]
    assert "The professional difference RPD-0001 was raised." in response.content.decode()
    row = table_rows(response, "steps")[0]
    # Tuesday 14 May plus 2 working days: Thursday 16 May, one working day away: due soon.
    assert row.startswith("Step 1: practitioner to practitioner 2 working days 14 May 2024")
    assert "16 May 2024 Not yet Due soon" in row


def test_an_empty_difference_names_every_missing_answer(business_unit, partnership):
    response = business_unit.post(url("escalation_raise", partnership), {})
    summary = {anchor: html.unescape(text) for anchor, text in error_summary(response)}
    assert summary["#id_raised_on_day"] == "Enter date raised"
    assert summary["#id_raising_agency"] == "Select raising agency"
    assert summary["#id_case_code"] == "Enter child's case code"
    assert summary["#id_issue_type_0"] == "Select what the difference is about"
    assert not Escalation.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_difference_with_itself_or_in_the_future_is_refused_on_its_field(
    business_unit, partnership, agency, health, other_agency
):
    page = url("escalation_raise", partnership)
    same = difference(health, raising_agency=str(health.pk))
    assert field_errors(business_unit.post(page, same), "id_receiving_agency") == [
        "The receiving agency must be different from the raising agency"
    ]
    future = difference(
        health, raising_agency=str(agency.pk), **date("raised_on", TODAY.replace(day=16))
    )
    assert field_errors(business_unit.post(page, future), "id_raised_on") == [
        "The date raised must be today or in the past"
    ]
    elsewhere = difference(health, raising_agency=str(other_agency.pk))
    assert field_errors(business_unit.post(page, elsewhere), "id_raising_agency") == [
        "Select an agency that serves the partnership"
    ]
    assert not Escalation.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_record_shows_each_steps_clock(business_unit, partnership, agency, health):
    escalation = raised(partnership, agency, health, steps=[1, 2])
    page = business_unit.get(url("escalation_detail", partnership, escalation.pk))
    rows = table_rows(page, "steps")
    # Step 1: due Friday 3 May, completed that day. Step 2: from 3 May, 5 working days
    # (Monday 6 May a bank holiday): due Monday 13 May, open, 2 working days late today.
    assert "3 May 2024 3 May 2024 Met" in rows[0]
    assert rows[1].endswith("13 May 2024 Not yet Overdue 2 working days late Complete step 2")
    assert text_of(page, "outcome") == "Outcome Open at step 2"


@time_machine.travel(NOW, tick=False)
def test_the_business_unit_moves_a_difference_up_and_closes_it(
    business_unit, partnership, agency, health
):
    escalation = raised(partnership, agency, health)
    step_page = url("escalation_step", partnership, escalation.pk)
    refused = business_unit.post(step_page, {"step": "1", **date("started_on", TODAY)})
    assert field_errors(refused, "id_step") == ["Select a step above the highest it has reached"]
    business_unit.post(step_page, {"step": "3", **date("started_on", dt.date(2024, 5, 7))})
    assert list(escalation.steps.values_list("step", "completed_on")) == [
        (1, dt.date(2024, 5, 7)),
        (3, None),
    ]
    close = url("escalation_close", partnership, escalation.pk)
    no_how = {"outcome": "resolved", "improved_plan": "yes", **date("closed_on", TODAY)}
    assert field_errors(business_unit.post(close, no_how), "id_resolution_type") == [
        "Select how the difference was resolved"
    ]
    assert Escalation.objects.get().is_open
    response = business_unit.post(close, {**no_how, "resolution_type": "plan_changed"}, follow=True)
    assert "Resolved" in text_of(response, "outcome")
    assert "Improved the plan for the child Yes" in text_of(response, "outcome")
    assert "Move up a step" not in text_of(response, "actions")


@time_machine.travel(NOW, tick=False)
def test_completing_a_step_on_its_page(business_unit, partnership, agency, health):
    escalation = raised(partnership, agency, health)
    step = escalation.steps.get()
    page = url("step_complete", partnership, escalation.pk, step.pk)
    form = business_unit.get(page)
    assert "Friday 3 May 2024 Overdue" in text_of(form, "clock")
    early = business_unit.post(page, date("completed_on", dt.date(2024, 4, 30)))
    assert field_errors(early, "id_completed_on") == [
        "The date completed must be on or after 1 May 2024, when the step started"
    ]
    business_unit.post(page, {**date("completed_on", dt.date(2024, 5, 7)), "notes": "Agreed."})
    step.refresh_from_db()
    assert (step.completed_on, step.notes) == (dt.date(2024, 5, 7), "Agreed.")
    other = raised(partnership, agency, health, reference="RPD-0002")
    elsewhere = url("step_complete", partnership, other.pk, step.pk)
    assert business_unit.get(elsewhere).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_finding_raised_into_the_learning_loop_shows_on_its_source_page(
    business_unit, partnership, agency, health
):
    escalation = raised(partnership, agency, health)
    page = url("escalation_finding", partnership, escalation.pk)
    assert field_errors(business_unit.post(page, date("recorded_on", TODAY)), "id_text")
    assert not Finding.objects.exists()
    data = {"text": "Managers escalated late.", **date("recorded_on", TODAY)}
    response = business_unit.post(page, data, follow=True)
    business_unit.post(page, {**data, "text": "Notes lacked detail."})
    assert "Managers escalated late." in text_of(response, "findings")
    escalation.refresh_from_db()
    source = reverse("learning:source_detail", args=[partnership.slug, escalation.source_id])
    source_page = business_unit.get(source)
    content = source_page.content.decode()
    assert "Professional difference RPD-0001" in content
    assert "Managers escalated late." in content
    assert "Notes lacked detail." in content
    assert url("escalation_detail", partnership, escalation.pk) in content
    assert Finding.objects.filter(source=escalation.source).count() == 2


@time_machine.travel(NOW, tick=False)
def test_changing_the_details(business_unit, partnership, agency, health, themes):
    escalation = raised(partnership, agency, health, raising_role="Sergeant")
    page = url("escalation_edit", partnership, escalation.pk)
    form = business_unit.get(page)
    assert 'value="Sergeant"' in form.content.decode()
    theme = next(iter(themes.values()))
    data = difference(
        health,
        reference="RPD-0001",
        raising_agency=str(agency.pk),
        case_code="Child S",
        theme=str(theme.pk),
    )
    response = business_unit.post(page, data, follow=True)
    assert "Child S" in text_of(response, "details")
    assert theme.name in text_of(response, "details")
    assert EscalationStep.objects.get().started_on == dt.date(2024, 5, 14)
