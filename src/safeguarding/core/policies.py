"""Who may see and change partnerships' agencies, themes and timescales."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.core.models import Agency, Theme, TimescaleSetting

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})


class AgencyPolicy(Policy[Agency]):
    """Every member reads the directory; the business unit and administrators keep it."""

    model = Agency
    action_roles = {"add": MANAGERS, "change": MANAGERS, "retire": MANAGERS, "link": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Agency]:
        return Agency.objects.filter(memberships__partnership=scope.partnership)


class ThemePolicy(Policy[Theme]):
    model = Theme
    action_roles = {"add": MANAGERS, "change": MANAGERS, "retire": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Theme]:
        return Theme.objects.filter(partnership=scope.partnership)


class TimescalePolicy(Policy[TimescaleSetting]):
    model = TimescaleSetting
    action_roles = {"change": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[TimescaleSetting]:
        return TimescaleSetting.objects.filter(partnership=scope.partnership)


agencies = AgencyPolicy()
themes = ThemePolicy()
timescales = TimescalePolicy()
