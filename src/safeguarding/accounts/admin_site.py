"""Django admin is for administrators only, and is read-only: writes go through services."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from safeguarding.accounts.models import Membership
from safeguarding.accounts.roles import Role
from safeguarding.core.http import is_verified


def _is_administrator(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_authenticated):
        return False
    if not is_verified(user):
        return False
    return bool(
        user.is_superuser
        or Membership.objects.active().filter(user=user, role=Role.ADMINISTRATOR).exists()
    )


def restrict_admin_to_administrators(site: AdminSite) -> None:
    site.site_header = "Safeguarding Partnership Hub: data browser"
    site.site_title = "Hub data browser"
    site.index_title = "Records (read only: changes are made in the Hub's own pages)"
    site.has_permission = _is_administrator  # type: ignore[method-assign]
    site.login_form = None
