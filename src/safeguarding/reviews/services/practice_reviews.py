"""Writes to local child safeguarding practice reviews and non-statutory learning reviews.

A practice review is due six months (the partnership's timescale) from the decision to hold it,
and must reach the Panel and the Secretary of State at least 7 working days before publication.
Each review owns a learning Source, created here and kept in step through `learning.services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Partnership, Theme
from safeguarding.core.selectors import timescale_for
from safeguarding.core.services import themes_check
from safeguarding.learning import services as learning_services
from safeguarding.learning.models import SourceKind
from safeguarding.reviews.clocks import PRE_PUBLICATION, PUBLICATION
from safeguarding.reviews.models import (
    LearningReview,
    LearningReviewKind,
    PracticeReview,
    RapidReview,
    ReviewDecision,
)
from safeguarding.reviews.services._shared import (
    day,
    not_before,
    not_future,
    require_text,
    save_changes,
    save_new,
    set_themes,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _check_rapid_review(partnership: Partnership, rapid_review: RapidReview | None) -> None:
    if rapid_review is None:
        return
    if rapid_review.notification.partnership_id != partnership.pk:
        raise ValidationError({"rapid_review": "Select one of this partnership's rapid reviews."})
    if rapid_review.decision != ReviewDecision.PRACTICE_REVIEW:
        raise ValidationError(
            {"rapid_review": f"{rapid_review} did not decide on a local practice review."}
        )
    if PracticeReview.objects.filter(rapid_review=rapid_review).exists():
        raise ValidationError({"rapid_review": f"{rapid_review} already has a practice review."})


def _check_decided(rapid_review: RapidReview | None, decided_on: dt.date) -> None:
    not_future(decided_on, "decided_on", "The date of the decision")
    if rapid_review is not None:
        not_before(
            decided_on,
            rapid_review.notification.notified_on,
            "decided_on",
            "The decision cannot be before the Panel was notified on {day}.",
        )


def _check_notice(
    partnership: Partnership, sent_on: dt.date | None, published_on: dt.date | None, field: str
) -> None:
    """Sent to the Panel and the Secretary of State at least N working days before publication."""
    if sent_on is None or published_on is None:
        return
    notice = timescale_for(partnership, PRE_PUBLICATION)
    if notice.due_from(sent_on) > published_on:
        raise ValidationError(
            {
                field: f"It must reach the Panel and the Secretary of State at least "
                f"{notice.describe()} before publication: it was sent on {day(sent_on)} "
                f"and published on {day(published_on)}."
            }
        )


@transaction.atomic
def practice_review_create(
    *,
    actor: User | None,
    partnership: Partnership,
    title: str,
    decided_on: dt.date,
    reviewer: str = "",
    terms_of_reference: str = "",
    themes: Iterable[Theme] = (),
    rapid_review: RapidReview | None = None,
) -> PracticeReview:
    name = require_text(title, "title", "Enter the review's title")
    _check_rapid_review(partnership, rapid_review)
    _check_decided(rapid_review, decided_on)
    chosen = themes_check(partnership, themes, on=decided_on)
    source = learning_services.source_create(
        actor=actor,
        partnership=partnership,
        kind=SourceKind.PRACTICE_REVIEW,
        title=name,
        started_on=decided_on,
    )
    review = PracticeReview(
        partnership=partnership,
        rapid_review=rapid_review,
        source=source,
        title=name,
        decided_on=decided_on,
        due_on=timescale_for(partnership, PUBLICATION).due_from(decided_on),
        reviewer=reviewer.strip(),
        terms_of_reference=terms_of_reference.strip(),
    )
    changes = {
        "title": [None, name],
        "decided_on": [None, decided_on],
        "due_on": [None, review.due_on],
        "rapid_review": [None, str(rapid_review) if rapid_review else None],
        "themes": [None, sorted(theme.name for theme in chosen)],
    }
    save_new(actor, partnership, review, "reviews.practice_review.create", changes)
    review.themes.set(chosen)
    return review


@transaction.atomic
def practice_review_update(
    *,
    actor: User | None,
    practice_review: PracticeReview,
    title: str,
    decided_on: dt.date,
    reviewer: str,
    terms_of_reference: str,
    themes: Iterable[Theme],
) -> PracticeReview:
    """Change what was recorded; a corrected decision date moves the publication due date."""
    review = practice_review
    partnership = review.partnership
    name = require_text(title, "title", "Enter the review's title")
    _check_decided(review.rapid_review, decided_on)
    not_before(
        review.published_on,
        decided_on,
        "decided_on",
        "It was published on {day}: the decision must be on or before that day.",
    )
    not_before(
        review.sent_to_panel_on,
        decided_on,
        "decided_on",
        "It was sent to the Panel on {day}: the decision must be on or before that day.",
    )
    chosen = themes_check(partnership, themes, on=decided_on, keep=review.themes.all())
    data: dict[str, Any] = {
        "title": name,
        "decided_on": decided_on,
        "reviewer": reviewer.strip(),
        "terms_of_reference": terms_of_reference.strip(),
    }
    if decided_on != review.decided_on:
        data["due_on"] = timescale_for(partnership, PUBLICATION).due_from(decided_on)
    if name != review.title or decided_on != review.decided_on:
        learning_services.source_update(
            actor=actor, source=review.source, title=name, started_on=decided_on
        )
    extra = set_themes(review, chosen)
    return save_changes(actor, partnership, review, "reviews.practice_review.update", data, extra)


@transaction.atomic
def practice_review_record_sent(
    *, actor: User | None, practice_review: PracticeReview, sent_to_panel_on: dt.date
) -> PracticeReview:
    """Record the day the final report went to the Panel and the Secretary of State."""
    review = practice_review
    not_future(sent_to_panel_on, "sent_to_panel_on", "The date it was sent")
    not_before(
        sent_to_panel_on,
        review.decided_on,
        "sent_to_panel_on",
        "It cannot be sent before the decision to hold the review on {day}.",
    )
    _check_notice(review.partnership, sent_to_panel_on, review.published_on, "sent_to_panel_on")
    data = {"sent_to_panel_on": sent_to_panel_on}
    return save_changes(actor, review.partnership, review, "reviews.practice_review.sent", data)


@transaction.atomic
def practice_review_publish(
    *,
    actor: User | None,
    practice_review: PracticeReview,
    published_on: dt.date,
    published_url: str = "",
) -> PracticeReview:
    """Record the day the review was published (its clock is met) and where."""
    review = practice_review
    not_future(published_on, "published_on", "The date it was published")
    not_before(
        published_on,
        review.decided_on,
        "published_on",
        "It cannot be published before the decision to hold the review on {day}.",
    )
    _check_notice(review.partnership, review.sent_to_panel_on, published_on, "published_on")
    data = {"published_on": published_on, "published_url": published_url.strip()}
    return save_changes(actor, review.partnership, review, "reviews.practice_review.publish", data)


# Learning reviews


def _check_kind(kind: str) -> None:
    if kind not in LearningReviewKind.values:
        raise ValidationError({"kind": "Select the kind of learning review"})


@transaction.atomic
def learning_review_create(
    *,
    actor: User | None,
    partnership: Partnership,
    title: str,
    kind: str,
    rationale: str,
    started_on: dt.date,
    themes: Iterable[Theme] = (),
) -> LearningReview:
    name = require_text(title, "title", "Enter the review's title")
    why = require_text(rationale, "rationale", "Enter why the partnership is holding it")
    _check_kind(kind)
    not_future(started_on, "started_on", "The date it started")
    chosen = themes_check(partnership, themes, on=started_on)
    source = learning_services.source_create(
        actor=actor,
        partnership=partnership,
        kind=SourceKind.LEARNING_REVIEW,
        title=name,
        started_on=started_on,
    )
    review = LearningReview(
        partnership=partnership,
        source=source,
        title=name,
        kind=kind,
        rationale=why,
        started_on=started_on,
    )
    changes = {
        "title": [None, name],
        "kind": [None, kind],
        "started_on": [None, started_on],
        "themes": [None, sorted(theme.name for theme in chosen)],
    }
    save_new(actor, partnership, review, "reviews.learning_review.create", changes)
    review.themes.set(chosen)
    return review


@transaction.atomic
def learning_review_update(
    *,
    actor: User | None,
    learning_review: LearningReview,
    title: str,
    kind: str,
    rationale: str,
    started_on: dt.date,
    themes: Iterable[Theme],
) -> LearningReview:
    review = learning_review
    name = require_text(title, "title", "Enter the review's title")
    why = require_text(rationale, "rationale", "Enter why the partnership is holding it")
    _check_kind(kind)
    not_future(started_on, "started_on", "The date it started")
    if review.completed_on is not None and started_on > review.completed_on:
        raise ValidationError(
            {"started_on": f"It was completed on {day(review.completed_on)}: start before it."}
        )
    chosen = themes_check(review.partnership, themes, on=started_on, keep=review.themes.all())
    if name != review.title or started_on != review.started_on:
        learning_services.source_update(
            actor=actor, source=review.source, title=name, started_on=started_on
        )
    data = {"title": name, "kind": kind, "rationale": why, "started_on": started_on}
    extra = set_themes(review, chosen)
    action = "reviews.learning_review.update"
    return save_changes(actor, review.partnership, review, action, data, extra)


@transaction.atomic
def learning_review_complete(
    *, actor: User | None, learning_review: LearningReview, completed_on: dt.date
) -> LearningReview:
    review = learning_review
    not_future(completed_on, "completed_on", "The date it was completed")
    not_before(
        completed_on,
        review.started_on,
        "completed_on",
        "It cannot be completed before it started on {day}.",
    )
    data = {"completed_on": completed_on}
    action = "reviews.learning_review.complete"
    return save_changes(actor, review.partnership, review, action, data)
