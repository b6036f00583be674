"""The partnership's priorities: the plan on a page, each priority, its indicators and activity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view, posted_data, year_or_404
from safeguarding.core.years import ReportingYear
from safeguarding.governance import policies, selectors, services
from safeguarding.governance.forms import (
    ActivityForm,
    IndicatorForm,
    PlanOnAPageForm,
    PriorityForm,
    lines,
)
from safeguarding.governance.models import Priority
from safeguarding.governance.views import chosen_year
from safeguarding.governance.voice_views import save_page
from safeguarding.learning import policies as learning_policies

PRIORITY_FIELDS = ("title", "statement", "why_chosen", "progress", "progress_note", "order")
INDICATOR_FIELDS = ("label", "local_value", "england_value", "unit", "source", "year_label")
PLAN_FIELDS = ("working_with", "understand", "support_change", "improve_working")


def _plan_url(scope: Scope, year: ReportingYear | None = None) -> str:
    url = reverse("governance:priority_list", args=[scope.partnership.slug])
    return f"{url}?year={year}" if year else url


def _detail_url(priority: Priority) -> str:
    return reverse("governance:priority_detail", args=[priority.partnership.slug, priority.pk])


@partnership_view
def priority_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The plan on a page: the year's priorities and how the partnership will work on them."""
    policies.priorities.require(scope, "view")
    year = chosen_year(request) or selectors.latest_plan_year(scope.partnership)
    context = {
        "year": year,
        "years": selectors.plan_years(scope.partnership),
        "plan": selectors.plan_on_a_page(scope.partnership, year),
        "priorities": selectors.priorities_for(scope.partnership, year),
        "subgroups": selectors.subgroups_for(scope.partnership, current_only=True),
        "can_change": policies.priorities.can(scope, "change"),
    }
    return render(request, "governance/priority_list.html", context)


@partnership_view
def priority_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    priority = policies.priorities.get(scope, pk)
    show_actions = learning_policies.actions.can(scope, "view")
    today = timezone.localdate() if show_actions else None
    detail = selectors.priority_detail(priority, actions_as_of=today)
    context = {
        "priority": priority,
        "indicators": detail.indicators,
        "activities": detail.activities,
        "show_actions": show_actions,
        "can_change": policies.priorities.can(scope, "change"),
    }
    return render(request, "governance/priority_detail.html", context)


def _priority_done(verb: str) -> Callable[[Any], tuple[str, str]]:
    return lambda priority: (f"The priority “{priority}” was {verb}.", _detail_url(priority))


@partnership_view
def priority_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.priorities.require(scope, "add")
    initial = {"first_year": ReportingYear.current().label, "order": 1}
    return save_page(
        request,
        PriorityForm(posted_data(request), initial=initial),
        lambda data: services.priority_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _priority_done("added"),
        {"title": "Add a priority", "back": _plan_url(scope)},
    )


def _priority_initial(priority: Priority) -> dict[str, Any]:
    initial = {field: getattr(priority, field) for field in PRIORITY_FIELDS}
    last = priority.last_year
    return initial | {
        "aims": lines(priority.aims),
        "forward_focus": lines(priority.forward_focus),
        "first_year": ReportingYear(priority.first_year).label,
        "last_year": ReportingYear(last).label if last is not None else "",
    }


@partnership_view
def priority_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    priority = policies.priorities.get(scope, pk, "change")
    return save_page(
        request,
        PriorityForm(posted_data(request), initial=_priority_initial(priority)),
        lambda data: services.priority_update(actor=scope.user, priority=priority, data=data),
        _priority_done("updated"),
        {"title": f"Change {priority}", "back": _detail_url(priority)},
    )


# Indicators and activities


def _part_done(what: str, verb: str) -> Callable[[Any], tuple[str, str]]:
    return lambda row: (f"The {what} was {verb}.", _detail_url(row.priority))


@partnership_view
def indicator_add(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    priority = policies.priorities.get(scope, pk, "change")
    policies.indicators.require(scope, "add")
    return save_page(
        request,
        IndicatorForm(posted_data(request)),
        lambda data: services.indicator_create(actor=scope.user, priority=priority, **data),
        _part_done("indicator", "added"),
        {"title": "Add an indicator", "caption": priority, "back": _detail_url(priority)},
    )


@partnership_view
def indicator_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    indicator = policies.indicators.get(scope, pk, "change")
    initial = {field: getattr(indicator, field) for field in INDICATOR_FIELDS}
    back = _detail_url(indicator.priority)
    return save_page(
        request,
        IndicatorForm(posted_data(request), initial=initial),
        lambda data: services.indicator_update(actor=scope.user, indicator=indicator, data=data),
        _part_done("indicator", "updated"),
        {"title": "Change an indicator", "caption": indicator.priority, "back": back},
    )


def _activity_form(request: HttpRequest, scope: Scope, **kwargs: Any) -> ActivityForm:
    actions = selectors.actions_to_link(scope.partnership)
    return ActivityForm(posted_data(request), actions=actions, **kwargs)


@partnership_view
def activity_add(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    priority = policies.priorities.get(scope, pk, "change")
    policies.activities.require(scope, "add")
    initial = {"year": ReportingYear.current().label}
    return save_page(
        request,
        _activity_form(request, scope, initial=initial),
        lambda data: services.activity_create(actor=scope.user, priority=priority, **data),
        _part_done("activity", "added"),
        {"title": "Add partnership activity", "caption": priority, "back": _detail_url(priority)},
    )


@partnership_view
def activity_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    activity = policies.activities.get(scope, pk, "change")
    initial = {
        "year": ReportingYear(activity.year).label,
        "text": activity.text,
        "evidence": activity.evidence,
        "actions": list(activity.actions.all()),
    }
    back = _detail_url(activity.priority)
    return save_page(
        request,
        _activity_form(request, scope, initial=initial),
        lambda data: services.activity_update(actor=scope.user, activity=activity, data=data),
        _part_done("activity", "updated"),
        {"title": "Change partnership activity", "caption": activity.priority, "back": back},
    )


# The plan on a page's text


@partnership_view
def plan_edit(request: HttpRequest, scope: Scope, year: str) -> HttpResponse:
    policies.plans.require(scope, "change")
    reporting_year = year_or_404(year)
    plan = selectors.plan_on_a_page(scope.partnership, reporting_year)
    initial = {field: getattr(plan, field) for field in PLAN_FIELDS} if plan else {}
    return save_page(
        request,
        PlanOnAPageForm(posted_data(request), initial=initial),
        lambda data: services.plan_on_a_page_save(
            actor=scope.user, partnership=scope.partnership, year=reporting_year, **data
        ),
        lambda saved: (
            f"The plan on a page for {year} was saved.",
            _plan_url(scope, reporting_year),
        ),
        {"title": f"Plan on a page {year}", "back": _plan_url(scope, reporting_year)},
    )
