"""The professional differences figures page: the registered figures (`escalations.*` metrics,
read through `metrics.selectors.series` by the dashboard's panels) for the chosen year and the
years before it, by step, agency, sector and theme; the steps completed on time; and the open
steps' clocks today. Read by those who read every difference (the business unit,
administrators, executive and scrutineer), with the true figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.models import Partnership
from safeguarding.core.web import partnership_view, year_or_404
from safeguarding.core.years import ReportingYear
from safeguarding.escalations import policies, selectors
from safeguarding.escalations.views import crumbs, require_register
from safeguarding.metrics.dashboard import ChartKind, Panel, PanelData, panel_data, shown_panels

PREFIX = "escalations."
#: Figures the dashboard does not hold: shown here only (no downloads).
OWN_PANELS = (
    Panel(
        code="escalations-by-agency",
        metric="escalations.raised",
        title="Professional differences raised, by the raising agency",
        breakdown="agency",
        chart=ChartKind.BREAKDOWN,
        years=3,
    ),
    Panel(
        code="escalations-survey-positive",
        metric="escalations.survey_positive",
        title="Survey responses saying the outcome for the child was positive (%)",
    ),
)


@dataclass(frozen=True)
class Figures:
    year: ReportingYear
    panels: list[PanelData]  # the dashboard's own panels: with downloads
    own: list[PanelData]
    clocks: list[selectors.OpenClocks]


def figures_for(partnership: Partnership, year: ReportingYear) -> Figures:
    shown = [panel for panel in shown_panels() if panel.metric.startswith(PREFIX)]
    return Figures(
        year,
        [panel_data(panel, partnership=partnership, year=year) for panel in shown],
        [panel_data(panel, partnership=partnership, year=year) for panel in OWN_PANELS],
        selectors.open_clocks(partnership, timezone.localdate()),
    )


@partnership_view
def figures(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope)
    if not scope.has_any(policies.READ_ALL):
        raise PermissionDenied("You may not read the register's figures.")
    label = request.GET.get("year", "").strip()
    year = year_or_404(label) if label else ReportingYear.current()
    context = {
        "figures": figures_for(scope.partnership, year),
        "year": year,
        "crumbs": crumbs(scope),
    }
    return render(request, "escalations/figures.html", context)
