"""Helpers every learning service shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Partnership

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

M = TypeVar("M", bound=models.Model)

#: Stands for "not passed" in update services whose fields are keyword arguments.
NOT_GIVEN: Any = object()


def given(**fields: Any) -> dict[str, Any]:
    """The keyword arguments a caller actually passed (those not left as `NOT_GIVEN`)."""
    return {name: value for name, value in fields.items() if value is not NOT_GIVEN}


def day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def raise_if(errors: dict[str, str]) -> None:
    """Report every problem found at once, each against its field."""
    if errors:
        raise ValidationError(errors)


def not_in_future(field: str, value: dt.date, what: str) -> dict[str, str]:
    if value > timezone.localdate():
        return {field: f"The date {what} must be today or in the past."}
    return {}


def create(
    actor: User | None,
    partnership: Partnership,
    obj: M,
    action: str,
    changes: Any,
    unchecked: tuple[str, ...] = (),
) -> M:
    """Validate (but the `unchecked` fields, like a system write's empty author), save, audit."""
    obj.full_clean(exclude=list(unchecked))
    obj.save()
    audit_record(actor=actor, action=action, target=obj, partnership=partnership, changes=changes)
    return obj


def update(
    actor: User | None,
    partnership: Partnership,
    obj: M,
    action: str,
    data: dict[str, Any],
    extra: dict[str, list[Any]] | None = None,
    unchecked: tuple[str, ...] = (),
) -> M:
    """Apply `data`, save, and audit what changed (`extra`: many-to-many changes already made;
    `unchecked`: fields not validated, like a system write's empty author)."""
    changes = apply_changes(obj, data) | (extra or {})
    obj.full_clean(exclude=list(unchecked))
    obj.save()
    if changes:
        audit_record(
            actor=actor, action=action, target=obj, partnership=partnership, changes=changes
        )
    return obj


def names(rows: Iterable[models.Model]) -> list[str]:
    return sorted(str(row) for row in rows)


def set_many(obj: models.Model, field: str, rows: Iterable[M] | None) -> dict[str, list[Any]]:
    """Replace a many-to-many field when `rows` is given; {field: [old, new]} if it changed."""
    if rows is None:
        return {}
    manager = getattr(obj, field)
    old, new = names(manager.all()), names(rows)
    manager.set(list(rows))
    return {field: [old, new]} if old != new else {}
