"""The professional differences pages: the register with its filters and clocks, raising a
difference, its record, and the writes on it (change, move up a step, complete a step, close,
raise a finding). The survey pages are in `survey_views`, the figures in `figure_views`.

The LADO and CDOP roles have no part in the register: every page answers them 404.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.selectors import themes_for
from safeguarding.core.web import form_page, partnership_view, posted_data, querystring_without_page
from safeguarding.escalations import policies, selectors, services
from safeguarding.escalations.forms import (
    CloseForm,
    EscalationForm,
    FilterForm,
    StepCompleteForm,
    StepStartForm,
    escalation_initial,
)
from safeguarding.escalations.models import Escalation, Step
from safeguarding.learning.forms import FindingForm
from safeguarding.learning.policies import sources as learning_sources

save_page = partial(form_page, template="escalations/form.html")
TITLE = "Professional differences"


def require_register(scope: Scope) -> None:
    """Every escalations page answers 404 to a member who reads none of the register."""
    if not scope.has_any(policies.READ_SOME):
        raise Http404("No such page.")


def list_url(scope: Scope) -> str:
    return reverse("escalations:escalation_list", args=[scope.partnership.slug])


def detail_url(escalation: Escalation) -> str:
    return reverse(
        "escalations:escalation_detail", args=[escalation.partnership.slug, escalation.pk]
    )


def crumbs(scope: Scope, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """The breadcrumbs of an escalations page: home, the register, then `more`."""
    home = reverse("core:home", args=[scope.partnership.slug])
    return [("Home", home), (TITLE, list_url(scope)), *more]


def _escalation(scope: Scope, pk: int, action: str = "view") -> Escalation:
    return policies.escalations.get(
        scope, pk, action, queryset=selectors.escalation_for_page(scope)
    )


def _record_page(scope: Scope, escalation: Escalation, title: str, **extra: Any) -> dict[str, Any]:
    """The context of a form page on one difference: its title, caption, way back and
    breadcrumbs."""
    url = detail_url(escalation)
    return {
        "title": title,
        "caption": escalation.reference,
        "back": url,
        "crumbs": crumbs(scope, (escalation.reference, url)),
        **extra,
    }


# The register


@partnership_view
def escalation_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope)
    filters = FilterForm(
        request.GET or None,
        agencies=selectors.filter_agencies(scope),
        themes=themes_for(scope.partnership),
    )
    context = {
        "filters": filters,
        "register": selectors.register_page(
            scope, filters.filters(), request.GET.get("page"), timezone.localdate()
        ),
        "querystring": querystring_without_page(request),
        "can_raise": policies.escalations.can(scope, "add"),
        "sees_survey": policies.survey_responses.can(scope, "view"),
        "sees_figures": scope.has_any(policies.READ_ALL),
        "crumbs": crumbs(scope)[:1],
    }
    return render(request, "escalations/escalation_list.html", context)


def _form(request: HttpRequest, scope: Scope, escalation: Escalation | None) -> EscalationForm:
    if escalation is None:
        initial: dict[str, Any] = {"raised_on": timezone.localdate(), "step": Step.PRACTITIONER}
        if len(scope.agency_ids) == 1:
            initial["raising_agency"] = next(iter(scope.agency_ids))
    else:
        initial = escalation_initial(escalation)
    return EscalationForm(
        posted_data(request),
        initial=initial,
        raising=selectors.raising_agencies(scope, escalation),
        receiving=selectors.receiving_agencies(scope, escalation),
        themes=selectors.theme_choices(scope.partnership, escalation.theme if escalation else None),
        editing=escalation is not None,
    )


@partnership_view
def escalation_raise(request: HttpRequest, scope: Scope) -> HttpResponse:
    require_register(scope)
    policies.escalations.require(scope, "add")
    return save_page(
        request,
        _form(request, scope, None),
        lambda data: services.escalation_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        lambda e: (f"The professional difference {e.reference} was raised.", detail_url(e)),
        {
            "title": "Raise a professional difference",
            "caption": TITLE,
            "back": list_url(scope),
            "crumbs": crumbs(scope),
        },
    )


# One difference


@partnership_view
def escalation_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    escalation = _escalation(scope, pk)
    can = partial(policies.escalations.can, scope, obj=escalation)
    context = {
        "escalation": escalation,
        "detail": selectors.escalation_detail(escalation, timezone.localdate()),
        "can_step": can("step"),
        "can_change": can("change"),
        "can_close": can("close"),
        "can_raise_finding": can("raise_finding"),
        "sees_learning": learning_sources.can(scope, "view"),
        "crumbs": crumbs(scope),
    }
    return render(request, "escalations/escalation_detail.html", context)


@partnership_view
def escalation_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    escalation = _escalation(scope, pk, "change")
    return save_page(
        request,
        _form(request, scope, escalation),
        lambda data: services.escalation_update(actor=scope.user, escalation=escalation, data=data),
        lambda e: (f"The professional difference {e.reference} was updated.", detail_url(e)),
        _record_page(scope, escalation, "Change the professional difference"),
    )


@partnership_view
def escalation_step(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """Move the difference up a step (the steps above the highest it has reached)."""
    escalation = _escalation(scope, pk, "step")
    steps = selectors.next_steps(escalation) or list(Step)  # none left: the service says why
    form = StepStartForm(
        posted_data(request),
        initial={"step": steps[0], "started_on": timezone.localdate()},
        steps=steps,
    )
    return save_page(
        request,
        form,
        lambda data: services.escalation_step_start(
            actor=scope.user, escalation=escalation, **data
        ),
        lambda s: (f"{escalation.reference} moved up to step {s.step}.", detail_url(escalation)),
        _record_page(scope, escalation, "Move up a step"),
    )


@partnership_view
def step_complete(request: HttpRequest, scope: Scope, pk: int, step_pk: int) -> HttpResponse:
    escalation = _escalation(scope, pk, "step")
    step = selectors.step_of(escalation, step_pk)
    initial = {"completed_on": step.completed_on or timezone.localdate(), "notes": step.notes}
    return save_page(
        request,
        StepCompleteForm(posted_data(request), initial=initial),
        lambda data: services.escalation_step_complete(actor=scope.user, step=step, **data),
        lambda s: (
            f"Step {s.step} of {escalation.reference} was completed.",
            detail_url(escalation),
        ),
        _record_page(
            scope,
            escalation,
            f"Complete step {step.step}",
            clock=selectors.step_clock_for(step, timezone.localdate()),
        ),
    )


@partnership_view
def escalation_close(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    escalation = _escalation(scope, pk, "close")
    form = CloseForm(posted_data(request), initial={"closed_on": timezone.localdate()})
    return save_page(
        request,
        form,
        lambda data: services.escalation_close(actor=scope.user, escalation=escalation, **data),
        lambda e: (f"The professional difference {e.reference} was closed.", detail_url(e)),
        _record_page(scope, escalation, "Close the professional difference"),
    )


@partnership_view
def escalation_finding(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    """Raise a finding from the difference into the learning loop."""
    escalation = _escalation(scope, pk, "raise_finding")
    form = FindingForm(
        posted_data(request),
        initial={"recorded_on": timezone.localdate()},
        themes=selectors.theme_choices(scope.partnership),
    )
    return save_page(
        request,
        form,
        lambda data: services.escalation_finding_raise(
            actor=scope.user, escalation=escalation, **data
        ),
        lambda f: ("The finding was raised into the learning loop.", detail_url(escalation)),
        _record_page(
            scope,
            escalation,
            "Raise a finding into the learning loop",
            intro="The finding is added to this difference's learning, where the business unit "
            "can make recommendations and actions from it.",
        ),
    )
