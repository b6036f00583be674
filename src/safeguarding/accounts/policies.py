"""Who may see and manage the people in a partnership and their roles."""

from __future__ import annotations

from safeguarding.accounts.models import Membership
from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role

ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


class MembershipPolicy(Policy[Membership]):
    """Only the partnership's administrators see who holds which role, and change it."""

    model = Membership
    read_roles = ADMINISTRATORS
    action_roles = {"add": ADMINISTRATORS, "end": ADMINISTRATORS, "invite": ADMINISTRATORS}


memberships = MembershipPolicy()
