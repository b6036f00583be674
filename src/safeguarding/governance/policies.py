"""Who may see and change the partnership's governance: every member reads, managers keep it."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.governance.models import (
    Activity,
    CommunicationFigure,
    Contribution,
    Engagement,
    ExecutiveMember,
    Expenditure,
    Grant,
    GuidanceChange,
    Indicator,
    Meeting,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
    Subgroup,
)

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
WRITE = {"add": MANAGERS, "change": MANAGERS}


class ExecutivePolicy(Policy[ExecutiveMember]):
    model = ExecutiveMember
    action_roles = {**WRITE, "end": MANAGERS}


class SubgroupPolicy(Policy[Subgroup]):
    model = Subgroup
    action_roles = {**WRITE, "retire": MANAGERS}


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


class ExpenditurePolicy(Policy[Expenditure]):
    model = Expenditure
    action_roles = {**WRITE, "remove": MANAGERS}


class CommunicationPolicy(Policy[CommunicationFigure]):
    model = CommunicationFigure
    action_roles = WRITE


class ParticipationGroupPolicy(Policy[ParticipationGroup]):
    model = ParticipationGroup
    action_roles = {**WRITE, "retire": MANAGERS}


class EngagementPolicy(Policy[Engagement]):
    model = Engagement
    action_roles = WRITE


class PriorityPolicy(Policy[Priority]):
    model = Priority
    action_roles = WRITE


class IndicatorPolicy(Policy[Indicator]):
    model = Indicator
    action_roles = WRITE

    def scoped(self, scope: Scope) -> QuerySet[Indicator]:
        return Indicator.objects.filter(priority__partnership=scope.partnership).select_related(
            "priority"
        )


class ActivityPolicy(Policy[Activity]):
    model = Activity
    action_roles = WRITE

    def scoped(self, scope: Scope) -> QuerySet[Activity]:
        return Activity.objects.filter(priority__partnership=scope.partnership).select_related(
            "priority"
        )


class PlanOnAPagePolicy(Policy[PlanOnAPage]):
    model = PlanOnAPage
    action_roles = WRITE


class GuidanceChangePolicy(Policy[GuidanceChange]):
    model = GuidanceChange
    action_roles = WRITE


executive = ExecutivePolicy()
subgroups = SubgroupPolicy()
meetings = MeetingPolicy()
contributions = ContributionPolicy()
grants = GrantPolicy()
expenditure = ExpenditurePolicy()
communications = CommunicationPolicy()
participation_groups = ParticipationGroupPolicy()
engagements = EngagementPolicy()
priorities = PriorityPolicy()
indicators = IndicatorPolicy()
activities = ActivityPolicy()
plans = PlanOnAPagePolicy()
guidance_changes = GuidanceChangePolicy()
