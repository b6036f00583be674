"""Who may see and change yearly reports: the business unit drafts, the executive approves."""

from __future__ import annotations

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.reports.models import Report

WRITERS = frozenset({Role.BUSINESS_UNIT})
APPROVERS = frozenset({Role.EXECUTIVE})


class ReportPolicy(Policy[Report]):
    """Everyone in the partnership reads its reports and downloads their files."""

    model = Report
    action_roles = {
        "add": WRITERS,
        "change": WRITERS,
        "publish": WRITERS,
        "approve": APPROVERS,
    }


reports = ReportPolicy()
