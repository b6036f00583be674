"""Reads of the restricted register, each written to the audit log: the record page (or an API
retrieve) and every page of the register (domain.md §4; docs/allegations.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from safeguarding.allegations.models import Allegation
from safeguarding.audit.models import AuditEntry
from safeguarding.audit.services import audit_record, audit_record_read
from safeguarding.core.models import Partnership

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def allegation_read(*, actor: User, allegation: Allegation) -> AuditEntry:
    """Record that someone opened the allegation ("allegations.allegation.read")."""
    return audit_record_read(actor=actor, target=allegation, partnership=allegation.partnership)


def register_read(
    *,
    actor: User,
    partnership: Partnership,
    shown: Sequence[Allegation],
    filters: Mapping[str, str],
    page: int,
) -> AuditEntry:
    """Record a read of the register's list ("allegations.allegation.list"): a list is no one
    record, so the entry names the page, the filters chosen and each reference shown, so the log
    still answers "who saw LADO-0042's row, and when"."""
    changes = {
        "page": [None, page],
        "filters": [None, dict(filters)],
        "references": [None, [allegation.reference for allegation in shown]],
    }
    return audit_record(
        actor=actor, action="allegations.allegation.list", partnership=partnership, changes=changes
    )
