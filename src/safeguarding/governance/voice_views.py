"""Communications figures, the voice of children and young people, and Working Together changes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core import selectors as core_selectors
from safeguarding.core.forms import RetireForm
from safeguarding.core.web import form_page, partnership_view, posted_data, submit
from safeguarding.core.years import ReportingYear
from safeguarding.governance import policies, selectors, services
from safeguarding.governance.forms import (
    CommunicationFigureForm,
    EngagementForm,
    GuidanceChangeForm,
    ParticipationGroupForm,
    lines,
)
from safeguarding.governance.views import chosen_year

FORM = "governance/record_form.html"


save_page = partial(form_page, template=FORM)


def _url(scope: Scope, name: str, year: int | None = None) -> str:
    url = reverse(f"governance:{name}", args=[scope.partnership.slug])
    return f"{url}?year={ReportingYear(year)}" if year is not None else url


def _initial(record: Any, *fields: str) -> dict[str, Any]:
    initial = {field: getattr(record, field) for field in fields}
    if "year" in initial:
        initial["year"] = ReportingYear(initial["year"]).label
    return initial


# Communications


@partnership_view
def communication_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.communications.require(scope, "view")
    year = chosen_year(request) or ReportingYear.current().previous()
    context = {
        "year": year,
        "years": selectors.communication_years(scope.partnership),
        "figures": selectors.communications_for(scope.partnership, year),
        "can_change": policies.communications.can(scope, "change"),
    }
    return render(request, "governance/communication_list.html", context)


def _figure_done(scope: Scope, verb: str) -> Callable[[Any], tuple[str, str]]:
    return lambda figure: (f"{figure} was {verb}.", _url(scope, "communication_list", figure.year))


@partnership_view
def communication_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.communications.require(scope, "add")
    year = chosen_year(request) or ReportingYear.current().previous()
    form = CommunicationFigureForm(posted_data(request), initial={"year": year.label})
    return save_page(
        request,
        form,
        lambda data: services.communication_figure_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _figure_done(scope, "added"),
        {"title": "Add a communications figure", "back": _url(scope, "communication_list")},
    )


@partnership_view
def communication_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    figure = policies.communications.get(scope, pk, "change")
    fields = ("year", "channel", "measure", "value", "period", "note")
    form = CommunicationFigureForm(posted_data(request), initial=_initial(figure, *fields))
    return save_page(
        request,
        form,
        lambda data: services.communication_figure_update(
            actor=scope.user, figure=figure, data=data
        ),
        _figure_done(scope, "updated"),
        {"title": f"Change {figure}", "back": _url(scope, "communication_list", figure.year)},
    )


# The voice of children and young people


@partnership_view
def voice_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.engagements.require(scope, "view")
    year = chosen_year(request) or ReportingYear.current().previous()
    context = {
        "year": year,
        "years": selectors.engagement_years(scope.partnership),
        "groups": selectors.participation_groups_for(scope.partnership),
        "engagements": selectors.engagements_for(scope.partnership, year),
        "can_change": policies.engagements.can(scope, "change"),
    }
    return render(request, "governance/voice_list.html", context)


def _group_form(request: HttpRequest, scope: Scope, **kwargs: Any) -> ParticipationGroupForm:
    agencies = core_selectors.current_agencies_serving(scope.partnership)
    return ParticipationGroupForm(posted_data(request), agencies=agencies, **kwargs)


def _group_done(scope: Scope, verb: str) -> Callable[[Any], tuple[str, str]]:
    return lambda group: (f"The group “{group}” was {verb}.", _url(scope, "voice_list"))


@partnership_view
def participation_group_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.participation_groups.require(scope, "add")
    return save_page(
        request,
        _group_form(request, scope),
        lambda data: services.participation_group_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _group_done(scope, "added"),
        {"title": "Add a participation group", "back": _url(scope, "voice_list")},
    )


@partnership_view
def participation_group_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    group = policies.participation_groups.get(scope, pk, "change")
    initial = {"name": group.name, "agency": group.agency_id, "host": group.host}
    return save_page(
        request,
        _group_form(request, scope, initial=initial),
        lambda data: services.participation_group_update(actor=scope.user, group=group, data=data),
        _group_done(scope, "updated"),
        {"title": f"Change {group}", "back": _url(scope, "voice_list")},
    )


@partnership_view
def participation_group_retire(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    group = policies.participation_groups.get(scope, pk, "retire")
    form = RetireForm(posted_data(request), initial={"retired_on": timezone.localdate()})
    saved = submit(
        request,
        form,
        lambda data: services.participation_group_retire(actor=scope.user, group=group, **data),
    )
    if saved:
        messages.success(request, f"The group “{group}” was retired.")
        return redirect(_url(scope, "voice_list"))
    return render(request, "core/retire_form.html", {"form": form, "thing": group})


def _engagement_form(request: HttpRequest, scope: Scope, **kwargs: Any) -> EngagementForm:
    groups = selectors.participation_groups_for(scope.partnership)
    return EngagementForm(posted_data(request), groups=groups, **kwargs)


def _engagement_done(scope: Scope, verb: str) -> Callable[[Any], tuple[str, str]]:
    return lambda row: (f"“{row}” was {verb}.", _url(scope, "voice_list", row.year))


@partnership_view
def engagement_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.engagements.require(scope, "add")
    year = chosen_year(request) or ReportingYear.current().previous()
    return save_page(
        request,
        _engagement_form(request, scope, initial={"year": year.label}),
        lambda data: services.engagement_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _engagement_done(scope, "added"),
        {
            "title": "Add work shaped by children and young people",
            "back": _url(scope, "voice_list"),
        },
    )


@partnership_view
def engagement_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    engagement = policies.engagements.get(scope, pk, "change")
    initial = _initial(engagement, "year", "title", "influenced")
    initial |= {"details": lines(engagement.details), "groups": list(engagement.groups.all())}
    return save_page(
        request,
        _engagement_form(request, scope, initial=initial),
        lambda data: services.engagement_update(actor=scope.user, engagement=engagement, data=data),
        _engagement_done(scope, "updated"),
        {"title": f"Change “{engagement}”", "back": _url(scope, "voice_list", engagement.year)},
    )


# Changes to national guidance


@partnership_view
def guidance_change_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.guidance_changes.require(scope, "view")
    context = {
        "changes": selectors.guidance_changes_for(scope.partnership),
        "can_change": policies.guidance_changes.can(scope, "change"),
    }
    return render(request, "governance/guidance_change_list.html", context)


def _change_done(scope: Scope, verb: str) -> Callable[[Any], tuple[str, str]]:
    return lambda row: (f"The change on {row} was {verb}.", _url(scope, "guidance_change_list"))


@partnership_view
def guidance_change_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.guidance_changes.require(scope, "add")
    return save_page(
        request,
        GuidanceChangeForm(posted_data(request)),
        lambda data: services.guidance_change_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _change_done(scope, "added"),
        {"title": "Add a change in guidance", "back": _url(scope, "guidance_change_list")},
    )


@partnership_view
def guidance_change_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    change = policies.guidance_changes.get(scope, pk, "change")
    initial = _initial(change, "year", "topic", "guidance", "decision")
    return save_page(
        request,
        GuidanceChangeForm(posted_data(request), initial=initial),
        lambda data: services.guidance_change_update(actor=scope.user, change=change, data=data),
        _change_done(scope, "updated"),
        {"title": f"Change {change}", "back": _url(scope, "guidance_change_list")},
    )
