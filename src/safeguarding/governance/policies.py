"""Who may see and change the partnership's governance: every member reads, managers keep it."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.governance.models import (
    Contribution,
    ExecutiveMember,
    Expenditure,
    Grant,
    Meeting,
    Subgroup,
)

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
WRITE = {"add": MANAGERS, "change": MANAGERS}


class ExecutivePolicy(Policy[ExecutiveMember]):
    model = ExecutiveMember
    action_roles = {**WRITE, "end": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[ExecutiveMember]:
        return ExecutiveMember.objects.filter(partnership=scope.partnership)


class SubgroupPolicy(Policy[Subgroup]):
    model = Subgroup
    action_roles = {**WRITE, "retire": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Subgroup]:
        return Subgroup.objects.filter(partnership=scope.partnership)


class MeetingPolicy(Policy[Meeting]):
    model = Meeting
    action_roles = {**WRITE, "attendance": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Meeting]:
        return Meeting.objects.filter(partnership=scope.partnership).select_related("subgroup")


class ContributionPolicy(Policy[Contribution]):
    model = Contribution
    action_roles = {**WRITE, "remove": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Contribution]:
        return Contribution.objects.filter(partnership=scope.partnership).select_related("agency")


class GrantPolicy(Policy[Grant]):
    model = Grant
    action_roles = {**WRITE, "remove": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Grant]:
        return Grant.objects.filter(partnership=scope.partnership)


class ExpenditurePolicy(Policy[Expenditure]):
    model = Expenditure
    action_roles = {**WRITE, "remove": MANAGERS}

    def scoped(self, scope: Scope) -> QuerySet[Expenditure]:
        return Expenditure.objects.filter(partnership=scope.partnership)


executive = ExecutivePolicy()
subgroups = SubgroupPolicy()
meetings = MeetingPolicy()
contributions = ContributionPolicy()
grants = GrantPolicy()
expenditure = ExpenditurePolicy()
