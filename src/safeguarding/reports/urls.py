"""URLs of the reports app (filled in as its pages land)."""

from django.urls import URLPattern

app_name = "reports"

urlpatterns: list[URLPattern] = []
