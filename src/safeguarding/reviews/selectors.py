"""Every read of notifications and reviews: lists with their clocks, one review with its
summaries, counts by reporting year and kind, and the items due on home pages.

Lists make the same number of queries however many rows they hold: each clock is worked out
from the row and the partnership's "due soon" windows, read once.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import Clock, ClockState, add_working_days
from safeguarding.core.models import Agency, Partnership, Theme, TimescaleUnit
from safeguarding.core.navigation import DueItem
from safeguarding.core.selectors import (
    EffectiveTimescale,
    current_agencies_serving,
    timescales_for,
)
from safeguarding.core.years import ReportingYear
from safeguarding.learning.models import Finding
from safeguarding.reviews import policies
from safeguarding.reviews.clocks import (
    NOTIFICATION,
    PRE_PUBLICATION,
    PUBLICATION,
    RAPID_REVIEW,
    DueSoon,
    notification_clock,
    practice_review_clock,
    rapid_review_clock,
    summary_clock,
)
from safeguarding.reviews.models import (
    AgencySummary,
    LearningReview,
    LearningReviewKind,
    Notification,
    PracticeReview,
    RapidReview,
    ReviewDecision,
)

T = TypeVar("T")


class ReviewKind(models.TextChoices):
    """The kinds of review the reviews page and the dashboards count."""

    RAPID_REVIEW = "rapid_review", "Rapid review"
    PRACTICE_REVIEW = "practice_review", "Local child safeguarding practice review"
    LEARNING_REVIEW = "learning_review", "Learning review"


@dataclass(frozen=True)
class Clocked(Generic[T]):
    """A record and the state of its statutory clock today."""

    record: T
    clock: Clock


def timescales_by_code(partnership: Partnership) -> dict[str, EffectiveTimescale]:
    """Every timescale as the partnership sets it, in one query."""
    return {t.timescale.code: t for t in timescales_for(partnership)}


def due_soon_for(partnership: Partnership) -> DueSoon:
    """The partnership's "due soon" window for each clock, in one query."""
    return _due_soon(timescales_by_code(partnership))


def _due_soon(timescales: dict[str, EffectiveTimescale]) -> DueSoon:
    return {code: t.due_soon_working_days for code, t in timescales.items()}


def _in_year(field: str, year: ReportingYear | None) -> Q:
    return Q(**{f"{field}__range": (year.start, year.end)}) if year else Q()


# The reviews page


@dataclass(frozen=True)
class ReviewList:
    notifications: list[Clocked[Notification]]
    rapid_reviews: list[Clocked[RapidReview]]
    practice_reviews: list[Clocked[PracticeReview]]
    learning_reviews: list[LearningReview]


def review_list(
    scope: Scope, *, year: ReportingYear | None, kind: str, today: dt.date
) -> ReviewList:
    """What the scope may see, in `year` (all years when None) and of `kind` (all when "")."""
    due_soon = due_soon_for(scope.partnership)
    wanted = {kind} if kind else set(ReviewKind.values)
    return ReviewList(
        notifications=notifications_with_clocks(
            policies.notifications.visible(scope), year, due_soon, today
        )
        if ReviewKind.RAPID_REVIEW in wanted
        else [],
        rapid_reviews=rapid_reviews_with_clocks(
            policies.rapid_reviews.visible(scope), year, due_soon, today
        )
        if ReviewKind.RAPID_REVIEW in wanted
        else [],
        practice_reviews=practice_reviews_with_clocks(
            policies.practice_reviews.visible(scope), year, due_soon, today
        )
        if ReviewKind.PRACTICE_REVIEW in wanted
        else [],
        learning_reviews=list(learning_reviews_in(policies.learning_reviews.visible(scope), year))
        if ReviewKind.LEARNING_REVIEW in wanted
        else [],
    )


def notifications_with_clocks(
    rows: QuerySet[Notification], year: ReportingYear | None, due_soon: DueSoon, today: dt.date
) -> list[Clocked[Notification]]:
    """Notifications of `year` (by the date sent, or became aware while unsent), with clocks."""
    rows = rows.alias(day=Coalesce("notified_on", "aware_on")).filter(_in_year("day", year))
    return [
        Clocked(n, notification_clock(n, due_soon, today))
        for n in rows.select_related("rapid_review")
    ]


