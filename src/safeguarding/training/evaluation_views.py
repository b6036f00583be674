"""A delegate's own evaluation pages (before and after the course, the follow-up impact survey)
and the training officer's choice of quotes for the yearly report."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import form_page, partnership_view, posted_data, querystring_without_page
from safeguarding.training import policies, services
from safeguarding.training import record_selectors as selectors
from safeguarding.training.clocks import follow_up_due
from safeguarding.training.models import Booking, EvaluationStage
from safeguarding.training.record_forms import EvaluationForm, FollowUpForm, QuoteFilterForm
from safeguarding.training.selectors import course_filter_choices, current_questions
from safeguarding.training.views import my_training_url, page_url

QUOTES_PER_PAGE = 50
STAGES = {"pre": EvaluationStage.PRE, "post": EvaluationStage.POST}

evaluation_page = partial(form_page, template="training/evaluation_form.html")
follow_up_page = partial(form_page, template="training/follow_up_form.html")


def _own_booking(scope: Scope, pk: int) -> Booking:
    """The delegate's own booking: 404 outside what the scope sees, 403 to anyone else."""
    policies.bookings.require(scope, "view")
    return policies.bookings.get(scope, pk, "evaluate")


def _already_done(request: HttpRequest, booking: Booking, stage: str) -> HttpResponse | None:
    done = selectors.evaluation_of(booking, stage)
    if done is None:
        return None
    context = {"booking": booking, "evaluation": done, "stage": EvaluationStage(stage)}
    return render(request, "training/evaluation_done.html", context)


@partnership_view
def evaluate(request: HttpRequest, scope: Scope, pk: int, stage: str) -> HttpResponse:
    """The delegate rates themselves on each of the course's questions, before or after it."""
    if stage not in STAGES:
        raise Http404("No such stage.")
    booking = _own_booking(scope, pk)
    course = booking.session.course
    if done := _already_done(request, booking, stage):
        return done
    form = EvaluationForm(
        posted_data(request),
        questions=current_questions(course),
        scale=course.scale,
        stage=stage,
    )
    return evaluation_page(
        request,
        form,
        lambda data: services.evaluation_submit(
            actor=scope.user,
            booking=booking,
            stage=stage,
            ratings=form.ratings(),
            feedback=data.get("feedback", ""),
            consent_to_quote=data.get("consent_to_quote", False),
        ),
        lambda _: ("Thank you: your evaluation was saved.", my_training_url(scope)),
        {
            "booking": booking,
            "course": course,
            "stage": STAGES[stage],
            "back": my_training_url(scope),
        },
    )


@partnership_view
def follow_up(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """The follow-up impact survey, about three months after the course."""
    booking = _own_booking(scope, pk)
    if done := _already_done(request, booking, EvaluationStage.FOLLOW_UP):
        return done
    return follow_up_page(
        request,
        FollowUpForm(posted_data(request)),
        lambda data: services.follow_up_submit(actor=scope.user, booking=booking, **data),
        lambda _: ("Thank you: your answers were saved.", my_training_url(scope)),
        {
            "booking": booking,
            "course": booking.session.course,
            "opens": follow_up_due(booking.session),
            "today": timezone.localdate(),
            "back": my_training_url(scope),
        },
    )


# Quotes


def _quote_filters(form: QuoteFilterForm) -> selectors.QuoteFilters:
    if not form.is_bound or not form.is_valid():
        return selectors.QuoteFilters()
    data = form.cleaned_data
    return selectors.QuoteFilters(data["year"], data["course"], data["chosen"])


@partnership_view
def quotes(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Feedback given with consent to quote, to choose from for the yearly report."""
    policies.evaluations.require(scope, "quote")
    filters = QuoteFilterForm(request.GET or None, courses=course_filter_choices(scope.partnership))
    rows = selectors.quotes(scope, _quote_filters(filters))
    page = Paginator(rows, QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "groups": selectors.quote_groups(page.object_list),
        "keep": _kept(request.GET),
        "querystring": querystring_without_page(request),
    }
    return render(request, "training/quote_list.html", context)


@partnership_view
@require_POST
def quote_choose(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """Choose a quote for the report, or take it out."""
    policies.evaluations.require(scope, "quote")
    evaluation = policies.evaluations.get(scope, pk, "quote")
    chosen = request.POST.get("choose") == "yes"
    try:
        services.quote_choose(actor=scope.user, evaluation=evaluation, chosen=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = "chosen for the report" if chosen else "taken out of the report"
        messages.success(request, f"The quote was {done}.")
    return redirect(_back_to_quotes(scope, request.POST))


def _kept(query: Any) -> dict[str, str]:
    """The quotes page's filters and page, carried through a choice and back."""
    return {key: query[key] for key in ("year", "course", "chosen", "page") if query.get(key)}


def _back_to_quotes(scope: Scope, posted: Any) -> str:
    """The quotes page with the filters it was chosen from."""
    kept = _kept(posted)
    url = page_url(scope, "quotes")
    return f"{url}?{urlencode(kept)}" if kept else url
