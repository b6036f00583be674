"""Who may read the audit log: a partnership's administrators only. Nobody changes it."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.audit import selectors
from safeguarding.audit.models import AuditEntry


class AuditPolicy(Policy[AuditEntry]):
    model = AuditEntry
    read_roles = frozenset({Role.ADMINISTRATOR})

    def scoped(self, scope: Scope) -> QuerySet[AuditEntry]:
        return selectors.entries_for_partnership(scope.partnership)


audit = AuditPolicy()
