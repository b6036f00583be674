"""A series as plain data, published (disclosure control) or not: for the API, the exports and
the yearly report's sections.

Only a metric flagged `disclosive` (it counts children, families, practitioners or cases) is
ever suppressed; every other figure is shown as it is, published or not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from safeguarding.core.years import ReportingYear
from safeguarding.metrics.disclosure import Count, DisclosedTable, disclose
from safeguarding.metrics.registry import Unit
from safeguarding.metrics.selectors import TOTAL, Series

#: The report table's row for the part of a total its breakdown does not account for.
NOT_BROKEN_DOWN = "\x00not-broken-down"
NOT_BROKEN_DOWN_LABEL = "Not broken down"
NO_VALUE = "–"


def disclosed(series: Series, *, published: bool) -> DisclosedTable:
    """The series' table, suppressed when published and the metric is disclosive."""
    table = series.counts_table()
    restricted = not published or not series.metric.disclosive
    total_row = TOTAL if TOTAL in series.keys and len(series.keys) > 1 else None
    return disclose(table, total_row=total_row, restricted=restricted)


def formatted(value: object, unit: str) -> str:
    """12,345 for counts and numbers, £195,500 (or £47,300.50) for money, 92.5% for percentages;
    a hidden count (the disclosure symbol) as it is; an empty cell as a dash."""
    if value is None or value == "":
        return NO_VALUE
    if not isinstance(value, int | Decimal):
        return str(value)
    if unit == Unit.MONEY:
        whole = value == int(value)
        return f"£{value:,.0f}" if whole else f"£{value:,.2f}"
    text = f"{value:,}"
    return f"{text}%" if unit == Unit.PERCENT else text


# The API and the exports


def series_as_json(series: Series, *, published: bool) -> dict[str, Any]:
    shown = disclosed(series, published=published)
    rows = [
        {
            "key": row.key,
            "label": row.label,
            "cells": [
                {
                    "year": cell.year.label,
                    "value": _json(shown.shown(row.key, cell.year.label)),
                    "origin": str(cell.origin) if cell.origin else None,
                    "source": cell.source,
                }
                for cell in row.cells
            ],
        }
        for row in series.rows
    ]
    return {
        "metric": series.metric.code,
        "label": series.metric.label,
        "unit": str(series.metric.unit),
        "breakdown": series.breakdown,
        "published": published,
        "years": [year.label for year in series.years],
        "rows": rows,
        "conflicts": [] if published else _conflicts(series),
    }


def _conflicts(series: Series) -> list[dict[str, Any]]:
    return [
        {
            "year": cell.year.label,
            "key": cell.key,
            "computed": _json(cell.conflict.computed),
            "entered": _json(cell.conflict.entered),
            "source": cell.conflict.source,
        }
        for cell in series.conflicts
        if cell.conflict is not None
    ]


def _json(value: Count | str) -> Any:
    """Whole numbers as numbers; other decimals as strings, as DRF sends them."""
    return str(value) if isinstance(value, Decimal) else value


# The yearly report


