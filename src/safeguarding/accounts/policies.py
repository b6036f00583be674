"""Who may see and manage the people in a partnership and their roles."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.models import Membership
from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope

ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


class MembershipPolicy(Policy[Membership]):
    """Only the partnership's administrators see who holds which role, and change it."""

    model = Membership
    read_roles = ADMINISTRATORS
    action_roles = {"add": ADMINISTRATORS, "end": ADMINISTRATORS, "invite": ADMINISTRATORS}

    def scoped(self, scope: Scope) -> QuerySet[Membership]:
        return Membership.objects.filter(partnership=scope.partnership)


memberships = MembershipPolicy()
