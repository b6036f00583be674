"""Moving a difference up the steps, completing a step, closing it, and raising a finding into
the learning loop: each step's clock from the partnership's timescale, and every rule on dates and
order."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.audit.models import AuditEntry
from safeguarding.core.calendar import ClockState
from safeguarding.core.selectors import timescale_for
from safeguarding.escalations import services
from safeguarding.escalations.models import Outcome, ResolutionType
from safeguarding.escalations.selectors import step_clock_for
from safeguarding.learning.models import Finding, Source, SourceKind
from tests.escalations.factories import EscalationFactory

NOW = dt.datetime(2024, 5, 15, 10, tzinfo=dt.UTC)  # Wednesday 15 May 2024
TODAY = NOW.date()
RAISED = dt.date(2024, 5, 1)  # a Wednesday; Monday 6 May is a bank holiday

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(partnership):
    """Raised on Wednesday 1 May 2024, at step 1 (due Friday 3 May), still open."""
    return EscalationFactory(partnership=partnership, raised_on=RAISED, reference="RPD-0001")


def start(escalation, step, started_on, **more):
    return services.escalation_step_start(
        actor=None, escalation=escalation, step=step, started_on=started_on, **more
    )


@time_machine.travel(NOW, tick=False)
def test_moving_up_completes_the_open_step_and_starts_the_next_clock(escalation, partnership):
    step_2 = start(escalation, 2, dt.date(2024, 5, 3), notes=" Team managers met. ")
    first = escalation.steps.get(step=1)
    assert first.completed_on == dt.date(2024, 5, 3)
    assert step_clock_for(first, TODAY).state == ClockState.MET
    # Step 2: 5 working days from Friday 3 May, skipping the bank holiday: Monday 13 May.
    assert step_2.due_on == timescale_for(partnership, "escalation_step_2").due_from(
        dt.date(2024, 5, 3)
    )
    assert step_2.due_on == dt.date(2024, 5, 13)
    assert step_2.notes == "Team managers met."
    clock = step_clock_for(step_2, TODAY)
    assert (clock.state, clock.working_days_late) == (ClockState.OVERDUE, 2)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"escalations.step.complete", "escalations.step.start"} <= actions


@time_machine.travel(NOW, tick=False)
def test_steps_may_be_skipped_when_a_child_is_at_risk(escalation):
    start(escalation, 4, dt.date(2024, 5, 2))
    assert list(escalation.steps.values_list("step", flat=True)) == [1, 4]


@time_machine.travel(NOW, tick=False)
def test_a_step_completed_late_shows_met_late_with_the_working_days(escalation):
    step = escalation.steps.get()
    services.escalation_step_complete(actor=None, step=step, completed_on=dt.date(2024, 5, 8))
    clock = step_clock_for(step, TODAY)
    # Due Friday 3 May; Tuesday 7 and Wednesday 8 May are the working days after it.
    assert (clock.state, clock.working_days_late) == (ClockState.MET_LATE, 2)


@time_machine.travel(dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC), tick=False)
def test_an_open_step_is_due_soon_on_its_last_working_day(escalation):
    clock = step_clock_for(escalation.steps.get(), dt.date(2024, 5, 2))
    assert clock.state == ClockState.DUE_SOON


@time_machine.travel(NOW, tick=False)
def test_moving_up_refuses_bad_input_and_saves_nothing(escalation, refused):
    start(escalation, 2, dt.date(2024, 5, 7))
    cases = [
        (2, dt.date(2024, 5, 8), "step", "Select a step above step 2, the highest it has reached"),
        (1, dt.date(2024, 5, 8), "step", "Select a step above step 2"),
        (7, dt.date(2024, 5, 8), "step", "Select a step from 1 to 4"),
        (
            3,
            dt.date(2024, 5, 3),
            "started_on",
            "The date the step started must be on or after 7 May 2024, when step 2 started",
        ),
        (3, dt.date(2024, 5, 16), "started_on", "must be today or in the past"),
    ]
    for step, day, field, message in cases:
        assert message in refused(lambda s=step, d=day: start(escalation, s, d), field)


@time_machine.travel(NOW, tick=False)
def test_a_closed_difference_moves_up_no_more(escalation, refused):
    services.escalation_close(
        actor=None, escalation=escalation, outcome=Outcome.WITHDRAWN, closed_on=dt.date(2024, 5, 2)
    )
    message = refused(lambda: start(escalation, 2, TODAY), "step")
    assert message == "The difference was closed on 2 May 2024"


@time_machine.travel(NOW, tick=False)
def test_completing_a_step_refuses_dates_outside_it(escalation, refused):
    start(escalation, 3, dt.date(2024, 5, 7))
    first = escalation.steps.get(step=1)
    last = escalation.steps.get(step=3)
    cases = [
        (last, dt.date(2024, 5, 6), "on or after 7 May 2024, when the step started"),
        (last, dt.date(2024, 5, 16), "must be today or in the past"),
        (first, dt.date(2024, 5, 8), "on or before 7 May 2024, when the difference moved on"),
    ]
    for step, day, message in cases:
        call = lambda s=step, d=day: services.escalation_step_complete(  # noqa: E731
            actor=None, step=s, completed_on=d
        )
        assert message in refused(call, "completed_on")
    services.escalation_step_complete(
        actor=None, step=first, completed_on=dt.date(2024, 5, 2), notes="Agreed a plan."
    )
    first.refresh_from_db()
    assert (first.completed_on, first.notes) == (dt.date(2024, 5, 2), "Agreed a plan.")


@time_machine.travel(NOW, tick=False)
def test_closing_records_the_outcome_and_completes_the_open_step(escalation):
    start(escalation, 2, dt.date(2024, 5, 3))
    closed = services.escalation_close(
        actor=None,
        escalation=escalation,
        outcome=Outcome.RESOLVED,
        resolution_type=ResolutionType.PLAN_CHANGED,
        closed_on=dt.date(2024, 5, 10),
        improved_plan=True,
    )
    assert (closed.outcome, closed.closed_on, closed.improved_plan) == (
        "resolved",
        dt.date(2024, 5, 10),
        True,
    )
    assert escalation.steps.get(step=2).completed_on == dt.date(2024, 5, 10)
    assert not closed.is_open
    entry = AuditEntry.objects.get(action="escalations.escalation.close")
    assert entry.changes["outcome"] == ["", "resolved"]


@time_machine.travel(NOW, tick=False)
def test_closing_refuses_bad_input_and_saves_nothing(escalation, refused):
    start(escalation, 2, dt.date(2024, 5, 7))

    def close(**changes):
        fields = {"outcome": Outcome.RESOLVED, "resolution_type": "meeting_held", **changes}
        fields.setdefault("closed_on", dt.date(2024, 5, 8))
        return services.escalation_close(actor=None, escalation=escalation, **fields)

    cases = [
        ({"resolution_type": ""}, "resolution_type", "Select how the difference was resolved"),
        ({"outcome": "forgotten"}, "outcome", "Select how the difference ended"),
        (
            {"closed_on": dt.date(2024, 5, 6)},
            "closed_on",
            "The date closed must be on or after 7 May 2024, when step 2 started",
        ),
        ({"closed_on": dt.date(2024, 5, 16)}, "closed_on", "must be today or in the past"),
    ]
    for changes, field, message in cases:
        assert message in refused(lambda c=changes: close(**c), field)
    close(outcome=Outcome.NOT_RESOLVED, resolution_type="")
    assert "already closed on 8 May 2024" in refused(close, "outcome")


@time_machine.travel(NOW, tick=False)
def test_a_finding_makes_the_learning_source_once(escalation, personas, themes):
    theme = next(iter(themes.values()))
    first = services.escalation_finding_raise(
        actor=None, escalation=escalation, text=" Managers escalated late. ", recorded_on=TODAY
    )
    second = services.escalation_finding_raise(
        actor=None,
        escalation=escalation,
        text="Notes lacked detail.",
        recorded_on=TODAY,
        themes=[theme],
    )
    source = Source.objects.get()
    assert (source.kind, source.title, source.started_on) == (
        SourceKind.ESCALATION,
        "Professional difference RPD-0001",
        RAISED,
    )
    escalation.refresh_from_db()
    assert escalation.source == source
    assert first.source == second.source == source
    assert first.text == "Managers escalated late."
    assert list(second.themes.all()) == [theme]


@time_machine.travel(NOW, tick=False)
def test_a_refused_finding_leaves_no_learning_source(escalation, refused, other_partnership):
    cases = [
        ({"text": "  "}, "text", "Enter the finding"),
        ({"recorded_on": dt.date(2024, 4, 30)}, "recorded_on", "on or after 1 May 2024"),
        ({"recorded_on": dt.date(2024, 5, 16)}, "recorded_on", "must be today or in the past"),
        ({"themes": [other_partnership.themes.first()]}, "themes", "themes on 15 May 2024"),
    ]
    for changes, field, message in cases:
        fields = {"text": "A finding.", "recorded_on": TODAY, **changes}
        call = lambda f=fields: services.escalation_finding_raise(  # noqa: E731
            actor=None, escalation=escalation, **f
        )
        assert message in refused(call, field)
    assert not Finding.objects.exists()
