"""The partnership dashboard: which metrics it shows, and how, and the data of each panel.

An app adds panels from its own `metrics.py`, beside the metrics they show:

    register_panel(Panel(code="attendance", metric="governance.attendance",
                         title="Attendance at meetings", breakdown="agency"))

A panel is shown only while its metric is registered, so the dashboard works for any set of
metrics and for none. Every figure is read through `metrics.selectors.series`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import registry
from safeguarding.metrics.disclosure import Count, DisclosedTable, threshold_of
from safeguarding.metrics.presenting import disclosed
from safeguarding.metrics.registry import Metric, Value
from safeguarding.metrics.selectors import TOTAL, Conflict, Origin, Series, series

PANEL_CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEFAULT_YEARS = 5


class ChartKind(StrEnum):
    YEARS = "years"  # one bar per year: the total
    BREAKDOWN = "breakdown"  # one bar per breakdown value, in the chosen year


class UnknownPanel(LookupError):
    pass


@dataclass(frozen=True)
class Panel:
    code: str  # lower case with hyphens; names the downloads: /<partnership>/dashboard/<code>.csv
    metric: str  # the metric's code
    title: str
    years: int = DEFAULT_YEARS  # how many reporting years, ending with the chosen one
    breakdown: str | None = None  # rows of the data table; None: the total only
    chart: ChartKind = ChartKind.YEARS
    order: int = 100

    def __post_init__(self) -> None:
        if not PANEL_CODE.match(self.code):
            raise ValueError(f"Panel code “{self.code}” must be lower case with hyphens.")
        if self.years < 1:
            raise ValueError("A panel shows at least one year.")
        object.__setattr__(self, "chart", ChartKind(self.chart))
        if self.chart == ChartKind.BREAKDOWN and not self.breakdown:
            raise ValueError(f"Panel “{self.code}” charts a breakdown but names none.")

    def years_to(self, year: ReportingYear) -> list[ReportingYear]:
        return [year.previous(count) for count in reversed(range(self.years))]


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> Panel:
    """Add a panel; a second panel with the same code is refused."""
    if panel.code in _panels:
        raise ValueError(f"A dashboard panel with the code “{panel.code}” is already registered.")
    _panels[panel.code] = panel
    return panel


def unregister_panel(code: str) -> None:
    _panels.pop(code, None)


def shown_panels() -> list[Panel]:
    """The panels whose metric is registered, in order."""
    panels = [panel for panel in _panels.values() if registry.is_registered(panel.metric)]
    return sorted(panels, key=lambda panel: (panel.order, panel.code))


def get_panel(code: str) -> Panel:
    panel = _panels.get(code)
    if panel is None or not registry.is_registered(panel.metric):
        raise UnknownPanel(f"There is no dashboard panel “{code}”.")
    return panel


@contextmanager
def registered_panels(*panels: Panel) -> Iterator[tuple[Panel, ...]]:
    """Register panels for the length of a `with` block (tests), then remove them."""
    added: list[str] = []
    try:
        for panel in panels:
            register_panel(panel)
            added.append(panel.code)
        yield panels
    finally:
        for code in added:
            unregister_panel(code)


# The data of a panel


@dataclass(frozen=True)
class TableCell:
    value: Count | str  # the symbol when disclosure control hides it
    entered: bool = False  # typed in from a source rather than computed from records
    source: str = ""
    conflict: Conflict | None = None


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class PanelData:
    panel: Panel
    year: ReportingYear
    series: Series
    rows: list[TableRow]
    published: bool
    partnership_slug: str
    shown: DisclosedTable  # the series' table as the panel shows it (true or published)

    @property
    def metric(self) -> Metric:
        return self.series.metric

    @property
    def years(self) -> tuple[ReportingYear, ...]:
        return self.series.years

    @property
    def row_heading(self) -> str:
        return (self.panel.breakdown or "figure").replace("_", " ").capitalize()

    @property
    def has_entered(self) -> bool:
        return any(cell.entered for row in self.rows for cell in row.cells)

    @property
    def conflicts(self) -> list[tuple[str, str, Conflict]]:
        """(year, row label, conflict) for each cell where records and an entered figure differ."""
        return [
            (year.label, row.label, cell.conflict)
            for row in self.rows
            for year, cell in zip(self.years, row.cells, strict=True)
            if cell.conflict is not None
        ]

    @property
    def chart(self) -> dict[str, Any]:
        """What `core.charts` draws: a title and (label, value) points with a value (published,
        the disclosure symbol for a hidden one: no bar is drawn)."""
        return {"title": self.panel.title, "points": _points(self)}

    def filename(self, extension: str) -> str:
        first, last = self.years[0].label, self.years[-1].label
        published = "-published" if self.published else ""
        slug = self.partnership_slug
        return f"{slug}-{self.panel.code}-{first}-to-{last}{published}.{extension}"


def panel_data(
    panel: Panel, *, partnership: Partnership, year: ReportingYear, published: bool = False
) -> PanelData:
    """The panel's series and table; true values, or as published (disclosure control)."""
    found = series(
        panel.metric, partnership=partnership, years=panel.years_to(year), breakdown=panel.breakdown
    )
    with threshold_of(partnership):
        shown = disclosed(found, published=published)
    rows = _rows(found, shown, published)
    return PanelData(panel, year, found, rows, published, partnership.slug, shown)


def published_for(panel: Panel, roles: frozenset[str], *, asked: bool = False) -> bool:
    """Whether the panel is shown as published: when asked, or when its figure is restricted to
    roles (the LADO's, the CDOP's) the member does not hold."""
    return asked or not registry.get(panel.metric).true_values_for(roles)


def dashboard_for(
    partnership: Partnership, year: ReportingYear, roles: frozenset[str]
) -> list[PanelData]:
    """Every shown panel for the year ending the dashboard: true values (members only), except a
    restricted figure for a member without its role, which is shown as published."""
    return [
        panel_data(panel, partnership=partnership, year=year, published=published_for(panel, roles))
        for panel in shown_panels()
    ]


def _rows(found: Series, shown: DisclosedTable, published: bool) -> list[TableRow]:
    return [
        TableRow(
            _label(found, row.key),
            tuple(
                TableCell(
                    shown.shown(row.key, cell.year.label),
                    entered=cell.origin == Origin.ENTERED,
                    source=cell.source,
                    conflict=None if published else cell.conflict,
                )
                for cell in row.cells
            ),
        )
        for row in found.rows
    ]


def _label(found: Series, key: str) -> str:
    if key != TOTAL:
        return key
    return "Total" if found.breakdown else found.metric.label


def _points(data: PanelData) -> list[tuple[str, Value | str]]:
    """The chart's bars; published, a hidden count's bar carries the symbol and is not drawn."""
    found, column, shown = data.series, data.year.label, data.shown
    if data.panel.chart == ChartKind.BREAKDOWN:
        keys = [key for key in found.keys if key != TOTAL]
        bars = [(k, found.value(data.year, k), shown.is_suppressed(k, column)) for k in keys]
    else:
        bars = [(y.label, found.total_for(y), _total_hidden(found, shown, y)) for y in found.years]
    return [
        (label, shown.symbol if hidden else value)
        for label, value, hidden in bars
        if value is not None
    ]


def _total_hidden(found: Series, shown: DisclosedTable, year: ReportingYear) -> bool:
    """A total the series holds is hidden as disclosed; a sum of the parts with any part."""
    keys = [TOTAL] if found.value(year) is not None else found.keys
    return any(shown.is_suppressed(key, year.label) for key in keys)
