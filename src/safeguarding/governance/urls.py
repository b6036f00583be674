"""URLs of the governance app (filled in as its pages land)."""

from django.urls import URLPattern

app_name = "governance"

urlpatterns: list[URLPattern] = []