def rapid_reviews_with_clocks(
    rows: QuerySet[RapidReview], year: ReportingYear | None, due_soon: DueSoon, today: dt.date
) -> list[Clocked[RapidReview]]:
    """Rapid reviews of `year` (by notification date), with how many summaries came back."""
    rows = (
        rows.filter(_in_year("notification__notified_on", year))
        .select_related("notification")
        .annotate(
            summaries_asked=Count("summaries"),
            summaries_returned=Count("summaries", filter=Q(summaries__returned_on__isnull=False)),
        )
        .order_by("-notification__notified_on", "title")
    )
    return [Clocked(r, rapid_review_clock(r, _notified(r), due_soon, today)) for r in rows]


def _notified(review: RapidReview) -> dt.date:
    notified_on = review.notification.notified_on
    assert notified_on is not None  # a rapid review starts only from a sent notification
    return notified_on


def practice_reviews_with_clocks(
    rows: QuerySet[PracticeReview], year: ReportingYear | None, due_soon: DueSoon, today: dt.date
) -> list[Clocked[PracticeReview]]:
    rows = rows.filter(_in_year("decided_on", year))
    return [Clocked(r, practice_review_clock(r, due_soon, today)) for r in rows]


def learning_reviews_in(
    rows: QuerySet[LearningReview], year: ReportingYear | None
) -> QuerySet[LearningReview]:
    return rows.filter(_in_year("started_on", year))


def review_years(partnership: Partnership, today: dt.date) -> list[ReportingYear]:
    """Reporting years from the first notification or review to today's, newest first."""
    firsts = (
        Partnership.objects.filter(pk=partnership.pk)
        .values_list(
            _earliest(Notification, "aware_on"),
            _earliest(PracticeReview, "decided_on"),
            _earliest(LearningReview, "started_on"),
        )
        .get()
    )
    first = ReportingYear.containing(min([today, *(day for day in firsts if day)]))
    current = ReportingYear.containing(today)
    return [ReportingYear(start) for start in range(current.start_year, first.start_year - 1, -1)]


def _earliest(model: type[models.Model], field: str) -> Subquery:
    rows = model._default_manager.filter(partnership=OuterRef("pk")).order_by(field)
    return Subquery(rows.values(field)[:1])


# One record


def notification_for_page(scope: Scope) -> QuerySet[Notification]:
    return policies.notifications.visible(scope).select_related("rapid_review")


def rapid_review_for_page(scope: Scope) -> QuerySet[RapidReview]:
    return policies.rapid_reviews.visible(scope).select_related(
        "notification", "source", "practice_review"
    )


def practice_review_for_page(scope: Scope) -> QuerySet[PracticeReview]:
    return policies.practice_reviews.visible(scope).select_related("rapid_review", "source")


def summary_for_page(scope: Scope) -> QuerySet[AgencySummary]:
    return policies.summaries.visible(scope).select_related(
        "agency", "rapid_review__notification", "returned_by"
    )


@dataclass(frozen=True)
class NotificationDetail:
    clock: Clock
    timescale: EffectiveTimescale
    #: When its rapid review is (or would be) due: None until the Panel is notified.
    rapid_review_due: dt.date | None
    rapid_review_timescale: EffectiveTimescale


def notification_detail(notification: Notification, today: dt.date) -> NotificationDetail:
    timescales = timescales_by_code(notification.partnership)
    rapid = timescales[RAPID_REVIEW]
    review = getattr(notification, "rapid_review", None)
    if review is not None:
        rapid_due: dt.date | None = review.due_on
    elif notification.notified_on is not None:
        rapid_due = rapid.due_from(notification.notified_on)
    else:
        rapid_due = None
    return NotificationDetail(
        clock=notification_clock(notification, _due_soon(timescales), today),
        timescale=timescales[NOTIFICATION],
        rapid_review_due=rapid_due,
        rapid_review_timescale=rapid,
    )


@dataclass(frozen=True)
class SummaryRow:
    summary: AgencySummary
    clock: Clock
    may_return: bool


@dataclass(frozen=True)
class RapidReviewDetail:
    clock: Clock
    timescale: EffectiveTimescale
    themes: list[Theme]
    summaries: list[SummaryRow]


def rapid_review_detail(scope: Scope, review: RapidReview, today: dt.date) -> RapidReviewDetail:
    timescales = timescales_by_code(scope.partnership)
    due_soon = _due_soon(timescales)
    summaries = (
        policies.summaries.visible(scope)
        .filter(rapid_review=review)
        .select_related("agency", "returned_by")
    )
    return RapidReviewDetail(
        clock=rapid_review_clock(review, _notified(review), due_soon, today),
        timescale=timescales[RAPID_REVIEW],
        themes=list(review.themes.all()),
        summaries=[
            SummaryRow(
                summary=s,
                clock=summary_clock(s, due_soon, today),
                may_return=policies.summaries.can(scope, "return", s),
            )
            for s in summaries
        ],
    )


