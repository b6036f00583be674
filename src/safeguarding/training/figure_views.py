"""The training figures' pages: learning gain (with its formula stated), and compliance with the
training each role must keep in date, every agency's and one agency's people. The figures come
from `training.gain` and `training.figures`; these pages only choose and show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.models import Agency
from safeguarding.core.web import partnership_view
from safeguarding.core.years import ReportingYear
from safeguarding.training import figures, gain, policies
from safeguarding.training import record_selectors as selectors
from safeguarding.training.models import SCALE_MIN, Course
from safeguarding.training.record_forms import FigureFilterForm
from safeguarding.training.selectors import course_filter_choices


@dataclass(frozen=True)
class GainFilters:
    year: ReportingYear
    course: Course | None = None
    agency: Agency | None = None


def _gain_filters(form: FigureFilterForm) -> GainFilters:
    """The filters chosen (the current reporting year unless another is given); filters that
    are not valid are shown as errors and left out."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or ReportingYear.current()
    return GainFilters(year, data.get("course"), data.get("agency"))


@partnership_view
def learning_gain(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Learning gain by course and by agency over the year's matched pairs of ratings."""
    policies.require_figures(scope)
    form = FigureFilterForm(
        request.GET or None,
        courses=course_filter_choices(scope.partnership),
        agencies=selectors.filter_agencies(scope),
    )
    chosen = _gain_filters(form)
    common: dict[str, Any] = {
        "partnership": scope.partnership,
        "year": chosen.year,
        "courses": [chosen.course] if chosen.course else (),
        "agencies": [chosen.agency] if chosen.agency else (),
    }
    by_course = gain.learning_gain(**common, by=("course",))
    by_agency = gain.learning_gain(**common, by=("agency",))
    context = {
        "filters": form,
        "chosen": chosen,
        "by_course": selectors.gain_rows(by_course),
        "by_agency": selectors.gain_rows(by_agency),
        "total": by_course.total,
        "scale_min": SCALE_MIN,
    }
    return render(request, "training/gain.html", context)


@partnership_view
def compliance(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Each agency's required courses and how many of its people are in date, expiring,
    expired or never trained today. An agency lead sees their own agency."""
    policies.require_figures(scope, policies.COMPLIANCE_READERS)
    today = timezone.localdate()
    agencies = list(selectors.filter_agencies(scope))
    rows = selectors.compliance_rows_for(scope, today, agencies)
    context = {
        "agencies": selectors.compliance_by_agency(rows, agencies),
        "today": today,
        "reads_all": scope.has_any(policies.READ_ALL),
    }
    return render(request, "training/compliance.html", context)


@partnership_view
def compliance_agency(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """One agency's people who must keep training in date, each course and its state."""
    policies.require_figures(scope, policies.COMPLIANCE_READERS)
    agency = selectors.filter_agencies(scope).filter(pk=pk).first()
    if agency is None:
        raise Http404("No such agency.")
    today = timezone.localdate()
    rows = figures.compliance_rows(partnership=scope.partnership, on=today, agency=agency)
    context = {
        "agency": agency,
        "summary": selectors.compliance_by_agency(rows, [agency]),
        "rows": rows,
        "today": today,
    }
    return render(request, "training/compliance_agency.html", context)
