"""Professional differences for tests: escalations with their steps, and survey responses.

The factories write rows directly (not through the services), so a test can set up any moment of
a difference's life, including steps completed late and differences closed long ago; tests of the
rules call `safeguarding.escalations.services` themselves. Every agency a factory makes serves the
escalation's partnership, and each step's due date comes from the partnership's timescale for the
step (`escalation_step_1` … `_4`), as the services work it out.

Dates default to the year 2023-24: a difference raised on Monday 2 October 2023 (`RAISED`), a
survey response received on Wednesday 1 November 2023 (`RECEIVED`). Pass `steps=3` for a
difference that went up to step 3 (steps 1, 2 and 3, each started on the day the one before was
due), `steps=[1, 3]` to skip a step, or `steps=[]` for none at all.

    escalation = EscalationFactory(partnership=partnership, steps=3, closed=True)
    EscalationStepFactory(escalation=other, step=2, started_on=..., completed_on=...)
    SurveyResponseFactory(partnership=partnership, comment="It helped.", quote_in_report=True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory
from factory.django import DjangoModelFactory

from safeguarding.core.models import Agency, AgencyPartnership, Designation, Partnership, Sector
from safeguarding.core.selectors import timescale_for
from safeguarding.escalations.models import (
    STEP_TIMESCALES,
    Escalation,
    EscalationStep,
    IssueType,
    Outcome,
    PositiveOutcome,
    ResolutionType,
    Step,
    SurveyResponse,
)
from tests.factories import AgencyFactory, PartnershipFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"

RAISED = dt.date(2023, 10, 2)
RECEIVED = dt.date(2023, 11, 1)
#: The day a `closed=True` difference was closed: after step 4 of one raised on `RAISED` started.
CLOSED_AFTER = dt.timedelta(days=30)


def due_on(partnership: Partnership, step: int, started_on: dt.date) -> dt.date:
    """The step's due date, as the services store it: its start plus the step's timescale."""
    return timescale_for(partnership, STEP_TIMESCALES[Step(step)]).due_from(started_on)


def serving_agency(
    partnership: Partnership, sector: str = Sector.HEALTH, name: str | None = None, **fields: Any
) -> Agency:
    """A new agency serving `partnership` as a relevant agency."""
    agency = AgencyFactory(sector=sector, **({"name": name} if name else {}), **fields)
    AgencyPartnership.objects.create(
        agency=agency, partnership=partnership, designation=Designation.RELEVANT_AGENCY
    )
    return agency


class EscalationStepFactory(DjangoModelFactory):
    """A step of an escalation (a new one, with no other step, unless `escalation` is given);
    started on the day it was raised unless `started_on` is given, due from the timescale."""

    class Meta:
        model = EscalationStep

    escalation = factory.SubFactory("tests.escalations.factories.EscalationFactory", steps=[])
    step = Step.PRACTITIONER
    started_on = factory.LazyAttribute(lambda o: o.escalation.raised_on)
    due_on = factory.LazyAttribute(lambda o: due_on(o.escalation.partnership, o.step, o.started_on))
    completed_on = None
    notes = ""


class EscalationFactory(DjangoModelFactory):
    """A difference raised by a health practitioner with children's social care, with its steps
    (`steps`: step 1 by default). `closed=True` ends it as resolved, 30 days after it was raised,
    and completes its last step that day; otherwise the last step is still open."""

    class Meta:
        model = Escalation
        skip_postgeneration_save = True

    class Params:
        closed = factory.Trait(
            outcome=Outcome.RESOLVED,
            resolution_type=ResolutionType.PLAN_CHANGED,
            improved_plan=True,
            closed_on=factory.LazyAttribute(lambda o: o.raised_on + CLOSED_AFTER),
        )

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"RPD-{n + 1:04d}")
    raised_on = RAISED
    raising_agency = factory.LazyAttribute(lambda o: serving_agency(o.partnership, Sector.HEALTH))
    raising_role = "Health visitor"
    raised_by = None
    receiving_agency = factory.LazyAttribute(
        lambda o: serving_agency(o.partnership, Sector.LOCAL_AUTHORITY)
    )
    issue_type = IssueType.THRESHOLD
    case_code = factory.Sequence(lambda n: f"Child E{n + 1}")
    summary = "The referral was not accepted for an assessment."
    theme = None
    outcome = ""
    resolution_type = ""
    closed_on = None
    improved_plan = None

    @factory.post_generation
    def steps(
        obj: Escalation, create: bool, extracted: int | Iterable[int] | None, **_: Any
    ) -> None:
        if not create:
            return
        numbers = [1] if extracted is None else extracted
        if isinstance(numbers, int):
            numbers = range(1, numbers + 1)
        make_steps(obj, list(numbers))


def make_steps(escalation: Escalation, numbers: list[int]) -> list[EscalationStep]:
    """The escalation's steps `numbers`, each started on the day the one before was due and
    completed that day; the last one open, or completed on the day the escalation was closed."""
    rows: list[EscalationStep] = []
    started_on = escalation.raised_on
    for position, number in enumerate(numbers):
        due = due_on(escalation.partnership, number, started_on)
        last = position == len(numbers) - 1
        completed_on = escalation.closed_on if last else due
        rows.append(
            EscalationStep.objects.create(
                escalation=escalation,
                step=number,
                started_on=started_on,
                due_on=due,
                completed_on=completed_on,
            )
        )
        started_on = due
    return rows


class SurveyResponseFactory(DjangoModelFactory):
    """A practitioner's answer: "yes", a positive outcome for the child, with a short comment."""

    class Meta:
        model = SurveyResponse

    partnership = factory.SubFactory(PartnershipFactory)
    escalation = None
    received_on = RECEIVED
    agency = None
    positive_outcome = PositiveOutcome.YES
    comment = "Talking it through with the other manager gave the child a better plan."
    quote_in_report = False