def summary_clock_for(summary: AgencySummary, today: dt.date) -> Clock:
    partnership = summary.rapid_review.notification.partnership
    return summary_clock(summary, due_soon_for(partnership), today)


@dataclass(frozen=True)
class PracticeReviewDetail:
    clock: Clock
    timescale: EffectiveTimescale
    notice: EffectiveTimescale
    themes: list[Theme]
    #: The last day it may reach the Panel and the Secretary of State, once published.
    send_by: dt.date | None


def practice_review_detail(review: PracticeReview, today: dt.date) -> PracticeReviewDetail:
    timescales = timescales_by_code(review.partnership)
    notice = timescales[PRE_PUBLICATION]
    send_by = None
    if review.published_on is not None and notice.unit == TimescaleUnit.WORKING_DAYS:
        send_by = add_working_days(review.published_on, -notice.amount)
    return PracticeReviewDetail(
        clock=practice_review_clock(review, _due_soon(timescales), today),
        timescale=timescales[PUBLICATION],
        notice=notice,
        themes=list(review.themes.all()),
        send_by=send_by,
    )


# Choices for forms


def theme_choices(partnership: Partnership, record: models.Model | None = None) -> QuerySet[Theme]:
    """The partnership's current themes, and any the record already has (retired since)."""
    current = Q(retired_on__isnull=True) | Q(retired_on__gt=timezone.localdate())
    if record is not None and record.pk:
        current |= Q(pk__in=record.themes.values("pk"))  # type: ignore[attr-defined]
    return Theme.objects.filter(partnership=partnership).filter(current).order_by("name")


def agencies_to_ask(review: RapidReview) -> QuerySet[Agency]:
    """Agencies serving the partnership that this rapid review has not yet asked."""
    asked = review.summaries.values("agency_id")
    return current_agencies_serving(review.notification.partnership).exclude(pk__in=asked)


def rapid_reviews_deciding_practice_review(partnership: Partnership) -> QuerySet[RapidReview]:
    """Rapid reviews that decided on a practice review and have none yet."""
    return RapidReview.objects.filter(
        notification__partnership=partnership,
        decision=ReviewDecision.PRACTICE_REVIEW,
        practice_review__isnull=True,
    ).order_by("title")


def notification_form_initial(notification: Notification) -> dict[str, object]:
    fields = (
        "case_code",
        "aware_on",
        "notified_on",
        "outcome",
        "harm",
        "age_band",
        "sex",
        "looked_after",
        "local_authority",
    )
    return {field: getattr(notification, field) for field in fields}


def review_form_initial(review: models.Model, fields: Sequence[str]) -> dict[str, object]:
    initial: dict[str, object] = {field: getattr(review, field) for field in fields}
    initial["themes"] = list(review.themes.values_list("pk", flat=True))  # type: ignore[attr-defined]
    return initial


# Reviews by year and kind (for the dashboards and the yearly report)


def review_counts(
    partnership: Partnership, years: Sequence[ReportingYear]
) -> dict[str, dict[ReportingYear, int]]:
    """How many reviews of each kind began in each year, in three queries.

    A rapid review counts in the year its notification was sent, a practice review in the year of
    the decision, a learning review in the year it started; learning reviews are also counted by
    their own kind (`thematic`, `single_case`, ...).
    """
    counts: dict[str, dict[ReportingYear, int]] = {}
    rapid = RapidReview.objects.filter(notification__partnership=partnership)
    counts[ReviewKind.RAPID_REVIEW] = _by_year(rapid, "notification__notified_on", years)
    practice = PracticeReview.objects.filter(partnership=partnership)
    counts[ReviewKind.PRACTICE_REVIEW] = _by_year(practice, "decided_on", years)
    counts.update(_learning_by_kind(partnership, years))
    return counts


def _year_counts(field: str, years: Sequence[ReportingYear]) -> dict[str, Count]:
    return {f"y{year.start_year}": Count("pk", filter=_in_year(field, year)) for year in years}


def _by_year(
    rows: QuerySet[Any], field: str, years: Sequence[ReportingYear]
) -> dict[ReportingYear, int]:
    totals = rows.aggregate(**_year_counts(field, years))
    return {year: totals[f"y{year.start_year}"] for year in years}


