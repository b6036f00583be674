"""Helpers every reviews service shares: date rules and themes; saving with an audit entry and
required text come from `core.service_helpers` (re-exported here for the reviews modules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.core.models import Theme
from safeguarding.core.service_helpers import require_text, save_changes, save_new

__all__ = [
    "day",
    "not_before",
    "not_future",
    "require_text",
    "save_changes",
    "save_new",
    "set_themes",
]


def day(value: dt.date) -> str:
    """A date as the pages write it: 8 April 2024."""
    return date_format(value, "j F Y")


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
