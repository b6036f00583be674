"""Every write to entered metric values, each with its audit entry."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.audit.services import Changes, apply_changes, audit_record
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import registry
from safeguarding.metrics.models import EnteredValue

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _check_cell(metric: str, breakdown: str, breakdown_value: str, source: str) -> None:
    """The rules of a cell, each error against the field it concerns."""
    if not registry.is_registered(metric):
        raise ValidationError({"metric": f"There is no metric with the code “{metric}”."})
    errors: dict[str, str] = {}
    if not registry.get(metric).supports(breakdown):
        errors["breakdown"] = f"This metric cannot be broken down by “{breakdown}”."
    elif breakdown and not breakdown_value.strip():
        errors["breakdown_value"] = "Enter the breakdown value, such as the agency's name."
    elif not breakdown and breakdown_value.strip():
        errors["breakdown_value"] = "Leave the breakdown value empty for a total."
    if not source.strip():
        errors["source"] = "Enter the source: where the figure came from."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entered_value_set(
    *,
    actor: User | None,
    partnership: Partnership,
    metric: str,
    period: ReportingYear,
    value: Decimal,
    source: str,
    breakdown: str = "",
    breakdown_value: str = "",
) -> EnteredValue:
    """Enter the figure for one cell, or change the figure already entered there."""
    _check_cell(metric, breakdown, breakdown_value, source)
    entered, created = EnteredValue.objects.select_for_update().get_or_create(
        metric_code=metric,
        partnership=partnership,
        period_start_year=period.start_year,
        breakdown=breakdown,
        breakdown_value=breakdown_value.strip(),
        defaults={"value": value, "source": source.strip(), "entered_by": actor},
    )
    changes: Changes
    if created:
        changes = {"value": [None, value], "source": [None, entered.source]}
    else:
        changes = apply_changes(entered, {"value": value, "source": source.strip()})
        if not changes:
            return entered
        entered.entered_by, entered.entered_at = actor, timezone.now()
        entered.save()
    action = "create" if created else "update"
    _audit(actor, entered, f"metrics.entered_value.{action}", changes)
    return entered


@transaction.atomic
def entered_value_remove(*, actor: User | None, entered: EnteredValue) -> None:
    _audit(actor, entered, "metrics.entered_value.remove", {"value": [entered.value, None]})
    entered.delete()


def _audit(actor: User | None, entered: EnteredValue, action: str, changes: Changes) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=entered,
        partnership=entered.partnership,
        changes=changes,
    )