@dataclass(frozen=True)
class PublishedSeries:
    """A series as the published report shows it: the tables, charts and totals a report section
    puts in its data, with disclosure control applied (see `as_published`)."""

    series: Series
    shown: DisclosedTable
    keys: tuple[str, ...]  # the rows: breakdown values, then NOT_BROKEN_DOWN, then TOTAL

    def value(self, year: ReportingYear, key: str = TOTAL) -> Count | str:
        """The figure as published: the disclosure symbol when it is hidden."""
        return self.shown.shown(key, year.label)

    def percentage(self, year: ReportingYear, key: str, *, places: int = 0) -> str:
        """`key`'s share of the year's total, like "40%"; the symbol when either count is hidden."""
        share = self.shown.percentage(key, year.label, of=(TOTAL, year.label), places=places)
        return share if isinstance(share, str) else formatted(share, Unit.PERCENT)

    def in_order(self, keys: Sequence[str], *, zeros: bool = True) -> PublishedSeries:
        """The series with its rows in this order (a choice's order, not alphabetical), then any
        part not broken down and the total; with `zeros` False, a part with no count in the last
        year is left out."""
        last = self.series.years[-1]
        parts = [k for k in keys if k in self.keys and (zeros or self.series.value(last, k))]
        rest = [key for key in (NOT_BROKEN_DOWN, TOTAL) if key in self.keys]
        return dataclasses.replace(self, keys=(*parts, *rest))

    def totals(self, *, until: ReportingYear | None = None) -> list[tuple[str, int | str]]:
        """(year, total) for each year that has one, oldest first, up to `until` (default: all),
        for `reports.sentences.compare`. A hidden total is the symbol: a count from 1 to the
        threshold (counts only)."""
        years = [y for y in self.series.years if until is None or y <= until]
        shown = [(year.label, self.value(year)) for year in years]
        return [(label, _whole(value)) for label, value in shown if value is not None]

    def table(
        self, caption: str, *, year: ReportingYear | None = None, shares: bool = False
    ) -> dict[str, Any]:
        """A report table (`{"caption", "columns", "rows"}`, every cell a str).

        - No breakdown: a row per year ("Year", the metric's label).
        - A breakdown: a row per breakdown value then the total, a column per year; with `year`,
          that year's column only, and with `shares` a "% of total" column beside it.
        """
        if shares and (year is None or not self.series.breakdown):
            raise ValueError("Shares of the total need a breakdown and one year.")
        if not self.series.breakdown:
            return self._years_table(caption, year)
        years = [year] if year else list(self.series.years)
        columns = [self._heading, *(y.label for y in years), *(["% of total"] if shares else [])]
        rows = [
            [self._label(key), *self._cells(key, years), *self._shares(key, years, shares)]
            for key in self.keys
            if any(self.value(y, key) is not None for y in years)
        ]
        return {"caption": caption, "columns": columns, "rows": rows}

    def chart(self, title: str, *, year: ReportingYear | None = None) -> dict[str, Any]:
        """A report chart (`{"title", "points"}`): one bar per year (the totals), or with `year`
        one bar per breakdown value that year. A hidden value's point carries the symbol, so no
        bar is drawn for it and its data table shows the symbol."""
        if year is None:
            points = [(y.label, self.value(y)) for y in self.series.years]
        else:
            points = [(self._label(k), self.value(year, k)) for k in self.keys if k != TOTAL]
        return {
            "title": title,
            "points": [[label, _json(value)] for label, value in points if value is not None],
        }

    @property
    def _heading(self) -> str:
        return (self.series.breakdown or "year").replace("_", " ").capitalize()

    def _label(self, key: str) -> str:
        return {TOTAL: "Total", NOT_BROKEN_DOWN: NOT_BROKEN_DOWN_LABEL}.get(key, key)

    def _cells(self, key: str, years: list[ReportingYear]) -> list[str]:
        return [formatted(self.value(year, key), self.series.metric.unit) for year in years]

    def _shares(self, key: str, years: list[ReportingYear], shares: bool) -> list[str]:
        return [self.percentage(years[0], key)] if shares else []

    def _years_table(self, caption: str, year: ReportingYear | None) -> dict[str, Any]:
        years = [year] if year else self.series.years
        rows = [
            [y.label, formatted(self.value(y), self.series.metric.unit)]
            for y in years
            if self.value(y) is not None
        ]
        return {"caption": caption, "columns": ["Year", self.series.metric.label], "rows": rows}


def as_published(series: Series) -> PublishedSeries:
    """The series as a published output shows it, for a yearly-report section.

    A breakdown's table gets a total row (the total held, else the sum of the parts) and, for a
    disclosive metric, a "Not broken down" row where the parts fall short of the total, so that
    every line adds up. Disclosure control then hides small counts, the cells that would give
    them away from the total, and any percentage of a hidden count (docs/metrics.md).
    """
    table = _report_counts(series)
    total_row = TOTAL if len(table) > 1 else None
    shown = disclose(table, total_row=total_row, restricted=not series.metric.disclosive)
    return PublishedSeries(series, shown, tuple(table))


def _report_counts(series: Series) -> dict[str, dict[str, Count]]:
    parts = [key for key in series.keys if key != TOTAL]
    table: dict[str, dict[str, Count]] = {
        key: {year.label: series.value(year, key) for year in series.years} for key in parts
    }
    if parts and series.metric.disclosive:
        rest = {year.label: _not_broken_down(series, year, parts) for year in series.years}
        if any(value is not None for value in rest.values()):
            table[NOT_BROKEN_DOWN] = rest
    table[TOTAL] = {year.label: series.total_for(year) for year in series.years}
    return table


def _not_broken_down(series: Series, year: ReportingYear, parts: list[str]) -> Count:
    """What the year's total holds beyond its known parts; None when nothing (or no parts)."""
    known = [value for key in parts if (value := series.value(year, key)) is not None]
    total = series.value(year)
    if total is None or not known:
        return None
    rest = total - sum(known, start=0)
    return rest if rest > 0 else None


def _whole(value: Count | str) -> int | str:
    return value if isinstance(value, str) else int(value or 0)
