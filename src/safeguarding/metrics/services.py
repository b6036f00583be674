"""Every write to entered metric values, each with its audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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

#: A batch write (`entered_values_set_many`) records one audit entry per this many changed cells.
AUDIT_BATCH = 1_000


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


@dataclass(frozen=True)
class Cell:
    """One cell's figure, as `entered_values_set_many` takes it."""

    metric: str
    period: ReportingYear
    value: Decimal
    source: str
    breakdown: str = ""
    breakdown_value: str = ""

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.metric, self.period.start_year, self.breakdown, self.breakdown_value.strip())


class CellRefused(ValidationError):
    """A cell of a batch broke a rule: `index` is its place in the batch (nothing was written)."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index


@transaction.atomic
def entered_values_set_many(
    *, actor: User | None, partnership: Partnership, cells: Sequence[Cell]
) -> int:
    """Enter or change many cells at once (a data pack's `metric_values`); return how many changed.

    The same rules as `entered_value_set`, checked for every cell before anything is written.
    New cells are inserted and changed ones updated in bulk; unchanged ones are left alone. One
    `metrics.entered_value.set_many` audit entry per AUDIT_BATCH changed cells lists each
    cell with its old and new figure and source (decision 0011).
    """
    for index, cell in enumerate(cells):
        try:
            _check_cell(cell.metric, cell.breakdown, cell.breakdown_value, cell.source)
        except ValidationError as error:
            raise CellRefused(index, error) from None
    wanted = {cell.key: cell for cell in cells}  # a cell given twice: the later figure wins
    existing = {
        (e.metric_code, e.period_start_year, e.breakdown, e.breakdown_value): e
        for e in EnteredValue.objects.select_for_update().filter(
            partnership=partnership, metric_code__in={cell.metric for cell in cells}
        )
    }
    now = timezone.now()
    added, changed, lines = [], [], []
    for key, cell in wanted.items():
        value, source = cell.value, cell.source.strip()
        entered = existing.get(key)
        if entered is None:
            entered = EnteredValue(
                metric_code=cell.metric,
                partnership=partnership,
                period_start_year=cell.period.start_year,
                breakdown=cell.breakdown,
                breakdown_value=key[3],
                value=value,
                source=source,
                entered_by=actor,
                entered_at=now,
            )
            added.append(entered)
            lines.append((str(entered), [None, _figure(value, source)]))
        elif entered.value != value or entered.source != source:
            was = _figure(entered.value, entered.source)
            entered.value, entered.source = value, source
            entered.entered_by, entered.entered_at = actor, now
            changed.append(entered)
            lines.append((str(entered), [was, _figure(value, source)]))
    EnteredValue.objects.bulk_create(added, batch_size=500)
    EnteredValue.objects.bulk_update(
        changed, ["value", "source", "entered_by", "entered_at"], batch_size=500
    )
    for start in range(0, len(lines), AUDIT_BATCH):
        audit_record(
            actor=actor,
            action="metrics.entered_value.set_many",
            partnership=partnership,
            changes=dict(lines[start : start + AUDIT_BATCH]),
        )
    return len(lines)


def _figure(value: Decimal, source: str) -> str:
    return f"{value.normalize():f} ({source})"


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
