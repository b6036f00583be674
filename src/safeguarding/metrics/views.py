"""Pages to list, enter, change and remove the figures entered for past years."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safeguarding.accounts.scope import Scope
from safeguarding.core.govuk_forms import GovukForm
from safeguarding.core.web import partnership_view, posted_data, querystring_without_page, submit
from safeguarding.metrics import policies, selectors, services
from safeguarding.metrics.forms import EnteredValueFilterForm, EnteredValueForm, ValueFields
from safeguarding.metrics.models import EnteredValue

PER_PAGE = 50


@partnership_view
def entered_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.entered_values.require(scope, "view")
    filters = EnteredValueFilterForm(request.GET or None)
    metric = filters.cleaned_data.get("metric", "") if filters.is_valid() else ""
    rows = selectors.entered_values_for(scope.partnership, metric=metric)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "metrics/entered_list.html",
        {
            "page": page,
            "filters": filters,
            "can_change": policies.entered_values.can(scope, "change"),
            "querystring": querystring_without_page(request),
        },
    )


@partnership_view
def entered_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.entered_values.require(scope, "add")
    form = EnteredValueForm(posted_data(request), initial={"metric": request.GET.get("metric")})
    entered = submit(
        request,
        form,
        lambda data: services.entered_value_set(
            actor=scope.user, partnership=scope.partnership, **data
        ),
    )
    if entered:
        messages.success(request, f"The figure for {entered} was saved.")
        return redirect("metrics:entered_list", scope.partnership.slug)
    return render(request, "metrics/entered_form.html", {"form": form, "entered": None})


@partnership_view
def entered_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    entered = policies.entered_values.get(scope, pk, "change")
    initial = {"value": entered.value.normalize(), "source": entered.source}
    form = ValueFields(posted_data(request), initial=initial)
    saved = submit(request, form, lambda data: _save(scope, entered, data))
    if saved:
        messages.success(request, f"The figure for {entered} was updated.")
        return redirect("metrics:entered_list", scope.partnership.slug)
    return render(request, "metrics/entered_form.html", {"form": form, "entered": entered})


def _save(scope: Scope, entered: EnteredValue, data: dict[str, Any]) -> EnteredValue:
    return services.entered_value_set(
        actor=scope.user,
        partnership=scope.partnership,
        metric=entered.metric_code,
        period=entered.period,
        breakdown=entered.breakdown,
        breakdown_value=entered.breakdown_value,
        value=data["value"],
        source=str(data["source"]),
    )


@partnership_view
def entered_remove(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    entered = policies.entered_values.get(scope, pk, "remove")
    form = GovukForm(posted_data(request))
    removed = submit(
        request,
        form,
        lambda data: _remove(scope, entered),
    )
    if removed:
        messages.success(request, f"The figure for {entered} was removed.")
        return redirect("metrics:entered_list", scope.partnership.slug)
    return render(request, "metrics/entered_remove.html", {"form": form, "entered": entered})


def _remove(scope: Scope, entered: EnteredValue) -> bool:
    services.entered_value_remove(actor=scope.user, entered=entered)
    return True
