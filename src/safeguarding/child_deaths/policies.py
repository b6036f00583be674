"""Who may see and change the child death register: only members holding the CDOP role in the
partnership where the child lived. Anyone else gets 404 for every record, page and endpoint, and
sees the register's figures only as published, with disclosure control applied (metrics
`restricted_to`).

A panel's figures across its footprint are read by a member holding the CDOP role in any
partnership the panel serves (`can_read_panel`); its records stay with their own partnership.
"""

from __future__ import annotations

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.models import Footprint

CDOP = frozenset({Role.CDOP})


class ChildDeathPolicy(Policy[ChildDeath]):
    model = ChildDeath
    read_roles = CDOP
    action_roles = {"add": CDOP, "change": CDOP, "review": CDOP, "raise_finding": CDOP}


def can_read_panel(scope: Scope, panel: Footprint) -> bool:
    """A CDOP member of a partnership the panel serves reads the panel's footprint figures."""
    return scope.has_any(CDOP) and panel.partnerships.filter(pk=scope.partnership.pk).exists()


child_deaths = ChildDeathPolicy()
