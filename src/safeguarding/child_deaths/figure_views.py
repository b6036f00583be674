"""The CDOP figures page: the partnership's child death figures, true values (small counts
shown), for the CDOP role only. Every figure comes from `metrics.selectors.series` over the
register's metrics (`child_deaths.metrics`), so entered values fill the years before the Hub."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguarding.accounts.scope import Scope
from safeguarding.child_deaths import selectors
from safeguarding.child_deaths.metrics import PANELS
from safeguarding.child_deaths.views import cdop_only
from safeguarding.core.web import partnership_view
from safeguarding.metrics.dashboard import panel_data
from safeguarding.metrics.dashboard_views import chosen_year

#: How many years the headline table shows, ending with the chosen one.
SUMMARY_YEARS = 5


@require_GET
@partnership_view
def figures(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The year's headline figures beside the years before it, and the CDOP dashboard's panels."""
    cdop_only(scope)
    year = chosen_year(request)
    years = [year.previous(count) for count in range(SUMMARY_YEARS - 1, -1, -1)]
    context = {
        "year": year,
        "summary": selectors.figures_summary(scope.partnership, years),
        "panels": [panel_data(panel, partnership=scope.partnership, year=year) for panel in PANELS],
    }
    return render(request, "child_deaths/figures.html", context)
