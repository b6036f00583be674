"""Writes to the child death register: what they record, their audit entries, and bad input
refused against the field it concerns, with nothing saved and nothing audited. (The age band
rule's properties are in test_services_age_band.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from safeguarding.audit.models import AuditEntry
from safeguarding.child_deaths import services
from safeguarding.child_deaths.models import (
    AgeBand,
    Category,
    ChildDeath,
    Expectation,
    ModifiableFactors,
)
from safeguarding.core.models import Theme
from safeguarding.learning.models import Finding, Source, SourceKind
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory
from tests.factories import PartnershipFactory

NOW = dt.datetime(2024, 6, 28, 10, tzinfo=dt.UTC)
DIED = dt.date(2024, 3, 10)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def record(partnership, panel, **given):
    values = {
        "actor": None,
        "partnership": partnership,
        "panel": panel,
        "case_code": "CDOP-0001",
        "died_on": DIED,
        "notified_on": dt.date(2024, 3, 11),
        "age_band": AgeBand.NEONATAL,
        "expectation": Expectation.UNEXPECTED,
        "joint_agency_response": True,
        "born_on": dt.date(2024, 3, 1),
    } | given
    return services.child_death_create(**values)


def refused(call):
    """Run a write that must fail: its field errors, with nothing saved or audited."""
    counts = _counts()
    with pytest.raises(ValidationError) as error:
        call()
    assert _counts() == counts
    return {field: messages[0] for field, messages in error.value.message_dict.items()}


def _counts():
    return [m.objects.count() for m in (ChildDeath, Source, Finding, AuditEntry)]


# Recording a notification


def test_recording_a_death_saves_it_and_audits_the_create(partnership, panel, cdop):
    death = record(partnership, panel, actor=cdop)
    assert (death.partnership, death.panel, death.case_code) == (partnership, panel, "CDOP-0001")
    entry = AuditEntry.objects.get(action="child_deaths.childdeath.create")
    assert (entry.actor, entry.target_id, entry.partnership) == (cdop, str(death.pk), partnership)
    assert entry.changes["panel"] == [None, panel.name]
    assert entry.changes["age_band"] == [None, AgeBand.NEONATAL]
    assert entry.changes["joint_agency_response"] == [None, True]


def test_the_date_of_birth_is_optional(partnership, panel):
    death = record(partnership, panel, born_on=None, age_band=AgeBand.AGE_15_17)
    assert death.born_on is None
    assert death.age_band == AgeBand.AGE_15_17


def test_a_death_notified_before_it_happened_is_refused(partnership, panel):
    errors = refused(lambda: record(partnership, panel, notified_on=DIED - dt.timedelta(days=1)))
    assert errors == {"notified_on": "The date notified must be on or after the date of death"}


def test_dates_in_the_future_are_refused(partnership, panel):
    tomorrow = dt.date(2024, 6, 29)
    errors = refused(lambda: record(partnership, panel, died_on=tomorrow, notified_on=tomorrow))
    assert errors["died_on"] == "The date of death must be today or in the past"
    assert errors["notified_on"] == "The date notified must be today or in the past"


def test_a_child_born_after_the_death_is_refused(partnership, panel):
    errors = refused(lambda: record(partnership, panel, born_on=DIED + dt.timedelta(days=1)))
    assert errors == {"born_on": "The date of birth must be on or before the date of death"}


def test_a_panel_that_does_not_serve_the_partnership_is_refused(partnership):
    elsewhere = PanelFactory(name="Far Away CDOP", partnerships=[PartnershipFactory()])
    errors = refused(lambda: record(partnership, elsewhere))
    assert errors == {"panel": f"Select a panel that serves {partnership.name}"}


def test_a_retired_panel_is_refused(partnership, panel):
    panel.retired_on = dt.date(2024, 1, 1)
    panel.save()
    errors = refused(lambda: record(partnership, panel))
    assert errors == {
        "panel": f"{panel.name} was retired on 1 January 2024: select a current panel"
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age_band", "under_1", "Select the age band"),
        ("expectation", "maybe", "Select whether the death was expected or unexpected"),
        ("case_code", "   ", "Enter the case code"),
    ],
)
def test_unknown_choices_and_a_blank_case_code_are_refused(
    partnership, panel, field, value, message
):
    assert refused(lambda: record(partnership, panel, **{field: value})) == {field: message}


def test_a_case_code_is_used_once_by_a_panel(partnership, other_partnership, panel):
    record(partnership, panel)
    errors = refused(lambda: record(other_partnership, panel, case_code=" cdop-0001 "))
    assert errors == {"case_code": f"{panel.name} has already used the case code cdop-0001"}


def test_every_problem_is_reported_at_once(partnership, panel):
    errors = refused(
        lambda: record(
            partnership,
            panel,
            case_code="",
            expectation="",
            notified_on=DIED - dt.timedelta(days=3),
        )
    )
    assert set(errors) == {"case_code", "expectation", "notified_on"}


# Correcting a notification


def test_correcting_a_death_audits_what_changed(partnership, panel, cdop):
    death = record(partnership, panel)
    services.child_death_update(
        actor=cdop, death=death, data={"expectation": Expectation.EXPECTED, "case_code": " X-1 "}
    )
    death.refresh_from_db()
    assert (death.expectation, death.case_code) == (Expectation.EXPECTED, "X-1")
    entry = AuditEntry.objects.get(action="child_deaths.childdeath.update")
    assert entry.changes == {
        "expectation": [Expectation.UNEXPECTED, Expectation.EXPECTED],
        "case_code": ["CDOP-0001", "X-1"],
    }


def test_a_correction_keeps_the_age_band_in_step_with_the_dates(partnership, panel):
    death = record(partnership, panel)
    errors = refused(
        lambda: services.child_death_update(
            actor=None, death=death, data={"born_on": dt.date(2020, 5, 3)}
        )
    )
    assert errors == {
        "age_band": "The age band must match the dates: a child born on 3 May 2020 who died on "
        "10 March 2024 was in the band 1 to 4 years"
    }


def test_the_notification_cannot_move_after_the_review(partnership, panel):
    death = ChildDeathFactory(partnership=partnership, panel=panel, reviewed=True)
    later = death.review_meeting_on + dt.timedelta(days=1)
    errors = refused(
        lambda: services.child_death_update(actor=None, death=death, data={"notified_on": later})
    )
    assert errors["notified_on"].startswith("The date notified must be on or before the review")


def test_a_new_case_code_renames_the_learning_source(partnership, panel):
    death = record(partnership, panel)
    services.child_death_finding_raise(
        actor=None, death=death, text="Safe sleep advice", recorded_on=dt.date(2024, 6, 1)
    )
    services.child_death_update(actor=None, death=death, data={"case_code": "CDOP-0099"})
    assert Source.objects.get().title == "Child death review CDOP-0099"


# The panel's review


def review(death, **given):
    values = {
        "actor": None,
        "death": death,
        "review_meeting_on": dt.date(2024, 5, 1),
        "review_completed_on": dt.date(2024, 6, 1),
        "category": Category.SUDDEN,
        "modifiable_factors": ModifiableFactors.YES,
    } | given
    return services.child_death_review_record(**values)


def test_recording_the_review_saves_it_and_audits_it(partnership, panel, cdop):
    death = record(partnership, panel)
    review(death, actor=cdop)
    death.refresh_from_db()
    assert death.review_completed_on == dt.date(2024, 6, 1)
    assert death.category == Category.SUDDEN
    entry = AuditEntry.objects.get(action="child_deaths.childdeath.review")
    assert entry.actor == cdop
    assert entry.changes["category"] == [None, Category.SUDDEN]


def test_a_review_in_progress_needs_no_answers(partnership, panel):
    death = record(partnership, panel)
    review(death, review_completed_on=None, category=None, modifiable_factors="")
    death.refresh_from_db()
    assert death.review_meeting_on == dt.date(2024, 5, 1)
    assert death.review_completed_on is None


def test_a_completed_review_needs_the_category_and_modifiable_factors(partnership, panel):
    death = record(partnership, panel)
    errors = refused(lambda: review(death, category=None, modifiable_factors=""))
    assert errors == {
        "category": "Select the category of death: a completed review needs one",
        "modifiable_factors": "Select whether modifiable factors were identified: "
        "a completed review needs an answer",
    }


def test_an_unknown_category_or_answer_is_refused(partnership, panel):
    death = record(partnership, panel)
    errors = refused(lambda: review(death, category=11, modifiable_factors="perhaps"))
    assert errors == {
        "category": "Select a category of death from the list",
        "modifiable_factors": "Select whether modifiable factors were identified",
    }


def test_review_dates_follow_the_notification_and_each_other(partnership, panel):
    death = record(partnership, panel)
    errors = refused(lambda: review(death, review_meeting_on=dt.date(2024, 3, 1)))
    assert errors == {
        "review_meeting_on": "The date of the review meeting must be on or after the date "
        "notified (11 March 2024)"
    }
    errors = refused(lambda: review(death, review_meeting_on=dt.date(2024, 6, 2)))
    assert errors == {
        "review_meeting_on": "The date of the review meeting must be on or before the date the "
        "review was completed"
    }
    errors = refused(lambda: review(death, review_completed_on=dt.date(2024, 7, 1)))
    assert errors == {
        "review_completed_on": "The date the review was completed must be today or in the past"
    }


# Findings into the learning loop


def test_the_first_finding_makes_the_learning_source_titled_only_by_the_case_code(
    partnership, panel, cdop
):
    death = record(partnership, panel)
    theme = Theme.objects.filter(partnership=partnership).first()
    finding = services.child_death_finding_raise(
        actor=cdop,
        death=death,
        text="  Safe sleep advice was not repeated  ",
        recorded_on=dt.date(2024, 6, 1),
        themes=[theme] if theme else [],
    )
    source = Source.objects.get()
    assert (source.kind, source.title, source.started_on) == (
        SourceKind.CHILD_DEATH,
        "Child death review CDOP-0001",
        dt.date(2024, 3, 11),
    )
    assert finding.source == source
    assert finding.text == "Safe sleep advice was not repeated"
    death.refresh_from_db()
    assert death.source == source
    assert AuditEntry.objects.filter(action="learning.source.create").count() == 1


def test_later_findings_use_the_same_source(partnership, panel):
    death = record(partnership, panel)
    for text in ("First", "Second"):
        stale = ChildDeath.objects.get(pk=death.pk)
        services.child_death_finding_raise(
            actor=None, death=stale, text=text, recorded_on=dt.date(2024, 6, 1)
        )
    assert Source.objects.count() == 1
    assert list(Finding.objects.values_list("text", flat=True)) == ["First", "Second"]


def test_a_blank_finding_is_refused_and_makes_no_source(partnership, panel):
    death = record(partnership, panel)
    errors = refused(
        lambda: services.child_death_finding_raise(
            actor=None, death=death, text="  ", recorded_on=dt.date(2024, 6, 1)
        )
    )
    assert errors == {"text": "Enter the finding"}


# Reads


def test_reads_are_written_to_the_audit_log(partnership, panel, cdop):
    death = record(partnership, panel)
    services.child_death_read(actor=cdop, death=death)
    services.child_deaths_list_read(
        actor=cdop, partnership=partnership, rows=1, filters={"year": "2023-24"}
    )
    reads = AuditEntry.objects.filter(action="child_deaths.childdeath.read").order_by("seq")
    assert [entry.target_id for entry in reads] == [str(death.pk), ""]
    assert reads[1].changes == {"register": [None, {"year": "2023-24"}], "rows": [None, 1]}
