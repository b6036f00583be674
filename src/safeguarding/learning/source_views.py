"""Sources of learning and what was learned from them: findings, recommendations, comments; and
how the learning was shared (dissemination)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core import selectors as core_selectors
from safeguarding.core.web import partnership_view, posted_data
from safeguarding.learning import policies, selectors, services
from safeguarding.learning.forms import (
    CommentForm,
    DisseminationForm,
    FindingForm,
    RecommendationForm,
)
from safeguarding.learning.links import record_url
from safeguarding.learning.models import Dissemination
from safeguarding.learning.web import save_page, source_to_add_to, source_url

SOURCES_PER_PAGE = 50
DISSEMINATIONS_PER_PAGE = 50


@partnership_view
def source_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.sources.require(scope, "view")
    rows = selectors.sources_for(policies.sources.visible(scope))
    context = {
        "page": Paginator(rows, SOURCES_PER_PAGE).get_page(request.GET.get("page")),
        "themes": selectors.themes_across_sources(scope.partnership),
    }
    return render(request, "learning/source_list.html", context)


@partnership_view
def source_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.sources.require(scope, "view")
    source = policies.sources.get(scope, pk)
    can_comment = policies.sources.can(scope, "comment", source)
    context = {
        "source": source,
        "record_url": record_url(source),
        "learning": selectors.source_learning(source, timezone.localdate()),
        "can_change": policies.sources.can(scope, "change", source),
        "comment_form": CommentForm() if can_comment else None,
    }
    return render(request, "learning/source_detail.html", context)


@partnership_view
def comment_add(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.sources.require(scope, "view")
    source = policies.sources.get(scope, pk, "comment")
    return save_page(
        request,
        CommentForm(posted_data(request)),
        lambda data: services.comment_add(actor=scope.user, source=source, **data),
        lambda comment: ("Your comment was added.", source_url(source, "comments")),
        {"title": "Add a comment", "caption": source, "back": source_url(source, "comments")},
    )


# Findings


def _themes(scope: Scope, keep: Any = ()) -> Any:
    current = core_selectors.themes_for(scope.partnership, include_retired=False)
    return current | core_selectors.themes_for(scope.partnership).filter(pk__in=keep)


@partnership_view
def finding_add(request: HttpRequest, scope: Scope, source_pk: int) -> HttpResponse:
    source = source_to_add_to(scope, source_pk, "add")
    back = source_url(source, "findings")
    return save_page(
        request,
        FindingForm(
            posted_data(request),
            initial={"recorded_on": timezone.localdate()},
            themes=_themes(scope),
        ),
        lambda data: services.finding_create(actor=scope.user, source=source, **data),
        lambda finding: ("The finding was added.", back),
        {"title": "Add a finding", "caption": source, "back": back},
    )


@partnership_view
def finding_edit(request: HttpRequest, scope: Scope, source_pk: int, pk: int) -> HttpResponse:
    source = source_to_add_to(scope, source_pk, "change")
    finding = policies.findings.get(scope, pk, "change", queryset=source.findings.all())
    themes = list(finding.themes.values_list("pk", flat=True))
    initial = {"text": finding.text, "recorded_on": finding.recorded_on, "themes": themes}
    back = source_url(source, "findings")
    return save_page(
        request,
        FindingForm(posted_data(request), initial=initial, themes=_themes(scope, themes)),
        lambda data: services.finding_update(actor=scope.user, finding=finding, data=data),
        lambda saved: ("The finding was updated.", back),
        {"title": "Change a finding", "caption": source, "back": back},
    )


# Recommendations


@partnership_view
def recommendation_add(request: HttpRequest, scope: Scope, source_pk: int) -> HttpResponse:
    source = source_to_add_to(scope, source_pk, "add")
    back = source_url(source, "recommendations")
    return save_page(
        request,
        RecommendationForm(
            posted_data(request),
            initial={"made_on": timezone.localdate()},
            findings=selectors.findings_of(source),
        ),
        lambda data: services.recommendation_create(actor=scope.user, source=source, **data),
        lambda saved: ("The recommendation was added.", back),
        {"title": "Add a recommendation", "caption": source, "back": back},
    )


@partnership_view
def recommendation_edit(
    request: HttpRequest, scope: Scope, source_pk: int, pk: int
) -> HttpResponse:
    source = source_to_add_to(scope, source_pk, "change")
    recommendation = policies.recommendations.get(
        scope, pk, "change", queryset=source.recommendations.all()
    )
    initial = {
        "text": recommendation.text,
        "made_on": recommendation.made_on,
        "findings": list(recommendation.findings.values_list("pk", flat=True)),
    }
    back = source_url(source, "recommendations")
    return save_page(
        request,
        RecommendationForm(
            posted_data(request), initial=initial, findings=selectors.findings_of(source)
        ),
        lambda data: services.recommendation_update(
            actor=scope.user, recommendation=recommendation, data=data
        ),
        lambda saved: ("The recommendation was updated.", back),
        {"title": "Change a recommendation", "caption": source, "back": back},
    )


# Dissemination


def _disseminations_url(scope: Scope) -> str:
    return reverse("learning:dissemination_list", args=[scope.partnership.slug])


@partnership_view
def dissemination_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.disseminations.require(scope, "view")
    rows = selectors.disseminations_for(policies.disseminations.visible(scope))
    context = {
        "page": Paginator(rows, DISSEMINATIONS_PER_PAGE).get_page(request.GET.get("page")),
        "can_change": policies.disseminations.can(scope, "change"),
    }
    return render(request, "learning/dissemination_list.html", context)


def _dissemination_done(verb: str) -> Any:
    def done(row: Dissemination) -> tuple[str, str]:
        url = reverse("learning:dissemination_list", args=[row.partnership.slug])
        return f"“{row}” was {verb}.", url

    return done


@partnership_view
def dissemination_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.disseminations.require(scope, "add")
    return save_page(
        request,
        DisseminationForm(
            posted_data(request),
            initial={"shared_on": timezone.localdate()},
            findings=selectors.findings_in(scope.partnership),
        ),
        lambda data: services.dissemination_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
        _dissemination_done("added"),
        {"title": "Add how learning was shared", "back": _disseminations_url(scope)},
    )


@partnership_view
def dissemination_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.disseminations.require(scope, "view")
    dissemination = policies.disseminations.get(scope, pk, "change")
    fields = ("method", "title", "shared_on", "reach")
    initial = {field: getattr(dissemination, field) for field in fields}
    initial["findings"] = list(dissemination.findings.values_list("pk", flat=True))
    return save_page(
        request,
        DisseminationForm(
            posted_data(request),
            initial=initial,
            findings=selectors.findings_in(scope.partnership),
        ),
        lambda data: services.dissemination_update(
            actor=scope.user, dissemination=dissemination, data=data
        ),
        _dissemination_done("updated"),
        {"title": f"Change {dissemination}", "back": _disseminations_url(scope)},
    )
