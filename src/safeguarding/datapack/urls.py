"""URLs of the datapack app (filled in as its pages land)."""

from django.urls import URLPattern

app_name = "datapack"

urlpatterns: list[URLPattern] = []
