"""The audit log page for a partnership's administrators."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguarding.accounts.scope import Scope
from safeguarding.audit import policies, selectors
from safeguarding.audit.forms import AuditFilterForm
from safeguarding.audit.restricted import details_withheld
from safeguarding.core.web import partnership_view

ENTRIES_PER_PAGE = 50


@partnership_view
def audit_log(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.audit.require(scope, "view")
    visible = policies.audit.visible(scope)
    form = AuditFilterForm(request.GET or None, facets=selectors.entry_facets(visible))
    page, withheld = None, set()
    if not form.errors:
        rows = selectors.filter_entries(visible, form.filters())
        page = Paginator(rows, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
        roles = frozenset(scope.roles)
        withheld = {e.seq for e in page.object_list if details_withheld(e.action, roles)}
    context = {
        "form": form,
        "page": page,
        "withheld": withheld,
        "querystring": _without_page(request),
    }
    return render(request, "audit/log.html", context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
