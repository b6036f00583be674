"""Who may see and change the professional differences register.

The business unit and administrators keep everything: every escalation, its steps and outcome, the
survey responses and the choice of quotes. The executive and the independent scrutineer read
everything. An agency lead reads the differences their agency raised or received and records the
steps of those; a practitioner reads the ones they raised. Agency leads and practitioners raise new
ones. The LADO and CDOP roles do not read the register. Another partnership's rows answer 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from safeguarding.accounts.policy_base import VIEW, Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.escalations.models import Escalation, SurveyResponse

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
#: Roles that read every escalation and figure of their partnership.
READ_ALL = MANAGERS | {Role.EXECUTIVE, Role.SCRUTINEER}
#: Roles that raise a difference, and read some: their agency's, or their own.
RAISERS = frozenset({Role.AGENCY_LEAD, Role.PRACTITIONER})
READ_SOME = READ_ALL | RAISERS


class EscalationPolicy(Policy[Escalation]):
    model = Escalation
    read_roles = READ_SOME
    action_roles = {
        "add": MANAGERS | RAISERS,
        "step": MANAGERS | {Role.AGENCY_LEAD},
        "change": MANAGERS,
        "close": MANAGERS,
        "raise_finding": MANAGERS,
    }

    def visible(self, scope: Scope) -> QuerySet[Escalation]:
        rows = super().visible(scope)
        if scope.has_any(READ_ALL):
            return rows
        mine = Q(raised_by=scope.user)
        if scope.has_any({Role.AGENCY_LEAD}):
            mine |= Q(raising_agency__in=scope.agency_ids) | Q(
                receiving_agency__in=scope.agency_ids
            )
        return rows.filter(mine)

    def can(self, scope: Scope, action: str, obj: Escalation | None = None) -> bool:
        """Managers do anything; an agency lead records steps only on their agency's."""
        if not super().can(scope, action, obj):
            return False
        if action == VIEW or obj is None or scope.has_any(MANAGERS):
            return True
        return bool({obj.raising_agency_id, obj.receiving_agency_id} & scope.agency_ids)


class SurveyResponsePolicy(Policy[SurveyResponse]):
    model = SurveyResponse
    read_roles = READ_ALL
    action_roles = {"add": MANAGERS, "change": MANAGERS, "quote": MANAGERS}


escalations = EscalationPolicy()
survey_responses = SurveyResponsePolicy()
