"""The child death register's pages, for the CDOP role only: anyone else gets 404 on every one.

The register (its read audited), a notification and its corrections, the record (its read
audited), the panel's review, a finding raised into the learning loop, and the panel's figures
across its footprint. The CDOP figures page is in `figure_views.py`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.child_deaths import policies, selectors, services
from safeguarding.child_deaths.forms import (
    FindingForm,
    NotificationForm,
    RegisterFilterForm,
    ReviewForm,
)
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.selectors import themes_for
from safeguarding.core.web import (
    form_page,
    partnership_view,
    posted_data,
    querystring_without_page,
    year_or_404,
)
from safeguarding.core.years import ReportingYear

PER_PAGE = 50

save_page = partial(form_page, template="child_deaths/form.html")


def cdop_only(scope: Scope, action: str = "view") -> None:
    """A restricted register: without the CDOP role, the page does not exist (404, never 403)."""
    if not policies.child_deaths.can(scope, action):
        raise Http404("Not found.")


def death_url(death: ChildDeath) -> str:
    return reverse("child_deaths:death_detail", args=[death.partnership.slug, death.pk])


def _list_url(scope: Scope) -> str:
    return reverse("child_deaths:death_list", args=[scope.partnership.slug])


def _form_context(title: str, death: ChildDeath) -> dict[str, Any]:
    return {"title": title, "caption": death.case_code, "back": death_url(death), "death": death}


def _death(scope: Scope, pk: int, action: str = "view") -> ChildDeath:
    return policies.child_deaths.get(scope, pk, action, queryset=selectors.death_for_page(scope))


# The register


def _filters(form: RegisterFilterForm) -> selectors.RegisterFilters:
    if not form.is_bound or not form.is_valid():
        return selectors.RegisterFilters()
    return selectors.RegisterFilters(**form.cleaned_data)


@partnership_view
def death_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The deaths of children who lived in the partnership, filtered; the read is audited."""
    cdop_only(scope)
    years = selectors.register_years(scope.partnership, timezone.localdate())
    form = RegisterFilterForm(request.GET or None, years=years)
    filters = _filters(form)
    page = Paginator(selectors.register(scope, filters), PER_PAGE).get_page(request.GET.get("page"))
    services.child_deaths_list_read(
        actor=scope.user,
        partnership=scope.partnership,
        rows=page.paginator.count,
        filters=filters.describe(),
    )
    context = {
        "filters": form,
        "page": page,
        "querystring": querystring_without_page(request),
        "panels": selectors.panels_serving(scope.partnership, timezone.localdate()),
    }
    return render(request, "child_deaths/death_list.html", context)


# A notification


@partnership_view
def death_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    cdop_only(scope, "add")
    panels = selectors.panel_choices(scope.partnership, timezone.localdate())
    form = NotificationForm(
        posted_data(request), panels=panels, initial={"joint_agency_response": False}
    )
    return save_page(
        request,
        form,
        lambda data: services.child_death_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda death: (f"The death of {death.case_code} was recorded.", death_url(death)),
        {"title": "Record a child death notification", "back": _list_url(scope)},
    )


@partnership_view
def death_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """One death's record; every read is written to the audit log."""
    death = _death(scope, pk)
    services.child_death_read(actor=scope.user, death=death)
    context = {"death": death, "findings": selectors.death_findings(death)}
    return render(request, "child_deaths/death_detail.html", context)


@partnership_view
def death_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    death = _death(scope, pk, "change")
    panels = selectors.panel_choices(scope.partnership, timezone.localdate(), death.panel)
    form = NotificationForm(
        posted_data(request), panels=panels, initial=selectors.notification_initial(death)
    )
    return save_page(
        request,
        form,
        lambda data: services.child_death_update(actor=scope.user, death=death, data=data),
        lambda saved: (f"The record of {saved.case_code} was updated.", death_url(saved)),
        _form_context("Change the notification", death),
    )


@partnership_view
def death_review(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    death = _death(scope, pk, "review")
    form = ReviewForm(posted_data(request), initial=selectors.review_initial(death))
    return save_page(
        request,
        form,
        lambda data: services.child_death_review_record(actor=scope.user, death=death, **data),
        lambda saved: (f"The review of {saved.case_code} was recorded.", death_url(saved)),
        _form_context("Record the review", death),
    )


@partnership_view
def death_finding(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    death = _death(scope, pk, "raise_finding")
    form = FindingForm(
        posted_data(request),
        initial={"recorded_on": timezone.localdate()},
        themes=themes_for(scope.partnership, include_retired=False),
    )
    return save_page(
        request,
        form,
        lambda data: services.child_death_finding_raise(actor=scope.user, death=death, **data),
        lambda finding: ("The finding was raised into the learning loop.", death_url(death)),
        _form_context("Raise a finding", death),
    )


# The panel


@partnership_view
def panel_detail(request: HttpRequest, scope: Scope, panel: str) -> HttpResponse:
    """The panel's figures for a year across its footprint, by partnership."""
    cdop_only(scope)
    footprint = selectors.readable_panel(scope, panel)
    label = request.GET.get("year", "").strip()
    year = year_or_404(label) if label else ReportingYear.current()
    following = ReportingYear(year.start_year + 1)
    context = {
        "figures": selectors.panel_figures(footprint, year),
        "previous": year.previous(),
        "following": following if following <= ReportingYear.current() else None,
    }
    return render(request, "child_deaths/panel_detail.html", context)