def _learning_by_kind(
    partnership: Partnership, years: Sequence[ReportingYear]
) -> dict[str, dict[ReportingYear, int]]:
    rows = (
        LearningReview.objects.filter(partnership=partnership)
        .values("kind")
        .annotate(**_year_counts("started_on", years))
        .order_by("kind")
    )
    by_kind: dict[str, dict[ReportingYear, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        by_kind[values["kind"]] = {y: values[f"y{y.start_year}"] for y in years}
    counts = {kind: by_kind.get(kind, dict.fromkeys(years, 0)) for kind in LearningReviewKind}
    total = {y: sum(per_year[y] for per_year in counts.values()) for y in years}
    return {ReviewKind.LEARNING_REVIEW: total, **{str(k): v for k, v in counts.items()}}


@dataclass(frozen=True)
class ReviewEntry:
    """One review of a year, by title and kind, with the learning it feeds."""

    title: str
    kind: str
    kind_label: str
    began_on: dt.date
    source_id: int


def reviews_in_year(partnership: Partnership, year: ReportingYear) -> list[ReviewEntry]:
    """The year's rapid, practice and learning reviews by title and kind, oldest first."""
    rapid = RapidReview.objects.filter(
        notification__partnership=partnership,
        notification__notified_on__range=(year.start, year.end),
    ).select_related("notification")
    practice = PracticeReview.objects.filter(
        partnership=partnership, decided_on__range=(year.start, year.end)
    )
    learning = LearningReview.objects.filter(
        partnership=partnership, started_on__range=(year.start, year.end)
    )
    rapid_label = ReviewKind.RAPID_REVIEW.label
    entries = [
        ReviewEntry(r.title, ReviewKind.RAPID_REVIEW, rapid_label, _notified(r), r.source_id)
        for r in rapid
    ]
    entries += [
        ReviewEntry(
            r.title,
            ReviewKind.PRACTICE_REVIEW,
            ReviewKind.PRACTICE_REVIEW.label,
            r.decided_on,
            r.source_id,
        )
        for r in practice
    ]
    entries += [
        ReviewEntry(
            r.title,
            r.kind,
            f"Learning review ({r.get_kind_display().lower()})",
            r.started_on,
            r.source_id,
        )
        for r in learning
    ]
    return sorted(entries, key=lambda entry: (entry.began_on, entry.title))


# Home page items


def due_items(scope: Scope, today: dt.date) -> list[DueItem]:
    """The business unit's clocks due soon or overdue; an agency lead's unreturned summaries."""
    items: list[DueItem] = []
    if Role.BUSINESS_UNIT in scope.roles:
        items += _clocks_due(scope.partnership, today)
    if Role.AGENCY_LEAD in scope.roles and scope.agency_ids:
        items += _summaries_due(scope, today)
    return items


def _clocks_due(partnership: Partnership, today: dt.date) -> list[DueItem]:
    due_soon = due_soon_for(partnership)
    horizon = add_working_days(today, max(due_soon.values()))
    slug = partnership.slug
    open_notifications = Notification.objects.filter(
        partnership=partnership, notified_on__isnull=True, due_on__lte=horizon
    )
    open_reviews = RapidReview.objects.filter(
        notification__partnership=partnership, completed_on__isnull=True, due_on__lte=horizon
    ).select_related("notification")
    open_summaries = AgencySummary.objects.filter(
        rapid_review__notification__partnership=partnership,
        returned_on__isnull=True,
        due_on__lte=horizon,
    ).select_related("agency", "rapid_review")
    unpublished = PracticeReview.objects.filter(
        partnership=partnership, published_on__isnull=True, due_on__lte=horizon
    )
    items = [
        _item(
            f"Notify the Panel: {n.case_code}",
            reverse("reviews:notification_detail", args=[slug, n.pk]),
            notification_clock(n, due_soon, today),
            "Serious incident notification",
        )
        for n in open_notifications
    ]
    items += [
        _item(
            r.title,
            reverse("reviews:rapid_review_detail", args=[slug, r.pk]),
            rapid_review_clock(r, _notified(r), due_soon, today),
            "Rapid review",
        )
        for r in open_reviews
    ]
    items += [
        _item(
            f"{s.agency} summary for {s.rapid_review}",
            reverse("reviews:rapid_review_detail", args=[slug, s.rapid_review_id]),
            summary_clock(s, due_soon, today),
            "Agency summary",
        )
        for s in open_summaries
    ]
    items += [
        _item(
            r.title,
            reverse("reviews:practice_review_detail", args=[slug, r.pk]),
            practice_review_clock(r, due_soon, today),
            "Practice review publication",
        )
        for r in unpublished
    ]
    return [item for item in items if item.state in (ClockState.DUE_SOON, ClockState.OVERDUE)]


def _summaries_due(scope: Scope, today: dt.date) -> list[DueItem]:
    due_soon = due_soon_for(scope.partnership)
    rows = AgencySummary.objects.filter(
        rapid_review__notification__partnership=scope.partnership,
        agency_id__in=scope.agency_ids,
        returned_on__isnull=True,
    ).select_related("agency", "rapid_review")
    return [
        _item(
            f"Return the {s.agency} summary for {s.rapid_review}",
            reverse("reviews:summary_return", args=[scope.partnership.slug, s.pk]),
            summary_clock(s, due_soon, today),
            "Agency summary",
        )
        for s in rows
    ]


def _item(title: str, url: str, clock: Clock, kind: str) -> DueItem:
    return DueItem(title=title, url=url, due=clock.due, state=clock.state, kind=kind)


def themes_of(review: LearningReview) -> list[Theme]:
    return list(review.themes.all())


# The API: what its serializers read, loaded in a fixed number of queries


def notifications_for_api(rows: QuerySet[Notification]) -> QuerySet[Notification]:
    return rows.select_related("partnership", "rapid_review")


def summaries_visible(scopes: Sequence[Scope]) -> QuerySet[AgencySummary]:
    """The summaries any of the scopes may see (an agency lead: only their agency's)."""
    visible = [Q(pk__in=policies.summaries.visible(scope).values("pk")) for scope in scopes]
    return AgencySummary.objects.filter(reduce(operator.or_, visible, Q(pk__in=[])))


def summaries_for_api(rows: QuerySet[AgencySummary]) -> QuerySet[AgencySummary]:
    return rows.select_related("agency", "rapid_review__notification")


def rapid_reviews_for_api(
    rows: QuerySet[RapidReview], summaries: QuerySet[AgencySummary]
) -> QuerySet[RapidReview]:
    """Rapid reviews with their themes and, as `visible_summaries`, the `summaries` of each."""
    return rows.select_related("notification__partnership").prefetch_related(
        "themes",
        Prefetch(
            "summaries",
            queryset=summaries.select_related("agency").order_by("agency__name"),
            to_attr="visible_summaries",
        ),
    )


def practice_reviews_for_api(rows: QuerySet[PracticeReview]) -> QuerySet[PracticeReview]:
    return rows.select_related("partnership").prefetch_related("themes")


def learning_reviews_for_api(rows: QuerySet[LearningReview]) -> QuerySet[LearningReview]:
    return rows.select_related("partnership").prefetch_related("themes")


# The yearly report: the reviews of a year and what they taught


@dataclass(frozen=True)
class CompletedReviews:
    """The reviews the yearly report lists for a year, as the `reviews.*` metrics count them:
    rapid and learning reviews completed in it, practice reviews decided on in it."""

    rapid_reviews: list[RapidReview]
    practice_reviews: list[PracticeReview]
    learning_reviews: list[LearningReview]


def _completed_querysets(
    partnership: Partnership, year: ReportingYear
) -> tuple[QuerySet[RapidReview], QuerySet[PracticeReview], QuerySet[LearningReview]]:
    return (
        RapidReview.objects.filter(
            notification__partnership=partnership, completed_on__range=(year.start, year.end)
        ).order_by("completed_on", "title"),
        PracticeReview.objects.filter(
            partnership=partnership, decided_on__range=(year.start, year.end)
        ).order_by("decided_on", "title"),
        LearningReview.objects.filter(
            partnership=partnership, completed_on__range=(year.start, year.end)
        ).order_by("completed_on", "title"),
    )


def reviews_completed_in(partnership: Partnership, year: ReportingYear) -> CompletedReviews:
    """The year's reviews, each kind in the order they were completed (decided), in 3 queries."""
    rapid, practice, learning = _completed_querysets(partnership, year)
    return CompletedReviews(list(rapid), list(practice), list(learning))


def themes_learned_in(partnership: Partnership, year: ReportingYear) -> QuerySet[Theme]:
    """The themes of the year's reviews (`reviews_completed_in`) and of the findings of their
    learning, by name, in one query."""
    rapid, practice, learning = _completed_querysets(partnership, year)
    findings = Finding.themes.through
    named = (
        _theme_ids(RapidReview.themes.through, "rapidreview", rapid)
        | _theme_ids(PracticeReview.themes.through, "practicereview", practice)
        | _theme_ids(LearningReview.themes.through, "learningreview", learning)
    )
    for rows in (rapid, practice, learning):
        named |= _theme_ids(findings, "finding__source", rows.values("source_id"))
    return Theme.objects.filter(partnership=partnership).filter(named).order_by("name")


def _theme_ids(through: type[models.Model], field: str, rows: QuerySet[Any]) -> Q:
    """Themes linked through `through` (a themes table) to `rows`."""
    linked = through._default_manager.filter(**{f"{field}__in": rows})
    return Q(pk__in=linked.values("theme_id"))
