"""Every read of metric figures: entered values, and the one `series` call every output uses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import QuerySet

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import registry
from safeguarding.metrics.models import EnteredValue
from safeguarding.metrics.registry import Metric, Unit, Value

TOTAL = ""


def entered_values_for(partnership: Partnership, *, metric: str = "") -> QuerySet[EnteredValue]:
    """A partnership's entered values, newest year first within each metric."""
    rows = EnteredValue.objects.filter(partnership=partnership).select_related("entered_by")
    return rows.filter(metric_code=metric) if metric else rows


class Origin(StrEnum):
    COMPUTED = "computed"  # from the Hub's own records
    ENTERED = "entered"  # typed in from a source


@dataclass(frozen=True)
class Conflict:
    """A computed value that differs from the value entered for the same cell."""

    computed: Value
    entered: Value
    source: str


@dataclass(frozen=True)
class Cell:
    year: ReportingYear
    key: str  # the breakdown value; "" for the total
    value: Value | None
    origin: Origin | None = None
    source: str = ""  # the entered value's source
    conflict: Conflict | None = None


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[Cell, ...]  # one per year, in the series' order

    @property
    def label(self) -> str:
        return self.key or "Total"


@dataclass(frozen=True)
class Series:
    metric: Metric
    years: tuple[ReportingYear, ...]
    breakdown: str | None
    cells: dict[tuple[int, str], Cell]

    @property
    def keys(self) -> list[str]:
        """The breakdown values, sorted, then the total when there is one."""
        keys = sorted({key for _, key in self.cells} - {TOTAL})
        return [*keys, TOTAL] if any(key == TOTAL for _, key in self.cells) else keys

    @property
    def rows(self) -> list[Row]:
        return [Row(key, tuple(self.cell(year, key) for year in self.years)) for key in self.keys]

    def cell(self, year: ReportingYear, key: str = TOTAL) -> Cell:
        return self.cells.get((year.start_year, key)) or Cell(year, key, None)

    def value(self, year: ReportingYear, key: str = TOTAL) -> Value | None:
        return self.cell(year, key).value

    def total_for(self, year: ReportingYear) -> Value | None:
        """The total for a year; for counts and money, the sum of the parts when none is held."""
        total = self.value(year)
        if total is not None or self.metric.unit not in (Unit.COUNT, Unit.MONEY):
            return total
        parts = [self.value(year, key) for key in self.keys if key != TOTAL]
        known = [part for part in parts if part is not None]
        return sum(known, start=0) if known else None

    @property
    def conflicts(self) -> list[Cell]:
        return [cell for cell in self.cells.values() if cell.conflict is not None]

    def counts_table(self) -> dict[str, dict[str, Value | None]]:
        """{row key ("" for the total): {year label: value}}: what disclosure control takes."""
        return {row.key: {cell.year.label: cell.value for cell in row.cells} for row in self.rows}


def series(
    code: str,
    *,
    partnership: Partnership,
    years: list[ReportingYear],
    breakdown: str | None = None,
) -> Series:
    """The metric for each year (and breakdown value): computed where the Hub holds records,
    else entered; a computed value wins, and a differing entered value is kept as a conflict."""
    metric = registry.get(code)
    if not metric.supports(breakdown):
        raise ValueError(f"{metric.code} cannot be broken down by “{breakdown}”.")
    entered = _entered_cells(metric, partnership, years, breakdown)
    cells: dict[tuple[int, str], Cell] = {}
    for year in years:
        computed = metric.compute(partnership, year, breakdown) if metric.compute else None
        for key in {*(computed or {}), *(k for (start, k) in entered if start == year.start_year)}:
            cells[(year.start_year, key)] = _cell(
                metric, year, key, (computed or {}).get(key), entered.get((year.start_year, key))
            )
    return Series(metric, tuple(years), breakdown or None, cells)


def _entered_cells(
    metric: Metric, partnership: Partnership, years: list[ReportingYear], breakdown: str | None
) -> dict[tuple[int, str], tuple[Value, str]]:
    """Every entered value the series can use, in one query."""
    rows = EnteredValue.objects.filter(
        partnership=partnership,
        metric_code=metric.code,
        period_start_year__in=[year.start_year for year in years],
        breakdown__in={TOTAL, breakdown or TOTAL},
    ).values_list("period_start_year", "breakdown_value", "value", "source")
    return {(start, key): (_normal(metric, value), source) for start, key, value, source in rows}


def _normal(metric: Metric, value: Decimal) -> Value:
    """Counts as whole numbers; other figures without trailing zeros."""
    if value != value.to_integral_value():
        return value.normalize()
    return int(value) if metric.unit == Unit.COUNT else value.quantize(Decimal(1))


def _cell(
    metric: Metric,
    year: ReportingYear,
    key: str,
    computed: Value | None,
    entered: tuple[Value, str] | None,
) -> Cell:
    if computed is None and entered is not None:
        return Cell(year, key, entered[0], Origin.ENTERED, entered[1])
    conflict = None
    if entered is not None and computed is not None and entered[0] != computed:
        conflict = Conflict(computed=computed, entered=entered[0], source=entered[1])
    return Cell(year, key, computed, Origin.COMPUTED, conflict=conflict)
