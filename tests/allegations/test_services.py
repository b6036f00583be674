"""Recording, changing and concluding an allegation, and raising a finding from it: the "LADO
informed" clock, the harm test's criteria, the outcome rules, and nothing saved on bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.allegations import services
from safeguarding.allegations.models import Allegation, Outcome
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.learning.models import Finding, Source
from tests.allegations.factories import AllegationFactory

pytestmark = pytest.mark.django_db

#: Friday 5 May 2023: the next working day is Tuesday 9 May (Monday 8 May was the Coronation).
FRIDAY = dt.date(2023, 5, 5)
TODAY = dt.date(2023, 5, 10)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2023, 5, 10, 12, 0), tick=False)


@pytest.fixture
def lado(personas):
    return personas[Role.LADO]


def record(lado, partnership, **fields: Any) -> Allegation:
    values: dict[str, Any] = {
        "contact_type": "referral",
        "received_on": FRIDAY,
        "employer_sector": "education",
        "person_role": "Teacher",
        "category": "physical",
        "criteria_met": True,
        "harmed_child": True,
    } | fields
    return services.allegation_create(actor=lado, partnership=partnership, **values)


def _state() -> tuple[Any, ...]:
    rows = list(Allegation.objects.order_by("pk").values())
    return rows, Source.objects.count(), Finding.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def refused() -> Callable[..., str]:
    """refused(write, field): the write is refused with an error on `field` (its message is
    returned), and nothing at all was saved."""

    def check(write: Callable[[], Any], field: str) -> str:
        before = _state()
        with pytest.raises(ValidationError) as error:
            write()
        assert field in error.value.message_dict, error.value.message_dict
        assert _state() == before
        return error.value.message_dict[field][0]

    return check


# The "LADO informed" clock


def test_received_on_a_friday_before_the_coronation_is_due_on_tuesday(lado, partnership):
    allegation = record(lado, partnership, received_on=FRIDAY)
    assert allegation.lado_due_on == dt.date(2023, 5, 9)


def test_received_on_a_thursday_is_due_on_friday(lado, partnership):
    assert record(lado, partnership, received_on=dt.date(2023, 5, 4)).lado_due_on == FRIDAY


def test_the_partnerships_own_timescale_sets_the_due_date(lado, partnership):
    core_services.timescale_set(
        actor=None,
        partnership=partnership,
        code="lado_referral",
        amount=2,
        unit="working_days",
        due_soon_working_days=0,
    )
    assert record(lado, partnership).lado_due_on == dt.date(2023, 5, 10)


def test_a_new_date_received_moves_the_due_date(lado, partnership):
    allegation = record(lado, partnership, received_on=dt.date(2023, 5, 2))
    services.allegation_update(actor=lado, allegation=allegation, data={"received_on": FRIDAY})
    allegation.refresh_from_db()
    assert allegation.lado_due_on == dt.date(2023, 5, 9)
    entry = AuditEntry.objects.get(action="allegations.allegation.update")
    assert entry.changes["lado_due_on"] == ["2023-05-03", "2023-05-09"]


# Recording a notification


def test_a_notification_is_recorded_with_its_audit_entry(lado, partnership):
    allegation = record(lado, partnership, person_code="P-17", lado_informed_on=FRIDAY)
    assert allegation.reference == "LADO-0001"
    assert allegation.outcome == Outcome.ONGOING
    entry = AuditEntry.objects.get(action="allegations.allegation.create")
    assert (entry.actor, entry.target_label, entry.partnership) == (lado, "LADO-0001", partnership)
    assert entry.changes["person_role"] == [None, "Teacher"]
    assert entry.changes["lado_due_on"] == [None, "2023-05-09"]


def test_references_are_made_after_the_highest_one(lado, partnership, other_partnership):
    AllegationFactory(partnership=partnership, reference="LADO-0009")
    AllegationFactory(partnership=partnership, reference="OLD-0100")
    AllegationFactory(partnership=other_partnership, reference="LADO-0500")
    assert record(lado, partnership).reference == "LADO-0010"
    assert record(lado, partnership, reference=" LADO-10000 ").reference == "LADO-10000"
    assert record(lado, partnership).reference == "LADO-10001"


def test_a_reference_is_used_once_in_a_partnership(refused, lado, partnership, other_partnership):
    AllegationFactory(partnership=other_partnership, reference="L/1")
    record(lado, partnership, reference="L/1")
    message = refused(lambda: record(lado, partnership, reference="L/1"), "reference")
    assert message == "The reference L/1 is already used in this partnership"


def test_an_unknown_category_is_refused_on_its_field(refused, lado, partnership):
    message = refused(lambda: record(lado, partnership, category="financial"), "category")
    assert message == "“financial” is not a category: select one from the list"


def test_a_referral_needs_a_category_and_advice_does_not(refused, lado, partnership):
    message = refused(lambda: record(lado, partnership, category=""), "category")
    assert message == "Select the category of the allegation"
    advice = record(
        lado, partnership, contact_type="advice", category="", criteria_met=None, harmed_child=False
    )
    assert advice.category == ""


def test_an_unknown_contact_type_or_sector_is_refused(refused, lado, partnership):
    refused(lambda: record(lado, partnership, contact_type="rumour"), "contact_type")
    message = refused(lambda: record(lado, partnership, employer_sector="space"), "employer_sector")
    assert message == "“space” is not a sector: select one from the list"


def test_the_persons_role_is_required(refused, lado, partnership):
    message = refused(lambda: record(lado, partnership, person_role="  "), "person_role")
    assert message == "Enter the person's role, like teacher or foster carer"
    refused(lambda: record(lado, partnership, person_role="x" * 201), "person_role")


def test_dates_cannot_be_in_the_future(refused, lado, partnership):
    tomorrow = TODAY + dt.timedelta(days=1)
    message = refused(lambda: record(lado, partnership, received_on=tomorrow), "received_on")
    assert message == "The date received must be today or in the past"
    refused(lambda: record(lado, partnership, lado_informed_on=tomorrow), "lado_informed_on")
    refused(lambda: record(lado, partnership, strategy_meeting_on=tomorrow), "strategy_meeting_on")


def test_the_lado_cannot_be_informed_before_the_allegation_was_received(refused, lado, partnership):
    earlier = FRIDAY - dt.timedelta(days=1)
    message = refused(
        lambda: record(lado, partnership, lado_informed_on=earlier), "lado_informed_on"
    )
    assert (
        message
        == "The date the LADO was informed must be on or after the date received (5 May 2023)"
    )
    refused(lambda: record(lado, partnership, strategy_meeting_on=earlier), "strategy_meeting_on")


def test_the_harm_test_met_needs_a_criterion(refused, lado, partnership):
    message = refused(lambda: record(lado, partnership, harmed_child=False), "criteria")
    assert message == "Select the criteria of the harm test the allegation meets"


def test_a_criterion_needs_the_harm_test_met(refused, lado, partnership):
    for answer in (False, None):
        message = refused(
            lambda answer=answer: record(lado, partnership, criteria_met=answer), "criteria"
        )
        assert message == "Untick the criteria, or answer that the harm test is met"


def test_every_criterion_can_be_recorded(lado, partnership):
    ticks = {"criminal_offence": True, "risk_of_harm": True, "unsuitable": True}
    allegation = record(lado, partnership, harmed_child=False, **ticks)
    assert len(allegation.criteria) == 3


# Changing it


def test_changes_keep_the_rules(refused, lado, partnership):
    allegation = record(lado, partnership)
    change = services.allegation_update
    refused(lambda: change(actor=lado, allegation=allegation, data={"category": "x"}), "category")
    refused(lambda: change(actor=lado, allegation=allegation, data={"reference": ""}), "reference")
    change(actor=lado, allegation=allegation, data={"person_role": " Head teacher "})
    allegation.refresh_from_db()
    assert allegation.person_role == "Head teacher"


def test_a_concluded_allegation_keeps_its_conclusion_true(refused, lado, partnership):
    received = dt.date(2023, 4, 3)
    allegation = AllegationFactory(partnership=partnership, received_on=received, concluded=True)
    late = {"received_on": FRIDAY}
    data: dict[str, Any] = {"criteria_met": False, "harmed_child": False}
    message = refused(
        lambda: services.allegation_update(actor=lado, allegation=allegation, data=data),
        "criteria_met",
    )
    assert message == "The allegation was concluded as substantiated: the harm test is met"
    message = refused(
        lambda: services.allegation_update(actor=lado, allegation=allegation, data=late),
        "received_on",
    )
    assert message == "The date received must be on or before the date concluded (1 May 2023)"


def test_an_update_names_only_the_fields_it_takes(lado, partnership):
    allegation = record(lado, partnership)
    with pytest.raises(TypeError):
        services.allegation_update(actor=lado, allegation=allegation, data={"outcome": "false"})


# Concluding it


def conclude(lado, allegation, outcome="substantiated", concluded_on=TODAY, **fields):
    return services.allegation_conclude(
        actor=lado, allegation=allegation, outcome=outcome, concluded_on=concluded_on, **fields
    )


def test_an_outcome_other_than_ongoing_needs_a_concluded_date(refused, lado, partnership):
    allegation = record(lado, partnership)
    message = refused(lambda: conclude(lado, allegation, concluded_on=None), "concluded_on")
    assert message == "Enter the date the allegation was concluded"


def test_concluded_before_received_is_refused(refused, lado, partnership):
    allegation = record(lado, partnership)
    before = FRIDAY - dt.timedelta(days=1)
    message = refused(lambda: conclude(lado, allegation, concluded_on=before), "concluded_on")
    assert message == "The date concluded must be on or after the date received (5 May 2023)"
    message = refused(
        lambda: conclude(lado, allegation, concluded_on=TODAY + dt.timedelta(1)), "concluded_on"
    )
    assert message == "The date concluded must be today or in the past"


def test_ongoing_with_a_concluded_date_is_refused(refused, lado, partnership):
    allegation = record(lado, partnership)
    message = refused(lambda: conclude(lado, allegation, "ongoing"), "concluded_on")
    assert message == "Leave the date concluded empty while the allegation is ongoing"
    refused(lambda: conclude(lado, allegation, "guilty"), "outcome")


def test_the_kcsie_outcomes_need_the_harm_test_met(refused, lado, partnership):
    advice = record(
        lado, partnership, contact_type="advice", category="", criteria_met=None, harmed_child=False
    )
    message = refused(lambda: conclude(lado, advice, "unfounded"), "outcome")
    assert message == (
        "Unfounded is an outcome of an allegation meeting the harm test: "
        "record the criteria it meets first"
    )
    refused(lambda: conclude(lado, advice, "criteria_not_met"), "outcome")


def test_criteria_not_met_closes_an_allegation_not_meeting_the_harm_test(lado, partnership):
    allegation = record(lado, partnership, criteria_met=False, harmed_child=False)
    conclude(lado, allegation, "criteria_not_met", FRIDAY)
    allegation.refresh_from_db()
    assert (allegation.outcome, allegation.concluded_on) == ("criteria_not_met", FRIDAY)


def test_concluding_again_changes_the_outcome_and_is_audited(lado, partnership):
    allegation = record(lado, partnership)
    conclude(lado, allegation, "unsubstantiated", referred_to_dbs=False)
    conclude(lado, allegation, "substantiated", referred_to_dbs=True, referred_to_regulator=" TRA ")
    allegation.refresh_from_db()
    assert (allegation.outcome, allegation.referred_to_dbs) == ("substantiated", True)
    assert allegation.referred_to_regulator == "TRA"
    entries = AuditEntry.objects.filter(action="allegations.allegation.conclude").order_by("seq")
    assert [entry.changes.get("outcome") for entry in entries] == [
        ["ongoing", "unsubstantiated"],
        ["unsubstantiated", "substantiated"],
    ]


def test_reopening_takes_the_date_away(lado, partnership):
    allegation = record(lado, partnership)
    conclude(lado, allegation, "false")
    conclude(lado, allegation, "ongoing", None)
    allegation.refresh_from_db()
    assert (allegation.outcome, allegation.concluded_on) == ("ongoing", None)


# Raising a finding


def raise_finding(lado, allegation, text="Safer recruitment checks were missed.", **fields):
    values = {"recorded_on": TODAY} | fields
    return services.allegation_finding_raise(actor=lado, allegation=allegation, text=text, **values)


def test_the_first_finding_makes_the_learning_source_once(lado, partnership):
    allegation = record(lado, partnership, person_code="P-17", person_role="Sports coach")
    first = raise_finding(lado, allegation)
    second = raise_finding(lado, allegation, text="References were not followed up.")
    source = Source.objects.get()
    assert source.title == "Allegation LADO-0001"
    assert (source.kind, source.started_on) == ("allegation", FRIDAY)
    assert first.source == second.source == source
    allegation.refresh_from_db()
    assert allegation.source == source
    assert AuditEntry.objects.filter(action="learning.finding.create").count() == 2


def test_the_source_keeps_the_reference_in_step(lado, partnership):
    allegation = record(lado, partnership)
    raise_finding(lado, allegation)
    services.allegation_update(actor=lado, allegation=allegation, data={"reference": "L-9"})
    assert Source.objects.get().title == "Allegation L-9"


def test_a_finding_needs_text_and_a_date_in_the_allegations_life(refused, lado, partnership):
    allegation = record(lado, partnership)
    assert refused(lambda: raise_finding(lado, allegation, text=" "), "text") == "Enter the finding"
    message = refused(
        lambda: raise_finding(lado, allegation, recorded_on=dt.date(2023, 5, 1)), "recorded_on"
    )
    assert message == "The date recorded must be on or after the date received (5 May 2023)"


def test_a_finding_takes_the_partnerships_themes_only(
    refused, lado, partnership, other_partnership
):
    allegation = record(lado, partnership)
    theirs = other_partnership.themes.first()
    refused(lambda: raise_finding(lado, allegation, themes=[theirs]), "themes")
    ours = partnership.themes.first()
    finding = raise_finding(lado, allegation, themes=[ours])
    assert list(finding.themes.all()) == [ours]
