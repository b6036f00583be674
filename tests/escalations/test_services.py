"""Raising a difference and correcting it: the first step and its due date from the partnership's
timescale, the reference, and every rule on who raised it with whom, when and about what."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.escalations import services
from safeguarding.escalations.models import Escalation, EscalationStep, IssueType, Step
from tests.escalations.factories import EscalationFactory

NOW = dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC)  # Wednesday 15 May 2024
EASTER = dt.date(2024, 3, 28)  # Thursday before Good Friday and Easter Monday


@pytest.fixture
def raise_one(partnership, personas, agency, health):
    """raise_one(**changes): a difference raised by the police with the health trust."""

    def _raise(**changes):
        fields = {
            "actor": personas[Role.PRACTITIONER],
            "partnership": partnership,
            "raised_on": dt.date(2024, 5, 13),
            "raising_agency": agency,
            "raising_role": "Police officer",
            "receiving_agency": health,
            "issue_type": IssueType.THRESHOLD,
            "case_code": "Child R",
            "summary": "The referral was not accepted.",
            **changes,
        }
        return services.escalation_create(**fields)

    return _raise


pytestmark = pytest.mark.django_db


@time_machine.travel(NOW, tick=False)
def test_raising_a_difference_starts_step_1_due_two_working_days_later(raise_one, personas):
    escalation = raise_one(raised_on=EASTER)
    step = escalation.steps.get()
    assert escalation.reference == "RPD-0001"
    assert escalation.raised_by == personas[Role.PRACTITIONER]
    assert (step.step, step.started_on, step.completed_on) == (1, EASTER, None)
    # Good Friday and Easter Monday are not working days: Tuesday 2 April is day 1.
    assert step.due_on == dt.date(2024, 4, 3)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["escalations.escalation.create", "escalations.step.start"]


@time_machine.travel(NOW, tick=False)
def test_each_step_is_due_by_the_partnerships_own_timescale(raise_one, partnership):
    core_services.timescale_set(
        actor=None,
        partnership=partnership,
        code="escalation_step_3",
        amount=10,
        unit="working_days",
        due_soon_working_days=2,
    )
    urgent = raise_one(step=3, raised_on=dt.date(2024, 5, 1))
    step = urgent.steps.get()
    assert step.step == Step.SENIOR_MANAGER
    # 10 working days from Wednesday 1 May, skipping the bank holiday on Monday 6 May.
    assert step.due_on == dt.date(2024, 5, 16)


@time_machine.travel(NOW, tick=False)
def test_references_follow_the_highest_number_used(raise_one, partnership):
    EscalationFactory(partnership=partnership, reference="RPD-0041")
    EscalationFactory(partnership=partnership, reference="RPD-2023-99")
    assert raise_one().reference == "RPD-0042"
    assert raise_one(reference=" RPD-A1 ").reference == "RPD-A1"


@time_machine.travel(NOW, tick=False)
def test_raising_refuses_bad_input_and_saves_nothing(
    raise_one, refused, agency, other_agency, themes, other_partnership
):
    raise_one(reference="RPD-0007")
    cases = [
        ({"receiving_agency": agency}, "receiving_agency", "must be different from the raising"),
        ({"raising_agency": other_agency}, "raising_agency", "does not serve"),
        ({"receiving_agency": other_agency}, "receiving_agency", "does not serve"),
        ({"raised_on": dt.date(2024, 5, 16)}, "raised_on", "must be today or in the past"),
        ({"raising_role": "  "}, "raising_role", "Enter the role of the person who raised it"),
        ({"case_code": ""}, "case_code", "Enter the child's case code"),
        ({"reference": "rpd-0007"}, "reference", "is already the reference of a difference"),
        ({"step": 5}, "step", "Select a step from 1 to 4"),
        ({"issue_type": "gossip"}, "issue_type", "not a valid choice"),
        (
            {"theme": other_partnership.themes.first()},
            "theme",
            "was not one of the partnership's themes",
        ),
    ]
    for changes, field, message in cases:
        assert message in refused(lambda changes=changes: raise_one(**changes), field), changes


@time_machine.travel(NOW, tick=False)
def test_a_theme_retired_before_the_day_raised_is_refused_but_not_one_retired_after(
    raise_one, refused, themes
):
    theme = next(iter(themes.values()))
    core_services.theme_retire(actor=None, theme=theme, retired_on=dt.date(2024, 5, 1))
    message = refused(lambda: raise_one(theme=theme), "theme")
    assert message.endswith("on 13 May 2024")
    assert raise_one(theme=theme, raised_on=dt.date(2024, 4, 30)).theme == theme


@time_machine.travel(NOW, tick=False)
def test_an_agency_that_served_on_the_day_raised_may_be_named(
    raise_one, refused, partnership, health
):
    core_services.agency_retire(
        actor=None, partnership=partnership, agency=health, retired_on=dt.date(2024, 5, 1)
    )
    assert raise_one(raised_on=dt.date(2024, 4, 30)).receiving_agency == health
    assert "does not serve" in refused(raise_one, "receiving_agency")


@time_machine.travel(NOW, tick=False)
def test_updating_changes_the_details_with_an_audit_entry(raise_one, council, themes):
    escalation = raise_one()
    theme = next(iter(themes.values()))
    data = {"receiving_agency": council, "case_code": "Child S", "theme": theme, "step": 4}
    services.escalation_update(actor=None, escalation=escalation, data=data)
    escalation.refresh_from_db()
    assert (escalation.receiving_agency, escalation.case_code) == (council, "Child S")
    assert escalation.steps.get().step == 1  # steps change only through their own services
    entry = AuditEntry.objects.filter(action="escalations.escalation.update").get()
    assert entry.changes["case_code"] == ["Child R", "Child S"]


@time_machine.travel(NOW, tick=False)
def test_updating_keeps_the_rules_of_raising(raise_one, refused, agency):
    escalation = raise_one()
    other = raise_one(reference="RPD-0099")
    cases = [
        ({"receiving_agency": agency}, "receiving_agency"),
        ({"raised_on": dt.date(2024, 6, 1)}, "raised_on"),
        ({"case_code": " "}, "case_code"),
        ({"reference": other.reference}, "reference"),
    ]
    for data, field in cases:
        refused(
            lambda data=data: services.escalation_update(
                actor=None, escalation=escalation, data=data
            ),
            field,
        )


@time_machine.travel(NOW, tick=False)
def test_a_corrected_date_raised_moves_the_first_step_and_its_due_date(raise_one, refused):
    escalation = raise_one(raised_on=dt.date(2024, 5, 13))
    services.escalation_update(
        actor=None, escalation=escalation, data={"raised_on": dt.date(2024, 5, 3)}
    )
    step = escalation.steps.get()
    # Friday 3 May: Monday 6 May is a bank holiday, so 2 working days end on Wednesday 8 May.
    assert (step.started_on, step.due_on) == (dt.date(2024, 5, 3), dt.date(2024, 5, 8))
    services.escalation_step_start(
        actor=None, escalation=escalation, step=2, started_on=dt.date(2024, 5, 7)
    )
    message = refused(
        lambda: services.escalation_update(
            actor=None, escalation=escalation, data={"raised_on": dt.date(2024, 5, 9)}
        ),
        "raised_on",
    )
    assert message == "The date raised must be on or before 7 May 2024, when it moved on"


@time_machine.travel(NOW, tick=False)
def test_an_imported_difference_has_no_member_who_raised_it(raise_one):
    assert raise_one(actor=None).raised_by is None
    assert Escalation.objects.count() == EscalationStep.objects.count() == 1
