"""A series as plain data for the API and exports, published (disclosure control) or not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from safeguarding.metrics.disclosure import Count, DisclosedTable, disclose
from safeguarding.metrics.registry import Unit
from safeguarding.metrics.selectors import TOTAL, Series


def disclosed(series: Series, *, published: bool) -> DisclosedTable:
    """The series' table, suppressed when published and the metric counts something."""
    table = series.counts_table()
    restricted = not published or series.metric.unit != Unit.COUNT
    total_row = TOTAL if TOTAL in series.keys and len(series.keys) > 1 else None
    return disclose(table, total_row=total_row, restricted=restricted)


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
