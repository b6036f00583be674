"""Who may see and change the LADO register: only members holding the LADO role in the
partnership (a business unit manager is granted it by a second membership with that role). Anyone
else gets 404 for every record, page and endpoint, and sees the register's figures only as
published, with disclosure control applied (metrics `restricted_to`).
"""

from __future__ import annotations

from safeguarding.accounts.policy_base import Policy
from safeguarding.accounts.roles import Role
from safeguarding.allegations.models import Allegation

LADO = frozenset({Role.LADO})


class AllegationPolicy(Policy[Allegation]):
    model = Allegation
    read_roles = LADO
    action_roles = {"add": LADO, "change": LADO, "conclude": LADO, "raise_finding": LADO}


allegations = AllegationPolicy()
