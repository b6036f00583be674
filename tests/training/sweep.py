"""The training pages in the access sweep (tests/test_access_sweep.py): the booking pages
(tests/training/sweep_booking.py) and the evaluation, figures and records pages
(tests/training/sweep_records.py)."""

from __future__ import annotations

from typing import Any

from tests.sweep import Route
from tests.training import sweep_booking, sweep_records

ROUTES: dict[str, Route] = {**sweep_booking.ROUTES, **sweep_records.ROUTES}


def records(world: dict[str, Any]) -> dict[str, Any]:
    return {**sweep_booking.records(world), **sweep_records.records(world)}
