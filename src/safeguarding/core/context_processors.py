"""What the layout needs on every page: the partnership, the switcher and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from safeguarding.core.navigation import nav_for
from safeguarding.core.selectors import partnerships_for_user


def hub(request: HttpRequest) -> dict[str, Any]:
    scope = getattr(request, "scope", None)
    user = getattr(request, "user", None)
    context: dict[str, Any] = {"hub_scope": scope, "hub_debug": settings.DEBUG}
    if scope is not None:
        section = request.path.split("/")[2] if request.path.count("/") > 2 else ""
        context["hub_nav"] = [
            {
                "label": entry.label,
                "href": reverse(entry.url_name, kwargs={"partnership": scope.partnership.slug}),
                "current": entry.section == section,
            }
            for entry in nav_for(scope)
        ]
    if user is not None and user.is_authenticated and scope is not None:
        context["hub_partnerships"] = list(partnerships_for_user(user))
    return context
