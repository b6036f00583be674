"""The budget pages: a reporting year's contributions, grants and expenditure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safeguarding.accounts.scope import Scope
from safeguarding.core import selectors as core_selectors
from safeguarding.core.web import partnership_view, posted_data, submit, year_or_404
from safeguarding.core.years import ReportingYear
from safeguarding.governance import policies, selectors, services
from safeguarding.governance.forms import ContributionForm, ExpenditureForm, GrantForm
from safeguarding.governance.models import Contribution, Expenditure, Grant

FORM_TEMPLATE = "governance/budget_line_form.html"


def _to_budget(scope: Scope, year: ReportingYear) -> HttpResponse:
    return redirect("governance:budget", scope.partnership.slug, year.label)


def _form_page(
    request: HttpRequest, form: Any, year: ReportingYear, what: str, line: Any = None
) -> HttpResponse:
    context = {"form": form, "year": year, "what": what, "line": line}
    return render(request, FORM_TEMPLATE, context)


@partnership_view
def budget_current(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.contributions.require(scope, "view")
    return _to_budget(scope, ReportingYear.current())


@partnership_view
def budget(request: HttpRequest, scope: Scope, year: str) -> HttpResponse:
    policies.contributions.require(scope, "view")
    reporting_year = year_or_404(year)
    context = {
        "budget": selectors.budget_for(scope.partnership, reporting_year),
        "years": selectors.budget_years(scope.partnership),
        "can_change": policies.contributions.can(scope, "change"),
    }
    return render(request, "governance/budget.html", context)


# Contributions


def _contribution_form(request: HttpRequest, scope: Scope, **kwargs: Any) -> ContributionForm:
    agencies = core_selectors.current_agencies_serving(scope.partnership)
    return ContributionForm(posted_data(request), agencies=agencies, **kwargs)


@partnership_view
def contribution_add(request: HttpRequest, scope: Scope, year: str) -> HttpResponse:
    policies.contributions.require(scope, "add")
    reporting_year = year_or_404(year)
    form = _contribution_form(request, scope)
    line = submit(
        request,
        form,
        lambda data: services.contribution_create(
            actor=scope.user, partnership=scope.partnership, year=reporting_year, **data
        ),
    )
    if line:
        messages.success(request, f"{line.agency}'s contribution was added.")
        return _to_budget(scope, reporting_year)
    return _form_page(request, form, reporting_year, "a contribution")


@partnership_view
def contribution_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    line = policies.contributions.get(scope, pk, "change")
    initial = {"agency": line.agency_id, "amount": line.amount}
    form = _contribution_form(request, scope, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.contribution_update(actor=scope.user, line=line, **data),
    )
    if saved:
        messages.success(request, f"{line.agency}'s contribution was updated.")
        return _to_budget(scope, ReportingYear(line.year))
    return _form_page(request, form, ReportingYear(line.year), "a contribution", line)


# Grants


@partnership_view
def grant_add(request: HttpRequest, scope: Scope, year: str) -> HttpResponse:
    policies.grants.require(scope, "add")
    reporting_year = year_or_404(year)
    form = GrantForm(posted_data(request))
    line = submit(
        request,
        form,
        lambda data: services.grant_create(
            actor=scope.user, partnership=scope.partnership, year=reporting_year, **data
        ),
    )
    if line:
        messages.success(request, f"The grant from {line.funder} was added.")
        return _to_budget(scope, reporting_year)
    return _form_page(request, form, reporting_year, "a grant")


@partnership_view
def grant_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    line = policies.grants.get(scope, pk, "change")
    initial = {
        "amount": line.amount,
        "funder": line.funder,
        "purpose": line.purpose,
        "uses": "\n".join(line.uses),
    }
    form = GrantForm(posted_data(request), initial=initial)
    saved = submit(
        request, form, lambda data: services.grant_update(actor=scope.user, line=line, data=data)
    )
    if saved:
        messages.success(request, f"The grant from {line.funder} was updated.")
        return _to_budget(scope, ReportingYear(line.year))
    return _form_page(request, form, ReportingYear(line.year), "a grant", line)


# Expenditure


@partnership_view
def expenditure_add(request: HttpRequest, scope: Scope, year: str) -> HttpResponse:
    policies.expenditure.require(scope, "add")
    reporting_year = year_or_404(year)
    form = ExpenditureForm(posted_data(request))
    line = submit(
        request,
        form,
        lambda data: services.expenditure_create(
            actor=scope.user, partnership=scope.partnership, year=reporting_year, **data
        ),
    )
    if line:
        messages.success(request, f"Spending on “{line.category}” was added.")
        return _to_budget(scope, reporting_year)
    return _form_page(request, form, reporting_year, "spending")


@partnership_view
def expenditure_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    line = policies.expenditure.get(scope, pk, "change")
    form = ExpenditureForm(
        posted_data(request), initial={"category": line.category, "amount": line.amount}
    )
    saved = submit(
        request,
        form,
        lambda data: services.expenditure_update(actor=scope.user, line=line, data=data),
    )
    if saved:
        messages.success(request, f"Spending on “{line.category}” was updated.")
        return _to_budget(scope, ReportingYear(line.year))
    return _form_page(request, form, ReportingYear(line.year), "spending", line)


# Removing a line entered in error


def _remove(
    request: HttpRequest, scope: Scope, line: Contribution | Grant | Expenditure
) -> HttpResponse:
    year = ReportingYear(line.year)
    if request.method == "POST":
        services.budget_line_remove(actor=scope.user, line=line)
        messages.success(request, f"“{line}” was removed from the {year} budget.")
        return _to_budget(scope, year)
    return render(request, "governance/budget_line_remove.html", {"line": line, "year": year})


@partnership_view
def contribution_remove(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _remove(request, scope, policies.contributions.get(scope, pk, "remove"))


@partnership_view
def grant_remove(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _remove(request, scope, policies.grants.get(scope, pk, "remove"))


@partnership_view
def expenditure_remove(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    return _remove(request, scope, policies.expenditure.get(scope, pk, "remove"))
