"""Helpers every governance service shares."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

M = TypeVar("M", bound=models.Model)

#: How far ahead a meeting may be booked.
MAX_DAYS_AHEAD = 366


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _create(actor: User | None, partnership: Partnership, obj: M, action: str, changes: Any) -> M:
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, target=obj, partnership=partnership, changes=changes)
    return obj


def _update(
    actor: User | None,
    partnership: Partnership,
    obj: M,
    action: str,
    data: dict[str, Any],
    extra: dict[str, list[Any]] | None = None,
) -> M:
    """Apply `data`, save, and audit what changed (`extra`: many-to-many changes already made)."""
    changes = apply_changes(obj, data) | (extra or {})
    obj.full_clean()
    obj.save()
    if changes:
        audit_record(
            actor=actor, action=action, target=obj, partnership=partnership, changes=changes
        )
    return obj


# Shared by the records below: years arrive as ReportingYear and are stored as a start year.


def _excluding(rows: models.QuerySet[M], pk: int | None) -> models.QuerySet[M]:
    return rows if pk is None else rows.exclude(pk=pk)


def _years(data: dict[str, Any], *fields: str) -> dict[str, Any]:
    for field in fields:
        if isinstance(data.get(field), ReportingYear):
            data[field] = data[field].start_year
    return data


def _check_served(partnership: Partnership, agency: Agency | None, field: str) -> None:
    if agency is not None and not agency.memberships.filter(partnership=partnership).exists():
        raise ValidationError({field: f"{agency} does not serve {partnership}."})
