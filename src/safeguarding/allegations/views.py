"""The LADO register's pages: the register with its "LADO informed" clocks, one allegation's
record, recording, changing and concluding one, raising a finding from it, and the LADO's
figures. Only the LADO role opens any of them: everyone else gets 404 (the policy), and every
read of the register or of a record is written to the audit log."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.allegations import policies, selectors, services
from safeguarding.allegations.forms import (
    AllegationForm,
    ConcludeForm,
    RegisterFilterForm,
)
from safeguarding.allegations.models import Allegation
from safeguarding.core.selectors import themes_for
from safeguarding.core.web import (
    form_page,
    partnership_view,
    posted_data,
    querystring_without_page,
    year_or_404,
)
from safeguarding.core.years import ReportingYear
from safeguarding.learning.forms import FindingForm

save_page = partial(form_page, template="allegations/form.html")


def list_url(scope: Scope) -> str:
    return reverse("allegations:allegation_list", args=[scope.partnership.slug])


def detail_url(allegation: Allegation) -> str:
    return reverse(
        "allegations:allegation_detail", args=[allegation.partnership.slug, allegation.pk]
    )


def require_register(scope: Scope, action: str = "view") -> None:
    """A page of the register with no record in its URL: 404 without the LADO role (as the
    policy answers for a record), 403 for a reader who may not do `action`."""
    if not policies.allegations.can(scope, "view"):
        raise Http404("Not found.")
    policies.allegations.require(scope, action)


def _allegation(scope: Scope, pk: int, action: str = "view") -> Allegation:
    rows = selectors.allegation_for_page(scope)
    return policies.allegations.get(scope, pk, action, queryset=rows)


@partnership_view
def allegation_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope)
    today = timezone.localdate()
    filters = RegisterFilterForm(request.GET or None, years=selectors.register_years(scope, today))
    chosen = selectors.RegisterFilters(**filters.chosen())
    register = selectors.register_page(scope, chosen, request.GET.get("page"), today)
    services.register_read(
        actor=scope.user,
        partnership=scope.partnership,
        shown=register.allegations,
        filters=chosen.describe(),
        page=register.page.number,
    )
    context = {
        "filters": filters,
        "register": register,
        "querystring": querystring_without_page(request),
    }
    return render(request, "allegations/allegation_list.html", context)


@partnership_view
def allegation_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope, "add")
    form = AllegationForm(posted_data(request), initial={"criteria_met": "undecided"})
    return save_page(
        request,
        form,
        lambda data: services.allegation_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda saved: (f"{saved.reference} was recorded.", detail_url(saved)),
        {"title": "Record a notification", "back": list_url(scope)},
    )


@partnership_view
def allegation_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    allegation = _allegation(scope, pk)
    services.allegation_read(actor=scope.user, allegation=allegation)
    context = {"detail": selectors.allegation_detail(allegation, timezone.localdate())}
    return render(request, "allegations/allegation_detail.html", context)


@partnership_view
def allegation_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    allegation = _allegation(scope, pk, "change")
    form = AllegationForm(
        posted_data(request), initial=selectors.allegation_form_initial(allegation), editing=True
    )
    return save_page(
        request,
        form,
        lambda data: services.allegation_update(actor=scope.user, allegation=allegation, data=data),
        lambda saved: (f"{saved.reference} was updated.", detail_url(saved)),
        {
            "title": "Change the allegation",
            "allegation": allegation,
            "caption": allegation.reference,
            "back": detail_url(allegation),
        },
    )


@partnership_view
def allegation_conclude(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    allegation = _allegation(scope, pk, "conclude")
    today = timezone.localdate()
    form = ConcludeForm(
        posted_data(request), initial=selectors.conclude_form_initial(allegation, today)
    )
    return save_page(
        request,
        form,
        lambda data: services.allegation_conclude(actor=scope.user, allegation=allegation, **data),
        lambda saved: (
            f"{saved.reference} was concluded: {saved.get_outcome_display().lower()}.",
            detail_url(saved),
        ),
        {
            "title": "Conclude the allegation",
            "allegation": allegation,
            "caption": allegation.reference,
            "back": detail_url(allegation),
        },
    )


@partnership_view
def allegation_finding(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    allegation = _allegation(scope, pk, "raise_finding")
    form = FindingForm(
        posted_data(request),
        initial={"recorded_on": timezone.localdate()},
        themes=themes_for(scope.partnership, include_retired=False),
    )
    return save_page(
        request,
        form,
        lambda data: services.allegation_finding_raise(
            actor=scope.user, allegation=allegation, **data
        ),
        lambda finding: (
            f"The finding was raised into the learning loop as {finding.source}.",
            detail_url(allegation),
        ),
        {
            "title": "Raise a finding",
            "allegation": allegation,
            "caption": allegation.reference,
            "intro": "The finding joins the partnership's learning under the allegation's "
            "reference only: the learning pages never show the person or the child.",
            "back": detail_url(allegation),
        },
    )


@partnership_view
def figures(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The register's figures for five years, true values (the LADO's own dashboard); `?year=`
    names the last of them (the current reporting year by default)."""
    require_register(scope)
    label = request.GET.get("year", "").strip()
    last = year_or_404(label) if label else ReportingYear.current()
    context = {"tables": selectors.figure_tables(scope.partnership, last), "last": last}
    return render(request, "allegations/figures.html", context)
