"""The survey pages: practitioners' answers about using the protocol, and the comments the
business unit chooses to quote in the yearly report. The business unit and administrators keep
them; the executive and the scrutineer read them; other members get 403 (the LADO and CDOP
roles 404, as on every escalations page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.policy_base import VIEW
from safeguarding.accounts.scope import Scope
from safeguarding.core.web import (
    partnership_view,
    posted_data,
    querystring_without_page,
    year_or_404,
)
from safeguarding.escalations import policies, selectors, services
from safeguarding.escalations.forms import SurveyResponseForm
from safeguarding.escalations.models import SurveyResponse
from safeguarding.escalations.views import crumbs, require_register, save_page

TITLE = "Survey responses"


def survey_url(scope: Scope) -> str:
    return reverse("escalations:survey_list", args=[scope.partnership.slug])


def _form(
    request: HttpRequest, scope: Scope, response: SurveyResponse | None
) -> SurveyResponseForm:
    initial = (
        selectors.survey_initial(response) if response else {"received_on": timezone.localdate()}
    )
    return SurveyResponseForm(
        posted_data(request),
        initial=initial,
        agencies=selectors.survey_agencies(scope, response),
        escalations=selectors.survey_escalations(scope),
    )


def _context(scope: Scope, title: str) -> dict[str, object]:
    return {
        "title": title,
        "caption": TITLE,
        "back": survey_url(scope),
        "crumbs": crumbs(scope, (TITLE, survey_url(scope))),
    }


@partnership_view
def survey_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope)
    policies.survey_responses.require(scope, VIEW)
    label = request.GET.get("year", "").strip()
    year = year_or_404(label) if label else None
    context = {
        "year": year,
        "years": selectors.register_years(scope.partnership, timezone.localdate()),
        "page": selectors.survey_page(scope, year, request.GET.get("page")),
        "querystring": querystring_without_page(request),
        "can_change": policies.survey_responses.can(scope, "change"),
        "crumbs": crumbs(scope),
    }
    return render(request, "escalations/survey_list.html", context)


@partnership_view
def survey_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope)
    policies.survey_responses.require(scope, "add")
    return save_page(
        request,
        _form(request, scope, None),
        lambda data: services.survey_response_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda r: ("The survey response was added.", survey_url(scope)),
        _context(scope, "Add a survey response"),
    )


@partnership_view
def survey_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """Change a response, or choose its comment to quote in the yearly report."""
    require_register(scope)
    policies.survey_responses.require(scope, VIEW)
    response = policies.survey_responses.get(
        scope, pk, "change", queryset=selectors.survey_for_page(scope)
    )
    return save_page(
        request,
        _form(request, scope, response),
        lambda data: services.survey_response_update(
            actor=scope.user, response=response, data=data
        ),
        lambda r: ("The survey response was updated.", survey_url(scope)),
        _context(scope, "Change the survey response"),
    )
