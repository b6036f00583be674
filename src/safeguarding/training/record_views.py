"""The records the training officer keeps beside the catalogue: the staff list of delegates (an
agency lead keeps their agency's), webinar weeks, commissioned training and the training each
role must keep in date."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.forms import RetireForm
from safeguarding.core.selectors import current_agencies_serving, themes_for
from safeguarding.core.web import form_page, partnership_view, posted_data, querystring_without_page
from safeguarding.training import policies, services
from safeguarding.training import record_selectors as selectors
from safeguarding.training.forms import field_values
from safeguarding.training.models import CommissionedTraining, Requirement, WebinarWeek
from safeguarding.training.record_forms import (
    CommissionedForm,
    DelegateFilterForm,
    DelegateForm,
    RequirementForm,
    WebinarWeekForm,
)
from safeguarding.training.views import page_url, save_page

DELEGATES_PER_PAGE = 50
DELEGATE_FIELDS = ("name", "email", "agency", "job_role", "manager_email", "left_on")
WEBINAR_FIELDS = ("title", "starts_on", "webinars", "attendees", "recording_views")
REQUIREMENT_FIELDS = ("job_role", "agency", "course", "renew_every_months")


# Delegates: the staff list


def _delegate_filters(form: DelegateFilterForm) -> selectors.DelegateFilters:
    if not form.is_bound or not form.is_valid():
        return selectors.DelegateFilters()
    return selectors.DelegateFilters(**form.cleaned_data)


@partnership_view
def delegate_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The people who train: every agency's for the training officer, an agency lead's own."""
    if not scope.has_any(policies.COMPLIANCE_READERS):
        raise PermissionDenied("You may not read the staff list.")
    filters = DelegateFilterForm(request.GET or None, agencies=selectors.filter_agencies(scope))
    rows = selectors.delegate_list(scope, _delegate_filters(filters))
    context = {
        "filters": filters,
        "page": Paginator(rows, DELEGATES_PER_PAGE).get_page(request.GET.get("page")),
        "querystring": querystring_without_page(request),
        "can_add": policies.delegates.can(scope, "add"),
    }
    return render(request, "training/delegate_list.html", context)


def _delegate_done(verb: str) -> Any:
    return lambda delegate: (f"{delegate.name} was {verb}.", _delegate_list_url(delegate))


def _delegate_list_url(delegate: Any) -> str:
    url = reverse("training:delegate_list", args=[delegate.partnership.slug])
    return f"{url}?name={delegate.email}"


@partnership_view
def delegate_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.delegates.require(scope, "add")
    form = DelegateForm(posted_data(request), agencies=selectors.delegate_agencies(scope))
    return save_page(
        request,
        form,
        lambda data: services.delegate_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _delegate_done("added to the staff list"),
        {"title": "Add a delegate", "back": page_url(scope, "delegate_list")},
    )


@partnership_view
def delegate_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.delegates.require(scope, "change")
    delegate = policies.delegates.get(scope, pk, "change")
    agencies = selectors.agencies_and(selectors.delegate_agencies(scope), delegate.agency_id)
    form = DelegateForm(
        posted_data(request),
        initial=field_values(delegate, DELEGATE_FIELDS),
        agencies=agencies,
        editing=True,
    )
    return save_page(
        request,
        form,
        lambda data: services.delegate_update(actor=scope.user, delegate=delegate, **data),
        _delegate_done("updated"),
        {"title": f"Change {delegate.name}", "back": page_url(scope, "delegate_list")},
    )


# Webinar weeks


@partnership_view
def webinar_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.webinar_weeks.require(scope, "view")
    context = {
        "weeks": selectors.webinar_weeks(scope),
        "can_change": policies.webinar_weeks.can(scope, "change"),
    }
    return render(request, "training/webinar_list.html", context)


def _webinar_form(request: HttpRequest, scope: Scope, week: WebinarWeek | None) -> WebinarWeekForm:
    initial: dict[str, Any] = {"webinars": 1, "attendees": 0, "recording_views": 0}
    if week is not None:
        initial = field_values(week, WEBINAR_FIELDS) | {"themes": list(week.themes.all())}
    return WebinarWeekForm(
        posted_data(request), initial=initial, themes=themes_for(scope.partnership)
    )


@partnership_view
def webinar_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.webinar_weeks.require(scope, "add")
    return save_page(
        request,
        _webinar_form(request, scope, None),
        lambda data: services.webinar_week_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda week: (f"The webinar week “{week}” was added.", page_url(scope, "webinar_list")),
        {"title": "Add a webinar week", "back": page_url(scope, "webinar_list")},
    )


