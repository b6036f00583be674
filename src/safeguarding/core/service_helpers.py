"""Helpers any app's services share: saving a row with its audit entry, and required text.

Each domain app's services validate, write and audit in one transaction; these are the pieces
that are the same everywhere (reviews and training use them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Partnership

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

M = TypeVar("M", bound=models.Model)


def save_new(
    actor: User | None, partnership: Partnership, obj: M, action: str, changes: dict[str, Any]
) -> M:
    """Validate and save a new row, and audit it."""
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, target=obj, partnership=partnership, changes=changes)
    return obj


def save_changes(
    actor: User | None,
    partnership: Partnership,
    obj: M,
    action: str,
    data: dict[str, Any],
    extra: dict[str, list[Any]] | None = None,
) -> M:
    """Apply `data` to `obj`, save it and audit what changed (with `extra` changes, if any)."""
    changes = {**apply_changes(obj, data), **(extra or {})}
    obj.full_clean()
    obj.save()
    if changes:
        audit_record(
            actor=actor, action=action, target=obj, partnership=partnership, changes=changes
        )
    return obj


def require_text(value: str, field: str, message: str) -> str:
    """The text without surrounding spaces; a field error with `message` when nothing is left."""
    text = value.strip()
    if not text:
        raise ValidationError({field: message})
    return text
