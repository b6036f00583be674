"""Who is asking, in which partnership, with which roles: the input to every policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import Http404

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Partnership

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


@dataclass(frozen=True)
class Scope:
    user: User
    partnership: Partnership
    roles: frozenset[Role]
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    def has_any(self, roles: frozenset[Role] | set[Role]) -> bool:
        return bool(self.roles & roles)


def scope_for(user: User, partnership: Partnership) -> Scope | None:
    """The user's scope in a partnership, or None when they are not an active member."""
    if not user.is_authenticated:
        return None
    rows = list(
        user.memberships.active().filter(partnership=partnership).values_list("role", "agency_id")
    )
    if not rows:
        return None
    return Scope(
        user=user,
        partnership=partnership,
        roles=frozenset(Role(role) for role, _ in rows),
        agency_ids=frozenset(agency for _, agency in rows if agency is not None),
    )


def scopes_for(user: User) -> list[Scope]:
    """The user's scope in each partnership where they hold an active role, in one query."""
    rows = user.memberships.active().select_related("partnership").order_by("partnership__name")
    grouped: dict[int, list[tuple[Partnership, str, int | None]]] = {}
    for m in rows:
        grouped.setdefault(m.partnership_id, []).append((m.partnership, m.role, m.agency_id))
    return [
        Scope(
            user=user,
            partnership=entries[0][0],
            roles=frozenset(Role(role) for _, role, _ in entries),
            agency_ids=frozenset(agency for _, _, agency in entries if agency is not None),
        )
        for entries in grouped.values()
    ]


def scope_for_slug(user: User, slug: str) -> Scope:
    """Resolve a partnership by slug for this user; 404 when it is not theirs (or not there)."""
    partnership = Partnership.objects.filter(slug=slug).first()
    scope = scope_for(user, partnership) if partnership else None
    if scope is None:
        raise Http404("No such partnership.")
    return scope