@partnership_view
def webinar_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.webinar_weeks.require(scope, "change")
    week = policies.webinar_weeks.get(scope, pk, "change")
    return save_page(
        request,
        _webinar_form(request, scope, week),
        lambda data: services.webinar_week_update(actor=scope.user, week=week, **data),
        lambda saved: (f"The webinar week “{saved}” was updated.", page_url(scope, "webinar_list")),
        {"title": f"Change {week}", "back": page_url(scope, "webinar_list")},
    )


# Commissioned training


@partnership_view
def commissioned_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.commissioned.require(scope, "view")
    context = {
        "commissions": selectors.commissioned_list(scope),
        "can_change": policies.commissioned.can(scope, "change"),
    }
    return render(request, "training/commissioned_list.html", context)


def _commissioned_form(
    request: HttpRequest, scope: Scope, commissioned: CommissionedTraining | None
) -> CommissionedForm:
    initial = selectors.commissioned_initial(commissioned) if commissioned else {}
    keep = commissioned.course if commissioned else None
    return CommissionedForm(
        posted_data(request),
        initial=initial,
        courses=selectors.current_courses(scope, keep),
        agencies=selectors.commissioned_agencies(scope, commissioned),
        editing=commissioned is not None,
    )


@partnership_view
def commissioned_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.commissioned.require(scope, "add")
    return form_page(
        request,
        _commissioned_form(request, scope, None),
        lambda data: services.commissioned_create(actor=scope.user, **data),
        lambda saved: (f"{saved} was added.", page_url(scope, "commissioned_list")),
        {"title": "Add commissioned training", "back": page_url(scope, "commissioned_list")},
        template="training/commissioned_form.html",
    )


@partnership_view
def commissioned_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.commissioned.require(scope, "change")
    commissioned = policies.commissioned.get(scope, pk, "change")
    return form_page(
        request,
        _commissioned_form(request, scope, commissioned),
        lambda data: services.commissioned_update(
            actor=scope.user, commissioned=commissioned, **data
        ),
        lambda saved: (f"{saved} was updated.", page_url(scope, "commissioned_list")),
        {
            "title": f"Change {commissioned}",
            "caption": commissioned.course,
            "back": page_url(scope, "commissioned_list"),
        },
        template="training/commissioned_form.html",
    )


# Requirements


@partnership_view
def requirement_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.requirements.require(scope, "view")
    context = {
        "requirements": selectors.requirement_list(scope),
        "today": timezone.localdate(),
        "can_change": policies.requirements.can(scope, "change"),
    }
    return render(request, "training/requirement_list.html", context)


def _requirement_form(
    request: HttpRequest, scope: Scope, requirement: Requirement | None
) -> RequirementForm:
    initial = field_values(requirement, REQUIREMENT_FIELDS) if requirement else {}
    keep = requirement.course if requirement else None
    agencies = selectors.agencies_and(
        current_agencies_serving(scope.partnership), requirement.agency_id if requirement else None
    )
    return RequirementForm(
        posted_data(request),
        initial=initial,
        agencies=agencies,
        courses=selectors.current_courses(scope, keep),
    )


@partnership_view
def requirement_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.requirements.require(scope, "add")
    return save_page(
        request,
        _requirement_form(request, scope, None),
        lambda data: services.requirement_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda saved: (
            f"The requirement “{saved}” was added.",
            page_url(scope, "requirement_list"),
        ),
        {"title": "Add a training requirement", "back": page_url(scope, "requirement_list")},
    )


@partnership_view
def requirement_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.requirements.require(scope, "change")
    requirement = policies.requirements.get(scope, pk, "change")
    return save_page(
        request,
        _requirement_form(request, scope, requirement),
        lambda data: services.requirement_update(actor=scope.user, requirement=requirement, **data),
        lambda saved: (
            f"The requirement “{saved}” was updated.",
            page_url(scope, "requirement_list"),
        ),
        {"title": f"Change {requirement}", "back": page_url(scope, "requirement_list")},
    )


@partnership_view
def requirement_retire(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.requirements.require(scope, "retire")
    requirement = policies.requirements.get(scope, pk, "retire")
    form = RetireForm(posted_data(request), initial={"retired_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: services.requirement_retire(actor=scope.user, requirement=requirement, **data),
        lambda saved: (
            f"The requirement “{saved}” was retired.",
            page_url(scope, "requirement_list"),
        ),
        {"thing": requirement},
        template="core/retire_form.html",
    )
