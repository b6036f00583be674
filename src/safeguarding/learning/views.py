"""The Action Plan Evaluation, each action's page, and the forms that move an action on."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safeguarding.accounts import selectors as account_selectors
from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view, posted_data, querystring_without_page
from safeguarding.learning import policies, selectors, services
from safeguarding.learning.forms import ActionFilterForm, ActionForm, EvidenceForm, ProgressForm
from safeguarding.learning.models import Action, ActionStatus, Source
from safeguarding.learning.web import action_url, save_page, source_to_add_to, source_url

ACTIONS_PER_PAGE = 50
ACTION_FIELDS = (
    "title",
    "description",
    "recommendation",
    "owner_agency",
    "owner",
    "raised_on",
    "due_on",
    "status",
    "rag",
    "completed_on",
)


def _filter_data(form: ActionFilterForm) -> dict[str, Any]:
    """The filters that are valid (an unknown agency is ignored and shown as an error)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


@partnership_view
def action_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The Action Plan Evaluation: every action, where it came from, and whether it worked."""
    policies.actions.require(scope, "view")
    today = timezone.localdate()
    rows = policies.actions.visible(scope)
    agencies = selectors.agencies_with_actions(scope.partnership)
    filters = ActionFilterForm(request.GET or None, agencies=agencies)
    chosen = selectors.ActionFilters.from_data(_filter_data(filters))
    page = Paginator(selectors.evaluation(rows, chosen, today), ACTIONS_PER_PAGE)
    context = {
        "page": page.get_page(request.GET.get("page")),
        "filters": filters,
        "by_agency": selectors.overdue_by_agency(rows, today),
        "coverage": selectors.impact_coverage(rows),
        "querystring": querystring_without_page(request),
        "today": today,
    }
    return render(request, "learning/action_list.html", context)


@partnership_view
def action_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.actions.require(scope, "view")
    action = policies.actions.get(scope, pk)
    today = timezone.localdate()
    updates, evidence = selectors.action_detail(action)
    can_progress = policies.actions.can(scope, "progress", action)
    can_evidence = policies.actions.can(scope, "evidence", action)
    context = {
        "action": action,
        "overdue": action.is_overdue(today),
        "updates": updates,
        "evidence": evidence,
        "can_change": policies.actions.can(scope, "change", action),
        "progress_form": ProgressForm() if can_progress else None,
        "evidence_form": EvidenceForm(initial={"gathered_on": today}) if can_evidence else None,
    }
    return render(request, "learning/action_detail.html", context)


def _back_to_action(message: str) -> Any:
    return lambda row: (message, action_url(row.action))


@partnership_view
def action_progress(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.actions.require(scope, "view")
    action = policies.actions.get(scope, pk, "progress")
    return save_page(
        request,
        ProgressForm(posted_data(request)),
        lambda data: services.action_progress_add(actor=scope.user, action=action, **data),
        _back_to_action("Your progress update was saved."),
        {"title": "Update progress", "caption": action, "back": action_url(action)},
    )


@partnership_view
def action_evidence(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.actions.require(scope, "view")
    action = policies.actions.get(scope, pk, "evidence")
    return save_page(
        request,
        EvidenceForm(posted_data(request), initial={"gathered_on": timezone.localdate()}),
        lambda data: services.impact_evidence_add(actor=scope.user, action=action, **data),
        _back_to_action("The evidence of impact was saved."),
        {"title": "Add evidence of impact", "caption": action, "back": action_url(action)},
    )


# Adding and changing an action, from its source


def _action_form(
    request: HttpRequest, scope: Scope, source: Source, action: Action | None
) -> ActionForm:
    initial: dict[str, Any] = {
        "raised_on": timezone.localdate(),
        "status": ActionStatus.NOT_STARTED,
    }
    if action is not None:
        initial = {field: getattr(action, field) for field in ACTION_FIELDS}
    return ActionForm(
        posted_data(request),
        initial=initial,
        recommendations=selectors.recommendations_of(source),
        agencies=selectors.owner_agency_choices(scope.partnership, action),
        people=account_selectors.members_of(scope.partnership),
    )


@partnership_view
def action_add(request: HttpRequest, scope: Scope, source_pk: int) -> HttpResponse:
    source = source_to_add_to(scope, source_pk, "add")
    return save_page(
        request,
        _action_form(request, scope, source, None),
        lambda data: services.action_create(actor=scope.user, source=source, **data),
        lambda action: (f"The action “{action}” was added.", source_url(source, "actions")),
        {"title": "Add an action", "caption": source, "back": source_url(source, "actions")},
    )


@partnership_view
def action_edit(request: HttpRequest, scope: Scope, source_pk: int, pk: int) -> HttpResponse:
    source = source_to_add_to(scope, source_pk, "change")
    rows = policies.actions.visible(scope).filter(source=source)
    action = policies.actions.get(scope, pk, "change", queryset=rows)
    return save_page(
        request,
        _action_form(request, scope, source, action),
        lambda data: services.action_update(actor=scope.user, action=action, data=data),
        lambda saved: (f"The action “{saved}” was updated.", action_url(saved)),
        {"title": f"Change {action}", "caption": source, "back": action_url(action)},
    )
