"""The reviews figures (notifications, rapid reviews, practice reviews, learning reviews, the
statutory clocks) and their dashboard panels (docs/metrics.md, docs/reviews.md).

Each `compute` aggregates in the database. A year that ends before the first record of its kind
gives None, so entered values fill the years before the partnership used the Hub (the yearly
report's four-year table of rapid reviews); from then on a year without any gives 0.

A review counts in the year it was completed (a practice review: the year of the decision to hold
it), as the yearly report says "this year, the partnership completed 3 rapid reviews".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.learning.metrics import Answer, as_of, counts_in_year
from safeguarding.metrics.dashboard import ChartKind, Panel, register_panel
from safeguarding.metrics.registry import Metric, Unit, Value, register
from safeguarding.reviews.models import (
    AgeBand,
    AgencySummary,
    HarmType,
    IncidentOutcome,
    LearningReview,
    LearningReviewKind,
    Notification,
    PracticeReview,
    RapidReview,
    ReviewDecision,
    Sex,
)

TOTAL = ""


def _labels(choices: Any) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


# Notifications and reviews


def notifications(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Serious incident notifications sent to the national Panel in the year."""
    rows = Notification.objects.filter(partnership=partnership)
    key, labels = NOTIFICATION_BREAKDOWNS.get(breakdown or "", (None, None))
    return counts_in_year(rows, "notified_on", year, key=key, labels=labels)


