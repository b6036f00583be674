"""The partnership dashboard: a chart and its data table for each panel, and their downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view, year_or_404
from safeguarding.core.years import ReportingYear
from safeguarding.metrics.dashboard import (
    Panel,
    UnknownPanel,
    dashboard_for,
    get_panel,
    published_for,
)
from safeguarding.metrics.dashboard_exports import panel_export
from safeguarding.metrics.disclosure import symbol, threshold, threshold_of


def chosen_year(request: HttpRequest) -> ReportingYear:
    """The year in `?year=` (the last complete reporting year when not given); 404 if not a year."""
    label = request.GET.get("year", "").strip()
    return year_or_404(label) if label else ReportingYear.current().previous()


def _panel(code: str) -> Panel:
    try:
        return get_panel(code)
    except UnknownPanel:
        raise Http404("No such dashboard panel.") from None


@require_GET
@partnership_view
def dashboard(request: HttpRequest, scope: Scope) -> HttpResponse:
    year = chosen_year(request)
    panels = dashboard_for(scope.partnership, year, frozenset(scope.roles))
    with threshold_of(scope.partnership):
        limit = threshold()
    context = {"year": year, "panels": panels, "threshold": limit, "symbol": symbol()}
    return render(request, "metrics/dashboard.html", context)


def _download(request: HttpRequest, scope: Scope, code: str, file_format: str) -> HttpResponse:
    panel = _panel(code)
    asked = request.GET.get("published") == "1"
    export = panel_export(
        actor=scope.user,
        partnership=scope.partnership,
        panel=panel,
        year=chosen_year(request),
        file_format=file_format,
        published=published_for(panel, frozenset(scope.roles), asked=asked),
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@require_GET
@partnership_view
def dashboard_csv(request: HttpRequest, scope: Scope, panel: str) -> HttpResponse:
    return _download(request, scope, panel, "csv")


@require_GET
@partnership_view
def dashboard_xlsx(request: HttpRequest, scope: Scope, panel: str) -> HttpResponse:
    return _download(request, scope, panel, "xlsx")
