"""Training routes in the access sweep (filled in as the pages land)."""

from __future__ import annotations

from typing import Any

from tests.sweep import Route

ROUTES: dict[str, Route] = {}


def records(world: dict[str, Any]) -> dict[str, Any]:
    return {}
