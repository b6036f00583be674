"""The metrics app's sheet in the data pack: entered values (docs/data-pack.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.datapack.fields import PackNumberField, PackYearField, plain_number
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    NumberedRows,
    Row,
    RowRefused,
    Sheet,
    register,
)
from safeguarding.metrics import registry, services
from safeguarding.metrics.models import EnteredValue

if TYPE_CHECKING:
    from safeguarding.core.models import Partnership


class EnteredValueRowForm(forms.Form):
    metric = forms.CharField(max_length=100, error_messages={"required": "Enter the metric code."})
    period = PackYearField(error_messages={"required": "Enter the reporting year, like 2019-20."})
    breakdown = forms.CharField(max_length=60, required=False)
    breakdown_value = forms.CharField(max_length=200, required=False)
    value = PackNumberField(max_digits=18, decimal_places=4)
    source = forms.CharField(
        error_messages={"required": "Enter the source: where the figure came from."}
    )

    def clean_metric(self) -> str:
        code: str = self.cleaned_data["metric"].strip().lower()
        if not registry.is_registered(code):
            raise ValidationError(f"There is no metric with the code “{code}”.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        metric, breakdown = data.get("metric"), data.get("breakdown", "")
        if metric and not registry.get(metric).supports(breakdown):
            self.add_error("breakdown", f"{metric} cannot be broken down by “{breakdown}”.")
        elif breakdown and not data.get("breakdown_value"):
            self.add_error("breakdown_value", "Enter the breakdown value, such as an agency.")
        elif not breakdown and data.get("breakdown_value"):
            self.add_error("breakdown_value", "Leave the breakdown value empty for a total.")
        return data


def export_entered_values(partnership: Partnership) -> Iterator[Row]:
    rows = EnteredValue.objects.filter(partnership=partnership).order_by(
        "metric_code", "period_start_year", "breakdown", "breakdown_value"
    )
    for entered in rows:
        yield {
            "metric": entered.metric_code,
            "period": entered.period.label,
            "breakdown": entered.breakdown,
            "breakdown_value": entered.breakdown_value,
            "value": str(plain_number(entered.value)),
            "source": entered.source,
        }


def save_entered_value(context: ImportContext, row: dict[str, Any]) -> EnteredValue:
    return services.entered_value_set(
        actor=context.actor,
        partnership=context.partnership,
        metric=row["metric"],
        period=row["period"],
        value=row["value"],
        source=row["source"],
        breakdown=row.get("breakdown", ""),
        breakdown_value=row.get("breakdown_value", ""),
    )


def save_entered_values(context: ImportContext, rows: NumberedRows) -> int:
    cells = [
        services.Cell(
            metric=row["metric"],
            period=row["period"],
            value=row["value"],
            source=row["source"],
            breakdown=row.get("breakdown", ""),
            breakdown_value=row.get("breakdown_value", ""),
        )
        for _, row in rows
    ]
    try:
        return services.entered_values_set_many(
            actor=context.actor, partnership=context.partnership, cells=cells
        )
    except services.CellRefused as refused:
        raise RowRefused(rows[refused.index][0], refused) from None


METRIC_VALUES = register(
    Sheet(
        name="metric_values",
        order=30,
        description="Entered values of the partnership's metrics: figures for years before the "
        "Hub held the records, each with its source.",
        columns=(
            Column("metric", required=True, description="The metric's code, like x.y."),
            Column("period", required=True, description="The reporting year, like 2019-20."),
            Column("breakdown", description="The breakdown's name; blank for the total."),
            Column("breakdown_value", description="The breakdown's category, like an agency."),
            Column("value", required=True, description="The number."),
            Column("source", required=True, description="Where the figure came from."),
        ),
        key=("metric", "period", "breakdown", "breakdown_value"),
        form=EnteredValueRowForm,
        save=save_entered_value,
        save_many=save_entered_values,
        export=export_entered_values,
    )
)
