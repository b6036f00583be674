"""Who may see and change entered metric values."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.metrics.models import EnteredValue

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})


class EnteredValuePolicy(Policy[EnteredValue]):
    """Every member reads the figures; the business unit and administrators enter them."""

    model = EnteredValue
    action_roles = {"add": MANAGERS, "change": MANAGERS, "remove": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[EnteredValue]:
        return EnteredValue.objects.filter(partnership=scope.partnership)


entered_values = EnteredValuePolicy()
