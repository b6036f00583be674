"""The reviews pages: the list with its clocks, notifications, rapid reviews and their agency
summaries. Practice and learning reviews are in `practice_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.govuk_forms import GovukForm
from safeguarding.core.web import form_page, partnership_view, posted_data, year_or_404
from safeguarding.reviews import policies, selectors, services
from safeguarding.reviews.forms import (
    CompleteForm,
    MeetingForm,
    NotificationForm,
    NotificationSentForm,
    RapidReviewForm,
    RapidReviewSentForm,
    ResponseForm,
    SummariesRequestForm,
    SummaryReturnForm,
)
from safeguarding.reviews.models import Notification, RapidReview
from safeguarding.reviews.selectors import ReviewKind

FORM = "reviews/form.html"


save_page = partial(form_page, template=FORM)


def today_initial(field: str) -> dict[str, Any]:
    return {field: timezone.localdate()}


def notification_url(notification: Notification) -> str:
    return reverse(
        "reviews:notification_detail", args=[notification.partnership.slug, notification.pk]
    )


def rapid_review_url(scope: Scope, review: RapidReview) -> str:
    return reverse("reviews:rapid_review_detail", args=[scope.partnership.slug, review.pk])


# The list


@partnership_view
def review_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.rapid_reviews.require(scope, "view")
    label = request.GET.get("year", "").strip()
    year = year_or_404(label) if label else None
    kind = request.GET.get("kind", "").strip()
    if kind and kind not in ReviewKind.values:
        raise Http404("No such kind of review.")
    today = timezone.localdate()
    context = {
        "year": year,
        "kind": kind,
        "kinds": ReviewKind.choices,
        "years": selectors.review_years(scope.partnership, today),
        "reviews": selectors.review_list(scope, year=year, kind=kind, today=today),
        "sees_notifications": policies.notifications.can(scope, "view"),
        "sees_practice_reviews": policies.practice_reviews.can(scope, "view"),
        "can_change": policies.notifications.can(scope, "add"),
    }
    return render(request, "reviews/review_list.html", context)


# Notifications


@partnership_view
def notification_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.notifications.require(scope, "add")
    areas = scope.partnership.local_authority_areas
    form = NotificationForm(
        posted_data(request), initial={"local_authority": areas[0] if areas else ""}
    )
    return save_page(
        request,
        form,
        lambda data: services.notification_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda n: (f"The notification for {n.case_code} was recorded.", notification_url(n)),
        {"title": "Record a serious incident notification", "back": _list_url(scope)},
    )


def _list_url(scope: Scope) -> str:
    return reverse("reviews:review_list", args=[scope.partnership.slug])


def _notification(scope: Scope, pk: int, action: str = "view") -> Notification:
    return policies.notifications.get(
        scope, pk, action, queryset=selectors.notification_for_page(scope)
    )


@partnership_view
def notification_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    notification = _notification(scope, pk)
    context = {
        "notification": notification,
        "detail": selectors.notification_detail(notification, timezone.localdate()),
        "rapid_review": getattr(notification, "rapid_review", None),
        "can_change": policies.notifications.can(scope, "change"),
    }
    return render(request, "reviews/notification_detail.html", context)


@partnership_view
def notification_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    notification = _notification(scope, pk, "change")
    form = NotificationForm(
        posted_data(request), initial=selectors.notification_form_initial(notification)
    )
    return save_page(
        request,
        form,
        lambda data: services.notification_update(
            actor=scope.user, notification=notification, data=data
        ),
        lambda n: (f"The notification for {n.case_code} was updated.", notification_url(n)),
        {
            "title": "Change the notification",
            "caption": notification.case_code,
            "back": notification_url(notification),
        },
    )


@partnership_view
def notification_sent(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    notification = _notification(scope, pk, "sent")
    initial = {"notified_on": notification.notified_on or timezone.localdate()}
    return save_page(
        request,
        NotificationSentForm(posted_data(request), initial=initial),
        lambda data: services.notification_record_sent(
            actor=scope.user, notification=notification, **data
        ),
        lambda n: (f"The notification for {n.case_code} was sent.", notification_url(n)),
        {
            "title": "Record when the Panel was notified",
            "caption": notification.case_code,
            "back": notification_url(notification),
        },
    )


@partnership_view
def rapid_review_start(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    notification = _notification(scope, pk, "start_review")
    existing = getattr(notification, "rapid_review", None)
    if existing is not None:
        return redirect(rapid_review_url(scope, existing))
    form = RapidReviewForm(
        posted_data(request),
        initial={"title": notification.case_code},
        themes=selectors.theme_choices(scope.partnership),
    )
    return save_page(
        request,
        form,
        lambda data: services.rapid_review_start(
            actor=scope.user, notification=notification, **data
        ),
        lambda r: (f"The rapid review “{r}” was started.", rapid_review_url(scope, r)),
        {
            "title": "Start the rapid review",
            "caption": notification.case_code,
            "back": notification_url(notification),
        },
    )


# Rapid reviews


def _rapid_review(scope: Scope, pk: int, action: str = "view") -> RapidReview:
    return policies.rapid_reviews.get(
        scope, pk, action, queryset=selectors.rapid_review_for_page(scope)
    )


@partnership_view
def rapid_review_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _rapid_review(scope, pk)
    context = {
        "review": review,
        "notification": review.notification,
        "detail": selectors.rapid_review_detail(scope, review, timezone.localdate()),
        "practice_review": getattr(review, "practice_review", None),
        "sees_notification": policies.notifications.can(scope, "view"),
        "can_change": policies.rapid_reviews.can(scope, "change"),
    }
    return render(request, "reviews/rapid_review_detail.html", context)


def _rapid_review_step(
    request: HttpRequest,
    scope: Scope,
    pk: int,
    action: str,
    form_class: type[GovukForm],
    fields: tuple[str, ...],
    title: str,
    save: Callable[..., RapidReview],
    message: str,
) -> HttpResponse:
    """A page that records one step of a rapid review through one service."""
    review = _rapid_review(scope, pk, action)
    initial = {field: getattr(review, field) for field in fields}
    date_field = next(field for field in fields if field.endswith("_on"))
    initial[date_field] = initial[date_field] or timezone.localdate()
    return save_page(
        request,
        form_class(posted_data(request), initial=initial),
        lambda data: save(actor=scope.user, rapid_review=review, **data),
        lambda r: (message.format(review=r), rapid_review_url(scope, r)),
        {"title": title, "caption": review.title, "back": rapid_review_url(scope, review)},
    )


@partnership_view
def rapid_review_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _rapid_review(scope, pk, "change")
    form = RapidReviewForm(
        posted_data(request),
        initial=selectors.review_form_initial(review, ["title"]),
        themes=selectors.theme_choices(scope.partnership, review),
    )
    return save_page(
        request,
        form,
        lambda data: services.rapid_review_update(actor=scope.user, rapid_review=review, **data),
        lambda r: (f"The rapid review “{r}” was updated.", rapid_review_url(scope, r)),
        {
            "title": "Change the rapid review",
            "caption": review.title,
            "back": rapid_review_url(scope, review),
        },
    )


@partnership_view
def rapid_review_meeting(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _rapid_review_step(
        request,
        scope,
        pk,
        "meeting",
        MeetingForm,
        ("meeting_on",),
        "Record the rapid review meeting",
        services.rapid_review_record_meeting,
        "The meeting of “{review}” was recorded.",
    )


@partnership_view
def rapid_review_complete(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _rapid_review_step(
        request,
        scope,
        pk,
        "complete",
        CompleteForm,
        ("completed_on", "decision"),
        "Complete the rapid review",
        services.rapid_review_complete,
        "The rapid review “{review}” was completed.",
    )


@partnership_view
def rapid_review_sent(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _rapid_review_step(
        request,
        scope,
        pk,
        "sent",
        RapidReviewSentForm,
        ("sent_to_panel_on",),
        "Record when it was sent to the Panel",
        services.rapid_review_record_sent,
        "“{review}” was recorded as sent to the Panel.",
    )


@partnership_view
def rapid_review_response(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _rapid_review_step(
        request,
        scope,
        pk,
        "response",
        ResponseForm,
        ("panel_response", "panel_response_on"),
        "Record the Panel's response",
        services.rapid_review_record_response,
        "The Panel's response to “{review}” was recorded.",
    )


# Agency summaries


@partnership_view
def summaries_request(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    review = _rapid_review(scope, pk, "request_summaries")
    form = SummariesRequestForm(
        posted_data(request),
        initial=today_initial("requested_on"),
        agencies=selectors.agencies_to_ask(review),
    )
    return save_page(
        request,
        form,
        lambda data: services.summaries_request(actor=scope.user, rapid_review=review, **data),
        lambda rows: (
            f"{len(rows)} agenc{'y was' if len(rows) == 1 else 'ies were'} asked for a summary.",
            rapid_review_url(scope, review),
        ),
        {
            "title": "Ask agencies for their summaries",
            "caption": review.title,
            "back": rapid_review_url(scope, review),
        },
    )


@partnership_view
def summary_return(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    summary = policies.summaries.get(
        scope, pk, "return", queryset=selectors.summary_for_page(scope)
    )
    review = summary.rapid_review
    initial = {"text": summary.summary, "returned_on": summary.returned_on or timezone.localdate()}
    return save_page(
        request,
        SummaryReturnForm(posted_data(request), initial=initial),
        lambda data: services.summary_return(actor=scope.user, summary=summary, **data),
        lambda s: (f"The {s.agency} summary was returned.", rapid_review_url(scope, review)),
        {
            "title": f"Return the {summary.agency} summary",
            "caption": review.title,
            "back": rapid_review_url(scope, review),
            "summary": summary,
            "clock": selectors.summary_clock_for(summary, timezone.localdate()),
        },
    )
