"""URLs of the metrics app (filled in as its pages land)."""

from django.urls import URLPattern

app_name = "metrics"

urlpatterns: list[URLPattern] = []
