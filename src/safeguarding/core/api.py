"""Partnerships and agencies endpoints (completed by the API work)."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    return None
