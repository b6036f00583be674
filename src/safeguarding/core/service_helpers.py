"""Helpers any app's services share: saving a row with its audit entry, required text, and the
pieces of a batch write (decisions 0011 and 0014).

Each domain app's services validate, write and audit in one transaction; these are the pieces
that are the same everywhere (reviews and training use them).
"""

from __future__ import annotations

from collections.abc import Sequence
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


#: A batch write (`bookings_record_many`, `allegations_create_many`) records one audit entry per
#: this many rows (decision 0014, after 0011).
AUDIT_BATCH = 1_000
#: How many ids one `IN (...)` query names (SQLite's limit on a query's parameters is 999).
IN_BATCH = 500


class BatchRowRefused(ValidationError):
    """A row of a batch broke a rule: `number` is the caller's number for it, `error` why; nothing
    was written. (A data pack sheet reports it as its row; as metrics' `CellRefused`.)"""

    def __init__(self, number: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.number, self.error = number, error


def audit_many(
    actor: User | None, partnership: Partnership, action: str, lines: Sequence[tuple[str, Any]]
) -> None:
    """A batch's audit: one entry per AUDIT_BATCH rows, each listing its rows as
    `{"<row>": [None, "<what was recorded>"]}` (decisions 0011 and 0014)."""
    for start in range(0, len(lines), AUDIT_BATCH):
        changes = {line: [None, value] for line, value in lines[start : start + AUDIT_BATCH]}
        audit_record(actor=actor, action=action, partnership=partnership, changes=changes)