def rapid_reviews(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Rapid reviews completed in the year, by theme (a review may have several) or decision."""
    rows = RapidReview.objects.filter(notification__partnership=partnership)
    if breakdown == "theme":
        return counts_in_year(rows, "completed_on", year, key="themes__name", overlapping=True)
    if breakdown == "decision":
        return counts_in_year(rows, "completed_on", year, key="decision", labels=DECISIONS)
    return counts_in_year(rows, "completed_on", year)


def practice_reviews(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> Answer:
    """Local child safeguarding practice reviews the partnership decided to hold in the year."""
    rows = PracticeReview.objects.filter(partnership=partnership)
    if breakdown == "theme":
        return counts_in_year(rows, "decided_on", year, key="themes__name", overlapping=True)
    return counts_in_year(rows, "decided_on", year)


def learning_reviews(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> Answer:
    """Non-statutory learning reviews completed in the year, by kind or theme."""
    rows = LearningReview.objects.filter(partnership=partnership)
    if breakdown == "theme":
        return counts_in_year(rows, "completed_on", year, key="themes__name", overlapping=True)
    key = "kind" if breakdown == "kind" else None
    return counts_in_year(rows, "completed_on", year, key=key, labels=KINDS)


def reviews(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """Every review of the year by kind: rapid reviews and learning reviews completed, practice
    reviews decided on; learning reviews by their own kind."""
    rapid = rapid_reviews(partnership, year, None)
    practice = practice_reviews(partnership, year, None)
    learning = learning_reviews(partnership, year, "kind")
    if rapid is None and practice is None and learning is None:
        return None
    parts: dict[str, Value] = {}
    if rapid is not None:
        parts[RAPID] = rapid[TOTAL]
    if practice is not None:
        parts[PRACTICE] = practice[TOTAL]
    if learning is not None:
        parts |= {f"Learning review ({key.lower()})": n for key, n in learning.items() if key}
    total: dict[str, Value] = {TOTAL: sum(parts.values(), 0)}
    return parts | total if breakdown == "kind" else total


# The statutory clocks

MET = "Met on time"
MET_LATE = "Met late"
OVERDUE = "Overdue"
DUE_SOON = "Due in the next 7 days"
STATES = (MET, MET_LATE, OVERDUE, DUE_SOON)
#: A clock: its model, the path to the partnership, the day it starts and the day that meets it.
Clock = tuple[type[Any], str, str, str]
CLOCKS: tuple[Clock, ...] = (
    (Notification, "partnership", "aware_on", "notified_on"),
    (RapidReview, "notification__partnership", "notification__notified_on", "completed_on"),
    (AgencySummary, "rapid_review__notification__partnership", "requested_on", "returned_on"),
    (PracticeReview, "partnership", "decided_on", "published_on"),
)


def clocks(partnership: Partnership, year: ReportingYear, breakdown: str | None) -> Answer:
    """The statutory clocks (notification, rapid review, agency summaries, publication): met on
    time or late in the year; overdue at its end (today, for this year); and, for this year only,
    due in the next 7 days. One query per kind of clock."""
    day = as_of(year)
    if day is None:
        return None
    counted = [_clock_counts(partnership, clock, year, day) for clock in CLOCKS]
    firsts = [first for _, first in counted if first is not None]
    if not firsts or min(firsts) > day:
        return None
    running = day == timezone.localdate()
    parts: dict[str, Value] = {
        state: sum(counts[state] for counts, _ in counted)
        for state in STATES
        if running or state != DUE_SOON
    }
    total: dict[str, Value] = {TOTAL: sum(parts.values(), 0)}
    return parts | total if breakdown == "state" else total


def _clock_counts(
    partnership: Partnership, clock: Clock, year: ReportingYear, day: dt.date
) -> tuple[dict[str, int], dt.date | None]:
    model, path, start, done = clock
    rows: QuerySet[Any] = model._default_manager.filter(**{path: partnership})
    met = Q(**{f"{done}__range": (year.start, day)})
    still_open = Q(**{f"{start}__lte": day}) & (
        Q(**{f"{done}__isnull": True}) | Q(**{f"{done}__gt": day})
    )
    found = rows.aggregate(
        on_time=Count("pk", filter=met & Q(**{f"{done}__lte": F("due_on")})),
        late=Count("pk", filter=met & Q(**{f"{done}__gt": F("due_on")})),
        overdue=Count("pk", filter=still_open & Q(due_on__lt=day)),
        soon=Count("pk", filter=still_open & Q(due_on__range=(day, day + dt.timedelta(days=6)))),
        first=Min(start),
    )
    counts = {
        MET: found["on_time"],
        MET_LATE: found["late"],
        OVERDUE: found["overdue"],
        DUE_SOON: found["soon"],
    }
    return counts, found["first"]


NOTIFICATION_BREAKDOWNS: dict[str, tuple[str, dict[str, str]]] = {
    "age_band": ("age_band", _labels(AgeBand)),
    "sex": ("sex", _labels(Sex)),
    "outcome": ("outcome", _labels(IncidentOutcome)),
    "harm": ("harm", _labels(HarmType)),
}
DECISIONS = _labels(ReviewDecision)
KINDS = _labels(LearningReviewKind)
RAPID = "Rapid review"
PRACTICE = "Local child safeguarding practice review"

register(
    Metric(
        code="reviews.notifications",
        label="Serious incident notifications",
        unit=Unit.COUNT,
        breakdowns=tuple(NOTIFICATION_BREAKDOWNS),
        compute=notifications,
        description="Notifications sent to the national Panel in the year, by the child's age "
        "band or sex, the outcome or the harm.",
        disclosive=True,
    )
)
register(
    Metric(
        code="reviews.rapid_reviews",
        label="Number of rapid reviews",
        unit=Unit.COUNT,
        breakdowns=("theme", "decision"),
        compute=rapid_reviews,
        description="Rapid reviews completed in the year, by theme (a review may have several) "
        "or by the partners' decision.",
    )
)
register(
    Metric(
        code="reviews.practice_reviews",
        label="Local child safeguarding practice reviews",
        unit=Unit.COUNT,
        breakdowns=("theme",),
        compute=practice_reviews,
        description="Practice reviews the partnership decided to hold in the year.",
    )
)
register(
    Metric(
        code="reviews.learning_reviews",
        label="Learning reviews",
        unit=Unit.COUNT,
        breakdowns=("kind", "theme"),
        compute=learning_reviews,
        description="Non-statutory learning reviews completed in the year, by kind or theme.",
    )
)
register(
    Metric(
        code="reviews.reviews",
        label="Reviews",
        unit=Unit.COUNT,
        breakdowns=("kind",),
        compute=reviews,
        description="Rapid and learning reviews completed and practice reviews decided on in the "
        "year, by kind.",
    )
)
register(
    Metric(
        code="reviews.clocks",
        label="Statutory clocks",
        unit=Unit.COUNT,
        breakdowns=("state",),
        compute=clocks,
        description="Notification, rapid review, agency summary and publication clocks: met on "
        "time or late in the year, overdue at its end (today, this year), due in the next 7 days.",
    )
)

for _panel in (
    Panel(
        code="reviews-by-kind",
        metric="reviews.reviews",
        title="Reviews by year and kind",
        breakdown="kind",
        order=50,
    ),
    Panel(
        code="statutory-clocks",
        metric="reviews.clocks",
        title="Statutory clocks of notifications and reviews",
        years=3,
        breakdown="state",
        chart=ChartKind.BREAKDOWN,
        order=51,
    ),
    Panel(
        code="rapid-reviews-by-theme",
        metric="reviews.rapid_reviews",
        title="Rapid reviews completed by theme",
        breakdown="theme",
        chart=ChartKind.BREAKDOWN,
        order=52,
    ),
):
    register_panel(_panel)
