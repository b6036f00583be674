"""Who may export and import a partnership's data pack: the business unit and administrators."""

from __future__ import annotations

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.datapack.models import ImportJob

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})


class ImportJobPolicy(Policy[ImportJob]):
    model = ImportJob
    read_roles = MANAGERS
    action_roles = {"export": MANAGERS, "import": MANAGERS}


import_jobs = ImportJobPolicy()
