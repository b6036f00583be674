"""The metric registry: one place where each figure the Hub reports is defined.

Each app defines its metrics in its own `metrics.py` and calls `register(Metric(...))` at import;
`MetricsConfig.ready()` imports every installed app's `metrics` module. Dashboards, the yearly
report, exports and the API read figures only through `metrics.selectors.series`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safeguarding.core.models import Partnership
    from safeguarding.core.years import ReportingYear

Value = Decimal | int
#: compute(partnership, year, breakdown) -> {breakdown value ("" for the total): value}, or None
#: when the Hub holds no records for that year (entered values are used instead).
Compute = Callable[["Partnership", "ReportingYear", str | None], dict[str, Value] | None]

CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    NUMBER = "number"


class UnknownMetric(LookupError):
    pass


@dataclass(frozen=True)
class Metric:
    code: str  # dotted: "governance.attendance_rate"
    label: str
    unit: Unit
    breakdowns: tuple[str, ...] = ()  # e.g. ("agency",); empty: totals only
    compute: Compute | None = None  # None: a figure that is only ever entered
    description: str = ""
    #: Counts children, families, practitioners or cases: published outputs suppress small
    #: ones (disclosure control). Counts of meetings, subscribers or pounds are not disclosive.
    disclosive: bool = False
    #: The roles that read this figure's true values (a restricted register's own role: the
    #: LADO, the CDOP). Empty: every member does. Anyone else sees it only as published, with
    #: disclosure control applied, on the dashboard, in downloads and in the API.
    restricted_to: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not CODE.match(self.code):
            raise ValueError(f"Metric code “{self.code}” must be dotted, like app.name.")
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "breakdowns", tuple(self.breakdowns))
        object.__setattr__(self, "restricted_to", frozenset(self.restricted_to))
        if self.disclosive and self.unit != Unit.COUNT:
            raise ValueError(f"Only a count can be disclosive; “{self.code}” is {self.unit}.")

    def true_values_for(self, roles: frozenset[str]) -> bool:
        """Whether a member holding these roles reads the true values (unsuppressed)."""
        return not self.restricted_to or bool(self.restricted_to & roles)

    def supports(self, breakdown: str | None) -> bool:
        return not breakdown or breakdown in self.breakdowns


_metrics: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    """Add a metric; a second metric with the same code is refused."""
    if metric.code in _metrics:
        raise ValueError(f"A metric with the code “{metric.code}” is already registered.")
    _metrics[metric.code] = metric
    return metric


def unregister(code: str) -> None:
    _metrics.pop(code, None)


def get(code: str) -> Metric:
    try:
        return _metrics[code]
    except KeyError:
        raise UnknownMetric(f"There is no metric with the code “{code}”.") from None


def is_registered(code: str) -> bool:
    return code in _metrics


def all_metrics() -> list[Metric]:
    return sorted(_metrics.values(), key=lambda metric: metric.code)


def all_breakdowns() -> list[str]:
    """Every breakdown name some metric supports, for forms."""
    return sorted({name for metric in _metrics.values() for name in metric.breakdowns})


@contextmanager
def registered(*metrics: Metric) -> Iterator[tuple[Metric, ...]]:
    """Register metrics for the length of a `with` block (tests), then remove them."""
    added: list[str] = []
    try:
        for metric in metrics:
            register(metric)
            added.append(metric.code)
        yield metrics
    finally:
        for code in added:
            unregister(code)
