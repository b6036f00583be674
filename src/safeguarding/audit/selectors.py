"""Every read of the audit log: what a partnership's administrators see, filtered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from safeguarding.accounts.models import Membership
from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Partnership

#: Account events (sign-ins, failed sign-ins, second factor, tokens) carry no partnership.
ACCOUNT_ACTION_PREFIX = "accounts."


@dataclass(frozen=True)
class AuditFilters:
    who: str = ""
    what: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    target_type: str = ""
    target_id: str = ""


@dataclass(frozen=True)
class AuditFacets:
    """The values the filters offer: action prefixes and record types present in the log."""

    action_prefixes: list[str]
    target_types: list[str]


def entries_for_partnership(partnership: Partnership) -> QuerySet[AuditEntry]:
    """The partnership's entries, and the account events of anyone who is or was a member.

    A failed sign-in has no actor, only the email typed: it is matched against members' emails.
    """
    members = Membership.objects.filter(partnership=partnership)
    by_member = Q(actor_id__in=members.values("user_id")) | Q(
        actor__isnull=True, label_lower__in=members.values("user__email")
    )
    account_events = Q(partnership__isnull=True, action__startswith=ACCOUNT_ACTION_PREFIX)
    return AuditEntry.objects.alias(label_lower=Lower("actor_label")).filter(
        Q(partnership=partnership) | (account_events & by_member)
    )


def filter_entries(rows: QuerySet[AuditEntry], filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Narrow entries by who, what, when and record; newest first."""
    if filters.who:
        rows = rows.filter(actor_label__icontains=filters.who)
    if filters.what:
        rows = rows.filter(Q(action=filters.what) | Q(action__startswith=f"{filters.what}."))
    if filters.date_from:
        rows = rows.filter(at__gte=_start_of_day(filters.date_from))
    if filters.date_to:
        rows = rows.filter(at__lt=_start_of_day(filters.date_to + dt.timedelta(days=1)))
    if filters.target_type:
        rows = rows.filter(target_type=filters.target_type)
    if filters.target_id:
        rows = rows.filter(target_id=filters.target_id)
    return rows.order_by("-seq")


def _start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the Hub's time zone (UK time, not UTC)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entry_facets(rows: QuerySet[AuditEntry]) -> AuditFacets:
    """One query: the distinct actions (with their parent prefixes) and record types."""
    pairs = rows.order_by().values_list("action", "target_type").distinct()
    prefixes: set[str] = set()
    types: set[str] = set()
    for action, target_type in pairs:
        prefixes.update(_prefixes(action))
        if target_type:
            types.add(target_type)
    return AuditFacets(sorted(prefixes), sorted(types))


def _prefixes(action: str) -> list[str]:
    """Each prefix of an action: core, core.agency, core.agency.update."""
    parts = action.split(".")
    return [".".join(parts[: index + 1]) for index in range(len(parts))]
