"""Who may see and change the learning loop.

The business unit and administrators keep everything. Agency leads read every action but move on
only their own agency's: progress, status and evidence of impact. The independent scrutineer
reads everything and comments on a source's learning; the executive reads. Practitioners and the
LADO and CDOP roles do not see it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import VIEW, Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.learning.models import (
    Action,
    Dissemination,
    Finding,
    Recommendation,
    Source,
)

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
READERS = MANAGERS | {Role.EXECUTIVE, Role.SCRUTINEER, Role.AGENCY_LEAD}
WRITE = {"add": MANAGERS, "change": MANAGERS}
#: What an agency lead may do to their own agency's actions.
OWN_AGENCY_ACTIONS = frozenset({"progress", "evidence"})


class SourcePolicy(Policy[Source]):
    model = Source
    read_roles = READERS
    action_roles = {**WRITE, "comment": MANAGERS | {Role.SCRUTINEER}}


class FindingPolicy(Policy[Finding]):
    model = Finding
    read_roles = READERS
    action_roles = WRITE
    partnership_path = "source__partnership"


class RecommendationPolicy(Policy[Recommendation]):
    model = Recommendation
    read_roles = READERS
    action_roles = WRITE
    partnership_path = "source__partnership"


class ActionPolicy(Policy[Action]):
    model = Action
    read_roles = READERS
    action_roles = {
        **WRITE,
        "progress": MANAGERS | {Role.AGENCY_LEAD},
        "evidence": MANAGERS | {Role.AGENCY_LEAD},
    }
    partnership_path = "source__partnership"

    def scoped(self, scope: Scope) -> QuerySet[Action]:
        return super().scoped(scope).select_related("source", "owner_agency", "owner")

    def can(self, scope: Scope, action: str, obj: Action | None = None) -> bool:
        """An agency lead moves on only their own agency's actions (asked of a row)."""
        if not super().can(scope, action, obj):
            return False
        if action == VIEW or action not in OWN_AGENCY_ACTIONS or scope.has_any(MANAGERS):
            return True
        return obj is None or obj.owner_agency_id in scope.agency_ids


class DisseminationPolicy(Policy[Dissemination]):
    model = Dissemination
    read_roles = READERS
    action_roles = WRITE


sources = SourcePolicy()
findings = FindingPolicy()
recommendations = RecommendationPolicy()
actions = ActionPolicy()
disseminations = DisseminationPolicy()
