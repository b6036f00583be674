"""The audit log page for administrators (filters completed by the audit work)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view


@partnership_view
def audit_log(request: HttpRequest, scope: Scope) -> HttpResponse:
    return render(request, "audit/log.html", {})
