"""The practice review and learning review pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view, posted_data
from safeguarding.reviews import policies, selectors, services
from safeguarding.reviews.forms import (
    LearningReviewCompleteForm,
    LearningReviewForm,
    PracticeReviewAddForm,
    PracticeReviewForm,
    PracticeReviewSentForm,
    PublishForm,
)
from safeguarding.reviews.models import LearningReview, PracticeReview
from safeguarding.reviews.views import save_page

PRACTICE_FIELDS = ("title", "decided_on", "reviewer", "terms_of_reference")
LEARNING_FIELDS = ("title", "kind", "rationale", "started_on")


def _list_url(scope: Scope) -> str:
    return reverse("reviews:review_list", args=[scope.partnership.slug])


def _practice_url(review: PracticeReview) -> str:
    return reverse("reviews:practice_review_detail", args=[review.partnership.slug, review.pk])


def _learning_url(review: LearningReview) -> str:
    return reverse("reviews:learning_review_detail", args=[review.partnership.slug, review.pk])


# Practice reviews


def _practice_review(scope: Scope, pk: int, action: str = "view") -> PracticeReview:
    return policies.practice_reviews.get(
        scope, pk, action, queryset=selectors.practice_review_for_page(scope)
    )


@partnership_view
def practice_review_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.practice_reviews.require(scope, "add")
    form = PracticeReviewAddForm(
        posted_data(request),
        initial={"rapid_review": request.GET.get("rapid_review")},
        themes=selectors.theme_choices(scope.partnership),
        rapid_reviews=selectors.rapid_reviews_deciding_practice_review(scope.partnership),
    )
    return save_page(
        request,
        form,
        lambda data: services.practice_review_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda r: (f"The practice review “{r}” was added.", _practice_url(r)),
        {"title": "Add a local child safeguarding practice review", "back": _list_url(scope)},
    )


@partnership_view
def practice_review_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _practice_review(scope, pk)
    context = {
        "review": review,
        "detail": selectors.practice_review_detail(review, timezone.localdate()),
        "can_change": policies.practice_reviews.can(scope, "change"),
        "sees_rapid_review": policies.rapid_reviews.can(scope, "view"),
    }
    return render(request, "reviews/practice_review_detail.html", context)


@partnership_view
def practice_review_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _practice_review(scope, pk, "change")
    form = PracticeReviewForm(
        posted_data(request),
        initial=selectors.review_form_initial(review, PRACTICE_FIELDS),
        themes=selectors.theme_choices(scope.partnership, review),
    )
    return save_page(
        request,
        form,
        lambda data: services.practice_review_update(
            actor=scope.user, practice_review=review, **data
        ),
        lambda r: (f"The practice review “{r}” was updated.", _practice_url(r)),
        {
            "title": "Change the practice review",
            "caption": review.title,
            "back": _practice_url(review),
        },
    )


@partnership_view
def practice_review_sent(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _practice_review(scope, pk, "sent")
    initial = {"sent_to_panel_on": review.sent_to_panel_on or timezone.localdate()}
    return save_page(
        request,
        PracticeReviewSentForm(posted_data(request), initial=initial),
        lambda data: services.practice_review_record_sent(
            actor=scope.user, practice_review=review, **data
        ),
        lambda r: (
            f"“{r}” was recorded as sent to the Panel and the Secretary of State.",
            _practice_url(r),
        ),
        {
            "title": "Record when it was sent to the Panel and the Secretary of State",
            "caption": review.title,
            "back": _practice_url(review),
        },
    )


@partnership_view
def practice_review_publish(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _practice_review(scope, pk, "publish")
    initial = {
        "published_on": review.published_on or timezone.localdate(),
        "published_url": review.published_url,
    }
    return save_page(
        request,
        PublishForm(posted_data(request), initial=initial),
        lambda data: services.practice_review_publish(
            actor=scope.user, practice_review=review, **data
        ),
        lambda r: (f"The practice review “{r}” was recorded as published.", _practice_url(r)),
        {"title": "Record its publication", "caption": review.title, "back": _practice_url(review)},
    )


# Learning reviews


def _learning_review(scope: Scope, pk: int, action: str = "view") -> LearningReview:
    return policies.learning_reviews.get(scope, pk, action)


@partnership_view
def learning_review_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.learning_reviews.require(scope, "add")
    form = LearningReviewForm(
        posted_data(request), themes=selectors.theme_choices(scope.partnership)
    )
    return save_page(
        request,
        form,
        lambda data: services.learning_review_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda r: (f"The learning review “{r}” was added.", _learning_url(r)),
        {"title": "Add a learning review", "back": _list_url(scope)},
    )


@partnership_view
def learning_review_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _learning_review(scope, pk)
    context = {
        "review": review,
        "themes": selectors.themes_of(review),
        "can_change": policies.learning_reviews.can(scope, "change"),
    }
    return render(request, "reviews/learning_review_detail.html", context)


@partnership_view
def learning_review_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _learning_review(scope, pk, "change")
    form = LearningReviewForm(
        posted_data(request),
        initial=selectors.review_form_initial(review, LEARNING_FIELDS),
        themes=selectors.theme_choices(scope.partnership, review),
    )
    return save_page(
        request,
        form,
        lambda data: services.learning_review_update(
            actor=scope.user, learning_review=review, **data
        ),
        lambda r: (f"The learning review “{r}” was updated.", _learning_url(r)),
        {
            "title": "Change the learning review",
            "caption": review.title,
            "back": _learning_url(review),
        },
    )


@partnership_view
def learning_review_complete(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _learning_review(scope, pk, "complete")
    initial = {"completed_on": review.completed_on or timezone.localdate()}
    return save_page(
        request,
        LearningReviewCompleteForm(posted_data(request), initial=initial),
        lambda data: services.learning_review_complete(
            actor=scope.user, learning_review=review, **data
        ),
        lambda r: (f"The learning review “{r}” was completed.", _learning_url(r)),
        {"title": "Record its completion", "caption": review.title, "back": _learning_url(review)},
    )
