"""Audit entries of a restricted register (the LADO's allegations, the CDOP's child deaths) keep
every changed value, but the audit log page shows those values only to a reader holding the
register's role; other administrators see who did what to which record, not its details.

The owning app registers its action prefix from its `apps.py` (`register_restricted`).
"""

from __future__ import annotations

_restricted: dict[str, frozenset[str]] = {}


def register_restricted(prefix: str, roles: frozenset[str]) -> None:
    """Entries whose action starts with `prefix` ("allegations.") show details only to `roles`."""
    _restricted[prefix] = frozenset(roles)


def details_withheld(action: str, roles: frozenset[str]) -> bool:
    """Whether a reader holding `roles` may not see this entry's changed values."""
    return any(
        action.startswith(prefix) and not (needed & roles) for prefix, needed in _restricted.items()
    )
