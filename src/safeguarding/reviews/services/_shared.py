"""Helpers every reviews service shares: saving with an audit entry, date rules, themes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Partnership, Theme

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

M = TypeVar("M", bound=models.Model)


def day(value: dt.date) -> str:
    """A date as the pages write it: 8 April 2024."""
    return date_format(value, "j F Y")


def save_new(
    actor: User | None, partnership: Partnership, obj: M, action: str, changes: dict[str, Any]
) -> M:
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
    text = value.strip()
    if not text:
        raise ValidationError({field: message})
    return text


def not_future(value: dt.date | None, field: str, what: str) -> None:
    """A date something happened cannot be after today."""
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past."})


def not_before(value: dt.date | None, earliest: dt.date | None, field: str, message: str) -> None:
    """`value` must be on or after `earliest` (when both are known); `message` takes {day}."""
    if value is not None and earliest is not None and value < earliest:
        raise ValidationError({field: message.format(day=day(earliest))})


def set_themes(obj: Any, themes: list[Theme]) -> dict[str, list[Any]]:
    """Set a review's themes; the audit change for them, if they changed."""
    before = sorted(theme.name for theme in obj.themes.all())
    after = sorted(theme.name for theme in themes)
    obj.themes.set(themes)
    return {"themes": [before, after]} if before != after else {}
