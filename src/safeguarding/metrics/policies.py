"""Who may see and change entered metric values."""

from __future__ import annotations

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.metrics.models import EnteredValue

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})


class EnteredValuePolicy(Policy[EnteredValue]):
    """Every member reads the figures; the business unit and administrators enter them."""

    model = EnteredValue
    action_roles = {"add": MANAGERS, "change": MANAGERS, "remove": MANAGERS}


entered_values = EnteredValuePolicy()
