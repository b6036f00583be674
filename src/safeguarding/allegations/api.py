"""The allegations endpoints (listed in api/registry.py)."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    pass
