"""The professional differences figures (docs/escalations.md, "Figures"): differences raised in a
year by the highest step they reached, agency, sector, theme or issue type; those that reached
step 3 or 4 (the partnership's "Step 3 RPDs"); the share of steps completed on time; the share of
survey responses answering yes; and the quotes chosen for the yearly report. Every aggregate the
metrics, the dashboard panels and the report section read about escalations is one query here,
computed in the database (never a loop over rows).

A difference counts in the year it was raised; a step in the year it was completed; a survey
response in the year it was received. A count is None for a year that ends before the
partnership's first escalation record (so an entered value shows), and a count from then on, 0
included. Breakdown values are what tables show: "Step 3", an agency's or a theme's name, a
sector's or an issue type's label.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from safeguarding.core.models import Partnership, Sector
from safeguarding.core.years import ReportingYear
from safeguarding.escalations.models import (
    Escalation,
    EscalationStep,
    IssueType,
    PositiveOutcome,
    Step,
    SurveyResponse,
)
from safeguarding.learning.metrics import Answer, counts_in_year, tally
from safeguarding.metrics.disclosure import percent
from safeguarding.metrics.registry import Value

TOTAL = ""
#: The lowest step at which a difference reaches the partnership and counts as a "Step 3 RPD".
PARTNERSHIP_STEP = Step.SENIOR_MANAGER

RaisedBy = Literal["step", "agency", "sector", "theme", "issue_type"]
Step3By = Literal["agency", "sector", "theme"]


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


STEPS = {str(step.value): f"Step {step.value}" for step in Step}
SECTORS = _labels(Sector)
ISSUE_TYPES = _labels(IssueType)
#: For each breakdown: the field path from an escalation, and the labels of its values.
_BY: dict[str, tuple[str, dict[str, str]]] = {
    "step": ("reached", STEPS),
    "agency": ("raising_agency__name", {}),
    "sector": ("raising_agency__sector", SECTORS),
    "theme": ("theme__name", {}),
    "issue_type": ("issue_type", ISSUE_TYPES),
}


def _steps_of_each() -> QuerySet[EscalationStep]:
    return EscalationStep.objects.filter(escalation=OuterRef("pk"))


def raised(*, partnership: Partnership, year: ReportingYear, by: RaisedBy | None = None) -> Answer:
    """Differences raised in the year, by the highest step reached, the raising agency or its
    sector, the theme or the issue type, with the total; None before the first record. One
    query."""
    rows = Escalation.objects.filter(partnership=partnership)
    if by == "step":
        highest = _steps_of_each().order_by("-step").values("step")[:1]
        rows = rows.annotate(reached=Subquery(highest))
    key, labels = _BY[by] if by else (None, None)
    return counts_in_year(rows, "raised_on", year, key=key, labels=labels)


def step_3(*, partnership: Partnership, year: ReportingYear, by: Step3By | None = None) -> Answer:
    """Differences raised in the year that reached step 3 or 4, by the raising agency or its
    sector or the theme, with the total; None before the partnership's first escalation. One
    query."""
    rows = Escalation.objects.filter(partnership=partnership).annotate(
        at_partnership=Exists(_steps_of_each().filter(step__gte=PARTNERSHIP_STEP))
    )
    counted = Q(raised_on__range=(year.start, year.end), at_partnership=True)
    key, labels = _BY[by] if by else (None, None)
    return tally(rows, counted, first="raised_on", until=year.end, key=key, labels=labels)


# The clocks of the steps


def steps_on_time(
    *, partnership: Partnership, year: ReportingYear, by_step: bool = False
) -> Answer:
    """The percentage of steps completed in the year on or before their due date, by step
    ("Step 1" …) and overall; None for a year in which no step was completed. One query."""
    rows = EscalationStep.objects.filter(
        escalation__partnership=partnership, completed_on__range=(year.start, year.end)
    )
    on_time = Count("pk", filter=Q(completed_on__lte=F("due_on")))
    if not by_step:
        found = rows.aggregate(done=Count("pk"), on_time=on_time)
        share = _share(found["on_time"], found["done"])
        return None if share is None else {TOTAL: share}
    grouped = list(rows.values_list("step").annotate(done=Count("pk"), on_time=on_time).order_by())
    if not grouped:
        return None
    answer: dict[str, Value] = {
        STEPS[str(step)]: share
        for step, done, met in grouped
        if (share := _share(met, done)) is not None
    }
    overall = _share(sum(met for *_, met in grouped), sum(done for _, done, _ in grouped))
    if overall is not None:
        answer[TOTAL] = overall
    return answer


def _share(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, to one decimal place (a whole number without one)."""
    share = percent(part, whole)
    if share is None:
        return None
    return share.quantize(Decimal(1)) if share == share.to_integral_value() else share


# The survey


@dataclass(frozen=True)
class SurveyCounts:
    """The survey responses received in a year, and how many answered yes."""

    responses: int
    positive: int

    @property
    def share_positive(self) -> Decimal | None:
        return _share(self.positive, self.responses)


def survey(*, partnership: Partnership, year: ReportingYear) -> SurveyCounts:
    """How many survey responses were received in the year, and how many said using the protocol
    resulted in a positive outcome for the child. One query."""
    found = SurveyResponse.objects.filter(
        partnership=partnership, received_on__range=(year.start, year.end)
    ).aggregate(
        responses=Count("pk"),
        positive=Count("pk", filter=Q(positive_outcome=PositiveOutcome.YES)),
    )
    return SurveyCounts(responses=found["responses"], positive=found["positive"])


def survey_positive(*, partnership: Partnership, year: ReportingYear) -> Answer:
    """The percentage of the year's survey responses answering yes; None without a response."""
    share = survey(partnership=partnership, year=year).share_positive
    return None if share is None else {TOTAL: share}


def chosen_quotes(*, partnership: Partnership, year: ReportingYear) -> list[str]:
    """The comments the business unit chose to quote in the report, of responses received in
    the year, in the order they were received. One query."""
    rows = SurveyResponse.objects.filter(
        partnership=partnership,
        received_on__range=(year.start, year.end),
        quote_in_report=True,
    ).exclude(comment="")
    return list(rows.order_by("received_on", "pk").values_list("comment", flat=True))
